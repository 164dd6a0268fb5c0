"""Fields that belong to one item: numéro, objet, vote and outcome, articles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from registre.extract.header import (
    cut_objet,
    find_articles,
    find_caps_title,
    find_objet,
)
from registre.extract.markers import CAPS_TITLE, POSITION_LABEL, TITLED_VOTE, Item, stacked
from registre.extract.numbers import find_numeros
from registre.extract.rows import VOTE_CELL, list_row_title, table_row_objet
from registre.extract.text import fold
from registre.extract.vote import Vote, read_vote

# what may stand between an item's marker and its title: punctuation, a date, the act's own
# number ("2. N° DEL2023-01 : Création de …")
_LEAD = re.compile(r"[\s\-–—:.)/|°]*(?:du\s+\d{1,2}\s+\w+\s+\d{4}\s*)?(?:n\s*°\s*[\w./_-]*\d[\w./_-]*\s*[:–—-]\s*)?"
                   r"[\s\-–—:.)/|]*", re.IGNORECASE)


@dataclass
class ItemFields:
    start: int
    end: int
    numero: tuple[str, int, int] | None = None
    objet: tuple[str, int, int] | None = None
    objet_summarised: bool = False  # no title printed: the objet sums up the decision
    vote: Vote = field(default_factory=Vote)
    articles: list[tuple[str, int, int]] = field(default_factory=list)


def _in_a_column(cand: tuple[str, int, int, str], text: str, folded: str) -> bool:
    """A number stacked with others in a margin column ("Délibération n°07/2020 Délibération
    n°08/2020 …") labels no text of its own: it says nothing of which item it belongs to."""
    _, s, e, _ = cand
    near = [c for c in find_numeros(text, folded, max(0, s - 60), min(len(text), e + 60)) if c[1] != s]
    return any(stacked(text, s, e, c[1]) or stacked(text, c[1], c[2], s) for c in near)


NUMBER_LABEL = re.compile(r"(?i)[\s,;(–-]*(?:d[ée]lib[ée]ration\s+)?(?:n\s*[°o]|num[ée]ro)\s*$")


def _before_own_number(text: str, objet: tuple[str, int, int] | None, numero) -> tuple[str, int, int] | None:
    """"OBJET : Cession d'un bien … N°2023/020 Le nombre des conseillers …": the act's own number
    printed after its title ends the title."""
    if not objet or not numero or not objet[1] < numero[1] < objet[2] or text[numero[2]:objet[2]].strip(" .,;:"):
        return objet  # a number quoted inside the title ("Modification de la délibération n°2024-37 …") stays
    if numero[0].isdigit() and len(numero[0]) <= 3:
        return objet  # "Décision modificative n° 1": an index that belongs to the title
    start = objet[1]
    head = NUMBER_LABEL.sub("", text[start:numero[1]]).rstrip(" ,;:–-\n")
    value = " ".join(head.split())
    return (value, start, start + len(head)) if len(value) >= 5 else objet


KIND_LABEL = re.compile(r"(?i)d[ée]lib[ée]ration\s*(?:[-–]\s*)?:\s*(?=\S)"
                        r"|(?i:page)\s+\d{1,3}\s*(?:sur|/)\s*\d{1,3}\s+(?=\S)")  # a page's folio the title follows


def _without_kind(objet: tuple[str, int, int] | None) -> tuple[str, int, int] | None:
    """"Délibération : nouveaux tarifs de la TLPE": the item's kind before a colon is no part of
    its title ("Délibération relative aux dépenses …" is a title), nor is the folio of the page it
    starts ("Page 4 sur 8 FINANCES – …")."""
    if not objet:
        return objet
    m = KIND_LABEL.match(objet[0])
    if not m or len(objet[0]) - m.end() < 5:
        return objet
    return objet[0][m.end():], objet[1] + m.end(), objet[2]


def _numero(text: str, folded: str, item: Item, single: bool):
    """The item's own number: a deliberation number near its start beats a bare point index."""
    if item.family in ("numbered", "code", "row") and item.numero:
        s, e = item.numero_span or (item.start, item.start)
        return item.numero, s, e
    end = min(item.end, item.start + (4000 if single else 1000))
    cands = [c for c in find_numeros(text, folded, item.start, end) if not _in_a_column(c, text, folded)]
    rich = [c for c in cands if c[3] != "d" and (len(c[0]) > 3 or not c[0].isdigit())
            and not POSITION_LABEL.search(folded, max(0, c[1] - 20), c[1])]  # "Dossier n°2-1" is a place
    if rich:
        return rich[0][:3]
    if item.numero:
        s, e = item.numero_span or (item.start, item.start)
        return item.numero, s, e
    return cands[0][:3] if cands else None


_PROSE_START = re.compile(r"^(?:[a-zà-ÿ]|(?:La loi|Vu|Le Conseil|Considérant|Présents|Monsieur|Madame|M\.|Mme"
                          r"|Sur (?:la )?(?:proposition|le rapport)|Après en avoir|Entendu"
                          r"|Article \d+|ARTICLE \d+)\b)")  # an article of the decision, after a running header


SIDEBAR_LINE = re.compile(r"(?i)\b(?:en\s+exercice|convocation|pris\s+part|nombre\s+de\s+membres|r[ée]publique"
                          r"|dont\s+(?:\d+\s+)?(?:procu?r?ations?|procutations?|pouvoirs?)"
                          r"|d[ée]partement\s+d|pr[ée]fecture|re[çc]u\s+le|publi[ée]e?\s+le|affich[ée]e?\s+le|ID\s*:)\b"
                          r"|^\s*vo[tr]es?\s*:|\b(?:conseil\s+\S+|s[ée]ance|r[ée]union)\s+du\s*$"
                          r"|^[^:]{0,40}:\s*\S{0,3}\s*$|\bde\s+membres\s*$"  # "label : value" of a sidebar
                          # the sidebar's "Objet :" box naming the document: "Note de synthèse", "Procès verbal"
                          r"|^\W*(?:note\s+(?:explicative\s+)?de\s+synth[eè]se|proc[eè]s[\s-]*verbal|compte[\s-]*rendu)\W*$")


def _is_title(value: str) -> bool:
    return len(value.split()) >= 2 and sum(map(str.isalpha, value)) >= 8 and not SIDEBAR_LINE.search(value)


def _is_prose(value: str, long: int = 160) -> bool:
    """Running text: five words or more, and a sentence's end, a prose opening or its length."""
    return len(value.split()) >= 5 and (value.endswith((".", ";", ":")) or len(value) >= long
                                        or bool(_PROSE_START.match(value)))


def _first_title_line(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The item's title, which comes before its body's first sentence. Sidebar fragments and
    OCR crumbs that a scanned page repeats above every item ("Objet :", "conseil municipal
    du", "Publié le") are skipped: the title is the first title-like paragraph (joined if it
    wraps) or line before the prose, or the first line of the prose paragraph when nothing
    separates them."""
    blocks = _units(text, start, end, BLANK_LINE_SPLIT)
    flat = len(blocks) < 3
    units = _units(text, start, end, "\n") if flat else blocks
    sidebar = [any(SIDEBAR_LINE.search(x) for x in text[u[1]:u[2]].split("\n")) for u in units]
    prose_at = next((i for i, u in enumerate(units) if not sidebar[i] and _is_prose(u[0], 10**6 if flat else 160)),
                    len(units))
    candidates = [u for i, u in enumerate(units[:prose_at]) if not sidebar[i] and _starts_item(u[0])
                  and len(u[0]) <= 300 and text[u[1]:u[2]].count("\n") <= 2]
    if not flat and prose_at < len(units):  # "CCPU – Marché nocturne 2023\nLa candidature de la commune …"
        lines = _units(text, units[prose_at][1], units[prose_at][2], "\n")
        if len(lines) >= 2 and _starts_item(lines[0][0]) and not lines[0][0].endswith((",", ";", ":")) \
                and lines[1][0][:1].isupper() and not SIDEBAR_LINE.search(lines[0][0]):
            candidates.append(lines[0])
    if candidates:
        return candidates[0]
    return next((u for u in units[:12] if _is_title(u[0])), None)


BLANK_LINE_SPLIT = re.compile(r"\n[ \t]*\n")


def _units(text: str, start: int, end: int, separator: str | re.Pattern[str]) -> list[tuple[str, int, int]]:
    """The first non-empty lines (or paragraphs) of text[start:end], spaces collapsed, with spans."""
    chunk = text[start:end]
    parts = separator.split(chunk) if isinstance(separator, re.Pattern) else chunk.split(separator)
    out, pos = [], 0
    for part in parts[:60]:
        at = chunk.find(part, pos)
        pos = at + len(part)
        value = " ".join(part.split()).strip(" \t\f-–—•>")
        if value:
            lead = len(part) - len(part.lstrip(" \t\f\n-–—•>"))
            out.append((value, start + at + lead, start + at + len(part.rstrip())))
    return out


DATE_ONLY = re.compile(r"^\d{1,2}(?:er)?\s+\w+\s+\d{4}$")


def _starts_item(value: str) -> bool:
    """A title: not a sentence (no final full stop, no prose opening), not a date alone."""
    return _is_title(value) and not value.endswith(".") and not _PROSE_START.match(value) \
        and not DATE_ONLY.match(value)


def _objet(text: str, folded: str, item: Item, numero, single: bool, floor: int = 0,
           names: list[tuple[int, int]] = ()):
    end = min(item.end, item.start + (6000 if single else 1500))
    if item.family == "gap":  # its heading was lost: read_item sums up its decision instead
        return None
    if item.family == "voted":
        return _first_title_line(text, item.start, end)
    if item.family == "titled_vote":  # its title is its vote line's
        vote = TITLED_VOTE.search(text, item.start, item.end)
        if vote:
            title = re.sub(r"(?i)\s+(?:approuv|adopt|valid|vot)[ée]e?s?$", "", vote.group("title").strip())
            return title, vote.start("title"), vote.start("title") + len(title)
    if item.family == "subject":
        return _subject_title(text, item.start, end)
    if item.family == "title":  # the title in capitals that opened the item, whole
        caps = CAPS_TITLE.match(text, item.start)
        if caps:
            return " ".join(caps.group("t").split()), caps.start("t"), caps.end("t")
    found = find_objet(text, folded, item.start, end)
    if found:
        return found
    after = item.marker_end or (numero[2] if numero else 0)
    if after and after < item.end:
        lead = _LEAD.match(text, after)
        start = lead.end() if lead else after
        found = _drop_service(cut_objet(text, folded, start, item.end))
        if found and len(found[0]) >= 8 and not _PROSE_START.match(found[0]):
            return found
    if single and numero and floor:
        before = _title_before(text, floor, numero[1])
        if before:
            return before
    if single:
        return find_caps_title(text, folded, item.start, min(item.end, item.start + 6000), names)
    return None


_SUBJECT_END = re.compile(
    r"(?<=\b(?:19|20)\d\d)(?=\s+(?:[A-ZÀ-Ý]|du\s|en\s|de\s))"  # "Budget Primitif 2023 Présentation …"
    r"|\s+(?:comme\s+suit|valid[ée]e?s?|act[ée]e?s?|adopt[ée]e?s?|approuv[ée]e?s?|vot[ée]e?s?)\b"
    r"|\s*[.;]\s|\s+\d[\d\s]*[.,]\d\d\b")


def _subject_title(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The title of an untitled item that opens on its subject: up to its year when a new
    phrase follows, its outcome ("… statuts validée"), a sentence's end or an amount."""
    stop = _SUBJECT_END.search(text, start, min(end, start + 200))
    value = " ".join(text[start:stop.start() if stop else min(end, start + 200)].split()).rstrip(" :,-")
    return (value, start, start + len(value)) if len(value) >= 5 else None


def _drop_service(found):
    """"innovation et grands projets - Cession d'un terrain": a service's name in lower case
    may precede the title."""
    if not found or not found[0][:1].islower():
        return found
    m = re.search(r"\s[-–—]\s+(?=[A-ZÀ-Ý])", found[0][:80])
    if not m:
        return found
    return found[0][m.end():], found[1] + m.end(), found[2]


def _title_before(text: str, floor: int, numero_start: int):
    """"… Secrétaire : Daniel CANTE Zones d'Accélération … N°36/2023": the title sits between
    the attendance block and the number."""
    if not 0 < numero_start - floor <= 250:
        return None
    raw = text[floor:numero_start]
    value = " ".join(raw.split()).strip(" .,;:-–—|")
    if len(value) >= 8 and value[0].isupper() and not re.search(r"[:;]\s*$", raw.strip()):
        start = floor + (len(raw) - len(raw.lstrip(" .,;:-–—|\n")))
        return value, start, numero_start
    return None


DECISION_CLAUSE = re.compile(
    r"(?:apr[eè]s\s+en\s+avoir\s+d[ée]lib[ée]r[ée][^,.;]{0,60},\s*)?(?:(?:à|a)\s+l['’]unanimit[ée][^,]{0,40},\s*)?"
    r"\b(?P<verb>d[ée]cide|approuve|autorise|adopte|accepte|fixe|d[ée]signe|attribue|valide|[ée]met|sollicite"
    r"|prend\s+acte|DÉCIDE|APPROUVE|AUTORISE|ADOPTE|ACCEPTE|FIXE|DÉSIGNE|ATTRIBUE|VALIDE|ÉMET|SOLLICITE)\b")
_CLAUSE_END = re.compile(r"[.;]\s|\n\s*\n|\s[-–•]\s")


def _has_words(objet: str) -> bool:
    """"Délibération n°", "N° 12": a label without a title."""
    label = ("deliberation", "deliberations", "numero", "point", "objet", "no", "dcm", "del")
    return any(w not in label for w in re.findall(r"[a-z]{2,}", fold(objet)))


def summarise_decision(text: str, start: int, end: int, limit: int = 140) -> tuple[str, int, int] | None:
    """An item printed without a title: its decision, "le Conseil … DÉCIDE d'attribuer une
    subvention de 360 € …", cut at the clause's end (or ``limit`` characters, at a word), stands
    in for the objet — flagged as summarised, so that a person checks it."""
    anchor = re.search(r"(?i)apr[eè]s\s+en\s+avoir\s+d[ée]lib[ée]r[ée]", text[start:end])
    m = DECISION_CLAUSE.search(text, start + (anchor.start() if anchor else 0), end)
    if not m:
        return _passive_decision(text, start, end)
    begin = m.start("verb")
    stop = _CLAUSE_END.search(text, begin, min(end, begin + 400))
    value = " ".join(text[begin:stop.start() if stop else min(end, begin + 400)].split())
    if len(value) > limit:
        value = value[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"
    if len(value.split()) < 3:
        return None
    value = value[0].upper() + value[1:].lower() if value[:12].isupper() else value[0].upper() + value[1:]
    return value, begin, begin + len(value)


# "Le compte-rendu de la réunion du 1er juillet, après lecture faite, est approuvé à l'unanimité"
PASSIVE_DECISION = re.compile(
    r"(?<![\w'’])(?P<article>Le|La|Les|L['’])\s*(?P<subject>[^.;:!?]{5,160}?)\s*,?"
    r"(?:\s+apr[eè]s\s+(?:lecture|en\s+avoir\s+d[ée]lib[ée]r[ée])[^,.;]{0,30},)?"
    r"\s+(?:est|sont)\s+(?P<verb>approuv|adopt)[ée]e?s?\b")
NOMINAL = {"approuv": "Approbation", "adopt": "Adoption"}
OF_ARTICLE = {"le": "du", "la": "de la", "les": "des", "l'": "de l'", "l’": "de l’"}


def _passive_decision(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """"Le compte-rendu de la réunion du 1er juillet … est approuvé": its outcome in the
    passive, named as a title — "Approbation du compte-rendu de la réunion du 1er juillet"."""
    m = PASSIVE_DECISION.search(text, start, end)
    if not m or "," in m.group("subject"):
        return None
    subject = " ".join(m.group("subject").split())
    value = f"{NOMINAL[m.group('verb')]} {OF_ARTICLE[m.group('article').lower()]}"
    value += subject if value.endswith(("'", "’")) else f" {subject}"
    return value, m.start(), m.end()


def title_from_agenda(objet: tuple[str, int, int] | None, body: str,
                      agenda: list[tuple[str, int, int]]) -> tuple[str, int, int] | None:
    """The agenda's wording of an item whose own title OCR or a sidebar damaged: the agenda
    line sharing the most words with the item's first lines, if it shares half of them."""
    own = fold(objet[0]) if objet else ""
    words = set(re.findall(r"\w{2,}", own)) if own else set(re.findall(r"\w{2,}", fold(body[:300])))
    best, best_share = None, 0.0
    for title in agenda:
        title_words = set(re.findall(r"\w{2,}", fold(title[0])))
        if title_words:
            # against the item's own title, both ways: "M49 - …" must not take "M14 - …"
            share = len(title_words & words) / len(title_words | words if own else title_words)
            if share > best_share:
                best, best_share = title, share
    if best and objet and " ".join(fold(best[0]).split()) in " ".join(own.split()):
        return objet  # the item's own title says more ("Décision modificative n° 1")
    return best if best and best_share >= 0.5 else objet


def read_item(text: str, folded: str, item: Item, single: bool,
              names: list[tuple[int, int]] | None = None,
              agenda: list[tuple[str, int, int]] | None = None, vote_table: bool = False,
              listing: bool = False) -> ItemFields:
    """Read one item's own fields from its stretch of text.

    Args:
        text: the document text, stamps masked.
        folded: ``fold(text)``.
        item: the item's span and the marker that opened it.
        single: the document holds this one item only (an extrait).
        names: the spans of the attendance names (a title may follow the last of them, and
            is never one of them).
        vote_table: the document is a table "Objet | Rapporteur | Vote".
        listing: the document is a list of deliberations, one row an act.
    """
    fields = ItemFields(item.start, item.end)
    fields.numero = _numero(text, folded, item, single)
    names = names or []
    floor = max((e for _, e in names if fields.numero and e <= fields.numero[1]), default=0)
    objet = _objet(text, folded, item, fields.numero, single, floor, names)
    fields.objet = _without_kind(_before_own_number(text, objet, fields.numero))
    if (vote_table and item.family in ("code", "numbered") or item.family == "row") and item.marker_end:
        # a table's row: its title, wrapped or interleaved with the other columns, is the row
        fields.objet = table_row_objet(text, item.marker_end, item.end) or fields.objet
    if listing and item.marker_end:  # a list's row: the title runs to the next row
        fields.objet = list_row_title(text, item.marker_end, item.end) or fields.objet
    if agenda and item.family == "voted":
        fields.objet = title_from_agenda(fields.objet, text[item.start:item.end], agenda)
    body = text[item.start:item.end]
    if not fields.objet or not _has_words(fields.objet[0]):
        summary = summarise_decision(text, item.start, item.end)
        if summary:
            fields.objet, fields.objet_summarised = summary, True
    fields.vote = read_vote(body, whole=single)
    if vote_table and item.family in ("code", "row", "numbered"):
        cell = read_vote(" ".join(m.group(0) for m in VOTE_CELL.finditer(body)))  # the Vote column alone
        if cell.decision:
            fields.vote = cell
    if fields.vote.span:
        s, e = fields.vote.span
        fields.vote.span = (item.start + s, item.start + e)
    fields.articles = [(a, item.start + s, item.start + e) for a, s, e in find_articles(body)]
    return fields
