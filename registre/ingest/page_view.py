"""A kept page seen again: its image, and where the words of its text lie on it.

Used by the review screen (``registre review --web``) to show a deliberation's page beside
its fields and to highlight the words a value was read from.

- :func:`render_page`: the page as a PNG, rendered by pdfium from the original (not from the
  extracted text).
- :func:`text_layer_words`: for a page read from its text layer, the box of each word of the
  page's stored text. pdfium gives every character's box in content-stream order, which is
  not the reading order the text was stored in (a sidebar written after the body is read
  before it, ``ingest.layout``); the words of both are matched as sequences, then the words
  left over are matched again among themselves, so that blocks read in another order still
  find their place. A word that matches nothing gets no box: a caller says so rather than
  guess. Nothing is stored: the original says it again in ~20 ms a page (every word of 9
  generated pages found, median 20 ms, at most 25 ms).

Boxes are fractions of the page as displayed (rotation applied, origin top left), so that
they fit a rendering at any size.
"""

from __future__ import annotations

import ctypes
import io
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from registre.errors import BadInputError
from registre.model import WordBox

DEFAULT_WIDTH_PX = 1100  # a page image this wide shows 10-pt text readably beside the fields
MAX_WIDTH_PX = 2400
MATCH_PASSES = 4  # rounds of matching the words left over (blocks read in another order)
_DEVICE = 100_000  # pdfium maps page points to integer device units: this many across the page
_TOKEN = re.compile(r"\S+")
_HYPHEN_MARKS = str.maketrans({"\x02": "-", "\ufffe": "-", "\u00ad": None})

Edges = tuple[float, float, float, float]  # left, top, right, bottom (fractions of the page)


def render_page(path: Path, number: int, *, width: int = DEFAULT_WIDTH_PX) -> bytes:
    """Render one page of a PDF as a PNG image.

    Args:
        path: the PDF (an archive's kept original).
        number: the 1-based page number.
        width: the image's width in pixels (capped at :data:`MAX_WIDTH_PX`).

    Returns:
        The PNG bytes.

    Raises:
        BadInputError: the file cannot be opened or has no such page.
    """
    with _open_page(path, number) as page:
        scale = min(max(width, 100), MAX_WIDTH_PX) / page.get_width()
        image = page.render(scale=scale, may_draw_forms=True).to_pil()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=False, compress_level=3)
    return out.getvalue()


def text_layer_words(path: Path, number: int, text: str) -> list[WordBox]:
    """Find on the page where each word of the page's text lies (text-layer pages).

    Args:
        path: the PDF.
        number: the 1-based page number.
        text: the page's text as stored at import (``pages.text``).

    Returns:
        One box per word of ``text`` found in the text layer, in text order (offsets into
        ``text``); words not found are left out.

    Raises:
        BadInputError: the file cannot be opened or has no such page.
    """
    with _open_page(path, number) as page:
        textpage = page.get_textpage()
        try:
            found = _layer_words(page, textpage)
        finally:
            textpage.close()
    return align_words(text, found)


def align_words(text: str, found: list[tuple[str, Edges]]) -> list[WordBox]:
    """Give the words of a text the boxes of the same words found on the page.

    Args:
        text: the page's text.
        found: words read from the page in any block order, each with its box.

    Returns:
        Boxes at the offsets of the words of ``text`` that were matched, in text order.
    """
    tokens = [(m.start(), m.end(), word_key(m.group())) for m in _TOKEN.finditer(text)]
    keys, page_keys = [t[2] for t in tokens], [f[0] for f in found]
    pairs: dict[int, int] = {}
    left, right = list(range(len(tokens))), list(range(len(found)))
    for round_ in range(MATCH_PASSES):
        matcher = SequenceMatcher(None, [keys[i] for i in left], [page_keys[j] for j in right], autojunk=False)
        # after the first round, single words left over match by chance too often
        blocks = [b for b in matcher.get_matching_blocks() if b.size >= (1 if round_ == 0 else 2)]
        for block in blocks:
            pairs.update((left[block.a + k], right[block.b + k]) for k in range(block.size))
        used = set(pairs.values())
        left, right = [i for i in left if i not in pairs], [j for j in right if j not in used]
        if not blocks or not left or not right:
            break
    return [WordBox(start, end, *found[pairs[i]][1]) for i, (start, end, _) in enumerate(tokens) if i in pairs]


