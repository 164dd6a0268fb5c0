"""Enumerated points: the numbers, labelled or bare, that open a council's agenda items.

"Point n° 3", "Dossier n°3 :", "2 –", "IV.", a sub-point "2.1" or "Dossier n°2-1", a lettered
"a)" under its point, and the shapes left when line breaks were lost ("… unanimité. 3 Tarifs :").
Each finder returns every candidate marker; ``families.best_chain`` keeps the numbering that
explains the document's decisions.
"""

from __future__ import annotations

import re

from registre.extract.markers import POINT_LABELS, ROMAN, Item, increasing_run
from registre.extract.quick import anchored, quicken
from registre.extract.sections import EXTRAIT_HEADING, EXTRAIT_REACH

POINT = quicken(re.compile(  # "Point n° 3", "Dossier n°3 :", "Affaire 4 -" (not "Dossier n°2-1": a sub-point)
    r"\b(?:point|dossier|affaire|question)\s*(?:n\s*[°o]\s*)?(?P<n>\d{1,2})\b(?![-.]\d)\s*[-.):]?\s*"
    r"|(?:^|\n|\f|(?<=[.!?:;|] ))[ \t]*(?:(?:affaire|question)\s*)?(?:n\s*[°o]\s*)?"
    r"(?P<m>\d{1,2}|[ivx]{1,5})\s*(?:°\s*)?(?:-\)|[-.)/:]|\s-\s)\s*(?=[a-z\"'(])"
    # "Pour : 5 – Contre : 1", "Abstentions : 5. Adopté" are votes, "Vote des taux" a title
    r"(?!(?:contre|abstentions?|voix|adoptee?s?|rejetee?s?|approuvee?s?)\b)"
))
# "… unanimité. 2 Groupement de commandes pour … : Le Conseil …": minutes whose line breaks were
# lost number their points with no punctuation; a capitalised title ending on " :" tells them
INLINE_POINT = quicken(re.compile(
    # not a label's value ("En exercice : 74 Présents :"); no article opens a title
    r"(?<=\s)(?<![:=]\s)(?P<n>[1-9]\d?)\.?[ \t]+(?!(?:Les?|La|L['’]|Une?|Des)\s)"
    r"(?=[A-ZÀ-Ý][a-zà-ÿ'’]+(?:\s+[^\s:;.!?]+){1,14}?\s*:\s)"
))
# OCR reads a point's "11." as "n.", "ll." or "il." at a line start, before its title in capitals
OCR_ELEVEN = re.compile(r"(?m)(?:^|(?<=\f))[ \t]*(?P<n>n|ll|il|Il|1l|l1|I1|1I)\.[ \t]+(?=[A-ZÀ-Ý][A-ZÀ-Ý.]{2})")
# OCR reads a point's stop as a comma at a line start ("4, RÉSEAUX – Assainissement"): only
# before a title in capitals, which no amount or list of figures has
# (nor an address: "12, RUE DE LA GARE")
OCR_COMMA_POINT = anchored(re.compile(
    r"(?m)(?:^|(?<=\f))[ \t]*(?P<n>[1-9]\d?),[ \t]+(?=[A-ZÀ-ÝŒ][A-ZÀ-ÝŒ'’]{2,}[\s,–-])"
    r"(?!(?:RUE|AVENUE|BOULEVARD|PLACE|CHEMIN|ROUTE|ALL[ÉE]E|IMPASSE|QUAI|COURS|BIS|TER)\b)"))
# Flattened minutes ("… 0 ABSTENTION 3. Délibération autorisant …", "ordre du jour 1. Procès-verbal"):
# a point's number, its stop and a capitalised title, wherever the line break was lost; not a
# figure's end ("1 143.67"), an article or a page ("article 3. Le", "page 2 / Le")
FLAT_POINT = quicken(re.compile(
    r"(?<=\s)(?<!,\s)(?<!n°\s)(?<!No\s)(?<!art\s)(?<!al\s)(?<!rticle\s)(?<!RTICLE\s)(?<!age\s)(?<!AGE\s)"
    r"(?P<n>[1-9]\d?)\s?°?(?:\.|\)|-\)|\s?[-–]|\s?/)[ \t]+(?=[A-ZÀ-Ý«\"])(?![A-Z]\.|[A-ZÀ-Ý][a-zà-ÿ]*\s*:)"
))
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
# "1.Mr Jean GAUQUELIN 2.Mme Anne ROUX": a numbered entry naming a person belongs to a list of
# delegates or candidates inside an item (on folded text)
PERSON_ENTRY = re.compile(r"[\W_]*(?:m|mr|mme|mlle|monsieur|madame)\b\.?\s*(?!le\b|la\b|les\b)[a-z]")
# An item's title starts with a capital and a word; a numbered entry in lower case belongs to a list
# inside one, a capital alone ("2. A 3. C") to a list of candidates
LOWER_START = re.compile(r"[\"«(\s]*(?:[a-zà-ÿ]|[A-ZÀ-Ý](?=\s|$))")
NOT_A_POINT_TITLE = re.compile(  # "Présents : 12 Absents excusés : …", "le 3 Février 2020 :"
    r"(?:absents?|presents?|excuses?|pour|contre|abstentions?|votants?|procurations?|pouvoirs?|exprimes"
    r"|secretaire|janv|fev|mars|avr|mai|juin|juil|aou|sept|oct|nov|dec)"
)
# "Vote : 12 pour", "Vote favorable à l'unanimité des membres présents" (OCR reads "Vote" as "Vore")


