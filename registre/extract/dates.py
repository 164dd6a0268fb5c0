"""Dates and times in French deliberations: in figures, with month names, or in words.

Numbers written in words ("l'an deux mille seize, le vingt-huit novembre") are turned into
figures with text2num first, on a folded copy of the text whose offsets map back to the
original; then explicit patterns find day/month/year and times. dateparser is not used for
search: it misreads 03/12 and invents missing parts (see DESIGN.md, measured facts).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import alpha2digit, text2num

from registre.extract.quick import quicken
from registre.extract.text import fold

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "fevier": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}
WEEKDAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_MONTH_RX = "|".join(sorted(MONTHS, key=len, reverse=True))
# zéro to mille, grouped by their first letters (in each group, the order of the list "zero, un(e),
# deux … cent(s), mille, mil"): the engine tries one group at a position, not every word
_NUMBER_WORD = (
    r"(?:zero|une?|d(?:eux|ix|ouze)|tr(?:ois|eize|ente)|qu(?:at(?:re|orze)|inze|arante)"
    r"|c(?:inq|inquante|ents?)|s(?:ix|ept|eize|oixante)|huit|neuf|onze|vingts?|mil(?:le)?)"
)
_NUMBER_RUN = quicken(re.compile(
    rf"\b{_NUMBER_WORD}(?:(?:[\s-]+et)?[\s-]+{_NUMBER_WORD})*\b"
))
_FIRST = quicken(re.compile(r"\b(?:1\s?er|premier)\b"))

# Patterns over the folded text where numbers are figures ("28 novembre 2016 a 17h00").
_DAY = r"(?P<d>[0-3]?\d|[0-3]\s[0-9])"
_YEAR = r"(?P<y>(?:1[89]|2[0-9])\d\d|'?\d\d)"
_OF_MONTH = r"(?:du\s+mois\s+(?:de\s+|d')?)?"  # "le six du mois de février"
DMY_WORDS = quicken(re.compile(
    rf"\b{_DAY}\s*(?:er)?\s*{_OF_MONTH}(?P<m>{_MONTH_RX})\.?(?:[\s.,]*{_YEAR})?\b"
))
YEAR_FIRST = quicken(re.compile(
    rf"\ban\s*(?P<y>(?:1[89]|20)\d\d)\s*[,.]?\s*(?:et\s+)?(?:le\s+)?(?:{WEEKDAYS}\s+)?"
    rf"(?P<d>[0-3]?\d)\s*(?:er)?\s*{_OF_MONTH}(?P<m>{_MONTH_RX})\b"
))
NUMERIC = quicken(re.compile(r"\b(?P<d>[0-3]?\d)\s?[/.-]\s?(?P<m>[01]?\d)\s?[/.-]\s?(?P<y>(?:19|20)?\d\d)\b"))
TIME = quicken(re.compile(
    r"\b(?P<h>[0-2]?\d)\s*(?:h|heures?|:)\s*(?:et\s+)?(?P<mi>[0-5]\d)?(?:\s*(?:mn|min|minutes))?\b"
))


@dataclass(frozen=True)
class DateMention:
    """A date found in the text, with its span in the original text."""

    start: int
    end: int
    date: dt.date
    year_given: bool = True

    @property
    def iso(self) -> str:
        return self.date.isoformat()


class FiguredText:
    """A folded text where numbers in words became figures, with an offset map back."""

    def __init__(self, text: str):
        folded = fold(text)
        pieces: list[str] = []
        # the map back, one entry per stretch rather than per character (texts may be whole
        # documents): where each stretch starts in the figured text and in the original, and
        # for words made figures, where they end in the original (None for copied stretches)
        self._at: list[int] = []
        self._from: list[int] = []
        self._upto: list[int | None] = []
        pos = at = 0
        for m in _iter_number_spans(folded):
            at = self._copied(pieces, folded, pos, m[0], at)
            self._at.append(at)
            self._from.append(m[0])
            self._upto.append(m[1])
            pieces.append(m[2])
            at += len(m[2])
            pos = m[1]
        at = self._copied(pieces, folded, pos, len(folded), at)
        self.text = "".join(pieces)
        self._length = len(folded)

    def _copied(self, pieces: list[str], folded: str, start: int, end: int, at: int) -> int:
        """Copy folded[start:end] as it is; the figured offset after it."""
        if start < end:
            self._at.append(at)
            self._from.append(start)
            self._upto.append(None)
            pieces.append(folded[start:end])
        return at + end - start

    def _mapped(self, index: int, after: bool) -> int:
        """The original offset of the figured character at ``index`` (its start, or just after it)."""
        if not 0 <= index <= len(self.text):
            raise IndexError(index)
        if index == len(self.text):
            return self._length
        k = bisect_right(self._at, index) - 1
        upto = self._upto[k]
        if upto is not None:  # a figure stands for all of its words
            return upto if after else self._from[k]
        return self._from[k] + index - self._at[k] + after

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the figured text back onto the original text."""
        return self._mapped(start, False), self._mapped(max(start, end - 1), True)


