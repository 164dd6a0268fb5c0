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
        out.print(f"[bold]{key:20}[/bold] {value if not isinstance(value, (list, dict)) else json.dumps(value, ensure_ascii=False)}",
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
def export(fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv, scdl or datapackage."),
           output: Path | None = typer.Option(None, "-o", "--output",
                                              help="File, or folder for scdl/datapackage (default: stdout)."),
           db: Path | None = DbOption,
           siret: str | None = typer.Option(None, "--siret", help="SCDL: the publishing body's SIRET (14 digits)."),
           base_url: str | None = typer.Option(None, "--base-url",
                                               help="SCDL: where the PDFs are published (DELIB_URL = URL/file)."),
           separator: str = typer.Option(",", "--separator", help="SCDL: ',' (the standard), ';', tab or '|'."),
           strict: bool = typer.Option(False, "--strict",
                                       help="SCDL: fail (exit 4) when a deliberation cannot be a row."),
           check: bool = typer.Option(False, "--check", help="SCDL: validate the file (schema and row rules) first."),
           date_from: str | None = typer.Option(None, "--from", help="First séance date (YYYY[-MM[-DD]])."),
           date_to: str | None = typer.Option(None, "--to", help="Last séance date (YYYY[-MM[-DD]])."),
           year: int | None = typer.Option(None, "--year"),
           collectivite: str | None = typer.Option(None, "--collectivite", help="Only this body."),
           instance: str | None = typer.Option(None, "--instance"),
           decision: str | None = typer.Option(None, "--decision"),
           matiere: str | None = typer.Option(None, "--matiere", help="ACTES code (7.5) or words.")) -> None:
    """Export deliberations: JSON Lines, CSV, SCDL « Délibérations » CSV or a data package.

    SCDL rows that cannot fill a required column are listed on stderr with the reason and left
    out. With -o FOLDER the SCDL file is named YYYYMMDD_SIREN_deliberations.csv.

    Example: registre export --format scdl --siret 21350238800019 -o publish/ --check
    """
    from registre.errors import BadInputError
    from registre.store import export as exports

    filters = {k: v for k, v in dict(date_from=date_from, date_to=date_to, year=year, collectivite=collectivite,
                                     instance=instance, decision=decision, matiere=matiere).items() if v is not None}
    if fmt in ("scdl", "datapackage"):
        from registre.store.scdl import ScdlOptions

        options = ScdlOptions(siret=siret, base_url=base_url, separator=_SEPARATORS.get(separator, separator))
        _export_open_data(fmt, output, db, options, strict=strict, check=check, filters=filters)
        return
    if siret or base_url or strict or check or separator != ",":
        raise BadInputError("--siret, --base-url, --separator, --strict and --check go with"
                            " --format scdl or datapackage")
    writers = {"jsonl": exports.export_jsonl, "csv": exports.export_csv}
    if fmt not in writers:
        raise BadInputError(f"--format {fmt!r}: choose one of jsonl, csv, scdl, datapackage")
    with _open(db) as archive:
        if output is None:
            count = writers[fmt](archive, sys.stdout, **filters)
        else:
            tmp = output.with_name(output.name + ".part")
            with tmp.open("w", encoding="utf-8", newline="") as f:
                count = writers[fmt](archive, f, **filters)
            tmp.replace(output)  # publish only a complete file
    err.print(f"{count} deliberation(s) exported" + (f" -> {output}" if output else ""))


_SEPARATORS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}


def _export_open_data(fmt: str, output: Path | None, db: Path | None, options, *, strict: bool, check: bool,
                      filters: dict[str, Any]) -> None:
    from registre.errors import BadInputError
    from registre.store import datapackage
    from registre.store.scdl import report_lines

    with _open(db) as archive:
        try:
            if fmt == "datapackage":
                if output is None:
                    raise BadInputError("--format datapackage writes a folder: give -o FOLDER")
                package = datapackage.write_package(archive, output, options, strict=strict, **filters)
                report, where = package.scdl, f"{output}/ ({', '.join(package.files)}), validated"
            else:
                result = datapackage.publish_scdl(archive, output, options, check=check, strict=strict, **filters)
                report, where = result.report, f"{result.path or 'stdout'}{', validated' if result.checked else ''}"
        except datapackage.IncompleteExportError as e:
            for line in report_lines(e.report):
                err.print(line, highlight=False, markup=False)
            raise
    for line in report_lines(report):
        err.print(line, highlight=False, markup=False)
    err.print(f"{report.written} SCDL row(s), {len(report.left_out)} left out -> {where}", highlight=False)


@app.command()
@handle_errors
def serve(db: Path | None = DbOption,
          port: int = typer.Option(8001, "--port", "-p", help="Port to listen on."),
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
          title: str = typer.Option("Délibérations", "--title", help="The site's title.")) -> None:
    """Publish the archive read-only as a website and JSON API (Datasette), until Ctrl-C.

    Full-text search, facets (year, body, instance, decision, matière) and canned queries; the
    archive file is opened immutable, so nothing can be written through the server. Prints the
    URL of the deliberations page on stdout.

    Example: registre serve --db demo/registre.db --port 8001
    """
    from registre.serve import ServeOptions
    from registre.serve import serve as run

    path = _db_path(db)
    if not path.is_file():
        from registre.errors import NotFoundError

        raise NotFoundError(f"{path}: no archive here; create one with `registre import PATH --db {path}`")

    def ready(url: str) -> None:
        sys.stdout.write(url + "\n")
        sys.stdout.flush()
        err.print(f"serving {path} read-only (Ctrl-C to stop)", highlight=False)

    run(path, ServeOptions(host=host, port=port, title=title), on_ready=ready)


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


