"""The one wrapper around pypdfium2: a PDF file -> its pages' text, in reading order.

Each page's text layer is read through the geometric column split of ``ingest.layout``: pdfium
reports the boxes of the text runs, layout orders them (a left sidebar becomes its own block,
whatever order the content stream used), and the text is read back box by box. Lines are joined
with ``\\n``, blocks with ``\\n\\n``.

A page is handed on as unread (``source="none"``) when it has no text layer, when its text
layer is only whitespace, or when it is a scan whose text layer holds only a few words or a
préfecture stamp ("Envoyé en préfecture le …", "ID : 0…-DE") over a full-page image; in that
last case the stamp text is kept in the page, since it dates the act. A page with nothing drawn
on it at all is unread too, with the note ``NOTE_EMPTY`` (there is nothing for OCR to read).

Errors that concern the whole file (damaged, encrypted, no page) raise :class:`BadInputError`;
a single page that pdfium cannot load is marked unread with the reason in its note.
"""

from __future__ import annotations

import ctypes
import logging
import re
import unicodedata
from collections.abc import Callable
from itertools import islice
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from registre.errors import BadInputError
from registre.ingest.layout import Box, order_page, query_boxes
from registre.ingest.text import normalise_text
from registre.model import Page

log = logging.getLogger(__name__)

NOTE_NO_TEXT = "no text layer"
NOTE_EMPTY = "empty page"
NOTE_SCANNED = "scanned page (the text layer holds only a stamp or a few words)"
NOTE_PAGE_ERROR = "page could not be read"

DEFAULT_MIN_LETTERS = 20  # fewer letters than this is no usable text
DEFAULT_MAX_BAD_SHARE = 0.1  # replacement, private-use, control characters among visible ones
DEFAULT_MIN_VOWEL_SHARE = 0.5  # share of words with a vowel below which glyphs are garbage
DEFAULT_SCAN_IMAGE_SHARE = 0.5  # images covering this much of a page make it a scan...
DEFAULT_SCAN_MAX_LETTERS = 100  # ...when its text (stamp left out) has fewer letters than this

_PDFIUM_ERRORS = {
    pdfium_c.FPDF_ERR_FILE: "file cannot be opened",
    pdfium_c.FPDF_ERR_FORMAT: "not in PDF format or damaged",
    pdfium_c.FPDF_ERR_SECURITY: "unsupported security handler",
    pdfium_c.FPDF_ERR_PAGE: "page tree damaged",
}
# The lines of the @ctes transmission stamp printed over acts sent to the préfecture.
_STAMP_LINE = re.compile(
    r"^\s*(?:envoy[ée]e? en pr[ée]fecture|re[çc]ue? en pr[ée]fecture|publi[ée]e?\b|"
    r"affich[ée]e?\b|accus[ée] de r[ée]ception|date de (?:t[ée]l[ée])?transmission|"
    r"date de r[ée]ception|id\s*:|s²lo|\d{3}-\d{9}-)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿœæ")
_BAD_CATEGORIES = frozenset({"Co", "Cn", "Cc", "Cs"})
# Visible characters that may be in _BAD_CATEGORIES: printable ASCII and Latin-1 never are
# (``\s`` matches exactly what ``str.isspace`` calls whitespace).
_RARE = re.compile(r"[^\x21-\x7e\xa1-\xff\s]")


def read_pdf_pages(path: Path) -> list[Page]:
    """Read every page of a PDF: its text in reading order, or why it was left unread.

    Args:
        path: the PDF file.

    Returns:
        One :class:`Page` per page, numbered from 1: ``source="text"`` with the text layer in
        reading order, or ``source="none"`` with a note (no text layer, scanned page, page
        that pdfium could not load).

    Raises:
        BadInputError: the file is damaged, encrypted with a password, or has no page.
    """
    pdf = _open(path)
    try:
        if len(pdf) == 0:
            raise BadInputError(f"{path}: PDF has no pages")
        return [_read_page(pdf, index, path) for index in range(len(pdf))]
    finally:
        pdf.close()


