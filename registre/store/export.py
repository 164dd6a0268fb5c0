"""Exports of the archive: JSON Lines (everything) and CSV (one row per deliberation).

Each exporter takes the archive, an open text stream and the same filters as
:meth:`Archive.iter_deliberations`, writes, and returns the number of deliberations written.
:data:`EXPORTERS` maps a format name to its function, so that another format (SCDL CSV, a
Frictionless package) is one more function and one more entry.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from registre.store.archive import Archive
from registre.store.schema import DELIBERATION_COLUMNS

LIST_SEPARATOR = " ; "

# CSV columns: where the deliberation comes from, then the stored fields in the archive's order,
# less the machine's confidences and the full text (``with_text`` adds it back as the last column).
_SOURCE_COLUMNS = ("id", "file", "sha256", "collectivite", "doc_type", "position")
CSV_COLUMNS = _SOURCE_COLUMNS + tuple(
    name for name in DELIBERATION_COLUMNS if name not in (*_SOURCE_COLUMNS, "confidence", "text")
)


def export_jsonl(archive: Archive, out: TextIO, **filters: Any) -> int:
    """Write every field of each deliberation as one JSON object per line.

    Each object holds the deliberation's fields (lists and dicts as JSON), its full text, the
    names by role (``persons``), its provenance, and where it comes from (``file``, ``paths``,
    ``sha256``, ``original``, ``collectivite``, ``doc_type``).

    Args:
        archive: the open archive.
        out: a text stream (UTF-8).
        **filters: as :meth:`Archive.iter_deliberations`.

    Returns:
        The number of deliberations written.

    Raises:
        BadInputError: an unknown filter or a malformed value.
    """
    count = 0
    for delib in archive.iter_deliberations(**filters):
        out.write(json.dumps(delib, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def export_csv(archive: Archive, out: TextIO, *, with_text: bool = False, **filters: Any) -> int:
    """Write one CSV row per deliberation: every scalar field, lists joined with " ; ".

    Procurations are written "mandant > mandataire"; ``unanimite`` as true/false; a missing
    value as an empty cell.

    Args:
        archive: the open archive.
        out: a text stream (open it with ``newline=""`` and UTF-8).
        with_text: add a last column with the full text.
        **filters: as :meth:`Archive.iter_deliberations`.

    Returns:
        The number of deliberations written.

    Raises:
        BadInputError: an unknown filter or a malformed value.
    """
    columns = (*CSV_COLUMNS, "text") if with_text else CSV_COLUMNS
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for row in _csv_rows(archive.iter_deliberations(**filters), columns):
        writer.writerow(row)
        count += 1
    return count


def _csv_rows(delibs: Iterator[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[list[str]]:
    for delib in delibs:
        yield [_cell(name, delib.get(name)) for name in columns]


def _cell(name: str, value: Any) -> str:
    """Render one value for a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if name == "procurations":
        return LIST_SEPARATOR.join(f"{p['mandant']} > {p['mandataire']}" for p in value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


EXPORTERS: dict[str, Callable[..., int]] = {"jsonl": export_jsonl, "csv": export_csv}
