"""Re-extract archived documents from their stored page texts, after an upgrade of the rules.

Nothing is read or recognised again: the page texts kept in ``pages`` go through
``registre.extract.deliberation.extract`` as they did at import. Each document's deliberations
are replaced in one transaction; a new deliberation takes the id of the old one it matches
(same numéro, same objet, else the same rank), so that links, exports and corrections keep
pointing at it. Corrections made by a person are applied again over the new machine values,
and reported when the machine now says the same. A correction whose deliberation no longer
exists (the document now splits into fewer items) cannot be kept: it is reported with its
value and note, so that a person can apply it again.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from registre.errors import ExtractionError
from registre.extract.checks import update_checks
from registre.extract.deliberation import EXTRACTOR_VERSION, extract
from registre.model import Deliberation, Record
from registre.store import corrections, rows, writer
from registre.store.archive import Archive
from registre.store.filters import SearchFilters, build_filters

log = logging.getLogger(__name__)


@dataclass
class ReextractSummary:
    """What a re-extraction did.

    Attributes:
        extractor_version: the version now stored with each deliberation.
        documents: documents re-extracted.
        deliberations: their deliberations now.
        kept: deliberations that kept their id; added / removed: the others.
        corrections: active corrections applied again: id, field, value, machine_value
            (the new one), agrees (the machine now says the same).
        dropped: corrections lost with their deliberation: id, field, value, note.
        failures: (file, reason) of documents left as they were.
    """

    extractor_version: str = EXTRACTOR_VERSION
    documents: int = 0
    deliberations: int = 0
    kept: int = 0
    added: int = 0
    removed: int = 0
    corrections: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[dict[str, Any]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def agreeing(self) -> list[dict[str, Any]]:
        """The corrections the machine's new value agrees with."""
        return [c for c in self.corrections if c["agrees"]]

    def to_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["failures"] = [{"file": f, "reason": r} for f, r in self.failures]
        out["agreeing"] = self.agreeing
        return out


def reextract(archive: Archive, *, filters: SearchFilters | None = None, outdated: bool = False,
              progress: Callable[[str, str], None] | None = None) -> ReextractSummary:
    """Extract archived documents again from their stored text.

    Args:
        archive: the open archive.
        filters: re-extract the documents holding a deliberation these keep (None: all).
        outdated: only documents extracted by another extractor version (or holding no
            deliberation).
        progress: called with (file, "done" or "failed") after each document.

    Returns:
        What changed, corrections kept (and those the machine now agrees with), failures.

    Raises:
        BadInputError: a malformed filter.
        ArchiveError: the archive cannot be written (the document being written is rolled back).
    """
    summary = ReextractSummary()
    for sha256, path in _documents(archive, filters, outdated):
        try:
            _reextract_one(archive, sha256, path, summary)
            state = "done"
        except ExtractionError as e:  # a bug on one document must not stop the others
            summary.failures.append((path, str(e)))
            state = "failed"
        if progress:
            progress(path, state)
    return summary


def _documents(archive: Archive, filters: SearchFilters | None, outdated: bool) -> list[tuple[str, str]]:
    clauses, params = [], []
    if filters is not None and not filters.is_empty():
        where = build_filters(archive.conn, filters)
        clauses.append(f"doc.sha256 IN (SELECT d.sha256 FROM deliberations d {where.where()})")
        params += where.params
    if outdated:
        clauses.append("(NOT EXISTS (SELECT 1 FROM deliberations d WHERE d.sha256 = doc.sha256)"
                       " OR EXISTS (SELECT 1 FROM deliberations d WHERE d.sha256 = doc.sha256"
                       " AND d.extractor_version != ?))")
        params.append(EXTRACTOR_VERSION)
    where_sql = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"SELECT doc.sha256, doc.path FROM documents doc{where_sql} ORDER BY doc.sha256"
    return [(sha, path) for sha, path in archive.conn.execute(sql, params)]


def _reextract_one(archive: Archive, sha256: str, path: str, summary: ReextractSummary) -> None:
    record = _extract_stored(archive, sha256, path)
    with archive.transaction() as conn:
        old = conn.execute("SELECT id, position, numero, objet FROM deliberations WHERE sha256 = ?"
                           " ORDER BY position", (sha256,)).fetchall()
        pairs = align([(o[2], o[3]) for o in old], record.deliberations)
        kept_ids = []
        for index, delib in enumerate(record.deliberations):
            row = rows.deliberation_row(delib, record, index + 1, EXTRACTOR_VERSION)
            if index in pairs:
                delib_id = old[pairs[index]][0]
                writer.update_deliberation(conn, delib_id, delib, row)
                kept_ids.append(delib_id)
            else:
                writer.insert_deliberation(conn, delib, record, index + 1, EXTRACTOR_VERSION)
                summary.added += 1
        for position in sorted(set(range(len(old))) - set(pairs.values())):
            delib_id = old[position][0]
            summary.dropped += [{"id": delib_id, "file": path, "field": c.field, "value": c.value, "note": c.note}
                                for c in corrections.active_corrections(conn, [delib_id])]
            writer.delete_deliberation(conn, delib_id)
            summary.removed += 1
        conn.execute("UPDATE documents SET doc_type = ?, collectivite = ?, siren = ? WHERE sha256 = ?",
                     (record.doc_type, record.collectivite, record.siren, sha256))
        for delib_id in kept_ids:
            summary.corrections += corrections.reapply(conn, delib_id, recheck=update_checks)
    summary.documents += 1
    summary.deliberations += len(record.deliberations)
    summary.kept += len(kept_ids)


def _extract_stored(archive: Archive, sha256: str, path: str) -> Record:
    """Run the extractor on a document's stored page texts (OCR confidences as at import)."""
    pages = archive.conn.execute("SELECT text, source, ocr_confidence FROM pages WHERE sha256 = ?"
                                 " ORDER BY number", (sha256,)).fetchall()
    doc = archive.conn.execute("SELECT ocr, unread_pages FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    extraction = extract([text or "" for text, _, _ in pages],
                         [conf if source == "ocr" else None for _, source, conf in pages])
    return Record(file=path, sha256=sha256, pages=len(pages), ocr=bool(doc[0]), doc_type=extraction.doc_type,
                  collectivite=extraction.collectivite, deliberations=extraction.deliberations,
                  unread_pages=json.loads(doc[1] or "[]"), siren=extraction.siren)


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").casefold()))


def align(old: list[tuple[str | None, str | None]], new: list[Deliberation]) -> dict[int, int]:
    """Match new deliberations to old ones (each a (numero, objet) pair), to keep their ids.

    Each new deliberation, in order, takes the free old one that shares its numéro (2 points)
    and most of its objet's words (up to 1 point), the nearest in rank on a tie; those left
    without any match are paired by rank.

    Returns:
        new index -> old index.
    """
    pairs: dict[int, int] = {}
    free = list(range(len(old)))
    for i, delib in enumerate(new):
        scored = []
        for j in free:
            numero, objet = old[j]
            same_numero = bool(numero and delib.numero and _words(numero) == _words(delib.numero))
            a, b = _words(objet), _words(delib.objet)
            overlap = len(a & b) / len(a | b) if a | b else 0.0
            score = 2 * same_numero + overlap
            if score >= 0.5:
                scored.append((-score, abs(i - j), j))
        if scored:
            j = min(scored)[2]
            pairs[i] = j
            free.remove(j)
    for i in (i for i in range(len(new)) if i not in pairs):
        if not free:
            break
        pairs[i] = free.pop(0)
    return pairs
