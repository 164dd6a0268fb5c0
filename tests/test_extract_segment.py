"""Segmentation: the marker families that split minutes into deliberations."""

from __future__ import annotations

import pytest

from registre.extract.deliberation import extract
from registre.extract.items import SIDEBAR_LINE
from registre.extract.points import INLINE_POINT

HEADER = ("COMPTE RENDU DE LA SÉANCE DU CONSEIL MUNICIPAL DU 12 MARS 2021\n"
          "L'an deux mille vingt et un, le douze mars à vingt heures, le Conseil municipal s'est réuni.\n"
          "Présents : Anne MOREL, Paul DURAND, Luc PETIT. Secrétaire de séance : Luc PETIT.\n")


def numeros(text: str) -> list[str | None]:
    return [d.numero for d in extract([text]).deliberations]


def test_a_councillor_named_in_capitals_before_each_number_opens_no_item():
    text = ("PROCÈS-VERBAL DE LA SÉANCE DU COMITÉ SYNDICAL DU 3 MARS 2003\n"
            "M. FLALARD Maxence a été désigné secrétaire de séance.\n")
    for n, title in enumerate(["Attribution du marché de voirie", "Vote des taux d'imposition",
                               "Décision modificative n° 2", "Motion pour le bureau de poste"], start=1):
        text += (f"Délibération n° 2003-03-0{n} : {title}\nRapporteur : NAUBRAS Pacôme\n"
                 "Le dossier est présenté en détail.\nM. NAUBRAS Pacôme demande si d'autres solutions ont été "
                 "étudiées.\nAprès en avoir délibéré, le Comité syndical approuve, à l'unanimité, la proposition.\n")
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["2003-03-01", "2003-03-02", "2003-03-03", "2003-03-04"]
    assert result[0].objet == "Attribution du marché de voirie"


def test_deliberation_numbers_split_minutes_and_the_previous_sessions_are_ignored():
    text = HEADER + (
        "Approbation du procès-verbal : les délibérations DEL2020_08_01 et DEL2020_08_02 sont rappelées.\n"
        "N° DEL2021_03_01 Tarifs de la cantine. Adopté à l'unanimité.\n"
        "N° DEL2021_03_02 Vente d'un terrain communal. Adopté à l'unanimité.\n"
        "N° DEL2021_03_03 Subvention au club de football. Adopté à la majorité.\n")
    assert numeros(text) == ["DEL2021_03_01", "DEL2021_03_02", "DEL2021_03_03"]


def test_enumerated_points_and_the_unnumbered_approval_of_minutes():
    text = HEADER + (
        "Approbation du procès-verbal de la séance précédente\nAdopté à l'unanimité.\n"
        "1 – Tarifs de la cantine\nLe conseil adopte à l'unanimité.\n"
        "2 – Vente d'un terrain communal\nLe conseil adopte à l'unanimité.\n"
        "3 – Débat d'orientation budgétaire\nLe conseil prend acte de la tenue du débat.\n")
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["1", "2", "3"]
    assert [d.decision for d in result] == ["adoptee", "adoptee", "prend_acte"]
    assert all(d.date_seance == "2021-03-12" and d.secretaire == "Luc PETIT" for d in result)


def test_vote_counts_between_points_are_not_points():
    text = HEADER + (
        "1 – Recrutement d'un agent contractuel\nLa période estivale entraîne un surcroît d'activité.\n"
        "Vote : Pour : 5 – Contre : 1 – Abstention : /. Adopté.\n"
        "2 – Modification des statuts\nLe projet de statuts transfère la compétence mobilité. Note : 5 – voir "
        "l'annexe jointe.\nVote : Pour : 7 – Contre : / – Abstention : /. Adopté.\n"
        "3 – Motion pour le maintien du bureau de poste\nLa motion est présentée.\nPoint reporté.\n"
        "4 – Tarifs de la cantine\nLes tarifs sont revus.\nVote : Pour : 7 – Contre : / – Abstention : /. Adopté.\n")
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["1", "2", "3", "4"]  # "Note : 5 –" is a stray number
    assert [(d.vote_pour, d.vote_contre, d.decision) for d in result] == [(5, 1, "adoptee"), (7, 0, "adoptee"),
                                                                        (None, None, "ajournee"), (7, 0, "adoptee")]


def test_an_agenda_is_skipped_for_the_items_themselves():
    text = HEADER + (
        "Ordre du jour :\n1. Tarifs de la cantine\n2. Vente d'un terrain\n3. Questions diverses\n"
        "1. Tarifs de la cantine\nLe Maire présente les nouveaux tarifs, qui augmentent de deux pour cent "
        "pour tenir compte du coût des denrées. Après en avoir délibéré, le conseil adopte à l'unanimité.\n"
        "2. Vente d'un terrain\nLe Maire expose la proposition d'achat reçue pour la parcelle du bourg. "
        "Après en avoir délibéré, le conseil adopte par 10 voix pour et 2 voix contre.\n"
        "3. Questions diverses\nAucune question n'est posée, la séance est levée à 22 heures.\n")
    result = extract([text]).deliberations
    assert result[1].vote_pour == 10 and result[1].vote_contre == 2 and result[1].unanimite is False


