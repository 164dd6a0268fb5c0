"""Attendance rules on invented, real-shaped strings: who was present, absent, represented, counted."""

from __future__ import annotations

import pytest

from registre.extract.attendance import fill_missing, read_attendance
from registre.extract.counts import counts_by_acts, counts_of_act, read_counts
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


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(" ".join(a.text.split()), " ".join(b.text.split())) for a, b in read_attendance(text).procurations]


@pytest.mark.parametrize("text, pairs", [
    # a proxy list whose separators were lost: the names between two " à " are a mandataire, then a mandant
    ("Pouvoirs : Mme Anne ROUX à M. Paul VERT M. Luc GRIS à Mme Léa BRUN Secrétaire de séance : Paul VERT",
     [("Anne ROUX", "Paul VERT"), ("Luc GRIS", "Léa BRUN")]),
    ("Conseillers absents ayant donné procuration : 3 ROUX Anne à VERT Paul GRIS Luc à BRUN Léa NOIR Jean à "
     "BLANC Marc Conseillers excusés : 1 ROSE Lise.",
     [("ROUX Anne", "VERT Paul"), ("GRIS Luc", "BRUN Léa"), ("NOIR Jean", "BLANC Marc")]),
    # "X procuration à Y" entries joined by dashes
    ("ABSENTS AYANT DONNE PROCURATION : M. ROUX A. procuration à M. VERT P. – Mme GRIS L. procuration à "
     "Mme BRUN J. ABSENTS : M. NOIR",
     [("ROUX A.", "VERT P."), ("GRIS L.", "BRUN J.")]),
    # "Représentés : X par Y"
    ("Représentés : Mme Anne ROUX par M. Paul VERT, M. Luc GRIS par Mme Léa BRUN Absents excusés : M. Jean NOIR",
     [("Anne ROUX", "Paul VERT"), ("Luc GRIS", "Léa BRUN")]),
    # labels of those who gave a proxy (OCR reads "Mme" as "Mmc")
    ("A donné pouvoir: Mme Anne ROUX à M. Paul VERT Mme Léa BRUN à M. Luc GRIS Absents excusés Mmes NOIR",
     [("Anne ROUX", "Paul VERT"), ("Léa BRUN", "Luc GRIS")]),
    ("Ont donné pouvoir : Mmc Anne ROUX à M. Paul VERT, Mme Léa BRUN à M. Luc GRIS.",  # OCR's "Mmc"
     [("Anne ROUX", "Paul VERT"), ("Léa BRUN", "Luc GRIS")]),
    # a note in parentheses holds no separator and no " à "
    ("Absents ayant donné procuration : Anne ROUX procuration à Paul VERT (DEL_001 à _003, _007) "
     "Luc GRIS procuration à Léa BRUN", [("Anne ROUX", "Paul VERT"), ("Luc GRIS", "Léa BRUN")]),
    ("Pouvoirs : Anne ROUX à Paul VERT (points 1, 2 et 4), Luc GRIS à Léa BRUN",
     [("Anne ROUX", "Paul VERT"), ("Luc GRIS", "Léa BRUN")]),
    # a line that ends on its " à " or " par " goes on with the mandataire on the next line
    ("Représentés : Mme Anne ROUX par Mme Léa BRUN, Mme Lise VERT par\nM. Jean-Luc GRIS, M. Paul NOIR par\n"
     "Mme Ana BLANC Absents excusés : M. Hugo ROSE",
     [("Anne ROUX", "Léa BRUN"), ("Lise VERT", "Jean-Luc GRIS"), ("Paul NOIR", "Ana BLANC")]),
    # a list wrapped across lines (several " à " a line) is not one proxy a line
    ("Absents ayant donné procuration : 3\nROUX Anne à VERT Paul GRIS Luc à BRUN Léa NOIR\nJean à BLANC Marc "
     "Conseillers excusés : 1 ROSE Lise.",
     [("ROUX Anne", "VERT Paul"), ("GRIS Luc", "BRUN Léa"), ("NOIR Jean", "BLANC Marc")]),
    ("Absents ayant donné procuration : Anne ROUX procuration à Paul VERT Luc GRIS procuration\nà Léa BRUN Jean "
     "NOIR procuration à Marc BLANC\nAbsents : Lise ROSE",
     [("Anne ROUX", "Paul VERT"), ("Luc GRIS", "Léa BRUN"), ("Jean NOIR", "Marc BLANC")]),
])
def test_proxy_lists(text, pairs):
    assert _pairs(text) == pairs


