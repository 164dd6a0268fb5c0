"""Heading rules: body, instance, kind, numéro, objet, place — on real-shaped strings."""

from __future__ import annotations

import pytest

from registre.extract.body import departement_of_siren, find_collectivite
from registre.extract.deliberation import extract
from registre.extract.session_header import find_doc_type, find_instance, find_lieu
from registre.extract.text import fold


@pytest.mark.parametrize("text, body", [
    ("COMMUNE DE VERNOUX\nEXTRAIT DU REGISTRE DES DÉLIBÉRATIONS", "COMMUNE DE VERNOUX"),
    ("Extrait du registre. Le Conseil municipal de Saint-Aubin-sur-Loire, régulièrement convoqué",
     "Commune de Saint-Aubin-sur-Loire"),
    ("SYNDICAT INTERCOMMUNAL DES EAUX DE LA VALLÉE DU\nLIZON\nEXTRAIT DU REGISTRE",
     "SYNDICAT INTERCOMMUNAL DES EAUX DE LA VALLÉE DU LIZON"),
    ("RÉPUBLIQUE FRANÇAISE\nDÉPARTEMENT DU JURA\nCommune de Montrond\nSéance du 3 mars 2020", "Commune de Montrond"),
    ("Département des Côtes d'Armor GUINGAMP-PAIMPOL AGGLOMERATION DELIBERATION BUREAU COMMUNAUTAIRE "
     "… cession d'un terrain à la COMMUNE DE PABU", "GUINGAMP-PAIMPOL AGGLOMERATION"),
    ("Mairie d'Aiglun Tél.:0492346237 | Fax :04 92 34 62 77", "Mairie d'Aiglun"),
    ("Communauté de Communes Plateau - votants : 63 *Lannemezan L'an deux mille vingt-deux, le Conseil "
     "Communautaire du Plateau de LANNEMEZAN, légalement convoqué", "Communauté de communes du Plateau de LANNEMEZAN"),
    ("RÉPUBLIQUE FRANÇAISE\nCOMMUNAUTÉ DE COMMUNES DU PAYS DE BRÉVAUX\nEXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU "
     "CONSEIL COMMUNAUTAIRE\nLe Conseil communautaire de la Communauté de communes du Pays de Brévaux",
     "COMMUNAUTÉ DE COMMUNES DU PAYS DE BRÉVAUX"),
    ("CONSEIL COMMUNAUTAIRE DU 25 JANVIER 2023 Présents : Epeigné-Sur-Dême : M. Goué Stéphane, délégué de la "
     "Commune d'Epeigné-sur-Dème … Collectivité CC Gâtine-Racan Opération C.T.I.6", "Communauté de communes Gâtine-Racan"),
    ("DEPARTEMENT DE TARN ET GARONNE # COMMUNE DE LABASTIDE\nSAINT-PIERRE me REGISTRE DES DELIBERATIONS",
     "COMMUNE DE LABASTIDE SAINT-PIERRE"),
    # a stamp masked on the first line leaves its border: no letterhead
    ("|                \n\nREPUBLIQUE FRANÇAISE\nDEPARTEMENT du GARD\nCOMPTE RENDU du CONSEIL MUNICIPAL de la "
     "commune de Flaux\nSéance du 28 avril 2022", "commune de Flaux"),
    # the assembly that deliberates says whose body it is, not a body its text cites
    ("VILLE DE DECAZEVILLE CONSEIL MUNICIPAL DU 19 JANVIER 2023 PROCES VERBAL … par délibération du conseil "
     "communautaire n° 2021/043", "VILLE DE DECAZEVILLE"),
    # where a name ends: a new sentence, a month, the meeting place, another body
    ("CONVENTION DE REVITALISATION Communauté d'Agglomération du Niortais La présente convention est conclue",
     "Communauté d'Agglomération du Niortais"),
    ("Programme d'actions Communauté d'Agglomération Seine-Eure Octobre 2021 Responsable", "Communauté d'Agglomération Seine-Eure"),
    ("PLAN CLIMAT COMMUNAUTÉ DE COMMUNES SUD RETZ ATLANTIQUE Fiches action Novembre 2019",
     "COMMUNAUTÉ DE COMMUNES SUD RETZ ATLANTIQUE"),
    ("Le conseil de la Communauté de Communes Ecueillé – Valençay s'est réuni", "Communauté de Communes Ecueillé – Valençay"),
    # a body named by its place then its kind, back to a link word
    ("les contrôles des installations sur les sites de CHARLIEU BELMONT COMMUNAUTE Vu la décision",
     "CHARLIEU BELMONT COMMUNAUTE"),
    ("Depuis plusieurs années, Niort Agglo est déjà engagée dans une démarche", "Niort Agglo"),
    # a kind printed without its name ("Communauté de communes" under a logo) names no body
    ("Vallons du Lézert Communauté de communes CONSEIL COMMUNAUTAIRE DU 3 MARS 2024 Le Conseil Communautaire "
     "de la Communauté de Communes des Vallons du Lézert convoqué", "Communauté de Communes des Vallons du Lézert"),
    ("Commune de CONSEIL MUNICIPAL DU 4 AVRIL 2024 … la Commune de Saint-Arnoult réunie", "Commune de Saint-Arnoult"),
    # a body known by its acronym, then its place; a region named at once; a commune nouvelle; a PETR
    ("CCAS de Brives\nCompte rendu du Conseil d'Administration du 3 mars", "CCAS de Brives"),
    ("SIVOM de la Vallée du Lot\nComité syndical du 12 mars 2024", "SIVOM de la Vallée du Lot"),
    ("Région Auvergne-Rhône-Alpes\nCommission permanente du 3 mars", "Région Auvergne-Rhône-Alpes"),
    ("Commune nouvelle de Val-de-Brives\nConseil municipal du 3 mars", "Commune nouvelle de Val-de-Brives"),
    ("Pôle d'Équilibre Territorial et Rural du Pays Vert\nDélibération n° 2024-01",
     "Pôle d'Équilibre Territorial et Rural du Pays Vert"),
    # an assembly's letterhead
    ("CONSEIL RÉGIONAL D'ÎLE-DE-FRANCE 1 DÉLIBÉRATION N°CP 2023-017 … commune de Gargenville",
     "CONSEIL RÉGIONAL D'ÎLE-DE-FRANCE"),
    # "PV", "CR": the document's kind abbreviated after the name in capitals
    ("2025 / 031\nCOMMUNE DE BRÉVILLE PV du Conseil Municipal\ndu 30/10/2025", "COMMUNE DE BRÉVILLE"),
    ("VILLE DE MORNAC CR du conseil municipal du 4 mars 2024", "VILLE DE MORNAC"),
    # a name in capitals wraps to the next line, unless that line is a header's label
    ("COMPTE RENDU\nL'an deux mille seize, le Conseil Municipal de la commune de SAINT\nMARCEL (Drôme), s'est réuni",
     "commune de SAINT MARCEL"),
    ("COMPTE RENDU\nSéance du 4 mars, à la mairie, la commune de VERNAY\nPRÉSENTS : M. DUPONT, Mme ROUX", "commune de VERNAY"),
    # a name does not end on its link words, nor on a dash
    ("Commune de Brives – Conseil municipal du 12 mars 2024\nN° 15-2024 – Tarifs de la cantine", "Commune de Brives"),
    ("Pour chacun des bâtiments désignés, la mairie de Pontbrun le Lac et la salle des fêtes, le contrat",
     "mairie de Pontbrun le Lac"),
    ("Travaux de voirie de la commune de Sainte-Foy et des hameaux voisins", "commune de Sainte-Foy"),
    # past the letterhead, the body named most often, not a partner named first
    ("Plan local d'urbanisme intercommunal approuvé en conseil le 19 décembre 2019. Pièces administratives. "
     "Sommaire des affaires inscrites à l'ordre du jour : 1 Compte-rendu des décisions du Président 2 Rénovation "
     "urbaine du quartier 3 Situation de la Communauté d'Agglomération de Lorient en matière de développement "
     "durable 4 Convention entre l'Université et la Communauté d'Agglomération Lorient Bretagne Sud 5 "
     "Harmonisation des compétences de la Communauté d'Agglomération Lorient Bretagne Sud",
     "Communauté d'Agglomération Lorient Bretagne Sud"),
    ("COMMUNE DE VERNOUX\nSéance du 3 mars. Convention avec la commune de Tournon : la commune de Tournon met "
     "à disposition de la commune de Tournon", "COMMUNE DE VERNOUX"),
    # … but never another body, however often named
    ("Mairie - 12 place de la Halle - 07290 - Tél. 04 75 00 00 00 - Courriel : mairie@exemple.fr - Site : "
     "www.exemple.fr - Horaires : du lundi au vendredi de 9h à 12h. PROCÈS-VERBAL. Le conseil municipal de la "
     "commune de Satillieu s'est réuni. 1. Convention avec la Communauté de communes du Val d'Ay : la Communauté "
     "de communes du Val d'Ay met à disposition ; la Communauté de communes du Val d'Ay facture",
     "commune de Satillieu"),
    # a Grand Paris territory's council meets in a member commune's town hall
    ("Etablissement Public Territorial Séance du conseil territorial DÉLIBÉRATION n°2020-03 Convention avec la "
     "commune de Thiais. Les membres du Conseil de l'EPT Paris Est Marne&Bois se sont réunis en Mairie de "
     "Vincennes", "EPT Paris Est Marne&Bois"),
])
def test_collectivite(text, body):
    assert find_collectivite(text, fold(text))[0] == body


