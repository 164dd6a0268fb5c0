"""Session dates: which date of a document is the séance, the convocation, the posting."""

from __future__ import annotations

import pytest

from registre.extract.dates import find_dates
from registre.extract.session_dates import read_session_dates
from registre.extract.text import fold


def _dates(text: str) -> dict[str, str]:
    return {k: v[0] for k, v in read_session_dates(text, fold(text)).values.items()}


@pytest.mark.parametrize("text, seance", [
    ("L'an deux mille vingt-trois, le 20 mars, le Conseil municipal s'est réuni en mairie. "
     "OBJET : APPROBATION DU PROCÈS-VERBAL DE LA SÉANCE DU 6 FÉVRIER 2023 Le procès-verbal est adopté.", "2023-03-20"),
    ("Compte rendu du Conseil d'administration du 14 novembre 2022 Présents : Mme Anne ROUX. "
     "1 – Approbation du compte rendu de la séance du 3 octobre 2022 Adopté à l'unanimité.", "2022-11-14"),
    ("Lecture est donnée du procès-verbal de la séance du 4 avril 2022, adopté sans observation. "
     "Le Conseil municipal s'est réuni le 9 mai 2022 à 18h.", "2022-05-09"),
    ("Le Président demande si des membres ont des observations sur le procès-verbal de la séance du "
     "conseil communautaire du 5 décembre 2022. Aucune observation.", None),
])
def test_the_minutes_of_another_session_are_not_dated_by_the_seance(text, seance):
    assert _dates(text).get("date_seance") == seance


@pytest.mark.parametrize("text, seance, convocation", [
    ("Le mardi 23 mai 2023, à 19h30, le Conseil Municipal régulièrement convoqué en séance le 15 mai 2023, "
     "s'est réuni sous la présidence de M. Paul ROUX.", "2023-05-23", "2023-05-15"),
    ("CONSEIL MUNICIPAL DU 20 FÉVRIER 2023. L'an deux mille vingt-trois et le vingt février à vingt heures, le "
     "Conseil Municipal régulièrement convoqué le quinze février deux mille vingt-trois, s'est réuni en mairie.",
     "2023-02-20", "2023-02-15"),
    ("Le jeudi 23 janvier 2025 : convocation du Conseil municipal pour le lundi 27 janvier 2025 à 19h00.",
     "2025-01-27", "2025-01-23"),
    ("Le Conseil Municipal, dûment convoqué, s'est réuni en séance publique le 12 mars 2023 à 20h.",
     "2023-03-12", None),
    ("Le comité syndical, convoqué le 2 juin 2021, s'est réuni le 9 juin 2021 à 18 heures.", "2021-06-09", "2021-06-02"),
    # a label on the next line belongs to the next date
    ("Séance du 12/03/2024\nConvocation du 05/03/2024\nAffiché le 14/03/2024\n", "2024-03-12", "2024-03-05"),
])
def test_a_date_after_convoque_is_the_convocation(text, seance, convocation):
    dates = _dates(text)
    assert (dates.get("date_seance"), dates.get("date_convocation")) == (seance, convocation)


@pytest.mark.parametrize("text, seance, heure", [
    ("COMPTE RENDU DU CONSEIL MUNICIPAL DU VENDREDI 16 JUILLET 2020 A 18h00 L'an deux mille vingt, le 10 juillet, "
     "le Conseil Municipal s'est réuni en session ordinaire.", "2020-07-10", "18:00"),
    ("SÉANCE DU MARDI 14 MARS 2022 L'an deux mille vingt-deux, le quinze mars à vingt heures, le Conseil "
     "municipal s'est réuni.", "2022-03-15", "20:00"),
    ("Réunion du Bureau du vendredi 4 novembre 2021 Le cinq novembre deux mille vingt et un, les membres du "
     "Bureau se sont réunis à 9 heures.", "2021-11-05", "09:00"),
    # the heading's weekday is right: a sentence copied from another session does not move it
    ("SÉANCE DU LUNDI 30 JANVIER 2023. L'an deux mille vingt-deux, le lundi 31 janvier, le Conseil s'est réuni.",
     "2023-01-30", None),
    # a wrong weekday and no other date of the session: the heading stands
    ("SÉANCE DU MERCREDI 16 FÉVRIER 2023 Le Conseil municipal adopte le budget.", "2023-02-16", None),
])
def test_a_heading_whose_weekday_is_wrong_yields_to_the_day_that_has_it(text, seance, heure):
    found = read_session_dates(text, fold(text))
    assert (found.values["date_seance"][0], found.heure[0] if found.heure else None) == (seance, heure)


