"""The wiring: a mixed PDF (born-digital + scanned pages), OCR through the pipeline, workers."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import make_samples
import pikepdf
import pytest
from make_scans import make_scan_pdf

from registre.pipeline import ImportOptions, import_paths, parse_file, read
from registre.store.archive import Archive

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is not installed (CI installs it)")


@pytest.fixture(scope="module")
def mixed_pdf(tmp_path_factory) -> tuple[Path, dict]:
    """Page 1 born-digital, page 2 the scan of a born-digital page (an extrait of 2 pages)."""
    folder = tmp_path_factory.mktemp("mixed")
    digital = folder / "digital.pdf"
    truth = make_samples.make_sample("extrait_single_column", 5, digital, pages=2)
    scan = folder / "scan.pdf"
    with pikepdf.open(digital) as pdf:
        second = pikepdf.new()
        second.pages.append(pdf.pages[1])
        second.save(folder / "page2.pdf")
    make_scan_pdf(folder / "page2.pdf", scan, dpi=200, seed=1)
    mixed = folder / "mixed.pdf"
    with pikepdf.open(digital) as pdf, pikepdf.open(scan) as scanned:
        out = pikepdf.new()
        out.pages.append(pdf.pages[0])
        out.pages.append(scanned.pages[0])
        out.save(mixed)
    return mixed, truth


@needs_tesseract
def test_mixed_pdf_ocrs_only_the_scanned_page(mixed_pdf):
    path, truth = mixed_pdf
    document = read(path)
    assert [p.source for p in document.pages] == ["text", "ocr"]
    assert document.pages[0].ocr_confidence is None
    assert document.pages[1].ocr_confidence and document.pages[1].ocr_confidence > 50
    record = parse_file(path)
    assert record.ocr is True
    got, want = record.deliberations[0], truth["deliberations"][0]
    assert got.date_seance == want["date_seance"]
    assert got.decision == want["decision"]


def test_mixed_pdf_without_ocr_says_which_page_was_left_unread(mixed_pdf):
    path, _ = mixed_pdf
    record = parse_file(path, ocr="never")
    assert record.unread_pages == [2] and record.ocr is False


def _content(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select sha256, position, numero, objet, date_seance, decision, votants "
                            "from deliberations order by sha256, position").fetchall()
    return rows


def test_parallel_import_stores_what_a_sequential_one_does(sample_folder, tmp_path):
    results = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        with Archive.open(db) as archive:
            summary = import_paths([sample_folder], archive, ImportOptions(workers=workers, ocr="never"))
        assert summary.failed == 0 and summary.new == len(list(sample_folder.glob("*.pdf")))
        results[workers] = _content(db)
    assert results[1] == results[2] and results[1]


def test_record_json_has_the_contract_fields(samples):
    path, _ = samples["extrait_two_column"]
    data = parse_file(path).to_json()
    for key in ("file", "sha256", "pages", "ocr", "doc_type", "collectivite", "deliberations"):
        assert key in data
    delib = data["deliberations"][0]
    for key in ("numero", "objet", "instance", "date_seance", "heure_seance", "date_convocation",
                "date_affichage", "date_transmission", "lieu", "president", "secretaire",
                "membres_en_exercice", "presents", "representes", "votants", "presents_noms",
                "absents_noms", "procurations", "vote_pour", "vote_contre", "vote_abstention",
                "unanimite", "decision", "nb_articles", "articles", "matiere_code", "matiere_nom",
                "page_start", "page_end", "confidence", "checks"):
        assert key in delib, key
    json.dumps(data)  # serialisable as is
