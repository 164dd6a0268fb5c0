"""Marker families that open deliberations in a document, each found and scored on its own.

Each finder returns (score, items): how convincing the family is (how many items, how regular
their numbering, how specific the marker) and the items it opens. ``segment.py`` picks one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from registre.extract.numbers import dated_otherwise, find_numeros
from registre.extract.quick import anchored, quicken
from registre.extract.text import fold

VOTE_LINE = re.compile(r"(?im)^[ \t]*(?:(?:vo[tr]es?|vote\s+du\s+conseil)\s*:|vote\s+(?:favorable|d[ée]favorable"
                       r"|[àa]\s+l['’]unanimit[ée]|pour\s+[àa]\s+l['’]unanimit[ée]))[^\n]*$")
AGENDA = re.compile(r"(?i)ordre\s+du\s+jou[rt]")
AGENDA_LINE = re.compile(r"(?m)(?:^|(?<=\f))[ \t]*(?:[-–•_]+|\d{1,2}[.)/])[ \t_]*\S[^\n]*$")
LINE_NUMBER = re.compile(r"(?m)(?:^|(?<=\f))[ \t]*(?P<n>\d{1,2})[ \t]+(?=[A-ZÀ-Ý][a-zà-ÿ])")
BULLET = re.compile(r"(?m)(?:^|(?<=\f))[ \t]*[•▪●◦]\s*(?=\S)")
LIST_HEADING = re.compile(r"liste\s+des\s+deliberations|deliberations\s+votees|releve\s+des\s+decisions")
PADDED = quicken(re.compile(  # "03 Affiliation de …": a zero-padded index before a title (not "07 Février")
    r"(?<![\w/.,:°'’-])(?P<n>0[1-9]|[1-3]\d|O[1I]|\[\d)\s+(?=[A-ZÀ-Ý][a-zà-ÿ])"
    r"(?!(?i:janv|f[ée]v|mars|avr|mai|juin|juil|ao[uû]|sept|oct|nov|d[ée]c))"
))
CODE = quicken(re.compile(r"\b(?P<p>[A-Z]{1,3})(?P<n>[O0][0-9OSI]|[1-9][0-9])\b"))
OBJET_LABEL = anchored(quicken(re.compile(r"(?:^|(?<=\s))objet\s*(?:n\s*[°o]\s*\d{1,3}\s*)?:")))  # "Objet n°2 :" too
CAPS_TITLE = quicken(re.compile(
    r"(?:(?<=[.:!?»)] )|(?<=^)|(?<=\n))(?P<t>(?:[A-ZÀ-ÝŒ0-9«][A-ZÀ-ÝŒ0-9'’«»\"().,/&–-]*\s+){1,14}?"
    r"[A-ZÀ-ÝŒ0-9][A-ZÀ-ÝŒ0-9'’«»\"()/&–-]+(?:\s+»)?(?:\s+\([^()]{1,60}\))?)\s+(?=[A-ZÀ-Ý][’']?[a-zà-ÿ]|M\.\s)"
))
# "DM1 pour budget communal approuvé : Vote : 14 pour / 0 contre / 0 abstention adopté"
# (tried only before a "Vote": its title may start at any line)
TITLED_VOTE = anchored(re.compile(r"(?m)(?:^|(?<=\f))[ \t]*(?P<title>[^\n:]{5,150}?)[ \t]*:[ \t]*Vote[ \t]*:[^\n]*$"))
VOTE_TABLE_HEADER = anchored(quicken(re.compile(
    r"\bobjet\s+(?:rapporteur\s+)?(?:vote|resultat|decision)\b")))  # on folded text
# the news and questions closing a session (on folded text): no deliberation unless voted there
INFORMATION = re.compile(r"\W*(?:informations?|questions?|points?)\s+divers(?:es)?\b|\W*divers\W*$"
                         r"|\W*(?:information|point\s+d'information|communications?)\s*:")
MINUTES_HEADING = re.compile(r"compte[\s-]*rendu|proces[\s-]*verbal")
PREVIOUS_MINUTES = re.compile(
    r"(?:approbation|lecture|adoption|validation)\s+(?:(?:du|des|de\s+la)\s+)?(?:dernier\s+)?(?:proces[\s-]*verba|compte[\s-]*rendu"
    r"|pv\b|seance\s+precedente)"
    # "1/ Compte rendu Procès-verbal de la séance du Conseil Municipal du 9 décembre 2022" as a title
    r"|^\W*(?:\d{1,2}\s*[/.)-]\s*)?(?:compte[\s-]*rendu\s+)?proces[\s-]*verbal\s+de\s+la\s+(?:seance|reunion)\s+"
    r"(?:precedente|du\s+(?:conseil\s+\w+\s+du\s+)?\d)"
)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
         "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15}
OCR_DIGITS = str.maketrans({"[": "1", "o": "0", "O": "0", "i": "1", "I": "1", "l": "1", "s": "5", "S": "5"})


# Points added to the agenda at the session are often numbered anew under their own heading
# ("POINTS RAJOUTÉS À L'ORDRE DU JOUR", "Questions supplémentaires") after the agenda's last point.
ADDED_POINTS = anchored(re.compile(r"\b(?:points?|questions?|sujets?|dossiers?)\s+"
                                   r"(?:r?ajoutes?|supplementaires?|additionnels?)\b"))


@dataclass
class Item:
    """One deliberation's stretch of text, [start, end) in the document text."""

    start: int
    end: int
    numero: str | None = None
    numero_span: tuple[int, int] | None = None
    marker_end: int = 0  # where the marker ends: the objet often follows it
    family: str = "single"


