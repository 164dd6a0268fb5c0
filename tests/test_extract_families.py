"""Segmentation by decisions: the split that explains the document's decisions wins.

Each test is an invented, real-shaped document for one fact of French minutes and acts: what
opens an item, and what does not.
"""

from __future__ import annotations

import pytest

from registre.extract.deliberation import extract
from registre.extract.segment import segment
from registre.extract.text import fold

OPENING = ("PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL MUNICIPAL DU 14 MARS 2023 L'an deux mille vingt-trois, le "
           "quatorze mars à vingt heures, le Conseil Municipal s'est réuni sous la présidence de M. Paul DURAND, "
           "Maire. Présents : Paul DURAND, Anne MOREL, Luc PETIT. Secrétaire de séance : Luc PETIT. ")
VOTED = "Après en avoir délibéré, le Conseil Municipal, à l'unanimité, APPROUVE la proposition. "


def numeros(text: str) -> list[str | None]:
    return [d.numero for d in extract([text]).deliberations]


def test_an_agenda_sharing_the_bodys_numbering_opens_no_item():
    agenda = "Ordre du jour : " + " ".join(f"{n} - {t}" for n, t in enumerate(
        ["Garantie d'emprunt", "Subventions aux associations", "Convention de mutualisation", "Tarifs 2023",
         "Cession d'un terrain", "Adhésion au syndicat"], start=1)) + " "
    body = "Délibération DB-2023-021 - Garantie d'emprunt pour l'opération du centre-bourg. " + VOTED
    assert numeros(OPENING + agenda + body) == ["DB-2023-021"]


def test_a_list_inside_one_deliberation_does_not_split_it():
    lots = " ".join(f"{n}- {lot} : attribué à l'entreprise X pour 10 000 €." for n, lot in enumerate(
        ["Gros œuvre", "Charpente", "Couverture", "Menuiseries", "Plâtrerie", "Électricité", "Plomberie"], start=1))
    text = (OPENING + "Délibération n° 2023-014 : Attribution des lots du marché de la salle des fêtes. Le Maire "
            "rappelle la consultation. " + lots + " " + VOTED +
            "Délibération n° 2023-015 : Tarifs de la cantine. Le Maire présente les tarifs. " + VOTED)
    assert numeros(text) == ["2023-014", "2023-015"]


@pytest.mark.parametrize("numbering", [
    ["2.2", "2.3", "3", "4"],  # decimal sub-points under a theme
])
def test_sub_points_under_a_theme_are_the_items(numbering):
    text = (OPENING + "1. Procès-verbal de la séance précédente Aucune remarque, il est signé. "
            "2. Affaires financières 2.1 Etat des comptes au 31 décembre Pas de remarque. ")
    for n in numbering:
        mark = n if "." in n else f"{n}."
        text += f"{mark} Délibération relative au dossier {n} de l'ordre du jour Le Maire expose le dossier. " \
                "VOTE : 13 POUR 0 CONTRE – 0 ABSTENTION "
    assert numeros(text) == numbering


def test_lettered_sub_points_are_numbered_after_their_point():
    text = (OPENING.replace(". ", ".\n") + "\n1) TARIFS DE LA CANTINE\nLe Maire présente les tarifs.\n" + VOTED +
            "\n2) DESIGNATION DES DELEGUES AUX SYNDICATS\na) REPRESENTANTS AUPRES DU SIAEP\n" + VOTED +
            "\nb) REPRESENTANTS AUPRES DU SYNDICAT D'ENERGIE\n" + VOTED + "\n")
    assert numeros(text) == ["1", "2a", "2b"]


def test_points_whose_line_breaks_were_lost_follow_a_heading_or_a_vote():
    text = OPENING + "Etude de l'ordre du jour 1. Procès-verbal de la séance précédente Aucune remarque. "
    for n in (2, 3, 4):
        text += f"{n}. Délibération pour la convention n° {n} avec le syndicat Le Maire expose. " \
                "VOTE : 13 POUR – 0 CONTRE – 0 ABSTENTION "
    assert numeros(text) == ["2", "3", "4"]


