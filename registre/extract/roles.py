"""Who presided the session and who was its secretary.

A role is read where French minutes announce it: after its label or phrase ("sous la
présidence de M. X", "Secrétaire de séance : X", "le secrétariat de la séance est assuré par
X"), or before its verb ("M. X, Maire, ouvre la séance", "X a été désigné secrétaire", "Il
nomme X, secrétaire de séance"). A name read after a phrase must follow it at once (a civility
aside): "sous la présidence de Monsieur le Maire, la séance est ouverte" names nobody. Failing
all, the council's convener is its president ("sur la convocation de M. X, Maire"): the maire
or président convenes the assembly and presides it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from registre.extract.names import Name, first_name, parse_names
from registre.extract.quick import anchored, quicken
from registre.extract.text import is_upper_word

if TYPE_CHECKING:
    from registre.extract.attendance import Attendance

_ROLE = r"(?:(?:le|la)\s+)?(?:maire|presidente?)"
PRESIDENT_AFTER = quicken(re.compile(
    r"\bsous\s+la\s+presidence\s+d(?:e|u|')\s*|\bpresidee?\s+par\s*|\bpresident(?:e)?(?:\s+de\s+seance)?\s*:\s*"
    r"|\bpresidence\s*:\s*"  # "Présidence : M. X"
    r"|\b(?:monsieur|madame|m\.|mme)\s+(?:le|la)\s+(?:maire|presidente?)\s*,\s*"  # "Monsieur le Maire, X, ouvre …"
    r"(?=[^,.;]{3,50},?\s*(?:ouvre\s+la\s+seance|declare\s+(?:la\s+seance\s+)?ouverte|preside))"
    r"|\bouverte?\s+par\s+(?:son|sa|le|la)\s+(?:presidente?|maire)\s*,\s*"  # "ouverte par son président, M. X"
))
PRESIDENT_BEFORE = anchored(re.compile(  # "M. X, Président, ouvre la séance", "Mme X, Maire, déclare la séance ouverte"
    r"\s*,\s*" + _ROLE + r"(?:\s+(?:de|du|d')\s*[\w'’ -]{2,40}?)?\s*,?\s*"
    r"(?:ouvre\s+la\s+seance|declare\s+(?:la\s+seance\s+)?ouverte|preside\s+la\s+seance)"
))  # tried near its role, not on every space
CONVENER = quicken(re.compile(  # "sur la convocation de M. X, Maire", "convocation adressée par la Présidente, Mme X"
    r"\bconvocation\s+(?:qui\s+leur\s+a\s+ete\s+adressee\s+|adressee\s+)?(?:de|par)\s+"
))
PRESIDENT_SKIP = re.compile(
    r"^\s*(?:(?:m|mme|monsieur|madame)\.?\s+)?(?:(?:le|la)\s+)?(?:maire|president\w*)\s*[,:]?\s*", re.IGNORECASE
)
SECRETARY_AFTER = anchored(quicken(re.compile(
    r"\bsecretaires?\s+de\s+(?:la\s+)?seance\s*(?:[:=-]|est|a\s+ete\s+design\w*|:\s*designe\w*"
    r"|(?:designee?|elue?|nommee?)(?:\s+a\s+l'unanimite)?\s*:)?\s*"  # "Secrétaire de séance désigné à l'unanimité :"
    r"|\bsecretaires?\s*:\s*|\bsecretariat\s+de\s+(?:la\s+)?(?:presente\s+)?seance\s+(?:soit\s+|est\s+|sera\s+)?"
    r"assure\s+par\s*|\bsecretariat\s+de\s+(?:la\s+)?seance\s*:?\s*"
)))
# "M. X a été désigné secrétaire", "Mme Y, désignée, prend place au bureau"
SECRETARY_BEFORE = anchored(quicken(re.compile(
    r"(?:,\s*)?(?:est|a\s+ete|ont\s+ete)\s+(?:designee?s?|elue?s?|nommee?s?)\s+(?:comme\s+|en\s+qualite\s+de\s+)?"
    r"(?:secretaires?\b|pour\s+(?:remplir|assurer|exercer)\s+(?:les\s+|ces\s+|cette\s+)?fonctions?)"
    r"|,\s*designee?,\s*prend\s+place"
    r"|,\s*secretaire\s+de\s+(?:la\s+)?seance\b(?!\s*:)"  # "Mme X, secrétaire de séance" (in apposition)
    r"|,?\s*en\s+qualite\s+de\s+secretaire"  # "la candidature de X, en qualité de secrétaire"
)))  # tried near its words, not on every space
# "Il nomme X, secrétaire de séance", "le conseil désigne X comme secrétaire de séance", "DÉSIGNE, à
# l'unanimité, X secrétaire de séance" (the vote said between the verb and its object)
SECRETARY_NAMED = anchored(quicken(re.compile(
    r"\b(?:nomme|designe|elit)\s*(?:,\s*a\s+(?:l'unanimite|la\s+majorite)\s*,)?\s+"
    r"(?!pour\b|un\b|une\b|le\b|la\b|son\b|sa\b)(?P<who>(?:(?:m|mme|mr|mlle)\.\s*)?[^,.;:]{3,60}?)\s*,?\s*"
    r"(?:comme\s+|en\s+qualite\s+de\s+|pour\s+)?secretaire\s+de\s+(?:la\s+)?seance\b"
)))
_AT_ONCE = re.compile(r"[\s,]*(?:(?:m|mme|mmes|mr|mlle|monsieur|madame|mademoiselle)\b\.?\s*)?", re.IGNORECASE)
_ROLE_ENDS = re.compile(r"\n[ \t]*\n")  # a name stops at a blank line ("S.MEARY\n\nKKKEX" is an ornament)


def _name_at(text: str, offset: int) -> Name | None:
    """The name that starts at ``offset`` (after a civility), or None if something else comes first."""
    window = text[offset:offset + 100]
    blank = _ROLE_ENDS.search(window, len(window) - len(window.lstrip()))
    name = first_name(window[:blank.start()] if blank else window, offset)
    lead = _AT_ONCE.match(text, offset)
    if not name or name.start > lead.end():
        return None
    return _without_ocr_tail(name)


def _without_ocr_tail(name: Name) -> Name:
    """"Jonathan GINDRE KR KA": letters of a stamp or a signature read after a full name are no part of it."""
    words = name.text.split()
    while len(words) > 2 and re.fullmatch(r"[A-ZÀ-Ý]{1,2}", words[-1]) and is_upper_word(words[-2]) \
            and not words[0].isupper():
        words.pop()
    text = " ".join(words) if len(words) < len(name.text.split()) else name.text
    return Name(text, name.start, name.start + len(text)) if text != name.text else name


def find_president(text: str, folded: str) -> Name | None:
    """The president: after "sous la présidence de", before "…, Maire, ouvre la séance", else the convener."""
    role = None
    for m in PRESIDENT_AFTER.finditer(folded):
        skip = PRESIDENT_SKIP.match(folded[m.end():m.end() + 140])
        name = _name_at(text, m.end() + (skip.end() if skip else 0))
        if name:
            return name
        role = role or (skip and re.search(r"maire|president", skip.group(0)))
    if role:  # "sous la présidence de Mme la Maire … Présents : Mme Hélène X, Maire, …"
        holder = _role_holder(text, folded, role.group(0))
        if holder:
            return holder
    for m in PRESIDENT_BEFORE.finditer(folded):
        start = max(0, m.start() - 80)
        before = parse_names(text[start:m.start()], start)
        if before and not text[before[-1].end:m.start()].strip(" .,"):
            return before[-1]
    for m in CONVENER.finditer(folded):
        skip = PRESIDENT_SKIP.match(folded[m.end():m.end() + 140])
        name = _name_at(text, m.end() + (skip.end() if skip else 0))
        if name and (skip or re.match(r"\s*,\s*" + _ROLE + r"\b", folded[name.end:name.end + 30])):
            return name
    return None


def _role_holder(text: str, folded: str, role: str) -> Name | None:
    """The member named with the bare role in apposition ("Mme Hélène X, Maire,"): not "Maire de Y",
    which in an intercommunal council names a commune's maire, nor "Maire-adjoint"."""
    for m in re.finditer(r",\s*(?:(?:le|la)\s+)?" + role + r"e?\b(?!\s*(?:-|de\b|du\b|d'|adjoint|delegue))", folded):
        start = max(0, m.start() - 80)
        before = parse_names(text[start:m.start()], start)
        if before and before[-1].end >= m.start() - 1:
            return before[-1]
    return None


