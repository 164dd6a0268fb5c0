"""Act numbers: "DEL2020_01_02", "D2024-02-007", "CP 2023-017", "2023 1 1", "RH/01-2023" …

An act number is a run of digit groups, perhaps with a prefix of capitals ("DEL", "CP ", "D",
"RH/"), letter groups between the digits ("2025-10-30-DCM-01", "DLcm_2024 04 URB 003") and a
trailing letter ("2024_017_D"), joined by "_", "/", ".", "-" or "–", spaced or not. It is
announced by a label ("Délibération n°", "N°", "DCM", "Acte n°") or recognised by its shape
alone when it mixes capitals and digits or joins a year to an index. Groups joined by a bare
space ("2023 1 1", "230214 001") are read only after a label or when the first group is a
year or a date stamp. A number cited from another act ("vu la délibération n° …", "modifiant
la délibération n° …", "loi n° …") is not the act's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from registre.extract.dates import find_dates
from registre.extract.quick import anchored, quicken

# On the folded text. "Délibération n°", "Délib.", "DCM", "DCC", "Acte n°", "Affaire n°", "Point n°"
# the label stands apart: "DCC2023_129" is a number, "DCC 2023_129" a label and one
WORD_LABEL = anchored(quicken(re.compile(
    r"\b(?:deliberations?|delib|dcm|dcc|acte|affaire|point|question|dossier)(?=[\s.:°])[ \t]*\.?[ \t]*"
    r"(?:n\s*[°o*]\s*|no\.?\s+|numero\s*|n\s+)?[:.]?[ \t]*(?=[a-z]{0,8}[\s_/-]?\d)"
)))
NO_LABEL = quicken(
    re.compile(r"(?<![a-z])n\s*(?:°|o(?![a-z]))\s*[:.]?\s*(?=[a-z]{0,8}[\s_/.-]?\d)|\bnumeros?\s*:?\s*(?=\d)"))
_SEP = r"(?:[ \t]?[_/.\-][ \t]?|[ \t][-–][ \t])"  # never across a line: "M14 -\n2021" is two things
# The number itself, on the folded text, from its first character.
NUMBER = re.compile(
    r"(?P<prefix>[a-z]{1,8}(?:[ \t]?[_/-][ \t]?|[ \t](?=\d))?)?"
    r"(?P<body>\d{1,12}(?:" + _SEP + r"(?:[a-z]{2,5}" + _SEP + r")?\d{1,8}){0,4})"
    r"(?P<spaced>(?:\s(?:[a-z]{2,5}\s)?\d{1,4}(?![\d/.,:h]|\s?[_/.\-–]\s?\d|\s?(?:€|%|euros?|h\b|heures?|ans?\b|mois|jours?|voix|votes?"
    r"|pour\b|contre\b|abstentions?|membres|conseillers|presents|votants)))){0,3}"
    r"(?P<suffix>_[a-z]{1,2}\b|\s?(?:bis|ter)\b)?"  # "2024_017_D", "2024-015bis"
)
# A number quoted from another act, not this act's own (on the folded text before it): right
# after what it numbers ("loi n°", "parcelle", "permis n°") …
CITED_NEAR = re.compile(
    r"\b(?:loi|decret|arrete|ordonnance|articles?|circulaire|code|parcelles?|sections?|cadastr\w*|lots?|requetes?"
    r"|recours|jugement|dossiers?|permis|factures?|marches?|contrats?|conventions?|avenants?|decisions?|prets?"
    r"|emprunts?|routes?|rd|rn)(?:\s+(?!deliberation|delib)[a-z]{1,15})?\s*(?:n\s*[°o*]\s*|no\.?\s+)?[:.]?\s*$"
)
# … or in a sentence that cites it ("vu la délibération n° …", "modifiant la délibération …").
CITED_WIDE = re.compile(
    r"\bvu\b[^.;]{0,40}$|\b(?:approuvee?|modifiee?|instituee?|prise?)\s+par\b[^.;]{0,30}$"
    r"|(?<!extrait )\b(?:de|a|par|sur|dans|selon)\s+(?:la|sa|notre|leur|une|cette)\s*$"
    r"|\b(?:la|par|de|une|cette)\s+deliberations?\s+[a-z]{4,15}\s*$"  # "par la délibération modificative n°"
    r"|\b(?:modifiant|annulant|abrogeant|remplacant|completant|rapportant|retirant)\s+(?:la\s+)?$"
    # "par délibération du conseil communautaire n° 2021/043" (not a heading "Délibération du conseil … n°")
    r"|\b(?:la|par|une|cette|de|sa|leur)\s+deliberations?\s+(?:du|de\s+la|de\s+l'|des)\s+[a-z' ]{3,50}$"
    r"|\b(?:au|aux|des|du)\s*$"  # "(au point 13)", "à compter du point 3" refer to another item
    r'|"\s*$'  # « 2011-02-007, DM Budget … »: a number in quotes is cited
)
SHAPE_START = re.compile(r"(?<![\w/.,:°-])(?=[A-Za-z]{0,8}(?:\s?[_/–-]\s?|\s)?\d)")
DATE_LIKE = re.compile(r"[0-3]?\d\s?/\s?[01]?\d\s?/\s?(?:19|20)?\d\d|[0-3]?\d([.-])[01]?\d\1(?:19|20)\d\d")
YEAR = re.compile(r"(?:19|20)\d\d")
DATE_STAMP = re.compile(r"(?:(?:19|20)\d\d|\d\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")  # 20240909, 230214


_TWO_GROUPS = re.compile(r"\d\D+\d")
_FIGURES = re.compile(r"\d+")
_NOT_LETTER = re.compile(r"[^a-z]")


def _value(text: str, folded: str, start: int, labelled: bool) -> tuple[str, int, int] | None:
    m = NUMBER.match(folded, start)
    if not m:
        return None
    end = m.end("body")
    prefix = m.group("prefix") or ""
    if prefix and not _is_prefix(text[m.start():m.start() + len(prefix)], labelled):
        return None
    # "DEL 2024 015": OCR lost the underscores of a code, its year then its index
    spaced_code = YEAR.fullmatch(m.group("body")) and m.group("spaced") and len(prefix.strip()) >= 2
    if prefix and prefix[-1] in " \t" and not labelled and not spaced_code \
            and not (_TWO_GROUPS.search(m.group("body")) and YEAR.search(m.group("body"))):
        return None  # "DU 27", "PVC 78/90": a word before a figure; "CP 2023-017" a number
    first = _FIGURES.match(m.group("body")).group(0)
    spaced = m.group("spaced") or ""
    # "CC15 2023": OCR lost the underscore of a code glued to its index, then its year
    coded = len(_NOT_LETTER.sub("", prefix)) >= 2 and prefix[-1:].isalpha() and YEAR.fullmatch(spaced.strip())
    if spaced and (labelled or len(first) >= 4 or coded) and len(first) >= 2 \
            and _spaced_ok(text, m.start("spaced"), spaced):
        end = m.end("spaced")
    suffix = m.group("suffix") or ""
    if suffix and (text[m.start("suffix") + 1:m.end("suffix")].isupper() or suffix.strip() in ("bis", "ter")):
        end = m.end("suffix")
    value = text[m.start():end].strip(" ._-/–")
    dated = DATE_LIKE.match(value) if labelled else None
    rest = value[dated.end():] if dated else ""
    # "Délibération 07/12/2022 – 2": act 2 of that day ("12.03.2024-01", joined tight, is one number)
    if dated and re.fullmatch(r"\s[-–—_/]\s?\d{1,3}|[-–—_/]\s\d{1,3}", rest):
        number = rest.strip(" -–—_/")
        at = m.start() + len(value) - len(number)
        return number, at, at + len(number)
    return value, m.start(), m.start() + len(value)


FUNCTION_WORDS = {"du", "de", "des", "le", "la", "les", "au", "aux", "en", "et", "a", "l", "d", "un", "une", "sur",
                  "par", "pour", "dans", "avec", "ou", "n", "no", "vu", "art", "ht", "ttc", "hors", "soit", "total"}
AMOUNT = re.compile(r"\d{1,3}(?:[. ]\d{3})+(?:[.,]\d{1,2})?")  # "16.241.47", "1 600": a sum, with its thousands
# "L.2121-31", "R 2123-23", "L. 5211-10": an article of a code, not an act
CODE_ARTICLE = re.compile(r"[LRD]\.?\s?(?!(?:199|20[0-9])\d)\d{4}-\d")


@lru_cache(maxsize=2048)  # the same capitals come back before every number of a document
def _is_prefix(raw: str, labelled: bool) -> bool:
    """"DEL", "CP ", "D", "RH/", "DLcm_": capitals (a word is prose: "le 12", "DU 23/01/2023")."""
    letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", raw)
    if not letters:
        return True
    if len(letters) > 1 and letters.lower() in FUNCTION_WORDS:
        return False
    return letters[:2].isupper() or (len(letters) == 1 and letters.isupper())


def _spaced_ok(text: str, start: int, spaced: str) -> bool:
    """Letter groups between spaced digits are capitals ("URB"), never a word ("de")."""
    words = re.findall(r"[A-Za-zÀ-ÿ]+", text[start:start + len(spaced)])
    return all(w.isupper() and w.lower() not in FUNCTION_WORDS for w in words)  # "URB", not "DU"


@lru_cache(maxsize=4096)  # as the same numbers do, quoted, in the agenda, in the body
def _is_shape(value: str) -> bool:
    """Recognisable without a label: capitals with digits ("DEL2023-01", "CC15_2023"), or a
    year joined to an index ("2023-011", "02/2020-01", "2023_02_05")."""
    figures = re.sub(r"^[A-Za-z]+\s*", "", value)
    if CODE_ARTICLE.match(value) or AMOUNT.fullmatch(figures) or re.fullmatch(r"\d+[.,]\d+", figures):
        return False  # a code's article, a sum, a decimal figure ("BT 0.0580")
    if re.match(r"[A-Za-z]", value):  # "DEL2023-01", "CC15_2023"; not "PSC-1", "M14" (a code of a thing)
        return len(re.sub(r"\D", "", value)) >= 3
    groups = re.findall(r"\d+", value)
    if len(groups) >= 2 and DATE_STAMP.fullmatch(groups[0]) and len(groups[1]) <= 3:
        return True  # "20240909 1", "230214 001": the session's date, then the act's index
    # ("2020- 047": OCR spaced one side of the separator; "2019 - 676", spaced both, is a range or a sum)
    joined = re.search(r"\d(?:[_/.-]|[ \t][_/.-]|[_/.-][ \t])\d", value)
    if len(groups) < 2 or not joined or all(YEAR.fullmatch(g) for g in groups):
        return False  # "2022-2025": a period
    return bool(YEAR.fullmatch(groups[0]) or YEAR.fullmatch(groups[-1]) or len(groups[0]) >= 6)


Numero = tuple[str, int, int, str]


def find_numeros(text: str, folded: str, start: int = 0, end: int | None = None) -> Iterator[Numero]:
    """Candidate act numbers in folded[start:end] as (value, start, end, how): "a" after a word
    label ("Délibération n°"), "b" after "N°", "c" by a shape with capitals, "d" by a shape of
    digits; numbers cited from another act are left out. (The document is read once; a range
    gives the numbers that lie inside it.)"""
    end = len(folded) if end is None else end
    for c in _document_numeros(text, folded):
        if start <= c[1] and c[2] <= end:
            yield c


@lru_cache(maxsize=4)
def _document_numeros(text: str, folded: str) -> tuple[Numero, ...]:
    found = sorted(_numeros(text, folded, 0, len(folded)), key=lambda c: (c[3] not in "ab", c[1]))
    return tuple(found)


def _numeros(text: str, folded: str, start: int, end: int) -> Iterator[Numero]:
    seen: set[int] = set()
    labels = [(m.end(), m.start(), "a") for m in WORD_LABEL.finditer(folded, start, end)]
    labels += [(m.end(), m.start(), "b") for m in NO_LABEL.finditer(folded, start, end)]
    taken: list[tuple[int, int]] = []  # a labelled number and its label: read once
    for at, label_start, how in sorted(labels):
        found = _value(text, folded, at, labelled=True)
        if not found or found[1] in seen or found[2] > end:
            continue
        taken.append((label_start, found[2]))
        if _cited(text, folded, at) or (DATE_LIKE.fullmatch(found[0]) and how == "a" and not _announced(folded, at)):
            continue
        seen.add(found[1])
        yield (*found, how)
    skip_to = start
    covered = {i for s, e in taken for i in range(s, e)}  # a look-up per shape, not a scan of the labels
    for at in shape_starts(text, start, end):
        if at < skip_to or at in seen or at in covered:
            continue
        found = _value(text, folded, at, labelled=False)
        if not found or found[2] > end:
            continue
        if DATE_LIKE.fullmatch(found[0]):
            skip_to = found[2]  # a date rejected whole: none of its parts is a number
            continue
        if not _is_shape(found[0]):
            continue
        if re.match(r"[\w/.]|-\w", folded[found[2]:found[2] + 2]) or _cited(text, folded, at):
            continue
        seen.add(found[1])
        yield (*found, "c" if re.search(r"[A-Za-z]", found[0]) else "d")


_SEPARATORS = "_/–-"


def shape_starts(text: str, start: int, end: int) -> Iterator[int]:
    """The offsets of ``SHAPE_START.finditer(text, start, end)``, found faster.

    SHAPE_START is tried at every position of a document. But a shape's first figure starts a
    run of figures, and before it come only a separator and up to 8 letters: a few offsets
    before each run (found at once by the engine) are the only ones to try.
    """
    tried = start
    for run in _FIGURES.finditer(text, start, end):
        for at in sorted(_before_figures(text, run.start(), tried)):
            if SHAPE_START.match(text, at, end):  # (not a slice: the look-behind sees before start)
                yield at
        tried = run.start() + 1


def _before_figures(text: str, figure: int, floor: int) -> set[int]:
    """Where a shape ending its letters and separator at ``figure`` may start (at ``floor`` or after):
    the figure itself, each end of its separator (\\s, or \\s?[_/–-]\\s? read backwards), and the
    start of the letters before it."""
    at = figure
    found = {at}
    if at > floor and text[at - 1].isspace():
        at -= 1
        found.add(at)
    if at > floor and text[at - 1] in _SEPARATORS:
        at -= 1
        found.add(at)
        if at > floor and text[at - 1].isspace():
            at -= 1
            found.add(at)
    for _ in range(8):
        if at > floor and "A" <= text[at - 1] <= "z" and text[at - 1].isalpha():
            at -= 1
    found.add(at)
    return {a for a in found if a >= floor}


def _announced(folded: str, at: int) -> bool:
    """"Délibération n° 9-02-2023": a date-shaped number announced by "n°" is a number."""
    return bool(re.search(r"n\s*[°o]\s*[:.]?\s*$", folded[max(0, at - 8):at]))


# "Absents : Sébastien SAINT-PASTEUR (DEL2023_005, _006)": the acts a member missed
QUALIFIER = re.compile(r"[A-ZÀ-Ý][\w'’-]*[A-ZÀ-Ýa-zà-ÿ]\s*\(\s*(?:[\w'’ ]{0,30}\s)?$")


def _cited(text: str, folded: str, at: int) -> bool:
    if QUALIFIER.search(text, max(0, at - 60), at):
        return True
    before = folded[max(0, at - 60):at]
    near = CITED_NEAR.search(before)
    if near and not text[at - len(before) + near.start():].startswith("Dossier"):
        return True  # "le dossier n° 2021-345" is cited; "Dossier n°3 :" labels an item
    label = re.search(r"(?:\b(?:deliberations?|delib|dcm|dcc|acte|point|dossier|affaire|question)\s*\.?[ \t]*)?"
                      r"(?:n\s*[°o*]\s*|no\.?\s+|numero\s*)?[:.]?[ \t]*$", before)
    if label.group(0).strip():
        before = before[:label.start()]
        if before.rstrip().endswith('"'):
            return False  # « … » Délibération n° 209/2022: a label of its own after a quotation
        if re.search(r"\bpar\s*$|(?<!extrait de )\b(?:la|cette|ladite|une|sa|leur)\s*$", before):
            return True  # "par délibération n° 2020-3-78", "La délibération D01 du 17 octobre …"
    before = re.split(r"\d", before)[-1]  # a citation does not reach over another number
    return bool(CITED_WIDE.search(before))


OF_DATE = re.compile(r"\s*(?:du|en\s+date\s+du)\s+")


def dated_otherwise(text: str, end: int, seance: str | None) -> bool:
    """Whether the number ending at ``end`` is followed by a date other than the séance's:
    « la délibération n° 1906201901 du 19 juin 2019 » names an act of another session."""
    m = OF_DATE.match(text, end)
    if not m or not seance:
        return False
    found = find_dates(text[m.end():m.end() + 30])
    return bool(found) and found[0].start == 0 and found[0].year_given and found[0].date.isoformat() != seance
