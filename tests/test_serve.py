"""`registre serve`: Datasette over the archive, read-only, seen through a real headless Chromium."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_FLAGS
from servers import free_port, registre_server
from typer.testing import CliRunner

from registre.cli import app
from registre.model import Deliberation, Document, Page, Record
from registre.serve import QUERIES, ServeOptions, build, metadata, registre_match
from registre.store.archive import Archive

ROWS = [  # objet, date, decision, unanimite, votes
    ("Remplacement des luminaires de l'éclairage public", "2021-05-04", "adoptee", True, None),
    ("Attribution d'une subvention au comité des fêtes", "2022-09-12", "adoptee", False, (9, 3, 1)),
    ("Vente d'un terrain communal au lieu-dit la Garenne", "2022-09-12", "rejetee", False, (4, 9, 0)),
]


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("served")
    path = folder / "cr.pdf"
    path.write_bytes(b"%PDF-1.4 served")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    delibs = []
    for i, (objet, day, decision, unanimous, votes) in enumerate(ROWS, start=1):
        pour, contre, abst = votes or (None, None, None)
        delibs.append(Deliberation(numero=f"{i:02d}", objet=objet, date_seance=day, decision=decision,
                                   unanimite=unanimous, vote_pour=pour, vote_contre=contre, vote_abstention=abst,
                                   matiere_code="7.5", instance="conseil municipal",
                                   text=f"{objet}. Le conseil municipal, après en avoir délibéré…"))
    record = Record(str(path), sha, 1, False, "compte_rendu", "Commune de Bréhat", delibs)
    db = folder / "registre.db"
    with Archive.open(db) as archive:
        archive.add_document(record, Document(path, sha, path.stat().st_size, "pdf", [Page(1, "x")]))
    return db


def test_metadata_has_licence_search_facets_and_queries():
    meta = metadata("registre", title="Délibérations de Bréhat", source="archive registre.db")
    assert meta["title"] == "Délibérations de Bréhat" and meta["license"] and meta["license_url"]
    assert meta["source"] == "archive registre.db"
    table = meta["databases"]["registre"]["tables"]["deliberations"]
    assert table["fts_table"] == "deliberations_fts" and table["fts_pk"] == "id"
    assert table["facets"] == ["collectivite", "instance", "decision", "matiere_code", {"year": "date_seance"}]
    assert {"decisions_by_year", "majority_votes"} <= set(QUERIES)


def test_registre_match_speaks_the_search_language():
    assert "numerique" in registre_match("numérique")
    assert registre_match("") == registre_match("   ")
    with pytest.raises(ValueError, match="only excludes"):
        registre_match("-subvention")


def get(ds, path: str):
    async def fetch():
        await ds.invoke_startup()
        return await ds.client.get(path)

    return asyncio.run(fetch())


def test_datasette_serves_search_year_facet_and_canned_queries(archive_path):
    ds, url = build(archive_path, ServeOptions(port=8123))
    assert url == "http://127.0.0.1:8123/registre/deliberations"
    found = get(ds, "/registre/deliberations.json?_search=eclairage&_shape=array")
    assert [r["objet"] for r in found.json()] == [ROWS[0][0]]
    page = get(ds, "/registre/deliberations.json?_facet_year=date_seance").json()
    years = next(f for f in page["facet_results"].values() if f["type"] == "year")
    assert [(v["value"], v["count"]) for v in years["results"]] == [("2022", 2), ("2021", 1)]
    by_year = get(ds, "/registre/decisions_by_year.json?_shape=array").json()
    assert {"year": "2022", "decision": "rejetee", "deliberations": 1} in by_year
    majority = get(ds, "/registre/majority_votes.json?_shape=array").json()
    assert sorted(r["numero"] for r in majority) == ["02", "03"]
    stemmed = get(ds, "/registre/search.json?q=subventions&_shape=array").json()  # a plural finds the singular
    assert [r["numero"] for r in stemmed] == ["02"]


def test_serve_refuses_a_missing_archive(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 6


def test_serve_refuses_a_busy_port(archive_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        result = CliRunner().invoke(app, ["serve", "--db", str(archive_path), "--port", str(s.getsockname()[1])])
    assert result.exit_code == 4
    assert "choose another port" in result.stderr


@pytest.fixture(scope="module")
def server(archive_path, tmp_path_factory):
    """`registre serve` as a real process on a free port; yields the URL it prints."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "stderr.log"
    with registre_server("serve", "--db", str(archive_path), port=port, log=log) as url:
        assert url == f"http://127.0.0.1:{port}/registre/deliberations", log.read_text()
        yield url