@pytest.mark.parametrize("text, field, iso", [
    ("Séance du 9 juin 2023 L'an deux mil vingt-trois, le 9 juin, les membres du Conseil, convoqués le 5 juin 2023, "
     "se sont réunis. Affichage le : ABSENTS EXCUSÉS : Paul ROUX, Marie LEROY, Jean PETIT, Lucie MARTIN et Luc "
     "BERNARD 05/06/2023 Le conseil adopte.", "date_affichage", "2023-06-05"),
    ("Séance du 14 mars 2023 Publié le : Représentés : Mme Claire DUBOIS par M. Louis GARNIER, M. Henri FAURE par "
     "Mme Rose BLANC 20/03/2023 Le conseil adopte.", "date_affichage", "2023-03-20"),
    ("Conseil municipal du 14 mars 2023 Transmis le : Absents excusés : Mme Claire DUBOIS, M. Louis GARNIER, M. "
     "Henri FAURE 21/03/2023 Le conseil adopte.", "date_transmission", "2023-03-21"),
    # a date that names its own kind keeps it
    ("Publié le : L'an deux mille vingt-trois, le 14 mars, le Conseil municipal s'est réuni.", "date_seance",
     "2023-03-14"),
])
def test_a_sidebar_label_names_the_next_date_nothing_else_names(text, field, iso):
    assert _dates(text).get(field) == iso


@pytest.mark.parametrize("text, heure", [
    ("Compte rendu du conseil municipal du vendredi 11 septembre 2015 Présents : M. Paul ROUX, Mme Anne LEROY. "
     "Ouverture de séance à 18h20 par monsieur le maire. La commission des bâtiments qui s'est réunie le 9 "
     "septembre 2015 à 16h30 a établi le programme des travaux.", "18:20"),
    ("Séance du 7 mars 2022. Présents : M. Paul ROUX. La commission des finances, qui s'est réunie le 3 mars 2022 "
     "à 17h, propose le budget. La séance est ouverte à 20h15.", "20:15"),
    ("Séance du 12 mai 2011\n\nL'an deux mil onze, le jeudi 12 mai, à vingt heures trente, le Conseil Municipal "
     "s'est réuni. Présents : Mme Annie LEPAGE (absente à l'ouverture de la séance, arrivée à 20 heures 50).", "20:30"),
])
def test_the_time_of_the_session_is_its_opening_not_another_meeting(text, heure):
    assert read_session_dates(text, fold(text)).heure[0] == heure


@pytest.mark.parametrize("text, heure", [
    # the time after the heading's date with no "à", though an "à" comes further on
    ("CONSEIL MUNICIPAL DU 12/03/2024 – 18H00\nLe conseil approuve à l'unanimité.", "18:00"),
    ("Séance du mardi 12 mars 2024, 19 h 00\nLe conseil approuve à l'unanimité.", "19:00"),
])
def test_the_time_printed_after_the_headings_date(text, heure):
    assert read_session_dates(text, fold(text)).heure[0] == heure


@pytest.mark.parametrize("text", [
    "Le Président a approuvé, après avis favorable unanime de la commission « Travaux » réunie en séance le "
    "7 février 2023, l'offre de prix de la société.",
    "La commission des bâtiments qui s'est réunie le 9 septembre 2015 à 16h30 a établi le programme.",
    "Vu l'avis du comité social territorial réuni le 3 mars 2023, le Conseil décide.",
])
def test_the_meeting_of_an_advisory_body_is_not_the_seance(text):
    assert "date_seance" not in _dates(text)


def test_a_commission_permanente_meets_in_its_own_seance():
    text = "La commission permanente, réunie en séance le 25 janvier 2023, sous la présidence de Mme Anne ROUX."
    assert _dates(text)["date_seance"] == "2023-01-25"


@pytest.mark.parametrize("text, heure", [
    # minutes of 30 January whose opening sentence was copied from the session of 17 December
    ("PROCÈS-VERBAL DU CONSEIL MUNICIPAL DU 30 JANVIER 2020 LE DIX-SEPT DÉCEMBRE DEUX MILLE DIX-NEUF à 18h30, le "
     "Conseil Municipal s'est réuni.", None),
    ("Séance du 4 mars 2021 le jeudi 11 février 2021 à 20h00 le Conseil s'est réuni.", None),
    # the same day restated: its time is the séance's
    ("Séance du lundi 30 janvier 2023 L'an deux mille vingt-trois, le lundi trente janvier, à dix-neuf heures, "
     "le Conseil Municipal s'est assemblé.", "19:00"),
])
def test_the_time_after_another_days_date_is_not_the_seances(text, heure):
    found = read_session_dates(text, fold(text)).heure
    assert (found[0] if found else None) == heure


