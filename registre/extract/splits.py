"""Splits after the family is chosen: one item that holds several deliberations.

Each function takes the items and returns them with those that hold more than one decision
cut in two or more: a summary's second rapporteur, a numbering gap, decisions voted apart
inside one agenda point, the sub-points of questions diverses, titled vote lines, the rows of a
flattened vote table.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from registre.extract.markers import ADDED_POINTS, INFORMATION, TITLED_VOTE, Item, running_index
from registre.extract.quick import anchored

RAPPORTEUR = anchored(re.compile(r"\brapporteurs?\s*:"))
OUTCOME = re.compile(r"\b(?:adoptee?s?|approuvee?s?|rejetee?s?)\s+a\s+l'?\s*'?unanimite|\b(?:adoptee?s?|approuvee?s?)"
                     r"\s+a\s+la\s+majorite|\bprend\s+acte\b|\bpoint\s+(?:reporte|retire)")


def split_unnumbered(items: list[Item], folded: str) -> list[Item]:
    """A summary whose items each name a rapporteur and end on their outcome ("… ADOPTEE A
    L'UNANIMITE"): an item holding two rapporteurs holds two deliberations, the second one
    unnumbered — it starts after the first one's outcome."""
    out: list[Item] = []
    for item in items:
        reporters = [m.start() for m in RAPPORTEUR.finditer(folded, item.start, item.end)]
        current = item
        for previous, nxt in zip(reporters, reporters[1:], strict=False):
            ends = [m.end() for m in OUTCOME.finditer(folded, previous, nxt)]
            if not ends:
                continue
            cut = ends[-1]
            out.append(Item(current.start, cut, current.numero, current.numero_span,
                            current.marker_end, current.family))
            current = Item(cut, item.end, None, None, cut, "split")
        out.append(current)
    return out


DECISION_SENTENCE = re.compile(
    r"\b(?:le|la)\s+(?:conseil|bureau|comite|commission)(?:\s+(?:municipal|communautaire|syndical|departemental"
    r"|permanente))?\s*,?\s*(?:apres\s+en\s+avoir\s+delibere|prend\s+acte|decide|approuve|adopte|autorise)\b")


def split_numbering_gaps(items: list[Item], folded: str) -> list[Item]:
    """Numbers that skip one ("01/01-2020" then "01/03-2020") lost the heading of the item
    between them (a title laid out apart, dropped by the extraction): when the item before the
    gap holds two decisions, the second one starts after the first one's sentence."""
    index = running_index(items)
    out: list[Item] = []
    for item, nxt in zip(items, items[1:] + [None], strict=False):
        out.append(item)
        if nxt is None or item.family != "numbered" or nxt.family != "numbered":
            continue
        a, b = index(item), index(nxt)
        if a is None or b is None or b - a != 2:
            continue
        decisions = list(DECISION_SENTENCE.finditer(folded, item.start, item.end))
        if len(decisions) < 2:
            continue
        stop = re.compile(r"[.!?]\s+").search(folded, decisions[0].end(), decisions[1].start())
        if stop:
            cut = stop.end()
            out[-1] = Item(item.start, cut, item.numero, item.numero_span, item.marker_end, item.family)
            out.append(Item(cut, item.end, None, None, cut, "gap"))  # no heading: its decision sums it up
    return out


# a decision and its own vote in one clause: "à l'unanimité, décide d'attribuer …",
# "autorise, à l'unanimité, Monsieur le Maire …"
VOTED_DECISION = anchored(re.compile(
    r"\bunanimite\s*,?\s*(?:decide|autorise|approuve|adopte|accepte|valide|emet|donne)\b"
    r"|\b(?:decide|autorise|approuve|adopte|accepte|valide)\s*,?\s*a\s+l'?\s*unanimite\b"))
SENTENCE_END = re.compile(r"[.!?](?=\s)")
ARTICLES = anchored(re.compile(
    r"\barticle\s+(?:1er|1|premier)\s*[:.\-–]"))  # "Article 1er : …" opens one act's dispositif


def split_separate_votes(items: list[Item], folded: str) -> list[Item]:
    """A point of the agenda ("3. Finances") may hold several decisions, each voted on its own
    ("… autorise, à l'unanimité, … DSIL 2020. … à l'unanimité, décide d'attribuer une subvention
    … l'unanimité, décide de remplacer …"): each vote ends a deliberation, cut after its sentence.
    Numbered deliberations, and those whose dispositif is in articles, are left whole (each
    article may restate the vote)."""
    out: list[Item] = []
    for item in items:
        if item.family != "point" or ARTICLES.search(folded, item.marker_end, item.end):
            out.append(item)
            continue
        cuts = []
        for m in VOTED_DECISION.finditer(folded, item.marker_end, item.end):
            stop = SENTENCE_END.search(folded, m.end(), item.end)
            if stop and (not cuts or m.start() > cuts[-1]):
                cuts.append(stop.end())
        cuts = [c for c in cuts[:-1] if VOTED_DECISION.search(folded, c, item.end)]
        starts = [item.start, *cuts]
        ends = [*cuts, item.end]
        out.append(Item(item.start, ends[0], item.numero, item.numero_span, item.marker_end, item.family))
        out.extend(Item(s, e, None, None, s, "vote_split") for s, e in zip(starts[1:], ends[1:], strict=True))
    return out


def split_subpoints(items: list[Item], text: str, folded: str) -> list[Item]:
    """"6 Questions diverses" holding "6.1 Ecole … 6.3 Verger de sauvegarde … Vote : 14 pour":
    each sub-point is an item of its own ("6.3"), kept as a deliberation only if voted there."""
    out: list[Item] = []
    for item in items:
        head = folded[item.marker_end:item.marker_end + 60]
        if item.family != "point" or not (item.numero or "").isdigit() or not INFORMATION.match(head):
            out.append(item)
            continue
        sub = re.compile(rf"(?m)(?:^|(?<=\f))[ \t]*{item.numero}\.(?P<n>\d{{1,2}})\.?[ \t]+(?=[A-ZÀ-Ý])")
        marks = list(sub.finditer(text, item.marker_end, item.end))
        if len(marks) < 2:
            out.append(item)
            continue
        out.append(Item(item.start, marks[0].start(), item.numero, item.numero_span, item.marker_end, item.family))
        ends = [m.start() for m in marks[1:]] + [item.end]
        out.extend(Item(m.start(), e, f"{item.numero}.{m.group('n')}", (m.start(), m.end("n")), m.end(), "subpoint")
                   for m, e in zip(marks, ends, strict=True))
    return out


# "6-1 Indemnisation …", "6.2 Subvention …": a sub-point of point 6 opening its line
SUB_POINT = re.compile(r"(?m)(?:^|(?<=\f))[ \t]*(?P<p>\d{1,2})[-.](?P<n>\d{1,2})\.?[ \t]+(?=[A-ZÀ-Ý])")


def split_voted_subpoints(items: list[Item], text: str, decides: Callable[[int, int], bool]) -> list[Item]:
    """"20240909 6 Fête du Lac : délibérations relatives à …" holding "6-1 Indemnisation …",
    "6-2 Subvention …", each voted: a point whose sub-points, numbered under its own number at the
    start of a line, each decide, holds one deliberation a sub-point ("20240909 6-1"). Sub-points
    that do not each decide (a report's parts, one vote at the end) leave the point whole."""
    out: list[Item] = []
    for item in items:
        own = re.search(r"(?<![\d.-])(\d{1,2})$", item.numero or "")
        if not own:
            out.append(item)
            continue
        marks = [m for m in SUB_POINT.finditer(text, item.marker_end, item.end) if m.group("p") == own.group(1)]
        if len(marks) < 2 or [int(m.group("n")) for m in marks] != list(range(1, len(marks) + 1)):
            out.append(item)
            continue
        ends = [m.start() for m in marks[1:]] + [item.end]
        if not all(decides(m.start(), e) for m, e in zip(marks, ends, strict=True)):
            out.append(item)
            continue
        stem = item.numero[:own.start(1)]
        out.append(Item(item.start, marks[0].start(), item.numero, item.numero_span, item.marker_end, item.family))
        out.extend(Item(m.start(), e, stem + m.group(0).strip().rstrip("."), (m.start(), m.end("n")), m.end(),
                        item.family) for m, e in zip(marks, ends, strict=True))  # each decides: an act as its point
    return out


# the heading, printed again as a running head or read twice by OCR, then the added point's title
ADDED_HEADING = re.compile(r"(?m)(?:^|(?<=\f))(?:[\W_]*" + ADDED_POINTS.pattern + r"[^\n]{0,40}\n\s*)+(?=\S)")


def split_at_added_points(items: list[Item], folded: str, decides: Callable[[int, int], bool]) -> list[Item]:
    """"POINT RAJOUTÉ À L'ORDRE DU JOUR : / SDED ENFOUISSEMENT DES RÉSEAUX …" after the last
    agenda point's vote: a point added at the session, printed without a number, is a
    deliberation of its own when both it and the point before it decide."""
    out: list[Item] = []
    for item in items:
        current = item
        for m in ADDED_HEADING.finditer(folded, item.marker_end, item.end):
            if decides(current.start, m.start()) and decides(m.end(), item.end):
                out.append(Item(current.start, m.start(), current.numero, current.numero_span,
                                current.marker_end, current.family))
                current = Item(m.end(), item.end, None, None, m.end(), item.family)
        out.append(current)
    return out


ROW_OUTCOME = re.compile(r"\b(?:Approuv[ée]e|Adopt[ée]e|Rejet[ée]e|Act[ée]e|Majorit[ée]\s+pour|Point\s+report[ée])",
                         re.IGNORECASE)
ROW_TITLE = re.compile(r"(?<![\w'’])[A-ZÀ-ÝŒ]{3,}(?:[ -]+[A-ZÀ-ÝŒ0-9]{2,})*\s+[-–]\s+(?=\S)")


def split_table_rows(items: list[Item], text: str) -> list[Item]:
    """A table "Objet | Rapporteur | Vote" flattened line by line: a row printed without a number
    (a postponed item often has none) follows the row before it, after that row's outcome —
    "… Approuvée à l'unanimité … LOGEMENTS SOCIAUX - Avis du Conseil … Point reporté"."""
    out: list[Item] = []
    for item in items:
        current = item
        while True:
            first = ROW_OUTCOME.search(text, current.marker_end, current.end)
            title = ROW_TITLE.search(text, first.end(), current.end) if first else None
            if not title or not ROW_OUTCOME.search(text, title.end(), current.end):
                break
            out.append(Item(current.start, title.start(), current.numero, current.numero_span,
                            current.marker_end, current.family))
            current = Item(title.start(), current.end, None, None, title.start(), "row")
        out.append(current)
    return out


def split_at_titled_votes(items: list[Item], text: str) -> list[Item]:
    """Informal minutes vote on each decision in a line of its own, titled: "DM1 pour budget
    communal approuvé : Vote : 14 pour …", then "DM1 pour budget assainissement approuvé : Vote :
    …". An item holding several such lines holds as many deliberations; each after the first
    runs from the line after the previous vote."""
    out: list[Item] = []
    for item in items:
        votes = list(TITLED_VOTE.finditer(text, item.start, item.end))
        if len(votes) < 2:
            out.append(item)
            continue
        cuts = [text.find("\n", v.end() - 1, item.end) + 1 or item.end for v in votes[:-1]]
        starts = [item.start, *cuts]
        ends = [*cuts, item.end]
        if item.numero:  # "2 Décisions modificatives … DM1 budget communal : Vote … DM1 assainissement : Vote":
            # the point's decisions share its number, each titled by its own vote line
            out.extend(Item(s, e, item.numero, item.numero_span, s, "titled_vote")
                       for s, e in zip(starts, ends, strict=True))
            continue
        out.append(Item(item.start, ends[0], item.numero, item.numero_span, item.marker_end, item.family))
        out.extend(Item(s, e, None, None, s, "titled_vote") for s, e in zip(starts[1:], ends[1:], strict=True))
    return out
