"""Attendance: counts, the lists of present and absent members, proxies, président, secrétaire.

Rules first: labelled lists ("Étaient présents :", "Absents excusés :", "Pouvoirs :") are
cut at the next label and split into names by :mod:`registre.extract.names`; proxies are read
from their verbs ("X donne pouvoir à Y", "(pouvoir à Y)", "représenté par"); counts from
their labels ("En exercice : 14", "Ayant pris part au vote : 53").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from registre.extract.counts import CountsByActs, counts_by_acts, read_counts
from registre.extract.names import Name, first_name, parse_names
from registre.extract.quick import anchored, quicken
from registre.extract.roles import find_president, find_secretary
from registre.extract.text import fold, is_upper_word

_COLON = r"\s*(?:\(\s*\d+\s*\))?\s*(?:[:;]|(?<=\n)[ \t]*[.,](?=[ \t]))"  # OCR reads a colon as ". " at a line start
# a label may go without its colon when a civility follows: "Présent(e)s Madame …", "Absents excusés Mmes …"
_CIVILITY_NEXT = r"(?=[ \t\n]+(?:m\.|mm\.?|mmes?|mmc|mrs?\.?|madame|monsieur|mesdames|messieurs)\s)"
_PLURAL = r"(?:\(e\)s|\(es\)|e|s|es)?"  # "présent(e)s", "excusé(es)"
PRESENT_LABEL = quicken(re.compile(
    r"(?:\b(?:etaient|etait|sont|membres|conseillers?(?: municipaux| communautaires)?|elus?)\s+)?"
    r"\bpresent" + _PLURAL + r"(?:\s+titulaires(?:\s*/\s*suppleants)?|\s+suppleants)?"
    r"(?:" + _COLON + "|" + _CIVILITY_NEXT
    + r")|\betaient\s+presents?\b(?!\s*:)|\bassistaient\s+a\s+la\s+seance\b(?:\s*:)?"
))
ABSENT_LABEL = quicken(re.compile(  # "Absents excusés :", "Étaient excusés et avaient donné pouvoir … :"
    r"(?m:^[ \t]*absent(?:e|s|es)?[ \t]*$)"  # a label alone on its line (before "Hélène\nOrdre du jour :")
    r"|(?:\b(?:etaient|etait|sont)\s+)?\b(?:absent" + _PLURAL + r"(?:\s+excuse" + _PLURAL + r")?"
    r"|excuse" + _PLURAL + r")"
    + _CIVILITY_NEXT + r"|\betaient\s+(?:absent|excuse)" + _PLURAL + r"\b(?![^:.;]{0,140}:)"
    r"|(?:\b(?:etaient|etait|membres|conseillers?(?: municipaux| communautaires)?)\s+)?"
    r"\b(?:absent(?:e|s|es)?|excuse(?:e|s|es)?)\b(?:[^:.;]{0,140}?)" + _COLON
))
PROXY_LABEL = quicken(re.compile(
    r"\b(?:pouvoirs?|procurations?|titulaires\s+ayant\s+donne\s+procuration"
    r"|(?:ont|a|ayant|avaient|avait)\s+donne\s+(?:pouvoir|procuration)|(?:etaient\s+|absents?\s+)?representee?s)"
    + _COLON + r"|\b(?:etaient\s+representee?s|(?:a|ont)\s+donne\s+pouvoir)" + _CIVILITY_NEXT
))
OTHER_LABEL = quicken(re.compile(
    r"\bsecretaires?\s+de\s+(?:la\s+)?seance|\bassistai(?:en)?t\b|\bdate\s+de\s+(?:la\s+)?convocation"
    r"|\bnombre\s+de\b|\ben\s+exercice\b|\bvotants\b|\bquorum\b|\bordre\s+du\s+jour\b|\bsecretariat\b"
    r"|\bobjet\s*:|\bdeliberation\s+n|\bvu\s+le|\bla\s+seance\s+est|\bsecretaire\b"
    r"|\bpresidente?\s+de\s+(?:la\s+)?seance\b|\bpresidence\s*:"
))
PROXY_VERB = anchored(quicken(re.compile(
    r"(?:,?\s{0,3}\bqui\s+)?(?:\ba\s+|\bayant\s+|\bavait\s+)?\b(?:donne|donnant|delegue|confie|remis)\s+"
    r"(?:son\s+|sa\s+)?(?:pouvoir|procuration|delegation)(?:\s+de\s+vote)?\s+a\b"
    r"|\(\s*(?:pouvoir|procuration|pouvoir\s+donne)\s+a\b"
    r"|\(\s*(?:pouvoir|procuration)\s+donnee?(?!\s+a\b)(?=\s+\w)"  # "(pouvoir donné Patrick)", "à" left out
    r"|\brepresente(?:e|s|es)?\s+par\b(?!\s+(?:son|sa)\s+suppl|\s+(?:le|la|les|l'|un|une)\s)"  # not "par le cabinet"
    r"|\bpouvoir\s+a\b"
)))  # tried near its words, not on every space


@dataclass
class Attendance:
    """Session-level attendance found in a header text; spans are offsets in that text."""

    counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # field -> (value, start, end)
    presents: list[Name] = field(default_factory=list)
    absents: list[Name] = field(default_factory=list)
    procurations: list[tuple[Name, Name]] = field(default_factory=list)
    president: Name | None = None
    secretaire: Name | None = None
    has_present_list: bool = False
    has_absent_list: bool = False
    partly: list[Name] = field(default_factory=list)  # gave a proxy for part of the session only
    by_acts: CountsByActs = field(default_factory=list)  # counts printed per run of acts


# searched near their words: a header, then the whole text, is read by each
_LABELS = tuple((kind, anchored(rx)) for kind, rx in (
    ("present", PRESENT_LABEL), ("absent", ABSENT_LABEL), ("proxy", PROXY_LABEL), ("other", OTHER_LABEL)))


def _labels(folded: str) -> list[tuple[int, int, str]]:
    found = []
    for kind, rx in _LABELS:
        for m in rx.finditer(folded):
            found.append((m.start(), m.end(), kind))
    found.sort()
    merged: list[tuple[int, int, str]] = []
    for lab in found:
        if merged and lab[0] < merged[-1][1]:
            if lab[2] != "other" and merged[-1][2] == "other":
                merged[-1] = lab
            continue
        merged.append(lab)
    return merged


_LIST_END = quicken(re.compile(
    r"(?:\b[a-zà-ÿ][a-zà-ÿ'’]+\b[ ,\n]+){4}"  # prose resumes (a line break is a space)
    r"|(?:(?<=[a-zà-ÿA-ZÀ-Ý]{2})|(?<=\)))\.\s+(?=.{0,60}?(?:\b(?:a|ont|est|sont)\s+(?:été\s+)?[a-zà-ÿ]+(?:é|ée|és|ées|i|is|u|ue|us|ues)\b"
    r"|\b(?:ouvre|déclare|procède|rappelle|expose|informe|propose|constate)\b))"  # a new sentence
    r"|(?<=[a-zà-ÿA-ZÀ-Ý]{2})\.\s+(?=[A-ZÀ-Ý][\w'’-]*\s*:)"  # ". Précision :" a new label
    r"|(?<=[a-zà-ÿA-ZÀ-Ý]{2})\.[ \t]*\n(?=[^\n]{3,80}:[ \t]*\n)"  # ".\nCOMPTES ADMINISTRATIFS 2002 :" a heading
    # "… M. GRIS P. Madame VERT S. a été élue secrétaire": the subject of a sentence
    r"|\b(?:M\.|Mme|Madame|Monsieur)\s+(?:[A-ZÀ-Ý][\w'’.-]*\s+){1,3}"
    r"(?=(?:a|est)\s+(?:été\s+)?(?:élue?|désignée?|nommée?)\b)"
))


BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _cut_at_prose(segment: str) -> int:
    """Where a list stops: where prose, a new sentence with a verb, or a new label begins."""
    m = _LIST_END.search(segment)
    cut = m.start() if m else len(segment)
    for blank in BLANK_LINE.finditer(segment, 0, cut):  # a block of lines, a blank line, a lone word: the list
        before = segment[:blank.start()].strip()         # ended (the word is an OCR'd ornament or a folio)
        if "\n" in before and not re.search(r"(?:[,;–—-]|\bet)$", before) \
                and re.match(r"[ \t]*\S+[ \t]*(?:\n|$)", segment[blank.end():]):
            return blank.start()
    return cut


def _segments(text: str, folded: str) -> list[tuple[str, int, int]]:
    labels = _labels(_drop_parentheses(folded, 4))  # a note in parentheses holds no label
    out = []
    for i, (_, end, kind) in enumerate(labels):
        if kind == "other":
            continue
        stop = labels[i + 1][0] if i + 1 < len(labels) else len(text)
        stop = min(stop, end + 3000)
        seg = text[end:stop]
        lead = re.match(r"\s*\d{1,3}\b\s*(?:[-–—:]\s*)?", seg)  # "Présents : 27 –" is a count, maybe then a list
        if lead:
            end += lead.end()
            seg = seg[lead.end():]
            if not re.match(r"(?i)(?:m\.|mm\.?|mmes?\b|monsieur|madame|messieurs|mesdames)", seg) \
                    and not re.match(r"[A-ZÀ-Ý][a-zà-ÿ'-]+\s+[A-ZÀ-Ý]{2,}|[A-ZÀ-Ý]{2,}[\w'-]*\s+[A-ZÀ-Ý][a-zà-ÿ]", seg):
                continue  # a count alone: what follows is not its list
        cut = _cut_at_prose(_drop_parentheses(seg))
        out.append((kind, end, end + cut))
    return out


def _proxies(text: str, folded: str, first_names: bool = False) -> list[tuple[Name, Name]]:
    pairs = []
    for m in PROXY_VERB.finditer(folded):
        window_start = max(0, m.start() - 90)
        before = parse_names(text[window_start:m.start()], window_start, first_names=first_names)
        after = first_name(text[m.end():m.end() + 80], m.end(), first_names=first_names)
        if before and after:
            pairs.append((before[-1], after))
    return pairs


def _pieces(seg: str) -> Iterator[tuple[str, int]]:
    """The entries of a list split on commas, semicolons and " et ", with their offsets."""
    pos = 0  # one entry a line too: "− Madame A à Madame B\n− Monsieur C à …"
    # "X : procuration à Y" on each line and no other separator: a line is an entry
    lines = [ln for ln in seg.split("\n") if ln.strip()]
    per_line = [len(PROXY_TO.findall(" " + ln)) for ln in lines]
    by_line = len(lines) >= 2 and per_line[1:].count(1) == len(lines) - 1 and per_line[0] <= 1 \
        and not re.search(r"[,;]|\s[-–—]\s", seg)
    # a line that ends on its " à " or " par " goes on with the mandataire: no entry starts there
    for sep in re.finditer(r"[,;]|\s+et\s+|(?<!\sà)(?<!\sa)(?<!\spar)\n\s*(?:[−–•-]\s*)?"
                           r"(?=(?:Madame|Monsieur|Mme|M\.|MM\.)\s)" + (r"|\n" if by_line else ""), seg):
        yield seg[pos:sep.start()], pos
        pos = sep.end()
    yield seg[pos:], pos


PROXY_TO = re.compile(r"\s(?:(?:procuration|pouvoir)\s+)?(?:à|a|par)\s+(?=[A-ZÀ-Ý])")  # "à M. X", not "a choisi"


def _proxy_list(text: str, start: int, end: int) -> list[tuple[Name, Name]]:
    """"Pouvoirs : A à B, C à D et E à F" — pairs split on the list's separators, then on " à ".

    Lists whose separators were lost ("Mme A à M. B M. C à Mme D", "ROUX Léa à VERT Paul GRIS
    Jean à NOIR Luc") hold several " à ": the names between two of them are a mandataire
    then the next mandant. "Représentés : A par B" reads as "A à B"."""
    pairs = []  # a note in parentheses "(DEL_001 à _002, _007)" holds neither separator nor " à "
    for piece, offset in _pieces(_drop_parentheses(text[start:end])):
        cuts = list(PROXY_TO.finditer(piece))
        if not cuts:
            continue
        bounds = [0] + [x for m in cuts for x in (m.start(), m.end())] + [len(piece)]
        chunks = [parse_names(piece[a:b], start + offset + a) for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
        for left, right in zip(chunks, chunks[1:], strict=False):
            if left and right and (right is chunks[-1] or len(right) >= 2):
                pairs.append((left[-1], right[0]))
    return pairs


def read_attendance(text: str, *, lacking: Attendance | None = None) -> Attendance:
    """Everything about who attended, from a session header (or a whole extrait).

    Args:
        text: the header (or the whole extrait).
        lacking: an attendance to complete with :func:`fill_missing`: the lists, president
            and secretary it already has are not read again (they stay empty here).
    """
    folded = fold(text)
    by_acts = lacking.by_acts if lacking is not None and lacking.by_acts else counts_by_acts(text)
    att = Attendance(counts=read_counts(text), by_acts=by_acts)
    lists = lacking is None or not (lacking.presents and lacking.absents and lacking.procurations)
    segments = _segments(text, folded) if lists else []
    for kind, start, end in segments:
        if kind == "present":
            att.has_present_list = True
            seg, gave = _without_proxy_givers(text[start:end])
            att.presents.extend(parse_names(_drop_parentheses(_before_proxy_clause(seg)), start))
            att.absents.extend(parse_names(gave, start))
    first_names = bool(att.presents) and all(  # "Jean-Pierre, Yves, Jacques": first names alone
        " " not in n.text and not is_upper_word(n.text) for n in att.presents)
    for kind, start, end in segments:
        if kind == "absent":
            att.has_absent_list = True
            _read_absent_list(att, text, start, end, first_names)
        elif kind == "proxy":
            att.procurations.extend(_proxy_list(text, start, end))
    att.procurations = _dedupe_pairs(att.procurations + (_proxies(text, folded, first_names) if lists else []))
    att.president = find_president(text, folded) if lacking is None or lacking.president is None else None
    att.secretaire = find_secretary(text, folded) if lacking is None or lacking.secretaire is None else None
    return att


def _read_absent_list(att: Attendance, text: str, start: int, end: int, first_names: bool) -> None:
    seg = text[start:end]
    pairs = _proxy_list(text, start, end) if not PROXY_VERB.search(fold(seg)) else []
    if len(pairs) >= max(1, seg.count(",") // 2):  # "Mme A à M. B, M. C à Mme D"
        att.procurations.extend(pairs)
        mandataires = {(m.start, m.end) for _, m in pairs}
        mandants = {(a.start, a.end): a for a, _ in pairs}
        for name in parse_names(_drop_parentheses(seg), start):  # "A à B\nC — D": C and D gave none
            if (name.start, name.end) in mandataires:
                continue
            a = mandants.get((name.start, name.end), name)
            (att.partly if a in mandants.values() and _partly_present(text, a) else att.absents).append(a)
    else:
        att.absents.extend(_absent_names(seg, start, first_names))


def _without_proxy_givers(seg: str) -> tuple[str, str]:
    """In a presents list, "Adeline (procuration à Mario)" gave a proxy: she is absent.

    Returns:
        (the segment with those entries blanked, the segment with only those entries).
    """
    keep, gave = list(seg), [" "] * len(seg)
    for m in re.finditer(r"[^,;&()\n]+\(\s*(?:procuration|pouvoir)(?:\s+donn[ée]e?)?\s+à[^)]*\)", seg):
        name_end = seg.index("(", m.start())
        for i in range(m.start(), name_end):
            gave[i], keep[i] = seg[i], " "
    return "".join(keep), "".join(gave)


def _before_proxy_clause(seg: str) -> str:
    """A presents list ends where "X a donné pouvoir à Y" begins (at the separator before X)."""
    m = PROXY_VERB.search(fold(_drop_parentheses(seg)))  # "X (…, avait donné pouvoir à Y)" is a note
    if not m:
        return seg
    sep = max(seg.rfind(c, 0, m.start()) for c in ",;\n")
    return seg[:sep] if sep > 0 else seg[:m.start()]


def fill_missing(att: Attendance, other: Attendance) -> None:
    """Complete ``att`` with what ``other`` (read from a larger text) found and it did not."""
    for name, value in other.counts.items():
        att.counts.setdefault(name, value)
    att.by_acts = att.by_acts or other.by_acts
    att.president = att.president or other.president
    att.secretaire = att.secretaire or other.secretaire
    if not att.presents:
        att.presents, att.has_present_list = other.presents, other.has_present_list
    if not att.absents:
        att.absents, att.has_absent_list = other.absents, other.has_absent_list
    if not att.procurations:
        att.procurations = other.procurations


def _drop_parentheses(seg: str, shortest: int = 0) -> str:
    """Blank out "(arrivée à 19h07)", "(pouvoir à X)", "(suppléant de X)" keeping offsets (OCR may
    close one with "}" or "]"); notes shorter than ``shortest`` stay ("Présent(e)s", "(15)")."""
    return _parentheses(shortest).sub(lambda m: " " * len(m.group(0)), seg)


@lru_cache(maxsize=8)
def _parentheses(shortest: int) -> re.Pattern[str]:
    return re.compile(r"\([^()]{" + str(shortest) + r",160}[)}\]]")


PARTLY = re.compile(r"\(\s*(?:a\s+partir|jusqu|aux?\s+points?|arrive|parti|depart)", re.I)


def _partly_present(text: str, name: Name) -> bool:
    """"M. X à M. Y (à partir de 22h40, point n°3)": absent for part of the session only."""
    rest = fold(text[name.end:name.end + 160])
    paren = rest.find("(")  # the note must be this entry's: only " à Y" may come between
    if paren < 0 or not re.fullmatch(r"\s*(?:a\s[^,;()]*)?", rest[:paren]):
        return False
    return bool(PARTLY.match(rest, paren))


def _absent_names(seg: str, start: int, first_names: bool = False) -> list[Name]:
    """Names of an absents list; the mandataires of "(pouvoir à Y)" / "donne pouvoir à Y" are not absent,
    nor those absent only for some points ("X (aux points 3, 4)")."""
    seg = re.sub(r"[^,;()]+\(\s*(?:au|aux)\s+points?[^)]*\)", lambda m: " " * len(m.group(0)), seg)
    blanked = _drop_parentheses(seg)
    folded = fold(blanked)
    for m in PROXY_VERB.finditer(folded):
        after = first_name(blanked[m.end():m.end() + 80])
        stop = m.end() + (after.end if after else 0)
        blanked = blanked[:m.start()] + " " * (stop - m.start()) + blanked[stop:]
    return parse_names(blanked, start, first_names=first_names)


def _dedupe_pairs(pairs: list[tuple[Name, Name]]) -> list[tuple[Name, Name]]:
    seen, out = set(), []
    for a, b in pairs:
        key = (fold(a.text), fold(b.text))
        if key not in seen and key[0] != key[1]:
            seen.add(key)
            out.append((a, b))
    return out
