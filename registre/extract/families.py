"""Candidate families of item markers, and the one that explains the document's decisions.

Each family is a way to cut the text into items: its markers open them, each item running to
the next marker. A family is judged by what its items decide (:class:`Judge`): an item holding a
decision counts the family's weight (more for labelled markers), an item deciding nothing
costs, and the last item of a text cut before its vote counts a share (an act's heading). For
enumerated points, the markers kept are chosen by the same measure (:func:`best_chain`): among
all the "1.", "2 –", "3.1" of a text, the numbering whose items decide the most — the body's,
not the agenda's or a list's inside one deliberation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from registre.extract.decisions import Evidence
from registre.extract.markers import (
    ADDED_POINTS,
    DELIBERATION_LABEL,
    POINT_LABELS,
    PREVIOUS_MINUTES,
    ROMAN,
    Item,
    bullets,
    caps_titles,
    codes,
    line_numbers,
    numbered_families,
    objets,
    padded,
    subjects,
    table_rows,
    voted_blocks,
    walk_back,
)
from registre.extract.points import dashes, decimal_marks, lettered_marks, point_marks, select_points
from registre.extract.quick import anchored
from registre.extract.sections import DELEGATION, EXTRAIT_HEADING, EXTRAIT_REACH, Zone, in_zones, is_closed

# How much an item that decides counts, by the marker that opened it: a labelled act number
# or "Objet :" says "a deliberation starts here"; a bare figure or a title in capitals less so.
FAMILY_WEIGHT = {
    "numbered": 1.2, "objet": 1.3, "point": 1.0, "code": 1.1, "padded": 0.9, "title": 0.8, "line": 0.8,
    "voted": 0.9, "subject": 0.6, "row": 1.0, "bullet": 1.0, "dash": 0.7,
}
LABELLED_BONUS = 1.3
EMPTY_COST = 0.35  # an item that decides nothing
CUT_SHARE = 0.4  # what the last item of a text cut before its vote counts, of a deciding one
DELEGATION_HEAD = 250  # characters: a delegation heading this close to an item's start titles it
DELEGATION_REACH = 2500  # characters: how far the report of the mayor's decisions may run
TITLE_HEAD = 100  # characters after an item's marker where its title says what the item is
CHAIN_REACH = 60  # markers: how far back a numbering may resume after stray figures
MISSED_COST = 1.0  # a decision a family leaves before its first item, unexplained
CLUSTER_GAP = 400  # characters: evidence closer than this belongs to one decision
HEADER_PROCEDURE_REACH = 500  # characters: how far the session's procedure may be told before its vote
CAPITAL_NUMBER = re.compile(r"\d")  # a bare act number (the mayor's decisions are numbered too)
TITLED_MARK = re.compile(r"\s*(?:\d{1,2}\s*(?:°\s*)?[-.)/]{1,2}|[a-z]\))\s*[A-ZÀ-Ý]{3,}")  # "1°) MARCHES …"
# "il est proposé d'arrêter le procès-verbal de la séance du 9 décembre …, adopté : pour 32"
MINUTES_MENTION = re.compile(r"\b(?:proces[\s-]*verbal|compte[\s-]*rendu)\s+"
                             r"(?:de\s+la\s+(?:seance|reunion)|du\s+conseil|precedent|de\s+la\s+derniere|du\s+dernier)")
# "le secrétaire de séance, élu à l'unanimité", "approuve ce rajout à l'ordre du jour"
PROCEDURE_NEAR = re.compile(r"secretaire\s+de\s+seance|ordre\s+du\s+jour|quorum")
# a vote on how the session goes: a point added to its agenda, its voting mode
SESSION_CHANGE = anchored(re.compile(
    r"\b(?:ajout|rajout|inscri|retir|complet)\w*[^.]{0,80}ordre\s+du\s+jour|\badditif\b"
    r"|mode\s+de\s+(?:vote|scrutin)|a\s+main\s+levee|huis\s+clos"))


MINUTES_AHEAD = 100  # characters: "décide à l'unanimité de valider le procès-verbal de la séance …"


def _sentence_end(folded: str, start: int, reach: int) -> int:
    """Where the sentence going on at ``start`` ends, at most ``reach`` characters on."""
    stop = folded.find(".", start, start + reach)
    return stop if stop >= 0 else min(len(folded), start + reach)


@dataclass
class Family:
    kind: str
    items: list[Item]
    labelled: bool = False  # its markers say "a deliberation starts here" (a label, an act's code)
    announced: bool = False  # by a label ("Délibération n°", "Objet :", "Point n°")

    @property
    def weight(self) -> float:
        return FAMILY_WEIGHT[self.kind] * (LABELLED_BONUS if self.labelled else 1.0)


class Judge:
    """What a stretch of the document decides, from the evidence found in it."""

    def __init__(self, evidence: list[Evidence], folded: str, text: str = ""):
        self.evidence = evidence
        self.folded = folded
        self.text = text
        self._starts = [e.start for e in evidence]

    def _found(self, start: int, end: int) -> list[Evidence]:
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return self.evidence[lo:hi]

    def same_item(self, a: Item, b: Item) -> bool:
        """Whether two markers open the same item: the same number and title (an agenda's line,
        then the item itself)."""
        if a.numero != b.numero:
            return False
        words = [set(re.findall(r"[a-z]{3,}", self.folded[m.marker_end:m.marker_end + 60])) for m in (a, b)]
        return bool(words[0] and words[1]) and len(words[0] & words[1]) >= 0.5 * min(len(words[0]), len(words[1]))

    def under_delegation(self, start: int, end: int, previous_start: int | None = None,
                         head: int | None = None) -> bool:
        """Whether the item at [start, end) reports the mayor's decisions taken by delegation: its
        title (from ``head``, where its marker ends) says so, or a heading just before it that is
        not the previous item's title."""
        reach = DELEGATION_HEAD if self.text and not CAPITAL_NUMBER.match(self.text, start) else DELEGATION_REACH
        floor = max(start - reach, previous_start + DELEGATION_HEAD if previous_start is not None else 0)
        if self.text and TITLED_MARK.match(self.text, start) \
                or DELIBERATION_LABEL.search(self.folded, max(0, start - 25), start):
            floor = start  # "1°) MARCHES PUBLICS – …", "Délibération n° …": the council's own item
        title_end = min(end, max(start, head or start) + TITLE_HEAD)
        return bool(DELEGATION.search(self.folded, min(floor, start), title_end))

    def decides(self, start: int, end: int, kind: str = "", previous_start: int | None = None,
                head: int | None = None) -> bool:
        """Whether [start, end) holds a decision of the assembly. Under delegation, only the
        council taking note of the mayor's decisions counts; a subject's noun ("adoption du
        budget") counts only where subjects open the items."""
        found = [e for e in self._found(start, end) if e.kind != "nominal" or kind == "subject"]
        if found and self.under_delegation(start, end, previous_start, head):
            return any(e.kind == "takes_note" for e in found)
        return bool(found)

    def cut(self, start: int, end: int, previous_start: int | None = None, head: int | None = None) -> bool:
        """Whether the last item [start, end) is an act's heading whose text was cut before its
        vote: no closing formula after it, and no report of delegated decisions."""
        return not is_closed(self.folded, start, end) and not self.under_delegation(start, end, previous_start, head)

    def procedural(self, e: Evidence, strict: bool = False) -> bool:
        """Evidence that belongs to the session's procedure, not to an act: approving the previous
        minutes, taking note of delegated decisions, and unless ``strict``, approving the agenda
        or naming the secretary."""
        f = self.folded
        return bool(PREVIOUS_MINUTES.search(f, max(0, e.start - 300), e.start)
                    or MINUTES_MENTION.search(f, max(0, e.start - 250), e.start)
                    or MINUTES_MENTION.search(f, e.start, _sentence_end(f, e.end, MINUTES_AHEAD))
                    or DELEGATION.search(f, max(0, e.start - DELEGATION_REACH), e.start)
                    or not strict and PROCEDURE_NEAR.search(f, max(0, e.start - 80), e.end + 80))

    def missed(self, start: int) -> int:
        """How many decisions the text before ``start`` holds that are no procedure (runs of
        evidence closer than a paragraph count once). Before the first item, what the session
        votes about its agenda ("examiner cette question ajoutée à l'ordre du jour") is procedure."""
        clusters, last = 0, None
        for e in self._found(0, start):
            if e.kind == "nominal" or self.procedural(e) \
                    or SESSION_CHANGE.search(self.folded, max(0, e.start - HEADER_PROCEDURE_REACH), e.start):
                continue
            if last is None or e.start - last > CLUSTER_GAP:
                clusters += 1
            last = e.end
        return clusters

    def score(self, family: Family) -> float:
        """What the family explains, less the decisions it leaves in the header; a family that
        explains no decision scores nothing."""
        items = family.items
        score, explained = -MISSED_COST * self.missed(items[0].start) if items else 0.0, 0
        for i, it in enumerate(items):
            previous = items[i - 1].start if i else None
            if self.decides(it.start, it.end, it.family, previous, it.marker_end):
                score += family.weight
                explained += 1
            elif i == len(items) - 1 and self.cut(it.start, it.end, previous, it.marker_end):
                score += CUT_SHARE * family.weight
            else:
                score -= EMPTY_COST
        return score if explained else 0.0


