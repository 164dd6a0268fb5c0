"""Shared fixtures: generated deliberation PDFs with their truth, and a real archive file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))  # the sample generator lives with the benchmarks

import make_samples  # noqa: E402  (after the sys.path line above)

SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def samples(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """One generated PDF per kind (fixed seeds) with its truth record."""
    folder = tmp_path_factory.mktemp("samples")
    out = {}
    for i, kind in enumerate(make_samples.KINDS):
        path = folder / f"{kind}.pdf"
        truth = make_samples.make_sample(kind, 11 + i, path)
        out[kind] = (path, truth)
    return out


@pytest.fixture
def sample_folder(tmp_path, samples) -> Path:
    """A folder holding a copy of every generated sample."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path, _ in samples.values():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "archive" / "registre.db"


@pytest.fixture(scope="module")
def template(samples, tmp_path_factory) -> Path:
    """An archive of every generated sample, imported once for the module (copy it to change it)."""
    import shutil

    from typer.testing import CliRunner

    from registre.cli import app

    folder = tmp_path_factory.mktemp("in")
    for path, _ in samples.values():
        shutil.copy(path, folder / path.name)
    db = tmp_path_factory.mktemp("template") / "registre.db"
    result = CliRunner().invoke(app, ["import", str(folder), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


# A deliberation whose printed counts do not add up (pour + contre + abstention > votants): the
# review queue puts it first.
DOUBTFUL_TEXT = """COMMUNE DE SAINT-TESTIN
EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL
Séance du 14 mars 2021
Membres en exercice : 15
Présents : 12
Votants : 12
Délibération n° 2021-014
Objet : Tarifs de la cantine scolaire
Le conseil municipal, après en avoir délibéré, décide d'approuver les tarifs.
Pour : 10 Contre : 3 Abstention : 1
Adoptée à la majorité."""


@pytest.fixture(scope="session")
def review_archive(samples, tmp_path_factory) -> dict:
    """An archive of a born-digital extrait, a scan of another one (OCR, when Tesseract is
    installed) and a typeset deliberation whose counts do not add up, imported once.

    Returns:
        ``db`` (copy it with ``review_helpers.copy_archive`` to write), ``sources`` (name -> the PDF whose
        text layer gives the true positions of its words: the scan's is the page it was made
        from) and ``ids`` (name -> its deliberation ids).
    """
    import hashlib
    import shutil
    import sqlite3

    import make_scans
    from cli_runner import invoke

    from registre.ingest.ocr import is_ocr_available

    folder = tmp_path_factory.mktemp("review-in")
    sources = {"born": folder / "born.pdf", "doubt": folder / "doubt.pdf"}
    shutil.copy(samples["extrait_two_column"][0], sources["born"])
    sources["doubt"].write_bytes(make_scans.typeset([DOUBTFUL_TEXT]))
    files = dict(sources)
    if is_ocr_available():
        sources["scan"] = tmp_path_factory.mktemp("review-src") / "page.pdf"
        make_samples.make_sample("extrait_single_column", 12, sources["scan"], pages=1)
        files["scan"] = folder / "scan.pdf"
        make_scans.make_scan_pdf(sources["scan"], files["scan"], dpi=200)
    db = tmp_path_factory.mktemp("review-db") / "registre.db"
    result = invoke("import", folder, "--db", db, "--workers", "1")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    ids = {name: [i for (i,) in conn.execute("SELECT id FROM deliberations WHERE sha256 = ? ORDER BY position",
                                             (hashlib.sha256(path.read_bytes()).hexdigest(),))]
           for name, path in files.items()}
    conn.close()
    return {"db": db, "sources": sources, "files": files, "ids": ids}

