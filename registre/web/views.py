"""What the review screens show, gathered from the library (no HTML here: see ``html.py``).

- :func:`queue_view`: the queue's head with its filters' choices and the review's progress;
- :func:`deliberation_view`: one deliberation — its pages, every correctable field with its
  value, confidence, failed checks, person's value and source (snippet and page boxes), and
  its neighbours in the queue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from registre.highlight import NO_SOURCE, field_boxes
from registre.review import ACCEPT_NOTE, LOW_CONFIDENCE, QueueFilter, failure_fields, review_progress, review_queue
from registre.store.archive import Archive
from registre.store.corrections import CORRECTABLE
from registre.store.filters import SearchFilters
from registre.store.provenance import field_sources

QUEUE_PAGE = 100  # entries listed on the queue screen

# The fields in the order a person reads an act, with their names in the register's words.
LABELS: dict[str, str] = {
    "objet": "Objet", "numero": "Numéro", "date_seance": "Date de séance", "heure_seance": "Heure",
    "collectivite": "Collectivité", "instance": "Instance", "lieu": "Lieu", "president": "Président",
    "secretaire": "Secrétaire de séance", "decision": "Décision", "unanimite": "Unanimité",
    "vote_pour": "Pour", "vote_contre": "Contre", "vote_abstention": "Abstentions",
    "membres_en_exercice": "Membres en exercice", "presents": "Présents", "representes": "Représentés",
    "votants": "Votants", "presents_noms": "Présents (noms)", "absents_noms": "Absents (noms)",
    "procurations": "Procurations", "date_convocation": "Date de convocation",
    "date_affichage": "Date d'affichage", "date_transmission": "Date de transmission",
    "nb_articles": "Articles", "matiere_code": "Matière (code)", "matiere_nom": "Matière",
}  # fmt: skip
assert set(LABELS) == set(CORRECTABLE), "every correctable field has a label"


@dataclass(frozen=True)
class QueueQuery:
    """The queue's filters, as the screens pass them along in their addresses."""

    body: str | None = None
    year: int | None = None
    field: str | None = None
    check: str | None = None

    @classmethod
    def from_args(cls, args: dict[str, str]) -> QueueQuery:
        year = args.get("year") or ""
        return cls(body=args.get("body") or None, year=int(year) if year.isdigit() else None,
                   field=args.get("field") or None, check=args.get("check") or None)

    def search(self) -> SearchFilters:
        return SearchFilters(collectivite=self.body, year=self.year)

    def doubts(self) -> QueueFilter:
        return QueueFilter(field=self.field, check=self.check, doubtful_only=True)

    def args(self) -> dict[str, str]:
        values = {"body": self.body, "year": self.year, "field": self.field, "check": self.check}
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def queue_view(archive: Archive, query: QueueQuery) -> dict[str, Any]:
    """The queue screen: its first entries, the filters' choices, the progress."""
    entries = review_queue(archive, filters=query.search(), limit=QUEUE_PAGE, doubts=query.doubts())
    return {"entries": entries, "progress": review_progress(archive, filters=query.search()),
            "choices": _choices(archive), "query": query}


def _choices(archive: Archive) -> dict[str, list[str]]:
    """The values the filters offer: bodies, years, fields, and the codes of failed checks."""
    conn = archive.conn
    bodies = [b for (b,) in conn.execute("SELECT DISTINCT collectivite FROM deliberations"
                                         " WHERE collectivite IS NOT NULL ORDER BY 1")]
    years = [y for (y,) in conn.execute("SELECT DISTINCT substr(date_seance, 1, 4) FROM deliberations"
                                        " WHERE date_seance IS NOT NULL ORDER BY 1 DESC")]
    codes = sorted({line.split(":", 1)[0] for (checks,) in conn.execute(
        "SELECT checks FROM deliberations WHERE checks != '[]'") for line in json.loads(checks)})
    return {"body": bodies, "year": years, "field": list(LABELS), "check": codes}


