"""The person's side of trust: the review queue, and corrections made from it.

The queue puts first the deliberations most likely to hold a wrong value: those whose checks
failed (``registre.extract.checks``), then those of lowest confidence. A failed check about
session-level fields (counts, dates, attendance) is repeated in every item of a compte rendu;
it counts in full for the first item of its document only (as does a session-level field of
low confidence), so that one doubtful session header does not fill the queue. Each entry says why it is there.

Corrections go through :mod:`registre.store.corrections`, with the checks run again on the
corrected record (this module wires ``extract``'s checks to ``store``'s corrections).
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass
from typing import Any

from registre.errors import BadInputError
from registre.extract.checks import SESSION_CODES, update_checks
from registre.store.archive import Archive
from registre.store.corrections import Correction, add_correction, undo_correction
from registre.store.filters import SearchFilters, build_filters

LOW_CONFIDENCE = 0.5  # a field below this is named among the reasons
SESSION_REPEAT = 0.25  # weight of a session-level failure already counted for its document
LOW_WEIGHT = 1.0  # weight of each point of confidence under LOW_CONFIDENCE
DEFAULT_LIMIT = 20
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


def review_queue(archive: Archive, *, filters: SearchFilters | None = None,
                 limit: int | None = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """List the deliberations to check first, most doubtful first, each with its reasons.

    Args:
        archive: the open archive.
        filters: which deliberations to consider (as in search).
        limit: at most this many (None: all).

    Returns:
        Entries: id, date_seance, collectivite, instance, numero, objet, decision, doubt (the
        score ordering the queue: failed checks, then confidence under
        :data:`LOW_CONFIDENCE`), min_confidence, and reasons (failed checks, then fields of
        low confidence).

    Raises:
        BadInputError: a malformed filter or a limit under 1.
    """
    if limit is not None and limit < 1:
        raise BadInputError(f"bad limit {limit}: give 1 or more (or no limit)")
    where = build_filters(archive.conn, filters or SearchFilters())
    sql = f"{_SELECT} {where.where()} ORDER BY d.sha256, d.position"
    seen: set[tuple[str, str]] = set()
    entries = (_score(row, seen) for row in archive.conn.execute(sql, where.params))
    best = heapq.nsmallest(limit, entries, key=lambda e: e.key) if limit else sorted(entries, key=lambda e: e.key)
    return _with_fields(archive, best)


def _score(row: tuple, seen: set[tuple[str, str]]) -> _Entry:
    """Score one deliberation; ``seen`` holds the session-level failures of earlier items."""
    delib_id, sha256, _, confidence, checks = row
    confidence: dict[str, float] = json.loads(confidence or "{}")
    checks: list[str] = json.loads(checks or "[]")

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
    return _Entry(key, delib_id, round(doubt, 3), lowest, reasons)


def _with_fields(archive: Archive, entries: list[_Entry]) -> list[dict[str, Any]]:
    if not entries:
        return []
    ids = [e.id for e in entries]
    sql = f"SELECT {', '.join(_SHOWN)} FROM deliberations WHERE id IN ({', '.join('?' * len(ids))})"
    found = {row["id"]: dict(row) for row in archive.select(sql, ids)}
    return [{**found[e.id], "doubt": e.doubt, "min_confidence": e.min_confidence, "reasons": list(e.reasons)}
            for e in entries]


def correct(archive: Archive, delib_id: int, field: str, value: Any, note: str | None = None) -> Correction:
    """Correct one field of a deliberation and check the record again.

    See :func:`registre.store.corrections.add_correction` (Args, Returns, Raises).
    """
    return add_correction(archive, delib_id, field, value, note, recheck=update_checks)


def undo(archive: Archive, delib_id: int, field: str) -> Correction:
    """Give a field back the machine's value and check the record again.

    See :func:`registre.store.corrections.undo_correction` (Args, Returns, Raises).
    """
    return undo_correction(archive, delib_id, field, recheck=update_checks)
