"""Act numbers: the shapes real acts print, and the numbers they cite from other acts."""

from __future__ import annotations

import pytest

from registre.extract.deliberation import extract
from registre.extract.numbers import find_numeros
from registre.extract.text import fold


@pytest.mark.parametrize("text, numero", [
    ("Délibération n° 2023-015 : Vente d'un terrain", "2023-015"),
    ("DCM 23.1.49 | Le Conseil municipal", "23.1.49"),
    ("N° DEL2020_01_02 Approbation", "DEL2020_01_02"),
    ("EXTRAIT DE LA DÉLIBÉRATION N° 2023-045 DU CONSEIL", "2023-045"),
    ("n° 13-02-2023 - Approbation du plan", "13-02-2023"),
    ("PACU/17-2023 Étude de faisabilité", "PACU/17-2023"),
    ("2011-02-001\nII – Installation d'un délégué", "2011-02-001"),
    ("Fax 03 22220357\n\n20161128 DL 01\n\nOBJET : Convention", "20161128 DL 01"),  # OCR'd "20161128_DL_01"
    ("Finances DELIBERATIONS N° DEL2020 01 03\nI. 1. : Vote du compte", "DEL2020 01 03"),  # OCR'd underscores
    # one-letter prefixes, spaced separators, a prefix then a space, letter groups, trailing letters
    ("Délibération n° D2024-02-007 : Tarifs de la cantine", "D2024-02-007"),
    ("Délibération C 2024/03/2 – Vente d'un terrain", "C 2024/03/2"),
    ("DEL – 2024 – 003 Subvention au club de football", "DEL – 2024 – 003"),
    ("DÉLIBÉRATION N°CP 2024-031 Contrat régional", "CP 2024-031"),
    ("Délibération n° DLcm_2024 04 URB 003 : Révision du PLU", "DLcm_2024 04 URB 003"),
    ("Acte n° 2024_017_D : Convention de mise à disposition", "2024_017_D"),
    ("N°37/Plan vélo communal", "37"),
    ("Finances DEL_20220630_2- Approbation du compte de gestion", "DEL_20220630_2"),
    ("Dossier n°2-1 : Approbation du procès-verbal DCC2023_129 La Présidente", "2-1"),
    # a date stamp then the act's index, a labelled number spaced after its year
    ("\n20240909 5 Délibération relative à la vente", "20240909 5"),
    ("N° 2023 1 1 L'an deux mille vingt-trois", "2023 1 1"),
    ("Délibération 07/12/2022 – 2 TRANSITION ÉCOLOGIQUE", "2"),
    # OCR lost the underscore of a code glued to its index, before its year
    ("D'ACCUEIL DES GENS DU VOYAGE CC15 2023 FINANCES DEPOT DE DEMANDE", "CC15 2023"),
    ("convention de gestion DEL07 2024 Objet : Tarifs", "DEL07 2024"),
    # OCR spaced one side of a separator
    ("\n2020- 047 REDEVANCE POUR OCCUPATION DU DOMAINE PUBLIC", "2020- 047"),
    ("\n2021 /012 Tarifs de la cantine", "2021 /012"),
    # a date joined tight to its index is one number; "bis", "ter" belong to it
    ("Délibération n° 12.03.2024-01 Tarifs de la cantine", "12.03.2024-01"),
    ("Délibération n° 2024-015bis : Tarifs de la cantine", "2024-015bis"),
    ("N° 2024-015 ter Tarifs de la cantine", "2024-015 ter"),
    ("Délibération n° 2024-12 terrain des sports", "2024-12"),
    ("\nDEL 2024 015 Tarifs de la cantine", "DEL 2024 015"),  # OCR lost a code's underscores
    ("DELIBERATION Nº2024-015 Tarifs de la cantine", "2024-015"),  # the ordinal indicator for "°"
])
def test_numero(text, numero):
    assert next(find_numeros(text, fold(text)))[0] == numero


@pytest.mark.parametrize("text", [
    "Vu la loi n° 2023-175 du 10 mars 2023",
    "parcelle cadastrée section AB n° 364",
    "approuvé par délibération n° 052.2011 du Conseil",
    "prend part aux débats à partir de la délibération « 2011-02-007, DM Budget »",
    "4. Autorisation d'ester en justice − Requête n°1701473- 4 : Monsieur X c/ Commune",
    "en vue de l’annulation de la délibération n°2017_17 du 4 avril 2017",
    "suite à la délibération n° 2022-45, le conseil",
])
def test_numbers_cited_are_not_the_acts_own(text):
    assert list(find_numeros(text, fold(text))) == []




