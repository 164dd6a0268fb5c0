"""Search: French folding and stemming, query language, hostile input, filters, ranking, plans."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from registre.errors import BadInputError
from registre.model import Deliberation, Document, Page, Procuration, Record
from registre.store import plan as search_module
from registre.store.archive import Archive
from registre.store.search import SearchFilters, count, search
from registre.store.stemming import stem_text

# id: (collectivite, instance, date, decision, unanimite, matiere, objet, text, people)
ROWS = {
    1: ("Commune d'Amiens", "conseil municipal", "2019-03-01", "adoptee", True, "7.5",
        "Subvention à l'association sportive", "Le conseil accorde une subvention de 500 euros.",
        ["Philippe VARLET", "Anne DUPONT"]),
    2: ("Commune d'Amiens", "bureau", "2020-06-15", "rejetee", False, "1.1",
        "Marché public de restauration scolaire", "Attribution du marché de la cantine.",
        ["Jean MARTIN"]),
    3: ("Syndicat Somme Numérique", "comité syndical", "2018-11-28", "adoptee", True, "9.1",
        "Déploiement de la fibre optique", "Convention pour le réseau numérique et la fibre optique.",
        ["Philippe VARLET"]),
    4: ("Commune de Rue", "conseil municipal", "2021-01-10", "ajournee", None, "8.3",
        "Rénovation de l'éclairage public", "Les délibérations relatives à l'éclairage sont reportées.",
        ["Marie CURIE"]),
    5: ("Commune de Rue", "conseil municipal", "2019-09-09", "adoptee", False, "7.1",
        "Budget primitif", "La fibre est posée. Vote du budget; optique distincte. Subventionner les clubs.",
        ["Jean PHILIPPE", "Varlet LEGRAND"]),
    6: ("Commune de Rue", "conseil municipal", "2017-02-02", "prend_acte", None, "7.5.1",
        "Rapport annuel", "Le conseil délibère. Les subventions aux écoles sont numériques.",
        []),
}  # fmt: skip


def delib_of(row: tuple) -> Deliberation:
    _, instance, date, decision, unanimous, matiere, objet, text, people = row
    return Deliberation(
        objet=objet, instance=instance, date_seance=date, decision=decision, unanimite=unanimous,
        matiere_code=matiere, matiere_nom=f"matière {matiere}", text=text, numero=f"N{date}",
        presents_noms=people[:1] or None, absents_noms=people[1:2] or None,
        procurations=[Procuration("Paul SIMON", people[0])] if people else None,
    )  # fmt: skip


def add(archive: Archive, folder: Path, key: int, row: tuple) -> None:
    path = folder / f"{key}.txt"
    path.write_text(f"{key} {row[6]}", encoding="utf-8")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    document = Document(path, sha, path.stat().st_size, "txt", [Page(1, row[7])])
    record = Record(str(path), sha, 1, False, "extrait", row[0], [delib_of(row)])
    assert archive.add_document(record, document) == [key]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    with Archive.open(folder / "registre.db") as arch:
        for key, row in ROWS.items():
            add(arch, folder, key, row)
        arch.optimize()
        yield arch


def ids(archive: Archive, query: str, **kwargs) -> list[int]:
    return [hit["id"] for hit in search(archive, query, **kwargs)]


def found(archive: Archive, query: str, **filters) -> set[int]:
    return set(ids(archive, query, filters=SearchFilters(**filters)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("numerique", {3, 6}),  # accents
        ("NUMÉRIQUE", {3, 6}),
        ("délibérations", {4, 6}),  # plural finds "délibère" and the plural itself
        ("délibération", {4, 6}),
        ("subventionner", {1, 5, 6}),  # verb finds the noun
        ("subventions", {1, 5, 6}),
        ("subvention", {1, 5, 6}),
        ("eclairage public", {4}),
        ("l'éclairage", {4}),  # elided article dropped
        ("délibérations sur l'éclairage public", {4}),  # common words dropped
        ('"fibre optique"', {3}),  # phrase: 5 has both words apart
        ("fibre optique", {3, 5}),
        ('"fibres optiques"', {3}),  # phrase through the stems
        ("cantine OR fibre", {2, 3, 5}),
        ("fibre -optique", set()),
        ("fibre -convention", {5}),
        ("fibre NOT convention", {5}),
        ("numér*", {3, 6}),
        ("subvent*", {1, 5, 6}),
        ("varlet", {1, 3, 5}),  # names are searchable
        ("Philippe VARLET", {1, 3, 5}),  # 5 has Jean PHILIPPE and Varlet LEGRAND
        ('"Philippe VARLET"', {1, 3}),  # a phrase does not run from one name into the next
        ("zzzz", set()),
    ],
)
def test_words(archive, query, expected):
    assert found(archive, query) == expected


@pytest.mark.parametrize(
    "query",
    ['"', "(", ")", ":", "'", "*", "NEAR", "AND", "OR", "NOT", "", "  ", "-", "--x", '""',
     "fibre AND", "AND fibre", "OR fibre OR", "NEAR(fibre optique, 3)", "fibre NEAR optique",
     "objet:fibre", "{objet}: fibre", "fibre^", "(fibre OR", "l'", "'fibre'", '"fibre',
     "fibre\" optique", "fib*re", "***", "fibre*:", "- fibre", "+fibre", "^", "\\", "%", "_",
     "a" * 300, "é" * 10, "\x00", "fibre\x00optique", "SELECT * FROM deliberations;--",
     "'); DROP TABLE deliberations; --", "numé*", "nu*", "fibre -", "-fibre -optique"],
)  # fmt: skip
def test_hostile_queries_give_results_or_a_clear_error(archive, query):
    try:
        hits = search(archive, query)
        total = count(archive, query)
    except BadInputError as e:
        assert e.exit_code == 4 and str(e)
    except sqlite3.Error as e:  # pragma: no cover - the point of the test
        pytest.fail(f"{query!r} raised {e!r}")
    else:
        assert isinstance(hits, list) and total >= len(hits)
    assert archive.conn.execute("SELECT count(*) FROM deliberations").fetchone()[0] == 6


@pytest.mark.parametrize(
    ("query", "message"),
    [("nu*", "too short"), ("*", "no word"), ("(", "no word"), ("-fibre", "only excludes")],
)
def test_errors_say_what_to_type(archive, query, message):
    with pytest.raises(BadInputError, match=message):
        search(archive, query)


def test_empty_query_lists_newest_first(archive):
    assert ids(archive, "") == [4, 2, 5, 1, 3, 6]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"year": 2019}, {1, 5}),
        ({"date_from": "2019-06-01"}, {2, 4, 5}),
        ({"date_to": "2018"}, {3, 6}),
        ({"date_from": "2019-01", "date_to": "2019-12"}, {1, 5}),
        ({"collectivite": "Commune de Rue"}, {4, 5, 6}),
        ({"collectivite": "commune de rue"}, {4, 5, 6}),  # case
        ({"collectivite": "amiens"}, {1, 2}),  # part of the name
        ({"collectivite": "Nowhere"}, set()),
        ({"instance": "bureau"}, {2}),
        ({"decision": "adoptee"}, {1, 3, 5}),
        ({"decision": "Adoptée"}, {1, 3, 5}),
        ({"matiere": "7.5"}, {1, 6}),  # and 7.5.x
        ({"matiere": "7"}, {1, 5, 6}),
        ({"matiere": "7.1"}, {5}),  # not 7.10, 7.5…
        ({"matiere": "matière 9"}, {3}),
        ({"person": "varlet"}, {1, 3, 5}),
        ({"person": "Philippe Varlet"}, {1, 3}),  # not "Jean PHILIPPE" + "Varlet LEGRAND"
        ({"person": "Paul Simon"}, {1, 2, 3, 4, 5}),  # proxies count
        ({"person": "Marie"}, {4}),
        ({"unanimite": True}, {1, 3}),
        ({"unanimite": False}, {2, 5}),
        ({"year": 2019, "unanimite": True}, {1}),
        ({"collectivite": "Commune de Rue", "decision": "adoptee", "year": 2019}, {5}),
        ({"person": "varlet", "instance": "comité syndical"}, {3}),
    ],
)
def test_filters_alone_and_combined(archive, filters, expected):
    assert found(archive, "", **filters) == expected
    assert count(archive, "", filters=SearchFilters(**filters)) == len(expected)


@pytest.mark.parametrize(
    ("query", "filters", "expected"),
    [
        ("fibre", {"year": 2019}, {5}),
        ("subvention", {"collectivite": "Commune de Rue"}, {5, 6}),
        ("subvention", {"person": "varlet"}, {1, 5}),
        ("numerique", {"matiere": "9"}, {3}),
        ("conseil", {"decision": "prend_acte"}, {6}),
    ],
)
def test_filters_with_words(archive, query, filters, expected):
    assert found(archive, query, **filters) == expected
    assert count(archive, query, filters=SearchFilters(**filters)) == len(expected)


@pytest.mark.parametrize(
    "filters",
    [{"date_from": "2019-13-01"}, {"date_to": "hier"}, {"year": 19}, {"decision": "maybe"},
     {"person": "--"}, {"collectivite": " "}, {"matiere": ""}],
)  # fmt: skip
def test_bad_filter_values_are_refused(archive, filters):
    with pytest.raises(BadInputError):
        search(archive, "", filters=SearchFilters(**filters))


def test_objet_match_ranks_above_body_match(archive):
    # "fibre": objet and body of 3, body only of 5
    assert ids(archive, "fibre") == [3, 5]
    # "cantine" is only in a body, "restauration" in an objet
    assert ids(archive, "cantine OR rapport") == [6, 2]


def test_exact_word_ranks_above_its_other_forms(tmp_path):
    row = ("C", "bureau", "2020-01-01", None, None, None, "Objet")
    with Archive.open(tmp_path / "r.db") as archive:
        add(archive, tmp_path, 1, (*row, "les subvention", []))
        add(archive, tmp_path, 2, (*row, "les subventions", []))
        assert ids(archive, "subventions") == [2, 1]
        assert ids(archive, "subvention") == [1, 2]


def test_hits_have_fields_snippet_and_score(archive):
    (hit,) = search(archive, "cantine")
    assert set(hit) == {"id", "date_seance", "collectivite", "instance", "numero", "objet",
                        "decision", "unanimite", "matiere_code", "snippet", "score"}  # fmt: skip
    assert hit["id"] == 2 and hit["unanimite"] is False and hit["score"] > 0
    assert "[cantine]" in hit["snippet"]
    (hit,) = search(archive, "délibérations", filters=SearchFilters(year=2021))
    assert "[délibérations]" in hit["snippet"] and "[éclairage]" not in hit["snippet"]
    (hit,) = search(archive, "restauration", marks=("<b>", "</b>"))
    assert "<b>restauration</b>" in hit["snippet"]  # found in the objet only


def test_snippets_mark_every_form_of_the_words(archive):
    (hit,) = search(archive, "subventionner", filters=SearchFilters(year=2017))
    assert "[subventions]" in hit["snippet"]
    (hit,) = search(archive, "numér*", filters=SearchFilters(year=2018))
    assert "[numérique]" in hit["snippet"]


def test_paging_sorting_and_counting(archive):
    everything = ids(archive, "conseil OR subvention OR fibre")
    assert count(archive, "conseil OR subvention OR fibre") == len(everything) == 4
    assert ids(archive, "conseil OR subvention OR fibre", limit=2, offset=1) == everything[1:3]
    assert ids(archive, "conseil OR subvention OR fibre", sort="date") == [5, 1, 3, 6]
    assert search(archive, "", sort="date", limit=1)[0]["score"] is None


@pytest.mark.parametrize(("kwargs"), [{"limit": 0}, {"limit": 5000}, {"offset": -1}, {"sort": "x"}])
def test_bad_paging_is_refused(archive, kwargs):
    with pytest.raises(BadInputError):
        search(archive, "fibre", **kwargs)


@pytest.mark.parametrize("rank_cap", [1, 3, 10_000])
@pytest.mark.parametrize(("probe", "filter_cap"), [(0, 50_000), (1e9, 50_000), (1e9, 2), (0, 0)])
@pytest.mark.parametrize(
    ("query", "filters"),
    [("subvention", {}), ("conseil OR fibre", {"collectivite": "Commune de Rue"}),
     ("fibre", {"year": 2019}), ("subvention", {"person": "varlet"}), ("numer*", {"matiere": "9"})],
)  # fmt: skip
def test_every_plan_finds_the_same_deliberations(
    archive, monkeypatch, rank_cap, probe, filter_cap, query, filters
):
    expected = found(archive, query, **filters)
    monkeypatch.setattr(search_module, "RANK_CAP", rank_cap)
    monkeypatch.setattr(search_module, "PHRASE_CAP", rank_cap)
    monkeypatch.setattr(search_module, "FILTER_CAP", filter_cap)
    monkeypatch.setattr(search_module, "PROBE_COST", probe)
    f = SearchFilters(**filters)
    assert set(ids(archive, query, filters=f)) == expected
    by_date = ids(archive, query, filters=f, sort="date")
    assert set(by_date) == expected
    dates = [archive.get_deliberation(i)["date_seance"] for i in by_date]
    assert dates == sorted(dates, reverse=True)
    assert count(archive, query, filters=f) == len(expected)


def test_common_words_put_objet_matches_first(archive, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_CAP", 1)
    hits = search(archive, "fibre")
    assert [h["id"] for h in hits] == [3, 5] and [h["score"] for h in hits] == [2.0, 0.0]
    hits = search(archive, "subvention")  # objet as typed, then newest first
    assert [h["id"] for h in hits] == [1, 5, 6]
    monkeypatch.setattr(search_module, "CANDIDATES", 1)
    assert ids(archive, "subvention", offset=2, limit=1) == [6]  # paging goes past the cap


def test_stemmed_shadow_folds_accents_before_stemming():
    assert stem_text("Électricité") == stem_text("electricite")
    assert stem_text("délibérations délibération délibéré") == "delib delib delib"
    assert stem_text("subventionner subventions") == "subvent subvent"


def test_prefixes_expand_to_the_indexed_words(archive, monkeypatch):
    assert found(archive, "subvent*") == {1, 5, 6}
    assert found(archive, "zzzzz*") == set()
    assert found(archive, "fibre -conven*") == {5}
    monkeypatch.setattr(search_module, "MAX_EXPANSION", 1)
    with pytest.raises(BadInputError, match="give more letters"):
        search(archive, "subvent*")


def test_prefixes_work_without_the_vocabulary(tmp_path):
    with Archive.open(tmp_path / "r.db") as archive:
        add(archive, tmp_path, 1, ROWS[3])
        archive.conn.execute("DROP TABLE search_terms")  # an archive from before it existed
        assert ids(archive, "numér*") == [1]
        assert ids(archive, "numér*", sort="date") == [1]
