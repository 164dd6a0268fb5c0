"""The column search of ``ingest.layout``: a column-first XY cut over segment boxes.

A *column run* is a sequence of consecutive strips (bands of a region with no blank across all
of it between them) that leaves a vertical gutter free of text, with enough lines on each side.
Because the gutter must hold over every strip of the run, word gaps in justified text (which
move from line to line) never make a column. Lists, tables and tab stops (sides line-aligned,
or a gutter crossed by table rules) are not split. See ``ingest.layout`` for the whole method.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from statistics import median
from typing import NamedTuple

from registre.ingest.geometry import Block, Box, group_lines, rows

DEFAULT_MIN_GUTTER = 9.0  # pt of blank between two columns
DEFAULT_MIN_SIDE_LINES = 3  # lines each side of a gutter needs
DEFAULT_ALIGNED_SHARE = 0.75  # a run this line-aligned is a list or a table: read by rows
DEFAULT_FLOW_GAP = 1.5  # x line height: a wider blank ends a column's flow
DEFAULT_HEADING_GAP = 0.6  # x line height: a wider blank sets a heading off the columns
DEFAULT_MAX_DEPTH = 8
MAX_BINS = 1200  # horizontal resolution of the gutter search


def order_columns(
    segments: list[Box],
    page_width: float,
    rules: Callable[[], list[Box]] | None = None,
    baseline: Callable[[Box], float | None] | None = None,
) -> list[Block]:
    """Split segments into column blocks, in reading order (see ``ingest.layout``).

    Args:
        segments: segment boxes of the page's upright text.
        page_width: the page's width, for the resolution of the gutter search.
        rules: gives the page's horizontal rules; called at most once, when needed.
        baseline: gives the baseline of the text at the left of a box, if known.

    Returns:
        Blocks in reading order: lines top to bottom, segments left to right.
    """
    if not segments:
        return []
    grid = _Grid(min(b.left for b in segments) - 1.0, max(1.0, page_width / MAX_BINS))
    ctx = _Context(grid, rules or list, baseline or (lambda box: None))
    return _order_region(segments, ctx, DEFAULT_MAX_DEPTH)


class _Grid(NamedTuple):
    """Bins of the gutter search: x -> int((x - origin) / scale)."""

    origin: float
    scale: float

    def bin(self, x: float) -> int:
        return int((x - self.origin) / self.scale)

    def x(self, position: float) -> float:
        return self.origin + position * self.scale


@dataclass
class _Context:
    """What the column search of one page shares: its grid, its rules and baselines (read
    once each)."""

    grid: _Grid
    read_rules: Callable[[], list[Box]]
    read_baseline: Callable[[Box], float | None]
    _rules: list[Box] | None = field(default=None, init=False)
    _baselines: dict[Box, float | None] = field(default_factory=dict, init=False)

    def baseline(self, box: Box) -> float | None:
        if box not in self._baselines:
            self._baselines[box] = self.read_baseline(box)
        return self._baselines[box]

    @property
    def rules(self) -> list[Box]:
        if self._rules is None:
            self._rules = [r for r in self.read_rules() if r.width > 2 * max(r.height, 1.0)]
        return self._rules


class _Split(NamedTuple):
    start: int  # first strip of the column run
    end: int  # one past its last strip
    x: float  # middle of the gutter
    gutter: tuple[float, float] = (0.0, 0.0)  # its blank band, left to right


def _order_region(segments: list[Box], ctx: _Context, depth: int) -> list[Block]:
    """Order one region: find a column run, split around it, recurse; else one block."""
    if depth <= 0 or len(segments) < 2 * DEFAULT_MIN_SIDE_LINES:
        return [group_lines(segments)]
    strips = _strips(segments)
    split = _find_column_run(strips, ctx)
    if split is None:
        return [group_lines(segments)]
    middle = [b for strip in strips[split.start:split.end] for b in strip]
    parts = (
        [b for strip in strips[:split.start] for b in strip],
        [b for b in middle if b.right <= split.x],
        [b for b in middle if b.left >= split.x],
        [b for strip in strips[split.end:] for b in strip],
    )
    blocks: list[Block] = []
    for part in parts:
        if part:
            blocks.extend(_order_region(part, ctx, depth - 1))
    return blocks


def _strips(segments: list[Box]) -> list[list[Box]]:
    """Cut a region into horizontal strips at the blank bands that cross all of it."""
    strips: list[list[Box]] = []
    low = 0.0
    for box in sorted(segments, key=lambda b: (-b.top, b.left)):
        if strips and box.top > low:
            strips[-1].append(box)
            low = min(low, box.bottom)
        else:
            strips.append([box])
            low = box.bottom
    return strips


def _strip_mask(strip: list[Box], grid: _Grid) -> int:
    """The bins a strip's boxes cover (the union of their ``_mask``)."""
    origin, scale = grid
    out = 0
    for box in strip:
        first = int((box.left - origin) / scale)
        last = int((box.right - origin) / scale)
        out |= ((1 << (last - first + 1)) - 1) << first
    return out


