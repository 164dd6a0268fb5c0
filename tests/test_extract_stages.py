"""The extraction stages: every need is filled upstream; a failing stage is named."""

from __future__ import annotations

import dataclasses

import pytest

from registre.errors import ExtractionError
from registre.extract import deliberation
from registre.extract.deliberation import STAGES, ExtractionState, extract


def test_every_need_is_filled_by_an_earlier_stage():
    filled = {"pages", "page_confidence"}
    for stage in STAGES:
        missing = set(stage.needs) - filled
        assert not missing, f"{stage.name} needs {missing} before anything fills it"
        filled |= set(stage.fills)
    state_fields = {f.name for f in dataclasses.fields(ExtractionState)}
    assert filled <= state_fields


def test_a_failing_stage_is_named(monkeypatch):
    def broken(state):
        raise ValueError("boom")

    stages = [dataclasses.replace(s, run=broken) if s.name == "read_dates" else s for s in STAGES]
    monkeypatch.setattr(deliberation, "STAGES", stages)
    with pytest.raises(ExtractionError, match="read_dates"):
        extract(["Séance du 3 mars 2020"])


def test_a_non_deliberation_yields_no_deliberation():
    text = ("ARRÊTÉ MUNICIPAL N° 2023-45 portant réglementation du stationnement. Le Maire de la "
            "commune de Villeneuve, Vu le code général des collectivités territoriales, ARRÊTE : "
            "Article 1 : le stationnement est interdit.")
    result = extract([text])
    assert result.doc_type == "other" and result.deliberations == []


def test_provenance_points_at_the_value():
    text = "Séance du 16 février 2023. Le conseil municipal, à l'unanimité, adopte. En exercice : 19"
    d = extract([text]).deliberations[0]
    spans = {p.field: (p.start, p.end) for p in d.provenance}
    start, end = spans["membres_en_exercice"]
    assert text[start:end] == "19"
    start, end = spans["date_seance"]
    assert text[start:end] == "16 février 2023"


SYNDICATE_MINUTES_HEAD = (  # a procès-verbal cut before its first decision: header, agenda, roll call
    "COMITÉ SYNDICAL DU 23 MARS 2023 Procès-verbal du comité syndical du 13 décembre 2022 Le Comité "
    "syndical, dont les membres ont été légalement convoqués le 7 décembre 2022, s’est réuni le 13 décembre "
    "2022 à 10 heures 30. L'ordre du jour était le suivant : Affaire n° 1 Affaire n° 2 Affaire n° 3 "
    "Affaire n° 4 Approbation du procès-verbal du comité du 13 octobre 2022. Budget primitif de l'exercice "
    "2023. Affaire de personnel. Réseau câblé : Rapport d'activité pour l'année 2021. Questions diverses. "
    "Etaient présents : M. FRANCESCHI (Alfortville), Mme LEMMET (Antony), M. SITBON (Asnières-sur-Seine). "
    "Ont donné pouvoir : M. SAC (Athis-Mons) à M. BESNARD (Cachan).")


def test_an_agenda_column_of_numbers_opens_no_item_and_cut_minutes_yield_none():
    result = extract([SYNDICATE_MINUTES_HEAD])
    assert result.doc_type == "proces_verbal" and result.deliberations == []  # minutes, cut before an item


def test_an_extrait_cut_before_its_decision_is_still_one_deliberation():
    text = ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL Séance du 7 décembre 2022 "
            "Délibération n° 2 TRANSITION ÉCOLOGIQUE — PLAN D'ÉCONOMIE DES RESSOURCES EN ÉNERGIE "
            "Présents : Anthony DESCLOZIERS, Catherine CORBES. Le Maire expose que la hausse des prix")
    (only,) = extract([text]).deliberations
    assert only.date_seance == "2022-12-07"


def test_an_annex_after_the_deliberation_opens_no_item():
    text = ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL SÉANCE DU 17 FÉVRIER 2023 "
            "OBJET : Cession d’un bien communal sis 46 rue du Général Decaen N°2023/020 Présents : M. Xavier "
            "HAQUIN, Maire, M. BLANCHARD. Après en avoir délibéré, LE CONSEIL MUNICIPAL DECIDE la cession du bien. "
            "Xavier HAQUIN DIRECTION DÉPARTEMENTALE DES FINANCES PUBLIQUES AVIS DU DOMAINE 1- Service "
            "consultant : Direction de l'Urbanisme 3- Propriétaire : la commune 4- Objet : Avis sur la valeur "
            "vénale d'un bien immobilier en vue d'une cession")
    (only,) = extract([text]).deliberations
    assert only.numero == "2023/020" and only.decision == "adoptee"
    assert only.objet == "Cession d’un bien communal sis 46 rue du Général Decaen"  # its number ends it


def test_a_sidebar_repeated_on_every_page_gives_its_figures_where_the_first_page_lost_them():
    side = ("REPUBLIQUE FRANCAISE\nDEPARTEMENT du GARD\nNombre de membres\nen exercice : 11\n"
            "qui ont pris part à la\ndélibération : {v}\n")
    pages = [side.format(v="") + "COMPTE RENDU du CONSEIL MUNICIPAL de la commune de Vabres\nSéance du 11 mars "
             "2021\nPrésents : Anne ROUX, Paul VERT\n\n1. Budget primitif\nLe conseil approuve à l'unanimité le budget.\n",
             side.format(v="11") + "2. Tarifs de la cantine\nLe conseil approuve à l'unanimité les tarifs.\n",
             side.format(v="11") + "3. Convention de secours\nLe conseil approuve à l'unanimité la convention.\n"]
    result = extract(pages)
    assert [(d.numero, d.votants) for d in result.deliberations] == [("1", 11), ("2", 11), ("3", 11)]


def test_each_act_of_a_file_has_its_own_lists_of_names():
    # the session's lists are read once per document; a correction of one act must touch no other
    text = ("CONSEIL MUNICIPAL DE VILLENEUVE\nSéance du 3 mars 2020\n"
            "Présents : Jean DUPONT, Marie MARTIN, Paul DURAND\nAbsents : Luc PETIT\n"
            "Pouvoirs : Luc PETIT à Jean DUPONT\nSecrétaire de séance : Marie MARTIN\n"
            "1. Budget primitif 2020\nLe conseil municipal, après en avoir délibéré, APPROUVE le budget. "
            "Adopté à l'unanimité.\n"
            "2. Tarifs de la cantine\nLe conseil municipal, après en avoir délibéré, FIXE les tarifs. "
            "Adopté à l'unanimité.\n")
    first, second = extract([text]).deliberations
    assert first.presents_noms == second.presents_noms == ["Jean DUPONT", "Marie MARTIN", "Paul DURAND"]
    assert first.procurations == second.procurations and first.procurations
    first.presents_noms.append("Anne ROUX")
    first.procurations[0].mandataire = "Anne ROUX"
    first.absents_noms.clear()
    assert second.presents_noms == ["Jean DUPONT", "Marie MARTIN", "Paul DURAND"]
    assert second.procurations[0].mandataire == "Jean DUPONT" and second.absents_noms == ["Luc PETIT"]
