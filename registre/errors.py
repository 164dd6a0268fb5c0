"""Typed errors: each carries the exit code the CLI returns and a one-line reason.

The library raises these; one handler in ``cli.py`` turns them into a message on stderr and
an exit code. Messages name the user's file and say how to fix the problem.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    unexpected = 1
    usage = 2  # Typer's own usage errors
    missing_dependency = 3
    bad_input = 4
    archive_problem = 5
    not_found = 6
    external_tool_failed = 7
    files_quarantined = 8
    interrupted = 130


class RegistreError(Exception):
    """Base of every error Registre raises on purpose."""

    exit_code: ExitCode = ExitCode.unexpected

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MissingDependencyError(RegistreError):
    """A program or data package Registre needs is not installed."""

    exit_code = ExitCode.missing_dependency


class BadInputError(RegistreError):
    """An input file cannot be read: not a PDF or text, empty, corrupt, encrypted…"""

    exit_code = ExitCode.bad_input


class ArchiveError(RegistreError):
    """The SQLite archive cannot be opened, is damaged or is of a newer version."""

    exit_code = ExitCode.archive_problem


class NotFoundError(RegistreError):
    """A deliberation, document or file asked for does not exist."""

    exit_code = ExitCode.not_found


class ExternalToolError(RegistreError):
    """An external tool (Tesseract, Ghostscript…) failed."""

    exit_code = ExitCode.external_tool_failed


class ExtractionError(RegistreError):
    """An extraction stage failed on a document; names the stage."""

    exit_code = ExitCode.unexpected

    def __init__(self, stage: str, message: str):
        super().__init__(f"extraction stage {stage!r} failed: {message}")
        self.stage = stage
