"""Lists of deliberations: each row an act, its title freed of the other columns."""

from __future__ import annotations

import pytest

from registre.extract.deliberation import extract
from registre.extract.rows import list_row_title, listed_decision
from registre.extract.text import fold


@pytest.mark.parametrize("row, title", [
    # the next row's theme label sticks to a title ending on its full stop
    ("- Affectation du résultat de l'exercice 2021 au budget principal. Finances ",
     "Affectation du résultat de l'exercice 2021 au budget principal."),
    ("- Attribution d'une subvention au club de football. Citoyenneté et vie des quartiers ",
     "Attribution d'une subvention au club de football."),
    # outcome cells and OCR'd borders interleaved with the title
    ("Vote des taux des contributions directes . js à la majorité Approuvé ", "Vote des taux des contributions directes"),
    ("Modification du tableau des effectifs Approuvée à l'unanimité ", "Modification du tableau des effectifs"),
    # the next row's label, a bullet
    (": Adhésion au Cerema e Délibération n°", "Adhésion au Cerema"),
    # the list's closing words after its last row
    (": Vœu de soutien au peuple iranien Les présentes délibérations peuvent faire l'objet d'un recours",
     "Vœu de soutien au peuple iranien"),
])
def test_the_title_of_a_row(row, title):
    assert list_row_title(row, 0, len(row))[0] == title


@pytest.mark.parametrize("heading, title, decision", [
    ("Liste des délibérations approuvées par le Conseil municipal", "Adoption du compte de gestion 2021", "adoptee"),
    ("Liste des délibérations adoptées en séance", "Information du Conseil sur le bilan des cessions", "prend_acte"),
    ("Liste des délibérations approuvées", "Débat sur les orientations du PADD", "prend_acte"),
    ("LISTE DES DELIBERATIONS (article L. 2121-25)", "Adoption du compte de gestion 2021", None),
])
def test_a_list_of_approved_deliberations_says_each_rows_outcome(heading, title, decision):
    assert listed_decision(fold(heading), fold(title)) == decision


def test_a_list_of_deliberations_is_one_act_a_row():
    text = ("Séance du Conseil municipal du mardi 28 juin 2022 Liste des délibérations approuvées par le Conseil "
            "municipal Administration générale DEL_20220630_1- Approbation du compte rendu de la séance du 24 mai "
            "2022. Finances DEL_20220630_2- Approbation du compte de gestion 2021. Finances DEL_20220630_3- "
            "Adoption du budget supplémentaire 2022. Urbanisme DEL_20220630_4- Information du Conseil municipal "
            "sur le bilan des acquisitions et des cessions 2021")
    result = extract([text])
    assert result.doc_type == "other"
    assert [(d.numero, d.decision) for d in result.deliberations] == [
        ("DEL_20220630_1", "adoptee"), ("DEL_20220630_2", "adoptee"), ("DEL_20220630_3", "adoptee"),
        ("DEL_20220630_4", "prend_acte")]
    assert result.deliberations[1].objet == "Approbation du compte de gestion 2021."
    assert all(d.date_seance == "2022-06-28" for d in result.deliberations)