def test_an_agenda_with_points_added_at_the_session_is_skipped_too():
    body = "Le conseil en débat longuement, chacun donnant son avis sur les modalités proposées. " * 6
    text = HEADER + (
        "Ordre du jour\n1. Plan communal de sauvegarde\n2. Taxe d'aménagement\n3. Motion sur les finances\n"
        "Préambule : accord du conseil pour ajouter le point suivant :\n4. Vente des anciennes tables\n"
        "1. Plan communal de sauvegarde\n" + body + "\n0 contre, 0 abstention, 11 pour\n"
        "2. Taxe d'aménagement\n" + body + "\n0 contre, 0 abstention, 11 pour\n"
        "3. Motion sur les finances\n" + body + "\n6 voix Contre, 0 Abstention, 5 pour\n"
        "4. Vente des anciennes tables\n" + body + "\n0 contre, 0 abstention, 11 pour\n"
        "5. Questions diverses\nAucune question n'est posée. La séance est levée à 22 heures.\n")
    result = extract([text]).deliberations
    assert [d.numero for d in result][:4] == ["1", "2", "3", "4"]
    assert [(d.vote_pour, d.decision) for d in result][:4] == [(11, "adoptee"), (11, "adoptee"), (5, "rejetee"),
                                                          (11, "adoptee")]


def test_minutes_cut_at_their_vote_lines():
    text = HEADER + (
        "Ordre du jour\n- Tarifs de la cantine\n- Convention de déneigement\n- Adhésion au syndicat\n\n"
        "Tarifs de la cantine\nLe Maire présente les tarifs.\nVote : à l'unanimité\n"
        "Convention de déneigement\nLa convention est renouvelée pour trois ans.\nVote : à l'unanimité\n"
        "Adhésion au syndicat\nLe syndicat propose une adhésion.\nVote :\n- Pour : 9\n- Contre : 2\n")
    result = extract([text]).deliberations
    assert [d.objet for d in result] == ["Tarifs de la cantine", "Convention de déneigement", "Adhésion au syndicat"]
    assert result[2].vote_pour == 9 and result[2].vote_contre == 2


def test_numbered_minutes_quoting_a_point_and_voting_in_dashed_lines():
    block = "Le Maire présente le dossier en détail aux conseillers présents.\nVote :\n− Pour : 18\n− Abstention : 1, Mme X\n"
    text = HEADER + (
        "1. Plan Local d'Urbanisme − Droit de préemption urbain\n" + block +
        "2. Plan Local d'Urbanisme − Nature des travaux\nComme vu au point 3 de la séance précédente.\n" + block +
        "3. Restauration scolaire − Tarification\nLes tarifs sont revus, voir le point 3 du rapport.\n" + block)
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["1", "2", "3"]
    assert [d.objet for d in result] == ["Plan Local d'Urbanisme − Droit de préemption urbain",
                                         "Plan Local d'Urbanisme − Nature des travaux",
                                         "Restauration scolaire − Tarification"]
    assert all(d.vote_pour == 18 and d.vote_abstention == 1 for d in result)


def test_opening_the_session_is_no_deliberation_and_an_ocrd_vote_line_still_ends_an_item():
    text = HEADER + (
        "Ordre du jour\n- Tarifs de la cantine\n- Convention de déneigement\n- Décision modificative\n\n"
        "Ouverture de la séance\nLe quorum est atteint, le Maire déclare la séance ouverte.\n"
        "Nomination du secrétaire\nLe Maire propose la candidature de Luc PETIT.\nVote : à l'unanimité\n"
        "Tarifs de la cantine\nLe Maire présente les tarifs.\nVote : à l'unanimité\n"
        "Convention de déneigement\nLa convention est renouvelée pour trois ans.\nVore : Unanimité\n"
        "Décision modificative n° 1\nManque de crédits pour régler des factures.\nVote : 3 ABSTENTIONS / 7 POUR\n")
    result = extract([text]).deliberations
    assert [d.objet for d in result] == ["Tarifs de la cantine", "Convention de déneigement",
                                         "Décision modificative n° 1"]


def test_a_single_extrait_is_one_deliberation():
    text = ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS\nSéance du 4 mai 2022\nObjet : Tarifs de la cantine\n"
            "Le conseil municipal, après en avoir délibéré, adopte à l'unanimité.\n"
            "ARTICLE 1 – Les tarifs sont fixés.\nARTICLE 2 – Le Maire est chargé de l'exécution.\n")
    (delib,) = extract([text]).deliberations
    assert delib.objet == "Tarifs de la cantine" and delib.nb_articles == 2 and delib.date_seance == "2022-05-04"