@pytest.mark.parametrize("text", [
    "Date de mise en ligne de l'acte : 02/ 02/2023 EXTRAIT DU REGISTRE",  # a date, spaced
    "PROCES VERBAL DU 30 NOVEMBRE 2022 Le compte-rendu",  # "NO" of a month is no label
    "CONSEIL MUNICIPAL DU 27 FEVRIER 2023 COMPTE-RENDU",  # a word before a figure
    "en application des articles L.2121-14 et L 2121-31 du CGCT",  # a code's article
    "Convention Territoriale Globale 2022-2025 avec la CAF",  # a period of years
    "Absents : Sébastien SAINT-PASTEUR (DEL2023_005, _006) Jérémie LANDREAU",  # the acts a member missed
    "Magali COUSIN (au point 13) Les conseillers présents",  # an item cited by an attendance note
    "l'approbation du Plan Local d'Urbanisme par délibération du conseil communautaire n° 2021/043",
    "documents relatifs à cette affaire.\n\n",  # a sentence ending on a label word
    "une canalisation en PVC 78/90 par une canalisation en fonte",  # a word before a figure
    "Monsieur ROBERT\n2662 € TTC",  # a name, then a sum on the next line
    "pour un montant de HT 16.241,47 €",  # a sum with its thousands
    "puissance BT 0.0580 kVA",  # a decimal figure
    "formation PSC-1 des agents",  # the code of a thing, not of an act
    "budget M14 -\n2021 les comptes",  # a line break joins no number
    "le budget M14 2021 et le budget M49 2021",  # the code of a budget, then its year
    "le PLU 2024 révisé, le budget DU 2024 12 membres",  # a word, a year, a figure
    "les dépenses passent de 2019 - 676 000 € en 2020",  # spaced both sides: a sum, a range
    "la délibération D01 du conseil municipal du 17 octobre 2013",  # an act cited with its date
    "validée par la délibération modificative N° 2019-089, Vu les notifications",
    "Vu la délibération du Conseil communautaire n° 2020/075 fixant les délégations",
])
def test_what_is_no_act_number(text):
    assert [c[0] for c in find_numeros(text, fold(text))] == []


def test_a_running_heading_keeps_its_own_number():
    text = "Délibération du conseil municipal n° 2024-118 Vente d'un terrain"
    assert next(find_numeros(text, fold(text)))[0] == "2024-118"


def test_a_number_with_letters_inside_is_specific_wherever_it_starts():
    text = "POINT 2 – Approbation du programme :\n2025-10-30-DCM-01 Nomenclature ACTES : 8.8"
    found = [c for c in find_numeros(text, fold(text)) if "DCM" in c[0]]
    assert found and found[0][0] == "2025-10-30-DCM-01" and found[0][3] == "c"


def test_a_number_ocr_spaced_beside_its_separator_stays_in_its_numbering():
    items = "".join(f"\n2020{sep}{n:03d} {title}\nLe conseil approuve à l'unanimité.\n" for sep, n, title in [
        ("-", 46, "PERSONNEL COMMUNAL - Création d'un poste"), ("- ", 47, "REDEVANCE POUR OCCUPATION DU DOMAINE"),
        ("-", 48, "LOCATION DES EQUIPEMENTS SPORTIFS")])
    text = "COMPTE RENDU DU CONSEIL MUNICIPAL DU 7 JUILLET 2020\nPrésents : Anne ROUX, Paul VERT\n" + items
    assert [d.numero for d in extract([text]).deliberations] == ["2020-046", "2020- 047", "2020-048"]


@pytest.mark.parametrize("text", [
    "DEL2023-01, CC 15_2023 et ab - 12 ; x1 y 2 z_ 3 – 4/5 : °6 ab-cd 7",
    "Délibération n° 2023/017 du 12 mars 2023, abcdefghij9 abcdefgh9", "", "12345", "a\t-\t1 é2 É 3",
])
def test_shape_starts_are_those_of_the_pattern(text):
    from registre.extract.numbers import SHAPE_START, shape_starts
    assert list(shape_starts(text, 0, len(text))) == [m.start() for m in SHAPE_START.finditer(text)]
    assert list(shape_starts(text, 3, len(text) - 2)) == [m.start() for m in SHAPE_START.finditer(text, 3, len(text) - 2)]