@pytest.mark.parametrize("text, pairs, absents", [
    # one proxy a line, no other separator: a line is an entry; names alone gave no proxy
    ("Etaient absents excusés :\n\nP.ROUX : procuration à Y. VERT\nF.GRIS : procuration à S.BRUN\n"
     "N.NOIR — H.BLANC\n\nSecrétaire de séance : S.BRUN",
     [("P.ROUX", "Y. VERT"), ("F.GRIS", "S.BRUN")], ["P.ROUX", "F.GRIS", "N.NOIR", "H.BLANC"]),
    ("Absents excusés :\nA.ROUX : procuration à C.VERT\nL.GRIS : procuration à C.BRUN\n\nKKRKEX\n\n"
     "Monsieur le maire remercie les présents.",
     [("A.ROUX", "C.VERT"), ("L.GRIS", "C.BRUN")], ["A.ROUX", "L.GRIS"]),  # an OCR'd ornament line ends it
])
def test_proxies_one_a_line(text, pairs, absents):
    att = read_attendance(text)
    assert [(a.text, b.text) for a, b in att.procurations] == pairs
    assert [n.text for n in att.absents] == absents


@pytest.mark.parametrize("text, presents, absents", [
    # labels without a colon when a civility follows
    ("Présent(e)s Madame Anne ROUX, Monsieur Paul VERT Absent(e)s excusé(e)s Madame Léa BRUN. La séance est ouverte.",
     ["Anne ROUX", "Paul VERT"], ["Léa BRUN"]),
    ("Etaient présents Mmes ROUX, VERT Absents excusés Mmes BRUN et GRIS M. NOIR Secrétaire de séance : Mme ROUX",
     ["ROUX", "VERT"], ["BRUN", "GRIS", "NOIR"]),
    ("Assistaient à la séance : M. Paul VERT, Mme Léa BRUN. Etait absent : M. Luc GRIS.",
     ["Paul VERT", "Léa BRUN"], ["Luc GRIS"]),
])
def test_labels_without_colon(text, presents, absents):
    att = read_attendance(text)
    assert [n.text for n in att.presents] == presents
    assert [n.text for n in att.absents] == absents


def test_a_president_label_ends_an_absents_list():
    att = read_attendance("Absents : Luc GRIS (point 3) Anne ROUX Président de séance : Paul VERT")
    assert [n.text for n in att.absents] == ["Luc GRIS", "Anne ROUX"]


@pytest.mark.parametrize("segment, names", [
    ("C.ROUX -T.VERT — N.GRIS", ["C.ROUX", "T.VERT", "N.GRIS"]),
    ("Y. ROUX F.VERT", ["Y. ROUX", "F.VERT"]),
    ("M.ROUX Jean-Paul, M.VERT Gérard", ["M.ROUX Jean-Paul", "M.VERT Gérard"]),  # NOM Prénom keeps its first name
])
def test_an_initial_glued_to_a_surname_is_a_whole_name(segment, names):
    assert [n.text for n in parse_names(segment)] == names


@pytest.mark.parametrize("text, expected", [
    # a table flattened into a row of labels and a row of values, in either order
    ("En exercice Présents Votants 29 22 26 Le conseil", {"membres_en_exercice": 29, "presents": 22, "votants": 26}),
    ("31 18 4 22 Nombre de conseillers en exercice Présents Procurations Votants N° 2024 12",
     {"membres_en_exercice": 31, "presents": 18, "representes": 4, "votants": 22}),
    ("En exercice | Présents | Absents | Votants\n19 | 15 | 4 | 17",
     {"membres_en_exercice": 19, "presents": 15, "votants": 17}),
    # the values first, after prose and other figures: the table starts at its values
    ("Séance du 12 mars 2024 à 18 h 30, salle 2.\n| 31 | 18 | 4 | 22 | En exercice Présents Procurations Votants",
     {"membres_en_exercice": 31, "presents": 18, "representes": 4, "votants": 22}),
    ("Absents excusés : M. DUPONT. Convoqués le 3 mars. 29 22 26 En exercice Présents Votants",
     {"membres_en_exercice": 29, "presents": 22, "votants": 26}),
])
def test_counts_as_a_label_and_value_table(text, expected):
    assert {k: v[0] for k, v in read_counts(text).items()} == expected


