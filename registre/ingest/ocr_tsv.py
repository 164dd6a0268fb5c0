"""A page as Tesseract read it: words with their boxes and confidences, in reading order.

Used by :mod:`registre.ingest.ocr`. Tesseract's TSV output gives blocks, paragraphs, lines
and words; :func:`parse_tsv` keeps the paragraphs (lists of lines of words) so that lines read
in a second pass (:mod:`registre.ingest.ocr_rescue`) can be put in their place before the
page's text is assembled.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from registre.model import WordBox


@dataclass(frozen=True)
class Word:
    """One recognised word: its text, its box in pixels (left, top, width, height) and
    Tesseract's confidence (0–100)."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float

    @property
    def is_text(self) -> bool:
        """Whether the word has a letter or digit (only those count as recognised text)."""
        return any(ch.isalnum() for ch in self.text)


Line = list[Word]
Paragraph = list[Line]


@dataclass
class Reading:
    """A page's reading: its paragraphs in reading order and the image's size in pixels.

    ``text`` joins words by " ", lines by "\\n" and paragraphs by "\\n\\n", as Tesseract's own
    text output does; ``boxes`` holds each word's box at its offsets in that text, as
    fractions of the image (the page as displayed); ``confidence`` is the mean confidence of
    the words with a letter or digit, ``words`` their number.
    """

    paragraphs: list[Paragraph] = field(default_factory=list)
    size: tuple[int, int] = (0, 0)

    @functools.cached_property
    def _assembled(self) -> tuple[str, list[WordBox]]:
        return _assemble(self.paragraphs, self.size)

    @property
    def text(self) -> str:
        return self._assembled[0]

    @property
    def boxes(self) -> list[WordBox]:
        return self._assembled[1]

    @functools.cached_property
    def _scores(self) -> list[float]:
        return [w.confidence for p in self.paragraphs for line in p for w in line if w.is_text]

    @property
    def confidence(self) -> float:
        return sum(self._scores) / len(self._scores) if self._scores else 0.0

    @property
    def words(self) -> int:
        return len(self._scores)


def parse_tsv(tsv: str) -> Reading:
    """Turn Tesseract's TSV output into a page's reading.

    Lines are joined with newlines and paragraphs with a blank line, as Tesseract's own text
    output does. Only words with a letter or digit count as recognised text. Each word's box
    is kept with its offsets in that text (as fractions of the image, which is the page as
    displayed): it is what shows a value on the page later, and only Tesseract knows it.

    Args:
        tsv: the TSV (header line first; 12 tab-separated columns, text last).

    Returns:
        The reading: text, mean confidence of its words (0–100), number of words, boxes.
    """
    paragraphs: dict[tuple[int, int, int], dict[int, Line]] = {}
    size = (0, 0)
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) == 12 and cols[0] == "1":  # the page: the image's size
            size = (int(cols[8]), int(cols[9]))
        if len(cols) != 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        word = Word(cols[11].strip(), (left, top, width, height), float(cols[10]))
        para = paragraphs.setdefault((int(cols[1]), int(cols[2]), int(cols[3])), {})
        para.setdefault(int(cols[4]), []).append(word)
    return Reading([list(lines.values()) for lines in paragraphs.values()], size)


def insert_paragraphs(reading: Reading, extra: list[Paragraph]) -> Reading:
    """The reading with ``extra`` paragraphs put in reading order.

    Each goes before the first paragraph, in reading order, that lies below its top and
    shares some of its width (the next thing in its column); failing that, after the last
    paragraph above it in its column; failing that, at the end.

    Args:
        reading: the page's reading.
        extra: paragraphs read apart (boxes in the same pixels as ``reading``).

    Returns:
        A new reading.
    """
    paragraphs = list(reading.paragraphs)
    for para in sorted(extra, key=lambda p: _extent(p)[1]):
        paragraphs.insert(_place(paragraphs, para), para)
    return Reading(paragraphs, reading.size)


def _place(paragraphs: list[Paragraph], para: Paragraph) -> int:
    """Where ``para`` goes: its column is its own width widened to that of the nearest
    paragraph below it that it overlaps (a short line's column is the text's)."""
    left, top, right, _ = _extent(para)
    extents = [_extent(other) for other in paragraphs]
    below = [e for e in extents if e[1] > top and min(right, e[2]) > max(left, e[0])]
    if below:
        nearest = min(below, key=lambda e: e[1])
        left, right = min(left, nearest[0]), max(right, nearest[2])
    last_above = None
    for i, (o_left, o_top, o_right, o_bottom) in enumerate(extents):
        if min(right, o_right) <= max(left, o_left):  # another column
            continue
        if o_top > top:
            return i
        if o_bottom <= top:
            last_above = i
    return len(paragraphs) if last_above is None else last_above + 1


def _extent(para: Paragraph) -> tuple[int, int, int, int]:
    """A paragraph's box: left, top, right, bottom."""
    boxes = [w.box for line in para for w in line]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes))


def _assemble(paragraphs: list[Paragraph], size: tuple[int, int]) -> tuple[str, list[WordBox]]:
    """The page's text (words by " ", lines by "\\n", paragraphs by "\\n\\n") and each
    word's box at its offsets."""
    parts: list[str] = []
    boxes: list[WordBox] = []
    offset = 0
    width, height = max(size[0], 1), max(size[1], 1)
    for p, lines in enumerate(paragraphs):
        for k, words in enumerate(lines):
            for w, word in enumerate(words):
                left, top, w_px, h_px = word.box
                sep = "\n\n" if p and not k and not w else "\n" if k and not w else " " if w else ""
                parts += [sep, word.text]
                offset += len(sep)
                boxes.append(WordBox(offset, offset + len(word.text), left / width, top / height,
                                     (left + w_px) / width, (top + h_px) / height))
                offset += len(word.text)
    return "".join(parts), boxes if size[0] and size[1] else []
