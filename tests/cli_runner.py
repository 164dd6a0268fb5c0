"""Run the real `registre` CLI in-process, as the tests do everywhere."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from registre.cli import app

_RUNNER = CliRunner()


def invoke(*args: object) -> Result:
    """Run ``registre ARGS...`` (each argument passed as ``str``) and return Typer's result."""
    return _RUNNER.invoke(app, [str(a) for a in args])


def exported_rows(db: Path, folder: Path, id_: int) -> dict[str, dict[str, Any]]:
    """Export the archive as jsonl and as csv; the row of deliberation ``id_`` in each, by format."""
    found = {}
    for fmt in ("jsonl", "csv"):
        out = folder / f"export.{fmt}"
        assert invoke("export", "--format", fmt, "-o", out, "--db", db).exit_code == 0
        text = out.read_text(encoding="utf-8")
        rows = [json.loads(line) for line in text.splitlines()] if fmt == "jsonl" else \
            list(csv.DictReader(io.StringIO(text)))
        [found[fmt]] = [r for r in rows if int(r["id"]) == id_]
    return found