LABELLED_SUBPOINT = anchored(quicken(
    re.compile(r"\b(?:point|dossier|affaire|question)\s*(?:n\s*[°o]\s*)?(?P<n>\d{1,2}[-.]\d{1,2})\b")))
DECIMAL_POINT = quicken(re.compile(  # "2.1 Etat des comptes", "3.2. Tarifs", "1.1 - Démission"
    r"(?:^|(?<=[\n\f])|(?<=\s)(?<![\d,]\s)(?=\S))[ \t]*(?P<n>[1-9]\d?\.[1-9]\d?)(?!\d|\.\d)\.?[ \t]*(?:[-–:)][ \t]*)?"
    r"(?=[A-ZÀ-Ý«\"])"
))


# "a) Représentants auprès du SIAEP", "b- Adhésion au SE61": a lettered sub-point opening its line
# (or its sentence, where the line breaks were lost), its title in capitals
LETTERED_POINT = quicken(
    re.compile(r"(?:^|(?<=[\n\f])|(?<=[.!?:;] ))[ \t]*(?P<l>[a-z])[ \t]?[).-][ \t]+(?=[A-ZÀ-Ý]{2})"))


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
    marks += [Item(m.start(), 0, m.group("n"), m.span("n"), m.end(), "point")
              for m in LABELLED_SUBPOINT.finditer(folded)]
    return sorted(marks, key=lambda it: it.start)


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
    items += [Item(m.start(), 0, m.group("n"), m.span("n"), m.end(), "point") for m in OCR_COMMA_POINT.finditer(text)]
    # a point's number may follow anything once the line breaks are lost (and a typeset flat text
    # wraps anywhere): "… 0 ABSTENTION 3. Délibération autorisant …"
    opened = {it.start for it in items}
    items += [Item(m.start(), 0, m.group("n"), m.span("n"), m.end(), "point") for m in FLAT_POINT.finditer(text)
              if m.start() not in opened and not NOT_A_POINT_TITLE.match(folded, m.end())]
    items = [it for it in items if not DISPOSITIF_ENTRY.match(folded, it.marker_end)
             and not CITED_POINT.search(folded, max(0, it.start - 30), it.start)
             and not PERSON_ENTRY.match(folded, it.marker_end)
             and not LOWER_START.match(text, it.marker_end)]  # "2. l'instruction …": a list's entry
    items.sort(key=lambda it: it.start)
    return items


def select_points(found: list[Item], folded: str) -> list[Item]:
    """The points of one numbering: explicit "Point n°" markers when they are half of them."""
    plain = [it for it in found if not folded.startswith(POINT_LABELS, it.start)] or found
    items = increasing_run([it for it in plain if it.numero and it.numero[0].isdigit()] or plain)
    # "Point n° 3" is an item marker, a bare "2 –" may be anything; but "au point 3" quoted in
    # minutes numbered "1. … 19." is no marker of its own
    explicit = increasing_run([it for it in found if folded.startswith(POINT_LABELS, it.start)])
    if len(explicit) >= 2 and len(explicit) >= 0.5 * len(items):
        items = explicit
    return items


# "- Budget primitif 2024 : adopté à l'unanimité": minutes that open each item with a dash at the
# start of a line, its title in capitals first (a clause of the decision starts with its verb, or
# in lower case, and a vote's or an attendance's line with its label: they are no item)
# (a title is a noun phrase: "- Le budget est approuvé" is a clause, like "- D'approuver …"; and an
# extrait is one act whatever its dashes list)
DASH = quicken(re.compile(r"(?m)(?:^|(?<=\f))[ \t]*[-–—*•▪●◦][ \t]+(?=[A-ZÀ-Ý«\"])(?!(?:Les?|La|L['’]|Une?|Des)\s)"))


def dashes(text: str, folded: str) -> tuple[float, list[Item]]:
    """Items opened by a dash at the start of a line, each titled (not in an extrait)."""
    if EXTRAIT_HEADING.search(folded, 0, EXTRAIT_REACH):
        return 0.0, []
    items = [Item(m.start(), 0, None, None, m.end(), "dash") for m in DASH.finditer(text)
             if not DISPOSITIF_ENTRY.match(folded, m.end()) and not NOT_A_POINT_TITLE.match(folded, m.end())]
    return (len(items) * 0.6, items) if len(items) >= 2 else (0.0, [])