@pytest.mark.parametrize("text, numero, expected", [
    ("N° de délibération Présents Absents représentés Votants 1746 à 1753 51 19 22 73 1754 à 1817 49 19 24 73 "
     "Exposé des motifs", "2020-02-25 1786", {"presents": 49, "representes": 24, "votants": 73}),
    ("N° de délibération Présents Absents représentés Votants 1746 à 1753 51 19 22 | 73 1754 à 1817 49 19 24 73",
     "1750", {"presents": 51, "representes": 22, "votants": 73}),
    ("Délibérations | Présents | Pouvoirs | Votants\n1 à 8 | 27 | 4 | 31\n9 à 21 | 25 | 5 | 30\n", "DEL 2024-12",
     {"presents": 25, "representes": 5, "votants": 30}),
    # an act outside every run, or a number-less one, takes none of them
    ("Délibérations Présents Votants 1 à 8 27 31 9 à 21 25 30", "2024-040", {}),
    ("Délibérations Présents Votants 1 à 8 27 31", "Budget", {}),
])
def test_counts_printed_per_run_of_acts(text, numero, expected):
    found = counts_of_act(counts_by_acts(text), numero)
    assert {k: v[0] for k, v in found.items()} == expected
    assert all(text[s:e] == str(v) for v, s, e in found.values())  # the spans point at the figures


def test_an_extrait_takes_the_counts_of_its_own_run_of_acts():
    text = ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DÉLIBÉRATION n°2024-118 Convention avec la Région L'an deux mille "
            "vingt-quatre, le 12 mars, le conseil s'est réuni. Présent 4 M. ROUX. Nombre de conseillers en exercice : 60 "
            "N° de délibération Présents Absents représentés Votants 101 à 117 41 12 7 48 118 à 140 40 12 8 48 "
            "Le conseil, après en avoir délibéré, approuve à l'unanimité la convention.")
    delib = extract([text]).deliberations[0]
    assert (delib.membres_en_exercice, delib.presents, delib.representes, delib.votants) == (60, 40, 8, 48)


@pytest.mark.parametrize("text, field, value", [
    ("Afférents : 33 – En exercice : 32 – Présents : 25", "membres_en_exercice", 32),  # the right label wins
    ("Nombre de membres composant le conseil : 45", "membres_en_exercice", 45),
    ("Nombre de conseillers en exercice composant le comité syndical 38 Présents 30", "membres_en_exercice", 38),
    ("De la question 3 à la 12 Présents : 41 40 Pouvoirs : 8 9", "presents", 41),  # "12 Présents" is no count
    ("Absents : 2 3 2 Pouvoirs : 7 6 7", "representes", 7),
    ("Présents ........ 22 Votants ....... 25", "presents", 22),
    ("Votants ....... 25", "votants", 25),
    ("Présents en séance : 51", "presents", 51),
    ("Nombre de conseillers présents (y compris ceux ayant donné procuration) : 26", "presents", 26),
    ("21 puis 22 conseillers communautaires étaient présents :", "presents", 21),
    ("4 puis 3 conseillers communautaires avaient donné pouvoir :", "representes", 4),
    ("Absents ayant donné pouvoir 5 CANTON (Jean ROUX donne pouvoir à Luc VERT)", "representes", 5),
    ("Le nombre de conseillers présents est de 21, le quorum est atteint", "presents", 21),
    # the value before its label
    ("Le conseil, composé de 15 membres en exercice, dont 12 présents", "membres_en_exercice", 15),
    ("15 conseillers en exercice, 12 présents, 2 représentés, 14 votants", "representes", 2),
])
def test_count_labels(text, field, value):
    assert read_counts(text)[field][0] == value


@pytest.mark.parametrize("text", [
    "Nombre de conseillers présents ou représentés : 24",
    "Quorum atteint avec 11 élus représentés (minimum 7 élus représentés).",
])
def test_members_present_or_represented_are_no_count_of_proxies(text):
    assert "representes" not in read_counts(text)


