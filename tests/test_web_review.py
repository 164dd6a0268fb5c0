"""`registre review --web`: the review screens in a real headless Chromium, and who may write.

The browser test drives the real application as a person would: the queue, a deliberation
from a born-digital PDF and one from a scan, the boxes of `date_seance` and `objet` compared
with where pdfplumber finds those words, a correction made and an invalid one refused with
the CLI's message; then the CLI shows, exports and re-extracts the correction. Screenshots of
the review screen and of the public table are written under pytest's temporary folder.
"""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import CHROMIUM, Browser
from cli_runner import exported_rows, invoke
from review_helpers import copy_archive, covers, true_lines
from servers import free_port, registre_server

from registre.store.archive import Archive
from registre.web.guard import CROSS_SITE, CSRF_HEADER, NO_TOKEN
from registre.web.server import ReviewOptions, make_server

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")


class Running:
    """A review server in a thread of this process, on a free port."""

    def __init__(self, db: Path, host: str = "127.0.0.1", token: str | None = None):
        self.options = ReviewOptions(host=host, port=free_port(), token=token)
        self.server, self.app = make_server(db, self.options)
        self.base = f"http://127.0.0.1:{self.options.port}"

    def __enter__(self) -> Running:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.app.close()

    def request(self, path: str, *, data: dict | None = None, headers: dict | None = None):
        """(status, headers, body) of a GET, or of a POST of ``data`` as JSON."""
        body = None if data is None else json.dumps(data).encode()
        req = urllib.request.Request(self.base + path, data=body, method="POST" if data is not None else "GET",
                                     headers={"Content-Type": "application/json", **(headers or {})})
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=10) as answer:
                return answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _corrections(db: Path) -> int:
    with Archive.open(db) as archive:
        return archive.conn.execute("SELECT count(*) FROM corrections").fetchone()[0]


def test_cross_site_writes_and_unknown_hosts_are_refused(review_archive, tmp_path):
    db = copy_archive(review_archive["db"], tmp_path)
    [doubt] = review_archive["ids"]["doubt"]
    with Running(db) as server:
        csrf = server.app.guard.csrf
        write = {"action": "set", "value": "14"}
        evil = {"Origin": "http://evil.example", CSRF_HEADER: csrf}
        status, _, body = server.request(f"/d/{doubt}/votants", data=write, headers=evil)
        assert (status, json.loads(body)["error"]) == (403, CROSS_SITE)
        assert server.request(f"/d/{doubt}/votants", data=write)[0] == 403  # no CSRF secret: a plain form
        site = {CSRF_HEADER: csrf, "Sec-Fetch-Site": "cross-site"}
        assert server.request(f"/d/{doubt}/votants", data=write, headers=site)[0] == 403
        assert server.request("/", headers={"Host": "rebound.example:80"})[0] == 421
        assert _corrections(db) == 0
        own = {CSRF_HEADER: csrf, "Origin": server.base, "Sec-Fetch-Site": "same-origin"}
        status, _, body = server.request(f"/d/{doubt}/votants", data=write, headers=own)
        assert status == 200 and json.loads(body)["message"].startswith(f"corrected: deliberation {doubt} votants = 14")
        assert _corrections(db) == 1


def test_a_server_off_127_0_0_1_writes_only_with_its_token(review_archive, tmp_path):
    db = copy_archive(review_archive["db"], tmp_path)
    [doubt] = review_archive["ids"]["doubt"]
    write = {"action": "accept"}
    with Running(db, host="0.0.0.0") as server:  # no --token: read-only
        headers = {CSRF_HEADER: server.app.guard.csrf}
        assert server.request("/")[0] == 200 and b"Read-only" in server.request("/")[2]
        status, _, body = server.request(f"/d/{doubt}/votants", data=write, headers=headers)
        assert status == 403 and "--token" in json.loads(body)["error"]
    with Running(db, host="0.0.0.0", token="s3cret") as server:
        headers = {CSRF_HEADER: server.app.guard.csrf}
        assert server.request("/") [:1] == (401,) and server.request("/")[2].decode() == NO_TOKEN
        assert server.request(f"/d/{doubt}/votants", data=write, headers=headers)[0] == 401
        assert server.request("/?token=wrong")[0] == 401
        status, answer, _ = server.request("/?token=s3cret&year=2021")
        assert status == 303 and answer["Location"] == "/?year=2021"  # the token leaves the address bar
        cookie = answer["Set-Cookie"].split(";")[0]
        assert "HttpOnly" in answer["Set-Cookie"] and "SameSite=Strict" in answer["Set-Cookie"]
        assert server.request("/", headers={"Cookie": cookie})[0] == 200
        assert _corrections(db) == 0
        status, _, _ = server.request(f"/d/{doubt}/votants", data=write, headers={**headers, "Cookie": cookie})
        assert status == 200
        bearer = {**headers, "Authorization": "Bearer s3cret"}
        assert server.request(f"/d/{doubt}/vote_pour", data=write, headers=bearer)[0] == 200
    assert _corrections(db) == 2


