"""Snippets: the part of a text where the searched words are, with those words marked.

The full-text table is contentless, so snippets are cut here from the stored text. Candidate
words are found with one accent-insensitive regular expression (C speed, whatever the length
of the text), then each candidate is confirmed the way the index matched it: same folded word,
a searched prefix, or same stem.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from registre.store.stemming import fold, stem_word

DEFAULT_MARKS = ("[", "]")
WINDOW = 220  # characters of text around the best group of hits
_BEFORE = 60
_VARIANTS = {
    "a": "aàáâãäå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iìíîï",
    "n": "nñ",
    "o": "oòóôõöœ",
    "u": "uùúûü",
    "y": "yýÿ",
}
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1024)
def _pattern(needles: tuple[str, ...]) -> re.Pattern[str]:
    """Regex for words starting with any needle, accents and case ignored."""
    alternatives = sorted(
        ("".join(f"[{_VARIANTS[c]}]" if c in _VARIANTS else re.escape(c) for c in n))
        for n in needles
    )
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")[^\W_]*", re.IGNORECASE)


@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    return word.lower() if word.isascii() else fold(word)


def find_hits(
    text: str, exact: Iterable[str], prefixes: Iterable[str], stems: Iterable[str]
) -> list[tuple[int, int]]:
    """Find the words of ``text`` that the query matched.

    Args:
        text: the text to look into.
        exact: folded words searched for.
        prefixes: folded prefixes searched for.
        stems: stems searched for.

    Returns:
        (start, end) character spans of the matched words, in order.
    """
    exact, prefixes, stems = frozenset(exact), tuple(prefixes), frozenset(stems)
    needles = tuple(sorted({*exact, *prefixes, *stems}))
    if not text or not needles:
        return []
    spans = []
    for match in _pattern(needles).finditer(text):
        word = _fold_word(match.group())
        if word in exact or word.startswith(prefixes) or stem_word(word) in stems:
            spans.append(match.span())
    return spans


def objet_tiers(
    objets: list[str | None], exact: Iterable[str], prefixes: Iterable[str], stems: Iterable[str]
) -> list[int]:
    """Rank objets for common-word searches: 2 when one holds a searched word as typed,
    1 when it holds another form of one (stem or prefix), else 0.

    All objets are scanned with one regular expression over their concatenation.

    Args:
        objets: the deliberations' objets.
        exact: folded words searched for.
        prefixes: folded prefixes searched for.
        stems: stems searched for.

    Returns:
        One tier per objet, in order.
    """
    tiers = [0] * len(objets)
    starts, pos = [], 0
    for objet in objets:
        starts.append(pos)
        pos += len(objet or "") + 1
    text = "\n".join(o or "" for o in objets)
    exact = frozenset(exact)
    for s, e in find_hits(text, exact, prefixes, stems):
        i = bisect_right(starts, s) - 1
        tiers[i] = max(tiers[i], 2 if _fold_word(text[s:e]) in exact else 1)
    return tiers


def make_snippet(
    text: str,
    spans: list[tuple[int, int]],
    *,
    marks: tuple[str, str] = DEFAULT_MARKS,
    window: int = WINDOW,
) -> str:
    """Cut a window of ``text`` around the densest group of hits and mark each hit.

    Args:
        text: the text.
        spans: hits from :func:`find_hits`.
        marks: strings put before and after each hit.
        window: about how many characters to keep.

    Returns:
        The snippet, whitespace collapsed, "…" where the text was cut; the start of the text
        when there is no hit.
    """
    if not spans:
        return _cut(text, 0, window, [], marks)
    best = max(range(len(spans)), key=lambda i: _density(spans, i, window))
    start = max(0, spans[best][0] - _BEFORE)
    start = _word_start(text, start)
    return _cut(text, start, start + window, spans, marks)


def _density(spans: list[tuple[int, int]], i: int, window: int) -> int:
    limit = spans[i][0] + window - _BEFORE
    return sum(1 for s, _ in spans[i:] if s < limit)


def _word_start(text: str, pos: int) -> int:
    """Move ``pos`` forward to the start of a word (unless it is the text's start)."""
    if pos == 0:
        return 0
    space = text.find(" ", pos, pos + 30)
    return pos if space < 0 else space + 1


def _cut(
    text: str, start: int, end: int, spans: list[tuple[int, int]], marks: tuple[str, str]
) -> str:
    end = min(len(text), end)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        pieces += [text[pos:s], marks[0], text[s:e], marks[1]]
        pos = e
    pieces.append(text[pos:end])
    body = _SPACES.sub(" ", "".join(pieces)).strip()
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