@lru_cache(maxsize=16)
def figured_text(text: str) -> FiguredText:
    """``FiguredText(text)``, built once per text: stages read the same texts (a header, the whole
    text, an extrait's only item) for their counts, dates and votes."""
    return FiguredText(text)


def _iter_number_spans(folded: str):
    spans = []
    spans.extend(_cut_words(folded))
    for m in _FIRST.finditer(folded):
        spans.append((m.start(), m.end(), "1"))
    for m in _NUMBER_RUN.finditer(folded):
        value = _words_to_int(m.group(0))
        if value is not None:
            spans.append((m.start(), m.end(), str(value)))
    spans.sort()
    last_end = -1
    for s in spans:
        if s[0] >= last_end:
            last_end = s[1]
            yield s


_HYPHEN_BREAK = re.compile(r"-\s+[a-z]")  # it starts with a character: the engine skips to each "-"


def _cut_words(folded: str) -> Iterator[tuple[int, int, str]]:
    """"novem- bre": a word cut at a line end, as ``re.finditer(r"([a-z])-\\s+([a-z])", folded)``
    finds it (the letter before the dash is checked here, matches never overlap), joined."""
    end = 0
    for m in _HYPHEN_BREAK.finditer(folded):
        start = m.start() - 1
        if start >= end and "a" <= folded[start] <= "z":
            end = m.end()
            yield start, end, folded[start] + folded[end - 1]


@lru_cache(maxsize=1024)  # "une", "deux", "mille": few words, read again and again
def _words_to_int(words: str) -> int | None:
    words = re.sub(r"\s+", " ", words.replace("-", " ")).strip()
    if words in ("un", "une"):
        return 1
    try:
        return int(text2num(words, "fr"))
    except ValueError:
        converted = alpha2digit(words, "fr", threshold=0)
        return int(converted) if converted.isdigit() else None


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    raw = raw.lstrip("'")
    year = int(raw)
    if year < 100:
        year += 2000 if year < 50 else 1900
    return year


def _make(d: str, m: int, y: int | None) -> dt.date | None:
    try:
        day = int(d.replace(" ", ""))
        return dt.date(y or 2000, m, day)
    except ValueError:
        return None


def find_dates(text: str, figured: FiguredText | None = None) -> list[DateMention]:
    """Every well-formed date in ``text``, in order, spans in the original text.

    Dates without a year ("le 28 novembre") come with ``year_given=False`` and year 2000;
    the caller completes them from context.
    """
    ft = figured or figured_text(text)
    found: dict[int, DateMention] = {}
    for rx in (YEAR_FIRST, DMY_WORDS, NUMERIC):  # (near a month's name, they were slower: "mai", "mar")
        for m in rx.finditer(ft.text):
            month = MONTHS[m.group("m")] if rx is not NUMERIC else int(m.group("m"))
            if not 1 <= month <= 12:
                continue
            year = _year(m.group("y"))
            date = _make(m.group("d"), month, year)
            if date is None:
                continue
            start, end = ft.span(m.start(), m.end())
            if any(s.start <= start < s.end for s in found.values()):
                continue
            found[start] = DateMention(start, end, date, year is not None)
    return [found[k] for k in sorted(found)]


def find_time(text: str) -> tuple[str, int, int] | None:
    """The first clock time ("17h00", "20 h 30", "dix-neuf heures") in ``text``.

    Returns:
        ("HH:MM", start, end) with the span in the original text, or None.
    """
    ft = figured_text(text)
    for m in TIME.finditer(ft.text):
        hour = int(m.group("h"))
        if hour > 23:
            continue
        unit = ft.text[m.start("h"):m.end()]
        if ":" in unit and not m.group("mi"):
            continue
        start, end = ft.span(m.start(), m.end())
        return f"{hour:02d}:{int(m.group('mi') or 0):02d}", start, end
    return None


def repair_year(date: dt.date, reference_year: int | None, today: dt.date | None = None) -> dt.date | None:
    """Mend an OCR-damaged year ("2073" in a 2023 document) or give up on it.

    A year after next year is impossible for an archived act: if it differs from the
    reference year by one digit it is taken as that year, otherwise the date is dropped.
    """
    limit = (today or dt.date.today()).year + 1
    if date.year <= limit and date.year >= 1900:
        return date
    if reference_year is None:
        return None
    for candidate in (reference_year, reference_year + 1, reference_year - 1):
        a, b = str(date.year), str(candidate)
        if len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=False)) == 1:
            try:
                return date.replace(year=candidate)
            except ValueError:
                return None
    return None
