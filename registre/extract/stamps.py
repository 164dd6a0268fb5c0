"""The @ctes transmission stamp: a cheap source of dates, SIREN and act number, and noise.

Acts sent to the préfecture carry a stamp, often on every page ("Envoyé en préfecture le …",
"Reçu en préfecture le …", "Publié le …", "ID : 093-229300082-20230126-…-DE"). This module
finds those spans (to read them and to mask them out of the body) and reads the ID line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from registre.extract.quick import quicken, reach_back
from registre.extract.text import fold

_DATE = r"\s*(?:le|du)?\s*:?\s*[0-3]?\d\s?[/.-]\s?[01]?\d\s?[/.-]\s?\d{2,4}"
_STAMP_BEFORE = [  # the alternatives, in the order the engine tries them
    r"(?:envoye|recu|regu|recu|reu)\s+en\s+pr[eé]fectur\w*" + rf"(?:{_DATE})?",
    r"ar\s+pr[eé]fecture\b",
]
# "Re! 97 préfecture le 02/02/2023", "Reçy en préfecture fie 19/08/2023": OCR'd "Reçu en … le".
# It may start on any character, which makes every position of a document a try: it is tried
# only just before a "préfecture" (see find_stamp_spans)
_STAMP_NEAR = r"(?:\S{1,4}\s+){0,2}pr[eé]fecture\s+(?:le|\S{1,3})" + _DATE
_STAMP_AFTER = [
    r"(?<![a-z])(?:recu|publie|affiche)\s+le" + _DATE,
    r"\bid\s*:\s*\d{3}\s?-\s?\d{9}\s?-\s?\d{8}\s?-\s?[\w./ -]{1,40}?-\s?(?:de|ar|ai|cc|bf|au)\b",
    r"\b\d{3}-\d{9}-\d{8}-[\w./ -]{1,40}?-(?:de|ar|ai|cc|bf|au)\b",
]
STAMP_LINES = re.compile("|".join([*_STAMP_BEFORE, _STAMP_NEAR, *_STAMP_AFTER]))
_STAMP_ELSEWHERE = quicken(re.compile("|".join([*_STAMP_BEFORE, *_STAMP_AFTER])))  # STAMP_LINES less _STAMP_NEAR
_PREFECTURE = re.compile(r"pr[eé]fecture")
_NEAR_REACH = 8  # _STAMP_NEAR's "(?:\S{1,4}\s+){0,2}" before it
ACT_ID = quicken(re.compile(
    r"\b(?P<dept>\d{3})\s?-\s?(?P<siren>\d{9})\s?-\s?(?P<date>\d{8})\s?-\s?"
    r"(?P<num>[\w./ -]{1,40}?)\s?-\s?(?:de|ar|ai|cc|bf|au)\b"
))


@dataclass(frozen=True)
class ActId:
    """What the @ctes ID line says: department, SIREN of the body, act date, act number."""

    siren: str
    date: str  # YYYY-MM-DD
    number: str
    start: int
    end: int


def find_stamp_spans(text: str, folded: str | None = None) -> list[tuple[int, int]]:
    """Spans of stamp lines in ``text`` (to be read for dates, then masked from the body).

    The spans of ``STAMP_LINES.finditer``, found faster: away from a "préfecture" only
    ``_STAMP_ELSEWHERE`` can match, and the engine skips quickly to where it does.
    """
    f = folded if folded is not None else fold(text)
    near = _near_prefecture(f)
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := _next_stamp(f, pos, near)) is not None:
        spans.append(m.span())
        pos = m.end()  # never empty: every alternative reads characters
    return spans


def _near_prefecture(f: str) -> list[int]:
    """Every offset where a match of ``_STAMP_NEAR`` may start, in order (a few at most): before
    a "préfecture", white space and two words of up to 4 characters."""
    starts: set[int] = set()
    for m in _PREFECTURE.finditer(f):
        starts.update(range(reach_back(f, m.start(), _NEAR_REACH), m.start() + 1))
    return sorted(starts)


def _next_stamp(f: str, pos: int, near: list[int]) -> re.Match[str] | None:
    """The first match of ``STAMP_LINES`` that starts at ``pos`` or after, as finditer finds it."""
    other = _STAMP_ELSEWHERE.search(f, pos)
    limit = other.start() if other else len(f)
    for at in near[bisect_left(near, pos):bisect_left(near, limit)]:
        m = STAMP_LINES.match(f, at)
        if m:
            return m
    return STAMP_LINES.match(f, other.start()) if other else None


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the given spans by spaces, keeping every offset in place."""
    if not spans:
        return text
    pieces, pos = [], 0  # slices, not a list of characters: the text may be a whole document
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if start < end:
            pieces += [text[pos:start], _BLANKED.sub(" ", text[start:end])]
            pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


_BLANKED = re.compile(r"[^\n\f]")  # a masked span keeps its line and page breaks


def restore(masked: str, original: str, spans: list[tuple[int, int]]) -> str:
    """``masked`` with the given spans of ``original`` put back (the two share their offsets)."""
    pieces, pos = [], 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if start < end:
            pieces += [masked[pos:start], original[start:end]]
            pos = end
    pieces.append(masked[pos:])
    return "".join(pieces)


def find_act_id(text: str, folded: str | None = None) -> ActId | None:
    """The first @ctes ID in the text ("ID : 022-200067981-20230207-DELBU2023_02_12-DE")."""
    f = folded if folded is not None else fold(text)
    m = ACT_ID.search(f)
    if not m:
        return None
    raw = m.group("date")
    date = f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    number = text[m.start("num"):m.end("num")].strip()
    return ActId(m.group("siren"), date, number, m.start(), m.end())
