"""Find the files to import, tell what they are, and fingerprint them.

:func:`discover` turns the paths a user typed into the files to read: files given directly are
kept whatever their name (so that a wrong file can be reported as bad input), folders are walked
in sorted order for ``.pdf``, ``.txt`` and ``.zip`` files and for files of any other name whose
content starts as a PDF does. :func:`discover_inputs` goes one step further and opens the zips
(nested ones too, see :mod:`registre.ingest.zips`): each :class:`Input` is a file on disk or the
bytes of a zip member, or a refusal with its reason (unsafe member path, zip bomb).
:func:`sniff_kind` decides what a file is from its first bytes, never from its name, and
:func:`sha256_file` gives the identity under which the archive stores it.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from registre.errors import BadInputError
from registre.ingest import zips

log = logging.getLogger(__name__)

CHUNK_SIZE = 1 << 20  # 1 MiB
SNIFF_HEAD = 1024  # "%PDF-" must appear within the first KiB, as PDF readers accept it
SNIFF_TEXT_SAMPLE = 64 * 1024
DEFAULT_MIN_LETTERS = 20  # a file without a .txt name is "clearly text" from this many letters
DEFAULT_MIN_LETTER_SHARE = 0.3
DEFAULT_MAX_CONTROL_SHARE = 0.01  # more control characters than this is binary, not text

ACCEPTED_SUFFIXES = frozenset({".pdf", ".txt"})
# Control characters other than \t \n \r \f, C1 controls, surrogates, private use, non-characters.
_NON_TEXT_CHARS = re.compile(
    r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffe\uffff]"
)
_KNOWN_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"{\\rtf", "an RTF document"),
)


@dataclass(frozen=True)
class Input:
    """One file to import: a file on disk, the bytes of a zip member, or a refusal.

    Attributes:
        name: the file as the user sees it (``a.zip!/x.pdf`` for a zip member).
        path: the file on disk, for a file on disk.
        data: the member's bytes, for a zip member.
        refused: why the input cannot be imported (unsafe zip path, zip bomb, bad zip).
    """

    name: str
    path: Path | None = None
    data: bytes | None = None
    refused: str | None = None

    def sha256(self) -> str:
        """The input's SHA-256 (streamed from disk for a file).

        Raises:
            BadInputError: the file cannot be read.
        """
        if self.data is not None:
            return hashlib.sha256(self.data).hexdigest()
        if self.path is None:
            raise BadInputError(f"{self.name}: nothing to read")
        return sha256_file(self.path)


def sha256_file(path: Path) -> str:
    """Hash a file without loading it whole.

    Args:
        path: file to hash.

    Returns:
        The lowercase hexadecimal SHA-256 of the file's bytes.

    Raises:
        BadInputError: the file cannot be read.
    """
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            while chunk := f.read(CHUNK_SIZE):
                digest.update(chunk)
    except OSError as e:
        raise BadInputError(f"{path}: cannot read file ({e.strerror or e})") from e
    return digest.hexdigest()


def sniff_kind(path: Path) -> Literal["pdf", "txt"]:
    """Tell a PDF from a text file by content, not by name.

    A file with ``%PDF-`` in its first KiB is a PDF. Otherwise it is text when it decodes as
    UTF-8 (BOM allowed) or Windows-1252/Latin-1 without control characters other than tab,
    newline, carriage return and form feed, and either has a ``.txt`` name or clearly holds
    prose (enough letters).

    Args:
        path: the file to look at.

    Returns:
        ``"pdf"`` or ``"txt"``.

    Raises:
        BadInputError: the file is empty, unreadable, or neither a PDF nor text.
    """
    try:
        with path.open("rb") as f:
            sample = f.read(SNIFF_TEXT_SAMPLE)
    except OSError as e:
        raise BadInputError(f"{path}: cannot read file ({e.strerror or e})") from e
    if not sample:
        raise BadInputError(f"{path}: empty file")
    if b"%PDF-" in sample[:SNIFF_HEAD]:
        return "pdf"
    text = _decode_sample(sample)
    if text is not None and (path.suffix.lower() == ".txt" or _is_prose(text)):
        return "txt"
    raise BadInputError(f"{path}: not a PDF or text file ({_describe_head(sample)})")


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand the paths a user gave into the files to import.

    Files given directly are yielded as they are, whatever their extension. Folders are walked
    recursively in sorted order; hidden entries (name starting with ``.``) and temporary files
    (``~$*``, ``*.tmp``, ``*~``) are skipped; ``.pdf``, ``.txt`` and ``.zip`` files (any case)
    are kept, and files of other names only when their content starts as a PDF's does. A
    folder reached twice through symbolic links is walked once.

    Args:
        paths: files and folders, in the order the user gave them.

    Yields:
        Paths of files to read, in a stable order.

    Raises:
        BadInputError: a given path does not exist.
    """
    seen_dirs: set[Path] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _walk(path, seen_dirs)
        elif path.exists():
            yield path
        else:
            raise BadInputError(f"{path}: no such file or folder")


