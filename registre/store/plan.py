"""How a search runs: cheap probes choose among a few SQL plans (see :mod:`.search`).

Probes, each stopped early: the ids of the words' matches (kept when fewer than
:data:`RANK_CAP`), the matches of each phrase (up to :data:`PHRASE_CAP`) and the number of
deliberations the filters keep (up to :data:`FILTER_CAP`).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from registre.errors import BadInputError
from registre.store.filters import FilterSQL, SearchFilters, build_filters
from registre.store.query import Query
from registre.store.schema import BM25_WEIGHTS, COVER_INDEX, FTS_TABLE
from registre.store.snippets import objet_tiers

RANK_CAP = 10_000  # matches up to which the ids are kept and bm25 may rank them all
PHRASE_CAP = 50_000  # matches of one phrase up to which bm25 may count them
MAX_PHRASES = 24  # more phrases (a prefix standing for many words): no bm25
CANDIDATES = 2_000  # newest matches ranked in tiers when the words are common
FILTER_CAP = 50_000  # filtered ids up to which the filters are gathered before the words
# Measured costs (microseconds) that choose between checking each filtered row against the
# index by rowid and walking the matches until enough pass the filters.
PROBE_COST = 15.0  # one rowid check of a filtered row
SCAN_COST = 0.3  # one match walked and checked against the gathered filtered ids
MAX_EXPANSION = 500  # words a prefix may stand for

_FTS = FTS_TABLE
_BM25 = f"bm25({_FTS}, {', '.join(str(w) for w in BM25_WEIGHTS)})"
_MATCH = f"{_FTS} MATCH ?"
_BY_DATE = "ORDER BY d.date_seance DESC, d.id DESC"
_COVER = f"deliberations d INDEXED BY {COVER_INDEX}"
_JOIN = f"{_FTS} CROSS JOIN {_COVER} ON d.id = {_FTS}.rowid"
_IN_IDS = "d.id IN (SELECT value FROM json_each(?))"
_IN_FILTERED = f"+{_FTS}.rowid IN (SELECT d.id FROM deliberations d {{}})"
_PROBE = f"EXISTS (SELECT 1 FROM {_FTS} WHERE {_MATCH} AND {_FTS}.rowid = d.id)"

Ranked = list[tuple[int, float | None]]
Candidates = list[tuple[int, str | None, str | None]]  # id, date_seance, objet


def expand_prefix(conn: sqlite3.Connection, prefix: str) -> tuple[str, ...] | None:
    """Return the indexed words starting with ``prefix`` (None without a vocabulary).

    Raises:
        BadInputError: more than :data:`MAX_EXPANSION` words start with it.
    """
    high = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    sql = "SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?"
    try:
        found = [r[0] for r in conn.execute(sql, (prefix, high, MAX_EXPANSION + 1))]
    except sqlite3.OperationalError:  # an archive made before the vocabulary existed
        return None
    if len(found) > MAX_EXPANSION:
        raise BadInputError(
            f"more than {MAX_EXPANSION} words start with {prefix!r}: give more letters before *"
        )
    return tuple(found)


@dataclass
class SearchPlan:
    """One search: the parsed words (prefixes expanded), the filters, and the probes."""

    conn: sqlite3.Connection
    query: Query
    filters: SearchFilters
    _cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, conn: sqlite3.Connection, query: Query, filters: SearchFilters) -> SearchPlan:
        """Plan a search, expanding the query's prefixes through the archive's vocabulary."""
        return cls(conn, query.expand(lambda prefix: expand_prefix(conn, prefix)), filters)

    @property
    def expr(self) -> str:
        """The FTS5 MATCH expression of the words."""
        return self.query.fts()

    def where(self, *, use_indexes: bool = True) -> FilterSQL:
        """The filters as SQL, a fresh copy (``use_indexes=False``: walk the date index)."""
        key = f"where-{use_indexes}"
        if key not in self._cache:
            self._cache[key] = build_filters(self.conn, self.filters, use_indexes=use_indexes)
        built = self._cache[key]
        return FilterSQL(list(built.clauses), list(built.params))

    def rows(self, sql: str, params: list[Any]) -> list[Any]:
        """Run a query and return all its rows."""
        return self.conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: list[Any]) -> int:
        """Run a query returning one number."""
        return int(self.conn.execute(sql, params).fetchone()[0])

    # -- probes ----------------------------------------------------------------------------

    def match_ids(self) -> list[int] | None:
        """Ids of every match, newest first, when there are fewer than RANK_CAP; else None."""
        if "ids" not in self._cache:
            sql = f"SELECT rowid FROM {_FTS} WHERE {_MATCH} ORDER BY rowid DESC LIMIT ?"
            ids = [r[0] for r in self.rows(sql, [self.expr, RANK_CAP])]
            self._cache["ids"] = ids if len(ids) < RANK_CAP else None
        return self._cache["ids"]

    def common_phrase(self) -> bool:
        """True when bm25 would be slow: a phrase with PHRASE_CAP matches, or many phrases."""
        phrases = self.query.phrases()
        if len(phrases) > MAX_PHRASES:
            return True
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {_FTS} WHERE {_MATCH} LIMIT ?)"
        phrases.sort(key=lambda p: p.count(" "))  # one-word phrases are the cheapest to count
        return any(self.scalar(sql, [p, PHRASE_CAP]) >= PHRASE_CAP for p in phrases)

    def filtered(self) -> int | None:
        """How many deliberations the filters keep (FILTER_CAP + 1: more); None: no filter."""
        if "filtered" not in self._cache:
            where = self.where()
            sql = f"SELECT count(*) FROM (SELECT 1 FROM deliberations d {where.where()} LIMIT ?)"
            cap = [FILTER_CAP + 1]
            self._cache["filtered"] = (
                self.scalar(sql, [*where.params, *cap]) if where.clauses else None
            )
        return self._cache["filtered"]

    def few_filtered(self) -> bool:
        """True when there are filters and they keep at most FILTER_CAP deliberations."""
        kept = self.filtered()
        return kept is not None and kept <= FILTER_CAP

    def probe_each(self, wanted: int | None) -> bool:
        """True when checking each filtered row by rowid beats walking the matches.

        Args:
            wanted: how many matches are needed (None: all of them, to count).
        """
        kept = self.filtered()
        if kept is None or kept > FILTER_CAP:
            return False
        size = self.scalar("SELECT coalesce(max(id), 0) FROM deliberations", [])
        walked = size if wanted is None else min(size, wanted * size / max(kept, 1))
        return kept * PROBE_COST < walked * SCAN_COST

    # -- plans -----------------------------------------------------------------------------

    def by_filters(self, limit: int, offset: int) -> Ranked:
        """No words: the filtered deliberations, newest first."""
        where = self.where(use_indexes=self.few_filtered())
        sql = f"SELECT d.id, NULL FROM deliberations d {where.where()} {_BY_DATE} LIMIT ? OFFSET ?"
        return self.rows(sql, [*where.params, limit, offset])

    def by_bm25(self, limit: int, offset: int) -> Ranked:
        """Specific words: rank every match that passes the filters."""
        where = self.where()
        source = _JOIN if where.clauses else _FTS
        sql = (
            f"SELECT {_FTS}.rowid, {_BM25} AS score FROM {source} WHERE {_MATCH}"
            f" {where.where('AND')} ORDER BY score, {_FTS}.rowid LIMIT ? OFFSET ?"
        )
        return self.rows(sql, [self.expr, *where.params, limit, offset])

    def by_tiers(self, limit: int, offset: int) -> Ranked:
        """Common words: the newest matches, objet first, then by séance date."""
        light = self.query.highlight
        candidates = self._candidates(max(CANDIDATES, offset + limit))
        tiers = objet_tiers(
            [c[2] for c in candidates], light["exact"], light["prefixes"], light["stems"]
        )
        scored = sorted(((t, c[1] or "", c[0]) for t, c in zip(tiers, candidates, strict=True)), reverse=True)
        return [(i, -float(tier)) for tier, _, i in scored[offset : offset + limit]]

    def by_date(self, limit: int, offset: int) -> Ranked:
        """Newest first: sort few matches; walk the date index when there are many."""
        page = [limit, offset]
        ids = self.match_ids()
        if ids is not None:
            where = self.where()
            sql = f"SELECT d.id, NULL FROM {_COVER} WHERE {_IN_IDS} {where.where('AND')}"
            return self.rows(
                f"{sql} {_BY_DATE} LIMIT ? OFFSET ?", [json.dumps(ids), *where.params, *page]
            )
        where = self.where(use_indexes=self.few_filtered())
        where.add(_PROBE, self.expr)
        sql = f"SELECT d.id, NULL FROM deliberations d {where.where()} {_BY_DATE} LIMIT ? OFFSET ?"
        return self.rows(sql, [*where.params, *page])

    def count(self) -> int:
        """Count every match that passes the filters."""
        where = self.where()
        ids = self.match_ids()
        if ids is not None:
            sql = f"SELECT count(*) FROM {_COVER} WHERE {_IN_IDS} {where.where('AND')}"
            return self.scalar(sql, [json.dumps(ids), *where.params])
        if not where.clauses:
            return self.scalar(f"SELECT count(*) FROM {_FTS} WHERE {_MATCH}", [self.expr])
        if self.probe_each(None):
            where.add(_PROBE, self.expr)
            return self.scalar(
                f"SELECT count(*) FROM deliberations d {where.where()}", where.params
            )
        if self.few_filtered():
            members = _IN_FILTERED.format(where.where())
            sql = f"SELECT count(*) FROM {_FTS} WHERE {_MATCH} AND {members}"
        else:
            sql = f"SELECT count(*) FROM {_JOIN} WHERE {_MATCH} {where.where('AND')}"
        return self.scalar(sql, [self.expr, *where.params])

    def _candidates(self, k: int) -> Candidates:
        """The ``k`` newest archived matches that pass the filters, with date and objet."""
        ids = self.match_ids()
        newest = f"ORDER BY d.id DESC LIMIT {int(k)}"
        if ids is not None:  # every match is known: check the filters on the covering index
            where = self.where()
            sql = f"SELECT d.id, d.date_seance, d.objet FROM {_COVER} WHERE {_IN_IDS}"
            return self.rows(
                f"{sql} {where.where('AND')} {newest}", [json.dumps(ids), *where.params]
            )
        if self.probe_each(k):  # few rows: check each against the index by rowid
            where = self.where()
            where.add(_PROBE, self.expr)
            sql = f"SELECT d.id, d.date_seance, d.objet FROM deliberations d {where.where()}"
            return self.rows(f"{sql} {newest}", where.params)
        if self.few_filtered():  # gather the filtered ids, walk the matches newest first
            where = self.where()
            members = f"AND {_IN_FILTERED.format(where.where())}"
        else:  # most rows pass: walk the matches newest first, filters on the covering index
            where = self.where(use_indexes=False)
            members = where.where("AND")
        sql = (
            f"SELECT {_FTS}.rowid, d.date_seance, d.objet FROM {_JOIN} WHERE {_MATCH} {members}"
            f" ORDER BY {_FTS}.rowid DESC LIMIT {int(k)}"
        )
        return self.rows(sql, [self.expr, *where.params])
