"""The ``registre`` command line: parses arguments, calls the library, prints.

Data goes to stdout, messages to stderr. Every error the library raises on purpose carries an
exit code (see ``errors.py``); one handler here turns it into a one-line message.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from registre import __version__
from registre.errors import ExitCode, RegistreError

app = typer.Typer(help="Registre: French local deliberations -> a searchable archive.",
                  no_args_is_help=True, add_completion=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = typer.Option(None, "--db", help="Archive file (default: $REGISTRE_DB or ./registre.db).")
JsonOption = typer.Option(False, "--json", help="Print JSON for programs.")


def _db_path(db: Path | None) -> Path:
    return db or Path(os.environ.get("REGISTRE_DB", "registre.db"))


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def handle_errors(fn):
    """Turn library errors into a one-line message and the error's exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except RegistreError as e:
            err.print(f"[red]error:[/red] {e}", highlight=False)
            raise typer.Exit(int(e.exit_code)) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(int(ExitCode.interrupted)) from None

    return wrapper


def _open(db: Path | None, *, create: bool = False):
    from registre.store.archive import Archive

    path = _db_path(db)
    if not create and not path.exists():
        from registre.errors import NotFoundError

        raise NotFoundError(f"{path}: no archive here; create one with `registre import PATH --db {path}`")
    return Archive.open(path)


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log details to stderr."),
         version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    if version:
        out.print(f"registre {__version__}")
        raise typer.Exit()


@app.command()
@handle_errors
def parse(file: Path = typer.Argument(..., help="A PDF or .txt file."),
          ocr: str = typer.Option("auto", help="OCR pages without text: auto, always, never."),
          json_: bool = JsonOption,
          text: bool = typer.Option(False, "--text", help="Include each deliberation's text.")) -> None:
    """Extract the deliberations of one file, without touching any archive.

    Example: registre parse data/samples/extrait-01.pdf --json
    """
    from registre.pipeline import parse_file

    _check_ocr_mode(ocr)
    record = parse_file(file, ocr=ocr)
    for note in record.notes:
        err.print(f"[yellow]warning:[/yellow] {file}: {note}", highlight=False)
    if json_:
        _print_json(record.to_json(with_text=text))
        return
    out.print(f"[bold]{record.file}[/bold]  {record.doc_type}  {record.collectivite or ''}  "
              f"{record.pages} page(s){'  OCR' if record.ocr else ''}")
    for d in record.deliberations:
        out.print(f"  {d.date_seance or '?':10}  {d.numero or '-':14}  {d.decision or '-':10}  {d.objet or ''}")
    if not record.deliberations:
        out.print("  (no deliberation found)")


def _check_ocr_mode(ocr: str) -> None:
    from registre.errors import BadInputError
    from registre.pipeline import OCR_MODES

    if ocr not in OCR_MODES:
        raise BadInputError(f"--ocr {ocr!r}: choose one of {', '.join(OCR_MODES)}")


