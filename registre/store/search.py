"""Full-text search with filters, ranking and snippets.

A query (see :mod:`registre.store.query`) becomes one FTS5 MATCH over the contentless
``deliberations_fts`` table: exact words in objet, body and names, beside their stems.
Filters (:class:`~registre.store.filters.SearchFilters`) are SQL over indexed columns.

The plan depends on probes, each stopped early: how many deliberations the words match (up
to :data:`RANK_CAP`), how many each phrase matches (up to :data:`PHRASE_CAP`) and how many the
filters keep (up to :data:`FILTER_CAP`).

- **Specific words** (fewer than RANK_CAP matches, each phrase fewer than PHRASE_CAP): every
  match is ranked by bm25, objet weighted above body and exact words above stems; filters are
  checked on the covering index ``deliberations_by_id``, without reading the long rows.
- **Common words**: bm25 counts every match of every phrase for its idf — seconds for a
  common phrase in a million deliberations — and that idf says little about common words
  anyway. The :data:`CANDIDATES` most recently archived matches that pass the filters (more
  when paging deeper) are ranked instead in tiers, then by séance date, newest first: objet
  holding a searched word as typed (score 2), objet holding another form of it (1), the
  others (0). The filters are gathered first when they keep at most FILTER_CAP deliberations.
- **Sorted by date**: few matches are sorted; with many, the séance-date index is walked
  newest first and each row is checked against the index by rowid until the page is full.

bm25 is never computed inside a join driven by another table: FTS5 would recount each phrase
for every row.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Literal

from registre.errors import BadInputError
from registre.store.archive import Archive
from registre.store.filters import FilterSQL, SearchFilters, build_filters
from registre.store.query import Query, parse_query
from registre.store.schema import (
    BM25_WEIGHTS,
    COVER_INDEX,
    FTS_TABLE,
)
from registre.store.snippets import DEFAULT_MARKS, find_hits, make_snippet, objet_tiers

__all__ = ["SearchFilters", "count", "search"]

Sort = Literal["relevance", "date"]
RANK_CAP = 10_000  # matches up to which bm25 ranks them all
PHRASE_CAP = 50_000  # matches of one phrase up to which bm25 may count them
CANDIDATES = 2_000  # newest matches ranked in tiers when the words are common
FILTER_CAP = 50_000  # filtered ids up to which the filters are gathered before the words
MAX_LIMIT = 1_000
_FTS = FTS_TABLE
_BM25 = f"bm25({_FTS}, {', '.join(str(w) for w in BM25_WEIGHTS)})"
_MATCH = f"{_FTS} MATCH ?"
_BY_DATE = "ORDER BY d.date_seance DESC, d.id DESC"
_JOIN = f"{_FTS} CROSS JOIN deliberations d INDEXED BY {COVER_INDEX} ON d.id = {_FTS}.rowid"
_IN_FILTERED = f"+{_FTS}.rowid IN (SELECT d.id FROM deliberations d {{}})"
_HIT_COLUMNS = (
    "id", "date_seance", "collectivite", "instance", "numero", "objet",
    "decision", "unanimite", "matiere_code",
)  # fmt: skip
Ranked = list[tuple[int, float | None]]


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
    plan = _Plan(archive.conn, parse_query(query), filters or SearchFilters())
    if plan.query.is_empty():
        ranked = plan.by_filters(limit, offset)
    elif sort == "date":
        ranked = plan.by_date(limit, offset)
    elif plan.common_words() or plan.common_phrase():
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
    plan = _Plan(archive.conn, parse_query(query), filters or SearchFilters())
    where = plan.where()
    if plan.query.is_empty():
        sql = f"SELECT count(*) FROM deliberations d {where.where()}"
        return plan.scalar(sql, where.params)
    if not where.clauses:
        sql = f"SELECT count(*) FROM {_FTS} WHERE {_MATCH}"
    elif plan.few_filtered():
        sql = f"SELECT count(*) FROM {_FTS} WHERE {_MATCH} AND {_IN_FILTERED.format(where.where())}"
    else:
        sql = f"SELECT count(*) FROM {_JOIN} WHERE {_MATCH} {where.where('AND')}"
    return plan.scalar(sql, [plan.expr, *where.params])


def _check_page(limit: int, offset: int, sort: str) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadInputError(f"bad limit {limit}: give a number from 1 to {MAX_LIMIT}")
    if offset < 0:
        raise BadInputError(f"bad offset {offset}: give 0 or more")
    if sort not in ("relevance", "date"):
        raise BadInputError(f"bad sort {sort!r}: use relevance or date")


@dataclass
class _Plan:
    """One search: the parsed words, the filters, and the probes that choose the plan."""

    conn: sqlite3.Connection
    query: Query
    filters: SearchFilters
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def expr(self) -> str:
        """The FTS5 MATCH expression of the words."""
        return self.query.fts()

    def where(self, *, use_indexes: bool = True) -> FilterSQL:
        """The filters as SQL (``use_indexes=False``: walk the date index instead)."""
        return build_filters(self.conn, self.filters, use_indexes=use_indexes)

    def scalar(self, sql: str, params: list[Any]) -> int:
        """Run a query returning one number."""
        return int(self.conn.execute(sql, params).fetchone()[0])

    def common_words(self) -> bool:
        """True when the words match RANK_CAP deliberations or more."""
        if "matches" not in self._cache:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM {_FTS} WHERE {_MATCH} LIMIT ?)"
            self._cache["matches"] = self.scalar(sql, [self.expr, RANK_CAP])
        return self._cache["matches"] >= RANK_CAP

    def common_phrase(self) -> bool:
        """True when one phrase of the words matches PHRASE_CAP deliberations or more."""
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {_FTS} WHERE {_MATCH} LIMIT ?)"
        return any(
            self.scalar(sql, [phrase, PHRASE_CAP]) >= PHRASE_CAP for phrase in self.query.phrases()
        )

    def few_filtered(self) -> bool:
        """True when there are filters and they keep at most FILTER_CAP deliberations."""
        if "filtered" not in self._cache:
            where = self.where()
            sql = f"SELECT count(*) FROM (SELECT 1 FROM deliberations d {where.where()} LIMIT ?)"
            kept = self.scalar(sql, [*where.params, FILTER_CAP + 1]) if where.clauses else None
            self._cache["filtered"] = kept is not None and kept <= FILTER_CAP
        return self._cache["filtered"]

    def by_filters(self, limit: int, offset: int) -> Ranked:
        """No words: the filtered deliberations, newest first."""
        where = self.where(use_indexes=self.few_filtered())
        sql = f"SELECT d.id, NULL FROM deliberations d {where.where()} {_BY_DATE} LIMIT ? OFFSET ?"
        return self.conn.execute(sql, [*where.params, limit, offset]).fetchall()

    def by_bm25(self, limit: int, offset: int) -> Ranked:
        """Specific words: rank every match that passes the filters."""
        where = self.where()
        source = _JOIN if where.clauses else _FTS
        sql = (
            f"SELECT {_FTS}.rowid, {_BM25} AS score FROM {source} WHERE {_MATCH}"
            f" {where.where('AND')} ORDER BY score, {_FTS}.rowid LIMIT ? OFFSET ?"
        )
        return self.conn.execute(sql, [self.expr, *where.params, limit, offset]).fetchall()

    def by_tiers(self, limit: int, offset: int) -> Ranked:
        """Common words: the newest matches, objet first, then by séance date."""
        light = self.query.highlight
        candidates = self._newest_matches(max(CANDIDATES, offset + limit))
        tiers = objet_tiers(
            [c[2] for c in candidates], light["exact"], light["prefixes"], light["stems"]
        )
        scored = [(t, c[1] or "", c[0]) for t, c in zip(tiers, candidates)]
        scored.sort(reverse=True)
        return [(i, -float(tier)) for tier, _, i in scored[offset : offset + limit]]

    def _newest_matches(self, k: int) -> list[tuple[int, str | None, str | None]]:
        """The ``k`` newest archived matches that pass the filters, with date and objet."""
        if self.few_filtered():
            where = self.where()
            members = f"AND {_IN_FILTERED.format(where.where())}"
        else:
            where = self.where(use_indexes=False)
            members = where.where("AND")
        sql = (
            f"SELECT {_FTS}.rowid, d.date_seance, d.objet FROM {_JOIN} WHERE {_MATCH} {members}"
            f" ORDER BY {_FTS}.rowid DESC LIMIT ?"
        )
        return self.conn.execute(sql, [self.expr, *where.params, k]).fetchall()

    def by_date(self, limit: int, offset: int) -> Ranked:
        """Newest first: sort few matches; walk the date index when there are many."""
        if not self.common_words():
            where = self.where()
            sql = (
                f"SELECT d.id, NULL FROM {_JOIN} WHERE {_MATCH} {where.where('AND')}"
                f" {_BY_DATE} LIMIT ? OFFSET ?"
            )
            return self.conn.execute(sql, [self.expr, *where.params, limit, offset]).fetchall()
        where = self.where(use_indexes=self.few_filtered())
        probe = f"EXISTS (SELECT 1 FROM {_FTS} WHERE {_MATCH} AND {_FTS}.rowid = d.id)"
        where.add(probe, self.expr)
        sql = f"SELECT d.id, NULL FROM deliberations d {where.where()} {_BY_DATE} LIMIT ? OFFSET ?"
        return self.conn.execute(sql, [*where.params, limit, offset]).fetchall()


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
