"""Printed counts of a session: membres en exercice, présents, représentés, votants.

A count is a number the document prints beside its label ("En exercice : 14", "Ayant pris part
au vote : 53", "27 élus présents"); a list of names is no count. The labels come in several
layouts that French minutes share:

- a label, then its value, with a colon, a dash, dot leaders or nothing between
  ("Présents : 22", "Présents ........ 22", "Présents en séance : 51"), a note in parentheses
  before the colon ("Présents (dont 2 suppléants) : 28");
- the value first ("27 conseillers présents", "5 puis 4 conseillers avaient donné pouvoir");
- a table flattened into a row of labels and a row of values, in either order
  ("En exercice Présents Votants 29 22 26", "27 16 3 19 Nombre de conseillers en exercice
  Présents Procurations Votants").

The most specific label of a field wins over an earlier, looser one ("Afférents : 33 –
En exercice : 32" is 32 in office).
"""

from __future__ import annotations

import re

from registre.extract.dates import FiguredText, figured_text
from registre.extract.quick import anchored, quicken
from registre.extract.text import fold

_SEP = r"\s*(?:[:=-]|[.…_]{2,}|\s)?\s*"  # "Présents : 22", "Présents ...... 22", "Présents 22"
_BEFORE = r"(?<![:=][ \t])(?<![:=/.\w-])"  # a value first, not the tail of an earlier "label : value"
_THEN = r"(?:\s+puis\s+\d{1,3})?"  # "27 puis 28 conseillers étaient présents": the count the session opened with
_WHO = r"(?:(?:elus|membres|conseillers|delegues)(?:\s+(?:municipaux|communautaires))?\s+)?"

# By field, patterns from the most specific label to the loosest: the first that matches wins.
COUNT_PATTERNS = {
    "membres_en_exercice": [
        r"\ben\s+exercice" + _SEP + r"(\d{1,3})\b",
        r"\ben\s+exercice\s+(?:qui\s+sont\s+au\s+nombre\s+de|est\s+de|sont\s+au\s+nombre\s+de"
        r"|composant\s+l[ea]\s+(?:conseil|comite|bureau|assemblee)(?:\s+[a-z']+){0,3}\s*:?)\s+(\d{1,3})\b",
        r"\bnombre\s+de\s+(?:membres|conseillers|delegues)(?:\s+(?:municipaux|communautaires))?"
        r"(?:\s+en\s+exercice|\s+composant\s+le\s+conseil)?\s*:\s*(\d{1,3})\b",
        r"\bcomposant\s+le\s+(?:conseil|comite|bureau)\s*:\s*(\d{1,3})\b",
        r"\bafferents?\b[^:]{0,40}:\s*(\d{1,3})\b",
        _BEFORE + r"(\d{1,3})\s+" + _WHO + r"en\s+exercice\b",  # "15 conseillers en exercice"
    ],
    "presents": [
        r"\bpresents?(?:\s+titulaires|\s+en\s+seance)?(?:\s*\([^()]{0,80}\))?" + _SEP + r"(\d{1,3})\b(?!\s*[/.]\s*\d)",
        _BEFORE + r"(\d{1,3})" + _THEN + r"\s+" + _WHO + r"(?:etaient\s+|sont\s+)?presents\b",
        r"\bpresents\s+(?:est|etait)\s+de\s+(\d{1,3})\b",  # "le nombre de conseillers présents est de 21"
    ],
    "votants": [
        r"\bvotants" + _SEP + r"(\d{1,3})\b",
        r"\b(?:ayant|qui\s+ont)\s+pris\s+part\s+(?:au\s+vote|a\s+la\s+delib\w*)\s*:?\s*(\d{1,3})\b",
        _BEFORE + r"(\d{1,3})\s+votants\b",
    ],
    "representes": [
        # ("présents ou représentés : 24" counts both: no proxies)
        r"(?<!presents\sou\s)(?<!presents\set\s)\b(?:procurations?|pouvoirs?|representes?)\s*:\s*(\d{1,3})\b",
        r"\bayant\s+donne\s+(?:pouvoir|procuration)\s*:?\s*(\d{1,3})\b",
        _BEFORE + r"(\d{1,3})\s+(?:procurations?|pouvoirs?)\b",
        _BEFORE + r"(\d{1,3})" + _THEN + r"\s+" + _WHO + r"(?:avaient|ont)\s+donne\s+(?:pouvoir|procuration)\b",
        # "12 présents, 2 représentés", in a list of counts ("quorum atteint avec 11 élus représentés"
        # counts those present or represented)
        r"(?:(?<=,\s)|(?<=;\s)|(?<=\bet\s)|(?<=\bdont\s))(\d{1,3})\s+" + _WHO + r"representes\b",
    ],
}
# searched near their labels: a header is read by fourteen patterns, a whole text too
_COUNT_RX = {name: [anchored(quicken(re.compile(p))) for p in patterns] for name, patterns in COUNT_PATTERNS.items()}
SUPPLEANTS_COUNT = anchored(quicken(re.compile(r"\bpresents?\s+suppleants?\s*[:=-]?\s*(\d{1,3})\b")))
OCR_COUNT = anchored(quicken(re.compile(
    r"(\b(?:en\s+exercice|votants|presents?|deliberation)\s*:\s*)(?:il|ll|l1|1l)\b")))

