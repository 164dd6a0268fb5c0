"""Split a document into its deliberations: the split that explains its decisions wins.

A file holds one deliberation (an extrait), several extraits, or many items (compte rendu,
procès-verbal, recueil, list of deliberations). Markers of several families may open an
item: act numbers ("DCM 23.1.49", "DEL2020_01_02"), "Objet :" labels, enumerated points
("1 –", "Point n° 3", "2.1"), short codes ("D01"), titles in capitals, vote lines. They are only
candidates. **A deliberation is a decision**: each family is scored by how many of its items
hold a decision (:mod:`registre.extract.decisions`) — a labelled marker counts for more — less
the items that decide nothing. An agenda, a table of contents, a list inside one deliberation or
the columns of an attendance table open items that decide nothing and lose, however many they
are. The text before the first item is the session header. An item that decides nothing is no
deliberation, with two exceptions: the last item of a text cut before its vote (an act's heading
with no end), and a row of a list of deliberations (which records decisions without their text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registre.extract import splits
from registre.extract.decisions import Evidence, find_evidence
from registre.extract.numbers import find_numeros
from registre.extract.markers import (
    AGENDA,
    AGENDA_LINE,
    INFORMATION,
    LIST_HEADING,
    POINT_LABELS,
    PREVIOUS_MINUTES,
    VOTE_TABLE_HEADER,
    Item,
    bullets,
    caps_titles,
    codes,
    decimal_marks,
    line_numbers,
    numbered_families,
    objets,
    outline,
    padded,
    point_marks,
    running_index,
    select_points,
    subjects,
    table_rows,
    voted_blocks,
)
from registre.extract.sections import (
    DELEGATION,
    Zone,
    annex_zones,
    contents_zones,
    in_zones,
    is_closed,
)

__all__ = ["INFORMATION", "PREVIOUS_MINUTES", "Item", "Segmentation", "agenda_titles", "segment"]

# How much an item that decides counts, by the marker that opened it: a labelled act number
# or "Objet :" says "a deliberation starts here"; a bare figure or a title in capitals less so.
FAMILY_WEIGHT = {
    "numbered": 1.2, "objet": 1.3, "point": 1.0, "code": 1.1, "padded": 0.9, "title": 0.8, "line": 0.8,
    "voted": 0.9, "subject": 0.6, "row": 1.0, "bullet": 1.0,
}
LABELLED_BONUS = 1.3
EMPTY_COST = 0.35  # an item that decides nothing
CUT_SHARE = 0.4  # what the last item of a text cut before its vote counts, of a deciding one
DELEGATION_HEAD = 250  # characters: a delegation heading this close to an item's start titles it


@dataclass
class Family:
    kind: str
    items: list[Item]
    labelled: bool = False  # its markers say "a deliberation starts here" (a label, an act's code)
    announced: bool = False  # by a label ("Délibération n°", "Objet :", "Point n°")


@dataclass
class Segmentation:
    """Where the session header ends, the items, and what the text decides."""

    header_end: int
    items: list[Item]
    evidence: list[Evidence]
    decides: bool  # the text holds at least one decision of the assembly (outside annexes)
    zones: list[Zone]


def segment(text: str, folded: str, session_year: int | None = None) -> Segmentation:
    """Split ``text`` into items.

    Args:
        text: the document text (pages joined by form feeds), stamps masked.
        folded: ``fold(text)``.
        session_year: the séance's year, to ignore the previous session's numbers.

    Returns:
        The segmentation. A single item covers the whole text when no family explains its
        decisions; no item at all when the text decides nothing and is no act.
    """
    zones = contents_zones(folded) + annex_zones(folded)
    evidence = [e for e in find_evidence(text, folded) if not in_zones(e.start, zones)]
    decides = any(e.kind != "nominal" for e in evidence)
    families = [_outside(f, zones, len(text)) for f in _families(text, folded, session_year)]
    listing = bool(LIST_HEADING.search(folded[:1500]))
    best = _best(families, evidence, folded, len(text), listing)
    if best is None:  # one act, or minutes whose only decisions are procedural
        decides = any(e.kind != "nominal" and not _procedural(e, folded) for e in evidence)
        return Segmentation(0, [Item(0, len(text))], evidence, decides, zones)
    items = _leading_family(best, families).items
    header_end = items[0].start
    items = splits.split_unnumbered(items, folded)
    items = splits.split_numbering_gaps(items, folded)
    items = splits.split_separate_votes(items, folded)
    items = splits.split_subpoints(items, text, folded)
    items = splits.split_at_titled_votes(items, text)
    if VOTE_TABLE_HEADER.search(folded[:3000]):
        items = splits.split_table_rows(items, text)
    items = [it for it in items if not _is_previous_minutes(text, folded, it)]
    kept = _deliberations(items, evidence, folded, listing or best.kind in ("row", "bullet"))
    if len(kept) == 1 and len(best.items) == 1:  # one act: its sidebar and heading are its own
        only = kept[0]
        kept = [Item(0, len(text), only.numero, only.numero_span, only.marker_end, only.family)]
    return Segmentation(header_end, kept, evidence, decides, zones)


def _families(text: str, folded: str, session_year: int | None) -> list[Family]:
    out = [Family("numbered", items, specific, announced)
           for items, specific, announced in numbered_families(text, folded, session_year)]
    decimals = decimal_marks(text, folded)
    for run in _runs(point_marks(text, folded)):
        if not run:
            continue
        chosen = select_points(run, folded)
        explicit = bool(chosen) and all(folded.startswith(POINT_LABELS, it.start) for it in chosen)
        out.append(Family("point", chosen, explicit, explicit))
        tree = outline(run, [d for d in decimals if d.start > run[0].start])
        if tree:  # "2. Affaires financières 2.1 … 2.2 …", "Dossier n°1 … n°2-1 … n°2-2 … n°3"
            out.append(Family("point", tree, explicit, explicit))
    for kind, (_, items) in (("objet", objets(folded)), ("padded", padded(text)), ("code", codes(text)),
                             ("title", caps_titles(text, folded)), ("line", line_numbers(text)),
                             ("voted", voted_blocks(text)), ("subject", subjects(text, folded)),
                             ("bullet", bullets(text, folded)), ("row", table_rows(text, folded))):
        out.append(Family(kind, items, kind == "objet", kind == "objet"))
    return [f for f in out if f.items]


def _runs(items: list[Item]) -> list[list[Item]]:
    """The marks as one numbering, and each run that starts afresh ("1 … 9" of an agenda, then
    "1 … 9" of the body) as a numbering of its own."""
    runs: list[list[Item]] = [[]]
    last = None
    for it in items:
        n = int(it.numero) if it.numero and it.numero.isdigit() else None
        if n is not None and last is not None and n <= last and n <= 2:
            runs.append([])
        runs[-1].append(it)
        if n is not None:
            last = n
    whole = [items]
    return whole + [r for r in runs if r and len(runs) > 1]


def _outside(family: Family, zones: list[Zone], length: int) -> Family:
    """The family without the items a table of contents or an annex opens; each item ends where
    the next one starts."""
    items = sorted((it for it in family.items if not in_zones(it.start, zones)), key=lambda it: it.start)
    items = [Item(it.start, 0, it.numero, it.numero_span, it.marker_end, it.family) for it in items]
    for i, it in enumerate(items):
        it.end = items[i + 1].start if i + 1 < len(items) else length
    for it in items:  # an annex after the last act ends it
        it.end = min([it.end] + [z.start for z in zones if it.start < z.start < it.end])
    return Family(family.kind, items, family.labelled, family.announced)


def _leading_family(chosen: Family, families: list[Family]) -> Family:
    """When another family opens (nearly) every item a little earlier ("Point n°1 Débat …
    DCM 23.1.49", "OBJET : … (n°02/2020-01)"), items start there: the title comes before the
    number, which is then read inside the item."""
    items = chosen.items
    for other in families:
        if other.kind == chosen.kind or len(other.items) < len(items) or len(other.items) > len(items) + 3:
            continue
        starts = [o.start for o in other.items]
        led = sum(1 for it in items if any(12 < it.start - s <= 600 for s in starts))
        if led >= 0.8 * len(items):
            return other
    return chosen


def _under_delegation(item: Item, folded: str, previous: Item | None) -> bool:
    """Whether the item reports the mayor's decisions taken by delegation: its title says so,
    or a heading just before it that is not the previous item's title."""
    floor = max(item.start - DELEGATION_HEAD, previous.start + DELEGATION_HEAD if previous else 0)
    return bool(DELEGATION.search(folded, min(floor, item.start), min(item.end, item.start + DELEGATION_HEAD)))


def _item_decides(item: Item, evidence: list[Evidence], folded: str, previous: Item | None = None) -> bool:
    """Whether the item holds a decision of the assembly. Under delegation, only the council
    taking note of the mayor's decisions counts; a subject's noun ("adoption du budget") counts
    only where subjects open the items."""
    found = [e for e in evidence if item.start <= e.start < item.end
             and (e.kind != "nominal" or item.family == "subject")]
    if found and _under_delegation(item, folded, previous):
        return any(e.kind == "takes_note" for e in found)
    return bool(found)


def _cut_heading(items: list[Item], i: int, folded: str) -> bool:
    """Whether items[i] is an act's heading whose text was cut before its vote: the last item,
    with no closing formula after it, and not a report of delegated decisions."""
    it = items[i]
    return i == len(items) - 1 and not is_closed(folded, it.start, it.end) \
        and not _under_delegation(it, folded, items[i - 1] if i else None)


def _score(family: Family, evidence: list[Evidence], folded: str) -> float:
    """What the family explains: each item that decides counts its weight, each that decides
    nothing costs; a family that explains no decision scores nothing."""
    weight = FAMILY_WEIGHT[family.kind] * (LABELLED_BONUS if family.labelled else 1.0)
    score, explained = 0.0, 0
    for i, it in enumerate(family.items):
        if _item_decides(it, evidence, folded, family.items[i - 1] if i else None):
            score += weight
            explained += 1
        elif _cut_heading(family.items, i, folded):
            score += CUT_SHARE * weight  # the last item of a text cut before its vote: an act's heading
        else:
            score -= EMPTY_COST
    return score if explained else 0.0


def _best(families: list[Family], evidence: list[Evidence], folded: str, length: int,
          listing: bool) -> Family | None:
    """The family explaining the most decisions; None when no family beats the whole text."""
    if listing:  # a list of deliberations: its rows decide, whether or not they say so
        rows = [f for f in families if f.kind in ("row", "bullet", "numbered") and len(f.items) >= 3]
        if rows:
            return max(rows, key=lambda f: (len(f.items) * FAMILY_WEIGHT[f.kind], f.kind == "numbered"))
    single = FAMILY_WEIGHT["point"] if any(e.kind != "nominal" for e in evidence) else 0.0
    scored = [(_score(f, evidence, folded), i, f) for i, f in enumerate(families)]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return _lone_heading(families, folded)
    score, _, family = max(scored, key=lambda s: (s[0], -s[1]))
    return family if score > single or len(family.items) == 1 else None


def _lone_heading(families: list[Family], folded: str) -> Family | None:
    """A text that decides nothing yet prints one act's labelled heading ("aff n°DEL2023_001 :
    Rapport annuel …") and is cut after it: that act, cut before its vote."""
    for f in families:
        if f.announced and f.kind in ("numbered", "objet") and len(f.items) == 1 and _cut_heading(f.items, 0, folded):
            return f
    return None


def _procedural(e: Evidence, folded: str) -> bool:
    """Evidence that belongs to the session's procedure, not to an act: approving the previous
    minutes, taking note of the mayor's delegated decisions."""
    return bool(PREVIOUS_MINUTES.search(folded, max(0, e.start - 300), e.start)
                or DELEGATION.search(folded, max(0, e.start - 600), e.start))


def _deliberations(items: list[Item], evidence: list[Evidence], folded: str, listing: bool) -> list[Item]:
    """The items that are deliberations: those that decide, every row of a list, and the last
    item of a text cut before its vote."""
    if listing:
        return items
    out = []
    for i, it in enumerate(items):
        if _item_decides(it, evidence, folded, items[i - 1] if i else None) or it.family in ("row", "bullet"):
            out.append(it)
        elif it.numero is not None and _cut_heading(items, i, folded):
            out.append(it)  # an act's heading, the text cut before its vote
    return out


def _is_previous_minutes(text: str, folded: str, item: Item) -> bool:
    """Approving the previous minutes is no deliberation unless it has its own act number (its
    marker's, or one printed under its title: "Dossier n°2-1 : Approbation du PV … DCC2023_129")."""
    head = folded[item.start:min(item.end, item.start + 200)]
    if item.family in ("numbered", "bullet", "row") or not PREVIOUS_MINUTES.search(head):
        return False
    own = [c for c in find_numeros(text, folded, item.start, min(item.end, item.start + 300)) if c[3] in "abc"
           and re.search(r"[A-Za-z]|(?:19|20)\d\d", c[0])]
    return not own


def agenda_titles(text: str) -> list[tuple[str, int, int]]:
    """The titles listed under "Ordre du jour" (one a line), with their spans."""
    agenda = AGENDA.search(text)
    if not agenda:
        return []
    out = []
    for m in AGENDA_LINE.finditer(text, agenda.end(), min(len(text), agenda.end() + 3000)):
        title = re.sub(r"^[\s\-–•_]+|^\d{1,2}[.)/]\s*", "", m.group(0)).strip(" _")
        if len(title) >= 5:
            out.append((title, m.end() - len(title), m.end()))
    return out


__all__ += ["running_index"]
