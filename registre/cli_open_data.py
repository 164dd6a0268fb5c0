"""Open-data commands: `export` (jsonl, csv, SCDL, data package) and `serve` (Datasette)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from registre.cli import DbOption, _db_path, _open, app, err, handle_errors


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
