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
from registre.extract.families import Judge, candidates, choose, leading_family, lone_heading
from registre.extract.markers import (
    AGENDA,
    AGENDA_LINE,
    INFORMATION,
    LIST_HEADING,
    PREVIOUS_MINUTES,
    VOTE_TABLE_HEADER,
    Item,
)
from registre.extract.numbers import find_numeros
from registre.extract.sections import Zone, annex_zones, contents_zones, in_zones

__all__ = ["INFORMATION", "PREVIOUS_MINUTES", "Item", "Segmentation", "agenda_titles", "segment"]


HEADINGS = ("title", "objet")  # markers that head an act without numbering it


@dataclass
class Segmentation:
    """Where the session header ends, the items, and what the text decides."""

    header_end: int
    items: list[Item]
    evidence: list[Evidence]
    decides: bool  # the text holds at least one decision of the assembly (outside annexes)
    zones: list[Zone]
    listing: bool = False  # a list of deliberations: one row an act


def segment(text: str, folded: str, session_year: int | None = None, seance: str | None = None) -> Segmentation:
    """Split ``text`` into items.

    Args:
        text: the document text (pages joined by form feeds), stamps masked.
        folded: ``fold(text)``.
        session_year: the séance's year, to ignore the previous session's numbers.
        seance: the séance's date (ISO), to ignore the numbers of acts dated otherwise.

    Returns:
        The segmentation. A single item covers the whole text when no family explains its
        decisions; no item at all when the text decides nothing and is no act.
    """
    zones = contents_zones(folded) + annex_zones(folded)
    evidence = [e for e in find_evidence(text, folded) if not in_zones(e.start, zones)]
    decides = any(e.kind != "nominal" for e in evidence)
    judge = Judge(evidence, folded, text)
    listing = bool(LIST_HEADING.search(folded[:1500]))
    families = candidates(text, folded, session_year, judge, zones, listing, seance)
    best = choose(families, judge, listing, decides)
    if best is None:  # one act, or minutes whose only decisions are procedural
        decides = any(e.kind != "nominal" and not judge.procedural(e) for e in evidence)
        best = None if decides else lone_heading(families, judge)
    if best is None:
        return Segmentation(0, [Item(0, len(text))], evidence, decides, zones)
    items = leading_family(best, families, judge).items
    header_end = items[0].start
    items = splits.split_voted_subpoints(items, text, judge.decides)
    items = splits.split_at_added_points(items, folded, judge.decides)
    items = splits.split_unnumbered(items, folded)
    items = splits.split_numbering_gaps(items, folded)
    items = splits.split_separate_votes(items, folded)
    items = splits.split_subpoints(items, text, folded)
    items = splits.split_at_titled_votes(items, text)
    if VOTE_TABLE_HEADER.search(folded[:3000]):
        items = splits.split_table_rows(items, text)
    items = [it for it in items if not _is_previous_minutes(text, folded, it)]
    kept = _deliberations(items, judge, listing or best.kind in ("row", "bullet"))
    if len(kept) == 1 and len(best.items) == 1:  # one act: its sidebar and heading are its own
        only = kept[0]
        kept = [Item(0, len(text), only.numero, only.numero_span, only.marker_end, only.family)]
    return Segmentation(header_end, kept, evidence, decides, zones, listing)


def _deliberations(items: list[Item], judge: Judge, listing: bool) -> list[Item]:
    """The items that are deliberations: those that decide, every row of a list, and the last
    item of a text cut before its vote."""
    if listing:
        return items
    out = []
    for i, it in enumerate(items):
        previous = items[i - 1].start if i else None
        if judge.decides(it.start, it.end, it.family, previous, it.marker_end) or it.family in ("row", "bullet"):
            out.append(it)
        elif i == len(items) - 1 and (it.numero is not None or it.family in HEADINGS) \
                and judge.cut(it.start, it.end, previous, it.marker_end):
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


