"""Run the real `registre` CLI in-process, as the tests do everywhere."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from registre.cli import app

_RUNNER = CliRunner()


def invoke(*args: object) -> Result:
    """Run ``registre ARGS...`` (each argument passed as ``str``) and return Typer's result."""
    return _RUNNER.invoke(app, [str(a) for a in args])
