"""Who may read and write through the review server: safe by default.

- **Loopback only by default.** Bound to 127.0.0.1 (or ::1, localhost), the server answers
  only requests whose ``Host`` is that address or ``localhost`` with its port: a page of
  another site that points a name of its own at 127.0.0.1 (DNS rebinding) is refused.
- **A token elsewhere.** Bound to any other address, writes need the token given on the
  command line (``--token``); without one the server runs read-only. With a token, every
  request must carry it: once as ``?token=…`` (the server answers with an HttpOnly,
  SameSite=Strict cookie and a redirect that takes it out of the address bar), or as an
  ``Authorization: Bearer …`` header.
- **No cross-site writes.** A write is a POST that carries the session's CSRF secret (in an
  ``X-Registre-CSRF`` header, which no form of another site can set), whose ``Origin`` (when
  sent) is this server and whose ``Sec-Fetch-Site`` (when sent) is ``same-origin``.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

COOKIE = "registre_token"
CSRF_HEADER = "X-Registre-CSRF"
LOOPBACK_NAMES = ("localhost",)

READ_ONLY = ("this review server listens on {host} without a token: it is read-only; "
             "restart it with --token SECRET to make corrections")
NO_TOKEN = "this review server needs its token: open the address it printed (…?token=…)"
BAD_HOST = "unknown Host header {host!r}: open the address `registre review --web` printed"
CROSS_SITE = "refused: a write must come from this review page (cross-site request)"


class Refused(Exception):
    """A request the guard refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Guard:
    """The review server's rules for one run.

    Attributes:
        host: the address the server listens on.
        port: its port.
        token: the secret given with ``--token`` (None: none).
        csrf: the secret a page must send back with each write (new for each run).
    """

    host: str
    port: int
    token: str | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def writable(self) -> bool:
        """Whether corrections can be made: on loopback, or elsewhere with a token."""
        return self.loopback or self.token is not None

    def check_request(self, headers: dict[str, str], query_token: str | None) -> bool:
        """Check that a request may be answered at all.

        Args:
            headers: the request's headers (names in lower case).
            query_token: the ``token`` of the query string, if any.

        Returns:
            True when the request brought the token in its query string (the caller then
            sets the cookie and redirects to the address without it).

        Raises:
            Refused: 421 for a Host that is not this server's (loopback), 401 without the token.
        """
        if self.loopback and not self._known_host(headers.get("host", "")):
            raise Refused(421, BAD_HOST.format(host=headers.get("host", "")))
        if self.token is None:
            return False
        if query_token is not None and hmac.compare_digest(query_token.encode(), self.token.encode()):
            return True
        if not self._has_token(headers):
            raise Refused(401, NO_TOKEN)
        return False

    def check_write(self, headers: dict[str, str]) -> None:
        """Check that a POST may change the archive.

        Raises:
            Refused: 403 when the server is read-only, or the request is cross-site or lacks
                the CSRF secret.
        """
        if not self.writable:
            raise Refused(403, READ_ONLY.format(host=self.host))
        origin = headers.get("origin")
        if origin is not None and urlsplit(origin).netloc.lower() != headers.get("host", "").lower():
            raise Refused(403, CROSS_SITE)
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            raise Refused(403, CROSS_SITE)
        sent = headers.get(CSRF_HEADER.lower(), "")
        if not hmac.compare_digest(sent.encode(), self.csrf.encode()):
            raise Refused(403, CROSS_SITE)

    def cookie(self) -> str:
        """The Set-Cookie value that carries the token from now on."""
        return f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"

    def _known_host(self, host: str) -> bool:
        names = {self.host.lower(), *LOOPBACK_NAMES, "127.0.0.1", "[::1]"}
        if ":" in self.host:
            names.add(f"[{self.host.strip('[]').lower()}]")
        return host.lower() in {f"{name}:{self.port}" for name in names}

    def _has_token(self, headers: dict[str, str]) -> bool:
        assert self.token is not None
        auth = headers.get("authorization", "")
        if auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].strip().encode(), self.token.encode()):
            return True
        jar = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except CookieError:  # a malformed cookie header is no token
            return False
        sent = jar.get(COOKIE)
        return sent is not None and hmac.compare_digest(sent.value.encode(), self.token.encode())
