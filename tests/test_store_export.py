"""Exports: JSON Lines with every field, CSV with one row of scalar fields per deliberation."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest

from registre.errors import BadInputError
from registre.model import Deliberation, Document, Page, Procuration, Provenance, Record
from registre.store.archive import Archive
from registre.store.export import CSV_COLUMNS, EXPORTERS, export_csv, export_jsonl


def deliberation(numero: str, date: str, unanimous: bool | None) -> Deliberation:
    return Deliberation(
        numero=numero, objet=f"Objet « {numero} » ; accentué", date_seance=date,
        presents_noms=["Hélène ÉTIENNE", "Jean MARTIN"], absents_noms=["Paul SIMON"],
        procurations=[Procuration("Paul SIMON", "Jean MARTIN")], unanimite=unanimous,
        decision="adoptee", articles=["Premier, avec virgule.", "Second"], nb_articles=2,
        matiere_code="7.5", checks=["quorum"], text="Texte complet\nsur deux lignes.",
        provenance=[Provenance("numero", 1, 0, 4, 1.0)], confidence={"numero": 1.0},
    )  # fmt: skip


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "acte.pdf"
    path.write_bytes(b"%PDF-1.4 acte")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    delibs = [
        deliberation("2020-1", "2020-05-01", True),
        deliberation("2019-7", "2019-02-03", None),
    ]
    record = Record(str(path), sha, 1, False, "compte_rendu", "Commune de Bréhat", delibs)
    document = Document(path, sha, path.stat().st_size, "pdf", [Page(1, "texte")])
    with Archive.open(tmp_path / "registre.db") as arch:
        arch.add_document(record, document, extractor_version="0.1")
        yield arch


def test_jsonl_has_one_complete_object_per_deliberation(archive, tmp_path):
    out = io.StringIO()
    assert export_jsonl(archive, out) == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert [first["numero"], second["numero"]] == ["2019-7", "2020-1"]  # by séance date
    assert (
        first["file"] == str(tmp_path / "acte.pdf") and first["collectivite"] == "Commune de Bréhat"
    )
    assert first["persons"]["present"] == ["Hélène ÉTIENNE", "Jean MARTIN"]
    assert first["procurations"] == [{"mandant": "Paul SIMON", "mandataire": "Jean MARTIN"}]
    assert first["articles"] == ["Premier, avec virgule.", "Second"]
    assert first["provenance"] == [
        {"field": "numero", "page": 1, "start": 0, "end": 4, "confidence": 1.0}
    ]
    assert first["text"] == "Texte complet\nsur deux lignes." and first["unanimite"] is None
    assert "Hélène" in lines[0]  # UTF-8, not \\u escapes


def test_csv_has_a_header_and_one_row_per_deliberation(archive):
    out = io.StringIO(newline="")
    assert export_csv(archive, out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 2 and tuple(rows[0]) == CSV_COLUMNS
    row = rows[1]
    assert row["numero"] == "2020-1" and row["objet"] == "Objet « 2020-1 » ; accentué"
    assert row["presents_noms"] == "Hélène ÉTIENNE ; Jean MARTIN"
    assert row["procurations"] == "Paul SIMON > Jean MARTIN"
    assert row["articles"] == "Premier, avec virgule. ; Second"
    assert row["unanimite"] == "true" and rows[0]["unanimite"] == ""
    assert row["nb_articles"] == "2" and row["collectivite"] == "Commune de Bréhat"


def test_csv_can_carry_the_full_text(archive):
    out = io.StringIO(newline="")
    export_csv(archive, out, with_text=True)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["text"] == "Texte complet\nsur deux lignes."


@pytest.mark.parametrize("exporter", [export_jsonl, export_csv])
def test_exports_take_the_search_filters(archive, exporter):
    assert exporter(archive, io.StringIO(), year=2019) == 1
    assert exporter(archive, io.StringIO(), year=2001) == 0
    with pytest.raises(BadInputError, match="unknown filter"):
        exporter(archive, io.StringIO(), colour="blue")


def test_exporters_are_listed_by_format():
    assert {"jsonl": export_jsonl, "csv": export_csv} == EXPORTERS


def test_export_to_a_utf8_file(archive, tmp_path):
    target = tmp_path / "out.csv"
    with target.open("w", encoding="utf-8", newline="") as f:
        export_csv(archive, f)
    assert "Bréhat" in target.read_text(encoding="utf-8")