@pytest.mark.parametrize("text", [
    "Séance du 15 décembre 2023. Le bilan de la concertation : l'affichage a eu lieu du 21/11/2023 au 12/12/2023.",
    "Séance du 15 décembre 2023. L'avis a été affiché du 20 novembre 2023 au 5 décembre 2023 en mairie.",
])
def test_a_span_of_posting_is_not_the_acts_posting(text):
    assert "date_affichage" not in _dates(text)


@pytest.mark.parametrize("text, iso", [
    ("le six du mois de février 2023", "2023-02-06"),
    ("L'an deux mille vingt-trois, le six du mois de février", "2023-02-06"),
    ("l'an deux mil vingt-deux, le quatorze du mois d'avril", "2022-04-14"),
    ("le 3 du mois de mars 2021", "2021-03-03"),
])
def test_a_day_of_the_month_of(text, iso):
    assert find_dates(text)[0].iso == iso


@pytest.mark.parametrize("text, convocation", [
    ("Le Conseil municipal, convoqué le 6 mars, s'est réuni le 14 mars 2023 à 20h.", "2023-03-06"),
    ("Les membres, convoqués le 28 décembre, se sont réunis le 4 janvier 2024 en mairie.", "2023-12-28"),
    ("Le comité syndical, convoqué le premier juin, s'est réuni le 9 juin 2021.", "2021-06-01"),
])
def test_a_date_without_its_year_takes_the_next_dates(text, convocation):
    assert _dates(text)["date_convocation"] == convocation


@pytest.mark.parametrize("text, seance", [
    ("EXTRAIT\nDU PROCÈS-VERBAL DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL\nSéance du 14 mars 2023", "2023-03-14"),
    ("EXTRAIT  DU PROCES-VERBAL DE LA SEANCE DU 14 MARS 2023", "2023-03-14"),
    ("Le procès-verbal des délibérations\nSéance du 14 mars 2023\nLe Conseil municipal s'est réuni.", "2023-03-14"),
])
def test_an_extract_of_the_minutes_is_dated_by_its_seance(text, seance):
    assert _dates(text)["date_seance"] == seance


@pytest.mark.parametrize("text", [
    "le vingt-huit novembre deux mille seize à dix-neuf heures", "1er décembre", "novem- bre 2020", "", "sans date",
])
def test_figured_spans_map_back_to_the_words_they_stand_for(text):
    from registre.extract.dates import FiguredText
    ft = FiguredText(text)
    pieces = [ft.span(i, i + 1) for i in range(len(ft.text))]
    assert all(0 <= s < e <= len(text) for s, e in pieces)
    assert [s for s, _ in pieces] == sorted(s for s, _ in pieces)
    assert ft.span(len(ft.text), len(ft.text)) == (len(text), len(text))
    if "vingt-huit" in text:
        at = ft.text.index("28")
        assert ft.span(at, at + 2) == (text.index("vingt"), text.index("vingt") + len("vingt-huit"))


@pytest.mark.parametrize("text", ["novem- bre", "a- b- c", "1- a- b", "-  x", "ab-\n\ncd -e", ""])
def test_words_cut_at_a_line_end_are_found_as_the_plain_pattern_finds_them(text):
    import re

    from registre.extract.dates import _cut_words
    expected = [(m.start(), m.end(), m.group(1) + m.group(2)) for m in re.finditer(r"([a-z])-\s+([a-z])", text)]
    assert list(_cut_words(text)) == expected


@pytest.mark.parametrize(("text", "figured"), [
    ("un", "1"), ("une", "1"), ("deux", "2"), ("dix", "10"), ("douze", "12"), ("trois", "3"),
    ("treize", "13"), ("trente", "30"), ("quatre", "4"), ("quatorze", "14"), ("quinze", "15"), ("quarante", "40"),
    ("cinq", "5"), ("cinquante", "50"), ("cent", "100"), ("six", "6"), ("sept", "7"), ("seize", "16"),
    ("soixante", "60"), ("huit", "8"), ("neuf", "9"), ("onze", "11"), ("vingt", "20"), ("mille", "1000"),
    ("vingt-quatre", "24"), ("cinquante et un", "51"), ("quatre-vingt-dix-sept", "97"),
    ("deux mille vingt-quatre", "2024"), ("mil neuf cent quatre-vingt-quinze", "1995"),
    # words that only begin like a number stay words
    ("des cinquantaines", "des cinquantaines"), ("quatres", "quatres"), ("milles", "milles"),
])
def test_every_number_word_becomes_its_figure(text, figured):
    from registre.extract.dates import FiguredText
    assert FiguredText(text).text == figured