@lru_cache(maxsize=4096)  # asked of each number once per family it is compared with
def _shape(value: str) -> str:
    """"DEL2020_01_02" -> "a9_9_9"; spaces and underscores count alike (OCR mixes them), and a
    space OCR put beside a separator is none ("2020- 047" is "2020-047")."""
    value = re.sub(r"[ \t]*([/.\-–])[ \t]*", r"\1", value.lower())
    return re.sub(r"[\s_]+", "_", re.sub(r"[a-z]+", "a", re.sub(r"\d+", "9", value)))


_DIGITS = re.compile(r"\d+")


def _groups(value: str) -> list[int]:
    return [int(d) for d in _DIGITS.findall(value)]  # OCR's "DO5" is mended by its finder, not here


def _tail(value: str, index: int = -1) -> int | None:
    """The running index of a number: by default its last group of digits ("DCM 23.1.49" -> 49)."""
    digits = _groups(value)
    try:
        return digits[index]
    except IndexError:
        return None


def _running_group(items: list[Item]) -> int:
    """Which digit group varies along a family ("01/03-2020": the second, not the year)."""
    groups = [_groups(it.numero or "") for it in items]
    width = min((len(g) for g in groups), default=0)
    if width <= 1:
        return -1
    distinct = [len({g[i] for g in groups}) for i in range(width)]
    return max(range(width), key=lambda i: (distinct[i], i))


def running_index(items: list[Item]):
    """A function giving each item's running index along the family ("01/03-2020" -> 3)."""
    index = _running_group(items)
    return lambda item: _tail(item.numero or "", index)


def _regularity(items: list[Item]) -> float:
    """Share of consecutive items whose index grows by one or two."""
    index = _running_group(items)
    tails = [_tail(it.numero or "", index) for it in items]
    pairs = list(zip(tails, tails[1:], strict=False))
    if not pairs:
        return 0.0
    return sum(1 for a, b in pairs if a is not None and b is not None and 1 <= b - a <= 2) / len(pairs)