def test_scanned_minutes_skip_the_sidebar_repeated_above_each_item():
    """OCR keeps paragraphs apart; the sidebar of each page lands before the next item's title."""
    sidebar = ("REPUBLIQUE FRANCAISE\n\nNombre de membres\n\nen exercice : 11\n\nDate de la convocation :\n\n"
               "5 mars 2021\n\nObjet :\n\nCompte rendu\nconseil municipal du\n11 mars 2021\n\n")
    text = HEADER + (
        "Ordre du jour\n- Tarifs de la cantine\n- Convention de déneigement\n- Zones d'accélération des énergies\n\n"
        "Tarifs de la cantine\n\nLe Maire présente les tarifs, qui augmentent de deux pour cent.\n\n"
        "Vote : à l'unanimité\n\n" + sidebar +
        "Convention de déneigement\n\nLa convention est renouvelée pour trois ans avec l'entreprise.\n\n"
        "Vote : à l'unanimité\n\n" + sidebar +
        "Zones d'accélération pour l'implantation\nd'installations de production d'énergies\n\n"
        "Vu la loi n° 2023-175 du 10 mars 2023 relative à l'accélération de la production ;\n\n"
        "Vote : à l'unanimité\n")
    result = extract([text]).deliberations
    assert [d.objet for d in result] == [
        "Tarifs de la cantine", "Convention de déneigement",
        "Zones d'accélération pour l'implantation d'installations de production d'énergies"]


def test_an_item_printed_without_a_title_gets_its_decision_as_a_flagged_objet():
    text = HEADER + (
        "Délibération n°07/2020\nSur proposition du Maire, après en avoir délibéré, le Conseil Municipal, "
        "à l'unanimité, décide d'attribuer une subvention de 360 € pour l'organisation d'un voyage "
        "pédagogique. Madame PETIT demande si le comité peut aider.\n"
        "Délibération n°08/2020\nObjet : Tarifs de la cantine\nLe conseil adopte les tarifs à l'unanimité.\n")
    first, second = extract([text]).deliberations
    assert first.objet == "Décide d'attribuer une subvention de 360 € pour l'organisation d'un voyage pédagogique"
    assert first.confidence["objet"] < 0.5  # summarised: the review queue shows it first
    assert second.objet == "Tarifs de la cantine" and second.confidence["objet"] >= 0.5


def test_a_table_of_votes_flattened_line_by_line_gives_each_row_its_title():
    text = ("CONSEIL MUNICIPAL DU 27 FEVRIER 2023 COMPTE-RENDU DES VOTES Objet Rapporteur Vote "
            "D01 FINANCES - SOLIDARITE - Aide Michel AUDRAN Majorité pour 3 votes exceptionnelle suite aux "
            "séismes contre : Mireille QUADRIO, Delphine MINEO "
            "D02 |SANTE - Mise à disposition et loyers Michel AUDRAN Approuvée accordés pour les locaux "
            "de santé à l'unanimité provisoires "
            "D03 ENSEIGNEMENT - Vote du budget de la Claude BOULIOU Approuvée caisse des écoles à l'unanimité "
            "LOGEMENTS SOCIAUX - Avis du Conseil Point reporté à une Municipal sur le projet prochaine séance "
            "Mairie d'Aiglun Tél.:0492346237 | Fax :04 92 34 62 77")
    result = extract([text]).deliberations
    assert [d.objet for d in result] == [
        "FINANCES - SOLIDARITE - Aide exceptionnelle suite aux séismes",
        "SANTE - Mise à disposition et loyers accordés pour les locaux de santé provisoires",
        "ENSEIGNEMENT - Vote du budget de la caisse des écoles",
        "LOGEMENTS SOCIAUX - Avis du Conseil Municipal sur le projet"]  # a row without number
    assert [d.decision for d in result] == ["adoptee", "adoptee", "adoptee", "ajournee"]
    assert result[0].vote_contre == 3 and result[0].unanimite is False  # "Majorité pour 3 votes contre"


def test_a_skipped_number_recovers_the_item_whose_heading_was_lost():
    text = HEADER + (
        "N° 01/01-2020 — Débat d'orientations budgétaires 2020\nLe Président présente les orientations. "
        "Le Conseil Communautaire prend acte de la tenue du débat d'orientations budgétaires. "
        "Taxes : une discussion s'engage sur les taux. Le Conseil Communautaire après en avoir délibéré "
        "à l'unanimité, décide d'opter pour la répartition dérogatoire libre du fonds.\n"
        "N° 01/03-2020 - Création d'un bureau de tourisme\nLe Président expose le projet de bureau. "
        "Le Conseil Communautaire, après en avoir délibéré, adopte le projet à l'unanimité.\n")
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["01/01-2020", None, "01/03-2020"]
    assert [d.decision for d in result] == ["prend_acte", "adoptee", "adoptee"]
    assert result[1].objet.startswith("Décide d'opter pour la répartition dérogatoire libre")


