"""Plain-text inputs (as left by another OCR system or by pdftotext) and text normalisation.

A ``.txt`` file is decoded as UTF-8 (a byte-order mark is dropped); a file that is not valid
UTF-8 is decoded as Windows-1252, the usual encoding of older French office files, and every
page says so in its note. Form feeds (``\\f``, as pdftotext writes them) separate pages.

:func:`normalise_text` is also what ``ingest.pdf`` applies to the text of each PDF page, so
that every page leaving ``ingest`` has the same shape: NFC, ``\\n`` line ends, no soft hyphen,
no NUL, no trailing spaces.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from registre.errors import BadInputError
from registre.model import Page

NOTE_CP1252 = "decoded as Windows-1252 (the file is not valid UTF-8)"

# Characters that carry no text: soft hyphen, zero-width space/joiners, byte-order mark, and
# control characters other than tab, newline, carriage return and form feed.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
_PDFIUM_HYPHENS = ("\x02", "\ufffe")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
# Symbol/Wingdings glyphs (private use U+F0xx) opening a line are list bullets.
_SYMBOL_BULLET = re.compile(r"^([ \t]*)[\uf000-\uf0ff]", re.MULTILINE)


def normalise_text(text: str) -> str:
    """Bring a page's text into the one shape every stage expects.

    Removes soft hyphens, zero-width and control characters (NUL, bell…), turns ``\\r\\n`` and ``\\r`` into
    ``\\n``, composes accents (NFC; accents are kept), writes a Symbol-font bullet opening a
    line as "•", and strips trailing spaces on each line.

    Args:
        text: raw text of one page.

    Returns:
        The normalised text (form feeds are left alone; callers split on them first).
    """
    for mark in _PDFIUM_HYPHENS:  # pdfium's marks for a hyphen ending a line: plain hyphens
        if mark in text:
            text = text.replace(mark, "-")
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _SYMBOL_BULLET.sub("\\1•", text)
    return _TRAILING_SPACE.sub("", text)


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode the bytes of a text file: UTF-8 (BOM dropped), else Windows-1252.

    Args:
        data: the whole file.

    Returns:
        ``(text, note)`` where ``note`` is ``None`` for UTF-8 and :data:`NOTE_CP1252` when the
        fallback was used. Bytes that Windows-1252 leaves undefined are read as Latin-1.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), NOTE_CP1252
    except UnicodeDecodeError:
        return data.decode("latin-1"), NOTE_CP1252


def read_text_pages(path: Path) -> list[Page]:
    """Read a plain-text file as pages.

    Args:
        path: the ``.txt`` file.

    Returns:
        One :class:`Page` per form-feed-separated part (one page when there is no form feed),
        numbered from 1, ``source="text"``. A trailing empty part (pdftotext ends its output
        with a form feed) is not a page.

    Raises:
        BadInputError: the file cannot be read.
    """
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BadInputError(f"{path}: cannot read file ({e.strerror or e})") from e
    text, note = decode_text(data)
    parts = text.split("\f")
    while len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return [
        Page(number=i, text=normalise_text(part).strip("\n"), source="text", note=note)
        for i, part in enumerate(parts, start=1)
    ]
