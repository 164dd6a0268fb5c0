"""Reads that assemble whole deliberations (fields, file, people, provenance) and counts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from registre.store import rows

SELECT_FULL = (
    "SELECT d.*, doc.path AS file, doc.paths AS paths"
    " FROM deliberations d JOIN documents doc ON doc.sha256 = d.sha256"
)
_CHUNK = 500
_GROUPS = {
    "by_year": "substr(date_seance, 1, 4)",
    "by_collectivite": "collectivite",
    "by_instance": "instance",
    "by_decision": "decision",
}


def select(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
    """Run a query on a cursor whose rows index by column name."""
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, list(params))


def iter_full(
    conn: sqlite3.Connection,
    sql: str,
    params: list[Any],
    original: Callable[[str], Path],
) -> Iterator[dict[str, Any]]:
    """Yield whole deliberations for a ``SELECT_FULL`` query, details fetched by chunks.

    Args:
        conn: the archive connection.
        sql: a query starting with :data:`SELECT_FULL`.
        params: its parameters.
        original: sha256 -> path of the kept original.

    Yields:
        Decoded fields (corrected values where a person corrected them) plus ``file``,
        ``paths``, ``original``, ``provenance``, ``persons`` and ``corrections`` (the active
        ones: field, value, machine_value, note, created_at).
    """
    cur = select(conn, sql, params)
    while chunk := cur.fetchmany(_CHUNK):
        ids = [row["id"] for row in chunk]
        prov = _details(conn, "provenance", 'field, page, start, "end", confidence', ids)
        people = _details(conn, "persons", "name, role", ids)
        fixes = _corrections(conn, ids)
        for row in chunk:
            out = rows.decode_deliberation(row)
            out["paths"] = json.loads(out.get("paths") or "[]")
            out["original"] = str(original(out["sha256"]))
            out["provenance"] = [rows.provenance_dict(p) for p in prov.get(row["id"], [])]
            out["persons"] = rows.persons_by_role(people.get(row["id"], []))
            out["corrections"] = fixes.get(row["id"], [])
            yield out


def _corrections(conn: sqlite3.Connection, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The active corrections of some deliberations (their values are already in the rows)."""
    marks = ", ".join("?" * len(ids))
    sql = (
        "SELECT deliberation_id, field, new_value AS value, machine_value, note, created_at"
        f" FROM corrections WHERE deliberation_id IN ({marks}) AND undone_at IS NULL ORDER BY id"
    )
    grouped = rows.group_by(select(conn, sql, ids), "deliberation_id")
    for items in grouped.values():
        for item in items:
            item["value"] = rows.decode_value(item["field"], item["value"])
            item["machine_value"] = rows.decode_value(item["field"], item["machine_value"])
    return grouped


def _details(
    conn: sqlite3.Connection, table: str, columns: str, ids: list[int]
) -> dict[int, list[dict[str, Any]]]:
    marks = ", ".join("?" * len(ids))
    sql = (
        f"SELECT deliberation_id, {columns} FROM {table}"
        f" WHERE deliberation_id IN ({marks}) ORDER BY rowid"
    )
    return rows.group_by(select(conn, sql, ids), "deliberation_id")


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Count what the archive holds (see :meth:`Archive.stats`)."""

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    out: dict[str, Any] = {
        "documents": one("SELECT count(*) FROM documents"),
        "deliberations": one("SELECT count(*) FROM deliberations"),
        "quarantined": one("SELECT count(*) FROM quarantine"),
        "pages": one("SELECT count(*) FROM pages"),
        "ocr_pages": one("SELECT count(*) FROM pages WHERE source = 'ocr'"),
    }
    for key, expr in _GROUPS.items():
        sql = f"SELECT {expr} AS v, count(*) FROM deliberations GROUP BY v ORDER BY v"
        out[key] = {("unknown" if v is None else v): n for v, n in conn.execute(sql)}
    return out