def test_minutes_titled_in_capitals_keep_years_quotes_and_asides_but_not_table_headings():
    text = ("PROCES-VERBAL DU CONSEIL MUNICIPAL Séance du 16 Janvier 2023 L'an deux mil vingt-trois, le seize "
            "janvier à 18h30, le Conseil Municipal s'est réuni. Présents : Anne MOREL, Paul DURAND. "
            "DM RAR 2021 M. le Maire rappelle la délibération. Les montants sont modifiés : INTITULES DES COMPTES "
            "DEPENSES Virement 023 32 090,20 6588 -64 180,40 002 021 1068 2184 64 180,40 32 090,20. "
            "Le Conseil approuve à l'unanimité. "
            "VENTE D'UN TERRAIN AU « LOTISSEMENT LES COUTURES » La parcelle AR 729 est réservée. "
            "Le Conseil accepte à l'unanimité. "
            "TAXE D'AMÉNAGEMENT Le Conseil décide de conserver la taxe d'aménagement. "
            "CONVENTION TERRITORIALE GLOBALE (avec la CAF de l'Indre) La Convention est un accord cadre. "
            "Le Conseil autorise le Maire à la signer.")
    objets = [d.objet for d in extract([text]).deliberations]
    assert objets == ["DM RAR 2021", "VENTE D'UN TERRAIN AU « LOTISSEMENT LES COUTURES »", "TAXE D'AMÉNAGEMENT",
                      "CONVENTION TERRITORIALE GLOBALE (avec la CAF de l'Indre)"]


def test_a_title_ends_at_its_colon_when_a_sentence_follows_on_the_next_line():
    text = ("CR du conseil municipal 24 février 2023\nPrésents : Jean-Pierre, Yves, Jacques, David.\n"
            "1/ Délibération reversement taxe d'aménagement à la CCPH :\n10 votes pour. 2 Abstentions\n"
            "2/ Délibération renouvellement de mise à disposition de personnel par le CDG :\n"
            "Renouvelée tous les 2 ans. Permet d'avoir recours à l'intérim.\n12 votes pour\n"
            "3/ Délibération emploi non permanent :\nDélibération pour un CDD de 3 mois.\n"
            "2 votes contre 1 abstention 9 votes pour\n")
    result = extract([text]).deliberations
    assert [d.objet for d in result] == ["Délibération reversement taxe d'aménagement à la CCPH",
                                         "Délibération renouvellement de mise à disposition de personnel par le CDG",
                                         "Délibération emploi non permanent"]
    assert [(d.vote_pour, d.vote_contre, d.vote_abstention) for d in result] == [(10, None, 2), (12, None, None),
                                                                                (9, 2, 1)]


def test_an_objet_printed_again_at_the_top_of_a_page_is_the_same_deliberation():
    heading = "OBJET : Cession d'un bien communal sis 46 rue du Général Decaen\n"
    text = ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL SÉANCE DU 17 FÉVRIER 2023\n" + heading +
            "N°2023/020 Le Conseil Municipal s'est assemblé. Présents : M. Xavier HAQUIN, Mme Anne CABOT.\n"
            "Le Maire expose le projet de cession du logement.\f" + heading +
            "Après en avoir délibéré, le Conseil Municipal, à l'unanimité, DÉCIDE la cession du bien.\n")
    (delib,) = extract(text.split("\f")).deliberations
    assert delib.numero == "2023/020" and delib.decision == "adoptee" and delib.unanimite is True


def test_untitled_minutes_split_on_the_usual_subjects_of_an_agenda():
    text = ("Commune de BOISMORAND Séance du 17 mars 2023 Le Conseil Municipal s'est réuni le 17 mars 2023 à 20 h 30. "
            "Présents : TAGOT Philippe, PRIGNON Désiré. Monsieur le Maire ouvre la séance à 20 h 30 "
            "Compte Administratif 2022: Constatation et approbation des résultats de l'exercice 2022 Dépenses 492 142.35 "
            "Adoption du compte de gestion 2022 du comptable du trésor en parfaite concordance avec le compte "
            "administratif 2022 Budget Primitif 2023 Présentation et adoption du budget primitif 2023, le Maire "
            "présente le Budget Primitif en détail. CDCG Modification des statuts validée La séance est levée.")
    result = extract([text]).deliberations
    assert [d.objet for d in result] == ["Compte Administratif 2022: Constatation et approbation des résultats de "
                                         "l'exercice 2022",
                                         "Adoption du compte de gestion 2022", "Budget Primitif 2023",
                                         "CDCG Modification des statuts"]  # "présente le Budget …" opens none
    assert all(d.date_seance == "2023-03-17" for d in result)


def test_an_extrait_is_not_split_on_the_subjects_its_body_mentions():
    text = ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS Séance du 4 mai 2022 Objet : Budget primitif 2022. "
            "Vu le Compte administratif 2021. Vu le Compte de gestion 2021. Vu l'Affectation du résultat 2021. "
            "Le conseil municipal, après en avoir délibéré, adopte le budget primitif 2022 à l'unanimité.")
    assert len(extract([text]).deliberations) == 1


