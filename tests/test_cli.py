"""The CLI end to end, through Typer's runner (exact exit codes) and once as a subprocess."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import invoke

ROBUST_FIELDS = ("date_seance", "membres_en_exercice", "presents", "votants", "decision", "president",
                 "instance")
SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed" / "somme-2016-bureau.pdf"


def norm(value):
    return value.lower() if isinstance(value, str) else value


def names(values) -> set[str]:
    return {" ".join(sorted(v.lower().split())) for v in values or []}


def test_parse_two_column_extrait_whose_stream_writes_the_body_first(samples):
    path, truth = samples["extrait_two_column"]
    result = invoke("parse", path, "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    got, want = record["deliberations"][0], truth["deliberations"][0]
    for field in ROBUST_FIELDS:
        assert norm(got[field]) == norm(want[field]), field
    assert names(got["presents_noms"]) == names(want["presents_noms"])
    assert record["doc_type"] == "extrait"


def test_parse_splits_a_compte_rendu_into_its_deliberations(samples):
    path, truth = samples["compte_rendu"]
    record = json.loads(invoke("parse", path, "--json").stdout)
    assert [d["numero"] for d in record["deliberations"]] == [d["numero"] for d in truth["deliberations"]]
    assert [d["decision"] for d in record["deliberations"]] == [d["decision"] for d in truth["deliberations"]]
    assert all(d["date_seance"] == truth["deliberations"][0]["date_seance"] for d in record["deliberations"])


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus (the seed is not shipped)")
def test_parse_seed_gives_every_gold_field():
    gold = json.loads(SEED.with_suffix(".gold.json").read_text(encoding="utf-8"))
    record = json.loads(invoke("parse", SEED, "--json").stdout)
    got, want = record["deliberations"][0], gold["deliberations"][0]
    for field, value in want.items():
        if field in ("presents_noms", "absents_noms"):
            assert names(got[field]) == names(value), field
        elif field == "procurations":
            assert [(p["mandant"], p["mandataire"]) for p in got[field]] == \
                   [(p["mandant"], p["mandataire"]) for p in value]
        else:
            assert got[field] == value, field


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"Lorem ipsum\x00\x01\x02 binary", "not a PDF"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog", "damaged"),
])
def test_parse_bad_input_exits_4_with_one_line_naming_the_file(tmp_path, content, reason):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    result = invoke("parse", bad)
    assert result.exit_code == 4
    assert "bad.pdf" in result.stderr and reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_parse_encrypted_pdf_exits_4(tmp_path, samples):
    import pikepdf

    src, _ = samples["extrait_single_column"]
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(src) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    result = invoke("parse", locked)
    assert result.exit_code == 4 and "locked.pdf" in result.stderr and "encrypted" in result.stderr


def test_import_dedupes_and_keeps_originals(sample_folder, db):
    first = invoke("import", sample_folder, "--db", db, "--workers", "1", "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["new"] == len(list(sample_folder.glob("*.pdf"))) and summary["failed"] == 0
    again = json.loads(invoke("import", sample_folder, "--db", db, "--json").stdout)
    assert again["new"] == 0 and again["skipped"] == summary["new"]
    stats = json.loads(invoke("stats", "--db", db, "--json").stdout)
    assert stats["documents"] == summary["new"]
    assert stats["deliberations"] == summary["deliberations"]
    assert stats["quarantined"] == 0
    originals = [p for p in Path(str(db) + ".files").rglob("*") if p.is_file()]
    assert len(originals) == summary["new"]


def test_import_goes_on_past_bad_files_and_changes_nothing_stored(sample_folder, db, tmp_path):
    assert invoke("import", sample_folder, "--db", db).exit_code == 0
    before = _counts(db)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "truncated.pdf").write_bytes(next(sample_folder.glob("*.pdf")).read_bytes()[:300])
    (bad / "notes.txt").write_text("Séance du 3 mars 2020. Le conseil municipal s'est réuni.", encoding="utf-8")
    result = invoke("import", bad, "--db", db, "--json")
    assert result.exit_code == 8
    summary = json.loads(result.stdout)
    assert summary["failed"] == 2 and summary["new"] == 1
    after = _counts(db)
    assert after["documents"] == before["documents"] + 1
    stats = json.loads(invoke("stats", "--db", db, "--json").stdout)
    assert stats["quarantined"] == 2


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("documents", "deliberations")}


def test_search_show_export(sample_folder, db, tmp_path, samples):
    assert invoke("import", sample_folder, "--db", db).exit_code == 0
    _, truth = samples["extrait_single_column"]
    word = truth["deliberations"][0]["objet"].split()[0]
    hits = json.loads(invoke("search", word, "--db", db, "--json").stdout)
    assert hits, word
    for key in ("id", "date_seance", "collectivite", "instance", "numero", "objet", "decision", "snippet"):
        assert key in hits[0]
    shown = json.loads(invoke("show", hits[0]["id"], "--db", db, "--json").stdout)
    assert shown["id"] == hits[0]["id"] and shown["file"]
    assert invoke("show", 999999, "--db", db).exit_code == 6
    csv_out, jsonl_out = tmp_path / "d.csv", tmp_path / "d.jsonl"
    assert invoke("export", "--format", "csv", "-o", csv_out, "--db", db).exit_code == 0
    assert invoke("export", "--format", "jsonl", "-o", jsonl_out, "--db", db).exit_code == 0
    rows = jsonl_out.read_text(encoding="utf-8").splitlines()
    stats = json.loads(invoke("stats", "--db", db, "--json").stdout)
    assert len(rows) == stats["deliberations"]
    assert len(csv_out.read_text(encoding="utf-8").splitlines()) >= stats["deliberations"] + 1
    assert invoke("export", "--format", "xml", "--db", db).exit_code == 4


def test_commands_on_a_missing_archive_exit_6(tmp_path):
    assert invoke("search", "x", "--db", tmp_path / "none.db").exit_code == 6


def test_every_command_has_help_with_an_example():
    for command in ("parse", "import", "search", "show", "export", "stats"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "Example" in result.output


def test_parse_as_a_subprocess(samples):
    path, truth = samples["extrait_single_column"]
    exe = shutil.which("registre") or str(Path(sys.executable).parent / "registre")
    done = subprocess.run([exe, "parse", str(path), "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["deliberations"][0]["date_seance"] == truth["deliberations"][0]["date_seance"]


def _blank_pdf(path: Path, pages: int = 2) -> Path:
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path)
    return path


def test_parse_a_pdf_of_blank_pages_says_which_pages_were_left_unread(tmp_path):
    result = invoke("parse", _blank_pdf(tmp_path / "blank.pdf"), "--json")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["unread_pages"] == [1, 2] and record["deliberations"] == []
    assert "page 1" in result.stderr and "page 2" in result.stderr


def test_import_quarantines_a_file_without_readable_text(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    _blank_pdf(folder / "blank.pdf")
    result = invoke("import", folder, "--db", db, "--json")
    assert result.exit_code == 8
    failures = json.loads(result.stdout)["failures"]
    assert "no readable text" in failures[0]["reason"] and "page 1" in failures[0]["reason"]


@pytest.mark.parametrize("query", ['"', "(", ")", ":", "'", "*", "NEAR", "AND", ""])
def test_search_never_fails_on_hostile_input(sample_folder, db, query):
    assert invoke("import", sample_folder, "--db", db).exit_code == 0
    result = invoke("search", query, "--db", db, "--json")
    assert result.exit_code in (0, 4), result.output
    if result.exit_code == 4:
        assert result.stderr.startswith("error:") and len(result.stderr.strip().splitlines()) == 1
    else:
        assert isinstance(json.loads(result.stdout), list)


def test_search_filters_from_the_command_line(sample_folder, db, samples):
    assert invoke("import", sample_folder, "--db", db).exit_code == 0
    _, truth = samples["extrait_single_column"]
    year = truth["deliberations"][0]["date_seance"][:4]
    hits = json.loads(invoke("search", "--year", year, "--db", db, "--json").stdout)
    assert hits and all(h["date_seance"].startswith(year) for h in hits)
    count = json.loads(invoke("search", "--year", year, "--count", "--db", db, "--json").stdout)
    assert count["count"] >= len(hits)
    adopted = json.loads(invoke("search", "--decision", "adoptee", "--db", db, "--json", "--limit", "100").stdout)
    assert adopted and all(h["decision"] == "adoptee" for h in adopted)