def chromium_dom(url: str, profile: Path) -> str:
    """The page as rendered by a real headless Chromium (its DOM after scripts ran)."""
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(profile)})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_chromium_sees_the_deliberations_and_a_full_text_search(server, tmp_path):
    page = chromium_dom(server, tmp_path / "profile")
    assert "3 rows" in page
    assert all(objet.replace("'", "&#39;") in page or objet in page for objet, *_ in ROWS)
    assert "Licence Ouverte" in page
    found = chromium_dom(f"{server}?_search={urllib.parse.quote('éclairage')}", tmp_path / "profile")
    assert "1 row where search matches" in found
    assert "luminaires" in found and "Garenne" not in found


def test_writing_through_the_server_is_refused(server, archive_path):
    before = hashlib.sha256(archive_path.read_bytes()).hexdigest()
    base = server.rsplit("/", 1)[0]
    post = urllib.request.Request(server, data=json.dumps({"row": {"objet": "x"}}).encode(), method="POST",
                                  headers={"Content-Type": "application/json"})
    insert = f"{base}.json?sql=" + urllib.parse.quote("insert into deliberations (sha256, position) values ('x', 1)")
    for request, status in ((post, 405), (f"{base}/deliberations/-/insert", 404), (insert, 400)):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == status
    rows = json.loads(urllib.request.urlopen(server + ".json?_shape=array", timeout=10).read())
    assert len(rows) == len(ROWS)
    assert hashlib.sha256(archive_path.read_bytes()).hexdigest() == before


def test_the_deliberations_table_reads_like_a_register(archive_path):
    ds, _ = build(archive_path, ServeOptions(port=8124))
    page = get(ds, "/registre/deliberations").text
    table = page[page.index('<table class="rows-and-columns registre">'):]
    heads = [table.index(f'data-column="{c}"') for c in ("date_seance", "collectivite", "instance", "numero", "objet",
                                                          "decision")]
    assert heads == sorted(heads) and "Votes" in table
    assert 'data-column="sha256"' not in table and 'data-column="position"' not in table
    assert "9 pour · 3 contre · 1 abst." in table and "unanimité" in table and "rejetée" in table
    every = get(ds, "/registre/deliberations?_registre=columns").text
    assert 'data-column="sha256"' in every  # Datasette's own table, every column
    assert get(ds, "/registre/deliberations.json?_shape=array").json()[0]["sha256"]  # the API is unchanged


def test_a_deliberation_page_links_its_original_and_shows_its_text(archive_path):
    ds, _ = build(archive_path, ServeOptions(port=8125))
    rows = get(ds, "/registre/deliberations.json?_shape=array&_sort=id").json()
    page = get(ds, f"/registre/deliberations/{rows[0]['id']}").text
    sha = rows[0]["sha256"]
    assert f'href="/-/registre/original/{sha}"' in page
    assert '<div class="registre-text"><p>Remplacement des luminaires' in page
    original = get(ds, f"/-/registre/original/{sha}")
    assert original.status_code == 200 and original.content == b"%PDF-1.4 served"
    assert original.headers["content-type"] == "application/pdf"
    assert get(ds, f"/-/registre/original/{'0' * 64}").status_code == 404


def test_reading_paragraphs_joins_printed_lines_again():
    from registre.serve import reading_paragraphs

    text = ("Le conseil municipal, réuni\nà la mairie, sous la présidence de M. X.\nVu le code,\n"
            "Considérant l'avis,\n\nDate de séance :\n27/07/2012\nARTICLE 1 – Le budget est adopté.")
    assert reading_paragraphs(text) == [
        "Le conseil municipal, réuni à la mairie, sous la présidence de M. X.", "Vu le code,",
        "Considérant l'avis,", "Date de séance : 27/07/2012", "ARTICLE 1 – Le budget est adopté."]