@app.command("import")
@handle_errors
def import_(paths: list[Path] = typer.Argument(..., help="PDF or .txt files and folders."),
            db: Path | None = DbOption,
            workers: int | None = typer.Option(None, "--workers", "-w", help="Parallel processes (default: CPUs)."),
            ocr: str = typer.Option("auto", help="OCR pages without text: auto, always, never."),
            json_: bool = JsonOption,
            quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar.")) -> None:
    """Import files and folders into the archive; already-archived files are skipped.

    Ends with exit code 8 when some files could not be imported (they are listed in
    `registre quarantine`).

    Example: registre import data/samples --db demo/registre.db
    """
    from registre.pipeline import ImportOptions, import_paths

    _check_ocr_mode(ocr)
    with _open(db, create=True) as archive, _progress(quiet or json_) as progress:
        summary = import_paths(paths, archive, ImportOptions(workers=workers, ocr=ocr), progress)
    result = {"new": summary.new, "skipped": summary.skipped, "failed": summary.failed,
              "deliberations": summary.deliberations,
              "failures": [{"path": p, "reason": r} for p, r in summary.failures]}
    if json_:
        _print_json(result)
    else:
        for path, reason in summary.failures:
            err.print(f"[yellow]failed:[/yellow] {reason}", highlight=False)
        err.print(f"{summary.new} new, {summary.skipped} skipped, {summary.failed} failed "
                  f"({summary.deliberations} deliberations added) -> {_db_path(db)}")
    if summary.failed:
        raise typer.Exit(int(ExitCode.files_quarantined))


class _progress:
    """A rich progress bar on a terminal; nothing when stderr is not one or when quiet."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and err.is_terminal
        self.bar = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                            console=err, transient=True)
        self.bar.start()
        task = self.bar.add_task("importing", total=None)
        counts = {"new": 0, "skipped": 0, "failed": 0}

        def update(path: str, state: str) -> None:
            counts[state] = counts.get(state, 0) + 1
            self.bar.update(task, advance=1, description=(
                f"{counts['new']} new, {counts['skipped']} skipped, {counts['failed']} failed  {Path(path).name}"))

        return update

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()


_MARKS = ("\x02", "\x03")  # around matched words; turned into rich styles for the terminal


@app.command()
@handle_errors
def search(query: str = typer.Argument("", help='Words, "phrases", OR, -exclude, prefix* (4+ letters).'),
           db: Path | None = DbOption,
           limit: int = typer.Option(20, "--limit", "-n", min=1),
           offset: int = typer.Option(0, "--offset", min=0),
           sort: str = typer.Option("relevance", help="relevance or date."),
           count: bool = typer.Option(False, "--count", help="Print only the number of matches."),
           date_from: str | None = typer.Option(None, "--from", help="First séance date (YYYY[-MM[-DD]])."),
           date_to: str | None = typer.Option(None, "--to", help="Last séance date (YYYY[-MM[-DD]])."),
           year: int | None = typer.Option(None, "--year"),
           collectivite: str | None = typer.Option(None, "--collectivite"),
           instance: str | None = typer.Option(None, "--instance"),
           decision: str | None = typer.Option(None, "--decision", help="adoptee, rejetee, ajournee, retiree, prend_acte."),
           matiere: str | None = typer.Option(None, "--matiere", help="ACTES code (7.5) or words."),
           person: str | None = typer.Option(None, "--person", help="Present, absent, président, secrétaire or proxy."),
           unanimite: bool | None = typer.Option(None, "--unanimite/--majorite", help="Unanimous votes, or not."),
           json_: bool = JsonOption) -> None:
    """Full-text search over objets, texts and names (accents and plurals ignored), with filters.

    Example: registre search "eclairage public" --from 2019 --decision adoptee
    """
    from registre.store.filters import SearchFilters
    from registre.store.search import count as run_count
    from registre.store.search import search as run_search

    filters = SearchFilters(date_from=date_from, date_to=date_to, year=year, collectivite=collectivite,
                            instance=instance, decision=decision, matiere=matiere, person=person,
                            unanimite=unanimite)
    with _open(db) as archive:
        if count:
            n = run_count(archive, query, filters=filters)
            _print_json({"count": n}) if json_ else out.print(n)
            return
        hits = run_search(archive, query, limit=limit, offset=offset, sort=sort, filters=filters,
                          marks=("[", "]") if json_ else _MARKS)
    if json_:
        _print_json(hits)
        return
    table = Table("id", "date", "collectivité", "numéro", "objet", "décision", "extrait")
    for h in hits:
        table.add_row(str(h["id"]), h.get("date_seance") or "", h.get("collectivite") or "",
                      h.get("numero") or "", (h.get("objet") or "")[:90],
                      h.get("decision") or "", _highlight(h.get("snippet") or ""))
    out.print(table)
    err.print(f"{len(hits)} result(s)")


def _highlight(snippet: str) -> str:
    from rich.markup import escape

    flat = " ".join(snippet.split())
    first = flat.find(_MARKS[0])
    if len(flat) > 140:  # keep the first match in view
        start = max(0, first - 40)
        flat = ("…" if start else "") + flat[start:start + 140] + "…"
    return escape(flat).replace(_MARKS[0], "[bold yellow]").replace(_MARKS[1], "[/bold yellow]")


@app.command()
@handle_errors
def show(id: int = typer.Argument(..., help="Deliberation id (from search)."),
         db: Path | None = DbOption, json_: bool = JsonOption,
         text: bool = typer.Option(False, "--text", help="Print the full text too.")) -> None:
    """Show one deliberation: every field, names by role, articles and source file.

    Example: registre show 1 --json
    """
    with _open(db) as archive:
        delib = archive.get_deliberation(id)
    if json_:
        _print_json(delib)
        return
    for key, value in delib.items():
        if key in ("text", "provenance") or value in (None, [], {}, ""):
            continue
        out.print(f"[bold]{key:20}[/bold] {value if not isinstance(value, (list, dict)) else json.dumps(value, ensure_ascii=False)}",
                  highlight=False)
    if text:
        out.print(delib.get("text") or "", highlight=False)


@app.command()
@handle_errors
def export(fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl or csv."),
           output: Path | None = typer.Option(None, "-o", "--output", help="File (default: stdout)."),
           db: Path | None = DbOption) -> None:
    """Export every deliberation, one row each.

    Example: registre export --format csv -o deliberations.csv
    """
    from registre.errors import BadInputError
    from registre.store import export as exports

    writers = {"jsonl": exports.export_jsonl, "csv": exports.export_csv}
    if fmt not in writers:
        raise BadInputError(f"--format {fmt!r}: choose one of {', '.join(writers)}")
    with _open(db) as archive:
        if output is None:
            count = writers[fmt](archive, sys.stdout)
        else:
            tmp = output.with_name(output.name + ".part")
            with tmp.open("w", encoding="utf-8", newline="") as f:
                count = writers[fmt](archive, f)
            tmp.replace(output)  # publish only a complete file
    err.print(f"{count} deliberation(s) exported" + (f" -> {output}" if output else ""))


@app.command()
@handle_errors
def stats(db: Path | None = DbOption, json_: bool = JsonOption) -> None:
    """Counts of documents, deliberations and failed files; by year, body, instance, decision.

    Example: registre stats --json
    """
    with _open(db) as archive:
        data = archive.stats()
    if json_:
        _print_json(data)
        return
    for key in ("documents", "deliberations", "quarantined", "pages", "ocr_pages"):
        if key in data:
            out.print(f"{key:14} {data[key]}")
    for key in ("by_year", "by_collectivite", "by_instance", "by_decision"):
        table = Table(key.replace("by_", ""), "deliberations")
        for name, count in (data.get(key) or {}).items():
            table.add_row(str(name), str(count))
        out.print(table)