def increasing_run(items: list[Item]) -> list[Item]:
    """Keep the longest run of items whose index grows by one to three at each step (drops
    stray numbers: "Pour : 5 – Contre" between items 2 and 3 is not item 5)."""
    index = _running_group(items)
    tails = [_tail(it.numero or "", index) for it in items]
    length = [1 if t is not None else 0 for t in tails]
    previous: list[int | None] = [None] * len(items)
    for i, t in enumerate(tails):
        if t is None:
            continue
        for j in range(i):
            if tails[j] is not None and tails[j] < t <= tails[j] + 3 and length[j] + 1 > length[i]:
                length[i], previous[i] = length[j] + 1, j
    if not any(length):
        return []
    return walk_back(items, previous, max(range(len(items)), key=lambda i: (length[i], -i)))


def walk_back(items: list[Item], previous: list[int | None], end: int) -> list[Item]:
    """The chain a dynamic programme kept, read back from its last item ``end``, in order."""
    chain: list[Item] = []
    at: int | None = end
    while at is not None:
        chain.append(items[at])
        at = previous[at]
    return chain[::-1]


DELIBERATION_LABEL = re.compile(r"\bdeliberation\s*(?:n\s*[°o]|no)?\s*[:.]?\s*$")  # ends where a number follows


def numbered_families(text: str, folded: str, session_year: int | None, listing: bool = False,
                      seance: str | None = None) -> list[tuple[list[Item], bool, bool]]:
    """One family per shape of act number ("DEL2020_01_02", "2023-011"), each with whether its
    numbers are specific (announced by a label, or a code of letters and digits) and whether
    they are announced ("Délibération n°", "N°") rather than found by their shape alone. A bare
    figure counts only after the word "Délibération" ("Délibération n°3"), or after "n°" in a
    list of deliberations."""
    cands = [c for c in find_numeros(text, folded) if re.search(r"\d.*\d|[a-z].*\d", c[0].lower())
             or c[3] == "a" and DELIBERATION_LABEL.search(folded[max(0, c[1] - 25):c[1]])
             or listing and c[3] == "b"]
    # "Dossier n°2-1", "Point 3.2": an item's place in the agenda, not an act's number; "n° … du 19
    # juin 2019": an act of another session
    cands = [c for c in cands if not POSITION_LABEL.search(folded, max(0, c[1] - 20), c[1])
             and not dated_otherwise(text, c[2], seance)]
    out = []
    for shape, _ in Counter(_shape(c[0]) for c in cands).most_common(8):
        members = _same_session([c for c in cands if _shape(c[0]) == shape], session_year)
        items = [Item(s, 0, v, (s, e), e, "numbered")
                 for v, s, e in sorted(_body_occurrences(members, len(text)).values(), key=lambda x: x[1])]
        if len(items) > 2:
            items = increasing_run(items) if _regularity(items) > 0.3 else items
        if not items or detached_column(items, text):
            continue
        labelled = sum(1 for c in members if c[3] in ("a", "b")) >= 0.5 * len(members)
        rich = "a" in shape and "9" in shape and len(shape) >= 4  # "CC02_2023": a code, no stray figure
        out.append((items, labelled or rich, labelled))
    return out


POINT_LABELS = ("point", "dossier", "affaire", "question")
POSITION_LABEL = re.compile(r"\b(?:point|dossier|affaire|question)[ \t]*(?:n\s*[°o]|no)?[ \t]*[:.]?[ \t]*$")
def stacked(text: str, start: int, end: int, next_start: int) -> bool:
    """Whether the number at text[start:end] is followed by the one at ``next_start`` with
    nothing between them but the label both repeat ("n°03/2020 Délibération n°04/2020")."""
    gap = text[end:next_start].strip()
    if next_start < end or len(gap) > 40:
        return False
    return not re.search(r"[^\W\d_]", gap) or text[max(0, start - len(gap) - 4):start].rstrip().endswith(gap)


def detached_column(items: list[Item], text: str) -> bool:
    """Numbers laid out in a margin column apart from their items ("Délibération n°01/2020
    Délibération n°02/2020 … 1 Désignation …"): most of them are followed at once by the next
    number, with no text between. They label no stretch of text, so they open no item."""
    pairs = sum(1 for a, b in zip(items, items[1:], strict=False) if stacked(text, a.start, a.marker_end, b.start))
    return pairs >= 2 and pairs >= 0.5 * (len(items) - 1)