@pytest.mark.parametrize("text, president", [
    ("le conseil s'est réuni sous la présidence d'Auguste ROUX. Date de convocation : 2 mars", "Auguste ROUX"),
    ("sous la présidence de Monsieur le Président, Antoine VERT. Présents : M. Luc GRIS", "Antoine VERT"),
    ("en séance plénière ouverte par son président, Monsieur Lebrun, sur convocation individuelle", "Lebrun"),
    ("APRES AVOIR procédé à l'appel nominal, MADAME Claire de Villiers, Maire, déclare la séance ouverte.",
     "Claire de Villiers"),
    ("Le quorum étant atteint, M. Paul NOIR, Président, ouvre la séance à 18h.", "Paul NOIR"),
    # the convener presides, when nothing else names the president
    ("s'est réuni à la mairie, sur la convocation de Monsieur Hugo de BRUN, Maire. Etaient présents : Hugo de BRUN",
     "Hugo de BRUN"),
    ("se sont réunis sur la convocation qui leur a été adressée par la Présidente, Mme Léa ROSE. En exercice : 37",
     "Léa ROSE"),
    # "la Maire" unnamed: the member listed with the bare role in apposition
    ("sous la présidence de Mme la Maire. Etaient présents : Mme Léa ROSE, Maire, M. Luc GRIS, Maire-adjoint",
     "Léa ROSE"),
    # the role, then the name, before its verb; a bare "Présidence :" label
    ("Le quorum étant atteint, Monsieur le Maire, Pierre BLANC, ouvre la séance à 20 heures.", "Pierre BLANC"),
    ("Séance du 3 mars 2024. Présidence : M. Alain GRIS. Secrétaire : Mme Lou ROUX", "Alain GRIS"),
])
def test_president_phrases(text, president):
    assert read_attendance(text).president.text == president


@pytest.mark.parametrize("text", [
    # a phrase that names nobody at once yields no president (not the next heading in capitals)
    "Ces formalités remplies, sous la présidence de Monsieur le Maire, la séance est ouverte. 1 APPROBATION DU PV",
    "Le quorum étant atteint, Monsieur le Maire ouvre la séance. Paul VERT présente le budget.",
    "sous la présidence de Mme la Maire. Présents : M. Luc ROUX, Maire de Beaulieu, Mme Ana GRIS",
])
def test_no_president_where_none_is_named(text):
    assert read_attendance(text).president is None


@pytest.mark.parametrize("text, secretary", [
    ("le Président propose que le secrétariat de la présente séance soit assuré par M. ROUX. Une minute de silence",
     "ROUX"),
    ("M. le maire ouvre la séance. Il nomme Léa Verdier, secrétaire de séance. M. le maire demande", "Léa Verdier"),
    ("Secrétaire de séance désigné à l'unanimité : Jean-Paul NOIR.\n", "Jean-Paul NOIR"),
    ("DESIGNATION DU SECRETAIRE DE SEANCE Rapporteur : Mme F ROSE … Monsieur GRIS Hugo a été désigné secrétaire "
     "de séance.", "GRIS Hugo"),
    ("Secrétaire de Séance : Anne VERGER KR KA A HIK Par convocation en date du 6 février", "Anne VERGER"),
    ("Secrétaire de séance : S.ROUX\n\nKKKKEX\n\nMonsieur le maire remercie", "S.ROUX"),
    ("Secrétaire de séance : monsieur Blanc\n\nApprobation du procès-verbal", "Blanc"),
    # the vote said between the verb and the person it names
    ("Le Conseil municipal, après en avoir délibéré : - DÉSIGNE, à l'unanimité, Rose MARTEL secrétaire de séance, "
     "- APPROUVE le procès-verbal", "Rose MARTEL"),
    ("Le conseil désigne, à la majorité, M. Paul GARNIER comme secrétaire de séance.", "Paul GARNIER"),
    # the role's label after its verb; the role in apposition to a listed member
    ("Le quorum est atteint. A été désignée secrétaire de séance : Mme Anne VERT", "Anne VERT"),
    ("Présents : M. Paul ROUX, Mme Anne VERT, secrétaire de séance, M. Luc NOIR", "Anne VERT"),
])
def test_secretary_phrases(text, secretary):
    assert read_attendance(text).secretaire.text == secretary


