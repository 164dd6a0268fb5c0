"""Lines that Tesseract's page layout dropped, found and read again.

Used by :mod:`registre.ingest.ocr`. Tesseract's automatic layout (``--psm 3``) leaves out
some lines of clean print without a word: a title in a box (« ORDRE DU JOUR » in a frame), an
underlined label whose underline runs through its descenders (« Secrétaire de séance :
S.MEARY »), a short line in bold next to a rule (« Vote : »). On the 135 pages of the 18
scanned or mixed files of ``corpus/real-pdf``, 36 places of ink were left without a word: 13
lines of print, the rest signatures, initials, handwriting, dotted leaders and empty frames.
Read alone as one block of text (``--psm 6``) the lines come back at a mean confidence of
77–96, the rest at 0–50.

So after the first reading: the ink not under any recognised word is grouped into line-shaped
regions (0.06–0.4 in tall, ≥ 0.3 in wide); the regions are stacked into one small image read
once with ``--psm 6``; the words of a region are kept when their mean confidence is at least
``DEFAULT_MIN_CONFIDENCE`` (words under ``DEFAULT_MIN_WORD_CONFIDENCE`` dropped), and become a
paragraph of the page in reading order (:func:`registre.ingest.ocr_tsv.insert_paragraphs`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from registre.ingest.ocr_image import runs_of
from registre.ingest.ocr_tsv import Line, Paragraph, Reading, Word

DEFAULT_BLOCK_DPI = 75  # ink is looked for at about this resolution
DEFAULT_INK_LEVEL = 128  # darker pixels are ink
DEFAULT_WORD_MARGIN_IN = 0.03  # a word's box covers its ink this far around it
DEFAULT_MIN_HEIGHT_IN = 0.06  # a line of print: 0.06–0.4 in tall (8–40 pt with its descenders)
DEFAULT_MAX_HEIGHT_IN = 0.4
DEFAULT_MIN_WIDTH_IN = 0.3
DEFAULT_WORD_GAP_IN = 0.2  # ink closer than this on a line is one region
DEFAULT_MAX_REGIONS = 40  # beyond: not a few dropped lines but an unreadable page
DEFAULT_PAD_IN = 0.05  # white around each region in the stacked image
DEFAULT_MIN_CONFIDENCE = 75.0  # a region's words are kept at this mean confidence
DEFAULT_MIN_WORD_CONFIDENCE = 50.0


@dataclass(frozen=True)
class Region:
    """A place of the page, in pixels: rows ``top``–``bottom``, columns ``left``–``right``."""

    top: int
    bottom: int
    left: int
    right: int


@dataclass
class Stack:
    """Regions pasted one under another, and where each landed (its top row in ``pixels``)."""

    pixels: np.ndarray
    regions: list[Region]
    tops: list[int]
    pad: int


def unread_regions(gray: np.ndarray, dpi: float, reading: Reading) -> list[Region]:
    """Line-shaped places of ink that no recognised word covers.

    Args:
        gray: the page image that was read (2-D uint8, white = 255).
        dpi: its resolution.
        reading: what Tesseract read on it (word boxes in the same pixels).

    Returns:
        The regions, top to bottom; none when there are more than ``DEFAULT_MAX_REGIONS``.
    """
    block = max(1, round(dpi / DEFAULT_BLOCK_DPI))
    per_in = dpi / block
    rows, cols = gray.shape[0] // block, gray.shape[1] // block
    dark = (gray[: rows * block, : cols * block] < DEFAULT_INK_LEVEL).view(np.uint8)
    count = sum(dark[i::block, j::block] for i in range(block) for j in range(block))
    ink = np.asarray(count) >= 2  # one dark pixel may be a speck
    margin = round(DEFAULT_WORD_MARGIN_IN * per_in)
    for para in reading.paragraphs:
        for line in para:
            for word in line:
                left, top, width, height = word.box
                ink[max(0, top // block - margin): (top + height) // block + margin + 1,
                    max(0, left // block - margin): (left + width) // block + margin + 1] = False
    found: list[Region] = []
    for top, bottom in runs_of(ink.any(axis=1), gap=1):
        strip = ink[top:bottom]
        for left, right in runs_of(strip.any(axis=0), gap=round(DEFAULT_WORD_GAP_IN * per_in)):
            region = _fit(strip[:, left:right], top, left)
            tall, wide = (region.bottom - region.top) / per_in, (region.right - region.left) / per_in
            if DEFAULT_MIN_HEIGHT_IN <= tall <= DEFAULT_MAX_HEIGHT_IN and wide >= DEFAULT_MIN_WIDTH_IN:
                found.append(Region(*(v * block for v in (region.top, region.bottom,
                                                          region.left, region.right))))
    return found if len(found) <= DEFAULT_MAX_REGIONS else []


def stack_regions(gray: np.ndarray, dpi: float, regions: list[Region]) -> Stack:
    """One image holding the regions one under another, each with white around it.

    Args:
        gray: the page image.
        dpi: its resolution.
        regions: places of the page.

    Returns:
        The stacked image and where each region lies in it.
    """
    pad = round(DEFAULT_PAD_IN * dpi)
    width = max(r.right - r.left for r in regions) + 2 * pad
    height = sum(r.bottom - r.top + 2 * pad for r in regions)
    pixels = np.full((height, width), 255, dtype=np.uint8)
    tops, y = [], 0
    for r in regions:
        pixels[y + pad: y + pad + r.bottom - r.top, pad: pad + r.right - r.left] = \
            gray[r.top: r.bottom, r.left: r.right]
        tops.append(y + pad)
        y += r.bottom - r.top + 2 * pad
    return Stack(pixels, regions, tops, pad)


def rescued_paragraphs(stack: Stack, reading: Reading) -> list[Paragraph]:
    """The confident lines of each region, as paragraphs in the page's pixels.

    Args:
        stack: the stacked regions.
        reading: Tesseract's reading of ``stack.pixels``.

    Returns:
        One paragraph per region whose words are kept (see the module docstring).
    """
    lines: dict[int, dict[tuple[int, int], Line]] = {}
    for p, para in enumerate(reading.paragraphs):
        for k, line in enumerate(para):
            for word in line:
                i = _region_of(stack, word.box[1] + word.box[3] / 2)
                if i is None:
                    continue
                region, top = stack.regions[i], stack.tops[i]
                left, wtop, width, height = word.box
                moved = Word(word.text, (left - stack.pad + region.left, wtop - top + region.top,
                                         width, height), word.confidence)
                lines.setdefault(i, {}).setdefault((p, k), []).append(moved)
    out: list[Paragraph] = []
    for i in sorted(lines):
        para = list(lines[i].values())
        scores = [w.confidence for line in para for w in line if w.is_text]
        if not scores or sum(scores) / len(scores) < DEFAULT_MIN_CONFIDENCE:
            continue
        kept = [[w for w in line if w.confidence >= DEFAULT_MIN_WORD_CONFIDENCE] for line in para]
        kept = [line for line in kept if any(w.is_text for w in line)]
        if kept:
            out.append(kept)
    return out



def _region_of(stack: Stack, y: float) -> int | None:
    for i, (region, top) in enumerate(zip(stack.regions, stack.tops, strict=True)):
        if top - stack.pad <= y < top + region.bottom - region.top + stack.pad:
            return i
    return None


def _fit(mask: np.ndarray, top: int, left: int) -> Region:
    """The box of the true cells of ``mask`` (which has some), offset by ``top``, ``left``."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return Region(top + int(rows[0]), top + int(rows[-1]) + 1, left + int(cols[0]), left + int(cols[-1]) + 1)