@pytest.mark.parametrize("text, instance", [
    ("Le Conseil municipal s'est réuni", "conseil municipal"),
    ("DÉLIBÉRATION DU BUREAU COMMUNAUTAIRE", "bureau communautaire"),
    ("le Comité syndical, dûment convoqué", "comité syndical"),
    ("COMMISSION PERMANENTE DU CONSEIL DÉPARTEMENTAL", "commission permanente du conseil départemental"),
    ("Le Conseil syndical du syndicat des eaux s'est réuni", "conseil syndical"),
    ("Le Comité du Syndicat mixte s'est réuni le 3 mars", "comité syndical"),
])
def test_instance(text, instance):
    assert find_instance(fold(text))[0] == instance


@pytest.mark.parametrize("text", [
    "ORDRE DU JOUR DU CONSEIL MUNICIPAL DU 12 MARS 2024\n1. Approbation du procès-verbal\n2. Budget primitif : vote",
    "CONVOCATION\nJ'ai l'honneur de vous convoquer au conseil municipal du 12 mars 2024. Ordre du jour : 1. "
    "Approbation du procès-verbal de la séance du 6 février 2. Budget primitif",
])
def test_an_agenda_or_a_convocation_is_neither_minutes_nor_an_extrait(text):
    assert find_doc_type(fold(text), 0, False) == "other"


