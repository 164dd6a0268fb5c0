"""Rule families of the extraction, on real-shaped strings (no corpus file needed)."""

from __future__ import annotations

import pytest

from registre.extract.attendance import read_attendance
from registre.extract.counts import read_counts
from registre.extract.dates import find_dates, find_time, repair_year
from registre.extract.deliberation import extract
from registre.extract.names import parse_names
from registre.extract.session_dates import read_session_dates
from registre.extract.stamps import find_act_id
from registre.extract.text import fold, mend_ocr_title
from registre.extract.vote import read_vote


@pytest.mark.parametrize("text, iso", [
    ("L'an deux mille seize, le vingt-huit novembre à 17h00", "2016-11-28"),
    ("l'an deux mil quatorze, le trois décembre", "2014-12-03"),
    ("Séance du 16 février 2023", "2023-02-16"),
    ("convoqué le 1er juillet 2015", "2015-07-01"),
    ("Date de convocation : 23/11/2023", "2023-11-23"),
    ("Affichée le 23 FEV.2023", "2023-02-23"),
    ("le premier décembre deux mille vingt-deux", "2022-12-01"),
])
def test_dates_in_figures_and_words(text, iso):
    assert find_dates(text)[0].iso == iso


def test_date_span_points_into_the_original_text():
    text = "Fait le vingt-huit novembre deux mille seize."
    d = find_dates(text)[0]
    assert text[d.start:d.end] == "vingt-huit novembre deux mille seize"


@pytest.mark.parametrize("text, hhmm", [
    ("à 17h00", "17:00"), ("à 20 h 30", "20:30"), ("à dix-huit heures trente", "18:30"),
    ("à 19 heures", "19:00"),
])
def test_times(text, hhmm):
    assert find_time(text)[0] == hhmm


def test_ocr_damaged_year_is_mended_from_the_document_year():
    import datetime as dt
    assert repair_year(dt.date(2073, 2, 27), 2023) == dt.date(2023, 2, 27)
    assert repair_year(dt.date(2079, 2, 13), 2031) is None


def test_heading_date_wins_over_a_stale_opening_sentence():
    text = ("SÉANCE DU 30 JANVIER 2023. L'An deux mille vingt-deux, le lundi trente janvier, "
            "le Conseil municipal s'est réuni. Date de convocation : 24 janvier 2023.")
    dates = read_session_dates(text, fold(text)).values
    assert dates["date_seance"][0] == "2023-01-30"
    assert dates["date_convocation"][0] == "2023-01-24"


def test_typed_dates_from_a_prefecture_stamp():
    text = ("Envoyé en préfecture le 16/02/2023 Reçu en préfecture le 16/02/2023 Publié le 17/02/2023 "
            "Séance du 7 février 2023.")
    values = read_session_dates(text, fold(text)).values
    assert values["date_transmission"][0] == "2023-02-16"
    assert values["date_affichage"][0] == "2023-02-17"
    assert values["date_seance"][0] == "2023-02-07"


def test_act_id_gives_siren_and_number():
    act = find_act_id("ID : 022-200067981-20230207-DELBU2023_02_12-DE")
    assert act.siren == "200067981" and act.date == "2023-02-07"


@pytest.mark.parametrize("segment, names", [
    ("Patrick MARTIN, Elena DURAND et Alain PETIT", ["Patrick MARTIN", "Elena DURAND", "Alain PETIT"]),
    ("LE GOFF Yann ; GUILLOU Anne ; Marie-Thérèse SCOLAN.", ["LE GOFF Yann", "GUILLOU Anne", "Marie-Thérèse SCOLAN"]),
    ("Monsieur Jean DUPONT, Maire, Madame Léa ROUX, Adjoints", ["Jean DUPONT", "Léa ROUX"]),
    ("M. Troussel, Mme Labbé", ["Troussel", "Labbé"]),
    ("Patrick MARTIN Elena DURAND Alain PETIT", ["Patrick MARTIN", "Elena DURAND", "Alain PETIT"]),
    ("Mesdames PRAT, ROUX et BIDAULT", ["PRAT", "ROUX", "BIDAULT"]),
    ("Mme Lemaire Catherine ; M. Albert De Rycke Thierry", ["Lemaire Catherine", "Albert De Rycke Thierry"]),
    ("Mme Hélène DE COMARMOND, M. Paul Le Goff", ["Hélène DE COMARMOND", "Paul Le Goff"]),
    ("Jean DE LA FONTAINE Marie DUPONT", ["Jean DE LA FONTAINE", "Marie DUPONT"]),
    ("Philippe ROUVIER - COROUGE - Catherine MARTEL", ["Philippe ROUVIER-COROUGE", "Catherine MARTEL"]),
    ("Mesdames PRAT - ROUX - BIDAULT", ["PRAT", "ROUX", "BIDAULT"]),
])
def test_name_lists(segment, names):
    assert [n.text for n in parse_names(segment)] == names


