"""``registre serve``: publish an archive read-only as a website and a JSON API, with Datasette.

The archive is opened in Datasette's *immutable* mode (SQLite ``immutable=1``: no lock, no
write, ever) after its write-ahead log has been folded into the main file, so that the site
shows every committed deliberation. Datasette runs in this process: its metadata (title,
licence, source), the full-text search of the ``deliberations`` table, its facets (year, body,
instance, decision, matière) and two canned queries ("Decisions by year", "Majority votes") are
set here, and this module is registered as a Datasette plugin for two additions:

- a ``year`` facet type (``_facet_year=date_seance``), since séance dates are ISO text;
- the SQL function ``registre_match(q)``, the query language of ``registre search`` turned into
  an FTS5 expression (accents, plurals, phrases, -exclusions), used by the "Search" query;
- the route ``/-/registre/original/SHA256``: a document's kept original (read-only).

Its templates (``registre/web/templates``) make the deliberations table read like a register
(date, body, instance, numéro, objet, decision, votes) and a deliberation's page like an act:
its fields, a link to its original PDF, its text set for reading.

Datasette 0.x has no write API and refuses any SQL that is not a read (``SELECT``); the
immutable file could not be written anyway.
"""

from __future__ import annotations

import re
import socket
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registre import __version__
from registre.errors import ArchiveError, BadInputError, MissingDependencyError, RegistreError

DEFAULT_PORT = 8001
DEFAULT_HOST = "127.0.0.1"
DEFAULT_TITLE = "Délibérations"
LICENSE = "Licence Ouverte / Open Licence 2.0"
LICENSE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
HIDDEN_TABLES = ("pages", "search_terms", "provenance", "page_words")
FTS_TABLE = "deliberations_fts"  # contentless FTS5 over objet, text, names (rowid = id)
TEMPLATES = Path(__file__).parent / "web" / "templates"

QUERIES: dict[str, dict[str, str]] = {
    "decisions_by_year": {
        "title": "Decisions by year",
        "description": "Deliberations per séance year and outcome.",
        "sql": "select substr(date_seance, 1, 4) as year, decision, count(*) as deliberations\n"
               "from deliberations\ngroup by year, decision\norder by year desc, deliberations desc",
    },
    "majority_votes": {
        "title": "Majority votes",
        "description": "Deliberations not adopted unanimously: votes against or abstentions.",
        "sql": "select id, date_seance, collectivite, instance, numero, objet,\n"
               "  vote_pour, vote_contre, vote_abstention, decision\nfrom deliberations\n"
               "where unanimite = 0 or coalesce(vote_contre, 0) + coalesce(vote_abstention, 0) > 0\n"
               "order by date_seance desc, id desc",
    },
    "search": {
        "title": "Search",
        "description": 'As `registre search`: accents and plurals ignored, "phrases", -exclusions.',
        "sql": f"select d.id, d.date_seance, d.collectivite, d.numero, d.objet, d.decision\n"
               f"from {FTS_TABLE} join deliberations d on d.id = {FTS_TABLE}.rowid\n"
               f"where {FTS_TABLE} match registre_match(:q)\norder by rank limit 200",
    },
}  # fmt: skip


