"""Exports of the archive: JSON Lines (every field) and CSV (scalar fields, one row each)."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from registre.store.archive import Archive

CSV_COLUMNS = (
    "id",
    "collectivite",
    "doc_type",
    "instance",
    "numero",
    "objet",
    "date_seance",
    "heure_seance",
    "date_convocation",
    "date_affichage",
    "date_transmission",
    "lieu",
    "president",
    "secretaire",
    "membres_en_exercice",
    "presents",
    "representes",
    "votants",
    "vote_pour",
    "vote_contre",
    "vote_abstention",
    "unanimite",
    "decision",
    "nb_articles",
    "matiere_code",
    "matiere_nom",
    "presents_noms",
    "absents_noms",
    "procurations",
    "checks",
    "page_start",
    "page_end",
    "file",
    "sha256",
    "extractor_version",
)


def export_jsonl(archive: Archive, out: TextIO, **filters: Any) -> int:
    """Write one JSON object per deliberation (every field, names, articles, provenance).

    Returns:
        The number of deliberations written.
    """
    count = 0
    for delib in archive.iter_deliberations(**filters):
        out.write(json.dumps(delib, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ; ".join(
            f"{v.get('mandant')} -> {v.get('mandataire')}" if isinstance(v, dict) else str(v)
            for v in value
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def export_csv(archive: Archive, out: TextIO, **filters: Any) -> int:
    """Write the scalar fields of each deliberation as CSV (UTF-8, lists joined with " ; ").

    Returns:
        The number of deliberations written.
    """
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for delib in archive.iter_deliberations(**filters):
        writer.writerow([_cell(delib.get(column)) for column in CSV_COLUMNS])
        count += 1
    return count
