"""Corrections made by a person: stored apart from the machine's values, and applied.

A correction is a row of ``corrections``: the field, the value shown before (``old_value``),
the person's value (``new_value``), a note and the time, plus the machine's current value and
confidence for that field (``machine_value``, ``machine_confidence``: what ``--undo`` restores;
re-extraction keeps them up to date). At most one correction per field is active; a newer one
replaces it, an undo ends it (``undone_at``), and the history stays.

The active value is written into the deliberation's row (and its people and full-text index),
so that every reader — ``show``, ``search`` and its filters, every export, ``stats``, a
Datasette of the file — sees the corrected value without knowing about corrections. The
corrected field's confidence becomes 1.0.

Checks (which belong to ``extract``) are re-run through the ``recheck`` function the caller
passes (``registre.extract.checks.update_checks``): this module knows no parsing.
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from registre.errors import BadInputError, NotFoundError
from registre.model import COUNT_FIELDS, DATE_FIELDS, NAME_LIST_FIELDS, Deliberation, Procuration
from registre.store import rows, writer
from registre.store.archive import Archive
from registre.store.filters import check_decision

Recheck = Callable[..., Any]  # (before, after, *, fixed) -> None, updating after's checks

CORRECTABLE = (
    "numero", "objet", "instance", *DATE_FIELDS, "heure_seance", "lieu", "president", "secretaire",
    *COUNT_FIELDS, *NAME_LIST_FIELDS, "procurations", "unanimite", "decision", "matiere_code",
    "matiere_nom", "collectivite",
)  # fmt: skip
ROW_ONLY = ("collectivite",)  # a column of the row, not a field of the model
NULL_WORDS = ("", "null", "none", "-")
_TRUE = ("true", "oui", "yes", "1", "vrai")
_FALSE = ("false", "non", "no", "0", "faux")
_FR_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_TIME = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})?$")
_CODE = re.compile(r"^\d+(?:\.\d+)*$")
_MODEL_FIELDS = {f.name for f in fields(Deliberation)}


@dataclass(frozen=True)
class Correction:
    """One stored correction (values decoded)."""

    id: int
    deliberation_id: int
    field: str
    value: Any
    old_value: Any
    machine_value: Any
    machine_confidence: float | None
    note: str | None
    created_at: str
    undone_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


# -- values -----------------------------------------------------------------------------


def parse_value(field: str, value: Any) -> Any:
    """Check a value for a field and turn what a person typed into the field's type.

    Args:
        field: a field of :data:`CORRECTABLE`.
        value: the value: text as typed ("2019-03-01", "12", "oui", "A ; B", "A > B ; C > D",
            "null" for "the document does not say") or already typed (int, bool, list…).

    Returns:
        The value as stored in the record.

    Raises:
        BadInputError: an unknown field, or a value that is not of the field's kind.
    """
    if field not in CORRECTABLE:
        raise BadInputError(f"unknown field {field!r}: correct one of {', '.join(CORRECTABLE)}")
    if value is None or isinstance(value, str) and value.strip().lower() in NULL_WORDS:
        return None
    try:
        return _PARSERS.get(field, _text)(value)
    except (ValueError, TypeError) as e:
        raise BadInputError(f"bad value {value!r} for {field}: {e}") from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("give text")
    return " ".join(value.split())


def _date(value: Any) -> str:
    text = str(value).strip()
    match = _FR_DATE.match(text)
    if match:
        text = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError("not a date; write it YYYY-MM-DD (or DD/MM/YYYY)") from None


def _time(value: Any) -> str:
    match = _TIME.match(str(value).strip())
    if not match or int(match[1]) > 23 or int(match[2] or 0) > 59:
        raise ValueError("not a time; write it HH:MM")
    return f"{int(match[1]):02d}:{match[2] or '00'}"


def _count(value: Any) -> int:
    if isinstance(value, bool) or not re.fullmatch(r"\s*\d+\s*", str(value)):
        raise ValueError("not a number; write a whole number such as 12")
    return int(value)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ValueError("write true or false (oui / non)")


def _decision(value: Any) -> str:
    return check_decision(str(value))


def _names(value: Any) -> list[str]:
    items = _list(value)
    names = [" ".join(str(n).split()) for n in items]
    if not all(names):
        raise ValueError("an empty name; separate names with ';'")
    return names


def _procurations(value: Any) -> list[dict[str, str]]:
    items = _list(value, separator=";")
    out = []
    for item in items:
        if isinstance(item, dict):
            pair = (item.get("mandant"), item.get("mandataire"))
        else:
            pair = tuple(str(item).split(">", 1)) if ">" in str(item) else (None, None)
        if not all(isinstance(p, str) and p.strip() for p in pair):
            raise ValueError("write each proxy 'MANDANT > MANDATAIRE', separated by ';'")
        out.append({"mandant": " ".join(pair[0].split()), "mandataire": " ".join(pair[1].split())})
    return out


def _list(value: Any, separator: str = ";,") -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    text = str(value).strip()
    if text.startswith("["):
        loaded = json.loads(text)
        if not isinstance(loaded, list):
            raise ValueError("give a JSON list")
        return loaded
    return [part.strip() for part in re.split(f"[{separator}]", text) if part.strip()]


def _matiere(value: Any) -> str:
    text = str(value).strip()
    if not _CODE.match(text):
        raise ValueError("not an ACTES code; write it like 7.5 or 7.5.1")
    return text


_PARSERS: dict[str, Callable[[Any], Any]] = {
    **{f: _date for f in DATE_FIELDS}, **{f: _count for f in COUNT_FIELDS},
    **{f: _names for f in NAME_LIST_FIELDS}, "heure_seance": _time, "unanimite": _bool,
    "decision": _decision, "procurations": _procurations, "matiere_code": _matiere,
}  # fmt: skip


def agrees(field: str, machine: Any, corrected: Any) -> bool:
    """True when the machine's value says the same as the person's (spaces, case, order aside)."""
    def norm(value: Any) -> Any:
        if isinstance(value, str):
            return " ".join(value.split()).casefold()
        if isinstance(value, list):
            return sorted(json.dumps(norm(v), sort_keys=True) for v in value)
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        return value

    if field == "procurations" and machine is not None:
        machine = [p if isinstance(p, dict) else p.__dict__ for p in machine]
    return norm(machine) == norm(corrected)


# -- reading ------------------------------------------------------------------------------

_SELECT = (
    "SELECT id, deliberation_id, field, new_value, old_value, machine_value, machine_confidence,"
    " note, created_at, undone_at FROM corrections"
)


def _correction(row: sqlite3.Row | tuple) -> Correction:
    cid, delib_id, field, new, old, machine, conf, note, created, undone = row
    value, old_value, machine_value = (rows.decode_value(field, v) for v in (new, old, machine))
    return Correction(cid, delib_id, field, value, old_value, machine_value, conf, note, created, undone)


def list_corrections(archive: Archive, delib_id: int | None = None, *, active_only: bool = True) -> list[Correction]:
    """Return corrections, oldest first.

    Args:
        archive: the open archive.
        delib_id: only this deliberation's (None: all).
        active_only: False adds those undone or replaced.

    Returns:
        The corrections.
    """
    return active_corrections(archive.conn, [delib_id] if delib_id is not None else None, active_only=active_only)


def active_corrections(conn: sqlite3.Connection, ids: Iterable[int] | None, *,
                       active_only: bool = True) -> list[Correction]:
    """Corrections of some deliberations (None: all), oldest first."""
    clauses, params = [], []
    if ids is not None:
        ids = list(ids)
        clauses.append(f"deliberation_id IN ({', '.join('?' * len(ids))})")
        params += ids
    if active_only:
        clauses.append("undone_at IS NULL")
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return [_correction(r) for r in conn.execute(f"{_SELECT}{where} ORDER BY id", params)]


# -- writing ------------------------------------------------------------------------------


def add_correction(archive: Archive, delib_id: int, field: str, value: Any, note: str | None = None,
                   *, recheck: Recheck | None = None) -> Correction:
    """Correct one field of a deliberation; the machine's value is kept for ``undo``.

    Args:
        archive: the open archive.
        delib_id: the deliberation.
        field: one of :data:`CORRECTABLE`.
        value: the right value (see :func:`parse_value`; "null": the document does not say).
        note: why, or where the value was read.
        recheck: ``update_checks(before, after, fixed=...)``, to check the record again.

    Returns:
        The stored correction.

    Raises:
        BadInputError: an unknown field or a value of the wrong kind.
        NotFoundError: no deliberation has this id.
    """
    parsed = parse_value(field, value)
    with archive.transaction() as conn:
        current = _load(conn, delib_id)
        previous = _active(conn, delib_id, field)
        if previous:
            machine, machine_conf = previous.machine_value, previous.machine_confidence
            conn.execute("UPDATE corrections SET undone_at = ? WHERE id = ?", (rows.now(), previous.id))
        else:
            machine, machine_conf = current.get(field), (current.get("confidence") or {}).get(field)
        cur = conn.execute(
            "INSERT INTO corrections (deliberation_id, field, old_value, new_value, note, created_at,"
            " machine_value, machine_confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (delib_id, field, rows.encode_value(field, current.get(field)), rows.encode_value(field, parsed),
             note, rows.now(), rows.encode_value(field, machine), machine_conf),
        )
        _apply(conn, current, {field: (parsed, 1.0)}, recheck)
        return _correction(conn.execute(f"{_SELECT} WHERE id = ?", (cur.lastrowid,)).fetchone())


def undo_correction(archive: Archive, delib_id: int, field: str, *, recheck: Recheck | None = None) -> Correction:
    """Give a field back its machine value, ending its active correction.

    Args:
        archive: the open archive.
        delib_id: the deliberation.
        field: the corrected field.
        recheck: as :func:`add_correction`.

    Returns:
        The correction that was undone.

    Raises:
        BadInputError: an unknown field.
        NotFoundError: no such deliberation, or no active correction of this field.
    """
    if field not in CORRECTABLE:
        raise BadInputError(f"unknown field {field!r}: correct one of {', '.join(CORRECTABLE)}")
    with archive.transaction() as conn:
        current = _load(conn, delib_id)
        active = _active(conn, delib_id, field)
        if active is None:
            raise NotFoundError(f"deliberation {delib_id} has no correction of {field} to undo")
        conn.execute("UPDATE corrections SET undone_at = ? WHERE id = ?", (rows.now(), active.id))
        _apply(conn, current, {field: (active.machine_value, active.machine_confidence)}, recheck)
        return _correction(conn.execute(f"{_SELECT} WHERE id = ?", (active.id,)).fetchone())


def reapply(conn: sqlite3.Connection, delib_id: int, *, recheck: Recheck | None = None) -> list[dict[str, Any]]:
    """After re-extraction rewrote a deliberation: keep the machine's new values beside its
    active corrections, and apply the corrections again.

    Args:
        conn: connection inside the re-extraction's write transaction.
        delib_id: the deliberation, holding the machine's new values.
        recheck: as :func:`add_correction`.

    Returns:
        One dict per active correction: id, field, value, machine_value (new), agrees.
    """
    corrections = active_corrections(conn, [delib_id])
    if not corrections:
        return []
    current = _load(conn, delib_id)
    report, changes = [], {}
    for c in corrections:
        machine, conf = current.get(c.field), (current.get("confidence") or {}).get(c.field)
        conn.execute("UPDATE corrections SET machine_value = ?, machine_confidence = ? WHERE id = ?",
                     (rows.encode_value(c.field, machine), conf, c.id))
        changes[c.field] = (c.value, 1.0)
        report.append({"id": delib_id, "field": c.field, "value": c.value, "machine_value": machine,
                       "agrees": agrees(c.field, machine, c.value)})
    _apply(conn, current, changes, recheck)
    return report


def _load(conn: sqlite3.Connection, delib_id: int) -> dict[str, Any]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    row = cur.execute("SELECT * FROM deliberations WHERE id = ?", (delib_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no deliberation with id {delib_id}: find ids with `registre search`")
    return rows.decode_deliberation(row)


def _active(conn: sqlite3.Connection, delib_id: int, field: str) -> Correction | None:
    row = conn.execute(f"{_SELECT} WHERE deliberation_id = ? AND field = ? AND undone_at IS NULL"
                       " ORDER BY id DESC LIMIT 1", (delib_id, field)).fetchone()
    return _correction(row) if row else None


def _apply(conn: sqlite3.Connection, current: dict[str, Any], changes: dict[str, tuple[Any, float | None]],
           recheck: Recheck | None) -> None:
    """Write new values (and their confidences) into a deliberation's row, people and index."""
    before = Deliberation.from_json(copy.deepcopy(current))
    after = copy.deepcopy(before)
    for field, (value, confidence) in changes.items():
        if field in _MODEL_FIELDS:
            if field == "procurations" and value is not None:
                value = [Procuration(**p) for p in value]
            setattr(after, field, value)
        if field in ROW_ONLY:
            continue
        if confidence is None:
            after.confidence.pop(field, None)
        else:
            after.confidence[field] = confidence
    if recheck is not None:
        fixed = {c.field for c in active_corrections(conn, [current["id"]])} | set(changes)
        recheck(before, after, fixed=fixed)
    values = rows.deliberation_values(after)
    for field in ROW_ONLY:
        if field in changes:
            values[field] = changes[field][0]
    writer.update_deliberation(conn, current["id"], after, values, provenance=False)