def test_a_value_without_a_source_says_so_beside_its_field(review_archive):
    from registre.highlight import NO_SOURCE
    from registre.web.server import ReviewApp

    app = ReviewApp(review_archive["db"])
    try:
        [born] = review_archive["ids"]["born"]
        page = app.handle("GET", f"/d/{born}", {"host": "127.0.0.1:8002"}).body.decode()
    finally:
        app.close()
    with Archive.open(review_archive["db"]) as archive:
        delib = archive.get_deliberation(born)
    sourced = {p["field"] for p in delib["provenance"]}
    unsourced = next(f for f in ("matiere_code", "decision", "collectivite") if delib[f] and f not in sourced)
    item = page[page.index(f'id="f-{unsourced}"'):]
    assert item[:item.index("</li>")].count(f"No box on the page: {NO_SOURCE}.") == 1


def test_review_web_refuses_a_missing_archive_and_a_busy_port(tmp_path, review_archive):
    assert invoke("review", "--web", "--db", tmp_path / "none.db").exit_code == 6
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        result = invoke("review", "--web", "--db", review_archive["db"], "--port", s.getsockname()[1])
    assert result.exit_code == 4 and "choose another port" in result.stderr


MARKS = """Array.from(document.querySelectorAll('.mark')).map(m => {
  const sheet = m.closest('.sheet').getBoundingClientRect(), r = m.getBoundingClientRect();
  return {page: +m.closest('.page').dataset.page, box: [(r.left - sheet.left) / sheet.width,
    (r.top - sheet.top) / sheet.height, (r.right - sheet.left) / sheet.width, (r.bottom - sheet.top) / sheet.height]};
})"""


def _select(browser: Browser, field: str) -> list[dict]:
    """Move the selection to a field with J / K, as a person does; return its marks."""
    for _ in range(40):
        current = browser.js("document.querySelector('li.field.selected').dataset.field")
        if current == field:
            break
        order = browser.js("Array.from(document.querySelectorAll('li.field')).map(li => li.dataset.field)")
        browser.key("j" if order.index(field) > order.index(current) else "k")
    browser.wait(f"document.querySelector('li.field.selected').dataset.field === '{field}'")
    return browser.js(MARKS)


def _check_boxes(browser: Browser, review_archive: dict, name: str, db: Path) -> None:
    """The marks of date_seance and objet lie over the words of their values on the page."""
    [delib_id] = review_archive["ids"][name]
    for field in ("date_seance", "objet"):
        marks = _select(browser, field)
        shown = json.loads(invoke("show", delib_id, "--provenance", "--json", "--db", db).stdout)
        entry = next(f for f in shown["fields"] if f["field"] == field)
        words = entry["snippet"][entry["snippet_start"]:entry["snippet_end"]]
        places = true_lines(review_archive["sources"][name], entry["page"], words)
        assert marks and {m["page"] for m in marks} == {entry["page"]}, (name, field, marks)
        assert any(covers([tuple(m["box"]) for m in marks], place, tolerance=0.015) for place in places), \
            (name, field, words, marks, places)


@needs_chromium
def test_a_person_reviews_in_the_browser_and_the_cli_sees_it(review_archive, tmp_path, tmp_path_factory):
    db = copy_archive(review_archive["db"], tmp_path / "archive")
    ids = review_archive["ids"]
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    with registre_server("review", "--web", "--db", str(db)) as url, Browser(tmp_path / "profile") as browser:
        _correct_the_first_of_the_queue(browser, url, db, ids["doubt"][0], shots)
        browser.go(f"{url}d/{ids['born'][0]}")
        _check_boxes(browser, review_archive, "born", db)
        browser.screenshot(shots / "review-born-digital.png")
        _select(browser, "numero")
        browser.key("a")  # accept: a person checked it
        browser.wait("document.querySelector('#f-numero .badge') !== null")
        assert "checked" in browser.js("document.querySelector('#f-numero .badge').textContent")
        if "scan" in ids:
            browser.go(f"{url}d/{ids['scan'][0]}")
            assert "OCR" in browser.js("document.querySelector('.page figcaption').textContent")
            _check_boxes(browser, review_archive, "scan", db)
            browser.screenshot(shots / "review-scan.png")
    _the_cli_sees_the_corrections(db, tmp_path, ids["doubt"][0], ids["born"][0])
    _screenshot_public_table(db, tmp_path, shots)
    print(f"\nscreenshots: {shots}")