def word_key(word: str) -> str:
    """The form two readings of one word share (case, composition and hyphen marks aside)."""
    return unicodedata.normalize("NFC", word.translate(_HYPHEN_MARKS)).casefold()


class _open_page:
    """An open pdfium page of a file, closed (with its document) on leaving."""

    def __init__(self, path: Path, number: int):
        try:
            self.pdf = pdfium.PdfDocument(str(path))
        except (pdfium.PdfiumError, OSError) as e:
            raise BadInputError(f"{path}: cannot open the PDF ({e})") from e
        if not 1 <= number <= len(self.pdf):
            count = len(self.pdf)
            self.pdf.close()
            raise BadInputError(f"{path}: no page {number} (the document has {count} pages)")
        self.page = self.pdf[number - 1]

    def __enter__(self) -> pdfium.PdfPage:
        return self.page

    def __exit__(self, *exc: object) -> None:
        self.page.close()
        self.pdf.close()


def _layer_words(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[tuple[str, Edges]]:
    """The text layer's words in content-stream order, each with its box.

    A word ends at white space, at a character pdfium generated (a line end it inferred), and
    where the next character does not follow on the same line.
    """
    width, height = page.get_size()
    to_page = _device_mapper(page, width, height)
    rect = pdfium_c.FS_RECTF()
    words: list[tuple[str, Edges]] = []
    chars: list[str] = []
    box: list[float] = []
    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index) or 32)
        space = char.isspace() or pdfium_c.FPDFText_IsGenerated(textpage, index) == 1
        if space or not pdfium_c.FPDFText_GetLooseCharBox(textpage, index, rect):
            _flush(words, chars, box)
            continue
        edges = to_page(rect.left, rect.top, rect.right, rect.bottom)
        if chars and not _follows(box, edges):
            _flush(words, chars, box)
        chars.append(char)
        box[:] = edges if not box else [min(box[0], edges[0]), min(box[1], edges[1]),
                                         max(box[2], edges[2]), max(box[3], edges[3])]
    _flush(words, chars, box)
    return words


def _flush(words: list[tuple[str, Edges]], chars: list[str], box: list[float]) -> None:
    if chars:
        key = word_key("".join(chars))
        if key:
            words.append((key, (box[0], box[1], box[2], box[3])))
    chars.clear()
    box.clear()


def _follows(box: list[float], edges: Edges) -> bool:
    """Whether a character continues the word so far: same line, not far to its left/right."""
    height = max(box[3] - box[1], edges[3] - edges[1], 1e-6)
    same_line = abs((box[1] + box[3]) - (edges[1] + edges[3])) / 2 < height / 2
    return same_line and box[2] - height < edges[0] < box[2] + height


def _device_mapper(page: pdfium.PdfPage, width: float, height: float):
    """Page points -> fractions of the page as displayed (pdfium applies the page's rotation)."""
    size_x, size_y = _DEVICE, max(1, round(_DEVICE * height / max(width, 1e-6)))
    dx, dy = ctypes.c_int(), ctypes.c_int()

    def point(x: float, y: float) -> tuple[float, float]:
        pdfium_c.FPDF_PageToDevice(page, 0, 0, size_x, size_y, 0, x, y, dx, dy)
        return dx.value / size_x, dy.value / size_y

    def to_page(left: float, top: float, right: float, bottom: float) -> Edges:
        (x0, y0), (x1, y1) = point(left, top), point(right, bottom)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)

    return to_page