# -- trust: the review queue, corrections, re-extraction -------------------------------------

FromOption = typer.Option(None, "--from", help="First séance date (YYYY[-MM[-DD]]).")
ToOption = typer.Option(None, "--to", help="Last séance date (YYYY[-MM[-DD]]).")
YearOption = typer.Option(None, "--year")
CollectiviteOption = typer.Option(None, "--collectivite")
InstanceOption = typer.Option(None, "--instance")
DecisionOption = typer.Option(None, "--decision", help="adoptee, rejetee, ajournee, retiree, prend_acte.")
MatiereOption = typer.Option(None, "--matiere", help="ACTES code (7.5) or words.")
PersonOption = typer.Option(None, "--person", help="Present, absent, président, secrétaire or proxy.")


def _filters(**values: Any):
    from registre.store.filters import SearchFilters

    return SearchFilters(**values)


@app.command()
@handle_errors
def review(db: Path | None = DbOption,
           limit: int = typer.Option(20, "--limit", "-n", min=0, help="At most N (0: all)."),
           date_from: str | None = FromOption, date_to: str | None = ToOption, year: int | None = YearOption,
           collectivite: str | None = CollectiviteOption, instance: str | None = InstanceOption,
           decision: str | None = DecisionOption, matiere: str | None = MatiereOption,
           person: str | None = PersonOption, json_: bool = JsonOption) -> None:
    """List the deliberations to check first: failed checks, then lowest confidence, each with why.

    Example: registre review --limit 10 --from 2020
    """
    from registre.review import review_queue

    filters = _filters(date_from=date_from, date_to=date_to, year=year, collectivite=collectivite,
                       instance=instance, decision=decision, matiere=matiere, person=person)
    with _open(db) as archive:
        queue = review_queue(archive, filters=filters, limit=limit or None)
    if json_:
        return _print_json(queue)
    table = Table("id", "date", "numéro", "objet", "doubt", "why")
    for e in queue:
        table.add_row(str(e["id"]), e["date_seance"] or "", e["numero"] or "", (e["objet"] or "")[:60],
                      f"{e['doubt']:.2f}", "\n".join(e["reasons"][:4]))
    out.print(table)
    err.print(f"{len(queue)} deliberation(s) to review")


@app.command()
@handle_errors
def correct(id: int = typer.Argument(..., help="Deliberation id."),
            field: str = typer.Argument(..., help="Field to correct (objet, date_seance, presents, …)."),
            value: str | None = typer.Argument(None, help="The right value; 'null': the document does not say."),
            note: str | None = typer.Option(None, "--note", help="Why, or where the value was read."),
            undo: bool = typer.Option(False, "--undo", help="Give the field back the machine's value."),
            db: Path | None = DbOption, json_: bool = JsonOption) -> None:
    """Correct one field of a deliberation; the machine's value is kept apart, --undo restores it.

    Search, show and every export use the corrected value, and it survives `registre reextract`.
    Dates YYYY-MM-DD, counts as numbers, names separated by ';', proxies 'MANDANT > MANDATAIRE'.

    Example: registre correct 12 date_seance 2019-03-01 --note "date printed in the header"
    """
    from registre.errors import BadInputError
    from registre.review import correct as run_correct
    from registre.review import undo as run_undo

    if undo == (value is not None):
        raise BadInputError("give either a VALUE or --undo: registre correct ID FIELD VALUE | ID FIELD --undo")
    with _open(db) as archive:
        done = run_undo(archive, id, field) if undo else run_correct(archive, id, field, value, note)
    if json_:
        return _print_json(done.to_json())
    shown = done.machine_value if undo else done.value
    err.print(f"{'undone' if undo else 'corrected'}: deliberation {id} {field} = {shown!r}"
              f" (machine value: {done.machine_value!r})", highlight=False)


@app.command()
@handle_errors
def reextract(db: Path | None = DbOption,
              outdated: bool = typer.Option(False, "--outdated", help="Only documents of another extractor version."),
              date_from: str | None = FromOption, date_to: str | None = ToOption, year: int | None = YearOption,
              collectivite: str | None = CollectiviteOption, instance: str | None = InstanceOption,
              decision: str | None = DecisionOption, matiere: str | None = MatiereOption,
              person: str | None = PersonOption, json_: bool = JsonOption) -> None:
    """Extract archived documents again from their stored text (no OCR), keeping corrections.

    Ends with exit code 1 when the extractor failed on some documents (they are left as they were).

    Example: registre reextract --outdated
    """
    from registre.reextract import reextract as run

    filters = _filters(date_from=date_from, date_to=date_to, year=year, collectivite=collectivite,
                       instance=instance, decision=decision, matiere=matiere, person=person)
    with _open(db) as archive:
        summary = run(archive, filters=filters, outdated=outdated)
    if json_:
        _print_json(summary.to_json())
    else:
        for c in summary.agreeing:
            err.print(f"agrees: deliberation {c['id']} {c['field']}: the extractor now reads {c['value']!r}")
        for c in summary.dropped:
            err.print(f"[yellow]lost:[/yellow] deliberation {c['id']} no longer exists; its correction "
                      f"{c['field']} = {c['value']!r} ({c['note'] or 'no note'}) must be made again", highlight=False)
        for path, reason in summary.failures:
            err.print(f"[yellow]failed:[/yellow] {path}: {reason}", highlight=False)
        err.print(f"{summary.documents} document(s) re-extracted with extractor {summary.extractor_version}: "
                  f"{summary.deliberations} deliberations ({summary.kept} kept their id, {summary.added} new, "
                  f"{summary.removed} removed), {len(summary.corrections)} correction(s) kept")
    if summary.failures:
        raise typer.Exit(int(ExitCode.unexpected))