def deliberation_view(archive: Archive, delib_id: int, queue: list[int], at: int | None) -> dict[str, Any]:
    """One deliberation's screen.

    Args:
        archive: the open archive.
        delib_id: the deliberation.
        queue: the queue's ids in order (for previous / next).
        at: where the person was in the queue (when this deliberation has left it since).

    Raises:
        NotFoundError: no deliberation has this id.
    """
    delib = archive.get_deliberation(delib_id)
    sources = {f["field"]: f for f in field_sources(archive, delib_id)["fields"]}
    boxes = field_boxes(archive, delib)
    by_check = failure_fields(archive, delib_id)
    checks = [{"line": line, "fields": list(by_check.get(line, ()))} for line in delib.get("checks") or []]
    corrected = {c["field"]: c for c in delib.get("corrections") or []}
    fields = [_field(delib, name, sources.get(name), boxes.get(name), checks, corrected.get(name))
              for name in LABELS]
    in_queue = delib_id in queue
    here, previous, following = _neighbours(queue, delib_id, at)
    return {
        "id": delib_id, "delib": delib, "fields": fields, "checks": checks,
        "pages": _pages(archive, delib, boxes), "in_queue": in_queue,
        "position": here, "queue_length": len(queue), "previous": previous, "next": following,
    }


def _neighbours(queue: list[int], delib_id: int, at: int | None) -> tuple[int, int | None, int | None]:
    """(position, previous id, next id) in the queue; a deliberation that has left it (a
    person just checked it) is followed by the one that took its place, ``at``."""
    if delib_id in queue:
        here = queue.index(delib_id)
        return here, queue[here - 1] if here else None, queue[here + 1] if here + 1 < len(queue) else None
    here = min(max(at or 0, 0), len(queue))
    return here, queue[here - 1] if here else None, queue[here] if here < len(queue) else None


def _field(delib: dict[str, Any], name: str, source: dict[str, Any] | None, boxes: dict[str, Any] | None,
           checks: list[dict[str, Any]], correction: dict[str, Any] | None) -> dict[str, Any]:
    value = delib.get(name)
    confidence = (delib.get("confidence") or {}).get(name)
    failing = [c["line"] for c in checks if name in c["fields"]]
    snippet = None
    if source and source.get("snippet"):
        snippet = {"page": source["page"], "text": source["snippet"], "start": source["snippet_start"],
                   "end": source["snippet_end"]}
    if boxes is None:
        boxes = {"page": None, "rects": [], "why": NO_SOURCE if value not in (None, []) else None}
    return {
        "field": name, "label": LABELS[name], "value": value, "edit": editable(name, value),
        "confidence": confidence, "checks": failing, "snippet": snippet, "boxes": boxes,
        "doubtful": bool(failing) or (confidence is not None and confidence < LOW_CONFIDENCE and not correction),
        "person": None if correction is None else {
            "machine_value": correction["machine_value"], "note": correction["note"],
            "accepted": correction["note"] == ACCEPT_NOTE, "created_at": correction["created_at"]},
    }


def editable(field: str, value: Any) -> str:
    """A value as a person types it for ``registre correct`` (lists with ';', proxies 'A > B')."""
    if value is None:
        return ""
    if field == "procurations":
        return " ; ".join(f"{p['mandant']} > {p['mandataire']}" for p in value)
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def _pages(archive: Archive, delib: dict[str, Any], boxes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The pages to show: the deliberation's own, and those its values were read from (the
    session's header, for an item of a compte rendu)."""
    wanted = set(range(delib.get("page_start") or 1, (delib.get("page_end") or 1) + 1))
    wanted |= {r["page"] for b in boxes.values() for r in b["rects"]}
    sql = "SELECT number, source FROM pages WHERE sha256 = ? ORDER BY number"
    kind = archive.conn.execute("SELECT kind FROM documents WHERE sha256 = ?", (delib["sha256"],)).fetchone()
    return [{"number": n, "source": source, "image": bool(kind and kind[0] == "pdf")}
            for n, source in archive.conn.execute(sql, (delib["sha256"],)) if n in wanted]
