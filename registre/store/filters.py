"""Filters on deliberations (dates, body, instance, decision, matière, person, vote) as SQL.

Every filter is answered through an index of ``deliberations`` (or, for a person, one FTS
query on the names column checked against ``persons``), never by a per-row scan of the
full-text table.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, get_args

from registre.errors import BadInputError
from registre.model import Decision
from registre.store.schema import FTS_TABLE
from registre.store.stemming import fold, words

DECISIONS: tuple[str, ...] = get_args(Decision)
_CODE = re.compile(r"^\d+(?:\.\d+)*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class SearchFilters:
    """What to keep, besides the words searched for. ``None`` means "do not filter".

    Attributes:
        date_from: first séance date kept, "YYYY-MM-DD" (or "YYYY-MM", "YYYY").
        date_to: last séance date kept, inclusive (a partial date means its last day).
        year: séance year.
        collectivite: the body, case-insensitive; exact name first, else part of the name.
        instance: conseil municipal, bureau…, same matching as ``collectivite``.
        decision: one of adoptee, rejetee, ajournee, retiree, prend_acte.
        matiere: an ACTES code ("7.5" keeps 7.5 and 7.5.x) or words of its name.
        person: a name, or part of one, as present, absent, president, secretary or proxy.
        unanimite: True for unanimous votes, False for the others.
    """

    date_from: str | date | None = None
    date_to: str | date | None = None
    year: int | None = None
    collectivite: str | None = None
    instance: str | None = None
    decision: str | None = None
    matiere: str | None = None
    person: str | None = None
    unanimite: bool | None = None

    @classmethod
    def from_kwargs(cls, **filters: Any) -> SearchFilters:
        """Build filters from keyword arguments, refusing unknown names.

        Raises:
            BadInputError: a keyword is not a filter.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(filters) - known)
        if unknown:
            raise BadInputError(
                f"unknown filter {', '.join(unknown)}: use one of {', '.join(sorted(known))}"
            )
        return cls(**filters)

    def is_empty(self) -> bool:
        """Return True when no filter is set."""
        return all(getattr(self, f.name) is None for f in fields(self))


