"""An item's heading: its objet (labelled, in capitals, or its first words) and its articles.

The document's body is read in ``body.py``; the session's instance, kind and place in
``session_header.py``.
"""

from __future__ import annotations

import re

from registre.extract.quick import anchored, quicken
from registre.extract.text import clean_spaces, fold, strip_punct

# "Délibération n° DEL — 2023 — 007 : Avis sur …": the act's number, then its title after a colon;
# a word before the colon is another label's ("… n° 1754 Secrétaire de séance : M. X", "Article 2 :"); an
# act cited in a sentence or a title is none ("Vu la délibération n° …", "ANNULATION DE LA DÉLIBÉRATION N° … :")
OBJET_LABEL = anchored(re.compile(r"\b(?i:objet)\s*(?:(?i:n)\s*[°o]\s*\d{1,3}\s*)?:\s*|\bOBJET\s+(?=[A-ZÀ-Ý])"
                         r"|(?<![Ll][Aa]\s)\b(?i:d[ée]lib[ée]ration)\s+(?i:n)\s*[°o]\s*(?:(?![A-Za-zÀ-ÿ][a-zà-ÿ]{2})[^:\n]){1,30}?"
                                  r"\s:\s*(?=[A-ZÀ-Ý])"))
OBJET_STOP = re.compile(
    r"(?<!\s)\s*\|"  # (a run of spaces is tried from its start only)
    r"|(?<!\s)[^\S\n]*\n\s*n\s*°\s*\d"  # the act's number on the next line
    r"|(?<!\sa)(?<!\sau)(?<!\spar)(?<!\sde)(?<!\sdu)(?<!\set)\s(?:monsieur|madame|m\.|mme)\s"
    r"|\s(?:presents?\s*:|absents?\b|excuses?\s*:|etaient\s|dcm\b|\(n\s*°"
    r"|(?:approuvee|adoptee|actee|rejetee|ajournee|retiree)s?\b"  # a table's result column
    r"|\((?:a\s+l')?unanimite|\(\d{1,3}\s+(?:voix\s+)?(?:pour|contre)|\((?:a\s+la\s+)?majorite"  # "(unanimité)"
    # its outcome after the title: " : adopté à l'unanimité", " - approuvée par 12 voix"
    r"|\s*[:–-]\s*(?:adopte|approuve|rejete|ajourne|retire)e?s?\s+(?:a\s+l'unanimite|a\s+la\s+majorite|par\s+\d)"
    r"|\d{1,3}\s+(?:votes?|voix|abstentions?)\b|le\s+\d{1,2}[/ ]|l'an\s|point\s+n|expose|rappelle"
    r"|presente\s|ouvre\s+la\s+seance|vu\s+l"
    r"|date\s+de|rapporteur|\(\s*rapporteu(?:r|se)|le\s+conseil|vu\s|vu\s+le"
    r"|considerant|expose|nombre\s+de|membres\s+en|l'an\s|rapport\s+de|(?<!la )(?<!de )deliberation\s+n"
    r"|(?<!verbal de la )(?<!rendu de la )seance\s+du"  # "… Séance du 12 mars", not "procès-verbal de la séance du"
    # "Le Maire expose …": prose; "autorisant le maire à signer …" is a title
    r"|(?<!madame )(?<!monsieur )(?<!a )(?<!par )(?:le|la)\s+(?:maire|presidente?)\s+(?:expose|presente|rappelle"
    r"|informe|propose|indique|donne|precise|soumet|demande|explique|fait|invite|ouvre|souligne)"
    r"|il\s+est|envoye\s+en|recu\s+en|acte\s+rendu)"
)
# A title ends where a line starts with a capital, unless its previous line ends on a link word.
LINE_BREAK_STOP = re.compile(
    r"(?<!\bde)(?<!\bdu)(?<!\bdes)(?<!\bla)(?<!\ble)(?<!\bles)(?<!\bà)(?<!\bau)(?<!\baux)(?<!\bet)"
    r"(?<!\ben)(?<!\bpour)(?<!\bsur)(?<![,'’–:-])(?<![:][ \t])[^\S\n]*\n\s*(?=[A-ZÀ-Ý])"
)
# Flattened text: a body sentence starts with one of these words right after the title.
OPENER_STOP = re.compile(
    r"(?<! à)(?<! au)(?<! par)(?<! de)(?<! du)\s(?:Conformément|Compte tenu|Considérant|Après|Suite|Afin|Depuis|"
    r"Il|Elle|Ils|"
    r"Dans le cadre|Lors|"
    r"Par (?:délibération|courrier|arrêté|lettre)|Le (?:Conseil|Maire|Président|coût|montant|projet|rapporteur)|"
    r"La (?:commune|Commune|loi|présente|société|Société)|Les (?:élus|membres|travaux)|Vu|Monsieur|Madame|"
    r"Compte-rendu|Ce|Cette|Ces|Un|Une|Sur (?:proposition|le rapport)|En application|Chaque|Rapporteur|"
    r"Exposé|Mme|M\.|L['’](?:annonce|article|achèvement|entretien|association|assemblée|ensemble)|À la suite|"
    r"Au cours|Pour (?:mémoire|rappel)|Par ailleurs|Ainsi|Enfin|Aussi|Or)\b"
    # a sentence begins: "… Lons-le-Saunier La collecte et le transport …", "… remplace Par courriel …"
    r"|\s(?:(?:La|Le|Les|Par)\s|L['’])(?!Maire|Président)(?=[a-zà-ÿ]{3,}\s)"
)
CAPS_RUN = re.compile(  # words in capitals (a first word starts with a letter), with their joints
    r"[A-ZÀ-ÖØ-ÞŒ][A-ZÀ-ÖØ-ÞŒ0-9'’.,()«»\"/&°-]*(?:\s+|$)"
    r"(?:[A-ZÀ-ÖØ-ÞŒ0-9«»][A-ZÀ-ÖØ-ÞŒ0-9'’.,()«»\"/&°-]*(?:\s+|$)|(?:d'|l'|D'|L'|:|-|–|—)\s*)*"
)
CAPS_HEADING_LINE = re.compile(r"(?<![^\n])[A-ZÀ-ÖØ-ÞŒ][^\n:a-zà-ÿ]{7,}:[ \t]*(?=\n)")
GENERIC_TITLE = re.compile(r"extrait|registre|deliberation|republique|departement|seance|conseil|\bvote|adopte|unanimit"
                           r"|ville\s+de|note\s+d|\bdu\s+maire|\bpour\s*:"
                           r"|commune\s+d|arrondissement|proces|compte\s+rendu|liberte|prefecture|canton")
