"""text.fold: the same folded text whether it comes from the cache or not; clean_spaces as the regex."""

import re
import unicodedata

import pytest

from registre.extract.text import _FOLD_TABLE, clean_spaces, fold, furniture_key


def test_fold_of_short_and_long_texts_matches_a_fresh_translation_and_keeps_the_length():
    short = "Étaient présents : M. Jean-Noël DUPRÉ – Œuvre « sociale »\t’"
    long = (short + "\n") * 40  # past the short cache's length
    for text in (short, long, long[:-1], ""):
        for _ in range(2):  # the second call comes from the cache
            assert fold(text) == text.translate(_FOLD_TABLE)
            assert len(fold(text)) == len(text)
    assert fold(short).startswith("etaient presents : m. jean-noel dupre - œuvre \" sociale \" '")
    assert unicodedata.normalize("NFD", "é")[0] == fold("É")


def test_clean_spaces_collapses_the_characters_the_regex_calls_spaces():
    for code in [*range(0x3100), 0xFEFF, 0x205F]:  # every white space of Unicode lies below U+3100
        for text in (f"a{chr(code)}b", f"{chr(code)}x{chr(code)}", f" a \n\t{chr(code)} b "):
            assert clean_spaces(text) == re.sub(r"\s+", " ", text).strip()
    assert clean_spaces("\u3000 Objet :\n  budget\u00a0primitif ") == "Objet : budget primitif"


@pytest.mark.parametrize("a, b, same", [
    ("Délibération n°2024-015", "Délibération n°2024-016", False),  # two acts' headings
    ("Conseil municipal du 12 mars 2024 – Page 2 sur 8", "Conseil municipal du 12 mars 2024 – Page 3 sur 8", True),
    ("Procès-verbal du 12/03/2024 - 4/9", "Procès-verbal du 12/03/2024 - 5/9", True),
    ("- 3 -", "- 4 -", True),
])
def test_a_running_line_is_the_same_line_whatever_its_folio(a, b, same):
    assert (furniture_key(a) == furniture_key(b)) is same