# A flattened table: a row of labels and a row of as many values.
TABLE_LABELS = [
    (r"(?:nombre\s+de\s+(?:conseillers|membres|delegues)\s+)?en\s+exercice", "membres_en_exercice"),
    (r"presents?", "presents"), (r"votants", "votants"),
    (r"(?:procurations?|pouvoirs?|representes?)", "representes"),
    (r"(?:absents?|excuses?)", None), (r"quorum", None), (r"afferents?", None),
]
_TABLE_LABEL = "(?:" + "|".join(p for p, _ in TABLE_LABELS) + ")"
_LABEL_ROW = r"(?:" + _TABLE_LABEL + r"[\s|]+){1,5}" + _TABLE_LABEL
_VALUE_ROW = r"(?:\d{1,3}[\s|]+){1,5}\d{1,3}"
TABLE = quicken(re.compile(r"(?P<labels>" + _LABEL_ROW + r")[\s|:]+(?P<values>" + _VALUE_ROW + r")\b"
                   r"|(?<![\d/.:-])\b(?P<values2>" + _VALUE_ROW + r")[\s|]+(?P<labels2>" + _LABEL_ROW + r")\b"))


def _field_of(label: str) -> str | None:
    """The count a table's label names ("presents" -> "presents"; "absents" names none)."""
    return next(f for p, f in TABLE_LABELS if re.fullmatch(p, label))


# Every table holds a row of labels; its values may come first, with nothing but figures, bars and
# white space between them and the labels: no table starts before the run of those that ends
# where the first row of labels starts (its first label starts with a letter)
LABEL_ROW = anchored(quicken(re.compile(_LABEL_ROW)))


def _table_start(text: str) -> int | None:
    """Where the first table of ``text`` may start, or None when it has no row of labels."""
    row = LABEL_ROW.search(text)
    if row is None:
        return None
    at = row.start()
    while at > 0 and (text[at - 1].isdecimal() or text[at - 1].isspace() or text[at - 1] == "|"):
        at -= 1
    return at


def _table_counts(ft: FiguredText) -> dict[str, tuple[int, int, int]]:
    """Counts of a table flattened into a row of labels and a row of values, in order."""
    start = _table_start(ft.text)
    if start is None:
        return {}
    for m in TABLE.finditer(ft.text, start):  # (the look-behind still sees before start)
        labels_at = "labels" if m.group("labels") else "labels2"
        values_at = "values" if m.group("values") else "values2"
        labels = [(lab.group(0), lab.start()) for lab in re.finditer(_TABLE_LABEL, m.group(labels_at))]
        values = list(re.finditer(r"\d{1,3}", m.group(values_at)))
        if len(labels) < 2 or len(labels) != len(values):
            continue
        out = {}
        base = m.start(values_at)
        for (label, _), value in zip(labels, values, strict=True):
            field = _field_of(label)
            if field:
                start, end = ft.span(base + value.start(), base + value.end())
                out[field] = (int(value.group(0)), start, end)
        return out
    return {}