def test_a_title_on_the_first_line_names_no_body():
    text = "AVIS D'ENQUÊTE PUBLIQUE\nPar arrêté du 12 mars 2024, le Maire de Brives a ordonné une enquête publique."
    assert (find_collectivite(text, fold(text)) or ("",))[0] != "AVIS D'ENQUÊTE PUBLIQUE"


@pytest.mark.parametrize("title, kind", [
    ("COMPTE RENDU SOMMAIRE DE LA SÉANCE — Approbation du procès-verbal", "compte_rendu"),
    ("PROCÈS-VERBAL DE LA SÉANCE DU 3 MARS", "proces_verbal"),
    ("PV du Conseil Municipal du 3 mars 2024", "proces_verbal"),
    ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS", "extrait"),
    ("Liste des délibérations votées le 16 mai", "other"),
    ("COMPTE RENDU PROCES-VERBAL DU CONSEIL MUNICIPAL", "proces_verbal"),
])
def test_doc_type(title, kind):
    assert find_doc_type(fold(title), 2) == kind


@pytest.mark.parametrize("text, lieu", [
    # the place under its label
    ("Séance du 3 mars 2024\nLieu : Salle polyvalente de Brives\nPrésents : M. Paul ROUX", "Salle polyvalente de Brives"),
    ("Lieu de la séance : Mairie de Brives, salle du conseil, à 20 h\n", "Mairie de Brives, salle du conseil"),
    ("le Conseil municipal s'est réuni en Mairie, sis place Jean Jaurès, à Saint-Gilles. Présents",
     "Mairie, sis place Jean Jaurès, à Saint-Gilles"),
    ("s'est réuni, à 09 heures, salle Georges Rumen, siège à Guingamp sous la présidence", "salle Georges Rumen, siège à Guingamp"),
    ("s'est réuni au lieu habituel de ses séances, sous la présidence", None),
    ("se sont réunis le seize février deux mille vingt-trois à dix-neuf heures, à la Maison des Associations, "
     "sur la convocation", "Maison des Associations"),
    ("s'est réuni au nombre prescrit par la loi, dans la\n\nsalle de réunion de la mairie, sous la présidence",
     "salle de réunion de la mairie"),  # OCR keeps a blank line between lines
])
def test_lieu(text, lieu):
    found = find_lieu(text, fold(text))
    assert (found[0] if found else None) == lieu


