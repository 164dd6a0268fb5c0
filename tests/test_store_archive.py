"""The archive: schema and versions, writes all-or-nothing, dedupe, originals, reads."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import fields
from pathlib import Path

import pytest

from registre.errors import ArchiveError, ExitCode, NotFoundError
from registre.model import Deliberation, Document, Page, Procuration, Provenance, Record
from registre.store import writer
from registre.store.archive import Archive
from registre.store.schema import DELIBERATION_COLUMNS, SCHEMA_VERSION
from registre.store.search import search

TABLES = ("documents", "pages", "deliberations", "persons", "articles", "provenance",
          "deliberations_fts", "quarantine", "imports")  # fmt: skip


def make_file(folder: Path, name: str, delibs: list[Deliberation], **record) -> tuple:
    """Write a small file with unique bytes; return its (Record, Document)."""
    path = folder / name
    path.write_bytes(f"%PDF-1.4 {name} {[d.objet for d in delibs]}".encode())
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    pages = [
        Page(1, "page un " + " ".join(d.text for d in delibs)),
        Page(2, "", "none", None, "blank"),
    ]
    document = Document(path=path, sha256=sha, size=path.stat().st_size, kind="pdf", pages=pages)
    record = Record(file=str(path), sha256=sha, pages=2, ocr=False, unread_pages=[2],
                    doc_type=record.get("doc_type", "extrait"),
                    collectivite=record.get("collectivite", "Commune de Test"),
                    deliberations=delibs, siren=record.get("siren"))  # fmt: skip
    return record, document


def full_delib(**overrides) -> Deliberation:
    values = {
        "numero": "2019-12", "objet": "Subvention à l'association Les Amis",
        "instance": "conseil municipal", "date_seance": "2019-03-01", "heure_seance": "18:30",
        "date_convocation": "2019-02-20", "date_affichage": "2019-03-05",
        "date_transmission": "2019-03-06", "lieu": "Mairie", "president": "Philippe VARLET",
        "secretaire": "Anne DUPONT", "membres_en_exercice": 15, "presents": 10,
        "representes": 2, "votants": 12, "presents_noms": ["Philippe VARLET", "Anne DUPONT"],
        "absents_noms": ["Jean MARTIN"],
        "procurations": [Procuration("Jean MARTIN", "Anne DUPONT")], "vote_pour": 12,
        "vote_contre": 0, "vote_abstention": 0, "unanimite": True, "decision": "adoptee",
        "nb_articles": 2, "articles": ["Accorde 500 euros.", "Autorise le maire."],
        "matiere_code": "7.5", "matiere_nom": "Subventions", "page_start": 1, "page_end": 1,
        "confidence": {"objet": 0.9}, "checks": ["votants"],
        "text": "Le conseil municipal, après en avoir délibéré, accorde 500 euros.",
        "provenance": [Provenance("objet", 1, 10, 40, 0.9)],
    }  # fmt: skip
    values.update(overrides)
    return Deliberation(**values)


def counts(archive: Archive) -> dict[str, int]:
    return {t: archive.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "arch" / "registre.db") as arch:
        yield arch


def test_new_archive_has_current_schema_version_and_wal(tmp_path):
    path = tmp_path / "a.db"
    with Archive.open(path) as archive:
        assert archive.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        assert archive.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert set(TABLES) <= set(archive.db.table_names())
    with Archive.open(path) as archive:  # reopening migrates nothing and loses nothing
        assert archive.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_every_model_field_has_a_column():
    model = {f.name for f in fields(Deliberation)} - {"provenance"}
    assert model <= set(DELIBERATION_COLUMNS)


def test_newer_archive_is_refused(tmp_path):
    path = tmp_path / "a.db"
    Archive.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ArchiveError, match="newer") as info:
        Archive.open(path)
    assert info.value.exit_code == ExitCode.archive_problem == 5


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"%PDF-1.4 not a database at all", "not an SQLite database"), (b"hello\n" * 100, "not an")],
)
def test_file_that_is_not_sqlite_is_refused(tmp_path, content, message):
    path = tmp_path / "a.db"
    path.write_bytes(content)
    with pytest.raises(ArchiveError, match=message) as info:
        Archive.open(path)
    assert info.value.exit_code == 5
    assert path.read_bytes() == content  # left untouched


def test_sqlite_file_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(ArchiveError, match="not a Registre archive"):
        Archive.open(path)


def test_folder_and_missing_file_are_refused(tmp_path):
    with pytest.raises(ArchiveError, match="folder"):
        Archive.open(tmp_path)
    with pytest.raises(ArchiveError, match="no archive"):
        Archive.open(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def test_add_document_writes_every_row_and_returns_ids(archive, tmp_path):
    record, document = make_file(tmp_path, "a.pdf", [full_delib(), full_delib(numero="2019-13")])
    ids = archive.add_document(record, document, import_id=None, extractor_version="x1")
    assert len(ids) == 2
    assert counts(archive) == {"documents": 1, "pages": 2, "deliberations": 2, "persons": 14,
                               "articles": 4, "provenance": 2, "deliberations_fts": 2,
                               "quarantine": 0, "imports": 0}  # fmt: skip
    assert archive.has_document(record.sha256)
    assert not archive.has_document("0" * 64)


def test_original_is_kept_byte_identical_and_content_addressed(archive, tmp_path):
    record, document = make_file(tmp_path, "a.pdf", [full_delib()])
    archive.add_document(record, document)
    kept = archive.original_path(record.sha256)
    assert kept == archive.files_dir / record.sha256[:2] / record.sha256
    assert kept.read_bytes() == document.path.read_bytes()
    assert archive.files_dir.name == "registre.db.files"
    assert not list(kept.parent.glob(".tmp-*"))


def test_original_given_as_bytes(archive, tmp_path):
    record, document = make_file(tmp_path, "a.pdf", [full_delib()])
    data = document.path.read_bytes()
    document.path.unlink()  # e.g. a member of a zip: the bytes are all there is
    archive.add_document(record, document, original=data)
    assert archive.original_path(record.sha256).read_bytes() == data


def test_same_file_twice_is_one_document_with_two_paths(archive, tmp_path):
    record, document = make_file(tmp_path, "a.pdf", [full_delib()])
    assert archive.add_document(record, document)
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(document.path.read_bytes())
    record.file = str(copy)
    assert archive.add_document(record, document) == []
    assert archive.add_document(record, document) == []  # same path again: not listed twice
    assert counts(archive)["documents"] == 1 and counts(archive)["deliberations"] == 1
    delib = archive.get_deliberation(1)
    assert delib["paths"] == [str(tmp_path / "a.pdf"), str(copy)]
    assert delib["file"] == str(tmp_path / "a.pdf")


def test_failure_mid_way_leaves_nothing_written(archive, tmp_path, monkeypatch):
    first = make_file(tmp_path, "first.pdf", [full_delib()])
    archive.add_document(*first)
    before = counts(archive)
    record, document = make_file(tmp_path, "b.pdf", [full_delib(), full_delib(numero="2")])
    calls = []

    def failing_index(conn, delib_id, values, vocabulary):
        calls.append(delib_id)
        if len(calls) == 2:  # the second deliberation: rows of the first are already written
            raise RuntimeError("injected")
        conn.execute("SELECT 1")

    monkeypatch.setattr(writer, "insert_fts", failing_index)
    with pytest.raises(RuntimeError, match="injected"):
        archive.add_document(record, document)
    assert counts(archive) == before
    assert not archive.has_document(record.sha256)
    assert not archive.original_path(record.sha256).exists()


def test_original_that_cannot_be_copied_rolls_back(archive, tmp_path):
    record, document = make_file(tmp_path, "a.pdf", [full_delib()])
    document.path.unlink()
    with pytest.raises(ArchiveError, match="cannot keep a copy of"):
        archive.add_document(record, document)
    assert counts(archive)["documents"] == 0 and counts(archive)["deliberations"] == 0


def test_file_changed_since_it_was_read_is_refused(archive, tmp_path):
    record, document = make_file(tmp_path, "a.pdf", [full_delib()])
    document.path.write_bytes(b"changed meanwhile")
    with pytest.raises(ArchiveError, match="changed while"):
        archive.add_document(record, document)
    assert counts(archive)["documents"] == 0
    assert not archive.original_path(record.sha256).exists()


def test_failed_bulk_load_leaves_nothing(archive, tmp_path):
    good = make_file(tmp_path, "a.pdf", [full_delib()])
    bad = make_file(tmp_path, "b.pdf", [full_delib()])
    bad[1].path.unlink()
    with pytest.raises(ArchiveError):
        archive.add_documents([good, bad])
    assert counts(archive)["documents"] == 0
    assert not archive.original_path(good[0].sha256).exists()  # the first copy was removed
    assert archive.add_documents([good], keep_originals=False) == [[1]]


def test_get_deliberation_returns_every_field(archive, tmp_path):
    delib = full_delib()
    record, document = make_file(tmp_path, "a.pdf", [delib], siren="229300082")
    (delib_id,) = archive.add_document(record, document, extractor_version="x1")
    got = archive.get_deliberation(delib_id)
    for name, value in delib.to_json(with_text=True, with_provenance=True).items():
        assert got[name] == value, name
    assert got["file"] == str(document.path) and got["sha256"] == record.sha256
    assert got["original"] == str(archive.original_path(record.sha256))
    assert got["collectivite"] == "Commune de Test" and got["doc_type"] == "extrait"
    assert got["extractor_version"] == "x1" and got["position"] == 1
    assert got["persons"]["present"] == ["Philippe VARLET", "Anne DUPONT"]
    assert got["persons"]["president"] == ["Philippe VARLET"]
    assert got["persons"]["mandant"] == ["Jean MARTIN"]
    assert got["persons"]["mandataire"] == ["Anne DUPONT"]


def test_unknown_deliberation_is_not_found(archive):
    with pytest.raises(NotFoundError, match="no deliberation with id 999 in") as info:
        archive.get_deliberation(999)
    assert info.value.exit_code == ExitCode.not_found == 6


def test_nulls_stay_null(archive, tmp_path):
    record, document = make_file(tmp_path, "a.pdf", [Deliberation(objet="Budget")])
    (delib_id,) = archive.add_document(record, document)
    got = archive.get_deliberation(delib_id)
    assert got["presents_noms"] is None and got["unanimite"] is None and got["procurations"] is None
    assert got["articles"] == [] and got["persons"]["present"] == []


def test_iter_deliberations_in_date_order_with_filters(archive, tmp_path):
    dates = ["2021-05-01", "2019-01-01", "2020-07-14"]
    delibs = [full_delib(date_seance=d, numero=d) for d in dates]
    archive.add_document(*make_file(tmp_path, "a.pdf", delibs))
    assert [d["date_seance"] for d in archive.iter_deliberations()] == sorted(dates)
    assert [d["numero"] for d in archive.iter_deliberations(year=2020)] == ["2020-07-14"]
    assert len(list(archive.iter_deliberations(date_from="2020"))) == 2


def test_record_failure_replaces_the_earlier_entry(archive, tmp_path):
    import_id = archive.start_import([str(tmp_path)])
    archive.record_failure(tmp_path / "x.pdf", None, "encrypted", "read", import_id)
    archive.record_failure(tmp_path / "x.pdf", "ab" * 32, "truncated", "read", import_id)
    rows = archive.conn.execute("SELECT path, sha256, reason, stage FROM quarantine").fetchall()
    assert rows == [(str(tmp_path / "x.pdf"), "ab" * 32, "truncated", "read")]


def test_import_runs_are_recorded(archive, tmp_path):
    import_id = archive.start_import(["in/"])
    record, document = make_file(tmp_path, "a.pdf", [full_delib()])
    archive.add_document(record, document, import_id=import_id)
    archive.finish_import(import_id, new=1, skipped=2, failed=3)
    row = archive.conn.execute(
        "SELECT paths, new, skipped, failed, status, finished_at IS NOT NULL FROM imports"
    ).fetchone()
    assert row == ('["in/"]', 1, 2, 3, "done", 1)
    assert archive.conn.execute("SELECT import_id FROM documents").fetchone()[0] == import_id
    archive.add_document(*make_file(tmp_path, "b.pdf", [full_delib()]))  # another run's
    assert archive.imported_count(import_id) == 1


def test_stats_counts_and_groups(archive, tmp_path):
    delibs = [full_delib(), full_delib(date_seance=None, decision="rejetee")]
    archive.add_document(*make_file(tmp_path, "a.pdf", delibs))
    archive.record_failure(tmp_path / "bad.pdf", None, "not a PDF", "discover")
    stats = archive.stats()
    assert {k: stats[k] for k in ("documents", "deliberations", "quarantined", "pages")} == {
        "documents": 1, "deliberations": 2, "quarantined": 1, "pages": 2}  # fmt: skip
    assert stats["ocr_pages"] == 0
    assert stats["by_year"] == {"2019": 1, "unknown": 1}
    assert stats["by_decision"] == {"adoptee": 1, "rejetee": 1}
    assert stats["by_collectivite"] == {"Commune de Test": 2}
    assert stats["by_instance"] == {"conseil municipal": 2}


def test_search_index_can_be_rebuilt(archive, tmp_path):
    archive.add_document(*make_file(tmp_path, "a.pdf", [full_delib()]))
    assert archive.rebuild_search_index() == 1
    archive.optimize()
    assert [h["id"] for h in search(archive, "subventions")] == [1]
    assert [h["id"] for h in search(archive, "varlet")] == [1]
