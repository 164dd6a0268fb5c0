"""Helpers of the review tests: archive copies, and where a value's words truly lie on a page.

The truth comes from pdfplumber, a reader independent of the pdfium and Tesseract boxes under
test: the words of a page's text layer with their positions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber

Rect = tuple[float, float, float, float]  # left, top, right, bottom, fractions of the page


def copy_archive(db: Path, folder: Path) -> Path:
    """Copy an archive file and its originals into ``folder``; returns the copy's path."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(db, folder / db.name)
    shutil.copytree(db.with_name(db.name + ".files"), folder / (db.name + ".files"))
    return folder / db.name


def true_lines(pdf: Path, page: int, words: str) -> list[list[Rect]]:
    """Every place on a page where these words are printed in a row: one box per line.

    Args:
        pdf: a PDF with a text layer.
        page: 1-based page number.
        words: the words, as the value was read ("27/07/2012", "Budget primitif 2012 – budget").

    Returns:
        One entry per occurrence: the boxes of its lines, top to bottom.
    """
    wanted = [w.casefold() for w in words.split()]
    with pdfplumber.open(pdf) as doc:
        p = doc.pages[page - 1]
        found = [(w["text"].casefold(), (w["x0"] / p.width, w["top"] / p.height, w["x1"] / p.width,
                                          w["bottom"] / p.height)) for w in p.extract_words()]
    places = []
    for i in range(len(found) - len(wanted) + 1):
        if [t for t, _ in found[i:i + len(wanted)]] == wanted:
            places.append(_by_line([box for _, box in found[i:i + len(wanted)]]))
    return places


def _by_line(boxes: list[Rect]) -> list[Rect]:
    lines: list[list[float]] = []
    for left, top, right, bottom in boxes:
        if lines and abs(top - lines[-1][1]) < (bottom - top) / 2:
            line = lines[-1]
            line[:] = [min(line[0], left), min(line[1], top), max(line[2], right), max(line[3], bottom)]
        else:
            lines.append([left, top, right, bottom])
    return [tuple(line) for line in lines]


def covers(shown: list[Rect], truth: list[Rect], tolerance: float = 0.012) -> bool:
    """Whether highlighted boxes lie over the true lines of a value: as many boxes as lines,
    each line's edges within ``tolerance`` of the page (7 pt across an A4 page)."""
    if len(shown) != len(truth):
        return False
    return all(abs(a - b) <= tolerance for s, t in zip(shown, truth, strict=True) for a, b in zip(s, t, strict=True))
