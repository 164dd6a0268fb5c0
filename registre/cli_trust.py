"""Trust commands: `review`, `correct` and `reextract`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from registre.cli import DbOption, JsonOption, _db_path, _open, _print_json, app, err, handle_errors, out
from registre.errors import ExitCode

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
           person: str | None = PersonOption,
           field: str | None = typer.Option(None, "--field", help="Only deliberations with this field in doubt."),
           check: str | None = typer.Option(None, "--check", help="Only those where this check failed (votants…)."),
           web: bool = typer.Option(False, "--web", help="Review in the browser: pages, boxes, corrections."),
           host: str = typer.Option("127.0.0.1", "--host", help="--web: address to listen on."),
           port: int = typer.Option(8002, "--port", "-p", help="--web: port to listen on."),
           token: str | None = typer.Option(None, "--token", help="--web: secret needed to write off 127.0.0.1."),
           json_: bool = JsonOption) -> None:
    """List the deliberations to check first: failed checks, then lowest confidence, each with why.

    With --web: a local web application over the archive (http://127.0.0.1:8002/), the queue
    first, then one deliberation per screen, its page beside its fields, the words each value
    was read from highlighted, corrections in a keystroke. Off 127.0.0.1 it writes only with --token.

    Example: registre review --limit 10 --from 2020 ; registre review --web --year 2023
    """
    from registre.review import QueueFilter, review_queue

    if web:
        return _review_web(_db_path(db), host, port, token,
                           {"body": collectivite, "year": year, "field": field, "check": check})
    filters = _filters(date_from=date_from, date_to=date_to, year=year, collectivite=collectivite,
                       instance=instance, decision=decision, matiere=matiere, person=person)
    with _open(db) as archive:
        queue = review_queue(archive, filters=filters, limit=limit or None,
                             doubts=QueueFilter(field=field, check=check))
    if json_:
        return _print_json(queue)
    table = Table("id", "date", "numéro", "objet", "doubt", "why")
    for e in queue:
        table.add_row(str(e["id"]), e["date_seance"] or "", e["numero"] or "", (e["objet"] or "")[:60],
                      f"{e['doubt']:.2f}", "\n".join(e["reasons"][:4]))
    out.print(table)
    err.print(f"{len(queue)} deliberation(s) to review")


def _review_web(path: Path, host: str, port: int, token: str | None, query: dict[str, Any]) -> None:
    """Serve the review screens until Ctrl-C; print the address to open on stdout."""
    from urllib.parse import urlencode

    from registre.errors import NotFoundError
    from registre.web.guard import is_loopback
    from registre.web.server import ReviewOptions, serve_review

    if not path.is_file():
        raise NotFoundError(f"{path}: no archive here; create one with `registre import PATH --db {path}`")
    args = urlencode({k: v for k, v in query.items() if v is not None})

    def ready(url: str) -> None:
        sys.stdout.write(url + (("&" if "?" in url else "?") + args if args else "") + "\n")
        sys.stdout.flush()
        if not is_loopback(host) and token is None:
            err.print(f"[yellow]warning:[/yellow] listening on {host} without --token: read-only", highlight=False)
        err.print(f"reviewing {path} (Ctrl-C to stop)", highlight=False)

    serve_review(path, ReviewOptions(host=host, port=port, token=token), on_ready=ready)


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