def _correct_the_first_of_the_queue(browser: Browser, url: str, db: Path, doubt: int, shots: Path) -> None:
    """The queue in `registre review`'s order; a bad count refused with the CLI's message; the
    right one taken, and the deliberation leaves the queue."""
    browser.go(url)
    rows = browser.js("Array.from(document.querySelectorAll('tr[data-href]')).map(r => r.dataset.href)")
    queue = [e["id"] for e in json.loads(invoke("review", "--json", "-n", "0", "--db", db).stdout) if e["doubt"] > 0]
    assert [int(r.split("/d/")[1].split("?")[0]) for r in rows] == queue and queue[0] == doubt
    left = int(browser.js("document.getElementById('left').textContent"))
    browser.screenshot(shots / "review-queue.png")
    browser.key("Enter")  # opens the first of the queue
    browser.wait(f"location.pathname === '/d/{doubt}' && document.images.length > 0"
                 " && Array.from(document.images).every(i => i.complete)")
    assert "vote_sum" in browser.js("document.querySelector('.checks').textContent")
    _select(browser, "votants")
    for typed in ("douze", "14"):
        browser.key("e")
        browser.wait("document.activeElement.name === 'value'")
        browser.js("document.activeElement.value = ''")
        browser.type(typed)
        browser.key("Enter")
        if typed == "douze":
            refused = browser.wait("document.querySelector('li.selected .error').textContent")
            browser.screenshot(shots / "review-refused.png")
            cli = invoke("correct", doubt, "votants", "douze", "--db", db)
            assert cli.exit_code == 4 and cli.stderr.strip() == f"error: {refused}"
            browser.key("Escape")
    browser.wait("document.querySelector('#flash') !== null && document.readyState === 'complete'"
                 " && document.querySelector('li.selected .badge') !== null")
    assert browser.js("document.querySelector('.bar nav .done') !== null")  # it left the queue
    assert int(browser.js("document.getElementById('left').textContent")) == left - 1
    assert browser.js("document.getElementById('checked').textContent") == "1"
    browser.screenshot(shots / "review-corrected.png")


def _the_cli_sees_the_corrections(db: Path, tmp_path: Path, doubt: int, born: int) -> None:
    shown = json.loads(invoke("show", doubt, "--json", "--db", db).stdout)
    assert shown["votants"] == 14 and [c["field"] for c in shown["corrections"]] == ["votants"]
    assert shown["checks"] == []
    rows = exported_rows(db, tmp_path, doubt)
    assert rows["jsonl"]["votants"] == 14 and rows["csv"]["votants"] == "14"
    assert invoke("reextract", "--db", db).exit_code == 0
    again = json.loads(invoke("show", doubt, "--json", "--db", db).stdout)
    assert again["votants"] == 14 and again["corrections"][0]["machine_value"] == 12
    accepted = json.loads(invoke("show", born, "--json", "--db", db).stdout)["corrections"]
    assert [c["field"] for c in accepted] == ["numero"]
    assert invoke("correct", doubt, "votants", "--undo", "--db", db).exit_code == 0
    assert json.loads(invoke("show", doubt, "--json", "--db", db).stdout)["votants"] == 12


def _screenshot_public_table(db: Path, tmp_path: Path, shots: Path) -> None:
    """The public side: `registre serve`'s table opens on date, body, instance, numéro, objet…"""
    with registre_server("serve", "--db", str(db)) as url, \
            Browser(tmp_path / "profile-public", width=1400, height=1000) as browser:
        browser.go(url)
        headers = browser.js("Array.from(document.querySelectorAll('table.registre th')).map(t => t.textContent)")
        assert [h.replace("▼", "").replace("▲", "").strip() for h in headers] == [
            "Date", "Collectivité", "Instance", "N°", "Objet", "Décision", "Votes"]
        browser.screenshot(shots / "public-table.png")