def _body_occurrences(members, length: int) -> dict[str, tuple[str, int, int]]:
    """For a number printed several times (agenda, body, closing summary), the occurrence
    followed by the most text before the next number: the deliberation itself."""
    ordered = sorted(members, key=lambda c: c[1])
    best: dict[str, tuple[int, tuple[str, int, int]]] = {}
    for i, (value, s, e, _g) in enumerate(ordered):
        gap = (ordered[i + 1][1] if i + 1 < len(ordered) else length) - s
        key = value.lower()
        if key not in best or gap > best[key][0]:
            best[key] = (gap, (value, s, e))
    return {k: v for k, (_, v) in best.items()}


def _same_session(members, session_year: int | None):
    """Drop the previous session's numbers (quoted when approving its minutes)."""
    if not session_year:
        return members
    with_year = [c for c in members if re.search(r"(?:19|20)\d\d", c[0])]
    if with_year:
        same = [c for c in members if str(session_year) in c[0]]
    else:
        same = [c for c in members if re.search(rf"(?<!\d){str(session_year)[2:]}(?!\d)", c[0])]
    return same or members


def line_numbers(text: str) -> tuple[float, list[Item]]:
    """"1 Subventions associatives" at the start of a line (minutes typed without punctuation)."""
    items = increasing_run([Item(m.start(), 0, m.group("n"), m.span("n"), m.end(), "point")
                         for m in LINE_NUMBER.finditer(text)])
    if len(items) < 3:
        return 0.0, []
    return len(items) * (0.3 + _regularity(items)), items


def voted_blocks(text: str) -> tuple[float, list[Item]]:
    """Minutes where each item is a title, a discussion and a "Vote : …" line: an item runs
    from one vote line to the next (those before the agenda belong to the opening)."""
    votes = list(VOTE_LINE.finditer(text))
    agenda = AGENDA.search(text)
    floor = agenda.end() if agenda else 0
    items, previous_end = [], None
    for m in votes:
        if previous_end is not None and previous_end >= floor:
            start = _next_line_start(text, previous_end)
            items.append(Item(start, 0, None, None, start, "voted"))
        previous_end = _vote_block_end(text, m.end())
    if agenda and items:  # the first item starts where the agenda's list ends
        first_vote = next((m for m in votes if m.start() > floor), None)
        if first_vote:
            bullets = [m.end() for m in AGENDA_LINE.finditer(text, floor, first_vote.start())]
            start = _next_line_start(text, bullets[-1]) if bullets else floor
            if start < items[0].start:
                items.insert(0, Item(start, 0, None, None, start, "voted"))
    if not agenda and items:
        first = _first_themed_title(text, items, votes[0].start())
        if first is not None:
            items.insert(0, Item(first, 0, None, None, first, "voted"))
    items = [it for it in items if it.start < len(text)]
    return (len(items) * 0.9, items) if len(items) >= 3 else (0.0, [])


# "FINANCES – Budget principal – …", "VOIRIE - Travaux …": a title led by its theme in capitals
THEMED_TITLE = re.compile(r"(?m)^[ \t]*[A-ZÀ-ÝŒ][A-ZÀ-ÝŒ'’ ]{2,30}?\s*[-–—]")


def _first_themed_title(text: str, items: list[Item], first_vote: int) -> int | None:
    """Without an agenda, the first item has no vote line before it to open it: where the other
    items open on a themed title ("FINANCES – …"), it opens on the last such title before the
    first vote."""
    themed = sum(1 for it in items if THEMED_TITLE.match(text, it.start))
    if themed < max(3, 0.6 * len(items)):
        return None
    titles = [m.start() for m in THEMED_TITLE.finditer(text, 0, first_vote)]
    return _next_line_start(text, titles[-1]) if titles else None


VOTE_DETAIL = re.compile(r"(?im)\s*\n[ \t]*[-–—−•]?[ \t]*(?:pour|contre|abstentions?|unanimit|ne\s+prend|vote)[^\n]*")


