"""Full-text search with filters, ranking and snippets.

A query (see :mod:`registre.store.query`) becomes one FTS5 MATCH over the contentless
``deliberations_fts`` table: exact words in objet, body and names, beside their stems; bm25
weights put objet above body and exact words above stems. Filters
(:class:`~registre.store.filters.SearchFilters`) are SQL over indexed columns.

The plan depends on two cheap probes, each stopped early: how many deliberations the words
match (up to :data:`RANK_CAP`) and how many the filters keep (up to :data:`FILTER_CAP`).

- words matching fewer than RANK_CAP: rank every match, filters checked on the covering
  index ``deliberations_by_id`` (exact);
- more, no filter: rank the RANK_CAP most recently archived matches (bm25 costs about a
  microsecond per row scored, so ranking all of a common word's matches would be slow);
- more, filters keeping at most FILTER_CAP: rank the matches among the filtered ids, the
  newest RANK_CAP of them at most;
- more, filters keeping more: rank the newest :data:`WEAK_CAP` matches that pass the filters;
- sorted by date: with few matches, sort them; with many, walk the séance-date index
  newest first and stop at the first page of matches.

bm25 is never computed inside a join driven by another table: FTS5 would recount each
phrase's matches for every row.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Literal

from registre.errors import BadInputError
from registre.store.archive import Archive
from registre.store.filters import FilterSQL, SearchFilters, build_filters
from registre.store.query import Query, parse_query
from registre.store.schema import BM25_WEIGHTS, COVER_INDEX, FTS_TABLE
from registre.store.snippets import DEFAULT_MARKS, find_hits, make_snippet

__all__ = ["SearchFilters", "count", "search"]

Sort = Literal["relevance", "date"]
RANK_CAP = 10_000  # most matches ranked by bm25
FILTER_CAP = 50_000  # filtered ids up to which the filters are gathered first
WEAK_CAP = 2_000  # most matches ranked when the filters keep more than FILTER_CAP
MAX_LIMIT = 1_000
_FTS = FTS_TABLE
_BM25 = f"bm25({_FTS}, {', '.join(str(w) for w in BM25_WEIGHTS)})"
_MATCH = f"{_FTS} MATCH ?"
_BY_DATE = "ORDER BY d.date_seance DESC, d.id DESC"
_JOIN = f"{_FTS} CROSS JOIN deliberations d INDEXED BY {COVER_INDEX} ON d.id = {_FTS}.rowid"
_HIT_COLUMNS = (
    "id", "date_seance", "collectivite", "instance", "numero", "objet",
    "decision", "unanimite", "matiere_code",
)  # fmt: skip


def search(
    archive: Archive,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    sort: Sort = "relevance",
    filters: SearchFilters | None = None,
    marks: tuple[str, str] = DEFAULT_MARKS,
) -> list[dict[str, Any]]:
    """Search the archive.

    Args:
        archive: the open archive.
        query: what the user typed ("" with filters: filters alone, newest first).
        limit: at most this many hits (1–1000).
        offset: skip this many hits first (paging).
        sort: "relevance" (best first; without words, newest first) or "date" (newest first).
        filters: what to keep besides the words.
        marks: strings put around matched words in snippets (the CLI may use rich styles).

    Returns:
        Hits: id, date_seance, collectivite, instance, numero, objet, decision, unanimite,
        matiere_code, snippet, score (higher is better; None when not ranked by words).

    Raises:
        BadInputError: a query or filter that cannot be searched, with what to type instead.
    """
    _check_page(limit, offset, sort)
    parsed = parse_query(query)
    filters = filters or SearchFilters()
    conn = archive.conn
    if parsed.is_empty():
        ranked = _by_filters(conn, filters, limit, offset)
    elif sort == "date":
        ranked = _by_date(conn, parsed, filters, limit, offset)
    else:
        ranked = _by_relevance(conn, parsed, filters, limit, offset)
    return _hits(conn, ranked, parsed, marks)


def count(archive: Archive, query: str, *, filters: SearchFilters | None = None) -> int:
    """Count the deliberations a search would find (all pages).

    Args:
        archive: the open archive.
        query: what the user typed ("" counts the filters alone).
        filters: what to keep besides the words.

    Returns:
        The number of matching deliberations.

    Raises:
        BadInputError: as :func:`search`.
    """
    parsed = parse_query(query)
    conn = archive.conn
    where = build_filters(conn, filters or SearchFilters())
    if parsed.is_empty():
        return _scalar(conn, f"SELECT count(*) FROM deliberations d {where.where()}", where.params)
    expr = parsed.fts()
    if not where.clauses:
        sql = f"SELECT count(*) FROM {_FTS} WHERE {_MATCH}"
    elif _filtered(conn, where, FILTER_CAP) <= FILTER_CAP:
        sql = f"SELECT count(*) FROM {_FTS} WHERE {_MATCH} AND {_IN_FILTERED.format(where.where())}"
    else:
        sql = f"SELECT count(*) FROM {_JOIN} WHERE {_MATCH} {where.where('AND')}"
    return _scalar(conn, sql, [expr, *where.params])


_IN_FILTERED = f"+{_FTS}.rowid IN (SELECT d.id FROM deliberations d {{}})"


def _check_page(limit: int, offset: int, sort: str) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadInputError(f"bad limit {limit}: give a number from 1 to {MAX_LIMIT}")
    if offset < 0:
        raise BadInputError(f"bad offset {offset}: give 0 or more")
    if sort not in ("relevance", "date"):
        raise BadInputError(f"bad sort {sort!r}: use relevance or date")


def _by_filters(
    conn: sqlite3.Connection, filters: SearchFilters, limit: int, offset: int
) -> list[tuple[int, float | None]]:
    """No words: the filtered deliberations, newest first."""
    where = build_filters(conn, filters)
    if _filtered(conn, where, FILTER_CAP) > FILTER_CAP:  # most pass: walk the date index
        where = build_filters(conn, filters, use_indexes=False)
    sql = f"SELECT d.id, NULL FROM deliberations d {where.where()} {_BY_DATE} LIMIT ? OFFSET ?"
    return conn.execute(sql, [*where.params, limit, offset]).fetchall()


def _by_relevance(
    conn: sqlite3.Connection, parsed: Query, filters: SearchFilters, limit: int, offset: int
) -> list[tuple[int, float | None]]:
    """Rank by bm25 (see the module docstring for the four plans)."""
    expr = parsed.fts()
    where = build_filters(conn, filters)
    select = f"SELECT {_FTS}.rowid AS id, {_BM25} AS score"
    newest = f"ORDER BY {_FTS}.rowid DESC LIMIT"
    if _matches(conn, expr, RANK_CAP) < RANK_CAP:
        inner = f"{select} FROM {_JOIN} WHERE {_MATCH} {where.where('AND')}"
    elif not where.clauses:
        inner = f"{select} FROM {_FTS} WHERE {_MATCH} {newest} {RANK_CAP}"
    elif _filtered(conn, where, FILTER_CAP) <= FILTER_CAP:
        members = _IN_FILTERED.format(where.where())
        inner = f"{select} FROM {_FTS} WHERE {_MATCH} AND {members} {newest} {RANK_CAP}"
    else:
        where = build_filters(conn, filters, use_indexes=False)
        inner = f"{select} FROM {_JOIN} WHERE {_MATCH} {where.where('AND')} {newest} {WEAK_CAP}"
    sql = f"SELECT id, score FROM ({inner}) ORDER BY score, id LIMIT ? OFFSET ?"
    return conn.execute(sql, [expr, *where.params, limit, offset]).fetchall()


def _by_date(
    conn: sqlite3.Connection, parsed: Query, filters: SearchFilters, limit: int, offset: int
) -> list[tuple[int, float | None]]:
    """Newest first: sort few matches; walk the date index when there are many."""
    expr = parsed.fts()
    where = build_filters(conn, filters)
    if _matches(conn, expr, RANK_CAP) < RANK_CAP:
        sql = (
            f"SELECT d.id, NULL FROM {_JOIN} WHERE {_MATCH} {where.where('AND')}"
            f" {_BY_DATE} LIMIT ? OFFSET ?"
        )
        return conn.execute(sql, [expr, *where.params, limit, offset]).fetchall()
    if _filtered(conn, where, FILTER_CAP) > FILTER_CAP or not where.clauses:
        where = build_filters(conn, filters, use_indexes=False)
    probe = f"EXISTS (SELECT 1 FROM {_FTS} WHERE {_MATCH} AND {_FTS}.rowid = d.id)"
    where.clauses.append(probe)
    sql = f"SELECT d.id, NULL FROM deliberations d {where.where()} {_BY_DATE} LIMIT ? OFFSET ?"
    return conn.execute(sql, [*where.params, expr, limit, offset]).fetchall()


def _matches(conn: sqlite3.Connection, expr: str, cap: int) -> int:
    """Count the deliberations the words match, stopping at ``cap``."""
    sql = f"SELECT count(*) FROM (SELECT rowid FROM {_FTS} WHERE {_MATCH} LIMIT ?)"
    return _scalar(conn, sql, [expr, cap])


def _filtered(conn: sqlite3.Connection, where: FilterSQL, cap: int) -> int:
    """Count the deliberations the filters keep, stopping after ``cap``."""
    if not where.clauses:
        return cap + 1
    sql = f"SELECT count(*) FROM (SELECT 1 FROM deliberations d {where.where()} LIMIT ?)"
    return _scalar(conn, sql, [*where.params, cap + 1])


def _scalar(conn: sqlite3.Connection, sql: str, params: list[Any]) -> int:
    return int(conn.execute(sql, params).fetchone()[0])


def _hits(
    conn: sqlite3.Connection,
    ranked: list[tuple[int, float | None]],
    parsed: Query,
    marks: tuple[str, str],
) -> list[dict[str, Any]]:
    """Fetch the fields of the ranked ids and cut their snippets, keeping the order."""
    if not ranked:
        return []
    ids = [r[0] for r in ranked]
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    sql = (
        f"SELECT {', '.join(_HIT_COLUMNS)}, text FROM deliberations"
        f" WHERE id IN ({', '.join('?' * len(ids))})"
    )
    found = {row["id"]: row for row in cur.execute(sql, ids)}
    hits = []
    for delib_id, score in ranked:
        row = found[delib_id]
        hit = {c: row[c] for c in _HIT_COLUMNS}
        if hit["unanimite"] is not None:
            hit["unanimite"] = bool(hit["unanimite"])
        hit["snippet"] = _snippet(row["objet"] or "", row["text"] or "", parsed, marks)
        hit["score"] = None if score is None else round(-score, 4)
        hits.append(hit)
    return hits


def _snippet(objet: str, text: str, parsed: Query, marks: tuple[str, str]) -> str:
    """A window of the body around the matched words; the objet when the body has none."""
    light = parsed.highlight
    if not light:
        return make_snippet(text or objet, [], marks=marks)
    args = (light["exact"], light["prefixes"], light["stems"])
    spans = find_hits(text, *args)
    if spans or not objet:
        return make_snippet(text, spans, marks=marks)
    return make_snippet(objet, find_hits(objet, *args), marks=marks)