def best_chain(marks: list[Item], judge: Judge, weight: float, length: int,
               follows: Callable[[Item, Item], bool]) -> list[Item]:
    """The markers, in order, whose items explain the most decisions, each following the one
    before it (``follows``): a numbering found among stray figures, an agenda and lists."""
    n = len(marks)
    best: list[float] = [0.0] * n  # the best score of a chain whose last marker is i (item i still open)
    back: list[int | None] = [None] * n
    for k in range(n):
        for j in range(max(0, k - CHAIN_REACH), k):
            if marks[j].start >= marks[k].start or not follows(marks[j], marks[k]):
                continue
            if any(follows(marks[j], marks[m]) and follows(marks[m], marks[k]) or judge.same_item(marks[j], marks[m])
                   for m in range(j + 1, k)):
                continue  # a numbering does not skip a number printed between two of its own, nor repeat one
            gain = weight if judge.decides(marks[j].start, marks[k].start, marks[j].family, None,
                                           marks[j].marker_end) else -EMPTY_COST
            if best[j] + gain > best[k]:
                best[k], back[k] = best[j] + gain, j
    if not n:
        return []

    def closing(k: int) -> float:
        # a numbering that stops while its next number is printed further on loses that item
        stopped = any(follows(marks[k], marks[m]) for m in range(k + 1, min(n, k + CHAIN_REACH)))
        penalty = weight if stopped else 0.0
        if judge.decides(marks[k].start, length, marks[k].family, None, marks[k].marker_end):
            return weight - penalty
        cut = judge.cut(marks[k].start, length, None, marks[k].marker_end)
        return (CUT_SHARE * weight if cut else -EMPTY_COST) - penalty

    return walk_back(marks, back, max(range(n), key=lambda k: (best[k] + closing(k), -k)))