def _vote_block_end(text: str, pos: int) -> int:
    """"Vote :" may be followed by its counts on the next lines ("- Pour : 13")."""
    while m := VOTE_DETAIL.match(text, pos):
        pos = m.end()
    return pos


def _next_line_start(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\f":
        pos += 1
    return pos


TABLE_ROW = re.compile(r"(?m)(?:^|(?<=\f))[ \t|]*(?P<n>(?:19|20)\d\d[ _/-]?\d{2,3}|[A-Z]{0,3}\d{1,3})\b(?![/.,]\d)")


def table_rows(text: str, folded: str) -> tuple[float, list[Item]]:
    """A list of deliberations as a table: one row a deliberation, its number first
    ("2026 003 Révision des statuts … Approuvée")."""
    if not LIST_HEADING.search(folded[:1000]):
        return 0.0, []
    items = increasing_run([Item(m.start("n"), 0, m.group("n"), m.span("n"), m.end(), "row")
                         for m in TABLE_ROW.finditer(text)])
    return (len(items) * (0.6 + _regularity(items)), items) if len(items) >= 3 else (0.0, [])


def bullets(text: str, folded: str) -> tuple[float, list[Item]]:
    """A list of deliberations ("Liste des délibérations votées", one bullet each)."""
    if not LIST_HEADING.search(folded[:1000]):
        return 0.0, []
    items = [Item(m.start(), 0, None, None, m.end(), "bullet") for m in BULLET.finditer(text)]
    return (len(items) * 1.2, items) if len(items) >= 2 else (0.0, [])


def padded(text: str) -> tuple[float, list[Item]]:
    """"… ADOPTEE A L'UNANIMITE 03 Affiliation de …": zero-padded indexes before a title."""
    items = [Item(m.start(), 0, m.group("n").translate(OCR_DIGITS), m.span("n"), m.end(), "point")
             for m in PADDED.finditer(text)]
    items = increasing_run(items)
    if len(items) < 3:
        return 0.0, []
    return len(items) * _regularity(items), items


def codes(text: str) -> tuple[float, list[Item]]:
    """Short codes such as "D01 … D12" (OCR may read "DO1", "DOS")."""
    by_prefix: dict[str, list[Item]] = {}
    for m in CODE.finditer(text):
        # OCR reads D05 as "DOS": the index part is digits, mend it
        value = m.group("p") + m.group("n").translate(OCR_DIGITS)
        by_prefix.setdefault(m.group("p").upper().rstrip("O"), []).append(
            Item(m.start(), 0, value, m.span(), m.end(), "code"))
    best: tuple[float, list[Item]] = (0.0, [])
    for items in by_prefix.values():
        items = increasing_run(items)
        if len(items) >= 3:
            score = len(items) * _regularity(items)
            if score > best[0]:
                best = (score, items)
    return best


SENTENCE_OPENING = re.compile(r"\s*(?:M\.|Mme|Monsieur|Madame|Le|La|Les|L['’]|Il|Elle|Un|Une|Après|Vu|Sur)\s")


def _heads_a_table(after: str) -> bool:
    """"INTITULES DES COMPTES DEPENSES … 6413 … 32 090,20": a table's heading in capitals is
    followed by figures and no sentence, where an item's title is followed by its text."""
    if SENTENCE_OPENING.match(after):  # "DM RAR 2021 M. le Maire rappelle …": the item's text
        return False
    tokens = after.split()
    figures = sum(1 for t in tokens if re.search(r"\d", t))
    return bool(tokens) and figures >= 0.2 * len(tokens)


# a surname in capitals then a first name, then the next name of a roll call ("DELPECH Laurent
# MONFLANQUIN …", "GARY Jean-Marie, …")
ROLL_NAME = re.compile(r"\s+(?!(?:Monsieur|Madame|Mademoiselle|Messieurs|Mesdames)\b)"
                       r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
                       r"(?:\s*[,;|)]|\s+[A-ZÀ-ÝŒ]{2,}\b)")


def caps_titles(text: str, folded: str) -> tuple[float, list[Item]]:
    """Minutes whose items are titles in capitals ("CONVENTION PARELEC La Société …")."""
    if not MINUTES_HEADING.search(folded[:1500]):
        return 0.0, []
    items = []
    for m in CAPS_TITLE.finditer(text):
        title = m.group("t")
        if MINUTES_HEADING.search(fold(title)) and m.start("t") < 200:
            continue  # the document's own heading ("PROCÈS-VERBAL DU CONSEIL MUNICIPAL")
        if re.match(r"(?:M|MM|MME|MMES|MR|MLLE)\.?\s", title) or ROLL_NAME.match(text, m.end("t")):
            continue  # "M. NAUBRAS Pacôme demande …", "DELPECH Laurent MONFLANQUIN": persons
        if sum(map(str.isalpha, title)) >= 5 and not re.search(r"(?<!\d)(?!(?:19|20)\d\d\b)\d{3,}", title) \
                and not _heads_a_table(text[m.end("t"):m.end("t") + 200]):
            items.append(Item(m.start("t"), 0, None, None, m.start("t"), "title"))
    if len(items) < 3:
        return 0.0, []
    return len(items) * 0.7, items


# The usual subjects of a council's agenda, as an untitled item's first words: in minutes whose
# line breaks were lost and that print no number, no "Objet :" and no title in capitals, they
# are the only marks left between items.
SUBJECT = quicken(re.compile(
    r"(?<![\w'’])(?:[A-Z]{2,6}\s+)?(?:"
    r"Comptes?\s+[Aa]dministratifs?|(?:Adoption|Approbation|Vote)\s+du\s+[Cc]ompte\s+de\s+[Gg]estion"
    r"|Comptes?\s+de\s+[Gg]estion|Affectation\s+(?:du|des)\s+(?:\w+\s+)?[Rr][ée]sultats?"
    r"|Budgets?\s+[Pp]rimitifs?|D[ée]cisions?\s+[Mm]odificatives?|Vote\s+des\s+taux|Taux\s+d['’]imposition"
    r"|Modification\s+des\s+statuts|Rapport\s+(?:annuel\s+)?(?:de\s+la|du|d['’])\s*\w+|Tarifs?\s+(?:de|des|du)\s"
    r"|Subventions?\s+(?:aux|à|exceptionnelles?)\s|Demande\s+de\s+subvention|Convention\s+(?:avec|de|d['’])\s"
    r"|Cr[ée]ation\s+d['’]un\s+poste|Indemnit[ée]s?\s+(?:de|du|des)\s)"
))
ROLL_CALL = re.compile(r"\betaient\s+presents|\bpresent(?:e|s|es)?\s*:")
_NOT_A_HEADING = re.compile(r"(?:\b(?:le|la|les|l|du|de|des|d|au|aux|et|un|une|sur|pour|a|par|en|son|sa|ses)\W*)$")


def subjects(text: str, folded: str) -> tuple[float, list[Item]]:
    """Untitled minutes: items open on an agenda's usual subject ("… 20 h 30 Compte
    Administratif 2022 : …", "… euros Affectation du résultat …"), never after an article or a
    preposition ("présente le Budget Primitif")."""
    if re.search(r"extrait|objet\s*:", folded[:1500]):
        return 0.0, []
    roll = ROLL_CALL.search(folded)  # subjects named before the roll call are the agenda's
    floor = roll.start() if roll else 0
    items = [Item(m.start(), 0, None, None, m.start(), "subject") for m in SUBJECT.finditer(text, floor)
             if not _NOT_A_HEADING.search(folded[max(0, m.start() - 12):m.start()])]
    return (len(items) * 0.5, items) if len(items) >= 3 else (0.0, [])


def objets(folded: str) -> tuple[float, list[Item]]:
    items = [Item(m.start(), 0, None, None, m.start(), "objet") for m in OBJET_LABEL.finditer(folded)]
    if len(items) < 2:
        return 0.0, []
    return len(items) * 1.4, items