def _has_run(bits: int, length: int) -> bool:
    """True when ``bits`` holds ``length`` consecutive set bits."""
    done = 1
    while done < length and bits:
        step = done if 2 * done <= length else length - done  # min(done, length - done), inlined
        bits &= bits >> step
        done += step
    return bits != 0


def _find_column_run(strips: list[list[Box]], ctx: _Context) -> _Split | None:
    """Find the first run of strips that splits into two columns."""
    grid = ctx.grid
    masks = [_strip_mask(strip, grid) for strip in strips]
    span = _inside(_union(masks))  # bins strictly inside the region's extent
    min_bins = max(1, int(DEFAULT_MIN_GUTTER / grid.scale))
    sizes = [0, *accumulate(len(strip) for strip in strips)]
    tried: tuple[int, int] | None = None  # (end, free bins) of the last run that failed
    reach = 0  # end of the last run: every strip before it leaves a gutter with those after it
    for start in range(len(strips)):
        if start + 1 < reach:
            # A sub-run of a run that left a gutter leaves it too: resume where that run ended.
            cov, end = _union(masks[start:reach]), reach
        else:
            cov, end = masks[start], start + 1
            if not _has_run(~cov & span, min_bins):
                continue
        while end < len(strips) and _has_run(~(cov | masks[end]) & span, min_bins):
            cov |= masks[end]
            end += 1
        reach = end
        free = ~cov & _inside(cov)
        if sizes[end] - sizes[start] < 2 * DEFAULT_MIN_SIDE_LINES or (end, free) == tried:
            continue  # too small, or the same gutters as a run that just failed
        split = _pick_split(strips, _Split(start, end, 0.0), free, ctx, min_bins)
        if split is not None:
            return split
        tried = (end, free)
    return None


def _union(masks: list[int]) -> int:
    out = 0
    for mask in masks:
        out |= mask
    return out


def _inside(cov: int) -> int:
    """Bins strictly between the first and the last bin set in ``cov``."""
    if not cov:
        return 0
    lo = (cov & -cov).bit_length() - 1
    return (1 << (cov.bit_length() - 1)) - (1 << (lo + 1))


def _pick_split(
    strips: list[list[Box]], run: _Split, free: int, ctx: _Context, min_bins: int
) -> _Split | None:
    """Choose the gutter (a run of ``free`` bins) that best splits a run into two columns."""
    candidates: list[tuple[int, _Split, list[list[Box]], list[list[Box]]]] = []
    for gap in re.finditer(f"1{{{min_bins},}}", format(free, "b")[::-1]):
        gutter = (ctx.grid.x(gap.start()), ctx.grid.x(gap.end()))
        split = _trim_run(strips, run._replace(x=sum(gutter) / 2, gutter=gutter))
        left, right = (rows(side) for side in _sides(strips, split))
        balance = min(len(left), len(right))
        if balance >= DEFAULT_MIN_SIDE_LINES:
            candidates.append((balance, split, left, right))
    for _, split, left, right in sorted(candidates, key=lambda c: -c[0]):
        aligned = _is_line_aligned(_side_lines(left, ctx), _side_lines(right, ctx))
        if not aligned and not _is_ruled_table(strips, split, ctx.rules):
            return split
    return None


