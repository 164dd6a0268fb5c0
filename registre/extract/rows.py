"""The rows of a table or a list of deliberations: each row's title, freed of the other columns.

A list of deliberations (CGCT L.2121-25) or a table "Objet | Rapporteur | Vote" records one act a
row: its number, its title, sometimes its rapporteur and outcome. Flattened to text, the columns
interleave and the next row's theme label sticks to a title; these functions give back the title.
"""

from __future__ import annotations

import re

VOTE_CELL = re.compile(
    r"(?i)\b(?:approuv|adopt|rejet|act)[ée]e?s?\b|[àa]\s+l['’]\s*unanimit[ée]|\bunanimit[ée]\b|[àa]\s+la\s+majorit[ée]"
    r"|\bmajorit[ée]\s+pour(?:\s+\d{1,3}\b)?|\b\d{1,3}\s+(?:votes?|voix)\b|\b\d{1,3}\s+(?:contre|pour|abstentions?)\s*:?"
    r"|\b(?:votes?\s+)?contre\s*:|(?<=\s)votes?(?:\s+contre)?\b(?!\s+(?:du|des|de|d['’]))|\babstentions?\b|\bpoint\s+report[ée](?:\s+[àa]\s+une)?|\bprochaine\s+s[ée]ance\b")
WRAPPED_COMPOUND = re.compile(r"(?<=\w)(-\w+-)\s+(?=\w)")  # "Digne-les- Bains": a compound cut at a line's end
_PERSON = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+[A-ZÀ-Ý]{2,}(?:[ -][A-ZÀ-Ý]{2,})?\b(?!\s*[-–—])")
_FURNITURE = re.compile(  # a letterhead's address or telephone, printed at the foot of a page
    r"\s(?:Mairie\s+d['’]\S+\s+)?T[ée]l\s*\.?\s*:|\s(?:Mairie|Commune|Ville)\s+d(?:e\s+|['’])\S+\s+(?:Av|Rue|Place|\d)"
    r"|\s(?:Affich\w*|Publi[ée]e?|Transmise?)\s*(?:le\s*)?:|\sLe\s+[Mm]aire\s*,")  # the table's foot


def table_row_objet(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """A row of a table "Objet | Rapporteur | Vote" flattened line by line: the title's lines
    interleave with the rapporteur's name and the vote's words ("SANTE - Mise à disposition et
    loyers Michel AUDRAN Approuvée accordés pour les locaux … à l'unanimité provisoires").
    The row without its names and vote words is the title."""
    furniture = _FURNITURE.search(text, start, end)
    stop = furniture.start() if furniture else end
    row = text[start:stop]
    row = _PERSON.sub(" ", row)
    row = VOTE_CELL.sub(" ", row)
    # a vote's list of names in parentheses, left empty once the names are gone; a title's own
    # aside ("(bail à construction et/ou cession)") keeps its words
    row = re.sub(r"\([^()\w]*\)|\((?![^()]*\))|\|", " ", row)
    row = WRAPPED_COMPOUND.sub(r"\1", row)
    value = " ".join(row.split()).strip(" -–—:;,.")
    if len(value) < 8:
        return None
    return value[:400], start, stop


# What closes a list, after its last row: "Les présentes délibérations peuvent faire l'objet d'un
# recours …", the signature, the posting certificate.
LIST_CLOSING = re.compile(
    r"\s(?:Les?\s+présente?s?\s+délibérations?|Le\s+Maire\s*,|La\s+secrétaire|Le\s+secrétaire|Fait\s+à\s"
    r"|Certifi[ée]e?\s|Affiché|Pour\s+extrait|Conformément\s+à\s+l['’]article\s+R)")
# A theme label after a title's full stop, printed before the next row ("… exercice 2021. Finances")
THEME_TAIL = re.compile(r"(?<=[.;])\s+(?:[A-ZÀ-Ý][\w'’-]*)(?:\s+[\w'’-]+){0,4}\s*$")
STRAY_TAIL = re.compile(r"(?:\s+(?:[^\w\s]+|\w))+\s*$")  # a bullet "e", a lone "1", a border "|"
NEXT_LABEL = re.compile(r"(?i)\s*(?:\b[eé•·]\s+)?(?:d[ée]lib[ée]ration|d[ée]lib\.?|acte)?\s*(?:n\s*[°o]|no)?\s*$")
# An OCR'd table border and the crumbs of a column after it: "… directes . js", "… chaleur . PREUVE |"
BORDER_CRUMBS = re.compile(r"\s[.,|](?=\s)(?![^|]*?\b[a-zà-ÿ]{5,})")


def list_row_title(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The title of a row of a list of deliberations, from the end of its number to the next row:
    its outcome cells, the next row's theme label and the list's closing words taken away."""
    stop = min(end, start + 600)
    closing = LIST_CLOSING.search(text, start, stop)
    furniture = _FURNITURE.search(text, start, stop)
    stop = min([stop] + [m.start() for m in (closing, furniture) if m])
    row = text[start:stop]
    row = VOTE_CELL.sub(" ", row)
    row = WRAPPED_COMPOUND.sub(r"\1", row)
    row = re.sub(r"^[\s\-–—:.)|/]+", "", row)
    row = " ".join(row.split())
    row = NEXT_LABEL.sub("", row)  # the next row's "Délibération n°" before its number
    row = THEME_TAIL.sub("", row) if len(row) > 40 else row
    crumbs = BORDER_CRUMBS.search(row)
    if crumbs and crumbs.start() >= 10:
        row = row[:crumbs.start()]
    row = STRAY_TAIL.sub("", row).strip(" -–—:;,")
    if len(row) < 5:
        return None
    at = text.find(row[:20], start, stop)
    at = at if at >= 0 else start
    return row, at, stop


# "Liste des délibérations approuvées par le Conseil municipal": every row was adopted, unless
# it only informs or debates ("Information du Conseil sur …", "Débat portant sur …"), which the
# council takes note of.
LIST_APPROVED = re.compile(r"deliberations\s+(?:approuvees|adoptees|votees)")
NOTED = re.compile(r"\W*(?:information|informations|debat|communication|presentation"
                   r"|compte[\s-]*rendu\s+des\s+decisions"
                   r"|rapport\s+(?:annuel|d'activites?))\b")


def listed_decision(head_folded: str, title_folded: str) -> str | None:
    """The outcome a list of deliberations states for all its rows, as it applies to this row."""
    if not LIST_APPROVED.search(head_folded):
        return None
    return "prend_acte" if NOTED.match(title_folded) else "adoptee"