def test_the_operative_clauses_of_a_dispositif_open_no_item():
    text = (OPENING + "Délibération n° 9-02-2023 – Création d'une maison de retraite Le Maire expose. Le Conseil "
            "Municipal après en avoir délibéré A l'unanimité 1. ACCEPTE le projet d'implantation ; 2. AUTORISE "
            "Monsieur le Maire à solliciter la Mutualité. Délibération n° 10-02-2023 - Durée des amortissements "
            "Le Maire expose. " + VOTED)
    assert numeros(text) == ["9-02-2023", "10-02-2023"]


def test_a_table_of_contents_opens_no_item():
    toc = "SOMMAIRE " + " ".join(f"N°{n} {t} ........................ {p}" for n, t, p in [
        (1, "Approbation du budget primitif 2023", 9), (2, "Vote des taux", 24), (3, "Subventions", 26),
        (4, "Adoption de protocoles transactionnels", 33)])
    result = extract([OPENING + toc + " La séance est ouverte à 19 heures sous la pré"])
    assert result.deliberations == [] and result.doc_type == "proces_verbal"


def test_the_mayors_decisions_under_delegation_are_no_deliberation():
    text = (OPENING + "1 / TARIFS DE LA CANTINE Le Maire présente les tarifs. " + VOTED +
            "DECISIONS DU MAIRE PRISES PAR DELEGATION DU CONSEIL MUNICIPAL Le Maire rend compte des décisions "
            "suivantes : Décision n° 2023-01 : Le Maire DÉCIDE de signer un contrat de location. Décision n° "
            "2023-02 : Le Maire DÉCIDE de louer un emplacement du domaine public. "
            "2 / APPROBATION DU COMPTE ADMINISTRATIF 2022 Le Maire quitte la salle. " + VOTED)
    assert numeros(text) == ["1", "2"]


@pytest.mark.parametrize("note", ["(arrivée au point 3)", "(à partir du dossier n°3)", "(jusqu'au point 2)"])
def test_an_attendance_note_citing_an_item_opens_none(note):
    text = OPENING.replace("Luc PETIT. Secrétaire", f"Luc PETIT {note}. Secrétaire")
    for n in (1, 2, 3):
        text += f"{n}. Subvention numéro {n} aux associations Le Maire expose. " + VOTED
    assert numeros(text) == ["1", "2", "3"]


def test_an_extrait_with_the_minutes_of_another_session_annexed_is_one_deliberation():
    text = ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL Séance du 23 janvier 2023 N° 2023 1 1 "
            "L'an deux mille vingt-trois, le vingt-trois janvier. Présents : Anne MOREL, Luc PETIT. OBJET : APPROBATION DU PROCÈS VERBAL DE LA SÉANCE DU 9 DÉCEMBRE "
            "2022 Le Maire donne lecture du dernier procès-verbal. " + VOTED + "FAIT ET DÉLIBÉRÉ LES JOURS, MOIS "
            "ET AN QUE DESSUS. Pour copie conforme. TRANSCRIPTION SÉANCE DU CONSEIL MUNICIPAL DU 9 DÉCEMBRE 2022 "
            "Etaient présents : Paul DURAND, Marc LEROY. 1- APPROBATION DU PROCÈS VERBAL DU 21 OCTOBRE Adopté à "
            "l'unanimité. 2- PROGRAMME LOCAL DE L'HABITAT Avis favorable à l'unanimité. 3- SYNDICAT DES EAUX "
            "Rapport annuel. L'assemblée a pris acte de cette communication. " + "Discussion. " * 40)
    (only,) = extract([text]).deliberations
    assert only.numero == "2023 1 1" and only.presents_noms == ["Anne MOREL", "Luc PETIT"]


def test_the_last_act_heading_of_a_text_cut_before_its_vote_is_a_deliberation():
    text = OPENING + "1. Tarifs de la cantine Le Maire présente les tarifs. " + VOTED + \
        "2. Délibération attestant de la tenue du débat sur le PADD Le Maire rappelle l'exposition itinérante"
    assert numeros(text) == ["1", "2"]


def test_a_last_item_deciding_nothing_in_closed_minutes_is_none():
    text = OPENING + "1. Tarifs de la cantine Le Maire présente les tarifs. " + VOTED + \
        "2. Point sur les travaux de voirie Le Maire fait le point. L'ordre du jour étant épuisé, la séance est levée."
    assert numeros(text) == ["1"]


