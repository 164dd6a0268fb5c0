"""The session's heading fields: instance, doc_type, lieu — on real-shaped strings."""

from __future__ import annotations

import pytest

from registre.extract.session_header import find_doc_type, find_instance, find_lieu
from registre.extract.text import fold


@pytest.mark.parametrize("text, lieu", [
    ("L'an deux mille vingt-trois, le lundi 13 février, à dix-neuf heures trente minutes, s'est réuni le conseil "
     "municipal, dans la salle du conseil, sous la présidence de Mme Anne ROUX", "salle du conseil"),
    ("le Conseil municipal s'est réuni, au lieu ordinaire de ses séances à la Mairie, sur la convocation de M. le Maire",
     "Mairie"),
    ("le Conseil municipal s'est réuni en session ordinaire à huis clos à la Mairie, sous la présidence de M. Luc ROUX",
     "Mairie"),
    ("Le Conseil municipal s'est réuni dans la salle polyvalente de Vernoux à\n20 h 00, sous la présidence de M. Luc ROUX",
     "salle polyvalente de Vernoux"),
    ("Le Conseil communautaire se réunit à la salle des fêtes de Brévaux, sous la présidence de M. Luc ROUX",
     "salle des fêtes de Brévaux"),
    ("La réunion se tient au centre culturel Jean Moulin, 3 rue de la Paix. Présents : M. Luc ROUX",
     "centre culturel Jean Moulin, 3 rue de la Paix"),
    ("La séance se tient en présentiel à la Maison des associations et en visioconférence. Présents : M. Luc ROUX",
     "Maison des associations"),
    ("Le comité syndical, réuni en présentiel à l'Espace Monnet, sous la présidence de Mme Anne ROUX",
     "Espace Monnet"),
    ("Le jeudi 23 janvier 2025 : convocation du Conseil municipal pour le lundi 27 janvier 2025 à 19h00 au Centre des "
     "Animations de Vernoux.", "Centre des Animations de Vernoux"),
])
def test_lieu_after_other_meeting_phrases(text, lieu):
    found = find_lieu(text, fold(text))
    assert (found[0] if found else None) == lieu


@pytest.mark.parametrize("text, instance", [
    ("Établissement public territorial Séance ordinaire du conseil territorial du 25 février 2020", "conseil territorial"),
    ("EPT Paris Ouest Le Conseil de territoire, régulièrement convoqué, s'est réuni", "conseil territorial"),
    ("BUREAU du lundi 6 janvier 2020 Salle des fêtes COMPTE RENDU Sous la présidence de M. Luc ROUX, Président de la "
     "Communauté d'agglomération", "Bureau"),
    ("Réunion du Bureau du 12 mars 2021 Présents : M. Luc ROUX, Président du conseil communautaire", "Bureau"),
    ("CONSEIL RÉGIONAL D'OCCITANIE DÉLIBÉRATION N°CP/2023-04 La commission permanente du conseil régional "
     "d'Occitanie, VU le code général des collectivités territoriales", "commission permanente"),
    ("CONSEIL DÉPARTEMENTAL DE LA GIRONDE COMMISSION PERMANENTE DU 12 MARS 2023 Sous la présidence de M. Luc ROUX",
     "commission permanente"),
    # the council decides, citing the delegation it gave
    ("CONSEIL DÉPARTEMENTAL DE LA GIRONDE Le Conseil départemental, VU la délibération donnant délégation à la "
     "commission permanente, DÉCIDE", "conseil départemental"),
])
def test_instance_of_a_territory_a_bureau_a_commission_permanente(text, instance):
    assert find_instance(fold(text))[0] == instance


@pytest.mark.parametrize("text, decides, kind", [
    ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS PROCÈS-VERBAL DU CONSEIL MUNICIPAL DU 12 DÉCEMBRE 2022 L'an deux mille",
     True, "proces_verbal"),
    ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS – PROCÈS-VERBAL DE LA SÉANCE DU 3 MARS 2021", True, "proces_verbal"),
    ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL Séance du 3 mars 2021 — Approbation du "
     "procès-verbal de la séance du 2 février", True, "extrait"),
    ("Service Urbanisme EXTRAIT D'ARRÊTÉ DE DÉLIVRANCE DE PERMIS DE CONSTRUIRE … PROCÈS-VERBAL d'affichage", False,
     "other"),
    ("Direction de la voirie ARRÊTÉ DU MAIRE portant réglementation du stationnement, vu le procès-verbal", True,
     "other"),
    ("COMPTE RENDU Réunion du comité de quartier des Tilleuls Mardi 10 janvier 2023 Étaient présents : M. Luc ROUX",
     False, "other"),
    ("PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL MUNICIPAL DU 3 MARS 2023 Présents : M. Luc ROUX", False, "proces_verbal"),
    ("Séance du 16 mars 2023 Présents : M. Luc ROUX … " + "Mme Anne DUPONT, M. Paul MARTIN, " * 50
     + "1. Approbation du procès-verbal de la séance du 9 février 2023", True, "proces_verbal"),
    ("Dossier d'enquête publique Conseil communautaire du 16 mars 2017 SOMMAIRE 1. Compte-rendu des décisions prises en application de l'article L.5211-10",
     False, "other"),  # a report inside the annexed minutes, not the document's title
    ("COMPTE RENDU DES DÉCISIONS DU CONSEIL MUNICIPAL DU 3 MARS 2023 1. Tarifs adoptés", True, "compte_rendu"),
])
def test_doc_type_of_what_the_document_is(text, decides, kind):
    assert find_doc_type(fold(text), 3, decides) == kind


@pytest.mark.parametrize("text", [
    "La commission des bâtiments qui s'est réunie le 9 septembre 2015 à 16h30 a établi l'agenda des travaux.",
    "Le bureau, qui avait été saisi, s'est réuni le 3 mars 2023 a examiné les offres.",
])
def test_no_place_from_another_body_or_the_verb_avoir(text):
    assert find_lieu(text, fold(text)) is None


@pytest.mark.parametrize("text, lieu", [
    ("Le Conseil municipal s'est réuni exceptionnellement à la salle polyvalente, compte tenu des travaux de la mairie.",
     "salle polyvalente"),
    ("Le Conseil municipal s'est réuni à la salle des sports, en raison de la crise sanitaire, sous la présidence",
     "salle des sports"),
    ("Le Conseil municipal s'est réuni en visioconférence sous la présidence de M. Luc ROUX", None),
])
def test_lieu_ends_at_its_reason_and_a_video_meeting_has_none(text, lieu):
    found = find_lieu(text, fold(text))
    assert (found[0] if found else None) == lieu


@pytest.mark.parametrize("text, expected", [
    # the earliest named wins, wherever it stands in the list of kinds
    ("Le conseil municipal a été convoqué. Le bureau communautaire", ("conseil municipal", 3, 20)),
    ("Le bureau communautaire puis le conseil municipal", ("bureau communautaire", 3, 23)),
    # two kinds named at one place: the first listed, the fuller one
    ("La commission permanente du conseil départemental, réunie", ("commission permanente du conseil départemental", 3, 49)),
    ("Conseil municipal du 3 mars", ("conseil municipal", 0, 17)),
    ("Aucune assemblée ici", None),
])
def test_the_earliest_kind_named_is_the_instance(text, expected):
    assert find_instance(fold(text)) == expected


def test_a_kind_named_past_the_letterhead_reach_is_not_read():
    assert find_instance(fold("x" * 4000 + " conseil municipal")) is None
    assert find_instance(fold("x" * 3970 + " conseil municipal"))[0] == "conseil municipal"