@dataclass
class FilterSQL:
    """A WHERE fragment over ``deliberations AS d`` and its parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def where(self, prefix: str = "WHERE") -> str:
        """Return ``prefix`` + the clauses joined by AND, or "" when there is none."""
        return f"{prefix} {' AND '.join(self.clauses)}" if self.clauses else ""

    def add(self, clause: str, *params: Any) -> None:
        """Add one clause (ANDed with the others) and its parameters."""
        self.clauses.append(clause)
        self.params.extend(params)


def build_filters(
    conn: sqlite3.Connection, filters: SearchFilters, *, use_indexes: bool = True
) -> FilterSQL:
    """Translate filters into SQL over ``deliberations AS d``.

    Args:
        conn: the archive connection (used to resolve names of bodies and instances).
        filters: the filters.
        use_indexes: False prefixes columns with ``+`` so that SQLite walks another index
            (the séance date) instead; used when a filter keeps most of the archive.

    Returns:
        The WHERE clauses and their parameters.

    Raises:
        BadInputError: a filter value is malformed (date, year, decision, empty name).
    """
    col = "+d." if not use_indexes else "d."
    out = FilterSQL()
    _add_dates(out, filters, col)
    for name in ("collectivite", "instance"):
        value = getattr(filters, name)
        if value is not None:
            _add_name(out, conn, name, value, col)
    if filters.decision is not None:
        out.add(f"{col}decision = ?", check_decision(filters.decision))
    if filters.matiere is not None:
        _add_matiere(out, filters.matiere, col)
    if filters.unanimite is not None:
        out.add(f"{col}unanimite = ?", int(bool(filters.unanimite)))
    if filters.person is not None:
        _add_person(out, filters.person)
    return out


def check_decision(value: str) -> str:
    """Return the canonical decision for ``value`` ("Adoptée" -> "adoptee").

    Raises:
        BadInputError: not a known decision.
    """
    canonical = "_".join(words(value))
    if canonical not in DECISIONS:
        raise BadInputError(f"unknown decision {value!r}: use one of {', '.join(DECISIONS)}")
    return canonical


def date_bound(value: str | date, *, end: bool) -> str:
    """Turn "YYYY", "YYYY-MM" or "YYYY-MM-DD" into a full ISO date (first or last day).

    Raises:
        BadInputError: not such a date.
    """
    if isinstance(value, date):
        return value.isoformat()
    match = _DATE.match(str(value).strip())
    if not match:
        raise BadInputError(f"bad date {value!r}: write it YYYY-MM-DD (or YYYY-MM, YYYY)")
    year, month, day = match.groups()
    bound = f"{year}-{month or ('12' if end else '01')}-{day or ('31' if end else '01')}"
    try:
        date.fromisoformat(f"{year}-{month or '01'}-{day or '01'}")
    except ValueError as e:
        raise BadInputError(f"bad date {value!r}: {e}") from e
    return bound


def _add_dates(out: FilterSQL, filters: SearchFilters, col: str) -> None:
    if filters.date_from is not None:
        out.add(f"{col}date_seance >= ?", date_bound(filters.date_from, end=False))
    if filters.date_to is not None:
        out.add(f"{col}date_seance <= ?", date_bound(filters.date_to, end=True))
    if filters.year is not None:
        try:
            year = int(filters.year)
        except (TypeError, ValueError) as e:
            raise BadInputError(f"bad year {filters.year!r}: write it as 4 digits") from e
        if not 1000 <= year <= 9999:
            raise BadInputError(f"bad year {filters.year!r}: write it as 4 digits")
        out.add(f"{col}date_seance BETWEEN ? AND ?", f"{year}-01-01", f"{year}-12-31")


def _add_name(out: FilterSQL, conn: sqlite3.Connection, column: str, value: str, col: str) -> None:
    """Exact (case-insensitive) name if the archive has it, else every name containing it."""
    value = value.strip()
    if not value:
        raise BadInputError(f"empty {column} filter: give a name or leave the option out")
    if conn.execute(f"SELECT 1 FROM deliberations WHERE {column} = ? LIMIT 1", (value,)).fetchone():
        out.add(f"{col}{column} = ?", value)
        return
    key = fold(value)
    names = [
        name
        for (name,) in conn.execute(f"SELECT DISTINCT {column} FROM deliberations")
        if name is not None and key in fold(name)
    ]
    if not names:
        out.add("0")
        return
    out.add(f"{col}{column} IN ({', '.join('?' * len(names))})", *names)


def _add_matiere(out: FilterSQL, value: str, col: str) -> None:
    value = value.strip()
    if _CODE.match(value):
        out.add(
            f"({col}matiere_code = ? OR ({col}matiere_code >= ? AND {col}matiere_code < ?))",
            value,
            value + ".",
            value + "/",  # "/" sorts right after "."
        )
    elif value:
        out.add(f"{col}matiere_nom LIKE ?", f"%{value}%")
    else:
        raise BadInputError("empty matière filter: give an ACTES code such as 7.5, or words")


def _add_person(out: FilterSQL, person: str) -> None:
    """One FTS query on the names column, then each candidate checked in ``persons``."""
    key = " ".join(words(person))
    if not key:
        raise BadInputError(f"bad person filter {person!r}: give a name such as 'Varlet'")
    phrase = '"' + key + '"'
    out.add(
        f"d.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)",
        "{names} : " + phrase,
    )
    out.add(
        "EXISTS (SELECT 1 FROM persons p WHERE p.deliberation_id = d.id"
        " AND ' ' || p.name_key || ' ' LIKE ?)",
        f"% {key} %",
    )
