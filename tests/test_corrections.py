"""Corrections: stored apart, used by show, search and the exports; --undo; bad values refused."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_runner import exported_rows, invoke

from registre.errors import BadInputError
from registre.model import Deliberation, Document, Page, Record
from registre.review import correct, undo
from registre.store import writer
from registre.store.archive import Archive
from registre.store.corrections import list_corrections, parse_value
from registre.store.schema import MIGRATIONS, SCHEMA_VERSION
from registre.store.search import search


@pytest.fixture
def db(template, tmp_path) -> Path:
    """A fresh copy of the template archive."""
    path = tmp_path / "registre.db"
    shutil.copy(template, path)
    return path


def delib_id(db: Path, kind: str, position: int = 1) -> int:
    with sqlite3.connect(db) as conn:
        sql = ("SELECT d.id FROM deliberations d JOIN documents doc ON doc.sha256 = d.sha256"
               " WHERE doc.path LIKE ? AND d.position = ?")
        return conn.execute(sql, (f"%{kind}.pdf", position)).fetchone()[0]


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


NEW_OBJET = "Réfection de la toiture de l'église Saint-Zéphyrin"


def test_a_correction_is_used_by_show_search_and_every_export(db, tmp_path):
    id_ = delib_id(db, "extrait_single_column")
    machine = json.loads(invoke("show", id_, "--db", db, "--json").stdout)["objet"]
    result = invoke("correct", id_, "objet", NEW_OBJET, "--note", "read in the register", "--db", db)
    assert result.exit_code == 0, result.output
    assert "corrected" in result.stderr and result.stdout == ""

    shown = json.loads(invoke("show", id_, "--db", db, "--json").stdout)
    assert shown["objet"] == NEW_OBJET and shown["confidence"]["objet"] == 1.0
    [fix] = shown["corrections"]
    assert fix["field"] == "objet" and fix["value"] == NEW_OBJET and fix["machine_value"] == machine
    assert fix["note"] == "read in the register" and fix["created_at"]

    hits = json.loads(invoke("search", "toiture zephyrin", "--db", db, "--json").stdout)
    assert [h["id"] for h in hits] == [id_] and hits[0]["objet"] == NEW_OBJET

    for row in exported_rows(db, tmp_path, id_).values():
        assert row["objet"] == NEW_OBJET


def test_machine_value_is_kept_apart_and_undo_restores_it(db):
    id_ = delib_id(db, "compte_rendu", 2)
    with Archive.open(db) as archive:
        machine = archive.get_deliberation(id_)
        correct(archive, id_, "date_seance", "03/02/2015", note="header")
        assert archive.get_deliberation(id_)["date_seance"] == "2015-02-03"
        [stored] = list_corrections(archive, id_)
        assert (stored.old_value, stored.value, stored.machine_value) == (machine["date_seance"], "2015-02-03",
                                                                          machine["date_seance"])
    result = invoke("correct", id_, "date_seance", "--undo", "--db", db)
    assert result.exit_code == 0, result.output
    with Archive.open(db) as archive:
        after = archive.get_deliberation(id_)
        history = list_corrections(archive, id_, active_only=False)
    assert after["date_seance"] == machine["date_seance"]
    assert after["confidence"] == machine["confidence"] and after["checks"] == machine["checks"]
    assert after["corrections"] == [] and len(history) == 1 and history[0].undone_at


def test_a_second_correction_replaces_the_first_and_undo_goes_back_to_the_machine(db):
    id_ = delib_id(db, "proces_verbal", 1)
    with Archive.open(db) as archive:
        machine = archive.get_deliberation(id_)["numero"]
        correct(archive, id_, "numero", "2009-001")
        second = correct(archive, id_, "numero", "2009-01")
        assert second.old_value == "2009-001" and second.machine_value == machine
        assert [c.value for c in list_corrections(archive, id_)] == ["2009-01"]
        undo(archive, id_, "numero")
        assert archive.get_deliberation(id_)["numero"] == machine


def test_corrected_dates_and_names_move_the_deliberation_in_filters(db):
    id_ = delib_id(db, "extrait_two_column")
    assert invoke("correct", id_, "date_seance", "2031-05-04", "--db", db).exit_code == 0
    assert invoke("correct", id_, "presents_noms", "Albertine ZORGLUB ; Jules VERNE", "--db", db).exit_code == 0
    in_2031 = json.loads(invoke("search", "--year", "2031", "--db", db, "--json").stdout)
    assert [h["id"] for h in in_2031] == [id_] and in_2031[0]["date_seance"] == "2031-05-04"
    by_person = json.loads(invoke("search", "--person", "zorglub", "--db", db, "--json").stdout)
    assert [h["id"] for h in by_person] == [id_]
    shown = json.loads(invoke("show", id_, "--db", db, "--json").stdout)
    assert shown["persons"]["present"] == ["Albertine ZORGLUB", "Jules VERNE"]
    assert any(c.startswith("presents_names:") for c in shown["checks"])  # the count no longer matches


def test_a_correction_that_breaks_a_check_is_checked_and_its_undo_restores_everything(db):
    id_ = delib_id(db, "extrait_single_column")
    with Archive.open(db) as archive:
        before = archive.get_deliberation(id_)
        assert before["checks"] == []
        correct(archive, id_, "presents", 5)  # of 11 members: no quorum
        broken = archive.get_deliberation(id_)
        assert [c.split(":")[0] for c in broken["checks"]] == ["quorum", "presents_names"]
        assert broken["confidence"]["membres_en_exercice"] < before["confidence"]["membres_en_exercice"]
        assert broken["confidence"]["presents"] == 1.0
        undo(archive, id_, "presents")
        again = archive.get_deliberation(id_)
    assert (again["presents"], again["checks"], again["confidence"]) == \
        (before["presents"], before["checks"], before["confidence"])


@pytest.mark.parametrize("field, value, says", [
    ("date_seance", "2019-02-30", "not a date"),
    ("date_convocation", "hier", "not a date"),
    ("presents", "douze", "not a number"),
    ("votants", "3 personnes", "not a number"),
    ("nb_articles", "2.5", "not a number"),
    ("heure_seance", "25:00", "not a time"),
    ("unanimite", "peut-être", "true or false"),
    ("decision", "votée", "unknown decision"),
    ("matiere_code", "finances", "ACTES code"),
    ("procurations", "Jean MARTIN", "MANDANT > MANDATAIRE"),
    ("couleur", "rouge", "unknown field"),
    ("text", "Le conseil…", "unknown field"),
])  # fmt: skip
def test_invalid_values_are_refused_with_exit_code_4(db, field, value, says):
    id_ = delib_id(db, "extrait_single_column")
    before = json.loads(invoke("show", id_, "--db", db, "--json").stdout)
    result = invoke("correct", id_, field, value, "--db", db)
    assert result.exit_code == 4, result.output
    assert says in result.stderr and field in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert count(db, "corrections") == 0
    assert json.loads(invoke("show", id_, "--db", db, "--json").stdout) == before


def test_correct_refuses_unknown_ids_and_undo_without_correction(db):
    id_ = delib_id(db, "extrait_single_column")
    assert invoke("correct", 999_999, "objet", "X", "--db", db).exit_code == 6
    result = invoke("correct", id_, "objet", "--undo", "--db", db)
    assert result.exit_code == 6 and "no correction of objet" in result.stderr
    assert invoke("correct", id_, "objet", "X", "--undo", "--db", db).exit_code == 4
    assert invoke("correct", id_, "objet", "--db", db).exit_code == 4


@pytest.mark.parametrize("field, typed, value", [
    ("date_seance", "2019-03-01", "2019-03-01"),
    ("heure_seance", "18h30", "18:30"),
    ("presents", " 12 ", 12),
    ("unanimite", "non", False),
    ("decision", "Adoptée", "adoptee"),
    ("absents_noms", '["Jean MARTIN", "Anne  DUPONT"]', ["Jean MARTIN", "Anne DUPONT"]),
    ("procurations", "Jean MARTIN > Anne DUPONT", [{"mandant": "Jean MARTIN", "mandataire": "Anne DUPONT"}]),
    ("lieu", "null", None),
])  # fmt: skip
def test_values_are_read_as_typed(field, typed, value):
    assert parse_value(field, typed) == value


def test_parse_value_raises_bad_input():
    with pytest.raises(BadInputError):
        parse_value("presents", True)


def test_a_version_1_archive_is_upgraded_in_place(tmp_path):
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0].split(";\n"):
        if statement.strip():
            conn.execute(statement)
    document = Document(tmp_path / "a.pdf", "abc", 3, "pdf", [Page(1, "Budget")])
    record = Record("a.pdf", "abc", 1, False, "extrait", "Commune de Test", [Deliberation(objet="Budget")])
    [delib] = writer.insert_document(conn, record, document, import_id=None, extractor_version="0.0.1")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Archive.open(path) as archive:
        assert archive.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        columns = {r[1] for r in archive.conn.execute("PRAGMA table_info(corrections)")}
        assert {"machine_value", "machine_confidence", "undone_at"} <= columns
        assert archive.get_deliberation(delib)["objet"] == "Budget"
        correct(archive, delib, "objet", "Budget primitif 2024")
        assert archive.get_deliberation(delib)["objet"] == "Budget primitif 2024"
        assert [h["id"] for h in search(archive, "primitif")] == [delib]
