"""Attendance rules on invented, real-shaped strings: who was present, absent, represented, counted."""

from __future__ import annotations

import pytest

from registre.extract.attendance import read_attendance
from registre.extract.deliberation import extract
from registre.extract.names import parse_names

VOTE = " Le conseil adopte à l'unanimité."


def _delib(text: str):
    (delib,) = extract([text + VOTE]).deliberations
    return delib


@pytest.mark.parametrize("text, absent", [
    # listed present and giving a proxy in the same header: absent too (one person can be both)
    ("Présents : Anne ROUX, Marc NOIR, Paul BLANC. Procurations : Marc NOIR à Anne ROUX.", "Marc NOIR"),
    ("Sont présents : Madame ROUX, Monsieur NOIR, Monsieur BLANC. Pouvoirs : Monsieur Luc NOIR à Madame Léa ROUX.",
     "Luc NOIR"),
    ("Présents : Léa ROUX, Hugo VERT (arrivé au point 4), Paul BLANC. Pouvoirs : Hugo VERT à Léa ROUX.", "Hugo VERT"),
])
def test_a_member_listed_present_who_gave_a_proxy_is_absent_too(text, absent):
    assert absent in _delib("Séance du 3 mars 2023. " + text).absents_noms


@pytest.mark.parametrize("text, absents", [
    # a proxy given from a point on by a member present before it: not absent for the session
    ("Présents : Léa ROUX, Hugo VERT (jusqu'au point 2), Paul BLANC. Absents excusés : Jean GRIS à Paul BLANC, "
     "Hugo VERT à Léa ROUX (à partir du point 3).", ["Jean GRIS"]),
    ("Présents : Léa ROUX, Hugo VERT, Paul BLANC. Excusés : Jean GRIS à Paul BLANC, Marie BRUN à Léa ROUX, "
     "Hugo VERT à Paul BLANC (à partir de 21h10).", ["Jean GRIS", "Marie BRUN"]),
])
def test_a_note_in_parentheses_belongs_to_its_own_entry(text, absents):
    assert _delib("Séance du 3 mars 2023. " + text).absents_noms == absents


@pytest.mark.parametrize("president, listed", [
    ("Philippe RIO", "P. RIO"),
    ("ISABELLE GUIRAUD", "GUIRAUD I."),
    ("Jean-Marc DUPONT", "J-M. DUPONT"),
])
def test_a_president_listed_by_initial_is_not_listed_twice(president, listed):
    text = (f"Séance du 3 mars 2023, sous la présidence de Monsieur {president}, Maire. "
            f"Présents : {listed}, A. VERT, L. ROUX.")
    presents = _delib(text).presents_noms
    assert len(presents) == 3 and presents[0].rstrip(".") == listed.rstrip(".")


@pytest.mark.parametrize("president", ["Paul RIO", "Pierre ROUX"])
def test_a_president_not_listed_is_added_to_the_presents(president):
    text = f"Séance du 3 mars 2023, sous la présidence de Monsieur {president}, Maire. Présents : J. ROUX, A. VERT."
    assert _delib(text).presents_noms[0] == president


@pytest.mark.parametrize("text, absents, partly", [
    ("Absents : Jean GRIS à Paul BLANC, Hugo VERT à Léa ROUX (à partir du point 3).", ["Jean GRIS"], ["Hugo VERT"]),
    ("Excusés : Jean GRIS à Paul BLANC, Marie BRUN à Léa ROUX, Hugo VERT à Paul BLANC (jusqu'à 20h15).",
     ["Jean GRIS", "Marie BRUN"], ["Hugo VERT"]),
    ("Absents excusés : Marie BRUN à Léa ROUX (arrivée au point 2), Jean GRIS à Paul BLANC.",
     ["Jean GRIS"], ["Marie BRUN"]),
])
def test_read_attendance_keeps_partial_proxies_apart(text, absents, partly):
    att = read_attendance(text)
    assert [n.text for n in att.absents] == absents
    assert [n.text for n in att.partly] == partly


@pytest.mark.parametrize("segment, names", [
    ("Maxence de RUGY, Pascal LOIZEAU", ["Maxence de RUGY", "Pascal LOIZEAU"]),
    ("Mesdames Constance de PÉLICHY, Katia BAILLY", ["Constance de PÉLICHY", "Katia BAILLY"]),
    ("Paul de Lambert et Anne d’Orval", ["Paul de Lambert", "Anne d’Orval"]),
    ("Jean de la FONTAINE et Paul ROUX", ["Jean de la FONTAINE", "Paul ROUX"]),
    ("M. DUPONT de Chinon, Mme Anne VERT", ["DUPONT", "Anne VERT"]),  # after a SURNAME, "de" names a place
])
def test_a_lowercase_particle_between_first_name_and_surname_is_kept(segment, names):
    assert [n.text for n in parse_names(segment)] == names


@pytest.mark.parametrize("segment, names", [
    ("Paul de LAMBERT Odile MAITRE", ["Paul de LAMBERT", "Odile MAITRE"]),
    ("Odile MAITRE, Jean MAIRE et Anne ROUX", ["Odile MAITRE", "Jean MAIRE", "Anne ROUX"]),
    ("Mme Claire PREMIER, M. Luc ADJOINT", ["Claire PREMIER", "Luc ADJOINT"]),
    ("Jean DUPONT, Maire, M. Duprey ÉTAIENT ABSENTS", ["Jean DUPONT", "Duprey"]),  # a list word is no surname
])
def test_a_title_written_as_a_surname_after_a_first_name_is_kept(segment, names):
    assert [n.text for n in parse_names(segment)] == names