def test_a_numbering_goes_on_to_its_last_printed_number():
    """Point 3 decides nothing (no deliberation); point 4 is not swallowed by it."""
    text = OPENING.replace(". ", ".\n")
    for n in range(1, 5):
        text += f"\n{n}. SUBVENTION NUMERO {n}\nLe Maire expose le dossier.\n"
        if n != 3:
            text += VOTED + "\n"
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["1", "2", "4"] and result[-1].objet == "SUBVENTION NUMERO 4"


def test_minutes_cut_before_their_first_item_hold_no_deliberation():
    text = OPENING + ("ORDRE DU JOUR 1. Tarifs de la cantine 2. Cession d'un terrain 3. Subvention au club "
                      "La séance est ouverte à 20 h, le Maire procède à l'appel nominal des conseillers")
    result = extract([text])
    assert result.deliberations == [] and result.doc_type == "proces_verbal"


def test_ocr_reads_a_points_eleven_as_n():
    text = OPENING.replace(". ", ".\n")
    for n in ("9", "10", "n"):
        text += f"\n{n}. SUBVENTION AU CLUB {n.upper()}\nLe Maire expose le dossier.\n" + VOTED + "\n"
    assert numeros(text) == ["9", "10", "11"]


def test_a_point_whose_title_follows_its_act_number():
    text = OPENING + "1. Tarifs de la cantine Le Maire présente. " + VOTED + \
        "2. N° DEL2023-01 : Création de l'entente intercommunale pour le portage de repas Mme X expose. " + VOTED
    result = extract([text]).deliberations
    assert result[1].numero == "DEL2023-01"
    assert result[1].objet == "Création de l'entente intercommunale pour le portage de repas"



def test_approving_the_previous_minutes_in_the_opening_leaves_the_points_their_decisions():
    opening = (OPENING + "Le Maire remercie les services municipaux pour la préparation de la salle et des "
               "documents. Le Conseil décide à l'unanimité de valider le procès-verbal du dernier conseil. ")
    text = (opening + "1. Point d'information Le Maire présente les animations de l'été et remercie les bénévoles. "
            "2. Tarifs de la cantine Le Maire présente les tarifs. " + VOTED)
    assert numeros(text) == ["2"]


def test_a_roll_call_in_capitals_opens_no_item():
    roll = "Présents : DURAND PETIT Paul, LE GALL Anne, MOREL Luc, BLANC Marie. "
    minutes = ("PROCÈS-VERBAL DU CONSEIL MUNICIPAL DU 14 MARS 2023 " + roll + "Le Maire remercie les services "
               "pour la préparation de la salle. Le Conseil décide à l'unanimité de maintenir les montants alloués aux associations. "
               "TARIFS DE LA CANTINE Le Maire présente les tarifs. " + VOTED
               + "VENTE D'UN TERRAIN Le Maire présente la vente. " + VOTED
               + "ADHÉSION AU SYNDICAT Le Maire présente l'adhésion. " + VOTED)
    objets = [d.objet or "" for d in extract([minutes]).deliberations]
    assert objets == ["TARIFS DE LA CANTINE", "VENTE D'UN TERRAIN", "ADHÉSION AU SYNDICAT"]



def test_a_heading_before_a_table_of_contents_in_a_file_deciding_nothing_is_no_act():
    contents = "AFFAIRES INSCRITES A L'ORDRE DU JOUR N° Pages " + " ".join(
        f".{n} Rapport numéro {n} sur les travaux{'.' * 40} {n + 4:02d}" for n in range(1, 8))
    text = ("Plan Local d'Urbanisme Dossier soumis à enquête 6. PIÈCES ADMINISTRATIVES SOMMAIRE Hommage au "
            "directeur du service des espaces verts, décédé le 15 mars 2017, auquel l'assemblée rend hommage. "
            + "Il a servi la collectivité pendant trente ans avec dévouement et compétence. " * 4
            + contents + " M. le Président : Je vais maintenant faire l'appel. Le quorum est atteint.")
    found = segment(text, fold(text), 2017)
    assert [it.numero for it in found.items] == [None]  # the whole text, no act's heading


@pytest.mark.parametrize("heading", ["POINTS RAJOUTÉS À L'ORDRE DU JOUR", "Questions supplémentaires",
                                     "Points ajoutés en début de séance", "DOSSIERS ADDITIONNELS"])