@lru_cache(maxsize=1024)  # asked of every pair of markers the chains compare
def _key(numero: str | None) -> tuple[int, int] | None:
    if (numero or "").lower() in ROMAN:  # "I.", "II.", "III.": items numbered in Roman figures
        return ROMAN[numero.lower()], 0
    lettered = re.fullmatch(r"(\d{1,2})([a-z])", numero or "")
    if lettered:  # "2a": the first sub-point of point 2
        return int(lettered.group(1)), ord(lettered.group(2)) - ord("a") + 1
    parts = re.split(r"[.-]", numero or "")
    if not parts or not all(p.isdigit() for p in parts) or len(parts) > 2:
        return None
    return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0


def _roman(numero: str | None) -> bool:
    return (numero or "").lower() in ROMAN


def follows_in_outline(a: Item, b: Item) -> bool:
    """"2" then "3", "2" then "2.1", "2.4" then "3" or "3.1": a point or sub-point after another,
    a step or two missing at most."""
    ka, kb = _key(a.numero), _key(b.numero)
    if ka is None or kb is None or _roman(a.numero) != _roman(b.numero):
        return False  # a Roman theme and an Arabic point are of two numberings
    (pm, pn), (m, n) = ka, kb
    return (m == pm and 0 < n - pn <= 3) or (0 < m - pm <= 3 and n <= 1)


