"""Re-extraction from the stored page texts: ids kept, versions stamped, corrections kept."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_runner import exported_rows, invoke

from registre import reextract as reextract_module
from registre.errors import ExtractionError
from registre.extract.deliberation import EXTRACTOR_VERSION
from registre.model import Deliberation
from registre.reextract import align


@pytest.fixture
def db(template, tmp_path) -> Path:
    """A copy of the archive alone: neither the imported files nor the originals are there."""
    path = tmp_path / "registre.db"
    shutil.copy(template, path)
    return path


def query(db: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def delib_id(db: Path, kind: str, position: int = 1) -> int:
    sql = ("SELECT d.id FROM deliberations d JOIN documents doc ON doc.sha256 = d.sha256"
           " WHERE doc.path LIKE ? AND d.position = ?")
    return query(db, sql, (f"%{kind}.pdf", position))[0][0]


def fields(db: Path) -> list[tuple]:
    return query(db, "SELECT id, sha256, position, numero, objet, date_seance, votants, decision, checks,"
                     " confidence FROM deliberations ORDER BY id")


def reextract(db: Path, *args) -> dict:
    result = invoke("reextract", "--db", db, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_reextract_reads_stored_text_only_keeps_ids_and_stamps_the_version(db, monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("re-extraction must not read or OCR files again")

    monkeypatch.setattr("registre.ingest.reader.read_document", no_reading)
    monkeypatch.setattr("registre.pipeline.read", no_reading)
    before = fields(db)
    hits = json.loads(invoke("search", "budget", "--db", db, "--json").stdout)
    assert hits
    query(db, "UPDATE deliberations SET extractor_version = '0.0.1'")

    summary = reextract(db, "--outdated")
    assert (summary["documents"], summary["kept"], summary["added"], summary["removed"]) == (4, len(before), 0, 0)
    assert summary["extractor_version"] == EXTRACTOR_VERSION and summary["failures"] == []
    assert fields(db) == before  # same ids, same values: the extractor did not change
    assert {v for (v,) in query(db, "SELECT extractor_version FROM deliberations")} == {EXTRACTOR_VERSION}
    assert json.loads(invoke("search", "budget", "--db", db, "--json").stdout) == hits  # index rewritten
    assert reextract(db, "--outdated")["documents"] == 0  # nothing left to upgrade


def test_filters_choose_the_documents_to_reextract(db):
    summary = reextract(db, "--year", "2015")
    assert summary["documents"] == 1 and summary["deliberations"] == 5  # the compte rendu of 2015


def test_a_correction_survives_reextract_and_appears_in_search_show_and_every_export(db, tmp_path):
    id_ = delib_id(db, "compte_rendu", 3)
    objet = "Dénomination de la rue Hypatie-d'Alexandrie"
    assert invoke("correct", id_, "objet", objet, "--note", "arrêté du maire", "--db", db).exit_code == 0
    assert invoke("correct", id_, "votants", "34", "--db", db).exit_code == 0

    summary = reextract(db)
    kept = {(c["id"], c["field"]): c for c in summary["corrections"]}
    assert set(kept) == {(id_, "objet"), (id_, "votants")}
    assert not kept[id_, "objet"]["agrees"] and summary["agreeing"] == [] and summary["dropped"] == []

    shown = json.loads(invoke("show", id_, "--db", db, "--json").stdout)
    assert (shown["objet"], shown["votants"], shown["extractor_version"]) == (objet, 34, EXTRACTOR_VERSION)
    assert {c["field"] for c in shown["corrections"]} == {"objet", "votants"}
    assert any(c.startswith("votants:") for c in shown["checks"])  # 34 ≠ présents + représentés
    hits = json.loads(invoke("search", "hypatie", "--db", db, "--json").stdout)
    assert [h["id"] for h in hits] == [id_]
    for row in exported_rows(db, tmp_path, id_).values():
        assert row["objet"] == objet and str(row["votants"]) == "34"
    assert invoke("correct", id_, "matiere_code", "3.5", "--db", db).exit_code == 0  # SCDL needs one
    scdl = invoke("export", "--format", "scdl", "--siret", "21350238800019", "--db", db)
    assert scdl.exit_code == 0, scdl.output
    assert objet in [r["DELIB_OBJET"] for r in csv.DictReader(io.StringIO(scdl.stdout))]
    assert invoke("correct", id_, "objet", "--undo", "--db", db).exit_code == 0
    assert json.loads(invoke("show", id_, "--db", db, "--json").stdout)["objet"] != objet


def test_reextract_reports_corrections_the_machine_now_agrees_with(db):
    id_ = delib_id(db, "proces_verbal", 2)
    [(right,)] = query(db, "SELECT date_seance FROM deliberations WHERE id = ?", (id_,))
    query(db, "UPDATE deliberations SET date_seance = '1999-01-01' WHERE id = ?", (id_,))  # an older extractor's
    assert invoke("correct", id_, "date_seance", right, "--db", db).exit_code == 0

    result = invoke("reextract", "--db", db)
    assert result.exit_code == 0 and f"agrees: deliberation {id_} date_seance" in result.stderr
    summary = reextract(db)
    assert summary["agreeing"] == [{"id": id_, "field": "date_seance", "value": right, "machine_value": right,
                                    "agrees": True}]
    shown = json.loads(invoke("show", id_, "--db", db, "--json").stdout)
    assert shown["date_seance"] == right and shown["corrections"][0]["machine_value"] == right


def test_a_correction_whose_deliberation_is_gone_is_reported_with_its_value(db):
    id_ = delib_id(db, "compte_rendu", 2)
    assert invoke("correct", id_, "numero", "2015-077 bis", "--note", "vu en mairie", "--db", db).exit_code == 0
    sha = query(db, "SELECT sha256 FROM deliberations WHERE id = ?", (id_,))[0][0]
    query(db, "UPDATE pages SET text = 'Page blanche.' WHERE sha256 = ?", (sha,))  # now no deliberation

    result = invoke("reextract", "--db", db, "--collectivite", query(db, "SELECT collectivite FROM documents"
                                                                          " WHERE sha256 = ?", (sha,))[0][0])
    assert result.exit_code == 0, result.output
    assert "lost:" in result.stderr and "2015-077 bis" in result.stderr and "vu en mairie" in result.stderr
    assert query(db, "SELECT count(*) FROM deliberations WHERE sha256 = ?", (sha,)) == [(0,)]
    assert query(db, "SELECT count(*) FROM corrections") == [(0,)]
    assert json.loads(invoke("search", "2015-077", "--db", db, "--json").stdout) == []
    query(db, "INSERT INTO deliberations_fts(deliberations_fts) VALUES ('integrity-check')")


def test_an_extractor_failure_leaves_its_document_as_it_was_and_exits_1(db, monkeypatch):
    real_extract = reextract_module.extract
    failing = query(db, "SELECT sha256 FROM documents WHERE path LIKE '%proces_verbal.pdf'")[0][0]
    failing_text = query(db, "SELECT text FROM pages WHERE sha256 = ? AND number = 1", (failing,))[0][0]

    def extract(pages, confidences=None):
        if pages and pages[0] == failing_text:
            raise ExtractionError("read_items", "boom")
        return real_extract(pages, confidences)

    monkeypatch.setattr(reextract_module, "extract", extract)
    query(db, "UPDATE deliberations SET extractor_version = '0.0.1'")
    result = invoke("reextract", "--db", db)
    assert result.exit_code == 1
    assert "proces_verbal.pdf" in result.stderr and "read_items" in result.stderr
    versions = dict(query(db, "SELECT sha256, max(extractor_version) FROM deliberations GROUP BY sha256"))
    assert versions.pop(failing) == "0.0.1" and set(versions.values()) == {EXTRACTOR_VERSION}


def test_align_keeps_ids_by_numero_then_objet_then_rank():
    old = [("1", "Budget primitif"), ("2", "Tarifs de la cantine"), ("3", "Subvention au club")]
    new = [Deliberation(numero="2", objet="Tarifs de la cantine scolaire"),
           Deliberation(numero=None, objet="Subvention au club de football"),
           Deliberation(numero="9", objet="Questions")]
    assert align(old, new) == {0: 1, 1: 2, 2: 0}
    assert align(old, new[:1]) == {0: 1}  # the two others are gone
    assert align([], new) == {}
