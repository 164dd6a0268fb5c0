"""``registre review --web``: the review screens served over HTTP, on this machine by default.

One process, the standard library's threading HTTP server, one archive connection and one
lock (SQLite and pdfium are used from one thread at a time; a person reviews one page at a
time). Routes:

    GET  /                          the queue (?body=&year=&field=&check=)
    GET  /d/ID                      one deliberation (same filters; ?at=N its place in the queue)
    POST /d/ID/FIELD                a correction: JSON {"action": "set"|"accept"|"null"|"undo",
                                    "value": "…"} -> {"ok", "message"} or {"error"} (400, 403, 404)
    GET  /original/SHA256/N.png     page N of the kept original, rendered by pdfium
    GET  /original/SHA256.pdf       the kept original itself
    GET  /static/review.css|js      the screens' style and script

Every write goes through :mod:`registre.review` (``correct``, ``accept``, ``undo``), as
``registre correct`` does, and an invalid value is refused with the very message that command
prints. Who may read and write is :mod:`registre.web.guard`'s.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from registre import review
from registre.errors import ArchiveError, BadInputError, NotFoundError, RegistreError
from registre.ingest.page_view import render_page
from registre.serve import check_port, safe_filename
from registre.store.archive import Archive
from registre.web import html
from registre.web.guard import Guard, Refused
from registre.web.views import QueueQuery, deliberation_view, queue_view

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8002  # beside `registre serve`'s 8001
QUEUE_TTL_S = 10.0  # the queue's order and progress are computed again after this (or a write)
IMAGE_CACHE = 48  # rendered page images kept in memory
MAX_BODY = 64 * 1024
CSP = ("default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self';"
       " form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
_SHA = r"(?P<sha>[0-9a-f]{64})"
ACTIONS = ("set", "accept", "null", "undo")


@dataclass(frozen=True)
class ReviewOptions:
    """Where the review server listens, and its token (needed off 127.0.0.1 to write)."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def _json(status: int, data: dict[str, Any]) -> Response:
    return Response(status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8")


class ReviewApp:
    """The review application over one archive (independent of the HTTP server, for tests)."""

    def __init__(self, path: Path, options: ReviewOptions = ReviewOptions()):
        self.archive = Archive.open(path, create=False)
        self.guard = Guard(options.host, options.port, options.token)
        self.lock = threading.Lock()
        self._cache: dict[tuple[str, QueueQuery], tuple[float, Any]] = {}
        self._images: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., Response]]] = [
            ("GET", re.compile(r"/"), self.queue),
            ("GET", re.compile(r"/d/(?P<delib_id>\d+)"), self.deliberation),
            ("POST", re.compile(r"/d/(?P<delib_id>\d+)/(?P<name>[a-z_]+)"), self.correct),
            ("GET", re.compile(rf"/original/{_SHA}/(?P<number>\d+)\.png"), self.page_image),
            ("GET", re.compile(rf"/original/{_SHA}\.pdf"), self.original),
            ("GET", re.compile(r"/static/(?P<name>review\.(?:css|js))"), self.static),
        ]

    def close(self) -> None:
        self.archive.close()

    # -- dispatch --------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> Response:
        """Answer one request.

        Args:
            method: GET or POST.
            target: the path and query string.
            headers: the request's headers, names in lower case.
            body: the request's body.
        """
        url = urlsplit(target)
        args = dict(parse_qsl(url.query))
        try:
            if self.guard.check_request(headers, args.pop("token", None)):
                rest = url.path + ("?" + urlencode(args) if args else "")
                return Response(303, b"", headers={"Location": rest, "Set-Cookie": self.guard.cookie()})
            if method == "POST":
                self.guard.check_write(headers)
            for verb, pattern, handler in self.routes:
                match = pattern.fullmatch(url.path)
                if match and verb == method:
                    return handler(args=args, body=body, **match.groupdict())
            allowed = any(p.fullmatch(url.path) for _, p, _ in self.routes)
            return Response(405 if allowed else 404, b"not found" if not allowed else b"method not allowed",
                            "text/plain; charset=utf-8")
        except Refused as e:
            return _json(e.status, {"error": str(e)}) if method == "POST" else Response(
                e.status, str(e).encode(), "text/plain; charset=utf-8")

    # -- screens ---------------------------------------------------------------------------

    def queue(self, *, args: dict[str, str], body: bytes) -> Response:
        query = QueueQuery.from_args(args)
        with self.lock:
            view = queue_view(self.archive, query)
        return Response(200, html.queue_page(view, writable=self.guard.writable).encode())

    def deliberation(self, *, args: dict[str, str], body: bytes, delib_id: str) -> Response:
        query = QueueQuery.from_args(args)
        at = int(args["at"]) if args.get("at", "").isdigit() else None
        try:
            with self.lock:
                queue = self._cached("queue", query, lambda: review.review_ids(
                    self.archive, filters=query.search(), doubts=query.doubts()))
                view = deliberation_view(self.archive, int(delib_id), queue, at)
                progress = self._cached("progress", query, lambda: review.review_progress(
                    self.archive, filters=query.search()))
        except NotFoundError as e:
            return Response(404, str(e).encode(), "text/plain; charset=utf-8")
        page = html.deliberation_page(view, progress, query, writable=self.guard.writable, csrf=self.guard.csrf)
        return Response(200, page.encode())

    def _cached(self, kind: str, query: QueueQuery, compute: Callable[[], Any]) -> Any:
        """The queue's order or progress (each a pass over the archive), kept until a write or
        for a few seconds (an import may be adding deliberations meanwhile)."""
        found = self._cache.get((kind, query))
        if found and time.monotonic() - found[0] < QUEUE_TTL_S:
            return found[1]
        value = compute()
        self._cache[(kind, query)] = (time.monotonic(), value)
        return value

    # -- writes ----------------------------------------------------------------------------

    def correct(self, *, args: dict[str, str], body: bytes, delib_id: str, name: str) -> Response:
        """Set, accept, clear or undo one field; the same checks and messages as `registre correct`."""
        try:
            request = json.loads(body or b"{}")
            action, value = request.get("action"), request.get("value")
            if action not in ACTIONS or (action == "set" and not isinstance(value, str)):
                raise BadInputError(f"give an action ({', '.join(ACTIONS)}) and, to set, a value as text")
            with self.lock:
                done = self._write(int(delib_id), name, action, value)
                self._cache.clear()
                progress = review.review_progress(self.archive)
        except (ValueError, BadInputError) as e:
            return _json(400, {"error": str(e)})
        except NotFoundError as e:
            return _json(404, {"error": str(e)})
        except ArchiveError as e:
            return _json(503, {"error": str(e)})
        return _json(200, {"ok": True, "message": done, "progress": progress})

    def _write(self, delib_id: int, name: str, action: str, value: str | None) -> str:
        """Make the change through the library; return the line `registre correct` prints."""
        if action == "undo":
            done = review.undo(self.archive, delib_id, name)
            return (f"undone: deliberation {delib_id} {name} = {done.machine_value!r}"
                    f" (machine value: {done.machine_value!r})")
        if action == "accept":
            done = review.accept(self.archive, delib_id, name)
        else:
            done = review.correct(self.archive, delib_id, name, "null" if action == "null" else value)
        return f"corrected: deliberation {delib_id} {name} = {done.value!r} (machine value: {done.machine_value!r})"

    # -- files -----------------------------------------------------------------------------

    def page_image(self, *, args: dict[str, str], body: bytes, sha: str, number: str) -> Response:
        key = (sha, int(number))
        with self.lock:
            image = self._images.get(key)
            if image is None:
                original = self.archive.original_path(sha)
                if not original.is_file():
                    return Response(404, b"original not kept", "text/plain; charset=utf-8")
                try:
                    image = render_page(original, int(number))
                except RegistreError as e:
                    return Response(404, str(e).encode(), "text/plain; charset=utf-8")
                self._images[key] = image
                while len(self._images) > IMAGE_CACHE:
                    self._images.popitem(last=False)
            self._images.move_to_end(key)
        # the address names the original by its hash: its pages never change
        return Response(200, image, "image/png", {"Cache-Control": "private, max-age=86400, immutable"})

    def original(self, *, args: dict[str, str], body: bytes, sha: str) -> Response:
        with self.lock:
            row = self.archive.conn.execute("SELECT path, kind FROM documents WHERE sha256 = ?", (sha,)).fetchone()
        path = self.archive.original_path(sha)
        if row is None or not path.is_file():
            return Response(404, b"no such original", "text/plain; charset=utf-8")
        kind = "application/pdf" if row[1] == "pdf" else "text/plain; charset=utf-8"
        name = safe_filename(Path(row[0]).name)
        return Response(200, path.read_bytes(), kind, {"Content-Disposition": f'inline; filename="{name}"'})

    def static(self, *, args: dict[str, str], body: bytes, name: str) -> Response:
        data = resources.files("registre.web").joinpath("static", name).read_bytes()
        kind = "text/css; charset=utf-8" if name.endswith(".css") else "text/javascript; charset=utf-8"
        return Response(200, data, kind, {"Cache-Control": "no-cache"})


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into :meth:`ReviewApp.handle` calls."""

    app: ReviewApp
    server_version = "registre-review"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 (http.server's names)
        self._answer("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._answer("POST")

    def _answer(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            response = self.app.handle(method, self.path, headers, body)
        except Exception:  # a bug answers 500 and is logged; the server goes on
            log.exception("%s %s failed", method, self.path)
            response = Response(500, b"internal error (see the server's log)", "text/plain; charset=utf-8")
        self.send_response(response.status)
        for name, value in {"Content-Type": response.content_type, "Content-Length": str(len(response.body)),
                            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                            "X-Frame-Options": "DENY", **response.headers}.items():
            self.send_header(name, value)
        if response.content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", CSP)
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's signature)
        log.debug("%s " + format, self.address_string(), *args)


def make_server(path: Path, options: ReviewOptions = ReviewOptions()) -> tuple[ThreadingHTTPServer, ReviewApp]:
    """Open the archive and bind the server (not yet serving).

    Raises:
        ArchiveError: not an archive.
        BadInputError: the port cannot be listened on.
    """
    check_port(options.host, options.port)
    app = ReviewApp(path, options)
    handler = type("Handler", (_Handler,), {"app": app})
    server_class = type("Server", (ThreadingHTTPServer,), {"daemon_threads": True,
                                                            "address_family": _family(options.host)})
    return server_class((options.host, options.port), handler), app


def _family(host: str) -> int:
    import socket

    return socket.AF_INET6 if ":" in host else socket.AF_INET


def url_of(options: ReviewOptions) -> str:
    """The address a person opens (with the token, when there is one)."""
    host = f"[{options.host}]" if ":" in options.host else options.host
    return f"http://{host}:{options.port}/" + (f"?token={options.token}" if options.token else "")


def serve_review(path: Path, options: ReviewOptions = ReviewOptions(),
                 on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the review screens until interrupted (Ctrl-C).

    Args:
        path: the archive.
        options: host, port, token.
        on_ready: called with the address to open once the server listens.

    Raises:
        ArchiveError: not an archive.
        BadInputError: the port is in use.
    """
    server, app = make_server(path, options)
    try:
        if on_ready:
            on_ready(url_of(options))
        server.serve_forever()
    finally:
        server.server_close()
        app.close()
