"""Split a document into its deliberations.

A file holds one deliberation (an extrait) or many (compte rendu, procès-verbal, recueil).
Items are found by the most regular marker family present: deliberation numbers of one shape
("DCM 23.1.49", "DEL2020_01_02", "2023/021"), repeated "Objet :" labels, or enumerated points
("1 –", "Point n° 3") at line starts. The text before the first item is the session header.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from registre.extract.header import find_numeros

POINT = re.compile(
    r"(?:^|\n|(?<=[.!?:;] )|(?<=\f))[ \t]*(?:point\s*(?:n\s*[°o]\s*)?|affaire\s*(?:n\s*[°o]\s*)?|question\s*(?:n\s*[°o]\s*)?)?"
    r"(?P<n>\d{1,2}|[ivx]{1,5})\s*(?:[-.)/:]|\s-\s)\s*(?=[a-z\"'(])"
)
OBJET_AT_LINE = re.compile(r"(?:^|\n|\f)\s*objet\s*:", re.MULTILINE)
PREVIOUS_MINUTES = re.compile(
    r"approbation\s+(?:du|des|de\s+la)\s+(?:dernier\s+)?(?:proces[\s-]*verba|compte[\s-]*rendu|pv\b|"
    r"seance\s+precedente)"
)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
         "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15}


@dataclass
class Item:
    """One deliberation's stretch of text, [start, end) in the document text."""

    start: int
    end: int
    numero: str | None = None
    numero_span: tuple[int, int] | None = None
    marker_end: int = 0  # where the marker ends: the objet often follows it
    family: str = "single"


def _shape(value: str) -> str:
    return re.sub(r"[a-z]+", "a", re.sub(r"\d+", "9", value.lower()))


def _numbered(text: str, folded: str, session_year: int | None) -> list[Item]:
    cands = [c for c in find_numeros(text, folded) if c[3] != "b" or len(c[0]) > 3]
    shapes = Counter(_shape(c[0]) for c in cands if re.search(r"\d.*\d|[a-z].*\d", c[0].lower()))
    best: list[Item] = []
    best_score = 0.0
    for shape, _ in shapes.most_common(6):
        members = [c for c in cands if _shape(c[0]) == shape]
        if session_year and _has_year(members):
            same_year = [c for c in members if _year_of(c[0], session_year)]
            members = same_year or members
        last_of = {}
        for value, s, e, _g in members:
            last_of[value.lower()] = (value, s, e)
        if len(last_of) < 2:
            continue
        items = [Item(s, 0, v, (s, e), e, "numbered") for v, s, e in sorted(last_of.values(), key=lambda x: x[1])]
        score = len(items) * (1.3 if len(shape) > 2 else 1.0)  # "DCM 23.1.49" beats a bare "1"
        if score > best_score:
            best, best_score = items, score
    return best


def _has_year(members) -> bool:
    return any(re.search(r"(?:19|20)\d\d", c[0]) for c in members)


def _year_of(value: str, year: int) -> bool:
    return str(year) in value or bool(re.search(rf"(?<!\d){str(year)[2:]}(?!\d)", value))


def _points(folded: str) -> list[Item]:
    items: list[Item] = []
    last = 0
    for m in POINT.finditer(folded):
        raw = m.group("n")
        n = int(raw) if raw.isdigit() else ROMAN.get(raw, 0)
        if n == 0 or (items and not last <= n <= last + 3) or (not items and n > 2):
            continue
        items.append(Item(m.start("n"), 0, raw.upper() if not raw.isdigit() else raw,
                          (m.start("n"), m.end("n")), m.end(), "point"))
        last = n
    return items if len(items) >= 2 else []


def _objets(folded: str) -> list[Item]:
    items = [Item(m.start(), 0, None, None, m.start(), "objet") for m in OBJET_AT_LINE.finditer(folded)]
    return items if len(items) >= 2 else []


def segment(text: str, folded: str, session_year: int | None = None) -> tuple[int, list[Item]]:
    """Split ``text`` into items.

    Args:
        text: the document text (pages joined by form feeds), stamps masked.
        folded: ``fold(text)``.
        session_year: the séance's year, to ignore the previous session's numbers.

    Returns:
        (end of the session header, items). A single item covers the whole text when no
        marker family repeats.
    """
    for finder in (lambda: _numbered(text, folded, session_year), lambda: _objets(folded),
                   lambda: _points(folded)):
        items = finder()
        if items:
            break
    else:
        return 0, [Item(0, len(text))]
    for i, item in enumerate(items):
        item.end = items[i + 1].start if i + 1 < len(items) else len(text)
    header_end = items[0].start
    items = [it for it in items if not _is_previous_minutes(folded, it)]
    return header_end, items


def _is_previous_minutes(folded: str, item: Item) -> bool:
    """Approving the previous minutes is no deliberation unless it has its own number."""
    head = folded[item.start:min(item.end, item.start + 200)]
    return item.family != "numbered" and bool(PREVIOUS_MINUTES.search(head))