# Members arrive and leave during a long session: its counts may be printed per run of acts, a
# table flattened into its labels, then one row per run ("N° de délibération Présents Absents
# représentés Votants 1746 à 1753 51 19 22 73 1754 à 1817 49 19 24 73").
ACT_RANGE_HEAD = anchored(quicken(re.compile(
    r"\b(?:n\s*°\s*(?:de\s+(?:la\s+)?)?)?(?:deliberations?|points?)[\s|:]+"
    r"(?P<labels>" + _LABEL_ROW + r")(?=[\s|:]+\d)")))
_ACT_RANGE = r"(?P<lo>\d{1,6})\s*(?:a|au|-)\s*(?P<hi>\d{1,6})"

CountsByActs = list[tuple[int, int, dict[str, tuple[int, int, int]]]]


def counts_by_acts(text: str) -> CountsByActs:
    """Counts printed per run of acts: (first act, last act, field -> (value, start, end))."""
    folded = fold(text)
    head = ACT_RANGE_HEAD.search(folded)
    if not head:
        return []
    labels = [lab.group(0) for lab in re.finditer(_TABLE_LABEL, head.group("labels"))]
    fields = [_field_of(label) for label in labels]
    row = re.compile(r"[\s|:]+" + _ACT_RANGE + "".join(r"[\s|]+(\d{1,3})" for _ in labels) + r"\b")
    out: CountsByActs = []
    at = head.end()
    while m := row.match(folded, at):
        lo, hi = int(m.group("lo")), int(m.group("hi"))
        if lo <= hi:
            values = {field: (int(m.group(3 + i)), m.start(3 + i), m.end(3 + i))
                      for i, field in enumerate(fields) if field}
            out.append((lo, hi, values))
        at = m.end()
    return out


def counts_of_act(table: CountsByActs, numero: str) -> dict[str, tuple[int, int, int]]:
    """The counts of the run that holds the act numbered ``numero`` (its last figures: "2020-02-25
    1786" is act 1786), or none."""
    figures = re.findall(r"\d+", numero)
    act = int(figures[-1]) if figures else None
    return next((values for lo, hi, values in table if act is not None and lo <= act <= hi), {})


def read_counts(text: str, figured: FiguredText | None = None) -> dict[str, tuple[int, int, int]]:
    """Printed counts: membres_en_exercice, presents, votants, representes (value, span).

    OCR reads a printed "11" after a count label as "il" or "ll": it is mended there only.

    Args:
        text: a session header (or a whole extrait).
        figured: the same text with numbers in words as figures, when already computed.

    Returns:
        field -> (value, start, end), the span in ``text``.
    """
    misread = [m.end(1) for m in OCR_COUNT.finditer(fold(text))]  # found folded ("délibération : il")
    for at in misread:  # "il" and "11" are as long: every span stays valid
        text = text[:at] + "11" + text[at + 2:]
    ft = figured if figured and not misread else figured_text(text)
    counts = _table_counts(ft)
    for name, patterns in _COUNT_RX.items():
        if name in counts:
            continue
        for rx in patterns:
            m = rx.search(ft.text)
            if m:
                start, end = ft.span(m.start(1), m.end(1))
                counts[name] = (int(m.group(1)), start, end)
                break
    sup = SUPPLEANTS_COUNT.search(ft.text)
    if sup and "presents" in counts:
        value, start, end = counts["presents"]
        counts["presents"] = (value + int(sup.group(1)), start, end)
    return counts
