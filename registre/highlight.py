"""Where on the page each value of a deliberation was read: its provenance span as boxes.

A field's provenance is a page and a character span of that page's stored text. Mapped to the
words of that text whose place on the page is known — Tesseract's word boxes kept at import
for OCRed pages (``store.page_words``), the text layer's character boxes read again from the
kept original for the others (``ingest.page_view``) — the span becomes one rectangle per line
of words it covers. A span that starts or ends inside a word covers that word's share of
characters. A span may run onto the next pages (the page texts joined by a form feed).

Where nothing can be shown, the reason is said, never a nearby box: no source for the value,
no page image (a text file), no word boxes for the page, or its words not found on the page.

This module wires ``ingest`` (reading the original again) to ``store`` (texts, spans, boxes).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registre.errors import RegistreError
from registre.ingest.page_view import text_layer_words
from registre.model import WordBox
from registre.store.archive import Archive
from registre.store.page_words import load_page_words

log = logging.getLogger(__name__)

NO_SOURCE = "the extractor kept no source for this value"
NO_IMAGE = "no page image: the original is not a PDF"
NO_ORIGINAL = "the original file is missing from the archive (`registre verify`)"
NO_WORDS = "no word positions are known for this page"
NOT_FOUND = "the words of this value were not found on the page"
PARTLY_FOUND = "part of the words of this value were not found on the page"
_CACHE_PAGES = 256


@dataclass(frozen=True)
class PageSource:
    """What is known of one stored page: its text, how it was read, its original."""

    number: int
    text: str
    source: str  # "text", "ocr", "none"
    original: Path | None  # the kept PDF; None for a text file


def document_pages(archive: Archive, sha256: str) -> list[PageSource]:
    """The stored pages of a document, in order, with its kept original when it is a PDF."""
    kind = archive.conn.execute("SELECT kind FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    original = archive.original_path(sha256) if kind and kind[0] == "pdf" else None
    sql = "SELECT number, text, source FROM pages WHERE sha256 = ? ORDER BY number"
    return [PageSource(n, text or "", source, original) for n, text, source in archive.conn.execute(sql, (sha256,))]


def page_words(archive: Archive, sha256: str, page: PageSource) -> tuple[list[WordBox] | None, str | None]:
    """Where the words of one page's text lie, or why that is not known.

    Returns:
        (boxes, None), or (None, the reason).
    """
    if page.original is None:
        return None, NO_IMAGE
    if page.source == "ocr":
        words = load_page_words(archive.conn, sha256, page.number)
        return (words, None) if words else (None, NO_WORDS)
    if page.source != "text":
        return None, NO_WORDS
    if not page.original.is_file():
        return None, NO_ORIGINAL
    try:
        return list(_layer_words(page.original, page.number, page.text)), None
    except RegistreError as e:
        log.warning("%s page %d: %s", page.original, page.number, e)
        return None, NO_WORDS


@functools.lru_cache(maxsize=_CACHE_PAGES)
def _layer_words(original: Path, number: int, text: str) -> tuple[WordBox, ...]:
    """The text layer's boxes of a page (an original never changes: its name is its hash)."""
    return tuple(text_layer_words(original, number, text))


def span_parts(pages: list[PageSource], page: int, start: int, end: int) -> list[tuple[int, int, int]]:
    """Split a span that may run onto the next pages into (page, start, end) per page.

    The span indexes the page texts joined by one form feed, from the start of ``page``.
    """
    parts: list[tuple[int, int, int]] = []
    by_number = {p.number: p for p in pages}
    while page in by_number and end > start:
        length = len(by_number[page].text)
        if start < length:
            parts.append((page, start, min(end, length)))
        start, end, page = max(0, start - length - 1), end - length - 1, page + 1
    return parts


def span_rects(words: list[WordBox], text: str, start: int, end: int) -> tuple[list[tuple[float, ...]], bool]:
    """The rectangles, one per line, that cover the characters ``start``–``end`` of a page text.

    Args:
        words: the page's word boxes, in text order.
        text: the page's text.
        start: first character of the span.
        end: just after its last character.

    Returns:
        (rectangles as (left, top, right, bottom) fractions of the page, True when some words
        of the span have no box).
    """
    rects: list[list[float]] = []
    covered = 0
    for w in words:
        if w.end <= start or w.start >= end:
            continue
        a, b = max(w.start, start), min(w.end, end)
        covered += b - a
        share = (w.right - w.left) / max(w.end - w.start, 1)
        left, right = w.left + share * (a - w.start), w.right - share * (w.end - b)
        last = rects[-1] if rects else None
        if last and _same_line(last, w) and left >= last[2] - 0.002:
            last[1], last[2], last[3] = min(last[1], w.top), right, max(last[3], w.bottom)
        else:
            rects.append([left, w.top, right, w.bottom])
    visible = sum(not ch.isspace() for ch in text[start:end])
    return [tuple(round(v, 5) for v in r) for r in rects], covered < visible


def _same_line(rect: list[float], w: WordBox) -> bool:
    middle, height = (w.top + w.bottom) / 2, w.bottom - w.top
    return rect[1] - height / 2 < middle < rect[3] + height / 2


def field_boxes(archive: Archive, delib: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For each field of a deliberation with a source: the boxes of the words it was read from.

    Args:
        archive: the open archive.
        delib: the deliberation, as :meth:`Archive.get_deliberation` returns it.

    Returns:
        field -> ``{"page": first page, "rects": [{"page", "left", "top", "right",
        "bottom"}], "why": None, or the reason no (or not every) box is shown}``.
    """
    pages = document_pages(archive, delib["sha256"])
    sources: dict[str, dict[str, Any]] = {}
    for item in delib.get("provenance") or []:
        sources.setdefault(item["field"], item)
    words: dict[int, tuple[list[WordBox] | None, str | None]] = {}
    out = {}
    for field, item in sources.items():
        if not item.get("page") or item.get("start") is None:
            out[field] = {"page": None, "rects": [], "why": NO_SOURCE}
            continue
        out[field] = _field_rects(archive, delib["sha256"], pages, words, item)
    return out


def _field_rects(archive: Archive, sha256: str, pages: list[PageSource],
                 words: dict[int, tuple[list[WordBox] | None, str | None]], item: dict[str, Any]) -> dict[str, Any]:
    rects, why, partly = [], None, False
    by_number = {p.number: p for p in pages}
    for number, start, end in span_parts(pages, item["page"], item["start"], item["end"]):
        if number not in words:
            words[number] = page_words(archive, sha256, by_number[number])
        boxes, reason = words[number]
        if boxes is None:
            why = why or reason
            continue
        found, missing = span_rects(boxes, by_number[number].text, start, end)
        partly |= missing
        rects += [{"page": number, "left": r[0], "top": r[1], "right": r[2], "bottom": r[3]} for r in found]
    if not rects:
        why = why or NOT_FOUND
    elif partly:
        why = PARTLY_FOUND
    return {"page": item["page"], "rects": rects, "why": why}