def test_a_sidebar_count_inside_a_sentence_does_not_break_its_date_or_place():
    text = ("Séance du 16 février 2023 Les membres du Conseil Municipal se sont Présents : 27 réunis le seize "
            "février deux mille vingt-trois à dix-neuf heures, à la Maison des Absents : 6 Associations, sur la "
            "convocation qui leur a été adressée le dix février deux mille Procurations : 5 Vingt-trois par le Maire. "
            "Le conseil adopte à l'unanimité.")
    (delib,) = extract([text]).deliberations
    assert (delib.lieu, delib.date_convocation, delib.date_seance) == ("Maison des Associations", "2023-02-10",
                                                                       "2023-02-16")
    assert delib.presents == 27


def test_a_proxy_written_without_its_a():
    att = read_attendance("Présents : Jean-Pierre, Yves, Jacques, Patrick. Excusés : Anne-Marie (pouvoir donné à Yves) / "
                          "Marc (pouvoir donné Patrick)\nLe Maire ouvre la séance.", )
    assert [(a.text, b.text) for a, b in att.procurations] == [("Anne-Marie", "Yves"), ("Marc", "Patrick")]


def test_a_president_misread_by_ocr_is_the_member_listed_present():
    text = ("Séance du 16 décembre 2022. Le Conseil municipal s'est réuni sous la présidence de Monsieur "
            "Denis JÜUVIN - Maire. Présents : Denis JUVIN - Catherine MARTEL - Muriel NIGGEL. "
            "Le conseil adopte à l'unanimité.")
    (delib,) = extract([text]).deliberations
    assert delib.president == "Denis JUVIN"
    assert delib.presents_noms == ["Denis JUVIN", "Catherine MARTEL", "Muriel NIGGEL"]


def test_two_secretaries_are_kept_together():
    att = read_attendance("Secrétaires de séance : KASPRZACK Christiane et Nicole MOISY OBJET : Adoption du règlement")
    assert att.secretaire.text == "KASPRZACK Christiane et Nicole MOISY"
    assert read_attendance("Secrétaire de séance : Luc BLANC et le Maire ouvre la séance").secretaire.text == "Luc BLANC"


def test_ocr_colon_read_as_a_full_stop_still_ends_the_label():
    att = read_attendance("Présents : Paul MOREAU ; Anne PETIT. ABSENTE EXCUSEE\n. LE TARNEC Sandra ABSENTE : SAILLE Emma")
    assert [n.text for n in att.absents] == ["LE TARNEC Sandra", "SAILLE Emma"]
    assert [n.text for n in att.presents] == ["Paul MOREAU", "Anne PETIT"]


def test_attendance_block():
    text = ("sous la présidence de M. Paul MOREAU. Étaient présents : Paul MOREAU, Anne PETIT, "
            "Luc BLANC. Absents excusés : Marc NOIR (pouvoir à Anne PETIT), Julie VERT. "
            "Secrétaire de séance : Luc BLANC. En exercice : 5 Présents : 3 Votants : 4")
    att = read_attendance(text)
    assert att.president.text == "Paul MOREAU"
    assert att.secretaire.text == "Luc BLANC"
    assert [n.text for n in att.presents] == ["Paul MOREAU", "Anne PETIT", "Luc BLANC"]
    assert [n.text for n in att.absents] == ["Marc NOIR", "Julie VERT"]
    assert [(a.text, b.text) for a, b in att.procurations] == [("Marc NOIR", "Anne PETIT")]
    assert {k: v[0] for k, v in att.counts.items()} == {"membres_en_exercice": 5, "presents": 3, "votants": 4}


def test_an_absent_label_alone_on_its_line_heads_the_next_line_not_the_agenda():
    text = ("Conseil municipal du 4 juin 2021\nPrésents :\nJean-Pierre, Yves, Jacques &\nAdeline (procuration à "
            "Mario)\nAbsent\nHélène\nOrdre du jour :\n1. Subventions associatives\n")
    assert [n.text for n in read_attendance(text).absents] == ["Hélène"]


@pytest.mark.parametrize("text, field, value", [
    ("Nombre de conseillers en exercice : 39", "membres_en_exercice", 39),
    ("Ayant pris part au vote : 53 (51+2 pouvoirs)", "votants", 53),
    ("présents titulaires : 45 - présents suppléants : 4", "presents", 49),
    ("Procurations : 5", "representes", 5),
    ("27 élus présents", "presents", 27),
    ("qui ont pris part à la\ndélibérarion : 11", "votants", 11),  # OCR-damaged label
    ("qui ont pris part à la\ndélibération : il\n\ndont 2 procurations", "votants", 11),  # OCR's "il" for 11
    ("représentant la majorité des membres en exercice qui sont au nombre de 33, il a été", "membres_en_exercice", 33),
    ("Le nombre des Conseillers Municipaux en exercice est de 35 (la condition de quorum", "membres_en_exercice", 35),
])
def test_counts(text, field, value):
    assert read_counts(text)[field][0] == value