@pytest.mark.parametrize("text, objet", [
    ("Délibération n° 2021-04 Objet : Tarifs de la cantine 2021\nLe Conseil municipal, vu …", "Tarifs de la cantine 2021"),
    ("Délibération n° DEL — 2023 — 007 : Avis sur le dossier de suppression de la ZAC Le Conseil Municipal, Vu",
     "Avis sur le dossier de suppression de la ZAC"),
    ("N° 2020/03 – Demande de subvention DETR pour la salle des fêtes Monsieur le Maire expose",
     "Demande de subvention DETR pour la salle des fêtes"),
    ("N° 01/04-2020 — Entente tripartite avec le SYTOM du Blanc :\ndésignation des membres délégués Monsieur le "
     "Président rappelle", "Entente tripartite avec le SYTOM du Blanc : désignation des membres délégués"),
    ("OBJET : Entente Authion – Autorisation de prélèvement :\nAvis sur l'enquête publique (n°02/2020-02) "
     "Monsieur le Maire expose", "Entente Authion – Autorisation de prélèvement : Avis sur l'enquête publique"),
    ("Présents : Anne MOREL. La séance est ouverte.\n\n2011-02-001\nII – Installation d'un délégué suppléant :\n\n"
     "Monsieur le Maire expose au Conseil Municipal qu'il y a lieu de désigner un délégué.",
     "Installation d'un délégué suppléant"),
    # a title keeps « autorisant le maire à », « de Mme X », « procès-verbal de la séance du … »
    ("Délibération n° 2023-07 : Délibération autorisant le maire à engager des dépenses avant le vote du budget "
     "Madame le Maire rappelle que le budget n'est pas voté.",
     "Délibération autorisant le maire à engager des dépenses avant le vote du budget"),
    ("Délibération n° 2023-08 : Modification du nombre d'adjoints suite à la démission de Mme Anna MARTIN "
     "Conformément à l'article L.2122-2 du CGCT,", "Modification du nombre d'adjoints suite à la démission de Mme Anna MARTIN"),
    ("N° 2023-09 OBJET : APPROBATION DU PROCÈS VERBAL DE LA SÉANCE DU 9 DÉCEMBRE 2022 Monsieur le Maire donne "
     "lecture du procès-verbal", "APPROBATION DU PROCÈS VERBAL DE LA SÉANCE DU 9 DÉCEMBRE 2022"),
    # a theme in capitals, then its subject
    ("Délibération n° 2023-10 : MARCHES PUBLICS – Attribution de la maîtrise d'œuvre du groupe scolaire Monsieur "
     "le Maire donne la parole", "MARCHES PUBLICS – Attribution de la maîtrise d'œuvre du groupe scolaire"),
    ("Délibération n° 2023-11 : RESEAU DE CHALEUR : AVENANT N°1 AU CONTRAT DE CONCESSION VU la loi",
     "RESEAU DE CHALEUR : AVENANT N°1 AU CONTRAT DE CONCESSION"),
    # a sentence begins after the title once the line breaks were lost
    ("Délibération DB-2020-001 - Collecte des déchets recyclables jusqu'au centre de tri de Lons-le-Saunier "
     "La collecte et le transport des déchets sont assurés", "Collecte des déchets recyclables jusqu'au centre de "
     "tri de Lons-le-Saunier"),
    ("Délibération DB-2023-021 - Garantie d'emprunt pour l'opération des Laves - Annule et remplace Par courriel "
     "en date du 21 juin 2022", "Garantie d'emprunt pour l'opération des Laves - Annule et remplace"),
    # the item's kind before a colon is no part of its title
    ("N° 2023-12 Délibération : nouveaux tarifs de la taxe locale sur la publicité extérieure\nContexte :",
     "nouveaux tarifs de la taxe locale sur la publicité extérieure"),
    # nor is the folio of the page the title starts on
    ("N° 2023-13 Page 2 sur 5 FINANCES – Travaux de voirie de la rue Haute\n\nLe maire expose",
     "FINANCES – Travaux de voirie de la rue Haute"),
    # an act the title cites is no label of it
    ("N° 4 ANNULATION DE LA DELIBERATION N°2022/08/21 : ABANDON DU REVERSEMENT DE LA TAXE\n\nLe maire expose",
     "ANNULATION DE LA DELIBERATION N°2022/08/21 : ABANDON DU REVERSEMENT DE LA TAXE"),
    # a footnote citing an act, then another label, is no title label
    ("DÉLIBÉRATION n°2020-02 1786 Convention cadre avec la Région L'an deux mille vingt, le 25 février, le conseil "
     "s'est réuni. (4) à partir de la délibération n° 1754 Secrétaire de Séance : Monsieur Paul ROUX.",
     "Convention cadre avec la Région"),
    ("DÉLIBÉRATION N°CP 2023-017 Subvention aux clubs sportifs Le conseil, Vu le code, Délibération n° 2023-017 "
     "Article 2 : Décide d'attribuer les aides.", "Subvention aux clubs sportifs"),
])
def test_objet_of_an_extrait(text, objet):
    assert extract([text + " Après en avoir délibéré, le conseil adopte à l'unanimité."]).deliberations[0].objet == objet