def test_each_titled_vote_line_of_informal_minutes_is_a_deliberation():
    text = HEADER + (
        "Ordre du jour :\n1. Subventions associatives\n2. Décisions modificatives\n3. Tarification cimetière\n"
        "4. Archivage\n"
        "1 Subventions associatives\nRappel des demandes de l'an passé, détaillées par association.\n"
        "Voter pour donner aux associations : Vote : 14 pour / 0 contre / 0 abstention adopté\n"
        "Page 1/6\f2 Décisions modificatives (DM) du budget 2021\nPrésentation par Yves des ajustements.\n"
        "DM1 pour budget communal approuvé : Vote : 14 pour / 0 contre / 0 abstention adopté\n"
        "DM1 pour budget assainissement approuvé : Vote : 12 pour / 2 contre / 0 abstention adopté\n"
        "3 Tarification cimetière\nTarifs actuels des concessions, à compléter.\n"
        "Vote pour la gratuité de la dispersion des cendres : Vote : 14 pour / 0 contre / 0 abstention adopté\n"
        "4 Archivage\nL'archiviste propose cinq jours de travail.\n"
        "Vote pour faire venir l'archiviste : Vote : 14 pour / 0 contre / 0 abstention adopté\n")
    result = extract([text]).deliberations
    assert [d.objet for d in result] == ["Subventions associatives", "DM1 pour budget communal",
                                         "DM1 pour budget assainissement", "Tarification cimetière", "Archivage"]
    assert [(d.vote_pour, d.vote_contre) for d in result] == [(14, 0), (14, 0), (12, 2), (14, 0), (14, 0)]
    assert [d.numero for d in result] == ["1", "2", "2", "3", "4"]  # a page break starts a line; "2" holds two votes


def test_a_list_of_deliberations_keeps_each_rows_wrapped_title():
    text = ("LISTE DES DÉLIBÉRATIONS\nSÉANCE DU CONSEIL MUNICIPAL\nDU 27 JANVIER 2026\nNuméro OBJET Approuvée/Rejetée\n"
            "2026 003 Révision des statuts du Syndicat d'Énergie de l'Oise Approuvée\n"
            "2026 004 Conclusion d'un bail professionnel — Local communal sis 1 rue Approuvée\n— Napoléon\n"
            "2026 005 Création de contrats d'engagement éducatif (CEE) Approuvée\n= pour les accueils de loisirs\n"
            "Affichage : 28/01/2026\nLe maire,\n")
    result = extract([text]).deliberations
    assert [d.objet for d in result] == ["Révision des statuts du Syndicat d'Énergie de l'Oise",
                                         "Conclusion d'un bail professionnel — Local communal sis 1 rue — Napoléon",
                                         "Création de contrats d'engagement éducatif (CEE) = pour les accueils de loisirs"]
    assert [d.decision for d in result] == ["adoptee"] * 3


FLAT_MINUTES = (  # line breaks lost, deliberation numbers laid out in a margin column
    "Conseil Municipal du 24 janvier 2020 à 19 H 30 Compte rendu Présents : E. BAHY, R. BAZIN, C. PHILIPPON. "
    "Délibération n°01/2020 Délibération n°02/2020 Délibération n°03/2020 Délibération n°04/2020 "
    "1 Désignation secrétaire de séance : Madame Chantal PHILIPPON est désignée secrétaire de séance. "
    "2 Groupement de commandes pour l’achat de défibrillateurs : Le Conseil Municipal, à l'unanimité, "
    "autorise Monsieur le Maire à signer une convention avec le SDIS. "
    "3. Finances Le Maire présente les demandes reçues des écoles. Le Conseil Municipal, à l'unanimité, "
    "décide d'attribuer une subvention de 360 € pour un voyage pédagogique en Angleterre. Le Maire précise le "
    "calendrier. Délibération n°05/2020 Délibération n°06/2020 Le Conseil Municipal, à l'unanimité, décide d’attribuer une subvention de 180 € pour un voyage "
    "en Grèce. Un élu demande le détail des dépenses. "
    "4. Recrutement agents recenseurs : le Conseil Municipal, à l'unanimité, décide la création de 3 postes. "
    "5. Informations diverses 5.1 — Personnel communal : un agent sera en retraite en avril. "
    "Le tribunal a rejeté la demande d'un agent révoqué.")


def test_a_margin_column_of_numbers_opens_no_item_and_numbers_none():
    result = extract([FLAT_MINUTES]).deliberations
    assert [d.numero for d in result] == ["2", "3", None, "4"]  # the column says which number goes where


