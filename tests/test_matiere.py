"""ACTES matière classification: objets -> level-2 codes, body fallback, no silent default."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from registre.extract.matiere import DEFAULT_REVIEW_BELOW, RULES, classify, nomenclature, normalise

GOLD = Path(__file__).resolve().parents[1] / "bench" / "matiere_gold.tsv"


@pytest.mark.parametrize(("objet", "code"), [
    # the examples
    ("Attribution d'une subvention à l'association des parents d'élèves", "7.5"),
    ("Budget primitif 2024 – budget principal", "7.1"),
    ("Décision modificative n° 2 au budget 2015", "7.1"),
    ("Attribution du marché de travaux de réfection de la toiture de l'église", "1.1"),
    ("Modification simplifiée n° 4 du PLU", "2.1"),
    ("Révision du plan local d'urbanisme intercommunal", "2.1"),
    ("Tarifs de la cantine scolaire pour l'année 2024-2025", "7.10"),
    ("Motion de soutien aux agriculteurs", "9.4"),
    ("Vœu relatif au maintien du bureau de poste", "9.4"),
    # finances
    ("Compte administratif 2022 : approbation", "7.1"),
    ("Affectation de résultat de fonctionnement", "7.1"),
    ("Ouverture des crédits d'investissement avant le vote du budget primitif", "7.1"),
    ("Vote des taux d'imposition des taxes directes locales pour 2015", "7.2"),
    ("Réalisation d'un emprunt de 24 000 € pour le financement des travaux de l'école", "7.3"),
    ("Demande de subvention DETR pour la rénovation de l'école", "7.5"),
    ("Fonds de concours de la communauté de communes pour la voirie", "7.8"),
    ("Admission en non-valeur d'une créance irrécouvrable", "7.10"),
    # contracts, land, staff, institutions
    ("Rapport annuel du délégataire de la délégation de service public de l'eau", "1.2"),
    ("Lancement d'un concours de maîtrise d'œuvre pour la médiathèque", "1.6"),
    ("Convention de maîtrise d'ouvrage unique avec le département", "1.3"),
    ("Instauration du droit de préemption urbain", "2.3"),
    ("Acquisition de la parcelle cadastrée section BC n° 400", "3.1"),
    ("Cession d'un délaissé de voirie au lieu-dit le Pré Mouillé", "3.2"),
    ("Cession d'un terrain à la commune par M. Durand", "3.1"),  # the commune acquires
    ("Conclusion d'un bail professionnel pour le cabinet médical", "3.3"),
    ("Dénomination des voies du lotissement la Garenne", "3.5"),
    ("Mise à jour du tableau des effectifs", "4.1"),
    ("Création d'un emploi non permanent pour accroissement temporaire d'activité", "4.2"),
    ("Mise en place du RIFSEEP", "4.5"),
    ("Élection du maire", "5.1"),
    ("Désignation du secrétaire de séance", "5.2"),
    ("Approbation du procès-verbal de la séance du 12 mars", "5.2"),
    ("Désignation des délégués au syndicat d'électricité", "5.3"),
    ("Compte rendu des décisions prises par le maire par délégation", "5.4"),
    ("Modification des statuts de la communauté de communes", "5.7"),
    ("Autorisation d'ester en justice et désignation d'un avocat", "5.8"),
    # domains, when the act itself says nothing
    ("Convention pour l'espace numérique de travail des collèges", "8.1"),
    ("Convention territoriale globale avec la CAF", "8.2"),
    ("Remplacement des luminaires de l'éclairage public", "8.3"),
    ("Programme local de l'habitat : logements sociaux", "8.5"),
    ("Rapport annuel sur le prix et la qualité du service d'eau potable", "8.8"),
    ("Rapport SIGEIF 2021", "5.7"),  # a syndicate's annual report
    ("Règlement du cimetière communal", "9.1"),
])  # fmt: skip
def test_objet_gives_its_actes_code(objet, code):
    got, label, confidence = classify(objet)
    assert got == code
    assert label == "/".join(nomenclature()[code])
    assert confidence >= DEFAULT_REVIEW_BELOW


@pytest.mark.parametrize(("objet", "code"), [
    ("Demande de subvention pour l'école", "7.5"),  # what it does before what it is about
    ("Attribution du marché de la cantine scolaire", "1.1"),
    ("Marché nocturne du 14 juillet", "9.1"),  # a market as an event is no contract
    ("Projet de géothermie : assistance à maîtrise d'ouvrage", "1.1"),
    ("Décide de remplacer le matériel de sonorisation des manifestations", "1.1"),  # a purchase, not 3.1
    ("Acquisition d'un véhicule pour les services techniques", "1.1"),
    ("Acquisition de la parcelle AB 12", "3.1"),
])  # fmt: skip
def test_the_act_comes_before_its_domain(objet, code):
    assert classify(objet)[0] == code


def test_details_in_parentheses_yield_to_the_objet_but_an_acronym_counts():
    objet = "Logements sociaux : avis sur le projet (bail à construction, cession, garantie d'emprunt)"
    assert classify(objet)[0] == "8.5"
    assert classify("Débat sur le projet de territoire (PADD)")[0] == "2.1"


def test_body_is_a_flagged_guess_when_the_objet_says_nothing():
    code, _, confidence = classify("Point n° 4", "Le conseil décide d'attribuer une subvention de 500 € "
                                                 "à l'association; cette subvention sera versée en mars.")
    assert code == "7.5"
    assert confidence < DEFAULT_REVIEW_BELOW


def test_session_boilerplate_in_the_body_is_no_evidence():
    body = "Secrétaire de séance : M. DUPONT. Le procès-verbal de la séance précédente est adopté."
    assert classify("Point n° 4", body) == (None, None, 0.0)


def test_nothing_matches_gives_no_code_rather_than_a_default():
    assert classify("Questions orales", "") == (None, None, 0.0)
    assert classify("", "") == (None, None, 0.0)


def test_every_rule_names_a_level2_code_of_the_nomenclature():
    codes = nomenclature()
    assert len(codes) == 57
    for code, pattern in RULES:
        assert code in codes
        re.compile(pattern)


def test_normalise_folds_ligatures_and_dotted_acronyms():
    assert normalise("Vœu sur la Z.A.C. des Prés") == "voeu sur la zac des pres"


def test_bench_annotation_table_is_well_formed():
    with GOLD.open(encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
    assert len(rows) >= 98
    assert {r["corpus"] for r in rows} == {"dev", "real-pdf"}
    assert sum(r["corpus"] == "dev" for r in rows) == 98
    for row in rows:
        assert row["code"] in nomenclature(), row
        assert row["sure"] in ("0", "1")
        assert int(row["index"]) >= 1
    keys = [(r["corpus"], r["doc"], r["index"]) for r in rows]
    assert len(keys) == len(set(keys))
