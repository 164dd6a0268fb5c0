"""Given names misread by OCR are mended against the list of common French given names."""

from __future__ import annotations

import pytest

from registre.extract.attendance import read_attendance
from registre.extract.given_names import mend_given_names


@pytest.mark.parametrize("read, meant", [
    ("Vves MARCHAND", "Yves MARCHAND"),  # V for Y
    ("Syivain ROUX", "Sylvain ROUX"),  # i for l
    ("Miche1 PETIT", "Michel PETIT"),  # 1 for l
    ("Jean-Plerre FAURE", "Jean-Pierre FAURE"),  # l for i, in a compound given name
    ("Sylvaiu GIRARD", "Sylvain GIRARD"),  # u for n
])
def test_a_given_name_one_look_alike_letter_from_a_known_one_is_mended(read, meant):
    assert mend_given_names(read) == meant


@pytest.mark.parametrize("name", [
    "Valérie LEROY",  # a known name
    "Marin DUPONT",  # unknown, but no look-alike letter away from a known one
    "Line BASSET", "Lina QUERE", "Carine ROUX",  # near known names by letters OCR does not confuse
    "Yves BLANC",  # surnames in capitals are never touched: "BLANC" is no "BIANC"
    "Lucie Blanc",  # nor a surname in title case that is no near given name
])
def test_a_known_or_unrelated_name_is_left_as_printed(name):
    assert mend_given_names(name) == name


def test_the_attendance_list_of_a_scan_carries_the_mended_names_with_their_printed_spans():
    header = "Présents : Daniel MOREAU, Vves BLANCHARD, Syivain PICHON.\nSecrétaire de séance : Daniel MOREAU."
    found = read_attendance(header)
    assert [n.text for n in found.presents] == ["Daniel MOREAU", "Yves BLANCHARD", "Sylvain PICHON"]
    assert [header[n.start:n.end] for n in found.presents][1:] == ["Vves BLANCHARD", "Syivain PICHON"]


HEADER = ("L'an deux mille vingt-quatre, le 12 mars, le Conseil Municipal s'est réuni sous la présidence de "
          "Monsieur MARCHAND, Maire.\nEtaient présents : C.FOROT - T.BUSIN - N.VERDON\n"
          "Secrétaire de séance : T.BUSIN\n1. TARIFS DE LA CANTINE\nLe Maire expose le dossier.\n"
          "Après en avoir délibéré, le Conseil Municipal, à l'unanimité, APPROUVE les tarifs.\n")


@pytest.mark.parametrize("signatures, president", [
    ("Le secrétaire, T.BUSIN Le Maire, Yves MARCHAND", "Yves MARCHAND"),  # signed with his given name
    ("Le Maire, MARCHAND", "MARCHAND"),  # never named more fully
    ("Yves MARCHAND et Sophie MARCHAND, ses adjoints", "MARCHAND"),  # two of that family: which one?
    ("Le Maire, MARCHAND, rue Victor MARCHAND", "MARCHAND"),  # a street named after someone names no member
])
def test_a_president_named_by_surname_only_takes_the_given_name_the_text_gives_him(signatures, president):
    from registre.extract.deliberation import extract
    found = extract([HEADER + signatures]).deliberations
    assert found[0].president == president
