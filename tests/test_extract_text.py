"""text.fold: the same folded text whether it comes from the cache or not."""

import unicodedata

from registre.extract.text import _FOLD_TABLE, fold


def test_fold_of_short_and_long_texts_matches_a_fresh_translation_and_keeps_the_length():
    short = "Étaient présents : M. Jean-Noël DUPRÉ – Œuvre « sociale »\t’"
    long = (short + "\n") * 40  # past the short cache's length
    for text in (short, long, long[:-1], ""):
        for _ in range(2):  # the second call comes from the cache
            assert fold(text) == text.translate(_FOLD_TABLE)
            assert len(fold(text)) == len(text)
    assert fold(short).startswith("etaient presents : m. jean-noel dupre - œuvre \" sociale \" '")
    assert unicodedata.normalize("NFD", "é")[0] == fold("É")
