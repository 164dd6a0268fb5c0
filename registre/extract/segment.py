"""Split a document into its deliberations.

A file holds one deliberation (an extrait) or many (compte rendu, procès-verbal, recueil).
Several marker families can open an item: deliberation numbers of one shape ("DCM 23.1.49",
"DEL2020_01_02", "02/2020-01"), "Objet :" labels, enumerated points ("1 –", "Point n° 3",
"02 Requalification…"), short codes ("D01", OCR'd "DO1"). Each family found is scored — how
many items, how regular their numbering, how specific the marker — and the best one splits
the text. The text before its first item is the session header.
"""

from __future__ import annotations

import re

from registre.extract.markers import (
    AGENDA,
    AGENDA_LINE,
    INFORMATION,
    MIN_SCORE,
    PREVIOUS_MINUTES,
    TITLED_VOTE,
    VOTE_TABLE_HEADER,
    Item,
    bullets,
    caps_titles,
    codes,
    detached_column,
    line_numbers,
    numbered,
    objets,
    padded,
    points,
    running_index,
    subjects,
    table_rows,
    voted_blocks,
)


def segment(text: str, folded: str, session_year: int | None = None) -> tuple[int, list[Item]]:
    """Split ``text`` into items.

    Args:
        text: the document text (pages joined by form feeds), stamps masked.
        folded: ``fold(text)``.
        session_year: the séance's year, to ignore the previous session's numbers.

    Returns:
        (end of the session header, items). A single item covers the whole text when no
        family is convincing.
    """
    items = _best_items(text, folded, session_year, 0)
    if not items:
        return 0, [Item(0, len(text))]
    agenda_end = _agenda_length(items)
    if agenda_end:  # "Ordre du jour : 1. … 2. …" then the same items in full
        after = _line_end(text, items[agenda_end - 1].start)
        body = _best_items(text, folded, session_year, after)
        restarts = agenda_end == len(items) or bool(body) and body[0].numero == items[0].numero
        if len(body) >= 0.6 * agenda_end and restarts:  # the body numbers its items afresh
            items = body
    header_end = items[0].start
    items = _split_unnumbered(items, folded)
    items = _split_numbering_gaps(items, folded)
    items = _split_separate_votes(items, folded)
    items = _split_subpoints(items, text, folded)
    items = _split_at_titled_votes(items, text)
    if VOTE_TABLE_HEADER.search(folded[:3000]):
        items = _split_table_rows(items, text)
    items = [it for it in items if not _is_previous_minutes(folded, it)]
    return header_end, items or [Item(0, len(text))]


RAPPORTEUR = re.compile(r"\brapporteurs?\s*:")
OUTCOME = re.compile(r"\b(?:adoptee?s?|approuvee?s?|rejetee?s?)\s+a\s+l'?\s*'?unanimite|\b(?:adoptee?s?|approuvee?s?)"
                     r"\s+a\s+la\s+majorite|\bprend\s+acte\b|\bpoint\s+(?:reporte|retire)")


def _split_unnumbered(items: list[Item], folded: str) -> list[Item]:
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


def _split_numbering_gaps(items: list[Item], folded: str) -> list[Item]:
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
VOTED_DECISION = re.compile(
    r"\bunanimite\s*,?\s*(?:decide|autorise|approuve|adopte|accepte|valide|emet|donne)\b"
    r"|\b(?:decide|autorise|approuve|adopte|accepte|valide)\s*,?\s*a\s+l'?\s*unanimite\b")
SENTENCE_END = re.compile(r"[.!?](?=\s)")


def _split_separate_votes(items: list[Item], folded: str) -> list[Item]:
    """A point of the agenda ("3. Finances") may hold several decisions, each voted on its own
    ("… autorise, à l'unanimité, … DSIL 2020. … à l'unanimité, décide d'attribuer une subvention
    … l'unanimité, décide de remplacer …"): each vote ends a deliberation, cut after its sentence.
    Numbered deliberations are left whole (their articles may each restate the vote)."""
    out: list[Item] = []
    for item in items:
        if item.family != "point":
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


def _split_subpoints(items: list[Item], text: str, folded: str) -> list[Item]:
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


ROW_OUTCOME = re.compile(r"\b(?:Approuv[ée]e|Adopt[ée]e|Rejet[ée]e|Act[ée]e|Majorit[ée]\s+pour|Point\s+report[ée])",
                         re.IGNORECASE)
ROW_TITLE = re.compile(r"(?<![\w'’])[A-ZÀ-ÝŒ]{3,}(?:[ -]+[A-ZÀ-ÝŒ0-9]{2,})*\s+[-–]\s+(?=\S)")


def _split_table_rows(items: list[Item], text: str) -> list[Item]:
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


def _split_at_titled_votes(items: list[Item], text: str) -> list[Item]:
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


def _leading_family(items: list[Item], families: list[tuple[float, list[Item]]]) -> list[Item]:
    """When another family opens (nearly) every item a little earlier ("Point n°1 Débat …
    DCM 23.1.49", "OBJET : … (n°02/2020-01)"), items start there: the title comes before the
    number, which is then read inside the item."""
    for _, other in families:
        if other is items or len(other) < len(items) or len(other) > len(items) + 3:
            continue
        starts = [o.start for o in other]
        led = sum(1 for it in items if any(0 < it.start - s <= 600 for s in starts))
        if led >= 0.8 * len(items):
            return other
    return items


def _best_items(text: str, folded: str, session_year: int | None, offset: int) -> list[Item]:
    """The best-scoring family in text[offset:], its items ended at the next one's start."""
    sub_text, sub_folded = text[offset:], folded[offset:]
    families = [numbered(sub_text, sub_folded, session_year), objets(sub_folded), points(sub_text, sub_folded),
                padded(sub_text), codes(sub_text), caps_titles(sub_text, sub_folded),
                line_numbers(sub_text), bullets(sub_text, sub_folded), voted_blocks(sub_text),
                table_rows(sub_text, sub_folded)]
    # "Affaire n° 1 Affaire n° 2 …", "Délibération n°01 Délibération n°02 …": a column of numbers
    # laid out apart from the text they label opens no item
    families = [(0.0, []) if detached_column(items, sub_text) else (score, items) for score, items in families]
    score, items = max(families, key=lambda f: f[0])
    if score < MIN_SCORE or not items:
        score, items = subjects(sub_text, sub_folded)  # the last resort: untitled minutes
        if not items:
            return []
    items = _leading_family(items, families)
    for item in items:
        item.start += offset
        item.marker_end += offset
        if item.numero_span:
            item.numero_span = (item.numero_span[0] + offset, item.numero_span[1] + offset)
    for i, item in enumerate(items):
        item.end = items[i + 1].start if i + 1 < len(items) else len(text)
    return items


def _agenda_length(items: list[Item]) -> int:
    """How many items at the start are an agenda: one short line each, all packed before a long
    one (which swallowed the session's body); 0 when they are not."""
    sizes = [it.end - it.start for it in items]
    long_at = next((i for i, size in enumerate(sizes) if size >= 400), None)
    if long_at is None or long_at < 2 or sum(sizes[:long_at]) >= 0.3 * sizes[long_at]:
        return 0
    return long_at + 1


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _is_previous_minutes(folded: str, item: Item) -> bool:
    """Approving the previous minutes is no deliberation unless it has its own number."""
    head = folded[item.start:min(item.end, item.start + 200)]
    return item.family not in ("numbered", "bullet", "row") and bool(PREVIOUS_MINUTES.search(head))


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
