"""Word boxes of OCRed pages, kept compact in ``page_words`` (one row per page).

Tesseract's word boxes exist only while a page is recognised; they are what shows, on the
page image, the words a value was read from. A text layer's boxes are not stored: they are
read again from the kept original (:mod:`registre.ingest.words`).

A page's words are one blob: a format byte, then zlib over six little-endian arrays, column
by column (which compresses better than word by word): the gap before each word (from the
previous word's end), each word's length, and its left, top, right and bottom edges in
1/10,000 of the page (0.06 pt on an A4 page). Measured on 9 generated 200-dpi scan pages
(``bench/make_scans.py`` of the four sample kinds): 2.8 KB a page, 6.5 bytes a word — about
the size of the page's own text, and 0.5 % of the scan it was read from (~500 KiB a page).
"""

from __future__ import annotations

import sqlite3
import sys
import zlib
from array import array
from typing import Any

from registre.model import Document, WordBox

FORMAT = 1
SCALE = 10_000  # box edges in 1/SCALE of the page's width or height
_INSERT = "INSERT OR REPLACE INTO page_words (sha256, number, words) VALUES (?, ?, ?)"


def encode_words(words: list[WordBox]) -> bytes:
    """Pack a page's word boxes into a blob (see the module's docstring).

    Args:
        words: the boxes, in text order.

    Returns:
        The blob.
    """
    gaps, lengths = array("I"), array("I")
    edges = [array("H") for _ in range(4)]
    end = 0
    for w in words:  # in text order; an overlap (never made by ingest) is cut off
        start = max(w.start, end)
        gaps.append(start - end)
        lengths.append(max(0, w.end - start))
        end = start + lengths[-1]
        for column, value in zip(edges, (w.left, w.top, w.right, w.bottom), strict=True):
            column.append(round(min(max(value, 0.0), 1.0) * SCALE))
    columns = [gaps, lengths, *edges]
    if sys.byteorder == "big":
        for column in columns:
            column.byteswap()
    return bytes([FORMAT]) + zlib.compress(b"".join(c.tobytes() for c in columns), 9)


def decode_words(blob: bytes) -> list[WordBox]:
    """Unpack a blob written by :func:`encode_words`.

    Raises:
        ValueError: the blob is of an unknown format or damaged.
    """
    if not blob or blob[0] != FORMAT:
        raise ValueError("unknown page_words format")
    data = zlib.decompress(blob[1:])
    offsets = array("I"), array("I")
    edges = [array("H") for _ in range(4)]
    count = len(data) // sum(c.itemsize for c in (*offsets, *edges))
    position = 0
    for column in (*offsets, *edges):
        size = count * column.itemsize
        column.frombytes(data[position:position + size])
        position += size
        if sys.byteorder == "big":
            column.byteswap()
    out, end = [], 0
    for i in range(count):
        start = end + offsets[0][i]
        end = start + offsets[1][i]
        out.append(WordBox(start, end, *(column[i] / SCALE for column in edges)))
    return out


def page_words_rows(document: Document) -> list[tuple[Any, ...]]:
    """The ``page_words`` rows (sha256, number, blob) of the pages that carry word boxes."""
    return [(document.sha256, p.number, encode_words(p.words)) for p in document.pages if p.words]


def insert_page_words(conn: sqlite3.Connection, document: Document) -> None:
    """Write the word boxes of a document's pages (inside the caller's transaction)."""
    found = page_words_rows(document)
    if found:  # a document without OCR touches no table of this schema version
        conn.executemany(_INSERT, found)


def load_page_words(conn: sqlite3.Connection, sha256: str, number: int) -> list[WordBox] | None:
    """The stored word boxes of one page, or None when none are stored."""
    row = conn.execute("SELECT words FROM page_words WHERE sha256 = ? AND number = ?", (sha256, number)).fetchone()
    return decode_words(row[0]) if row else None