def test_points_added_to_the_agenda_are_numbered_anew_under_their_heading(heading):
    text = OPENING.replace(". ", ".\n")
    for n, title in enumerate(["TARIFS DE LA CANTINE", "CESSION D'UN TERRAIN", "SUBVENTION AU CLUB"], start=1):
        text += f"\n{n}. {title}\nLe Maire expose le dossier.\n{VOTED}\n"
    text += f"\n{heading}\n"
    for n, title in enumerate(["RENFORCEMENT DU RESEAU ELECTRIQUE", "ADHESION AU GROUPEMENT"], start=1):
        text += f"\n{n}. {title}\nLe Maire expose le dossier.\n{VOTED}\n"
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["1", "2", "3", "1", "2"]
    assert result[-1].objet == "ADHESION AU GROUPEMENT"


def test_a_numbering_does_not_restart_without_a_heading_of_added_points():
    text = OPENING.replace(". ", ".\n")
    for n, title in enumerate(["TARIFS DE LA CANTINE", "CESSION D'UN TERRAIN"], start=1):
        text += f"\n{n}. {title}\nLe Maire expose le dossier.\n{VOTED}\n"
    text += "\n3. SUBVENTION AU CLUB\nLe Maire expose les pièces :\n1. le budget du club\n2. ses statuts\n" + VOTED
    assert numeros(text) == ["1", "2", "3"]


@pytest.mark.parametrize("stem, sep", [("", "-"), ("", "."), ("20241015 ", "-")])
def test_sub_points_each_voted_under_a_point_are_its_deliberations(stem, sep):
    text = OPENING.replace(". ", ".\n")
    dot = "" if stem else "."  # "20241015 1 Tarifs …": a dated act number, "1. Tarifs …": a point
    text += f"\n{stem}1{dot} TARIFS DE LA CANTINE\nLe Maire expose le dossier.\n{VOTED}\n"
    text += f"\n{stem}2{dot} FÊTE DU VILLAGE : délibérations relatives aux frais de la fête\n"
    for n, title in enumerate(["Indemnisation des exploitants", "Subvention au comité des fêtes",
                               "Remboursement des repas"], start=1):
        text += f"\n2{sep}{n} {title}\nLe Maire expose le dossier.\n{VOTED}\n"
    text += f"\n{stem}3{dot} CESSION D'UN TERRAIN\nLe Maire expose le dossier.\n{VOTED}\n"
    result = extract([text]).deliberations
    assert [d.numero for d in result] == [f"{stem}1", f"{stem}2{sep}1", f"{stem}2{sep}2", f"{stem}2{sep}3", f"{stem}3"]
    assert result[2].objet == "Subvention au comité des fêtes"


def test_the_parts_of_a_point_voted_once_leave_it_whole():
    text = OPENING.replace(". ", ".\n")
    text += f"\n1. TARIFS DE LA CANTINE\nLe Maire expose le dossier.\n{VOTED}\n"
    text += "\n2. BUDGET PRIMITIF 2024\n2-1 Section de fonctionnement\nLes dépenses s'élèvent à 10 000 €.\n"
    text += "2-2 Section d'investissement\nLes dépenses s'élèvent à 5 000 €.\n" + VOTED + "\n"
    assert numeros(text) == ["1", "2"]


@pytest.mark.parametrize("heading", ["POINT RAJOUTÉ À L'ORDRE DU JOUR :", "Point ajouté à l'ordre du jour",
                                     "QUESTION SUPPLÉMENTAIRE\nQUESTION SUPPLÉMENTAIRE"])
def test_an_unnumbered_point_added_to_the_agenda_is_a_deliberation_of_its_own(heading):
    text = OPENING.replace(". ", ".\n")
    for n, title in enumerate(["TARIFS DE LA CANTINE", "CESSION D'UN TERRAIN", "SUBVENTION AU CLUB",
                               "ADHESION AU SYNDICAT", "AVENANT AU MARCHE"], start=1):
        text += f"\n{n}. {title}\nLe Maire expose le dossier.\n{VOTED}\n"
    text += f"\n{heading}\nENFOUISSEMENT DES RESEAUX CHEMIN DES VIGNES\nLe Maire expose le dossier.\n{VOTED}\n"
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["1", "2", "3", "4", "5", None]
    assert result[-1].objet == "ENFOUISSEMENT DES RESEAUX CHEMIN DES VIGNES"


