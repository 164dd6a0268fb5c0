"""The review queue (order, reasons, filters) and `show --provenance` (value, confidence, source span)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cli_runner import invoke

from registre.model import Deliberation, Document, Page, Provenance, Record
from registre.review import correct, review_queue
from registre.store.archive import Archive
from registre.store.filters import SearchFilters
from registre.store.provenance import field_sources

VOTANTS = "votants: votants (12) ≠ présents (10) + représentés (1)"


def add(archive: Archive, folder: Path, name: str, delibs: list[Deliberation], pages: list[str] | None = None) -> list[int]:
    path = folder / name
    path.write_bytes(f"%PDF-1.4 {name}".encode())
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    pages = pages or ["texte"]
    document = Document(path, sha, path.stat().st_size, "pdf", [Page(i + 1, t) for i, t in enumerate(pages)])
    record = Record(str(path), sha, len(pages), False, "compte_rendu", "Commune de Test", delibs)
    return archive.add_document(record, document, extractor_version="test")


def delib(objet: str, confidence: float, checks=(), date="2019-03-01", **more) -> Deliberation:
    return Deliberation(objet=objet, date_seance=date, decision="adoptee", confidence={"objet": confidence},
                        checks=list(checks), text=objet, **more)


@pytest.fixture
def crafted(tmp_path):
    """Six deliberations whose order in the queue is known; returns (db, ids by name)."""
    db = tmp_path / "registre.db"
    with Archive.open(db) as archive:
        a1, a2, a3 = add(archive, tmp_path, "a.pdf", [
            delib("Tarifs de la cantine", 0.425, [VOTANTS]),
            delib("Tarifs du centre de loisirs", 0.425, [VOTANTS]),  # the same session header
            delib("Budget primitif", 0.8)])
        [b1] = add(archive, tmp_path, "b.pdf", [delib("Délibération n", 0.375, [
            "objet: it ends in the middle of a phrase", "decision: no decision found"], date="2020-05-05")])
        [c1] = add(archive, tmp_path, "c.pdf", [delib("Subvention au club", 0.2)])
        [d1] = add(archive, tmp_path, "d.pdf", [delib("Cession d'un terrain", 0.9)])
    return db, {"a1": a1, "a2": a2, "a3": a3, "b1": b1, "c1": c1, "d1": d1}


def test_review_puts_failed_checks_first_then_low_confidence_each_with_its_reasons(crafted):
    db, ids = crafted
    with Archive.open(db) as archive:
        queue = review_queue(archive, limit=None)
    assert [e["id"] for e in queue] == [ids[n] for n in ("b1", "a1", "a2", "c1", "a3", "d1")]
    first = queue[0]
    assert first["reasons"] == ["objet: it ends in the middle of a phrase", "decision: no decision found",
                                "low confidence: objet 0.38"]
    assert first["objet"] == "Délibération n" and first["min_confidence"] == 0.375
    assert queue[1]["reasons"][0] == VOTANTS and queue[1]["doubt"] > queue[2]["doubt"]  # counted once in full
    assert queue[3]["reasons"] == ["low confidence: objet 0.20"]
    assert queue[-1]["reasons"] == [] and queue[-1]["doubt"] == 0


def test_review_filters_and_limits_as_search_does(crafted):
    db, ids = crafted
    with Archive.open(db) as archive:
        assert [e["id"] for e in review_queue(archive, limit=2)] == [ids["b1"], ids["a1"]]
        only_2019 = review_queue(archive, filters=SearchFilters(year=2019))
        assert ids["b1"] not in [e["id"] for e in only_2019] and len(only_2019) == 5


def test_a_corrected_field_leaves_the_head_of_the_queue(crafted):
    db, ids = crafted
    with Archive.open(db) as archive:
        correct(archive, ids["b1"], "objet", "Tarifs de l'eau potable")
        correct(archive, ids["b1"], "decision", "adoptee")
        queue = review_queue(archive, limit=None)
    assert queue[0]["id"] == ids["a1"]
    assert [e for e in queue if e["id"] == ids["b1"]][0]["reasons"] == []


def test_review_command(crafted):
    db, ids = crafted
    result = invoke("review", "--db", db, "--json", "--limit", "3")
    assert result.exit_code == 0, result.output
    assert [e["id"] for e in json.loads(result.stdout)] == [ids["b1"], ids["a1"], ids["a2"]]
    assert len(json.loads(invoke("review", "--db", db, "--json", "--limit", "0").stdout)) == 6
    table = invoke("review", "--db", db)
    assert table.exit_code == 0 and "Délibération n" in table.stdout and "6 deliberation(s)" in table.stderr
    assert invoke("review", "--db", db, "--from", "2020-13").exit_code == 4
    assert invoke("review", "--db", db.with_name("missing.db")).exit_code == 6


PAGE_1 = "COMMUNE DE TEST\nSéance du   1er mars 2019\nObjet : Subvention au club de football"
PAGE_2 = "Adoptée à l'unanimité."


@pytest.fixture
def sourced(tmp_path):
    db = tmp_path / "registre.db"
    start = PAGE_1.index("Subvention")
    d = Deliberation(
        objet="Subvention au club de football", date_seance="2019-03-01", unanimite=True, decision="adoptee",
        confidence={"objet": 0.75, "date_seance": 0.9, "unanimite": 0.85, "decision": 0.75},
        provenance=[Provenance("objet", 1, start, len(PAGE_1), 0.75),
                    Provenance("date_seance", 1, PAGE_1.index("1er"), PAGE_1.index("1er") + 13, 0.9),
                    Provenance("decision", 2, 0, 21, 0.75)],
        text=PAGE_1 + PAGE_2)  # fmt: skip
    with Archive.open(db) as archive:
        [id_] = add(archive, tmp_path, "s.pdf", [d], pages=[PAGE_1, PAGE_2])
    return db, id_


def test_provenance_gives_each_field_its_value_confidence_and_highlighted_source(sourced):
    db, id_ = sourced
    with Archive.open(db) as archive:
        sources = {f["field"]: f for f in field_sources(archive, id_, context=20)["fields"]}
    objet = sources["objet"]
    assert (objet["value"], objet["confidence"], objet["page"]) == ("Subvention au club de football", 0.75, 1)
    assert objet["snippet"][objet["snippet_start"]:objet["snippet_end"]] == "Subvention au club de football"
    assert objet["snippet"][:objet["snippet_start"]].endswith("2019 Objet : ")  # context, spaces collapsed
    assert objet["snippet"].endswith("football")  # context stays on the page
    date = sources["date_seance"]
    assert date["snippet"][date["snippet_start"]:date["snippet_end"]] == "1er mars 2019"
    decision = sources["decision"]
    assert decision["page"] == 2 and decision["snippet"] == "Adoptée à l'unanimité." and decision["snippet_end"] == 21
    assert sources["unanimite"]["page"] is None and sources["unanimite"]["snippet"] is None  # no span kept
    assert "numero" not in sources  # no value, no source


def test_show_provenance_command_marks_corrections(sourced):
    db, id_ = sourced
    assert invoke("correct", id_, "objet", "Subvention au club de rugby", "--db", db).exit_code == 0
    result = invoke("show", id_, "--provenance", "--json", "--db", db)
    assert result.exit_code == 0, result.output
    objet = {f["field"]: f for f in json.loads(result.stdout)["fields"]}["objet"]
    assert objet["value"] == "Subvention au club de rugby" and objet["confidence"] == 1.0
    assert objet["corrected"]["machine_value"] == "Subvention au club de football"
    assert {"page", "start", "end", "snippet"} <= objet.keys()
    terminal = invoke("show", id_, "--provenance", "--db", db)
    assert terminal.exit_code == 0 and "corrected" in terminal.stdout and "football" in terminal.stdout
    assert invoke("show", 999, "--provenance", "--db", db).exit_code == 6


def test_provenance_of_an_imported_sample_points_at_the_printed_values(sample_folder, db):
    assert invoke("import", sample_folder / "extrait_single_column.pdf", "--db", db, "--workers", "1").exit_code == 0
    with Archive.open(db) as archive:
        [d] = list(archive.iter_deliberations())
        sources = {f["field"]: f for f in field_sources(archive, d["id"])["fields"]}
    numero = sources["numero"]
    assert numero["value"] in numero["snippet"][numero["snippet_start"]:numero["snippet_end"]]
    assert all(f["snippet"] for f in sources.values() if f["page"])


def test_a_session_field_of_low_confidence_is_doubted_once_per_document(tmp_path):
    """A compte rendu's doubtful list of présents, repeated in each of its items, does not push
    back an item whose objet was only summed up from its decision."""
    db = tmp_path / "registre.db"
    doubtful_header = {"objet": 0.8, "presents_noms": 0.05}
    with Archive.open(db) as archive:
        cr = add(archive, tmp_path, "cr.pdf", [
            Deliberation(objet=f"Point {n}", date_seance="2019-03-01", decision="adoptee", text="x",
                         confidence=dict(doubtful_header)) for n in range(4)])
        [summed] = add(archive, tmp_path, "e.pdf", [delib("Décide d'attribuer une subvention", 0.1)])
        queue = [e["id"] for e in review_queue(archive, limit=None)]
    assert queue == [cr[0], summed, *cr[1:]]  # the header counted in full once, then a quarter
