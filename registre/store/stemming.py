"""French folding and stemming for the search index's shadow columns.

The full-text index keeps two copies of each text: the words as written (folded by SQLite's
``unicode61 remove_diacritics 2`` tokenizer) and a stemmed copy built here, so that
"délibérations" finds "délibération" and "subventionner" finds "subvention". Documents and
queries go through the same functions, so both sides always agree:

1. NFC, lower case, accents removed, ligatures spelt out (``œ`` -> ``oe``) — :func:`fold`;
2. split into words the way ``unicode61`` does (letters and digits; anything else separates);
3. a final plural ``s``/``x`` dropped from words of four letters or more;
4. the Snowball French stemmer applied until the word stops changing (at most three times),
   which merges verb and noun families ("subventionner" -> "subvention" -> "subvent").

Folding happens *before* stemming so that a word typed without its accents ("electricite")
stems like the accented word in the document ("électricité").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

STEM_VERSION = 1  # bump when the output changes: the search index must then be rebuilt
_MAX_PASSES = 3
_PLURAL_MIN_LEN = 4

_WORD = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Spelt out with str.replace, three times faster than str.translate on a deliberation's text.
_LIGATURES = (("œ", "oe"), ("æ", "ae"), ("ß", "ss"), ("ﬁ", "fi"), ("ﬂ", "fl"))
_STEMMER = Stemmer.Stemmer("french")


def fold(text: str) -> str:
    """Lower-case ``text``, remove its accents and spell out ligatures.

    Args:
        text: any text.

    Returns:
        The folded text, same words in the same order ("Œuvre numérique" -> "oeuvre numerique").
    """
    if text.isascii():
        return text.lower()
    lowered = unicodedata.normalize("NFC", text).lower()
    for ligature, letters in _LIGATURES:
        if ligature in lowered:
            lowered = lowered.replace(ligature, letters)
    return _COMBINING.sub("", unicodedata.normalize("NFD", lowered))


def words(text: str) -> list[str]:
    """Split ``text`` into folded words, as SQLite's ``unicode61`` tokenizer would.

    Args:
        text: any text.

    Returns:
        The folded words in order ("L'éclairage public" -> ["l", "eclairage", "public"]).
    """
    return _WORD.findall(fold(text))


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """Stem one *folded* word (see :func:`words`).

    Args:
        word: a folded word, as returned by :func:`words`.

    Returns:
        Its stem ("subventionner" -> "subvent", "deliberations" -> "delib").
    """
    if len(word) >= _PLURAL_MIN_LEN and word[-1] in "sx" and not word[-2].isdigit():
        word = word[:-1]
    for _ in range(_MAX_PASSES):
        stemmed = _STEMMER.stemWord(word)
        if stemmed == word or not stemmed:
            break
        word = stemmed
    return word


def stem_words(folded: list[str]) -> list[str]:
    """Stem a list of folded words, keeping one stem per word (positions stay aligned).

    Args:
        folded: words as returned by :func:`words`.

    Returns:
        The stems, in the same order.
    """
    return list(map(stem_word, folded))


def stem_text(text: str) -> str:
    """Return the stemmed shadow of ``text``: its stems joined by spaces.

    Args:
        text: any text (a deliberation's objet, its body…).

    Returns:
        One stem per word of ``text``, separated by single spaces.
    """
    return " ".join(stem_words(words(text)))