def test_a_point_holding_decisions_voted_apart_is_as_many_deliberations():
    result = extract([FLAT_MINUTES]).deliberations
    assert result[0].objet == "Groupement de commandes pour l’achat de défibrillateurs"
    assert "Angleterre" in result[1].text and "Grèce" not in result[1].text
    assert "Grèce" in result[2].text
    assert result[3].objet == "Recrutement agents recenseurs"
    assert [d.decision for d in result] == ["adoptee"] * 4


def test_naming_the_secretary_and_the_news_of_the_session_are_no_deliberation():
    objets = [d.objet or "" for d in extract([FLAT_MINUTES]).deliberations]
    assert not any("secrétaire" in o or "Informations" in o for o in objets)


def test_questions_diverses_with_a_vote_stay_a_deliberation():
    text = HEADER + (
        "1. Tarifs de la cantine\nLe conseil adopte les tarifs à l'unanimité.\n"
        "2. Questions diverses\nLe conseil décide à l'unanimité d'acheter un défibrillateur.\n")
    assert [d.numero for d in extract([text]).deliberations] == ["1", "2"]


@pytest.mark.parametrize("closing", [
    "POINT 3 – Divers :\n. Point sur les travaux : l'entreprise avance bien, le réseau est adopté par tous.\n",
    "3) Divers\n. Le repas des aînés est fixé au 18 janvier ; le planning est approuvé par les présents.\n",
])
def test_a_closing_divers_too_short_to_be_a_title_is_still_no_deliberation(closing):
    text = HEADER + (
        "POINT 1 – Tarifs de la cantine :\nLe conseil adopte les tarifs à l'unanimité.\n"
        "POINT 2 – Vente d'un terrain communal :\nLe conseil approuve la vente à l'unanimité.\n" + closing)
    assert [d.numero for d in extract([text]).deliberations] == ["1", "2"]


def test_a_table_row_keeps_its_own_aside_and_mends_a_compound_cut_at_a_line_end():
    text = ("CONSEIL MUNICIPAL DU 27 FEVRIER 2023 COMPTE-RENDU DES VOTES Objet Rapporteur Vote "
            "D01 VOIRIE - Desserte de Digne-les- Bains Michel AUDRAN Approuvée à l'unanimité "
            "D02 LOGEMENTS SOCIAUX - Avis sur le projet des Romarins Michel AUDRAN Majorité pour 3 (bail à "
            "construction et/ou cession) abstentions (Mireille QUADRIO, Magali ANDRE) "
            "D03 CULTURE - Programmation des événements Claude BOULIOU Approuvée à l'unanimité")
    assert [d.objet for d in extract([text]).deliberations] == [
        "VOIRIE - Desserte de Digne-les-Bains",
        "LOGEMENTS SOCIAUX - Avis sur le projet des Romarins (bail à construction et/ou cession)",
        "CULTURE - Programmation des événements"]


def test_minutes_whose_only_decision_approves_the_previous_minutes_hold_no_deliberation():
    """Approving the previous minutes without an act number of its own is the session's
    procedure, not an act (the corpus convention)."""
    text = ("COMMUNE DE SAINT-MARTIN\nCompte-rendu de la réunion du Conseil Municipal du 16 septembre 2019\n"
            "Présents : Anne MOREL, Paul DURAND, Luc PETIT\nSecrétaire de séance : Luc PETIT\n\n"
            "Le compte-rendu de la réunion du Conseil Municipal du 1er juillet 2019, après lecture faite,\n"
            "est approuvé à l'unanimité\n\nLa rénovation de l'appartement de l'ancienne école a abouti.\n")
    result = extract([text])
    assert result.deliberations == [] and result.doc_type == "compte_rendu"


def test_a_heading_of_two_words_in_capitals_alone_on_its_line_titles_the_minutes():
    text = ("COMPTE RENDU CONSEIL MUNICIPAL DU 27 MARS 2003\n"
            "L'an deux mil trois, le vingt sept mars, le Conseil Municipal s'est réuni.\n"
            "Présents : Monsieur Claude DUPONT, Maire, Messieurs DAGORT, DELAMONTAGNE.\n"
            "Le Procès verbal de la précédente séance est adopté à l'unanimité.\n"
            "COMPTES ADMINISTRATIFS 2002 :\nCommune :\nLe Compte administratif 2002 se résume ainsi qu'il suit.\n")
    (only,) = extract([text]).deliberations
    assert only.objet == "COMPTES ADMINISTRATIFS 2002"


def test_a_sub_point_of_questions_diverses_voted_there_is_a_deliberation():
    text = HEADER + (
        "1. Tarifs de la cantine\nLe conseil adopte les tarifs à l'unanimité.\n"
        "2. Questions diverses\n2.1 Ecole\nLe Maire propose d'offrir un dictionnaire aux élèves de CM2.\n"
        "2.2 Verger de sauvegarde\nAdhésion à l'association Verger vivant, 30 € par an.\n"
        "Adhésion à l'association : Vote : 3 pour / 0 contre / 0 abstention adopté\n"
        "2.3 Temple\nUn devis de réfection du beffroi a été reçu.\n")
    result = extract([text]).deliberations
    assert [(d.numero, d.objet, d.vote_pour) for d in result] == [
        ("1", "Tarifs de la cantine", None), ("2.2", "Verger de sauvegarde", 3)]