ARTICLE = anchored(quicken(re.compile(
    r"(?:^|(?<=[\s.:;]))(?:ARTICLE|Article)\s+(?P<n>\d{1,2}|1er|premier|PREMIER|unique|UNIQUE)\s*(?:er)?"
    r"\s*(?:[:.\-–—)]|$)",
    re.MULTILINE,
)))


def find_objet(text: str, folded: str, start: int = 0, end: int | None = None) -> tuple[str, int, int] | None:
    """The objet: after an "Objet :" label, up to the next label or sentence end."""
    end = len(text) if end is None else end
    m = OBJET_LABEL.search(text, start, end)
    if not m:
        return None
    return cut_objet(text, folded, m.end(), end)


BLANK_LINE = re.compile(r"\n\s*\n|\f")
SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]])\.\s+(?=[a-z])")  # on folded text: quotes are '"'
# "I. 1. : Vote du …", "II – Installation …"
LEADING_INDEX = re.compile(r"^(?:(?:[IVX]{1,4}|\d{1,2})\s*(?:[.)]|\s[-–—](?=\s))\s*)+[:\-–]?\s*")


VOTE_LINE_STOP = re.compile(r"\n[ \t]*(?:[^\n:]{0,150}:[ \t]*)?vote[ \t]*:"  # on folded text
                            r"|\n[ \t]*(?:adopte|approuve|rejete|ajourne|retire)e?s?\b")  # "…\nAdopté à l'unanimité"
SHORT_LINE = 30  # characters: a title's first line this short ended there, it did not wrap