def _sides(strips: list[list[Box]], split: _Split) -> tuple[list[Box], list[Box]]:
    boxes = [b for strip in strips[split.start:split.end] for b in strip]
    return [b for b in boxes if b.right <= split.x], [b for b in boxes if b.left >= split.x]


class _Line(NamedTuple):
    box: Box  # extent of the line's segments on one side of a gutter
    baseline: float


def _side_lines(rows: list[list[Box]], ctx: _Context) -> list[_Line]:
    """The lines of one side of a gutter (word-by-word PDFs give a box per word)."""
    lines: list[_Line] = []
    for row in rows:
        first = min(row, key=lambda b: b.left)
        extent = Box(first.left, min(b.bottom for b in row), max(b.right for b in row),
                     max(b.top for b in row))
        baseline = ctx.baseline(first)
        lines.append(_Line(extent, first.bottom if baseline is None else baseline))
    return lines


def _trim_run(strips: list[list[Box]], split: _Split) -> _Split:
    """Leave out the end strips of a run that hold text on one side of its gutter only.

    At the top, such a strip set off by more than ``DEFAULT_HEADING_GAP`` lines is a heading
    over the columns ("du Bureau" under a centred title); at the bottom, one set off by more
    than ``DEFAULT_FLOW_GAP`` lines is what follows them (a heading under a table).
    """
    start, end = split.start, split.end

    def one_sided(strip: list[Box]) -> bool:
        return all(b.right <= split.x for b in strip) or all(b.left >= split.x for b in strip)

    def blank(upper: list[Box], lower: list[Box]) -> float:
        gap = min(b.bottom for b in upper) - max(b.top for b in lower)
        return gap / median(b.height for b in upper + lower)

    while end - start > 1 and one_sided(strips[end - 1]) and (
        blank(strips[end - 2], strips[end - 1]) > DEFAULT_FLOW_GAP
    ):
        end -= 1
    while end - start > 1 and one_sided(strips[start]) and (
        blank(strips[start], strips[start + 1]) > DEFAULT_HEADING_GAP
    ):
        start += 1
    return split._replace(start=start, end=end)


def _is_ruled_table(strips: list[list[Box]], split: _Split, rules: list[Box]) -> bool:
    """True when horizontal rules run across the gutter between two lines of the run.

    Table borders cross it (one rule, or the borders of the cells on each side meeting in
    it); the frame of a boxed sidebar only reaches into it from one side.
    """
    top = min(b.bottom for b in strips[split.start])
    bottom = max(b.top for b in strips[split.end - 1])
    left, right = split.gutter
    by_height: dict[int, list[Box]] = {}
    for r in rules:
        if bottom < r.bottom and r.top < top and r.left < right and r.right > left:
            by_height.setdefault(round((r.bottom + r.top) / 2), []).append(r)
    for row in by_height.values():
        reach = left + 0.5
        for r in sorted(row, key=lambda r: r.left):
            if r.left > reach + 3.0:  # cell borders stop short of each other
                break
            reach = max(reach, r.right)
        if reach >= right - 0.5:
            return True
    return False


def _is_line_aligned(left: list[_Line], right: list[_Line]) -> bool:
    """True when the smaller side's lines mostly sit on the other side's lines.

    That is a list (bullet or number before each item), a table or tab stops: reading it row
    by row keeps each label with its value. Independent columns only line up by chance.
    """
    small, other = (left, right) if len(left) <= len(right) else (right, left)
    other = sorted(other, key=lambda line: line.baseline)
    baselines = [line.baseline for line in other]
    aligned = 0
    for line in small:
        tol = max(1.0, 0.2 * line.box.height)
        k = bisect_left(baselines, line.baseline - tol)
        near = other[k:bisect_left(baselines, line.baseline + tol + 1e-6)]
        if near or any(_is_mark_in(line.box, o.box) for o in other):
            aligned += 1
    return aligned >= DEFAULT_ALIGNED_SHARE * len(small)


def _is_mark_in(mark: Box, line: Box) -> bool:
    """A small glyph (bullet) inside a line's height: it belongs to that line."""
    inside = mark.bottom >= line.bottom - 0.5 and mark.top <= line.top + 0.5
    return inside and mark.height < 0.5 * line.height
