"""The person's side of trust: the review queue, and corrections made from it.

The queue puts first the deliberations most likely to hold a wrong value: those whose checks
failed (``registre.extract.checks``), then those of lowest confidence. A failed check about
session-level fields (counts, dates, attendance) is repeated in every item of a compte rendu;
it counts in full for the first item of its document only (as does a session-level field of
low confidence), so that one doubtful session header does not fill the queue. Each entry says why it is there.

Corrections go through :mod:`registre.store.corrections`, with the checks run again on the
corrected record (this module wires ``extract``'s checks to ``store``'s corrections).

A person who *accepts* a value (:func:`accept`) records a correction that keeps it: the field
is then known right (confidence 1.0), and a failed check all of whose fields a person has set
or accepted is a fact of the document, not a doubt about the reading. A deliberation with no
doubt left has left the queue (``doubtful_only``; :func:`review_progress` counts them).
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from registre.errors import BadInputError
from registre.extract.checks import SESSION_CODES, find_failures, update_checks
from registre.model import Deliberation
from registre.store import rows
from registre.store.archive import Archive
from registre.store.corrections import CORRECTABLE, Correction, add_correction, undo_correction
from registre.store.filters import SearchFilters, build_filters

LOW_CONFIDENCE = 0.5  # a field below this is named among the reasons
SESSION_REPEAT = 0.25  # weight of a session-level failure already counted for its document
LOW_WEIGHT = 1.0  # weight of each point of confidence under LOW_CONFIDENCE
DEFAULT_LIMIT = 20
ACCEPT_NOTE = "checked: the value is right"
# Checks that fail often on right values weigh less: a list of présents one name off the
# count (a late arrival, the president counted apart), a decision the document does not state
# (lists of acts, information items).
CHECK_WEIGHTS = {"presents_names": 0.5, "decision": 0.5}
# Fields of the session's header, the same in every item of a compte rendu
SESSION_FIELDS = frozenset({
    "instance", "lieu", "president", "secretaire", "date_seance", "heure_seance", "date_convocation",
    "date_affichage", "date_transmission", "membres_en_exercice", "presents", "representes", "votants",
    "presents_noms", "absents_noms", "procurations",
})  # fmt: skip
_SELECT = "SELECT d.id, d.sha256, d.position, d.confidence, d.checks FROM deliberations d"
_SHOWN = ("id", "date_seance", "collectivite", "instance", "numero", "objet", "decision")


@dataclass(frozen=True)
class _Entry:
    key: tuple[float, float, int]
    id: int
    doubt: float
    min_confidence: float | None
    reasons: tuple[str, ...]
    checks: tuple[str, ...]
    low: tuple[str, ...]  # fields of low confidence


@dataclass(frozen=True)
class QueueFilter:
    """Which doubts to review: failed checks of one code, doubts about one field.

    Attributes:
        field: only deliberations with this field in doubt (low confidence, or in a failed check).
        check: only deliberations where this check failed (its code: ``votants``, ``dates``…).
        doubtful_only: leave out the deliberations with no doubt left.
    """

    field: str | None = None
    check: str | None = None
    doubtful_only: bool = False


def review_queue(archive: Archive, *, filters: SearchFilters | None = None, limit: int | None = DEFAULT_LIMIT,
                 doubts: QueueFilter = QueueFilter()) -> list[dict[str, Any]]:
    """List the deliberations to check first, most doubtful first, each with its reasons.

    Args:
        archive: the open archive.
        filters: which deliberations to consider (as in search).
        limit: at most this many (None: all).
        doubts: which doubts (a field, a check; none left).

    Returns:
        Entries: id, date_seance, collectivite, instance, numero, objet, decision, doubt (the
        score ordering the queue: failed checks, then confidence under
        :data:`LOW_CONFIDENCE`), min_confidence, reasons (failed checks, then fields of
        low confidence) and fields (the fields in doubt, in :data:`CORRECTABLE` order).

    Raises:
        BadInputError: a malformed filter, an unknown field, or a limit under 1.
    """
    return _with_fields(archive, _ordered(archive, filters, limit, doubts))


def review_ids(archive: Archive, *, filters: SearchFilters | None = None,
               doubts: QueueFilter = QueueFilter()) -> list[int]:
    """The ids of the whole queue, in its order (see :func:`review_queue`), for next/previous."""
    return [e.id for e in _ordered(archive, filters, None, doubts)]


def _ordered(archive: Archive, filters: SearchFilters | None, limit: int | None, doubts: QueueFilter) -> list[_Entry]:
    if limit is not None and limit < 1:
        raise BadInputError(f"bad limit {limit}: give 1 or more (or no limit)")
    if doubts.field is not None and doubts.field not in CORRECTABLE:
        raise BadInputError(f"unknown field {doubts.field!r}: choose one of {', '.join(CORRECTABLE)}")
    entries = _wanted(archive, _scored(archive, filters), doubts)
    return heapq.nsmallest(limit, entries, key=lambda e: e.key) if limit else sorted(entries, key=lambda e: e.key)


def review_progress(archive: Archive, *, filters: SearchFilters | None = None) -> dict[str, int]:
    """How far the review is: deliberations left in the queue, and checked today.

    Args:
        archive: the open archive.
        filters: which deliberations to count (as in search).

    Returns:
        ``left`` (deliberations with a doubt left), ``total`` (deliberations kept by the
        filters) and ``checked_today`` (deliberations with a value a person set or accepted
        today, local time; undone ones aside).
    """
    total = left = 0
    for entry in _scored(archive, filters):
        total += 1
        left += entry.doubt > 0
    sql = ("SELECT count(DISTINCT deliberation_id) FROM corrections WHERE undone_at IS NULL"
           " AND date(created_at, 'localtime') = date('now', 'localtime')")
    return {"left": left, "total": total, "checked_today": archive.conn.execute(sql).fetchone()[0]}


def _scored(archive: Archive, filters: SearchFilters | None) -> Iterator[_Entry]:
    """Every deliberation kept by the filters, scored (in document order)."""
    where = build_filters(archive.conn, filters or SearchFilters())
    sql = f"{_SELECT} {where.where()} ORDER BY d.sha256, d.position"
    person = _person_set(archive)
    seen: set[tuple[str, str]] = set()
    for row in archive.conn.execute(sql, where.params):
        settled = _settled_checks(archive, row[0], person[row[0]]) if row[0] in person else frozenset()
        yield _score(row, seen, settled)


def _wanted(archive: Archive, entries: Iterator[_Entry], doubts: QueueFilter) -> Iterator[_Entry]:
    for entry in entries:
        if doubts.doubtful_only and entry.doubt <= 0:
            continue
        if doubts.check and not any(line.split(":", 1)[0] == doubts.check for line in entry.checks):
            continue
        if doubts.field and doubts.field not in entry.low and doubts.field not in _check_fields(archive, entry):
            continue
        yield entry


def _person_set(archive: Archive) -> dict[int, set[str]]:
    """Deliberation id -> the fields whose value a person set or accepted (active corrections)."""
    out: dict[int, set[str]] = {}
    sql = "SELECT deliberation_id, field FROM corrections WHERE undone_at IS NULL"
    for delib_id, field in archive.conn.execute(sql):
        out.setdefault(delib_id, set()).add(field)
    return out


def failure_fields(archive: Archive, delib_id: int) -> dict[str, tuple[str, ...]]:
    """Each failed check of a deliberation ("code: sentence") -> the fields it puts in doubt.

    A check recorded under rules that have changed since is not found again: it maps to no field.
    """
    row = archive.select("SELECT * FROM deliberations WHERE id = ?", [delib_id]).fetchone()
    if row is None:
        return {}
    return {str(f): f.fields for f in find_failures(Deliberation.from_json(rows.decode_deliberation(row)))}


def _settled_checks(archive: Archive, delib_id: int, person: set[str]) -> frozenset[str]:
    """The failed checks all of whose fields a person set or accepted: facts, not doubts."""
    return frozenset(line for line, fields in failure_fields(archive, delib_id).items()
                     if fields and set(fields) <= person)


def _check_fields(archive: Archive, entry: _Entry) -> set[str]:
    if not entry.checks:
        return set()
    by_line = failure_fields(archive, entry.id)
    return {f for line in entry.checks for f in by_line.get(line, ())}


def _score(row: tuple, seen: set[tuple[str, str]], settled: frozenset[str] = frozenset()) -> _Entry:
    """Score one deliberation; ``seen`` holds the session-level failures of earlier items,
    ``settled`` the failed checks a person has settled (they weigh nothing)."""
    delib_id, sha256, _, confidence, checks = row
    confidence: dict[str, float] = json.loads(confidence or "{}")
    checks: list[str] = [line for line in json.loads(checks or "[]") if line not in settled]

    def once_per_document(doubt_key: str) -> float:  # the session's header, repeated in every item
        repeat = (sha256, doubt_key) in seen
        seen.add((sha256, doubt_key))
        return SESSION_REPEAT if repeat else 1.0

    doubt = 0.0
    for line in checks:
        code = line.split(":", 1)[0]
        doubt += CHECK_WEIGHTS.get(code, 1.0) * (once_per_document(line) if code in SESSION_CODES else 1.0)
    low = sorted((c, f) for f, c in confidence.items() if c < LOW_CONFIDENCE)
    for c, f in low:
        repeat = once_per_document(f"low {f}") if f in SESSION_FIELDS else 1.0
        doubt += LOW_WEIGHT * repeat * (LOW_CONFIDENCE - c)
    lowest = min(confidence.values()) if confidence else None
    reasons = (*checks, *(f"low confidence: {f} {c:.2f}" for c, f in low))
    key = (-round(doubt, 6), lowest if lowest is not None else 0.0, delib_id)
    return _Entry(key, delib_id, round(doubt, 3), lowest, reasons, tuple(checks), tuple(f for _, f in low))


def _with_fields(archive: Archive, entries: list[_Entry]) -> list[dict[str, Any]]:
    if not entries:
        return []
    ids = [e.id for e in entries]
    sql = f"SELECT {', '.join(_SHOWN)} FROM deliberations WHERE id IN ({', '.join('?' * len(ids))})"
    found = {row["id"]: dict(row) for row in archive.select(sql, ids)}
    out = []
    for e in entries:
        doubtful = set(e.low) | _check_fields(archive, e)
        out.append({**found[e.id], "doubt": e.doubt, "min_confidence": e.min_confidence, "reasons": list(e.reasons),
                    "fields": [f for f in CORRECTABLE if f in doubtful]})
    return out


def correct(archive: Archive, delib_id: int, field: str, value: Any, note: str | None = None) -> Correction:
    """Correct one field of a deliberation and check the record again.

    See :func:`registre.store.corrections.add_correction` (Args, Returns, Raises).
    """
    return add_correction(archive, delib_id, field, value, note, recheck=update_checks)


def accept(archive: Archive, delib_id: int, field: str, note: str = ACCEPT_NOTE) -> Correction:
    """Record that a person checked a field and found its value right (it leaves the doubts).

    The value shown is kept as a correction: its confidence becomes 1.0, it survives
    re-extraction like any correction, and ``undo`` ends it.

    See :func:`registre.store.corrections.add_correction` (Returns, Raises).
    """
    value = archive.get_deliberation(delib_id).get(field) if field in CORRECTABLE else None
    return correct(archive, delib_id, field, value, note)


def undo(archive: Archive, delib_id: int, field: str) -> Correction:
    """Give a field back the machine's value and check the record again.

    See :func:`registre.store.corrections.undo_correction` (Args, Returns, Raises).
    """
    return undo_correction(archive, delib_id, field, recheck=update_checks)