def is_unusable_text(text: str) -> bool:
    """Say whether a page's text layer is no real text (so the page should be OCRed).

    Args:
        text: the page's text.

    Returns:
        True when it has fewer than ``DEFAULT_MIN_LETTERS`` letters, when more than
        ``DEFAULT_MAX_BAD_SHARE`` of its visible characters are replacement, private-use or
        control characters (fonts without a Unicode map), or when most of its words have no
        vowel (glyphs mapped to the wrong letters).
    """
    # Counted by C loops (str methods, regular expressions), not a Python loop over every
    # character: this runs on every page read. Letters are never whitespace, so they are
    # counted over the whole text, and only up to the threshold.
    if next(islice(filter(str.isalpha, text), DEFAULT_MIN_LETTERS - 1, None), None) is None:
        return True
    visible = sum(map(len, text.split()))  # characters that are not whitespace
    bad = sum(ch == "\ufffd" or unicodedata.category(ch) in _BAD_CATEGORIES for ch in _RARE.findall(text))
    if bad > DEFAULT_MAX_BAD_SHARE * visible:
        return True
    words = _WORD.findall(text)
    with_vowel = sum(not _VOWELS.isdisjoint(word.lower()) for word in words)
    return with_vowel < DEFAULT_MIN_VOWEL_SHARE * len(words)


def strip_stamp_lines(text: str) -> str:
    """Remove the lines of a préfecture (@ctes) stamp from a page's text.

    Args:
        text: the page's text.

    Returns:
        The text without the lines "Envoyé en préfecture le …", "Reçu en préfecture le …",
        "Publié le …", "Affiché le …", "ID : …".
    """
    return "\n".join(line for line in text.split("\n") if not _STAMP_LINE.match(line))


def is_stamp_only(text: str) -> bool:
    """Say whether a page's text is a préfecture stamp and (almost) nothing else.

    Args:
        text: the page's text.

    Returns:
        True when the text has stamp lines and what remains has no usable text.
    """
    rest = strip_stamp_lines(text)
    return rest != text.strip("\n") and is_unusable_text(rest)


def _open(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with pdfium, turning its errors into a one-line reason."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if e.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise BadInputError(f"{path}: encrypted PDF (password required)") from e
        if _has_no_pages(path):  # pdfium refuses an empty page tree as it refuses damage
            raise BadInputError(f"{path}: PDF has no pages") from e
        reason = _PDFIUM_ERRORS.get(e.err_code, "cannot load the document")
        raise BadInputError(f"{path}: damaged PDF (pdfium: {reason})") from e
    except OSError as e:
        raise BadInputError(f"{path}: cannot read file ({e.strerror or e})") from e


def _has_no_pages(path: Path) -> bool:
    """Ask a second parser (pikepdf/qpdf) whether a PDF pdfium refused is merely empty."""
    try:
        import pikepdf
    except ImportError:
        return False
    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages) == 0
    except (pikepdf.PdfError, OSError, ValueError):
        return False  # unreadable here too: the caller reports a damaged PDF


def _read_page(pdf: pdfium.PdfDocument, index: int, path: Path) -> Page:
    """Read one page; a page pdfium cannot load is marked unread, the others go on."""
    number = index + 1
    try:
        page = pdf[index]
    except pdfium.PdfiumError as e:
        log.warning("%s: page %d: %s", path, number, e)
        return Page(number, "", source="none", note=f"{NOTE_PAGE_ERROR} (pdfium: {e})")
    try:
        textpage = page.get_textpage()
        try:
            return _page_from_textpage(page, textpage, number)
        finally:
            textpage.close()
    except pdfium.PdfiumError as e:
        log.warning("%s: page %d: %s", path, number, e)
        return Page(number, "", source="none", note=f"{NOTE_PAGE_ERROR} (pdfium: {e})")
    finally:
        page.close()


def _page_from_textpage(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, number: int) -> Page:
    """Classify one page and read its text layer when it has a real one."""
    if textpage.count_chars() <= 0:
        if _is_blank(page):
            return Page(number, "", source="none", note=NOTE_EMPTY)
        return Page(number, "", source="none", note=NOTE_NO_TEXT)
    text = normalise_text(extract_text(page, textpage)).strip("\n")
    if not text.strip():
        return Page(number, "", source="none", note=NOTE_NO_TEXT)
    if _is_scan(page, text):
        return Page(number, text, source="none", note=NOTE_SCANNED)
    return Page(number, text, source="text")


def _is_scan(page: pdfium.PdfPage, text: str) -> bool:
    """A few words (or a stamp) over images that cover most of the page."""
    rest = strip_stamp_lines(text)
    few_letters = sum(1 for _ in islice(filter(str.isalpha, rest), DEFAULT_SCAN_MAX_LETTERS))
    if few_letters >= DEFAULT_SCAN_MAX_LETTERS:
        return False
    return _image_share(page) >= DEFAULT_SCAN_IMAGE_SHARE


