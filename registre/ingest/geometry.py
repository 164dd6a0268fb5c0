"""Boxes of text on a page and the lines they form (PDF units, y going up).

The small vocabulary that ``ingest.layout`` and ``ingest.columns`` share.
"""

from __future__ import annotations

from typing import NamedTuple


class Box(NamedTuple):
    """A rectangle in PDF units (origin bottom left, y going up)."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def width(self) -> float:
        return self.right - self.left


Line = list[Box]
Block = list[Line]


def group_lines(segments: list[Box]) -> Block:
    """Group segments into lines, top to bottom, each line left to right.

    Args:
        segments: the segment boxes of one block.

    Returns:
        The lines of the block.
    """
    lines = rows(segments)
    for line in lines:
        line.sort(key=lambda b: b.left)
    return lines


def rows(boxes: list[Box]) -> list[list[Box]]:
    """Group boxes into rows: each joins the row of the highest box it is on one line with.

    Args:
        boxes: boxes in any order.

    Returns:
        Rows from top to bottom (greedy: a box joins the current row when it is on one line
        with the row's first, highest box; otherwise it starts the next row).
    """
    out: list[list[Box]] = []
    anchor: Box | None = None
    for box in sorted(boxes, key=lambda b: (-b.top, b.left)):
        if anchor is not None and v_overlap(anchor, box):
            out[-1].append(box)
        else:
            out.append([box])
            anchor = box
    return out


def v_overlap(a: Box, b: Box, share: float = 0.5) -> bool:
    """Say whether two boxes are on one line.

    Args:
        a: a box.
        b: another box.
        share: how much of the smaller height they must share.

    Returns:
        True when they overlap vertically by ``share`` of the smaller height, or when the
        smaller is a mark (comma, superscript, bullet) less than half the other's height that
        touches it.
    """
    # min, max and sorted spelt out: this runs for every pair of boxes a page's rows compare.
    overlap = (a.top if a.top <= b.top else b.top) - (a.bottom if a.bottom >= b.bottom else b.bottom)
    if overlap <= 0:
        return False
    low, high = a.top - a.bottom, b.top - b.bottom
    if high < low:
        low, high = high, low
    return overlap >= share * low or low < 0.5 * high