@pytest.mark.parametrize("siren, body", [
    ("229300082", "Département de la Seine-Saint-Denis"),
    ("220100019", "Département de l'Ain"),
    ("229740012", "Département de La Réunion"),
    ("213001100", None),  # a commune's SIREN names no département
    (None, None),
])
def test_a_departements_siren_names_it(siren, body):
    assert departement_of_siren(siren) == body


def test_a_departmental_act_without_letterhead_is_named_from_its_stamp():
    text = ("Envoyé en préfecture le 16/02/2023 ID : 093-229300082-20230126-2023_01_26_006-DE "
            "COMMISSION PERMANENTE DU CONSEIL DÉPARTEMENTAL Extrait des délibérations de la séance du 26 janvier "
            "2023. La Commission Permanente, après en avoir délibéré, adopte le rapport à l'unanimité.")
    assert extract([text]).collectivite == "Département de la Seine-Saint-Denis"


def test_a_syndicate_named_in_a_lists_row_is_not_the_body():
    text = ("we Pierrefonds\nLISTE DES DÉLIBÉRATIONS\nSÉANCE DU CONSEIL MUNICIPAL\nDU 27 JANVIER 2026\nNuméro OBJET\n"
            "2026 003 Révision des statuts du Syndicat d’Énergie de l’Oise Approuvée\n")
    found = find_collectivite(text, fold(text))
    assert found is None or "Syndicat" not in found[0]


MINUTES_WITHOUT_LETTERHEAD = (
    "CONSEIL MUNICIPAL DU 14 FÉVRIER 2023. Le Conseil Municipal s'est réuni sous la présidence de M. Paul DURAND, "
    "Maire. " + "Le Maire rend compte des travaux de la commission des finances. " * 60 + "1. Rénovation de l'école La "
    "rénovation des bâtiments est une priorité pour la commune de "
    "CHAZELLES-SUR-LYON. {neighbour} Le Conseil décide à l'unanimité de solliciter les aides. 2. Travaux Les "
    "travaux de la commune de Chazelles-sur-Lyon sont confiés à la société X. Le Conseil approuve à l'unanimité.")


@pytest.mark.parametrize("neighbour, body", [
    ("", "Commune de Chazelles-sur-Lyon"),
    # a neighbour named as often as the commune leaves the body unknown
    ("Une convention avec la commune de Feurs et la commune de Feurs est prévue.", None),
    # "la ville de X" is as often a neighbour that serves the commune
    ("Le CCAS de la ville de Feurs, la ville de Feurs et la ville de Feurs livrent les repas.",
     "Commune de Chazelles-sur-Lyon"),
])
def test_minutes_without_a_letterhead_name_their_commune_in_their_text(neighbour, body):
    text = MINUTES_WITHOUT_LETTERHEAD.format(neighbour=neighbour)
    found = find_collectivite(text, fold(text))
    assert (found and found[0]) == body