def extract_text(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> str:
    """Read a page's text layer in reading order (see ``ingest.layout``).

    Args:
        page: an open pdfium page.
        textpage: its text page.

    Returns:
        The raw text: lines joined with ``\\n``, blocks with ``\\n\\n`` (not yet normalised).
    """
    rects = _rects(textpage)
    blocks = order_page(
        rects,
        page.get_width(),
        rules=lambda: _horizontal_rules(page),
        baseline=_baseline_reader(textpage),
    )
    if blocks is None:  # mostly vertical text: the content stream's order is the better guess
        return textpage.get_text_range()
    read = _BoundedReader(textpage)
    out: list[str] = []
    for block in blocks:
        lines: list[str] = []
        for boxes in query_boxes(block):
            line = " ".join(p for p in (_flatten(read(box)) for box in boxes) if p)
            if line:
                lines.append(line)
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)


def _rects(textpage: pdfium.PdfTextPage) -> list[Box]:
    """The boxes of the page's text runs (``get_rect`` of each, four reused doubles)."""
    count = textpage.count_rects()  # raises as get_rect would have
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    get = pdfium_c.FPDFText_GetRect
    out: list[Box] = []
    for index in range(count):
        if not get(textpage, index, left, top, right, bottom):  # sic: left, top, right, bottom
            return [Box(*textpage.get_rect(k)) for k in range(count)]  # the library's error
        out.append(Box(left.value, bottom.value, right.value, top.value))
    return out


class _BoundedReader:
    """``get_text_bounded`` with one reused buffer: one pdfium call per box instead of two."""

    def __init__(self, textpage: pdfium.PdfTextPage):
        self._textpage = textpage
        self._size = 2 * textpage.count_chars() + 256
        self._buffer = (ctypes.c_ushort * self._size)()

    def __call__(self, box: Box) -> str:
        n = pdfium_c.FPDFText_GetBoundedText(
            self._textpage, box.left, box.top, box.right, box.bottom, self._buffer, self._size
        )
        if n >= self._size:  # cannot happen with this size; keep the library's own path
            return self._textpage.get_text_bounded(*box)
        text = ctypes.string_at(self._buffer, 2 * max(n, 0)).decode("utf-16-le", "ignore")
        return text.rstrip("\x00")  # the count includes the terminating NUL


def _baseline_reader(textpage: pdfium.PdfTextPage) -> Callable[[Box], float | None]:
    """Baseline (origin y) of the first character at the left edge of a box."""
    x, y = ctypes.c_double(), ctypes.c_double()

    def baseline(box: Box) -> float | None:
        index = pdfium_c.FPDFText_GetCharIndexAtPos(
            textpage, box.left + min(1.0, box.width / 2), (box.bottom + box.top) / 2,
            1.0, box.height / 2,
        )
        if index < 0 or not pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y):
            return None
        return y.value

    return baseline


def _horizontal_rules(page: pdfium.PdfPage) -> list[Box]:
    """Boxes of the page's thin horizontal paths (table borders, separators)."""
    rules: list[Box] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    stack = [(pdfium_c.FPDFPage_CountObjects(page), lambda i: pdfium_c.FPDFPage_GetObject(page, i))]
    while stack:
        count, get = stack.pop()
        for index in range(count):
            obj = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and len(stack) < 4:
                stack.append((pdfium_c.FPDFFormObj_CountObjects(obj), _form_getter(obj)))
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and pdfium_c.FPDFPageObj_GetBounds(
                obj, left, bottom, right, top
            ) and top.value - bottom.value <= 3.0 < right.value - left.value:
                rules.append(Box(left.value, bottom.value, right.value, top.value))
    return rules


def _form_getter(form: object) -> Callable[[int], object]:
    return lambda i: pdfium_c.FPDFFormObj_GetObject(form, i)


def _flatten(piece: str) -> str:
    """One segment's text on one line (pdfium breaks lines at superscripts and the like)."""
    return piece.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").strip()


def _is_blank(page: pdfium.PdfPage) -> bool:
    """No image and no drawing: nothing that OCR could read (empty text objects aside)."""
    drawn = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_SHADING)
    return next(iter(page.get_objects(filter=list(drawn), max_depth=4)), None) is None


def _image_share(page: pdfium.PdfPage) -> float:
    """Share of the page's area covered by images (capped at 1)."""
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    covered = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        w = min(right, width) - max(left, 0.0)
        h = min(top, height) - max(bottom, 0.0)
        if w > 0 and h > 0:
            covered += w * h
    return min(1.0, covered / (width * height))
