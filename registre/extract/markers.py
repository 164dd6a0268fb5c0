"""Marker families that open deliberations in a document, each found and scored on its own.

Each finder returns (score, items): how convincing the family is (how many items, how regular
their numbering, how specific the marker) and the items it opens. ``segment.py`` picks one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from registre.extract.numbers import dated_otherwise, find_numeros
from registre.extract.text import fold

POINT = re.compile(  # "Point n° 3", "Dossier n°3 :", "Affaire 4 -" (not "Dossier n°2-1": a sub-point)
    r"\b(?:point|dossier|affaire|question)\s*(?:n\s*[°o]\s*)?(?P<n>\d{1,2})\b(?![-.]\d)\s*[-.):]?\s*"
    r"|(?:^|\n|\f|(?<=[.!?:;|] ))[ \t]*(?:(?:affaire|question)\s*)?(?:n\s*[°o]\s*)?"
    r"(?P<m>\d{1,2}|[ivx]{1,5})\s*(?:°\s*)?(?:-\)|[-.)/:]|\s-\s)\s*(?=[a-z\"'(])"
    # "Pour : 5 – Contre : 1", "Abstentions : 5. Adopté" are votes, "Vote des taux" a title
    r"(?!(?:contre|abstentions?|voix|adoptee?s?|rejetee?s?|approuvee?s?)\b)"
)
# "… unanimité. 2 Groupement de commandes pour … : Le Conseil …": minutes whose line breaks were
# lost number their points with no punctuation; a capitalised title ending on " :" tells them
INLINE_POINT = re.compile(
    # not a label's value ("En exercice : 74 Présents :"); no article opens a title
    r"(?<=\s)(?<![:=]\s)(?P<n>[1-9]\d?)\.?[ \t]+(?!(?:Les?|La|L['’]|Une?|Des)\s)"
    r"(?=[A-ZÀ-Ý][a-zà-ÿ'’]+(?:\s+[^\s:;.!?]+){1,14}?\s*:\s)"
)
# OCR reads a point's "11." as "n.", "ll." or "il." at a line start, before its title in capitals
OCR_ELEVEN = re.compile(r"(?m)(?:^|(?<=\f))[ \t]*(?P<n>n|ll|il|Il|1l|l1|I1|1I)\.[ \t]+(?=[A-ZÀ-Ý][A-ZÀ-Ý.]{2})")
# Flattened minutes ("… 0 ABSTENTION 3. Délibération autorisant …", "ordre du jour 1. Procès-verbal"):
# a point's number, its stop and a capitalised title, wherever the line break was lost; not a
# figure's end ("1 143.67"), an article or a page ("article 3. Le", "page 2 / Le")
FLAT_POINT = re.compile(
    r"(?<=\s)(?<!,\s)(?<!n°\s)(?<!No\s)(?<!art\s)(?<!al\s)(?<!rticle\s)(?<!RTICLE\s)(?<!age\s)(?<!AGE\s)"
    r"(?P<n>[1-9]\d?)\s?°?(?:\.|\)|-\)|\s?[-–]|\s?/)[ \t]+(?=[A-ZÀ-Ý«\"])(?![A-Z]\.|[A-ZÀ-Ý][a-zà-ÿ]*\s*:)"
)
# A number opening a clause of the dispositif ("1. ACCEPTE le projet", "2- d'autoriser le Maire")
# is no item: items open on a title, never on the verb that decides.
DISPOSITIF_ENTRY = re.compile(
    r"\W*(?:de\s+|d')?(?:decide|approuve|autorise|adopte|accepte|valide|fixe|designe|attribue|accorde|octroie|emet"
    r"|sollicite|charge|mandate|confirme|modifie|precise|dit|prend|approuver|autoriser|adopter|accepter|valider|fixer"
    r"|designer|attribuer|accorder|octroyer|emettre|solliciter|charger|mandater|confirmer|modifier|preciser|prendre"
    r"|creer|supprimer|signer|inscrire|imputer|donner|verser|retenir|rejeter|refuser)\b"
)
# "arrivée au point 6", "à partir du dossier n°3", "jusqu'au point 1.6": an attendance note cites an item
CITED_POINT = re.compile(r"\b(?:au|aux|du|des|pour\s+les?|sur\s+les?|dès\s+le|depuis\s+le|avant\s+le|apres\s+le"
                         r"|a\s+partir\s+du|jusqu'au|a\s+compter\s+du|lors\s+du|et)\s*$")
# An item's title starts with a capital and a word; a numbered entry in lower case belongs to a list
# inside one, a capital alone ("2. A 3. C") to a list of candidates
LOWER_START = re.compile(r"[\"«(\s]*(?:[a-zà-ÿ]|[A-ZÀ-Ý](?=\s|$))")
NOT_A_POINT_TITLE = re.compile(  # "Présents : 12 Absents excusés : …", "le 3 Février 2020 :"
    r"(?:absents?|presents?|excuses?|pour|contre|abstentions?|votants?|procurations?|pouvoirs?|exprimes"
    r"|secretaire|janv|fev|mars|avr|mai|juin|juil|aou|sept|oct|nov|dec)"
)
# "Vote : 12 pour", "Vote favorable à l'unanimité des membres présents" (OCR reads "Vote" as "Vore")
VOTE_LINE = re.compile(r"(?im)^[ \t]*(?:(?:vo[tr]es?|vote\s+du\s+conseil)\s*:|vote\s+(?:favorable|d[ée]favorable"
                       r"|[àa]\s+l['’]unanimit[ée]|pour\s+[àa]\s+l['’]unanimit[ée]))[^\n]*$")
AGENDA = re.compile(r"(?i)ordre\s+du\s+jou[rt]")
AGENDA_LINE = re.compile(r"(?m)(?:^|(?<=\f))[ \t]*(?:[-–•_]+|\d{1,2}[.)/])[ \t_]*\S[^\n]*$")
LINE_NUMBER = re.compile(r"(?m)(?:^|(?<=\f))[ \t]*(?P<n>\d{1,2})[ \t]+(?=[A-ZÀ-Ý][a-zà-ÿ])")
BULLET = re.compile(r"(?m)(?:^|(?<=\f))[ \t]*[•▪●◦]\s*(?=\S)")
LIST_HEADING = re.compile(r"liste\s+des\s+deliberations|deliberations\s+votees|releve\s+des\s+decisions")
PADDED = re.compile(  # "03 Affiliation de …": a zero-padded index before a title (not "07 Février")
    r"(?<![\w/.,:°'’-])(?P<n>0[1-9]|[1-3]\d|O[1I]|\[\d)\s+(?=[A-ZÀ-Ý][a-zà-ÿ])"
    r"(?!(?i:janv|f[ée]v|mars|avr|mai|juin|juil|ao[uû]|sept|oct|nov|d[ée]c))"
)
CODE = re.compile(r"\b(?P<p>[A-Z]{1,3})(?P<n>[O0][0-9OSI]|[1-9][0-9])\b")
OBJET_LABEL = re.compile(r"(?:^|(?<=\s))objet\s*:")
CAPS_TITLE = re.compile(
    r"(?:(?<=[.:!?»)] )|(?<=^)|(?<=\n))(?P<t>(?:[A-ZÀ-ÝŒ0-9«][A-ZÀ-ÝŒ0-9'’«»\"().,/&–-]*\s+){1,14}?"
    r"[A-ZÀ-ÝŒ0-9][A-ZÀ-ÝŒ0-9'’«»\"()/&–-]+(?:\s+»)?(?:\s+\([^()]{1,60}\))?)\s+(?=[A-ZÀ-Ý][’']?[a-zà-ÿ]|M\.\s)"
)
# "DM1 pour budget communal approuvé : Vote : 14 pour / 0 contre / 0 abstention adopté"
TITLED_VOTE = re.compile(r"(?m)(?:^|(?<=\f))[ \t]*(?P<title>[^\n:]{5,150}?)[ \t]*:[ \t]*Vote[ \t]*:[^\n]*$")
VOTE_TABLE_HEADER = re.compile(r"\bobjet\s+(?:rapporteur\s+)?(?:vote|resultat|decision)\b")  # on folded text
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
MIN_SCORE = 2.5


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
    """"DEL2020_01_02" -> "a9_9_9"; spaces and underscores count alike (OCR mixes them)."""
    return re.sub(r"[\s_]+", "_", re.sub(r"[a-z]+", "a", re.sub(r"\d+", "9", value.lower())))


def _groups(value: str) -> list[int]:
    return [int(d) for d in re.findall(r"\d+", value)]  # OCR's "DO5" is mended by its finder, not here


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


def _increasing(items: list[Item]) -> list[Item]:
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
    end = max(range(len(items)), key=lambda i: (length[i], -i))
    run: list[Item] = []
    at: int | None = end
    while at is not None:
        run.append(items[at])
        at = previous[at]
    return run[::-1]


def numbered_families(text: str, folded: str, session_year: int | None, listing: bool = False,
                      seance: str | None = None) -> list[tuple[list[Item], bool, bool]]:
    """One family per shape of act number ("DEL2020_01_02", "2023-011"), each with whether its
    numbers are specific (announced by a label, or a code of letters and digits) and whether
    they are announced ("Délibération n°", "N°") rather than found by their shape alone. A bare
    figure counts only after the word "Délibération" ("Délibération n°3"), or after "n°" in a
    list of deliberations."""
    cands = [c for c in find_numeros(text, folded) if re.search(r"\d.*\d|[a-z].*\d", c[0].lower())
             or c[3] == "a" and re.search(r"\bdeliberation\s*(?:n\s*[°o]|no)?\s*[:.]?\s*$", folded[max(0, c[1] - 25):c[1]])
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
            items = _increasing(items) if _regularity(items) > 0.3 else items
        if not items or detached_column(items, text):
            continue
        labelled = sum(1 for c in members if c[3] in ("a", "b")) >= 0.5 * len(members)
        rich = "a" in shape and "9" in shape and len(shape) >= 4  # "CC02_2023": a code, no stray figure
        out.append((items, labelled or rich, labelled))
    return out


POINT_LABELS = ("point", "dossier", "affaire", "question")
POSITION_LABEL = re.compile(r"\b(?:point|dossier|affaire|question)[ \t]*(?:n\s*[°o]|no)?[ \t]*[:.]?[ \t]*$")
LABELLED_SUBPOINT = re.compile(r"\b(?:point|dossier|affaire|question)\s*(?:n\s*[°o]\s*)?(?P<n>\d{1,2}[-.]\d{1,2})\b")
DECIMAL_POINT = re.compile(  # "2.1 Etat des comptes", "3.2. Tarifs", "1.1 - Démission"
    r"(?:^|(?<=[\n\f])|(?<=\s)(?<![\d,]\s)(?=\S))[ \t]*(?P<n>[1-9]\d?\.[1-9]\d?)(?!\d|\.\d)\.?[ \t]*(?:[-–:)][ \t]*)?"
    r"(?=[A-ZÀ-Ý«\"])"
)


# "a) Représentants auprès du SIAEP", "b- Adhésion au SE61": a lettered sub-point opening its line
# (or its sentence, where the line breaks were lost), its title in capitals
LETTERED_POINT = re.compile(r"(?:^|(?<=[\n\f])|(?<=[.!?:;] ))[ \t]*(?P<l>[a-z])[ \t]?[).-][ \t]+(?=[A-ZÀ-Ý]{2})")


def lettered_marks(text: str, points: list[Item]) -> list[Item]:
    """Lettered sub-points, each numbered after the point it falls under ("2)" then "a)" is 2a)."""
    out = []
    for m in LETTERED_POINT.finditer(text):
        parent = next((p for p in reversed(points) if p.start < m.start() and (p.numero or "").isdigit()), None)
        if parent is not None:
            out.append(Item(m.start(), 0, f"{parent.numero}{m.group('l')}", m.span("l"), m.end(), "point"))
    return out


def decimal_marks(text: str, folded: str) -> list[Item]:
    """Sub-points numbered under their theme ("2. Affaires financières 2.1 … 2.2 …", "Dossier n°2-1")."""
    marks = [Item(m.start(), 0, m.group("n"), m.span("n"), m.end(), "point") for m in DECIMAL_POINT.finditer(text)]
    marks += [Item(m.start(), 0, m.group("n"), m.span("n"), m.end(), "point") for m in LABELLED_SUBPOINT.finditer(folded)]
    return sorted(marks, key=lambda it: it.start)


def _outline_key(numero: str) -> tuple[int, int] | None:
    lettered = re.fullmatch(r"(\d{1,2})([a-z])", numero)
    if lettered:
        return int(lettered.group(1)), ord(lettered.group(2)) - ord("a") + 1
    parts = re.split(r"[.-]", numero)
    if not all(p.isdigit() for p in parts):
        return None
    return (int(parts[0]), int(parts[1]) if len(parts) > 1 else 0)


def outline(points: list[Item], decimals: list[Item]) -> list[Item]:
    """Points and their decimal sub-points as one outline (1, 2, 2.1, 2.2, 3 …): the longest
    chain of markers whose keys grow by small steps."""
    marks = sorted([it for it in points + decimals if it.numero and _outline_key(it.numero)], key=lambda it: it.start)
    keys = [_outline_key(it.numero or "") for it in marks]
    length = [1] * len(marks)
    previous: list[int | None] = [None] * len(marks)
    for i, (major, minor) in enumerate(keys):
        for j in range(max(0, i - 40), i):
            pm, pn = keys[j]
            step = (major == pm and 0 < minor - pn <= 3) or (0 < major - pm <= 2 and minor <= 1)
            if step and length[j] + 1 > length[i]:
                length[i], previous[i] = length[j] + 1, j
    if not marks or not decimals:
        return []
    end = max(range(len(marks)), key=lambda i: (length[i], -i))
    chain: list[Item] = []
    at: int | None = end
    while at is not None:
        chain.append(marks[at])
        at = previous[at]
    chain.reverse()
    return chain if any(re.search(r"[.-]", it.numero or "") for it in chain) else []


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


def point_marks(text: str, folded: str) -> list[Item]:
    """Every enumerated point marker ("Point n° 3", "2 –", "IV.", "3 Groupement … :"), in order."""
    items = []
    for m in POINT.finditer(folded):
        group = "n" if m.group("n") else "m"
        raw = m.group(group)
        n = int(raw) if raw.isdigit() else ROMAN.get(raw, 0)
        if n:
            items.append(Item(m.start(), 0, str(n) if raw.isdigit() else raw.upper(),
                              m.span(group), m.end(), "point"))
    opened = {it.start for it in items}
    items += [Item(m.start(), 0, m.group("n"), m.span("n"), m.end(), "point") for m in INLINE_POINT.finditer(text)
              if m.start() not in opened and not NOT_A_POINT_TITLE.match(folded, m.end())]
    items += [Item(m.start(), 0, "11", m.span("n"), m.end(), "point") for m in OCR_ELEVEN.finditer(text)]
    # a point's number may follow anything once the line breaks are lost (and a typeset flat text
    # wraps anywhere): "… 0 ABSTENTION 3. Délibération autorisant …"
    opened = {it.start for it in items}
    items += [Item(m.start(), 0, m.group("n"), m.span("n"), m.end(), "point") for m in FLAT_POINT.finditer(text)
              if m.start() not in opened and not NOT_A_POINT_TITLE.match(folded, m.end())]
    items = [it for it in items if not DISPOSITIF_ENTRY.match(folded, it.marker_end)
             and not CITED_POINT.search(folded, max(0, it.start - 30), it.start)
             and not LOWER_START.match(text, it.marker_end)]  # "2. l'instruction …": a list's entry
    items.sort(key=lambda it: it.start)
    return items


def select_points(found: list[Item], folded: str) -> list[Item]:
    """The points of one numbering: explicit "Point n°" markers when they are half of them."""
    plain = [it for it in found if not folded.startswith(POINT_LABELS, it.start)] or found
    items = _increasing([it for it in plain if it.numero and it.numero[0].isdigit()] or plain)
    # "Point n° 3" is an item marker, a bare "2 –" may be anything; but "au point 3" quoted in
    # minutes numbered "1. … 19." is no marker of its own
    explicit = _increasing([it for it in found if folded.startswith(POINT_LABELS, it.start)])
    if len(explicit) >= 2 and len(explicit) >= 0.5 * len(items):
        items = explicit
    return items


def points(text: str, folded: str) -> tuple[float, list[Item]]:
    items = select_points(point_marks(text, folded), folded)
    if len(items) < 2:
        return 0.0, []
    return len(items) * (0.5 + _regularity(items)), items


def line_numbers(text: str) -> tuple[float, list[Item]]:
    """"1 Subventions associatives" at the start of a line (minutes typed without punctuation)."""
    items = _increasing([Item(m.start(), 0, m.group("n"), m.span("n"), m.end(), "point")
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
    items = [it for it in items if it.start < len(text)]
    return (len(items) * 0.9, items) if len(items) >= 3 else (0.0, [])


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
    items = _increasing([Item(m.start("n"), 0, m.group("n"), m.span("n"), m.end(), "row")
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
    items = _increasing(items)
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
        items = _increasing(items)
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
ROLL_NAME = re.compile(r"\s+(?!(?:Monsieur|Madame|Mademoiselle|Messieurs|Mesdames)\b)[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
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
        if sum(c.isalpha() for c in title) >= 5 and not re.search(r"(?<!\d)(?!(?:19|20)\d\d\b)\d{3,}", title) \
                and not _heads_a_table(text[m.end("t"):m.end("t") + 200]):
            items.append(Item(m.start("t"), 0, None, None, m.start("t"), "title"))
    if len(items) < 3:
        return 0.0, []
    return len(items) * 0.7, items


# The usual subjects of a council's agenda, as an untitled item's first words: in minutes whose
# line breaks were lost and that print no number, no "Objet :" and no title in capitals, they
# are the only marks left between items.
SUBJECT = re.compile(
    r"(?<![\w'’])(?:[A-Z]{2,6}\s+)?(?:"
    r"Comptes?\s+[Aa]dministratifs?|(?:Adoption|Approbation|Vote)\s+du\s+[Cc]ompte\s+de\s+[Gg]estion"
    r"|Comptes?\s+de\s+[Gg]estion|Affectation\s+(?:du|des)\s+(?:\w+\s+)?[Rr][ée]sultats?"
    r"|Budgets?\s+[Pp]rimitifs?|D[ée]cisions?\s+[Mm]odificatives?|Vote\s+des\s+taux|Taux\s+d['’]imposition"
    r"|Modification\s+des\s+statuts|Rapport\s+(?:annuel\s+)?(?:de\s+la|du|d['’])\s*\w+|Tarifs?\s+(?:de|des|du)\s"
    r"|Subventions?\s+(?:aux|à|exceptionnelles?)\s|Demande\s+de\s+subvention|Convention\s+(?:avec|de|d['’])\s"
    r"|Cr[ée]ation\s+d['’]un\s+poste|Indemnit[ée]s?\s+(?:de|du|des)\s)"
)
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


