"""Reading order of a page from the boxes of its text: segments, columns, blocks, lines.

Pure geometry, no PDF library: ``ingest.pdf`` feeds the text-run boxes pdfium reports and
reads back the text inside the boxes this module returns, in the order it returns them.

The method (a column-first XY cut):

1. Text runs on the same line that are closer than a word gap are merged into *segments*.
2. Segments are sorted top to bottom and grouped into *strips* (bands with no blank line across
   the whole region between them).
3. A *column run* is a sequence of consecutive strips that leaves a vertical gutter (at least
   ``DEFAULT_MIN_GUTTER`` wide) free of text, with at least ``DEFAULT_MIN_SIDE_LINES`` lines
   on each side. Because the gutter must hold over every strip of the run, word gaps in
   justified text (which move from line to line) never make a column.
4. A run whose two sides are line-aligned (a bullet or number before each item, a borderless
   table, tab stops) or whose gutter is crossed by a horizontal rule (a ruled table) is not
   split: those are read row by row. Strips at either end of a run that hold text on one side
   only and are set off by a blank are left out of it (a heading over the columns, a heading
   under a table). Otherwise the region splits into the strips above the run, the left side,
   the right side, and the strips below, each treated again.

A narrow left sidebar (dates, member counts, "Adoptée à l'unanimité") therefore comes out as its
own block before the body, whatever order the PDF's content stream wrote them in. Text that runs
vertically is put in a last block of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import median

from registre.ingest.columns import order_columns
from registre.ingest.geometry import Block, Box, Line, rows, v_overlap

__all__ = ["Block", "Box", "Line", "merge_segments", "order_page", "query_boxes"]

DEFAULT_WORD_GAP = 0.8  # x line height: closer text runs on one line are one segment


def order_page(
    rects: list[Box],
    page_width: float,
    rules: Callable[[], list[Box]] | None = None,
    baseline: Callable[[Box], float | None] | None = None,
) -> list[Block] | None:
    """Put the text-run boxes of one page in reading order.

    Args:
        rects: boxes of the page's text runs, in any order.
        page_width: the page's width, for the resolution of the gutter search.
        rules: gives the page's horizontal rules (thin lines, table borders); called at most
            once, and only when a column split is about to be made.
        baseline: gives the baseline of the text starting at the left of a box, if known;
            used to tell lines that sit side by side (lists, tables) from independent columns.
            Without it, a box's bottom stands for its baseline.

    Returns:
        Blocks in reading order; each block is a list of lines from top to bottom, each line a
        list of segment boxes from left to right. The caller reads the text inside each box.
        None when most of the text runs vertically (a landscape page drawn rotated): the
        caller then keeps the content stream's order.
    """
    segments = merge_segments([r for r in rects if r.width > 0.05 and r.height > 0.05])
    if not segments:
        return []
    upright, vertical = _split_vertical(segments)
    if sum(b.height for b in vertical) > sum(b.width for b in upright):
        return None
    blocks = order_columns(upright, page_width, rules, baseline)
    if vertical:
        blocks.append([[box] for box in sorted(vertical, key=lambda b: (b.left, -b.top))])
    return blocks


def merge_segments(rects: list[Box]) -> list[Box]:
    """Merge text runs that sit on one line closer than a word gap.

    Args:
        rects: text-run boxes.

    Returns:
        Segment boxes (unions of merged runs), in no particular order.
    """
    out: list[Box] = []
    for row in rows(rects):
        row.sort(key=lambda b: b.left)
        cur = row[0]
        for box in row[1:]:
            gap = box.left - cur.right
            if gap <= DEFAULT_WORD_GAP * max(cur.height, box.height) and v_overlap(cur, box):
                cur = Box(cur.left, min(cur.bottom, box.bottom), max(cur.right, box.right),
                          max(cur.top, box.top))
            else:
                out.append(cur)
                cur = box
        out.append(cur)
    return out


def _split_vertical(segments: list[Box]) -> tuple[list[Box], list[Box]]:
    """Set apart runs of vertical text: boxes much taller than wide and than a line."""
    flat = [b.height for b in segments if b.width >= b.height]
    typical = median(flat) if flat else 0.0
    upright: list[Box] = []
    vertical: list[Box] = []
    for box in segments:
        is_vertical = box.height > 2.5 * box.width and box.height > 2 * typical
        (vertical if is_vertical else upright).append(box)
    return upright, vertical


def query_boxes(block: Block) -> list[list[Box]]:
    """Boxes to read each segment's text from, trimmed where segments overlap.

    pdfium gives a query box every character whose box intersects it, so where a segment's box
    overlaps the box of a segment on another line above or below it (tight leading), the
    shared band is left to neither, down to half the segment's height.

    Args:
        block: lines of segment boxes, top to bottom.

    Returns:
        For each line, one box per segment, in the same order.
    """
    flat = [(box, k) for k, line in enumerate(block) for box in line]
    flat.sort(key=lambda item: -item[0].top)
    low = {box: box.bottom for box, _ in flat}
    high = {box: box.top for box, _ in flat}
    for i, (upper, line_i) in enumerate(flat):
        for lower, line_j in flat[i + 1:]:
            if lower.top <= upper.bottom:
                break
            if line_i == line_j or lower.right <= upper.left or lower.left >= upper.right:
                continue
            low[upper] = max(low[upper], min(lower.top + 0.01, _mid(upper) - 0.01))
            high[lower] = min(high[lower], max(upper.bottom - 0.01, _mid(lower) + 0.01))
    return [[_widen(box, low[box], high[box]) for box in line] for line in block]


def _mid(box: Box) -> float:
    return (box.bottom + box.top) / 2


def _widen(box: Box, bottom: float, top: float) -> Box:
    """The query box: the segment's box, half a point wider, cut to ``[bottom, top]``."""
    return Box(box.left - 0.5, bottom, box.right + 0.5, top)