@pytest.mark.parametrize("text, body", [
    # what no assembly signs (a neighbourhood committee's notes) names its town in its prose
    ("COMPTE RENDU Réunion du comité de quartier des Tilleuls. Étaient présents : Mme ROUX (élue référente), "
     "M. VERT (agent de la ville). " + "Les membres du comité demandent des bancs. " * 70 + "Les services de la "
     "ville rappellent la hausse de la facture pour les collectivités dont la ville de Sarrebourg.",
     "Commune de Sarrebourg"),
    ("Règlement du plan local d'urbanisme. " + "Les constructions respectent les reculs imposés. " * 70
     + "Champ d'application : le règlement s'applique sur le territoire de la commune de Bois-Colombes.",
     "Commune de Bois-Colombes"),
    # a syndicate's report calls itself « le Syndicat » and goes by its acronym
    ("RAPPORT D'ORIENTATIONS BUDGÉTAIRES 2024. Les orientations financières poursuivies par le Syndicat. Depuis sa "
     "création, le SIVALOR a étendu son action. Le SIVALOR est aujourd'hui un acteur du tri ; les activités du "
     "SIVALOR et du Syndicat de la Vallée voisine, du SIVALOR encore. Les effectifs du Syndicat, le contrat passé avec le SDIS.", "SIVALOR"),
    # an acronym the text never claims as itself names no body
    ("RAPPORT D'ACTIVITÉ 2024. La convention avec le SDED, les travaux du SDED, la participation au SDED.", None),
])
def test_a_text_no_assembly_signs_names_its_body_in_its_prose(text, body):
    found = find_collectivite(text, fold(text))
    assert (found and found[0]) == body


def test_an_article_of_the_decision_is_no_title():
    text = ("CONSEIL DÉPARTEMENTAL DE LA DRÔME\nSéance du 12 mars 2024\nDÉLIBÉRATION N° CP 2024-112\nArticle 1 : "
            "Décide d'attribuer une subvention de 2 000 € au club de voile, après en avoir délibéré à l'unanimité.\n"
            "Article 2 : Autorise le président à signer la convention.")
    assert not (extract([text]).deliberations[0].objet or "").startswith("Article")


def test_an_extrait_headed_by_its_dated_number_is_a_deliberation():
    text = ("COMMUNE DE BRIVES\nDélibération n°2024/15 du 12 mars 2024\nOBJET : TARIFS DE LA CANTINE SCOLAIRE\n"
            "Le conseil, à l'unanimité, APPROUVE les tarifs.")
    assert [(d.numero, d.objet) for d in extract([text]).deliberations] == [("2024/15", "TARIFS DE LA CANTINE SCOLAIRE")]


def test_an_act_cited_with_its_date_makes_no_deliberation_of_an_arrete():
    text = ("ARRÊTÉ N° 2024-031 portant fermeture de la salle des fêtes. Le Maire de Brives, Vu la délibération "
            "n° 2024/15 du 12 mars 2024, ARRÊTE : Article 1 : la salle est fermée.")
    assert extract([text]).deliberations == []


def test_an_extrait_headed_by_a_dcm_label_is_a_deliberation():
    text = "MAIRIE DE BRIVES\nDCM 2024-15\nTarifs de la cantine\nLe conseil approuve les tarifs. Adopté à l'unanimité."
    assert [(d.numero, d.objet) for d in extract([text]).deliberations] == [("2024-15", "Tarifs de la cantine")]


@pytest.mark.parametrize("line, objet", [
    ("1. Tarifs de la cantine : adopté à l'unanimité.", "Tarifs de la cantine"),
    ("1. Vente d'un terrain - approuvée par 12 voix pour et 2 contre.", "Vente d'un terrain"),
    ("1. Vente d'un terrain (12 pour, 3 contre) adoptée.", "Vente d'un terrain"),
    ("1. Budget primitif 2024 (unanimité)", "Budget primitif 2024"),
    ("1. Taux d'imposition (rapporteur : Mme Anne MARTIN) : adopté à l'unanimité.", "Taux d'imposition"),  # nor its rapporteur
])
def test_an_outcome_after_its_title_is_no_part_of_it(line, objet):
    text = "Commune de Brives\nCompte rendu de la séance du 12 mars 2024\n" + line + "\n2. Divers : adopté à l'unanimité.\n"
    assert extract([text]).deliberations[0].objet == objet


def test_the_title_ends_before_a_line_opening_on_its_outcome():
    text = ("Commune de Brives\nCompte rendu de la séance du 12 mars 2024\nPoint n°1 : Budget primitif 2024\n"
            "Adopté à l'unanimité.\nPoint n°2 : Taux d'imposition\nAdopté à l'unanimité.\n")
    assert [d.objet for d in extract([text]).deliberations] == ["Budget primitif 2024", "Taux d'imposition"]