def cut_objet(text: str, folded: str, start: int, end: int) -> tuple[str, int, int] | None:
    """Cut an objet that starts at ``start``: at a blank line, a label, or a sentence end."""
    limit = min(end, start + 400)
    window = folded[start:limit]
    stops = [len(window)]
    for line in LINE_BREAK_STOP.finditer(text, start, limit):
        words = text[line.end():line.end() + 80].split()[:6]
        if sum(1 for w in words[1:] if w[:1].islower()) >= 3:  # prose resumes, not a wrapped title
            stops.append(line.start() - start)
            break
    opener = OPENER_STOP.search(text, start + 3, limit)
    if opener:
        stops.append(opener.start() - start)
    first_end = text.find("\n", start, limit)
    if 0 < first_end - start < SHORT_LINE and re.match(r"\n[ \t]*[A-ZÀ-Ý][a-zà-ÿ]", text[first_end:first_end + 4]):
        # "Archivage\nTarif de 250 € / jour …": a one-word line, or one followed by figures, did not
        # wrap ("Convention cadre\nEspace Numérique de Travail" did)
        next_end = text.find("\n", first_end + 1, limit)
        next_line = text[first_end + 1:next_end if next_end >= 0 else limit]
        if len(text[start:first_end].split()) == 1 or re.search(r"\d", next_line):
            stops.append(first_end - start)
    vote_line = VOTE_LINE_STOP.search(window)
    if vote_line:  # "… trentenaires\nVote des tarifs : Vote : 3 pour": the title ends before its vote
        stops.append(vote_line.start())
    caps = CAPS_RUN.match(text, start, limit)
    caps_end = start + len(caps.group(0).rstrip()) if caps else start
    line_end = text.find("\n", caps_end, limit)
    if caps and (re.match(r"\s*:\s*[A-ZÀ-Ý][a-zà-ÿ]", text[caps_end:limit])
                 or re.search(r"[-–—]\s*$", caps.group(0)) or 0 <= line_end - caps_end < 120):
        # "CONSEIL … DU COLLÈGE : Désignation des délégués", "MARCHES PUBLICS – Attribution …" (a theme,
        # then the subject), or the line goes on
        caps = None
    if caps and len(caps.group(0)) >= 15:
        run = re.sub(r"\s+[A-Z]\.?\s*$", "", caps.group(0)).rstrip(" -–:")
        stops.append(len(run))
    for label_end in re.finditer(r":[ \t]*\n\s*", text[start:limit]):  # "… du Blanc :\ndésignation des …"
        after = text[start + label_end.end():limit]
        line = after.split("\n", 1)[0]
        opener = OPENER_STOP.search(" " + line)
        if opener and opener.start() == 0 or re.match(r"[^\n:]{0,40}:", after) \
                or re.search(r"[a-zà-ÿ)]\.(?:\s|$)", line[:opener.start() if opener else None]):
            stops.append(label_end.start())  # prose, a new label or a sentence follows
            break
    for rx in (OBJET_STOP, BLANK_LINE):
        m = rx.search(window)
        if m:
            stops.append(m.start())
    for m in SENTENCE_END.finditer(window):  # a sentence ends, unless inside « a quoted title »
        if window.count('"', 0, m.start()) % 2 == 0:
            stops.append(m.start())
            break
    value = clean_spaces(text[start:start + min(stops)])
    value = LEADING_INDEX.sub("", strip_punct(value))
    if len(value) < 3:
        return None
    return value, start, start + min(stops)


def find_articles(text: str) -> list[tuple[str, int, int]]:
    """The decision's articles ("ARTICLE 1 – …"), each with its span."""
    marks = [m for m in ARTICLE.finditer(text)]
    out = []
    for i, m in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else min(len(text), m.end() + 1500)
        body = text[m.start():stop]
        cut = re.search(r"\n\s*\n|(?:fait\s+et\s+d[ée]lib[ée]r[ée]|pour\s+extrait\s+conforme|ainsi\s+fait)",
                        body, re.IGNORECASE)
        if cut and i + 1 == len(marks):
            body = body[:cut.start()]
        out.append((clean_spaces(body), m.start(), m.start() + len(body)))
    return out


def find_caps_title(text: str, folded: str, start: int, end: int,
                    exclude: list[tuple[int, int]] = ()) -> tuple[str, int, int] | None:
    """A title in capitals ("DEMANDE DETR : RÉALISATION D'UN RACCORDEMENT …") in text[start:end],
    outside the ``exclude`` spans (attendance lists in capitals are no title)."""
    # a heading alone on its line, ending on a colon, may be two words ("COMPTES ADMINISTRATIFS 2002 :")
    headings = {m.start() for m in CAPS_HEADING_LINE.finditer(text, start, end)}
    runs = [*CAPS_RUN.finditer(text, start, end), *(CAPS_HEADING_LINE.match(text, h) for h in headings)]
    for m in sorted(runs, key=lambda m: m.start()):
        if any(s < m.end() and m.start() < e for s, e in exclude):
            continue
        value = re.sub(r"\s+[A-Z]\.?$", "", strip_punct(m.group(0))).strip()
        words = [w for w in re.findall(r"[A-ZÀ-ÖØ-ÞŒ]{2,}", value)]
        heading = m.re is CAPS_HEADING_LINE
        if len(words) >= (2 if heading else 3) and len(value) >= 15 and not GENERIC_TITLE.search(fold(value)) \
                and not re.search(r"(?<!\d)(?!(?:19|20)\d\d\b)\d{3,}", value):  # a year is no figure
            return _with_subtitle(text, folded, m.start(), m.start() + len(value), end)
    return None


def _with_subtitle(text: str, folded: str, start: int, end: int, limit: int) -> tuple[str, int, int]:
    """"DEVIS BUREAU D'ÉTUDES SETES Raccordement des bâtiments au réseau M. le Maire expose…":
    a short phrase in lower case after the capitals, up to the next stop, belongs to the title."""
    rest = text[end:min(limit, end + 90)]
    stop = OBJET_STOP.search(folded, end, min(limit, end + 90))
    opener = OPENER_STOP.search(text, end, min(limit, end + 90))
    cut = min(m.start() for m in (stop, opener) if m) if (stop or opener) else None
    if cut is None or not re.match(r"\s+[A-ZÀ-Ý][a-zà-ÿ]", rest):
        return text[start:end], start, end
    tail = strip_punct(clean_spaces(text[end:cut]))
    if not 3 <= len(tail) <= 70 or re.search(r"[.:;]", tail):
        return text[start:end], start, end
    return f"{text[start:end]} {tail}", start, cut