def test_counts_larger_than_the_council_are_not_its_vote():
    text = HEADER.replace("Présents :", "Membres en exercice : 11. Présents :") + (
        "1. Panneau d'information\nRésultat du sondage auprès des habitants : Pour : 49 Contre : 33. "
        "Le conseil décide de l'installer.\n")
    (only,) = extract([text]).deliberations
    assert (only.vote_pour, only.vote_contre, only.decision) == (None, None, "adoptee")


def test_a_short_title_line_did_not_wrap_into_the_next_one():
    text = HEADER + (
        "1 Archivage\nTarif de 250€ / jour & mission de 5 jours => soit 1250€ au total\n"
        "Vote pour faire venir l'archiviste : Vote : 3 pour / 0 contre / 0 abstention adopté\n"
        "2 Tarification du cimetière et des concessions funéraires pour les\nconcessions trentenaires\n"
        "Vote des tarifs : Vote : 3 pour / 0 contre / 0 abstention adopté\n"
        "3 Subventions associatives\nRappel des demandes de l'an passé.\n"
        "Vote des subventions : Vote : 3 pour / 0 contre / 0 abstention adopté\n")
    assert [d.objet for d in extract([text]).deliberations] == [
        "Archivage", "Tarification du cimetière et des concessions funéraires pour les concessions trentenaires",
        "Subventions associatives"]


def test_a_short_title_line_wraps_into_a_capitalised_line_without_figures():
    text = ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS\nSéance du 4 mai 2022\nObjet : Convention cadre\n"
            "Espace Numérique de Travail\nLe conseil municipal, après en avoir délibéré, adopte à l'unanimité.\n")
    assert extract([text]).deliberations[0].objet == "Convention cadre Espace Numérique de Travail"


def test_a_count_before_its_outcome_is_no_point():
    text = HEADER + (
        "1 – Réalisation d'un emprunt\nTrois banques ont été consultées.\nVote : Pour : 27. Adopté.\n"
        "2 – Acquisition d'une parcelle\nLe propriétaire accepte de la céder.\n"
        "Vote : Pour : 22 – Contre : / – Abstentions : 3. Adopté.\n"
        "3 – Budget primitif 2017\nLe budget s'équilibre.\nVote : Pour : 27. Adopté.\n")
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["1", "2", "3"]
    assert result[-1].objet.startswith("Budget primitif 2017") and result[1].vote_abstention == 3


@pytest.mark.parametrize("line", ["dont procurations", "dont 3 procurations", "dont 2 pouvoirs"])
def test_a_sidebar_count_with_or_without_its_figure_is_a_sidebar_line(line):
    assert SIDEBAR_LINE.search(line)  # never an item's title, even when OCR lost the figure


@pytest.mark.parametrize("text, found", [
    ("… à l'unanimité. 2 Groupement de commandes pour l’achat de défibrillateurs : Le Conseil", "2"),
    ("n°06/2020 1 Désignation secrétaire de séance : Madame Chantal PHILIPPON", "1"),
    ("En exercice : 74 Présents : 51 Ayant pris part au vote : 53", None),  # a label's value
    ("page 11 La Mission n°1 : Phase « Conception »", None),  # an article opens no point's title
])
def test_inline_points_are_a_number_then_a_titled_phrase_and_its_colon(text, found):
    m = INLINE_POINT.search(text)
    assert (m.group("n") if m else None) == found


@pytest.mark.parametrize("delegates", [
    "Titulaires : 1.Mr Jean GAUQUELIN 2.Mme Anne ROUX 3.M. Paul VERT Suppléants : 1.Mr Luc NOIR",
    "Sont élus :\n1- Monsieur Jean GAUQUELIN\n2- Madame Anne ROUX\n3- Mme Claire BLANC\n",
])
def test_a_numbered_list_of_delegates_inside_an_item_opens_no_item(delegates):
    text = HEADER + (
        "1. TARIFS DE LA CANTINE\nLe conseil adopte les tarifs à l'unanimité.\n"
        "2. DÉSIGNATION DES DÉLÉGUÉS AU SYNDICAT DES EAUX\nLe conseil procède à l'élection. " + delegates
        + "\nLe conseil approuve à l'unanimité cette désignation.\n"
        "3. VENTE D'UN TERRAIN COMMUNAL\nLe conseil approuve la vente à l'unanimité.\n")
    found = extract([text]).deliberations
    assert [d.numero for d in found] == ["1", "2", "3"]
    assert found[2].objet == "VENTE D'UN TERRAIN COMMUNAL"