def find_secretary(text: str, folded: str) -> Name | None:
    """The secretary: after "Secrétaire de séance :", or before "… a été désigné secrétaire"."""
    found: list[tuple[int, Name]] = []
    for m in SECRETARY_BEFORE.finditer(folded):
        start = max(0, m.start() - 80)
        before = parse_names(text[start:m.start()], start)
        if before:
            found.append((m.start(), before[-1]))
    for m in SECRETARY_NAMED.finditer(folded):
        name = _name_at(text, m.start("who"))
        if name and name.end <= m.end("who"):
            found.append((m.start(), name))
    for m in SECRETARY_AFTER.finditer(folded):
        labelled = m.group(0).rstrip().endswith(":")  # "A été désignée secrétaire de séance : Mme X"
        named_before = not labelled and SECRETARY_BEFORE.match(folded, max(0, m.start() - 40))
        if named_before or folded[m.end():m.end() + 1] == ".":
            continue
        rest = text[m.end():m.end() + 120]
        label = re.match(r"\s*(?:commune\s+d[e'’]\s*\S[^:]{0,40}?\s[-–]\s*)", rest, re.I)
        offset = m.end() + (label.end() if label else 0)
        name = _name_at(text, offset)
        if name and folded.startswith("secretaires", m.start()):  # "Secrétaires de séance : X et Y"
            name = _both(text, name, parse_names(text[offset:offset + 120], offset))
        if name:
            found.append((m.start(), name))
    return min(found, key=lambda f: f[0])[1] if found else None