def restarts_under_added_points(folded: str) -> Callable[[Item, Item], bool]:
    """``follows_in_outline``, or a "1" after a heading of points added to the agenda."""
    headings = [m.start() for m in ADDED_POINTS.finditer(folded)]  # found once: the chains ask of every pair

    def follows(a: Item, b: Item) -> bool:
        if follows_in_outline(a, b):
            return True
        if not headings or _key(b.numero) != (1, 0) or (_key(a.numero) or (0, 0)) <= (1, 0):
            return False
        i = bisect_left(headings, a.marker_end or a.start)
        return i < len(headings) and headings[i] < b.start
    return follows


def _marker_shape(folded: str, item: Item) -> str:
    """"8-) Délibération :" -> "9-) deliberation": how a point's marker is printed, figures aside."""
    after = re.match(r"\s*([a-z]+)", folded[item.marker_end:item.marker_end + 30])
    return re.sub(r"\d+", "9", folded[item.start:item.marker_end].strip()) + " " + (after.group(1) if after else "")


def taken_out_of_order(chain: list[Item], marks: list[Item], judge: Judge, folded: str) -> list[Item]:
    """A point the council examines out of turn ("8-) Délibération : …" between points 4 and 5) is
    printed like the chain's own markers but breaks its order: it is an item when its number is
    missing from the chain and it decides (the item it interrupts may be an information)."""
    if len(chain) < 3:
        return chain
    shapes = [_marker_shape(folded, it) for it in chain]
    shape = max(set(shapes), key=shapes.count)
    if shapes.count(shape) < 0.8 * len(chain):
        return chain
    numbers = {it.numero for it in chain}
    out = list(chain)
    for mark in marks:
        if mark.numero in numbers or not mark.numero or not mark.numero.isdigit() or mark in chain \
                or not chain[0].start < mark.start < chain[-1].start or _marker_shape(folded, mark) != shape:
            continue
        at = next(i for i, it in enumerate(out) if it.start > mark.start)
        if judge.decides(mark.start, out[at].start):
            out.insert(at, mark)
            numbers.add(mark.numero)
    return out


def candidates(text: str, folded: str, session_year: int | None, judge: Judge, zones: list[Zone],
               listing: bool = False, seance: str | None = None) -> list[Family]:
    """Every family that could split the text, its items ended at the next one's start."""
    length = len(text)
    out = [Family("numbered", items, specific, announced)
           for items, specific, announced in numbered_families(text, folded, session_year, listing, seance)]
    plain = point_marks(text, folded)
    points = plain + decimal_marks(text, folded) + lettered_marks(text, plain)
    points = sorted((it for it in points if not in_zones(it.start, zones)), key=lambda it: it.start)
    labelled = [it for it in points if folded.startswith(POINT_LABELS, it.start)]
    for marks, explicit in ((points, False), (labelled, True)):
        family = Family("point", [], explicit, explicit)
        chain = best_chain(marks, judge, family.weight, length, restarts_under_added_points(folded))
        family.items = taken_out_of_order(chain, marks, judge, folded)
        out.append(family)
    out.append(Family("point", select_points([it for it in points if "." not in (it.numero or "")], folded)))
    for kind, (_, items) in (("objet", objets(folded)), ("padded", padded(text)), ("code", codes(text)),
                             ("title", caps_titles(text, folded)), ("line", line_numbers(text)),
                             ("voted", voted_blocks(text)), ("subject", subjects(text, folded)),
                             ("bullet", bullets(text, folded)), ("row", table_rows(text, folded)),
                             ("dash", dashes(text, folded))):
        out.append(Family(kind, items, kind == "objet", kind == "objet"))
    return [_outside(f, zones, length) for f in out if f.items]


