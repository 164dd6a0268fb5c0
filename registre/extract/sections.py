"""Stretches of a document that are not the council's acts, and whether the text was cut.

Minutes and acts carry text that decides nothing of the assembly's own, or that decides for
someone else: the mayor's (or président's) decisions taken under delegation and reported to
the council (CGCT L.2122-22/23, L.5211-10), a table of contents, an annex joined after an
extrait's closing formula (the minutes of another session, a report, a convention). Their
numbers open no deliberation and their verbs (« Le Maire … DÉCIDE ») are no evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registre.extract.quick import anchored, quicken

# On the folded text. "Décisions prises par le Maire en vertu de l'article L.2122-22",
# "Compte rendu des décisions du Président", "DECISIONS PRISES EN DELEGATION", "Décisions du Maire"
DELEGATION = anchored(quicken(re.compile(
    r"\bdecisions?\s+(?:(?:qu'?il\s+a\s+)?prises?\s+)?(?:par\s+(?:m\.?\s+|mme\s+|monsieur\s+|madame\s+)?(?:le\s+|la\s+)?"
    r"(?:maire|president)|du\s+(?:maire|president)|de\s+(?:m\.?\s+|monsieur\s+)?(?:le\s+|la\s+)?(?:maire|president)"
    r"|(?:prises?\s+)?(?:en|par|sur)\s+delegation|(?:prises?\s+)?(?:dans\s+le\s+cadre|en\s+(?:vertu|application))"
    r"\s+(?:de\s+(?:la|sa|ses)\s+delegations?|des?\s+(?:l'article|articles)\s+l\.?\s*(?:2122|5211)))"
    r"|\brend(?:u)?\s+compte\s+(?:au\s+conseil\s+(?:\w+\s+)?)?des\s+decisions"
    r"|\bcompte[\s-]*rendu\s+des\s+decisions|\bcompte[\s-]*rendu\s+(?:de\s+(?:la\s+)?)?delegations?\b"
)))
# A table of contents or an agenda with page numbers: titles ended by dot leaders and a page.
DOT_LEADERS = quicken(re.compile(r"(?:\.\s?){6,}\s*\d{1,3}\b|…{2,}\s*\d{1,3}\b"))
# An extrait ends on its closing formula; what follows, up to the next extrait, is an annex.
CLOSING = anchored(quicken(re.compile(
    r"\b(?:ainsi\s+)?fait\s+et\s+delibere\b|\bpour\s+(?:extrait|copie)\s+(?:certifiee?\s+)?conforme"
    r"|\bau\s+registre\s+sont\s+les\s+signatures|\bla\s+seance\s+est\s+levee|\blevee\s+de\s+(?:la\s+)?seance"
    r"|\bl'ordre\s+du\s+jour\s+etant\s+epuise|\bplus\s+rien\s+n'etant\s+a\s+l'ordre\s+du\s+jour"
)))
EXTRAIT_REACH = 3000  # characters: where an extrait prints its heading
EXTRAIT_HEADING = anchored(re.compile(
    r"\bextrait\s+(?:du\s+registre\s+|du\s+proces[\s-]verbal\s+)?des\s+deliberations"))


@dataclass(frozen=True)
class Zone:
    """A stretch [start, end) that is not the assembly's own acts, and why."""

    start: int
    end: int
    why: str  # delegation, contents, annex


def contents_zones(folded: str) -> list[Zone]:
    """Tables of contents: runs of titles ended by dot leaders and page numbers."""
    marks = list(DOT_LEADERS.finditer(folded))
    zones: list[Zone] = []
    for m in marks:
        if zones and m.start() - zones[-1].end < 600:
            zones[-1] = Zone(zones[-1].start, m.end(), "contents")
            continue
        zones.append(Zone(max(0, m.start() - 300), m.end(), "contents"))
    return [z for z in zones if len(DOT_LEADERS.findall(folded, z.start, z.end)) >= 3]


def annex_zones(folded: str) -> list[Zone]:
    """After an extrait's closing formula, up to the next extrait heading (or the end): an annex."""
    if not EXTRAIT_HEADING.search(folded, 0, EXTRAIT_REACH):
        return []
    zones = []
    for m in CLOSING.finditer(folded):
        if not m.group(0).startswith(("fait", "ainsi", "pour", "au registre")):
            continue
        nxt = EXTRAIT_HEADING.search(folded, m.end())
        end = nxt.start() if nxt else len(folded)
        start = _after_signatures(folded, m.end(), end)
        if end - start > 400:
            zones.append(Zone(start, end, "annex"))
    return _merged(zones)


# The stamp and signatures that follow a closing formula still belong to the act, up to the
# heading of what is joined to it.
_SIGNATURE_TAIL = 700
ANNEX_HEADING = re.compile(r"\b(?:transcription|annexes?|proces[\s-]*verbal|compte[\s-]*rendu|rapport|convention"
                           r"|seance\s+du\s+(?:conseil|comite|bureau))\b")


def _after_signatures(folded: str, start: int, end: int) -> int:
    heading = ANNEX_HEADING.search(folded, start, min(end, start + _SIGNATURE_TAIL))
    return heading.start() if heading else min(end, start + _SIGNATURE_TAIL)


def _merged(zones: list[Zone]) -> list[Zone]:
    out: list[Zone] = []
    for z in sorted(zones, key=lambda z: z.start):
        if out and z.start <= out[-1].end:
            out[-1] = Zone(out[-1].start, max(out[-1].end, z.end), out[-1].why)
        else:
            out.append(z)
    return out


def in_zones(pos: int, zones: list[Zone]) -> bool:
    return any(z.start <= pos < z.end for z in zones)


def is_closed(folded: str, start: int, end: int) -> bool:
    """Whether text[start:end] reaches a closing formula (the session or the act ends there)."""
    return bool(CLOSING.search(folded, start, end))