def discover_inputs(paths: Iterable[Path]) -> Iterator[Input]:
    """Expand the paths a user gave into inputs: files, and the members of zip archives.

    Args:
        paths: files and folders, in the order the user gave them.

    Yields:
        :class:`Input` objects in a stable order; a zip's members follow the zip's own order.

    Raises:
        BadInputError: a given path does not exist.
    """
    yield from expand_files(discover(paths))


def expand_files(files: Iterable[Path]) -> Iterator[Input]:
    """Map files found by :func:`discover` to the inputs they hold (a zip: its members).

    Args:
        files: as :func:`discover` yields them.

    Yields:
        :class:`Input` objects, in order.
    """
    for path in files:
        yield from _expand_file(path)


def count_inputs(files: Iterable[Path]) -> int:
    """Count the inputs that files found by :func:`discover` hold, cheaply (for progress).

    Args:
        files: as :func:`discover` yields them.

    Returns:
        One per file, the entries of a zip's central directory for a zip (a zip nested in it
        counts as one).
    """
    return sum(zips.count_members(p) if zips.is_zip_name(p.name) else 1 for p in files)


def is_candidate_name(name: str) -> bool:
    """Say whether a file met while walking a folder is one to import.

    Args:
        name: the file's name (no folder part).

    Returns:
        True for visible, non-temporary ``.pdf`` and ``.txt`` files.
    """
    if _is_hidden_or_temp(name):
        return False
    return Path(name).suffix.lower() in ACCEPTED_SUFFIXES


def _is_hidden_or_temp(name: str) -> bool:
    lower = name.lower()
    return name.startswith((".", "~$")) or name.endswith("~") or lower.endswith(".tmp")


def _walk(folder: Path, seen_dirs: set[Path]) -> Iterator[Path]:
    """Yield candidate files under ``folder``, depth first, entries sorted by name."""
    try:
        real = folder.resolve()
    except OSError as e:  # a symlink loop can make resolve() itself fail
        log.warning("skipping %s: %s", folder, e)
        return
    if real in seen_dirs:
        log.debug("skipping %s: already walked (symbolic link)", folder)
        return
    seen_dirs.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        raise BadInputError(f"{folder}: cannot list folder ({e.strerror or e})") from e
    for entry in entries:
        if _is_hidden_or_temp(entry.name):
            continue
        path = Path(entry.path)
        if _is_dir(entry):
            yield from _walk(path, seen_dirs)
        elif _is_file(entry) and _is_wanted(path):
            yield path


def _is_wanted(path: Path) -> bool:
    """A file met in a folder is taken for its name, or else for its content (a PDF)."""
    return is_candidate_name(path.name) or zips.is_zip_name(path.name) or _starts_as_pdf(path)


def _starts_as_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return b"%PDF-" in f.read(SNIFF_HEAD)
    except OSError:
        return False


def _expand_file(path: Path) -> Iterator[Input]:
    """Map a found file to the inputs it holds: itself, or the members of a zip."""
    if not zips.is_zip_name(path.name):
        yield Input(str(path), path=path)
        return
    for member in zips.read_zip(path, wanted=is_candidate_name, hidden=_is_hidden_or_temp):
        yield Input(member.name, data=member.data, refused=member.refused)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()  # follows symlinks; a dangling link is not a file
    except OSError:
        return False


def _decode_sample(sample: bytes) -> str | None:
    """Decode the start of a file as text, or return None when it is not text."""
    complete = len(sample) < SNIFF_TEXT_SAMPLE
    # A full sample may end inside a multi-byte character: decode only what is complete.
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    try:
        text = decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        text = None
    if text is not None and _is_clean(text):
        return text
    for encoding in ("cp1252", "latin-1"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _is_clean(text):
            return text
    return None


def _is_clean(text: str) -> bool:
    """Text, not binary: stray control characters (a bell left by a word processor) are rare."""
    return len(_NON_TEXT_CHARS.findall(text)) <= DEFAULT_MAX_CONTROL_SHARE * len(text)


def _is_prose(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    visible = sum(not ch.isspace() for ch in text)
    return letters >= DEFAULT_MIN_LETTERS and letters >= DEFAULT_MIN_LETTER_SHARE * visible


def _describe_head(sample: bytes) -> str:
    head = sample[:16]
    for magic, what in _KNOWN_MAGIC:
        if sample.startswith(magic):
            return f"starts with {head!r}: {what}"
    return f"starts with {head!r}"
