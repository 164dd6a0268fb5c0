"""Conversions between :mod:`registre.model` records and archive rows (both directions)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import fields
from datetime import datetime, timezone
from typing import Any

from registre.model import Deliberation, Document, Record
from registre.store.schema import DELIBERATION_COLUMNS, JSON_FIELDS, PERSON_ROLES
from registre.store.stemming import stem_words, words

_MODEL_FIELDS = {f.name for f in fields(Deliberation)}
# Between two names in the indexed names column: a token, so that a phrase cannot run from
# one name into the next ("Jean PHILIPPE", "Varlet LEGRAND" must not match "Philippe Varlet").
NAME_SEPARATOR = " zzsepzz "
_BOOL_FIELDS = ("unanimite",)
# Fields whose values are text; the others are kept as JSON in ``corrections``.
_TEXT_VALUES = frozenset((
    "numero", "objet", "instance", "lieu", "president", "secretaire", "matiere_code", "matiere_nom",
    "collectivite", "date_seance", "date_convocation", "date_affichage", "date_transmission",
    "heure_seance", "decision",
))  # fmt: skip


def now() -> str:
    """Return the current UTC time as an ISO 8601 string (seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    """JSON-encode ``value`` keeping accents readable."""
    return json.dumps(value, ensure_ascii=False)


def document_row(record: Record, document: Document, import_id: int | None) -> dict[str, Any]:
    """Build the ``documents`` row of a parsed file.

    Args:
        record: the parsed file.
        document: the file as read.
        import_id: the import run that brought it, if any.

    Returns:
        Column -> value.
    """
    return {
        "sha256": record.sha256,
        "path": record.file,
        "paths": dumps([record.file]),
        "size": document.size,
        "kind": document.kind,
        "pages": record.pages,
        "ocr": int(record.ocr),
        "doc_type": record.doc_type,
        "collectivite": record.collectivite,
        "siren": record.siren,
        "status": "ok",
        "error": None,
        "unread_pages": dumps(record.unread_pages),
        "imported_at": now(),
        "import_id": import_id,
    }


def page_rows(document: Document) -> list[tuple[Any, ...]]:
    """Build the ``pages`` rows (sha256, number, text, source, ocr_confidence, note)."""
    return [
        (document.sha256, p.number, p.text, p.source, p.ocr_confidence, p.note)
        for p in document.pages
    ]


def deliberation_row(
    delib: Deliberation, record: Record, position: int, extractor_version: str
) -> dict[str, Any]:
    """Build the ``deliberations`` row of one deliberation (without ``id``).

    Args:
        delib: the deliberation.
        record: the file it comes from (sha256, collectivité, document type).
        position: its order in the document, from 1.
        extractor_version: version of the extractor that produced it.

    Returns:
        Column -> value, lists and dicts as JSON text.
    """
    row = deliberation_values(delib)
    row.update(
        sha256=record.sha256,
        position=position,
        extractor_version=extractor_version,
        collectivite=record.collectivite,
        doc_type=record.doc_type,
    )
    return row


def deliberation_values(delib: Deliberation) -> dict[str, Any]:
    """Return the ``deliberations`` columns that come from the record itself.

    Args:
        delib: the deliberation.

    Returns:
        Column -> value for its fields, text, confidence and checks; lists and dicts as JSON
        text, ``unanimite`` as 0/1.
    """
    data = delib.to_json(with_text=True)
    row: dict[str, Any] = {c: data.get(c) for c in DELIBERATION_COLUMNS if c in _MODEL_FIELDS}
    for name in JSON_FIELDS:
        row[name] = None if row[name] is None else dumps(row[name])
    if row["unanimite"] is not None:
        row["unanimite"] = int(row["unanimite"])
    return row


def persons_of(delib: Deliberation) -> list[tuple[str, str]]:
    """List the (name, role) pairs a deliberation names, in document order, without blanks."""
    pairs: list[tuple[str, str]] = []
    pairs += [(n, "present") for n in delib.presents_noms or []]
    pairs += [(n, "absent") for n in delib.absents_noms or []]
    pairs += [(delib.president, "president"), (delib.secretaire, "secretaire")]  # type: ignore[list-item]
    for proc in delib.procurations or []:
        pairs += [(proc.mandant, "mandant"), (proc.mandataire, "mandataire")]
    return [(n.strip(), r) for n, r in pairs if n and n.strip()]


def name_key(name: str) -> str:
    """Return the searchable form of a person's name ("Philippe VARLET" -> "philippe varlet")."""
    return " ".join(words(name))


def person_rows(delib_id: int, delib: Deliberation) -> list[tuple[int, str, str, str]]:
    """Build the ``persons`` rows (deliberation_id, name, name_key, role)."""
    return [(delib_id, n, name_key(n), r) for n, r in persons_of(delib)]


def article_rows(delib_id: int, delib: Deliberation) -> list[tuple[int, int, str]]:
    """Build the ``articles`` rows (deliberation_id, number, text), numbered from 1."""
    return [(delib_id, i, text) for i, text in enumerate(delib.articles, start=1)]


def provenance_rows(delib_id: int, delib: Deliberation) -> list[tuple[Any, ...]]:
    """Build the ``provenance`` rows (deliberation_id, field, page, start, end, confidence)."""
    return [(delib_id, p.field, p.page, p.start, p.end, p.confidence) for p in delib.provenance]


def fts_values(
    objet: str | None, text: str | None, names: Sequence[str]
) -> tuple[tuple[str, ...], set[str]]:
    """Build the five indexed values of a deliberation and the words it holds.

    Args:
        objet: its objet.
        text: its full text.
        names: the names of the people it mentions.

    Returns:
        (objet, body, names, objet_stem, body_stem) in ``FTS_COLUMNS`` order, and the set of
        its folded words (for the ``search_terms`` vocabulary that expands prefixes).
    """
    objet, text = objet or "", text or ""
    joined = NAME_SEPARATOR.join(dict.fromkeys(names))
    objet_words, text_words = words(objet), words(text)
    stems = (" ".join(stem_words(objet_words)), " ".join(stem_words(text_words)))
    vocabulary = {*objet_words, *text_words, *words(joined)}
    vocabulary.discard(NAME_SEPARATOR.strip())
    return (objet, text, joined, *stems), vocabulary


def decode_deliberation(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    """Turn a ``deliberations`` row into a plain dict with lists and booleans decoded.

    Args:
        row: a row with (some of) the ``deliberations`` columns.

    Returns:
        A new dict; JSON columns decoded, ``unanimite`` as bool or None.
    """
    out = dict(row)
    for name in JSON_FIELDS:
        if isinstance(out.get(name), str):
            out[name] = json.loads(out[name])
    for name in _BOOL_FIELDS:
        if out.get(name) is not None:
            out[name] = bool(out[name])
    return out


def encode_value(field: str, value: Any) -> str | None:
    """A field's value as kept in ``corrections``: text as is, other values as JSON, None as NULL."""
    if value is None:
        return None
    return value if field in _TEXT_VALUES else dumps(value)


def decode_value(field: str, text: str | None) -> Any:
    """The inverse of :func:`encode_value`."""
    if text is None:
        return None
    return text if field in _TEXT_VALUES else json.loads(text)


def group_by(rows: Iterator[sqlite3.Row], key: str) -> dict[Any, list[dict[str, Any]]]:
    """Group rows into lists of dicts by the value of one column (dropped from each dict)."""
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        item = dict(row)
        grouped.setdefault(item.pop(key), []).append(item)
    return grouped


def persons_by_role(items: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Arrange person rows ({name, role}) as role -> names, every role present."""
    by_role: dict[str, list[str]] = {role: [] for role in PERSON_ROLES}
    for item in items:
        by_role.setdefault(item["role"], []).append(item["name"])
    return by_role


def provenance_dict(item: dict[str, Any]) -> dict[str, Any]:
    """Return a provenance row as the model's dict shape."""
    keys = ("field", "page", "start", "end", "confidence")
    return {k: item.get(k) for k in keys}
