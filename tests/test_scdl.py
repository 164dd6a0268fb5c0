"""SCDL « Délibérations » export: identity checks, rows, row rules, file, CLI, data package."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cli_runner import invoke

from registre.errors import BadInputError
from registre.model import Deliberation, Document, Page, Record
from registre.store import datapackage, scdl
from registre.store.archive import Archive
from registre.store.bodies import Identity

SIRET = "21350238800019"  # Ville de Rennes
OTHER_SIRET = "21860194600013"  # Ville de Poitiers


def delib(**fields) -> Deliberation:
    base = dict(numero="2023-01", objet="Attribution d'une subvention au club de football",
                date_seance="2023-01-25", matiere_code="7.5", decision="adoptee",
                confidence={"matiere_code": 0.8})
    base.update(fields)
    return Deliberation(**base)


def add(archive: Archive, folder: Path, name: str, delibs: list[Deliberation], *,
        collectivite: str | None = "Commune de Bréhat", siren: str | None = None) -> None:
    path = folder / name
    path.write_bytes(b"%PDF-1.4 " + name.encode())
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    record = Record(str(path), sha, 1, False, "compte_rendu", collectivite, delibs, siren=siren)
    archive.add_document(record, Document(path, sha, path.stat().st_size, "pdf", [Page(1, "texte")]))


@pytest.fixture
def archive_path(tmp_path) -> Path:
    """An archive of two documents: a clean one and one whose last item has no matière."""
    db = tmp_path / "arch" / "registre.db"
    with Archive.open(db) as archive:
        add(archive, tmp_path, "cr 2023-01-25.pdf", [
            delib(),
            delib(numero=None, objet="Budget primitif 2023", matiere_code="7.1",
                  vote_pour=10, vote_contre=2, vote_abstention=1, votants=13, membres_en_exercice=15,
                  date_transmission="2023-01-30"),
        ])
        add(archive, tmp_path, "cr 2023-03-01.pdf", [
            delib(numero="2023-02", objet="Tarifs de la cantine", matiere_code="7.10", date_seance="2023-03-01"),
            delib(numero="2023-03", objet="Questions orales", matiere_code=None, date_seance="2023-03-01"),
        ], siren="213502388")
    return db


def read_csv(path: Path, sep: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=sep))


# -- identity ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [SIRET, "213 502 388 00019", "213.502.388.00019", "35600000000048"])
def test_valid_siret_is_normalised(value):
    assert scdl.check_siret(value) == re.sub(r"\D", "", value)


@pytest.mark.parametrize(("value", "reason"), [
    ("213502388", "add the 5 digits"),  # a SIREN
    ("2135023880001", "14 digits"),
    ("2135023880001X", "14 digits"),
    ("21350238800018", "Luhn"),  # last digit wrong
    ("12350238800019", "Luhn"),  # two digits swapped
])  # fmt: skip
def test_bad_siret_says_why(value, reason):
    with pytest.raises(BadInputError, match=reason):
        scdl.check_siret(value)


def test_siret_needs_a_valid_siren_and_la_poste_has_its_own_rule():
    assert scdl.is_siret(SIRET) and scdl.is_siren(SIRET[:9])
    assert not scdl.is_siret("21930008200019")  # passes Luhn on 14 digits, not on its SIREN
    assert scdl.is_siret("35600000000001")  # La Poste: the digit sum is a multiple of 5
    assert not scdl.is_siret("35600000000002")


def test_file_name_is_date_siren_deliberations():
    assert scdl.file_name("213502388", date(2024, 3, 14)) == "20240314_213502388_deliberations.csv"
    with pytest.raises(BadInputError):
        scdl.file_name("213502389", date(2024, 3, 14))


# -- matière -------------------------------------------------------------------------------


def test_matiere_nom_is_lower_case_without_commas_or_parentheses():
    for code in scdl.nomenclature():
        name = scdl.matiere_nom(code)
        assert name == name.lower()
        assert not re.search(r"[,()]", name)
        assert not scdl.check_row({"DELIB_MATIERE_CODE": code, "DELIB_MATIERE_NOM": name})
    assert scdl.matiere_nom("7.5") == "finances locales/subventions"
    assert scdl.matiere_nom("7.9") == "finances locales/prise de participation sem etc."


@pytest.mark.parametrize(("code", "level2"), [("7.5", "7.5"), ("7.10", "7.10"), ("7.5.1", "7.5"),
                                              ("7.11", None), ("10.1", None), ("", None), (None, None)])
def test_level2_code(code, level2):
    assert scdl.level2(code) == level2


# -- rows ----------------------------------------------------------------------------------


def row_of(identity: Identity = Identity(siret=SIRET, siren=SIRET[:9]), options=scdl.ScdlOptions(), **fields):
    data = delib(**fields).to_json()
    data.update(id=7, file="/archive/in/acte 12.pdf", sha256="x", position=3, collectivite="Commune de Bréhat")
    return scdl.build_row(data, identity, options)


def test_row_has_the_17_columns_in_order_and_iso_values():
    item = row_of(date_transmission="2023-01-30")
    assert list(item.row) == list(scdl.COLUMNS) and len(scdl.COLUMNS) == 17
    assert item.row["DELIB_DATE"] == "2023-01-25" and item.row["PREF_DATE"] == "2023-01-30"
    assert item.row["DELIB_MATIERE_NOM"] == "finances locales/subventions"
    assert item.row["COLL_SIRET"] == SIRET and item.row["DELIB_ID"] == "2023-01"
    assert item.row["VOTE_REEL"] == item.row["BUDGET_ANNEE"] == ""


def test_delib_id_without_a_printed_numero_comes_from_the_date_and_order():
    assert row_of(numero=None).row["DELIB_ID"] == "20230125-03"


def test_votes_only_when_pour_contre_abstention_hold_together():
    good = row_of(vote_pour=10, vote_contre=2, vote_abstention=1, votants=13, membres_en_exercice=15).row
    assert (good["VOTE_EFFECTIF"], good["VOTE_REEL"], good["VOTE_POUR"], good["VOTE_CONTRE"],
            good["VOTE_ABSTENTION"]) == ("15", "13", "10", "2", "1")
    for fields in ({"vote_pour": 10, "vote_contre": 2},  # abstention unknown
                   {"vote_pour": 10, "vote_contre": 5, "vote_abstention": 1, "votants": 13},  # 16 > 13
                   {"vote_pour": 0, "vote_contre": 0, "vote_abstention": 0}):
        row = row_of(**fields).row
        assert all(row[c] == "" for c in scdl.VOTE_COLUMNS), fields


def test_transmission_before_the_seance_is_left_out_with_a_note():
    item = row_of(date_transmission="2023-01-20")
    assert item.row["PREF_DATE"] == ""
    assert "before the séance" in item.notes[0]


def test_delib_url_is_base_url_and_original_file_name():
    item = row_of(options=scdl.ScdlOptions(base_url="https://mairie.example/actes/"))
    assert item.row["DELIB_URL"] == "https://mairie.example/actes/acte%2012.pdf"


def test_export_siret_overrides_the_recorded_one():
    item = row_of(options=scdl.ScdlOptions(siret=OTHER_SIRET))
    assert item.row["COLL_SIRET"] == OTHER_SIRET


@pytest.mark.parametrize(("fields", "identity", "column", "words"), [
    ({}, Identity(siren="213502388", stamp_siren="213502388"), "COLL_SIRET", "only the SIREN 213502388"),
    ({}, Identity(), "COLL_SIRET", "no SIRET"),
    ({"date_seance": None}, None, "DELIB_DATE", "no séance date"),
    ({"date_seance": "2023-02-30"}, None, "DELIB_DATE", "is not a date"),
    ({"matiere_code": None}, None, "DELIB_MATIERE_CODE", "registre correct 7 matiere_code"),
    ({"objet": "  "}, None, "DELIB_OBJET", "no objet"),
])  # fmt: skip
def test_row_that_cannot_fill_a_required_column_says_why(fields, identity, column, words):
    item = row_of(identity or Identity(siret=SIRET, siren=SIRET[:9]), **fields)
    assert item.row is None
    assert any(p.startswith(column) and words in p for p in item.problems), item.problems


def test_low_confidence_matiere_is_flagged_for_review():
    assert row_of(confidence={"matiere_code": 0.3}).review
    assert not row_of().review


# -- row rules -----------------------------------------------------------------------------

GOOD = {"COLL_NOM": "Commune de Bréhat", "COLL_SIRET": SIRET, "DELIB_ID": "1", "DELIB_DATE": "2023-01-25",
        "DELIB_MATIERE_CODE": "7.5", "DELIB_MATIERE_NOM": "finances locales/subventions", "DELIB_OBJET": "x",
        "PREF_DATE": "2023-01-30", "VOTE_REEL": "13", "VOTE_POUR": "10", "VOTE_CONTRE": "2",
        "VOTE_ABSTENTION": "1", "BUDGET_ANNEE": "2023/2024", "BUDGET_NOM": "Budget principal"}


@pytest.mark.parametrize(("change", "column"), [
    ({"VOTE_REEL": "14"}, "VOTE_REEL"),
    ({"PREF_DATE": "2023-01-24"}, "PREF_DATE"),
    ({"DELIB_MATIERE_NOM": "finances locales"}, "DELIB_MATIERE_NOM"),  # no slash
    ({"DELIB_MATIERE_NOM": "finances locales / subventions"}, "DELIB_MATIERE_NOM"),
    ({"DELIB_MATIERE_NOM": "budget/subventions"}, "DELIB_MATIERE_NOM"),  # unknown level 1
    ({"DELIB_MATIERE_NOM": "urbanisme/subventions"}, "DELIB_MATIERE_NOM"),  # not the code's level 1
    ({"DELIB_MATIERE_NOM": "finances locales/subventions, aides"}, "DELIB_MATIERE_NOM"),
    ({"DELIB_MATIERE_CODE": "7.1.2"}, "DELIB_MATIERE_CODE"),
    ({"BUDGET_NOM": ""}, "BUDGET_ANNEE/BUDGET_NOM"),
    ({"BUDGET_ANNEE": ""}, "BUDGET_ANNEE/BUDGET_NOM"),
    ({"BUDGET_ANNEE": "2024/2023"}, "BUDGET_ANNEE"),
    ({"COLL_SIRET": "21350238800018"}, "COLL_SIRET"),
])  # fmt: skip
def test_each_row_rule(change, column):
    assert scdl.check_row(GOOD) == []
    problems = scdl.check_row({**GOOD, **change})
    assert len(problems) == 1 and problems[0].startswith(column + ":"), problems


def test_row_rules_skip_empty_cells_and_accept_accents_in_level1():
    assert scdl.check_row({**GOOD, "VOTE_REEL": "", "PREF_DATE": ""}) == []
    assert scdl.check_row({**GOOD, "DELIB_MATIERE_NOM": "Finances Locales/autre"}) == []


# -- writing and checking ------------------------------------------------------------------


def test_export_writes_valid_rows_and_reports_the_others(archive_path):
    out = io.StringIO()
    with Archive.open(archive_path) as archive:
        report = scdl.export_scdl(archive, out, scdl.ScdlOptions(siret=SIRET))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert report.written == len(rows) == 3
    assert [r.describe() for r in report.left_out] == [
        "deliberation 4 (cr 2023-03-01.pdf): DELIB_MATIERE_CODE: no ACTES matière found"
        " (`registre correct 4 matiere_code CODE`)"]
    assert [r["DELIB_ID"] for r in rows] == ["2023-01", "20230125-02", "2023-02"]
    assert out.getvalue().startswith(",".join(scdl.COLUMNS) + "\r\n")


def test_cli_scdl_to_a_folder_is_named_after_the_siren_and_checked(archive_path, tmp_path):
    folder = tmp_path / "publish"
    folder.mkdir()
    result = invoke("export", "--format", "scdl", "--db", archive_path, "-o", folder, "--siret", SIRET, "--check",
                    "--base-url", "https://mairie.example/actes")
    assert result.exit_code == 0, result.output
    (written,) = folder.iterdir()
    assert re.fullmatch(rf"\d{{8}}_{SIRET[:9]}_deliberations\.csv", written.name)
    assert len(read_csv(written)) == 3
    assert "left out: deliberation 4" in result.stderr and "validated" in result.stderr
    assert datapackage.validate_scdl(written) == []


def test_cli_separator_semicolon(archive_path, tmp_path):
    out = tmp_path / "scdl.csv"
    result = invoke("export", "-f", "scdl", "--db", archive_path, "-o", out, "--siret", SIRET, "--separator", ";",
                    "--check")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == ";".join(scdl.COLUMNS)
    assert read_csv(out, ";")[0]["COLL_SIRET"] == SIRET


def test_cli_strict_fails_with_exit_4_and_writes_nothing(archive_path, tmp_path):
    out = tmp_path / "scdl.csv"
    result = invoke("export", "-f", "scdl", "--db", archive_path, "-o", out, "--siret", SIRET, "--strict")
    assert result.exit_code == 4
    assert "left out: deliberation 4" in result.stderr and "--strict" in result.stderr
    assert not out.exists() and list(tmp_path.glob(".registre-scdl-*")) == []


def test_cli_without_siret_reports_the_stamp_siren(archive_path):
    result = invoke("export", "-f", "scdl", "--db", archive_path)
    assert result.exit_code == 0
    assert "only the SIREN 213502388 is known" in result.stderr
    assert result.stdout.strip() == ",".join(scdl.COLUMNS)  # every row lacks a SIRET


@pytest.mark.parametrize("args", [["--siret", "123"], ["--separator", "x"], ["--base-url", "ftp:/x"]])
def test_cli_bad_options_exit_4(archive_path, args):
    result = invoke("export", "-f", "scdl", "--db", archive_path, *args)
    assert result.exit_code == 4, result.output


def test_cli_year_filter(archive_path):
    result = invoke("export", "-f", "scdl", "--db", archive_path, "--siret", SIRET, "--matiere", "7.10")
    assert [r["DELIB_ID"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["2023-02"]
    result = invoke("export", "-f", "scdl", "--db", archive_path, "--siret", SIRET, "--year", "2022")
    assert result.stdout.strip() == ",".join(scdl.COLUMNS)


def test_validation_catches_a_broken_file(tmp_path):
    path = tmp_path / "bad.csv"
    rows = [dict.fromkeys(scdl.COLUMNS, ""), dict.fromkeys(scdl.COLUMNS, "")]
    rows[0].update({k: v for k, v in GOOD.items() if k in scdl.COLUMNS}, VOTE_REEL="12")
    rows[1].update(COLL_NOM="X", COLL_SIRET="123", DELIB_ID="2", DELIB_DATE="2023-02-30", DELIB_OBJET="y",
                   DELIB_MATIERE_CODE="7.5", DELIB_MATIERE_NOM="finances locales/subventions")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, scdl.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    problems = datapackage.validate_scdl(path)
    assert any("row 2: VOTE_REEL" in p for p in problems)
    assert any("row 3: COLL_SIRET" in p and "constraint" in p for p in problems)
    assert any("row 3: DELIB_DATE" in p for p in problems)


# -- data package --------------------------------------------------------------------------


def test_datapackage_holds_four_files_and_validates(archive_path, tmp_path):
    folder = tmp_path / "package"
    result = invoke("export", "--format", "datapackage", "--db", archive_path, "-o", folder, "--siret", SIRET,
                    "--separator", ";")
    assert result.exit_code == 0, result.output
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["path"] for r in descriptor["resources"]]
    assert re.fullmatch(rf"\d{{8}}_{SIRET[:9]}_deliberations\.csv", names[0])
    assert names[1:] == ["deliberations.csv", "persons.csv"]
    assert descriptor["resources"][0]["dialect"] == {"delimiter": ";"}
    assert len(read_csv(folder / "deliberations.csv")) == 4  # every deliberation, not only SCDL rows
    assert datapackage.validate_package(folder / "datapackage.json") == []
    from frictionless import Package

    assert Package(str(folder / "datapackage.json")).validate().valid


def test_datapackage_validation_sees_a_broken_resource(archive_path, tmp_path):
    folder = tmp_path / "package"
    with Archive.open(archive_path) as archive:
        datapackage.write_package(archive, folder, scdl.ScdlOptions(siret=SIRET))
    extended = folder / "deliberations.csv"
    extended.write_text(extended.read_text(encoding="utf-8").replace("2023-03-01", "2023-13-01"), encoding="utf-8")
    assert any("deliberations" in p and "date_seance" in p for p in datapackage.validate_package(
        folder / "datapackage.json"))


# -- body identity at import ---------------------------------------------------------------


def test_import_records_the_body_and_export_uses_it(sample_folder, db, samples):
    result = invoke("import", sample_folder, "--db", db, "-q", "--workers", "1",
                    "--collectivite", "Commune de Test", "--siret", "213 502 388 00019")
    assert result.exit_code == 0, result.output
    with Archive.open(db) as archive:
        bodies = archive.conn.execute("SELECT siret, siren, collectivite FROM bodies").fetchall()
        mapped = archive.conn.execute("SELECT count(*) FROM document_bodies").fetchone()[0]
        names = {r[0] for r in archive.conn.execute("SELECT DISTINCT collectivite FROM deliberations")}
    assert bodies == [(SIRET, SIRET[:9], "Commune de Test")]
    assert mapped == len(samples)
    assert names == {"Commune de Test"}
    out = db.parent / "scdl.csv"
    result = invoke("export", "-f", "scdl", "--db", db, "-o", out, "--check")  # the SIRET comes from the import
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert rows and {r["COLL_SIRET"] for r in rows} == {SIRET}


def test_import_refuses_a_bad_siret_before_reading_anything(sample_folder, db):
    result = invoke("import", sample_folder, "--db", db, "--siret", "21350238800018")
    assert result.exit_code == 4
    assert "Luhn" in result.stderr
    assert not db.exists()


def test_scdl_export_of_generated_samples_validates_as_a_subprocess(sample_folder, db, tmp_path):
    """The issue's scenario, once as a real process: import samples, export SCDL with --check."""
    run = [str(Path(sys.executable).parent / "registre")]
    if not Path(run[0]).exists():
        pytest.skip("the registre console script is not installed next to this Python")
    subprocess.run([*run, "import", str(sample_folder), "--db", str(db), "-q", "-w", "1"], check=True,
                   capture_output=True)
    folder = tmp_path / "publish"
    folder.mkdir()
    done = subprocess.run([*run, "export", "--format", "scdl", "--db", str(db), "-o", str(folder), "--siret", SIRET,
                           "--check", "--strict"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (written,) = folder.iterdir()
    rows = read_csv(written)
    assert len(rows) >= 4 and all(r["DELIB_MATIERE_CODE"] and r["DELIB_OBJET"] for r in rows)
    assert datapackage.validate_scdl(written) == []