@pytest.mark.parametrize("text, pour, contre, abst, unanimite, decision", [
    ("Après en avoir délibéré, le Conseil adopte à l'unanimité.", None, None, None, True, "adoptee"),
    ("Adopté à la majorité avec 38 voix pour et une abstention.", 38, None, 1, False, "adoptee"),
    ("VOTE : Pour : 28 Contre : Abstention :", 28, 0, 0, None, "adoptee"),
    ("ONT VOTE POUR : 14 ONT VOTE CONTRE : / SE SONT ABSTENUS : /", 14, 0, 0, None, "adoptee"),
    ("DEUX voix POUR - ONZE voix CONTRE. La proposition est rejetée.", 2, 11, None, False, "rejetee"),
    ("Adopté à la majorité : Voix contre :\n0 Abstentions : 4 Date de notification", None, 0, 4, False, "adoptee"),
    ("Majorité pour 3 votes contre : Mireille QUADRIO, Delphine MINEO", None, 3, None, False, "adoptee"),
    ("Le conseil prend acte de la tenue du débat d'orientation budgétaire.", None, None, None, None, "prend_acte"),
    ("Point reporté à une prochaine séance.", None, None, None, None, "ajournee"),
    ("Compte Administratif 2022 : constatation et approbation des résultats", None, None, None, None, "adoptee"),
    ("Les membres du Conseil ont, à l’unanimité :\n- Donné acte de la présentation faite du CFU,\n- Approuvé les "
     "montants", None, None, None, True, "adoptee"),  # an account presented, then approved
    ("Le conseil prend acte du rapport annuel adopté par le syndicat.", None, None, None, None, "prend_acte"),
    ("Le conseil refuse la vente du terrain. Pour : 12 Contre : 3", 12, 3, None, False, "adoptee"),  # a refusal, voted
    # the vote's own label before its first count
    ("Vote : 11 voix pour, 0 contre et 0 abstention.", 11, 0, 0, None, "adoptee"),
    ("Résultat du vote : 17 pour, 2 contre, 1 abstention", 17, 2, 1, False, "adoptee"),
    # each label before its count, without colons
    ("Vote à main levée : Pour 13 Contre 0 Abstention 2", 13, 0, 2, False, "adoptee"),
    ("Vote : Pour 9 - Contre 4 - Abstentions 1", 9, 4, 1, False, "adoptee"),
    # "par 10 voix contre 4": ten for, four against; counts for after counts against
    ("Le conseil, par 10 voix contre 4, décide d'approuver la vente.", 10, 4, None, False, "adoptee"),
    ("La proposition est rejetée par 8 voix contre et 5 pour.", 5, 8, None, False, "rejetee"),
    # a refusal in the negative, a stay
    ("Le conseil n'approuve pas la modification des statuts.", None, None, None, None, "rejetee"),
    ("Le conseil sursoit à statuer sur cette demande.", None, None, None, None, "ajournee"),
    # an abstention named, not counted, is no unanimity
    ("Le conseil, à l'unanimité des suffrages exprimés, M. Paul ROUX s'abstenant, approuve la vente.",
     None, None, None, False, "adoptee"),
])
def test_votes_and_decisions(text, pour, contre, abst, unanimite, decision):
    v = read_vote(text)
    assert (v.pour, v.contre, v.abstention, v.unanimite, v.decision) == (pour, contre, abst, unanimite, decision)


def test_ner_finds_persons_in_free_text():
    from registre.extract import ner

    found = ner.persons(["Le conseil s'est réuni sous la présidence de Philippe Varlet, maire de la commune."])
    assert any("Varlet" in name for name, _, _ in found[0])


def test_ner_fills_a_president_the_rules_could_not_read():
    from registre.extract.attendance import Attendance
    from registre.extract.roles import apply_ner

    att = Attendance()
    text = "Présidence : assurée ce jour par Philippe Varlet."
    apply_ner(att, {"president": (0, text)}, [[("Philippe Varlet", 33, 48)]])
    assert att.president.text == "Philippe Varlet" and att.president.start == 33


@pytest.mark.parametrize("title, mended", [
    ("Convention ler secours", "Convention 1er secours"),
    ("Subvention Parking Sabatier Il", "Subvention Parking Sabatier II"),
    ("Il est proposé de fixer les tarifs", "Il est proposé de fixer les tarifs"),  # "Il" the pronoun stays
    ("Ligne Il de bus", "Ligne Il de bus"),
])
def test_ocr_misreadings_in_a_title_are_mended_only_where_unambiguous(title, mended):
    assert mend_ocr_title(title) == mended


@pytest.mark.parametrize("line, stamp", [
    ("M49 -— Interconnexion des 2 réservoirs - Em Re! 97 préfecture le 02/02/2023", "Re! 97 préfecture le 02/02/2023"),
    ("ONF Distraction du régime fo} Reçy en préfecture fie 19/08/2023", "Reçy en préfecture fie 19/08/2023"),
])
def test_a_stamp_garbled_by_ocr_on_a_title_line_is_masked_from_it(line, stamp):
    from registre.extract.stamps import find_stamp_spans
    assert [line[s:e] for s, e in find_stamp_spans(line)] == [stamp]