def test_a_heading_of_added_points_with_nothing_voted_under_it_splits_nothing():
    text = OPENING.replace(". ", ".\n")
    for n, title in enumerate(["TARIFS DE LA CANTINE", "CESSION D'UN TERRAIN"], start=1):
        text += f"\n{n}. {title}\nLe Maire expose le dossier.\n{VOTED}\n"
    text += "\nQUESTIONS SUPPLÉMENTAIRES\nAucune question n'est posée. La séance est levée à 22 h.\n"
    assert numeros(text) == ["1", "2"]


@pytest.mark.parametrize("ocr_mark", ["3,", "3 ,"])
def test_ocr_reads_a_points_stop_as_a_comma_before_a_title_in_capitals(ocr_mark):
    text = OPENING.replace(". ", ".\n")
    for n, title in enumerate(["FISCALITÉ - Taux des impôts locaux", "BÂTIMENTS - Accessibilité",
                               "RÉSEAUX - Dévoiement de la canalisation", "VOIRIE - Programme 2024"], start=1):
        mark = ocr_mark if n == 3 else f"{n}."
        text += f"\n{mark} {title}\nLe Maire expose le dossier.\nVote favorable à l'unanimité des membres présents.\n"
    assert numeros(text) == (["1", "2", "3", "4"] if ocr_mark == "3," else ["1", "2", "4"])


def test_an_address_in_capitals_at_a_line_start_is_no_point():
    text = OPENING.replace(". ", ".\n")
    for n, title in enumerate(["TARIFS DE LA CANTINE", "CESSION D'UN TERRAIN", "SUBVENTION AU CLUB"], start=1):
        text += f"\n{n}. {title}\nLe Maire expose le dossier.\n{VOTED}\n"
        if n == 1:
            text += "La cantine est située au\n2, RUE DE LA GARE\nà côté de l'école.\n"
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["1", "2", "3"] and result[1].objet == "CESSION D'UN TERRAIN"


def test_a_point_examined_out_of_turn_is_an_item_of_its_own():
    """Point 5 is examined between points 2 and 3: printed like every other point, it breaks the
    order, and its vote is its own, not point 2's."""
    text = OPENING.replace(". ", ".\n")
    order = [(1, "Information : actualités de la communauté urbaine", False), (2, "Délibération : tarifs de la cantine", True),
             (5, "Délibération : subvention au club", True), (3, "Délibération : cession d'un terrain", True),
             (4, "Délibération : adhésion au syndicat", True), (6, "Délibération : avenant au marché", True)]
    for n, title, voted in order:
        text += f"\n{n}-) {title}\nLe Maire expose le dossier.\n" + (VOTED if voted else "Pas de remarque.") + "\n"
    result = extract([text]).deliberations
    assert [d.numero for d in result] == ["2", "5", "3", "4", "6"]
    assert result[1].objet.endswith("subvention au club")


def test_a_stray_figure_printed_otherwise_is_not_taken_for_a_point_out_of_turn():
    text = OPENING.replace(". ", ".\n")
    for n in range(1, 5):
        text += f"\n{n}-) Délibération : dossier numéro {n}\nLe Maire expose le dossier.\n{VOTED}\n"
        if n == 2:
            text += "Les lots retenus :\n7 - Menuiseries extérieures attribué à l'entreprise X.\n"
    assert numeros(text) == ["1", "2", "3", "4"]


def test_minutes_of_themed_titles_and_vote_lines_keep_their_first_item_without_an_agenda():
    """"FINANCES – …", a discussion, "Vote favorable à l'unanimité": without an agenda, no vote
    line opens the first item; it opens on its themed title like the others."""
    text = ("Conseil municipal du 8 avril 2024 à 18 heures\nCompte-rendu\n\nPrésents : Paul DURAND, Anne MOREL, "
            "Luc PETIT.\nSecrétaire de séance : Luc PETIT.\n\nLecture des délibérations du précédent conseil. "
            "Pas d'observations.\n\n")
    titles = ["FINANCES – Budget de l'eau – Compte de gestion 2023", "FINANCES – Budget principal – Taux 2024",
              "VOIRIE – Programme de travaux 2024", "PERSONNEL – Plan de formation 2024"]
    for title in titles:
        text += f"{title}\n\nMonsieur le maire présente le dossier au conseil municipal.\n\n" \
                "Vote favorable à l'unanimité des membres présents et représentés.\n\n"
    result = extract([text]).deliberations
    assert [d.objet for d in result] == titles