def _both(text: str, first: Name, names: list[Name]) -> Name:
    """Two secretaries joined by "et" (or a comma) are kept together, as printed."""
    if len(names) >= 2 and names[0] == first and re.fullmatch(r"\s*(?:et|,)\s*", text[first.end:names[1].start]):
        return Name(text[first.start:names[1].end], first.start, names[1].end)
    return first


def ner_windows(text: str, folded: str, att: Attendance) -> dict[str, tuple[int, str]]:
    """Where a president or secretary is announced but the rules read no name there:
    the windows of text that NER should read, by role, with their offsets."""
    windows: dict[str, tuple[int, str]] = {}
    if att.president is None:
        m = PRESIDENT_AFTER.search(folded)
        if m:
            windows["president"] = (m.end(), text[m.end():m.end() + 150])
    if att.secretaire is None:
        m = SECRETARY_AFTER.search(folded)
        if m:
            windows["secretaire"] = (m.end(), text[m.end():m.end() + 120])
        else:
            m = SECRETARY_BEFORE.search(folded)
            if m:
                start = max(0, m.start() - 120)
                windows["secretaire"] = (start, text[start:m.start()])
    return windows


def apply_ner(att: Attendance, windows: dict[str, tuple[int, str]],
              found: list[list[tuple[str, int, int]]]) -> None:
    """Fill the president or secretary with the person NER found in its window."""
    for (role, (offset, _)), people in zip(windows.items(), found, strict=False):
        if not people:
            continue
        name, start, end = people[-1] if role == "secretaire" and offset < 0 else people[0]
        cleaned = parse_names(name, offset + start)
        if cleaned:
            setattr(att, role, cleaned[0])

