"""The ``registre`` command line: parses arguments, calls the library, prints.

Data goes to stdout, messages to stderr. Every error the library raises on purpose carries an
exit code (see ``errors.py``); one handler here turns it into a one-line message.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import signal
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
def import_(paths: list[Path] | None = typer.Argument(None, help="PDF, .txt and .zip files, and folders."),
            db: Path | None = DbOption,
            workers: int | None = typer.Option(None, "--workers", "-w", min=1,
                                               help="Parallel processes (default: CPUs)."),
            scheduler: str | None = typer.Option(None, "--scheduler",
                                                 help="Dask scheduler (tcp://host:8786), or 'local'."),
            ocr: str = typer.Option("auto", help="OCR pages without text: auto, always, never."),
            retry_failed: bool = typer.Option(False, "--retry-failed",
                                              help="Read quarantined files again (all when no path)."),
            collectivite: str | None = typer.Option(None, "--collectivite",
                                                    help="The publishing body's name, for every new document."),
            siret: str | None = typer.Option(None, "--siret", help="The publishing body's SIRET (14 digits)."),
            json_: bool = JsonOption,
            quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar.")) -> None:
    """Import files, folders and zips into the archive; files already archived are skipped.

    Resumable: run it again after an interruption and it finishes the work. Ends with exit
    code 8 when some files are in quarantine (see `registre quarantine`).

    Example: registre import data/samples --db demo/registre.db --workers 4
    """
    from registre.pipeline import ImportOptions, import_paths, quarantined_sources

    _check_ocr_mode(ocr)
    if not paths and not retry_failed:
        raise typer.BadParameter("give files or folders to import, or --retry-failed", param_hint="PATHS")
    if siret:
        from registre.store.scdl import check_siret

        siret = check_siret(siret)
    options = ImportOptions(workers=workers, ocr=ocr, scheduler=scheduler, retry_failed=retry_failed,
                            collectivite=collectivite, siret=siret)
    with _open(db, create=True) as archive, _sigterm_interrupts(), _progress(quiet or json_) as progress:
        summary = import_paths(paths or quarantined_sources(archive), archive, options, progress)
    _render_import(summary, json_, _db_path(db))
    if summary.quarantined:
        raise typer.Exit(int(ExitCode.files_quarantined))


_MAX_FAILURES_SHOWN = 50


def _render_import(summary, json_: bool, db: Path) -> None:
    if json_:
        _print_json({"new": summary.new, "skipped": summary.skipped, "failed": summary.failed,
                     "still_quarantined": summary.still_quarantined,
                     "deliberations": summary.deliberations, "pages": summary.pages,
                     "failures": [{"path": p, "reason": r} for p, r in summary.failures]})
        return
    for _, reason in summary.failures[:_MAX_FAILURES_SHOWN]:
        err.print(f"[yellow]failed:[/yellow] {reason}", highlight=False, markup=True)
    if len(summary.failures) > _MAX_FAILURES_SHOWN:
        err.print(f"… and {len(summary.failures) - _MAX_FAILURES_SHOWN} more: `registre quarantine`")
    known = (f", {summary.still_quarantined} still in quarantine (--retry-failed reads them again)"
             if summary.still_quarantined else "")
    err.print(f"{summary.new} new, {summary.skipped} skipped, {summary.failed} failed{known} "
              f"({summary.deliberations} deliberations added) -> {db}", highlight=False)


@contextlib.contextmanager
def _sigterm_interrupts():
    """SIGTERM ends an import as Ctrl-C does: the document being written is rolled back."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (embedded use): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _progress:
    """A progress bar on a terminal (files, pages/s, ETA); nothing when stderr is not one or
    when quiet."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and err.is_terminal
        self.bar = None

    def __enter__(self):
        if not self.enabled:
            return None
        import time

        from rich import progress as rp

        self.bar = rp.Progress(rp.SpinnerColumn(), rp.TextColumn("{task.description}"), rp.BarColumn(),
                               rp.MofNCompleteColumn(), rp.TextColumn("{task.fields[rate]}"),
                               rp.TimeElapsedColumn(), rp.TextColumn("ETA"), rp.TimeRemainingColumn(),
                               console=err, transient=True)
        self.bar.start()
        task = self.bar.add_task("importing", total=None, rate="")
        counts = {"new": 0, "skipped": 0, "failed": 0, "pages": 0}
        start = time.monotonic()

        def update(event) -> None:
            counts[event.state] = counts.get(event.state, 0) + 1
            counts["pages"] += event.pages
            rate = counts["pages"] / max(time.monotonic() - start, 1e-6)
            self.bar.update(task, completed=event.done, total=event.total, rate=f"{rate:,.0f} pages/s",
                            description=f"{counts['new']} new, {counts['skipped']} skipped, "
                                        f"{counts['failed']} failed")

        return update

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()


@app.command()
@handle_errors
def verify(db: Path | None = DbOption, json_: bool = JsonOption) -> None:
    """Re-hash every kept original; exit code 5 when one is missing or altered.

    Missing originals come back when the same files are imported again.

    Example: registre verify --db demo/registre.db
    """
    from registre.errors import ArchiveError

    with _open(db) as archive:
        report = archive.verify_originals()
        files_dir = archive.files_dir
    if json_:
        _print_json(report)
    else:
        for state in ("missing", "altered"):
            for entry in report[state]:
                out.print(f"{state:8} {entry['sha256']}  {entry['path']}", highlight=False)
        err.print(f"{report['checked']} original(s) checked: {len(report['missing'])} missing, "
                  f"{len(report['altered'])} altered, {len(report['unreferenced'])} unreferenced")
    bad = len(report["missing"]) + len(report["altered"])
    if bad:
        raise ArchiveError(f"{bad} original(s) missing or altered under {files_dir}: "
                           "remove the altered copies, then import the same files again to restore them")


@app.command()
@handle_errors
def quarantine(db: Path | None = DbOption, json_: bool = JsonOption) -> None:
    """List the files that could not be imported: stage, reason, when.

    Example: registre quarantine --json
    """
    with _open(db) as archive:
        rows = archive.quarantined()
    if json_:
        _print_json(rows)
        return
    for row in rows:  # one line a file, whole (a table would cut long paths): grep-able
        out.print(f"{row['path']}\t{row['stage']}\t{row['reason']}", highlight=False, markup=False)
    err.print(f"{len(rows)} file(s) in quarantine"
              + (": `registre import --retry-failed` reads them again" if rows else ""))


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
           decision: str | None = typer.Option(None, "--decision",
                                               help="adoptee, rejetee, ajournee, retiree, prend_acte."),
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
         text: bool = typer.Option(False, "--text", help="Print the full text too."),
         provenance: bool = typer.Option(False, "--provenance", help="Confidence and source text of each field.")
         ) -> None:
    """Show one deliberation: every field, names by role, articles and source file.

    With --provenance: each field's value, confidence, page and span, the span highlighted in
    the source text (JSON: page, start, end, snippet, snippet_start, snippet_end).

    Example: registre show 1 --provenance
    """
    if provenance:
        return _show_provenance(id, db, json_)
    with _open(db) as archive:
        delib = archive.get_deliberation(id)
    if json_:
        _print_json(delib)
        return
    for key, value in delib.items():
        if key in ("text", "provenance") or value in (None, [], {}, ""):
            continue
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
        out.print(f"[bold]{key:20}[/bold] {shown}",
                  highlight=False)
    if text:
        out.print(delib.get("text") or "", highlight=False)


def _show_provenance(id: int, db: Path | None, json_: bool) -> None:
    from rich.markup import escape

    from registre.store.provenance import field_sources

    with _open(db) as archive:
        sources = field_sources(archive, id)
    if json_:
        return _print_json(sources)
    table = Table("field", "value", "conf.", "page", "source text")
    for f in sources["fields"]:
        value = f["value"] if not isinstance(f["value"], (list, dict)) else json.dumps(f["value"], ensure_ascii=False)
        snippet, a, b = f["snippet"] or "", f["snippet_start"] or 0, f["snippet_end"] or 0
        shown = escape(snippet[:a]) + "[reverse]" + escape(snippet[a:b]) + "[/reverse]" + escape(snippet[b:])
        if f["corrected"]:
            shown = f"[green]corrected[/green] (machine: {escape(str(f['corrected']['machine_value']))}) " + shown
        conf = "" if f["confidence"] is None else f"{f['confidence']:.2f}"
        shown = shown if snippet or f["corrected"] else ""
        table.add_row(f["field"], escape(str(value)[:80]), conf, str(f["page"] or ""), shown)
    out.print(table)
    for line in sources["checks"]:
        err.print(f"[yellow]check:[/yellow] {escape(line)}", highlight=False)


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


# Commands that live in their own modules register on `app` when imported.
from registre import cli_open_data, cli_trust  # noqa: E402, F401