def test_minutes_opening_each_item_with_a_dash():
    text = HEADER + (
        "- Budget primitif 2024 : le conseil adopte le budget à l'unanimité.\n"
        "- Taux d'imposition : le conseil, après en avoir délibéré, fixe les taux.\n"
        "  Pour : 12\n  - Contre : 2\n"
        "- Vente d'un terrain communal : le conseil approuve la vente par 12 voix pour et 2 contre.\n"
        "  - d'autoriser le maire à signer l'acte ;\n")
    found = extract([text]).deliberations
    assert [d.objet for d in found] == ["Budget primitif 2024", "Taux d'imposition", "Vente d'un terrain communal"]


def test_items_numbered_in_roman_figures():
    text = HEADER + ("I. Budget primitif 2024\nLe conseil adopte à l'unanimité.\nII. Taux d'imposition\nLe conseil "
                     "adopte à l'unanimité.\nIII. Vente d'un terrain\nLe conseil approuve à l'unanimité.\n")
    assert [d.numero for d in extract([text]).deliberations] == ["I", "II", "III"]


def test_roman_themes_over_arabic_points_stay_themes():
    text = HEADER + ("I – FINANCES\n1) Budget primitif 2024\nLe conseil adopte à l'unanimité.\n2) Taux d'imposition\n"
                     "Le conseil adopte à l'unanimité.\nII – URBANISME\n3) Vente d'un terrain\nLe conseil approuve à "
                     "l'unanimité.\n")
    assert [d.numero for d in extract([text]).deliberations] == ["1", "2", "3"]


def test_objet_labels_numbered_open_the_items():
    text = HEADER + ("Objet n°1 : Budget primitif 2024\nLe conseil adopte à l'unanimité.\n"
                     "Objet n°2 : Taux d'imposition\nLe conseil adopte à l'unanimité.\n")
    assert [d.objet for d in extract([text]).deliberations] == ["Budget primitif 2024", "Taux d'imposition"]


def _extrait(number: int, title: str, subject: str) -> str:
    return ("COMMUNE DE BRIVES\nEXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL\nSéance du 12 mars 2024\n"
            f"Délibération n° 2024-{number:03d}\nObjet : {title}\n"
            + "".join(f"Considérant {subject}, point {i} ;\n" for i in range(12))
            + "Le Conseil Municipal, après en avoir délibéré, à l'unanimité, approuve.\n"
            + "".join(f"Article {i} : {subject} {i}.\n" for i in range(1, 6))
            + "Fait et délibéré les jour, mois et an susdits.\nLe Maire, Jean DUPONT\n")


EXTRAITS = [_extrait(15, "Tarifs de la cantine", "les tarifs"), _extrait(16, "Vente d'un terrain", "la vente"),
            _extrait(17, "Subvention au club", "la subvention")]


@pytest.mark.parametrize("pages", [EXTRAITS, ["\n".join(EXTRAITS)]], ids=["a page each", "one text"])
def test_a_file_of_extraits_is_one_deliberation_each(pages):
    found = extract(pages).deliberations
    assert [(d.numero, d.objet) for d in found] == [
        ("2024-015", "Tarifs de la cantine"), ("2024-016", "Vente d'un terrain"), ("2024-017", "Subvention au club")]


@pytest.mark.parametrize("heading", [
    "COMMUNE DE BRIVES\nEXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL\nSéance du 12 mars 2024\n",
    "COMMUNE DE BRIVES\nSéance du 12 mars 2024\n",
])
def test_the_dashed_clauses_of_one_decision_open_no_item(heading):
    text = heading + (
        "Délibération n° 2024-015\nObjet : Budget primitif 2024\nLe Conseil Municipal, après en avoir délibéré :\n"
        "- Le budget de fonctionnement est approuvé à l'unanimité ;\n- Le budget d'investissement est approuvé à "
        "l'unanimité ;\n- Les subventions sont adoptées à l'unanimité ;\n- Le tableau des emplois est approuvé.\n")
    assert [(d.numero, d.objet) for d in extract([text]).deliberations] == [("2024-015", "Budget primitif 2024")]


@pytest.mark.parametrize("marks", [("I.", "II.", "III."), ("1.", "2.", "3.")])
def test_an_extrait_is_one_act_whatever_parts_it_numbers(marks):
    text = ("COMMUNE DE BRIVES\nEXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL\nSéance du 12 mars 2024\n"
            "Délibération n° 2024-015\nObjet : Budget primitif 2024\nLe Conseil Municipal, après en avoir délibéré :\n"
            f"{marks[0]} Section de fonctionnement\nLe conseil approuve la section à l'unanimité.\n"
            f"{marks[1]} Section d'investissement\nLe conseil approuve la section à l'unanimité.\n"
            f"{marks[2]} Subventions aux associations\nLe conseil approuve les subventions à l'unanimité.\n"
            "Fait et délibéré les jour, mois et an susdits.\n")
    assert [(d.numero, d.objet) for d in extract([text]).deliberations] == [("2024-015", "Budget primitif 2024")]
