"""Consistency and plausibility checks: each fires on a crafted record and stays silent on a clean one."""

from __future__ import annotations

import copy

import pytest

from registre.extract.checks import (
    PENALTY,
    SESSION_CODES,
    find_failures,
    objet_doubts,
    run_checks,
    update_checks,
)
from registre.model import Deliberation


def clean(**overrides) -> Deliberation:
    """A deliberation every check accepts."""
    values = dict(
        numero="2019-12", objet="Subvention à l'association Les Amis du patrimoine",
        instance="conseil municipal", date_seance="2019-03-01", date_convocation="2019-02-20",
        date_affichage="2019-03-05", date_transmission="2019-03-06", president="Philippe VARLET",
        membres_en_exercice=15, presents=3, representes=1, votants=4,
        presents_noms=["Philippe VARLET", "Anne DUPONT", "Paul SIMON"], absents_noms=["Jean MARTIN"],
        vote_pour=3, vote_contre=1, vote_abstention=0, unanimite=False, decision="adoptee",
        text="Le conseil municipal, réuni en seconde convocation, le quorum n'ayant pas été atteint…",
        confidence={"votants": 0.8, "presents": 0.8, "representes": 0.8, "objet": 0.8, "date_seance": 0.9,
                    "date_affichage": 0.8, "presents_noms": 0.7, "absents_noms": 0.7, "unanimite": 0.8,
                    "vote_contre": 0.8, "decision": 0.8},
    )  # fmt: skip
    values.update(overrides)
    return Deliberation(**values)


def codes(delib: Deliberation) -> list[str]:
    return [f.code for f in find_failures(delib)]


def test_a_clean_record_passes_every_check():
    assert find_failures(clean()) == []


@pytest.mark.parametrize("overrides, code", [
    ({"votants": 5}, "votants"),
    ({"vote_pour": 4, "vote_contre": 1}, "vote_sum"),
    ({"votants": None, "vote_pour": 4, "vote_contre": 1}, "vote_sum"),  # bound: présents + représentés
    ({"votants": None, "presents": None, "vote_pour": 14, "vote_contre": 2}, "vote_sum"),  # bound: membres
    ({"text": "Le conseil municipal s'est réuni."}, "quorum"),  # 3 présents of 15, no rule lifted
    ({"presents": 16, "votants": 17, "presents_noms": None}, "presents_gt_exercice"),
    ({"date_convocation": "2019-03-02"}, "dates"),
    ({"date_affichage": "2019-02-28"}, "dates"),
    ({"date_transmission": "2019-02-01"}, "dates"),
    ({"date_seance": "2999-01-01", "date_affichage": None, "date_transmission": None}, "dates"),
    ({"absents_noms": ["DUPONT Anne"]}, "present_absent"),
    ({"presents_noms": ["Philippe VARLET", "Anne DUPONT"]}, "presents_names"),
    ({"unanimite": True}, "unanimite_contre"),
    ({"decision": "rejetee"}, "decision_votes"),
    ({"decision": "adoptee", "vote_pour": 1, "vote_contre": 2}, "decision_votes"),
    ({"objet": None}, "objet"),
    ({"objet": "Délibération n°"}, "objet"),
    ({"decision": None}, "decision"),
])  # fmt: skip
def test_check_fires_on_a_crafted_record(overrides, code):
    assert codes(clean(**overrides)) == [code]


@pytest.mark.parametrize("text", [
    "Le quorum n'ayant pas été atteint lors de la première réunion, le conseil est à nouveau convoqué.",
    "Réuni sans condition de quorum (article L2121-17 alinéa 3).",
    "Séance tenue sur deuxième convocation.",
])  # fmt: skip
def test_quorum_is_silent_when_the_text_lifts_the_rule(text):
    assert "quorum" not in codes(clean(text=text))


def test_quorum_of_a_third_applies_when_the_text_says_so():
    text = "Le quorum est fixé au tiers des membres en exercice."
    assert "quorum" not in codes(clean(text=text, presents=5, votants=6, presents_noms=None))
    assert "quorum" in codes(clean(text=text, presents=4, votants=5, presents_noms=None))


def test_quorum_needs_more_than_half():
    d = clean(text="", membres_en_exercice=10, presents=5, votants=6, presents_noms=None)
    assert "quorum" in codes(d)
    d = clean(text="", membres_en_exercice=10, presents=6, votants=7, presents_noms=None)
    assert "quorum" not in codes(d)


def test_present_and_absent_is_silent_when_an_arrival_or_departure_is_noted():
    text = clean().text + " Mme Anne DUPONT quitte la séance avant le vote du point 4."
    assert codes(clean(absents_noms=["Anne DUPONT"], text=text)) == []
    # "département" is no departure
    text = clean().text + " Aide du département."
    assert codes(clean(absents_noms=["Anne DUPONT"], text=text)) == ["present_absent"]


@pytest.mark.parametrize("objet, reason", [
    ("Délibération n", "middle of a phrase"),
    ("Demande de subvention auprès de", "middle of a phrase"),
    ("DEL2019_08_01", "no real words"),
    ("Aide exceptionnelle Majorité pour", "holds the vote"),
    ("SANTE - Maison de Santé Michel AUDRAN", "person's name"),
    ("1 Désignation du secrétaire de séance", "item number"),
    ("Questions diverses", "not deliberated"),
    ("Budget " + "1 234,00 567 89 " * 4, "body or a table"),
])  # fmt: skip
def test_objet_doubts_name_the_reason(objet, reason):
    assert any(reason in doubt for doubt in objet_doubts(objet))


@pytest.mark.parametrize("objet", [
    "Cession d'un terrain à la commune par Madame Christine BLANC",
    "Rapport annuel 2021 du SIGEIF",
    "TAXE D'AMÉNAGEMENT",
    "Vote du budget primitif pour 2020",
    "12 logements sociaux : garantie d'emprunt",
])
def test_objet_doubts_accept_real_objets(objet):
    assert objet_doubts(objet) == []


def test_run_checks_records_code_and_sentence_and_lowers_the_fields_involved():
    d = clean(votants=5)
    run_checks(d)
    assert d.checks == ["votants: votants (5) ≠ présents (3) + représentés (1)"]
    assert d.confidence["votants"] == pytest.approx(0.8 * PENALTY)
    assert d.confidence["presents"] == pytest.approx(0.8 * PENALTY)
    assert d.confidence["objet"] == 0.8  # not involved


def test_update_checks_gives_confidence_back_when_a_correction_resolves_a_check():
    before = clean(votants=5)
    run_checks(before)
    after = copy.deepcopy(before)
    after.votants, after.confidence["votants"] = 4, 1.0
    update_checks(before, after, fixed={"votants"})
    assert after.checks == []
    assert after.confidence == {**clean().confidence, "votants": 1.0}


def test_update_checks_lowers_confidence_when_a_change_breaks_a_check():
    before = clean()
    after = copy.deepcopy(before)
    after.presents, after.confidence["presents"] = 9, 1.0
    update_checks(before, after, fixed={"presents"})
    assert [c.split(":")[0] for c in after.checks] == ["votants", "presents_names"]
    assert after.confidence["presents"] == 1.0  # set by a person
    assert after.confidence["votants"] == pytest.approx(0.8 * PENALTY)
    assert after.confidence["presents_noms"] == pytest.approx(0.7 * PENALTY)


def test_session_codes_are_checks():
    fired = {f.code for o in ({"votants": 5}, {"text": ""}, {"date_convocation": "2020-01-01"},
                              {"absents_noms": ["Anne DUPONT"]}) for f in find_failures(clean(**o))}
    assert fired <= SESSION_CODES
