"""Full-text search with filters, ranking and snippets.

A query (see :mod:`registre.store.query`) becomes one FTS5 MATCH over the contentless
``deliberations_fts`` table: exact words in objet, body and names, beside their stems.
Filters (:class:`~registre.store.filters.SearchFilters`) are SQL over indexed columns.

How it runs depends on cheap probes (:mod:`registre.store.plan`), each stopped early:

- **Specific words** (fewer than ``RANK_CAP`` matches, each phrase fewer than ``PHRASE_CAP``):
  every match is ranked by bm25, objet weighted above body and exact words above stems;
  filters are checked on the covering index ``deliberations_by_id``, without reading the long
  rows.
- **Common words**: bm25 counts every match of every phrase for its idf — seconds for a
  common phrase in a million deliberations — and that idf says little about common words
  anyway. The ``CANDIDATES`` most recently archived matches that pass the filters (more when
  paging deeper) are ranked instead in tiers, then by séance date, newest first: objet
  holding a searched word as typed (score 2), objet holding another form of it (1), the
  others (0). Few filtered rows are each checked against the index by rowid; more are
  gathered first; when most rows pass, the filters are checked along the matches.
- **Sorted by date**: few matches are sorted; with many, the séance-date index is walked
  newest first and each row is checked against the index by rowid until the page is full.
- ``prefix*`` is expanded into the indexed words it stands for (``search_terms``), so it runs
  like those words typed with OR.

bm25 is never computed inside a join driven by another table: FTS5 would recount each phrase
for every row.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Literal

from registre.errors import BadInputError
from registre.store.archive import Archive
from registre.store.filters import SearchFilters
from registre.store.plan import Ranked, SearchPlan
from registre.store.query import Query, parse_query
from registre.store.snippets import DEFAULT_MARKS, find_hits, make_snippet

__all__ = ["SearchFilters", "count", "search"]

Sort = Literal["relevance", "date"]
MAX_LIMIT = 1_000
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
    plan = SearchPlan.create(archive.conn, parse_query(query), filters or SearchFilters())
    if plan.query.is_empty():
        ranked = plan.by_filters(limit, offset)
    elif sort == "date":
        ranked = plan.by_date(limit, offset)
    elif plan.match_ids() is None or plan.common_phrase():
        ranked = plan.by_tiers(limit, offset)
    else:
        ranked = plan.by_bm25(limit, offset)
    return _hits(archive.conn, ranked, plan.query, marks)


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
    plan = SearchPlan.create(archive.conn, parse_query(query), filters or SearchFilters())
    if plan.query.is_empty():
        where = plan.where()
        return plan.scalar(f"SELECT count(*) FROM deliberations d {where.where()}", where.params)
    return plan.count()


def _check_page(limit: int, offset: int, sort: str) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadInputError(f"bad limit {limit}: give a number from 1 to {MAX_LIMIT}")
    if offset < 0:
        raise BadInputError(f"bad offset {offset}: give 0 or more")
    if sort not in ("relevance", "date"):
        raise BadInputError(f"bad sort {sort!r}: use relevance or date")


def _hits(
    conn: sqlite3.Connection,
    ranked: Ranked,
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
        hit["score"] = None if score is None else float(f"{-score:.4g}")
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
