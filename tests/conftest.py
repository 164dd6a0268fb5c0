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