def test_a_secretary_label_followed_by_a_heading_names_nobody():
    text = "Secrétaire de séance : 1 APPROBATION DU PROCES-VERBAL DE LA SEANCE PRECEDENTE Le conseil approuve."
    assert read_attendance(text).secretaire is None


@pytest.mark.parametrize("segment, names", [
    ("M. ROUX. Une minute de silence", ["ROUX"]),
    ("Mme VERT. Le Maire", ["VERT"]),
])
def test_a_surname_and_a_full_stop_end_a_name(segment, names):
    assert [n.text for n in parse_names(segment)] == names


@pytest.mark.parametrize("text, presents", [
    # a note in parentheses neither ends a list nor opens a label, however long or wordy
    ("Présents : M. Luc ROUX, M. Paul VERT (arrivé en séance à 18h05, au début de l'examen du point 3 ; en son "
     "absence, avait donné pouvoir à M. Luc ROUX), Mme Léa BRUN, M. Jean GRIS. Secrétaire de séance : Mme Léa BRUN",
     ["Luc ROUX", "Paul VERT", "Léa BRUN", "Jean GRIS"]),
    ("Présents : Anne ROSE (absente : points 1 à 3), Hugo NOIR, Ana BLANC. Le quorum est atteint.",
     ["Anne ROSE", "Hugo NOIR", "Ana BLANC"]),
    # OCR closes a parenthesis with "}"
    ("Présents : M. GRIS Luc (Procuration de M. ROUX Paul}, M. VERT Hugo. Excusés : M. ROUX Paul.",
     ["GRIS Luc", "VERT Hugo"]),
])
def test_notes_in_parentheses_inside_a_presents_list(text, presents):
    assert [n.text for n in read_attendance(text).presents] == presents


@pytest.mark.parametrize("text, absents", [
    ("ABSENTS : M. NOIR P. Madame ROSE S. a été élue secrétaire de séance à l'unanimité", ["NOIR P."]),
    ("Absents : Mme BLANC, M. GRIS Monsieur VERT Hugo est désigné secrétaire de séance.", ["BLANC", "GRIS"]),
])
def test_an_absents_list_ends_where_a_sentence_names_its_subject(text, absents):
    assert [n.text for n in read_attendance(text).absents] == absents


@pytest.mark.parametrize("text", [
    "le groupement représenté par le cabinet DUPONT ARCHITECTES (mandataire) et des bureaux ROUX, VERT",
    "la société représentée par la SARL GRIS ET FILS, sise à Lyon",
])
def test_represented_by_a_firm_is_no_proxy(text):
    assert read_attendance(text).procurations == []


@pytest.mark.parametrize("header_end", [40, 75, 140])
def test_completing_from_the_whole_text_reads_only_what_the_header_lacks_and_fills_the_same(header_end):
    text = ("Présents : Paul MOREAU, Anne PETIT. Absents : Luc BLANC. Secrétaire de séance : Anne PETIT. "
            "Pouvoirs : Jean NOIR à Paul MOREAU. Sous la présidence de M. Paul MOREAU, Maire. En exercice : 15")
    whole, lean = read_attendance(text[:header_end]), read_attendance(text[:header_end])
    fill_missing(whole, read_attendance(text))
    fill_missing(lean, read_attendance(text, lacking=lean))
    assert lean == whole


@pytest.mark.parametrize("text", [
    "Présents : 3 - Jean DUPONT, Anne MARTIN, Paul ROUX. Absent : Luc NOIR.",
    "Présents : 3 : M. Jean DUPONT, Mme Anne MARTIN, M. Paul ROUX. Absent : Luc NOIR.",
    "Présents : 3 Jean DUPONT, Anne MARTIN, Paul ROUX. Absent : Luc NOIR.",
])
def test_a_count_then_its_list(text):
    att = read_attendance(text)
    assert att.counts["presents"][0] == 3
    assert [n.text for n in att.presents] == ["Jean DUPONT", "Anne MARTIN", "Paul ROUX"]
