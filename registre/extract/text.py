"""Text helpers shared by the extraction stages.

The central trick: :func:`fold` returns a text of the SAME LENGTH as its input (lower case,
accents removed, typographic quotes and dashes made plain), so that a regular expression run
on the folded text gives spans that are valid in the original text too — this is what keeps
provenance exact without bookkeeping.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from registre.extract.quick import anchored, quicken

_PLAIN = {
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
    "«": '"', "»": '"', "“": '"', "”": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " ",
    "œ": "œ", "Œ": "œ", "ß": "ß",
    "º": "°",  # the ordinal indicator of « Nº », « 1º) » typed for the degree sign
}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _PLAIN:
        return _PLAIN[c]
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


class _FoldTable(dict):
    """A ``str.translate`` table built as characters are met (each folds to one character)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip accents and plain-ify punctuation, keeping every index in place."""
    # the stages fold the same texts again and again (a document, its header, each name):
    # translating costs a dict look-up per character, a cached copy only a hash of the text
    return _fold_short(text) if len(text) <= _SHORT else _fold_long(text)


_SHORT = 256


@lru_cache(maxsize=8192)
def _fold_short(text: str) -> str:
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=32)  # a few documents' texts at most: they may be long
def _fold_long(text: str) -> str:
    return text.translate(_FOLD_TABLE)


def clean_spaces(text: str) -> str:
    """Collapse runs of white space into one space and strip the ends."""
    return " ".join(text.split())  # str.split and the regex's \s split on the same characters


def plain(text: str) -> str:
    """Typographic quotes/dashes made plain, spaces collapsed; accents and case kept."""
    return clean_spaces("".join(_PLAIN.get(c, c) for c in text))


def strip_punct(text: str) -> str:
    """Trim spaces and punctuation that cling to the ends of an extracted value."""
    return text.strip(" \n\t.,;:-–—_/|°*+•·")


LETTER = r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]"
UPPER = r"[A-ZÀ-ÖØ-ÞŒ]"


@lru_cache(maxsize=8192)  # asked of the same words again and again while names are read
def is_upper_word(word: str) -> bool:
    """A word written in capitals (a surname as in "Philippe VARLET")."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def split_pages(pages: list[str]) -> tuple[str, list[int]]:
    """Join page texts with a form feed; return the text and each page's start offset."""
    starts, parts, pos = [], [], 0
    for text in pages:
        starts.append(pos)
        parts.append(text)
        pos += len(text) + 1
    return "\f".join(parts), starts


def page_of(offset: int, starts: list[int]) -> int:
    """1-based page number holding a character offset of the joined text."""
    page = 1
    for i, start in enumerate(starts):
        if offset >= start:
            page = i + 1
    return page


FURNITURE_TOP, FURNITURE_BOTTOM = 16, 3  # furniture sits at the top (a sidebar) or the bottom


# a page's folio: "Page 3 sur 8", "p. 3", "3/8", "- 3 -" (the one figure a running line changes)
FOLIO = re.compile(r"\b(?:page|p\.)\s*\d{1,3}(?:\s*(?:/|sur|de)\s*\d{1,3})?|\b\d{1,3}\s*(?:/|sur)\s*\d{1,3}\b"
                   r"|^[\s\-–]*\d{1,3}[\s\-–]*$")


# vote lines repeat by nature; an extrait's heading at the top of each page heads each act of a file
NEVER_FURNITURE = ("vote", "adopte", "approuve", "extrait")


@lru_cache(maxsize=8192)  # furniture repeats by nature: a running line's key is computed once
def furniture_key(line: str) -> str:
    """What a line repeated as page furniture keeps from page to page: its letters and figures,
    its folio aside ("Délibération n°2024-015" and "…-016" are two acts' headings, not one)."""
    return re.sub(r"[^a-z0-9]", "", FOLIO.sub("", fold(line)))


def repeated_lines(pages: list[str], starts: list[int], min_share: float = 0.6) -> list[tuple[int, int]]:
    """Spans (in the joined text) of lines that repeat on most pages, after their first page.

    A line counts when it has at least 4 letters, stands among the first or last lines of
    its page, and appears on at least three pages and on ``min_share`` of them: page furniture
    such as a sidebar or a letterhead (vote lines, repeated by nature, never count, nor an
    extrait's heading: a file of extraits heads each act with it).
    """
    if len(pages) < 3:
        return []
    seen: dict[str, set[int]] = {}
    positions: list[tuple[str, int, int, int]] = []
    for number, (page, start) in enumerate(zip(pages, starts, strict=False)):
        pos = 0
        lines = page.split("\n")
        for index, line in enumerate(lines):
            key = furniture_key(line)
            at_edge = index < FURNITURE_TOP or index >= len(lines) - FURNITURE_BOTTOM
            if len(re.sub(r"\d", "", key)) >= 4 and at_edge and not key.startswith(NEVER_FURNITURE):
                seen.setdefault(key, set()).add(number)
                positions.append((key, number, start + pos, start + pos + len(line)))
            pos += len(line) + 1
    needed = max(3, int(len(pages) * min_share + 0.5))
    repeated = {k for k, numbers in seen.items() if len(numbers) >= needed}
    first_page = {k: min(seen[k]) for k in repeated}
    return [(s, e) for key, number, s, e in positions if key in repeated and number > first_page[key]]


SIDEBAR_COUNT = anchored(quicken(re.compile(
    r"\b(?:Pr[ée]sents|Absents|Procurations|Pouvoirs|Votants|Repr[ée]sent[ée]s|Exprim[ée]s|Abstentions)"
    r"[ \t]*:[ \t]*\d{1,3}\b(?=[ \t]+[a-zà-ÿA-ZÀ-Ý])")))


def sidebar_count_spans(text: str) -> list[tuple[int, int]]:
    """The counts of a sidebar box that landed mid-sentence ("à la Maison des Absents : 6
    Associations"): masked, dates and places read across them."""
    return [m.span() for m in SIDEBAR_COUNT.finditer(text)]


# OCR's usual misreadings in a title, mended only where the misread form is no French word:
# "Convention ler secours" (1er), "Parking Sabatier Il" (II) at the title's end
_OCR_TITLE_FIXES = [
    (re.compile(r"(?<![\w'’])ler(?=\s+[a-zà-ÿ])"), "1er"),
    (re.compile(r"(?<=\s)Il$"), "II"),
    (re.compile(r"(?<=\s)Ill$"), "III"),
]


def mend_ocr_title(title: str) -> str:
    """A title with OCR's unambiguous misreadings undone."""
    for rx, fixed in _OCR_TITLE_FIXES:
        title = rx.sub(fixed, title)
    return title