def _outside(family: Family, zones: list[Zone], length: int) -> Family:
    """The family without the items a table of contents or an annex opens; each item ends where
    the next one starts, or where an annex begins."""
    items = sorted((it for it in family.items if not in_zones(it.start, zones)), key=lambda it: it.start)
    items = [Item(it.start, 0, it.numero, it.numero_span, it.marker_end, it.family) for it in items]
    for i, it in enumerate(items):
        it.end = items[i + 1].start if i + 1 < len(items) else length
        it.end = min([it.end] + [z.start for z in zones if it.start < z.start < it.end])
    return Family(family.kind, items, family.labelled, family.announced)


def leading_family(chosen: Family, families: list[Family], judge: Judge) -> Family:
    """When another family that explains as much opens (nearly) every item a little earlier
    ("Point n°1 Débat … DCM 23.1.49", "OBJET : … (n°02/2020-01)"), items start there: the title
    comes before the number, which is then read inside the item."""
    items = chosen.items
    if len(items) < 2:
        return chosen  # one item: no pattern of markers to lead
    floor = 0.8 * judge.score(chosen)
    for other in families:
        if other.kind == chosen.kind or len(other.items) < len(items) or len(other.items) > len(items) + 3:
            continue
        if judge.score(other) < floor:
            continue
        starts = [o.start for o in other.items]
        # led: the other family opens an item after the previous item's start (not inside it)
        led = sum(1 for i, it in enumerate(items)
                  if any(0 < it.start - s <= 600 and (i == 0 or s > items[i - 1].start) for s in starts))
        if led >= 0.8 * len(items):
            return other
    return chosen


def choose(families: list[Family], judge: Judge, listing: bool, decides: bool) -> Family | None:
    """The family explaining the most decisions; None when none beats the whole text as one
    item (an extrait, or minutes whose items were not told apart)."""
    if listing:  # a list of deliberations: its rows decide, whether or not they say so
        rows = [f for f in families if f.kind in ("row", "bullet", "numbered") and len(f.items) >= 3]
        if rows:
            return max(rows, key=lambda f: (len(f.items) * FAMILY_WEIGHT[f.kind], f.kind == "numbered"))
    extrait = one_extrait(families, judge.folded)
    if extrait:
        return extrait
    # the whole text as one item explains its decisions as one; a family must do better, allowing
    # one item that decides nothing (a closing "Questions diverses", an information)
    single = FAMILY_WEIGHT["point"] - EMPTY_COST - 0.01 if decides else 0.0
    scored = [(judge.score(f), i, f) for i, f in enumerate(families)]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    score, _, family = max(scored, key=lambda s: (round(s[0], 6), s[2].weight, len(s[2].items), -s[1]))
    # one labelled act heading ("Délibération n° 2023-12") beats the whole text as one item
    return family if score > single or len(family.items) == 1 and family.labelled else None


def one_extrait(families: list[Family], folded: str) -> Family | None:
    """An extrait (its heading, one announced act number) is one act whatever it enumerates: its
    numbered parts ("I. Section de fonctionnement … II. …") are the clauses of that act."""
    if not EXTRAIT_HEADING.search(folded, 0, EXTRAIT_REACH):
        return None
    acts = [f for f in families if f.kind == "numbered" and f.announced]
    return acts[0] if len(acts) == 1 and len(acts[0].items) == 1 else None


def lone_heading(families: list[Family], judge: Judge) -> Family | None:
    """A text that decides nothing yet prints one act's labelled heading ("aff n°DEL2023_001 :
    Rapport annuel …") and is cut after it: that act, cut before its vote."""
    for f in families:
        if len(f.items) != 1 or f.items[0].end < len(judge.folded) \
                or not judge.cut(f.items[0].start, f.items[0].end, None, f.items[0].marker_end):
            continue  # (a heading a table of contents or an annex follows was not cut after)
        if f.announced and f.kind in ("numbered", "objet") or f.kind == "point" and _capital_title(f.items[0], judge):
            return f
    return None


def _capital_title(item: Item, judge: Judge) -> bool:
    """"1°) MARCHES PUBLICS – Attribution …": a numbered heading in capitals (an act's title)."""
    text = judge.text[item.marker_end:item.marker_end + 40] if judge.text else ""
    return bool(re.match(r"[A-ZÀ-ÝŒ'’ -]{8,}", text))