@dataclass(frozen=True)
class ServeOptions:
    """Where and how the archive is published."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    title: str = DEFAULT_TITLE


def metadata(db_name: str, *, title: str = DEFAULT_TITLE, source: str = "") -> dict[str, Any]:
    """Datasette metadata for an archive published as ``db_name``.

    Args:
        db_name: the database's name in Datasette (the file name without its extension).
        title: the site's title.
        source: where the data comes from (shown at the foot of each page).

    Returns:
        The metadata dict (title, licence, source, tables, facets, search, canned queries).
    """
    deliberations = {
        "title": "Délibérations",
        "description": "One row per deliberation: its fields as extracted, its text, its source file.",
        "fts_table": FTS_TABLE,
        "fts_pk": "id",
        "facets": ["collectivite", "instance", "decision", "matiere_code", {"year": "date_seance"}],
        "sort_desc": "date_seance",
        "label_column": "objet",
    }
    tables: dict[str, Any] = {"deliberations": deliberations}
    tables.update({name: {"hidden": True} for name in HIDDEN_TABLES})
    return {
        "title": title,
        "description": f"Archive des délibérations publiée par Registre {__version__} (lecture seule).",
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": source or "Registre",
        "databases": {db_name: {"tables": tables, "queries": QUERIES}},
    }


def check_port(host: str, port: int) -> None:
    """Check that the port can be listened on.

    Raises:
        BadInputError: the port is out of range or already in use.
    """
    if not 1 <= port <= 65535:
        raise BadInputError(f"--port {port}: choose a port between 1 and 65535")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            s.bind((host, port))
        except OSError as e:
            raise BadInputError(
                f"cannot listen on {host}:{port} ({e.strerror}): choose another port with --port"
            ) from e


def fold_wal(path: Path) -> None:
    """Fold the archive's write-ahead log into its main file, for a reader that ignores the log.

    Raises:
        ArchiveError: the file is not a Registre archive, or a writer holds the log.
    """
    from registre.store.archive import Archive

    with Archive.open(path, create=False) as archive:
        busy, frames, done = archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy or (frames > 0 and done < frames):
        raise ArchiveError(f"archive {path} is being written (an import is running): serve it when it is done")


def build(path: Path, options: ServeOptions = ServeOptions()):
    """Prepare the Datasette application for an archive (immutable, with metadata and plugin).

    Args:
        path: the archive file.
        options: host, port, title.

    Returns:
        (the Datasette instance, the URL of the deliberations table).

    Raises:
        ArchiveError: not an archive, or being written.
        MissingDependencyError: Datasette is not installed.
    """
    try:
        from datasette.app import Datasette
        from datasette.plugins import pm
    except ImportError as e:
        raise MissingDependencyError("Datasette is missing: pip install 'datasette>=0.64,<1'") from e
    path = path.resolve()
    fold_wal(path)
    if not pm.is_registered(sys.modules[__name__]):
        pm.register(sys.modules[__name__], name="registre")
    _quiet_tracebacks()
    name = path.stem
    ds = Datasette(
        [], immutables=[str(path)],
        metadata=metadata(name, title=options.title, source=f"archive {path.name}"),
        settings={"truncate_cells_html": 300, "default_page_size": 50, "facet_time_limit_ms": 500,
                  "allow_csv_stream": True, "suggest_facets": False},
        template_dir=str(TEMPLATES),
    )  # fmt: skip
    name = next(n for n, db in ds.databases.items() if db.path and Path(db.path) == path)
    host = f"[{options.host}]" if ":" in options.host else options.host
    url = f"http://{host}:{options.port}{ds.urls.table(name, 'deliberations')}"
    return ds, url


def _quiet_tracebacks() -> None:
    """Datasette prints a rich traceback, with local variables, for every refused request
    (a 404, a non-SELECT query) when rich is installed, as it is with Registre: on a public
    server that floods the log and shows request internals. Its error pages stay as they are."""
    import datasette.handle_exception as handler

    if getattr(handler, "rich", None) is not None:
        handler.rich = None


def serve(path: Path, options: ServeOptions = ServeOptions(),
          on_ready: Callable[[str], None] | None = None) -> None:
    """Publish an archive until interrupted (Ctrl-C).

    Args:
        path: the archive file.
        options: host, port, title.
        on_ready: called with the deliberations page's URL just before the server listens.

    Raises:
        ArchiveError: not an archive, or being written.
        BadInputError: the port is in use.
        MissingDependencyError: Datasette or uvicorn is missing.
    """
    import uvicorn
    from datasette.cli import run_sync

    check_port(options.host, options.port)
    ds, url = build(path, options)
    run_sync(ds.invoke_startup)
    if on_ready:
        on_ready(url)
    uvicorn.run(ds.app(), host=options.host, port=options.port, log_level="warning", lifespan="on")


# -- the Datasette plugin ------------------------------------------------------------------

try:
    from datasette import hookimpl
    from datasette.facets import Facet
except ImportError:  # pragma: no cover - Datasette is a dependency; serve() says so if missing
    hookimpl, Facet = None, object


def registre_match(query: str | None) -> str:
    """The FTS5 expression of a query typed as for ``registre search`` (no match when empty)."""
    from registre.store.query import NO_MATCH, parse_query

    try:
        parsed = parse_query(query or "")
        return parsed.fts() if not parsed.is_empty() else NO_MATCH
    except RegistreError as e:
        raise ValueError(str(e)) from None  # shown by Datasette as the query's error


class YearFacet(Facet):
    """Facet an ISO date column by year: ``?_facet_year=date_seance``; a year selects
    ``date_seance__startswith=YYYY``."""

    type = "year"

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out = [], []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            try:
                results.append(await self._one(column, source_and_config["source"], args, size))
            except Exception as e:  # QueryInterrupted: too slow on a huge table
                if type(e).__name__ != "QueryInterrupted":
                    raise
                timed_out.append(column)
        return results, timed_out

    async def _one(self, column: str, source: str, args: dict[str, str], size: int) -> dict[str, Any]:
        from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

        col = escape_sqlite(column)
        sql = (f"select substr({col}, 1, 4) as value, count(*) as count from ({self.sql})"
               f" where {col} glob '[0-9][0-9][0-9][0-9]*' group by value order by value desc"
               f" limit {size + 1}")
        rows = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                     custom_time_limit=self.ds.setting("facet_time_limit_ms"))
        key = f"{column}__startswith"
        values = []
        for row in rows.rows[:size]:
            selected = args.get(key) == row["value"]
            toggle = (path_with_removed_args(self.request, {key: row["value"]}) if selected
                      else path_with_added_args(self.request, {key: row["value"]}))
            values.append({"value": row["value"], "label": row["value"], "count": row["count"],
                           "toggle_url": self.ds.absolute_url(self.request, toggle), "selected": selected})
        # the name is the column's: Datasette's page adds the facet's type, " (year)"
        return {"name": column, "type": self.type, "results": values,
                "hideable": source != "metadata", "truncated": len(rows) > size,
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_year": column}))}


READ_ONLY = "This archive is published read-only: nothing can be written to it.\n"
DECISIONS = {"adoptee": "adoptée", "rejetee": "rejetée", "ajournee": "ajournée", "retiree": "retirée",
             "prend_acte": "prend acte"}
# A line that opens a paragraph of its own in an act: visas, considérants, articles, list items.
_OPENS = re.compile(r"^(?:vu\b|consid[ée]rant|article\b|[-•–]|\d+[.)°]|décide|délibère|le conseil)", re.IGNORECASE)


def reading_paragraphs(text: str | None) -> list[str]:
    """A deliberation's text as paragraphs to read: the lines of the page joined again.

    A page's text keeps its printed line ends; a line is joined to the previous one unless a
    blank line parts them, the previous line ends a sentence (``.;!?``) or is short (a
    heading, a line of a sidebar) without announcing more (``:``, ``,``), or the line opens a
    visa, a considérant, an article or a list item.
    """
    paragraphs: list[list[str]] = []
    for block in re.split(r"\n\s*\n|\f", text or ""):
        lines = [raw.strip() for raw in block.split("\n") if raw.strip()]
        width = max((len(line) for line in lines), default=0)
        current: list[str] = []
        for line in lines:
            last = current[-1] if current else ""
            ends = last[-1:] in (".", ";", "!", "?") or (len(last) < 0.6 * width and last[-1:] not in (":", ","))
            if current and (ends or _OPENS.match(line)):
                paragraphs.append(current)
                current = []
            current.append(line)
        if current:
            paragraphs.append(current)
    return [" ".join(p) for p in paragraphs]

if hookimpl is not None:

    @hookimpl
    def register_facet_classes():
        return [YearFacet]

    @hookimpl
    def handle_exception(datasette, request, exception):
        # Datasette answers a POST to a table with an assertion error (HTTP 500): say 405.
        if request.method == "POST" and isinstance(exception, AssertionError):
            from datasette import Response

            return Response.text(READ_ONLY, status=405)
        return None

    @hookimpl
    def prepare_connection(conn: sqlite3.Connection):
        conn.create_function("registre_match", 1, registre_match, deterministic=True)

    @hookimpl
    def prepare_jinja2_environment(env):
        env.filters["registre_paragraphs"] = reading_paragraphs
        env.globals["registre_decisions"] = DECISIONS

    @hookimpl
    def register_routes():
        return [(r"^/-/registre/original/(?P<sha256>[0-9a-f]{64})$", original_file)]


async def original_file(datasette, request):
    """A document's kept original, as imported (``/-/registre/original/SHA256``)."""
    from datasette import Response

    from registre.store.originals import files_dir_of, original_path

    sha256 = request.url_vars["sha256"]
    for db in datasette.databases.values():
        if not db.path:
            continue
        found = await db.execute("SELECT path, kind FROM documents WHERE sha256 = ?", [sha256])
        path = original_path(files_dir_of(Path(db.path)), sha256)
        if found.rows and path.is_file():
            name, kind = Path(found.rows[0]["path"]).name, found.rows[0]["kind"]
            headers = {"Content-Disposition": f'inline; filename="{safe_filename(name)}"'}
            return Response(path.read_bytes(), content_type="application/pdf" if kind == "pdf" else "text/plain",
                            headers=headers)
    return Response.text("No such original in this archive.", status=404)


def safe_filename(name: str) -> str:
    """A file name fit for a Content-Disposition header (other characters as "_")."""
    return "".join(ch if ch.isalnum() or ch in ".-_ " else "_" for ch in name)
