"""Type the dates of a document: séance, convocation, affichage/publication, transmission.

Each date is typed by the keyword closest before it ("Date de convocation :", "Publié le",
"Reçu en préfecture le", "Séance du"). The séance date of a heading ("Séance du 16 février
2023") wins over the opening sentence ("L'an deux mille vingt-deux, le …"), which is often
copied from an older session; a wrong weekday is simply ignored.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from registre.extract.dates import WEEKDAYS, DateMention, FiguredText, figured_text, find_dates, find_time, repair_year
from registre.extract.quick import quicken

KINDS = [
    ("transmission", re.compile(
        r"pr[eé]fectur|representant\s+de\s+l'etat|sous-prefe|transmis|accuse\s+de\s+reception"
        r"|controle\s+de\s+legalite|\brecu\s+le|\benvoye\s+le|\bregu\b|\breu\b|date\s+de\s+reception")),
    ("affichage", re.compile(r"affich|\bpubli(?:e|ee|es|ees|cation)\b|mise?\s+en\s+ligne")),
    ("convocation", re.compile(r"convoc|convoque|adressee?s?\s+(?:le|par)|envoyee?s?\s+le")),
    ("heading", re.compile(
        r"(?:seance|reunion|session|conseil\s+municipal|communautaire|syndical|bureau|assemblee|"
        r"commission\s+permanente|municipal|departemental)\s*(?:(?:\w+\s+){0,2}(?:du|en\s+date\s+du|le)|[+:,-]|)\s*"
        r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?$")),
    ("seance", re.compile(r"\bl'an\b|\ban\s*$|date\s+de\s+(?:la\s+)?seance|reuni|assemble|seance")),
]


MAX_CONVOCATION_DAYS = 120


@dataclass
class TypedDate:
    kind: str
    mention: DateMention
    labelled: bool = False  # typed by a label printed apart from it (a sidebar's "Affichage le :")


@dataclass
class SessionDates:
    """Typed dates with their spans; values are ISO strings."""

    values: dict[str, tuple[str, int, int]]
    heure: tuple[str, int, int] | None
    year: int | None


# "Date de la convocation Date d'affichage 04 février 2020 17 février 2020": labels printed
# apart from their dates (tables, sidebars) are paired with the next dates in order.
DATE_LABEL = re.compile(
    r"\bdate\s+(?:de\s+|d')(?:la\s+|l')?(?P<k>convocation|seance|affichage|publication|transmission|reception)"
)
LABEL_KIND = {"convocation": "convocation", "seance": "seance", "affichage": "affichage",
              "publication": "affichage", "transmission": "transmission", "reception": "transmission"}
# "Affichage le : ABSENTS AYANT DONNÉ PROCURATION … 06/06/2023": a sidebar's label whose value the
# layout printed further on; it names the next date that nothing else names.
LOOSE_LABEL = re.compile(r"\b(?P<k>affichage|affiche|publication|publie|transmission|transmis)e?s?\s*(?:le\s*)?:")
LOOSE_KIND = {"affichage": "affichage", "affiche": "affichage", "publication": "affichage", "publie": "affichage",
              "transmission": "transmission", "transmis": "transmission"}
WINDOW = 160
REACH = {"seance": 70, "affichage": 45, "transmission": 60}  # how far each keyword may stand


# Minutes of an earlier session, cited ("Approbation du procès-verbal de la séance du 12 décembre",
# "le compte rendu du conseil du …", "la dernière séance du …"): their date is never the séance's.
# An article or an approval before "procès-verbal" makes it a thing spoken of, not the title
# ("PROCÈS-VERBAL DE LA SÉANCE DU …", "Extrait du procès-verbal …" are titles).
CITED_MINUTES = quicken(re.compile(
    r"(?:\b(?:approb|adopt|approuv|arret|valid|lecture|observations?\s+sur)\w*\s+(?:du\s+|le\s+|des?\s+|les\s+|au\s+)?"
    r"|(?<!extrait\s)(?<!extrait\s\s)\b(?:le|du|au|les|des)\s+)(?:(?:derniers?|precedents?)\s+)?"
    r"(?:proces[\s-]*verba(?:l|ux)|comptes?[\s-]*rendus?|p\.?\s?v\.?)\b"
    r"(?:(?!\n\s*(?:seance|reunion|session))[^.;]){0,80}$"
    r"|\b(?:derniere?|precedente?)\s+(?:seance|reunion|session)\b[^.;]{0,40}$"
    # the meeting of an advisory body the minutes cite ("avis de la commission Travaux réunie le …")
    r"|\b(?:commissions?(?!\s+permanente)|comite\s+(?:technique|social)|jury|clect|conference\s+des\s+maires"
    r"|groupe\s+de\s+travail|conseil\s+(?:d'ecole|de\s+quartier))\b[^.;]{0,80}?"
    r"(?:reuni\w*|s'est\s+tenue?|qui\s+s'est\s+(?:\w+\s+)?reuni\w*)\b[^.;]{0,30}$"))
# "convoqué en séance le 15 mai", "Date convocation du Conseil : 13 janvier": the date of the
# convocation, unless the sentence goes on to the meeting ("convoqué, s'est réuni le …") or
# names what it convenes ("convocation … pour le lundi 27 janvier": that is the séance)
CONVOKED = re.compile(r"convo(?:c|qu)(?![^.;]*(?:reuni|assembl|\bpour\s+l))[^.;]{0,60}$")
CONVENED_FOR = re.compile(rf"convo(?:c|qu)\w*\b[^.;]{{0,80}}\bpour\s+(?:le|la\s+(?:seance|reunion)\s+du)\s*"
                          rf"(?:{WEEKDAYS}\s+)?$")
# "Le jeudi 23 janvier 2025 : convocation du Conseil …": a date that a convocation follows, after a
# colon or a dash on its line ("Séance du 12/03/2024\nConvocation du 05/03/2024" is two labels)
CONVOCATION_AFTER = re.compile(r"[ \t]*[:,–-][ \t]*(?:envoi\s+de\s+la\s+)?convocation\b")


def is_cited_minutes(window: str) -> bool:
    """Whether a date that ``window`` (the folded text just before it) leads to dates the
    minutes of another session ("Approbation du procès-verbal de la séance du …")."""
    return bool(CITED_MINUTES.search(window))


def _kind(folded: str, mention: DateMention, previous_end: int) -> str | None:
    """The kind named by the keyword closest before the date (within WINDOW characters)."""
    if re.search(r"\ban\s*$|\ban\b", folded[mention.start:mention.start + 4]):
        return "seance"  # the "l'an 2016, le 28 novembre" form starts with "an"
    window = folded[max(previous_end, mention.start - WINDOW):mention.start]
    if is_cited_minutes(window):
        return "cited"
    if CONVENED_FOR.search(window):
        return "seance"
    if CONVOCATION_AFTER.match(folded, mention.end):
        return "convocation"
    best, best_pos = None, -1
    if re.match(r"[^.]{0,260}?\b(?:se\s+sont\s+(?:\w+\s+)?reuni|s'est\s+(?:\w+\s+)?reuni|s'est\s+assemble)",
                folded[mention.end:mention.end + 300]):
        best, best_pos = "seance", 0  # "Le premier décembre …, les membres … se sont réunis"
    for kind, rx in KINDS:
        for m in rx.finditer(window):
            if kind == "heading":
                if CONVOKED.search(window):
                    return "convocation"  # "Date convocation du Conseil Municipal : 13 janvier"
                return "heading"  # anchored on the date itself
            if m.end() < len(window) - REACH.get(kind, WINDOW):
                continue  # a keyword far away says little
            if m.end() > best_pos:
                best, best_pos = kind, m.end()
    return best


def _labels_between(folded: str, start: int, end: int) -> list[str]:
    """The kinds of the date labels in folded[start:end], in order (the last 400 characters)."""
    return [LABEL_KIND[m.group("k")] for m in DATE_LABEL.finditer(folded, max(start, end - 400), end)]


PERIOD_END = re.compile(r"\s*(?:au|jusqu'au)\s+(?:\d|1er|premier)")


def _loose_labels_between(folded: str, start: int, end: int) -> list[str]:
    return [LOOSE_KIND[m.group("k")] for m in LOOSE_LABEL.finditer(folded, max(start, end - 400), end)]


def _typed(text: str, folded: str, figured: FiguredText) -> list[TypedDate]:
    mentions = find_dates(text, figured)
    out, prev_end, last_year = [], 0, None
    pending: list[str] = []
    for i, mention in enumerate(mentions):
        queue = pending + _labels_between(folded, prev_end, mention.start)
        loose = _loose_labels_between(folded, prev_end, mention.start)
        pending = []
        if mention.year_given:
            last_year = mention.date.year
        else:
            completed = _with_year(mention, last_year, mentions[i + 1:i + 4])
            if completed is None:
                prev_end = mention.end
                continue
            mention = completed
        kind = _kind(folded, mention, prev_end)
        labelled = False
        if queue and kind not in ("heading", "cited"):  # labels are paired with the dates that follow, in order
            kind, pending, labelled = queue[0], queue[1:], True
        elif kind is None and loose:
            kind, labelled = loose[0], True
        if kind in ("affichage", "transmission") and PERIOD_END.match(folded, mention.end):
            kind = None  # "l'affichage a eu lieu du 21/11/2023 au 12/12/2023": a notice's span, not the act's
        if kind:
            out.append(TypedDate(kind, mention, labelled))
        prev_end = mention.end
    return out


def _with_year(mention: DateMention, last_year: int | None, following: list[DateMention]) -> DateMention | None:
    """A date printed without its year takes the year of the date before it, or else of the next
    one ("convoqué le 6 mars, s'est réuni le 14 mars 2023"), the year before if it would then
    fall after it ("convoqué le 28 décembre, réuni le 4 janvier 2024")."""
    year = last_year
    if year is None:
        after = next((m for m in following if m.year_given and m.start - mention.end < LOOKAHEAD), None)
        if after is None:
            return None
        year = after.date.year
        if (mention.date.month, mention.date.day) > (after.date.month, after.date.day):
            year -= 1
    try:
        return DateMention(mention.start, mention.end, mention.date.replace(year=year))
    except ValueError:
        return None


LOOKAHEAD = 200  # characters: the next date completes a year-less one in the same sentence


def _document_year(typed: list[TypedDate]) -> int | None:
    years = Counter(t.mention.date.year for t in typed if 1900 <= t.mention.date.year <= 2100)
    return years.most_common(1)[0][0] if years else None


def read_session_dates(text: str, folded: str, figured: FiguredText | None = None) -> SessionDates:
    """The typed dates and the time of the séance."""
    ft = figured or figured_text(text)
    typed = _typed(text, folded, ft)
    year = _document_year(typed)
    values: dict[str, tuple[str, int, int]] = {}
    seance = _pick_seance(typed, len(text), year, folded) or _first_date(text, folded, ft)
    if seance:
        values["date_seance"] = (seance.iso, seance.start, seance.end)
        year = seance.date.year
    for kind, field in (("convocation", "date_convocation"), ("affichage", "date_affichage"),
                        ("transmission", "date_transmission")):
        for t in typed:
            if t.kind != kind:
                continue
            date = repair_year(t.mention.date, year)
            if date is None:
                continue
            if seance and kind == "convocation" and (
                    not 0 <= (seance.date - date).days <= MAX_CONVOCATION_DAYS
                    or ((seance.date - date).days > 31 and _in_stale_sentence(typed, t, seance))):
                continue  # a convocation comes before its séance, not in another session's words
            if seance and kind == "transmission" and date < seance.date:
                continue
            if seance and kind == "affichage" and date < seance.date and not (
                    (seance.date - date).days <= MAX_CONVOCATION_DAYS
                    and (t.labelled or re.search(r"affich", folded[max(0, t.mention.start - 40):t.mention.start]))):
                continue  # only a labelled posting (of the convocation) may precede the séance
            values[field] = (date.isoformat(), t.mention.start, t.mention.end)
            break
    heure = _heure(text, seance)
    for t in typed:  # the opening sentence carries the time more often than a sidebar date
        if heure:
            break
        if t.kind == "seance" and t.mention.date == (seance.date if seance else None):
            heure = _heure(text, t.mention)
    for t in typed:  # a heading above the séance's sentence, its weekday right but its day misprinted
        if heure or not seance or t.mention.start >= seance.start:
            break
        if t.kind == "heading" and abs((t.mention.date - seance.date).days) <= WEEKDAY_REACH:
            heure = _heure(text, t.mention)
    heure = heure or _opening_heure(text)
    return SessionDates(values, heure, year)


def _in_stale_sentence(typed: list[TypedDate], date: TypedDate, seance: DateMention) -> bool:
    """Whether a date follows closely an opening sentence dated otherwise than the séance
    (a sentence copied from an older session: its convocation is stale too)."""
    before = [t for t in typed if t.kind in ("seance", "heading") and t.mention.start < date.mention.start]
    if not before:
        return False
    last = before[-1].mention
    return date.mention.start - last.end < 400 and last.date != seance.date


def _first_date(text: str, folded: str, ft: FiguredText) -> DateMention | None:
    """A list dated at its top ("Liste des délibérations votées — Le 16 mai 2025")."""
    for mention in find_dates(text, ft):
        if mention.start > 300:
            break
        if mention.year_given and not re.search(r"convoc|affich|publi|prefect|transmis|recu|envoy",
                                                folded[max(0, mention.start - 60):mention.start]) \
                and not is_cited_minutes(folded[max(0, mention.start - WINDOW):mention.start]):
            return mention
    return None


def _pick_seance(typed: list[TypedDate], length: int, year: int | None, folded: str = "") -> DateMention | None:
    """The heading's date if it comes first; else the opening sentence's ("l'an …").

    Among several headings, one that the opening sentence confirms wins (a sidebar's date
    may be damaged by OCR); a heading whose weekday its own date contradicts yields to a
    date of the session that falls on that weekday ("VENDREDI 16 JUILLET 2020" was a Thursday:
    the opening sentence's "10 juillet 2020" was the Friday)."""
    first_seance = next((t.mention.start for t in typed if t.kind == "seance"), length)
    sentences = {t.mention.date for t in typed if t.kind == "seance"}
    confirmed = [t for t in typed if t.kind == "heading" and t.mention.date in sentences
                 and t.mention.start <= max(first_seance, 1500)]
    if confirmed:
        return confirmed[0].mention
    for kinds in (("heading",), ("seance",)):
        for t in typed:
            if t.kind == "heading" and t.mention.start > max(first_seance, 1500):
                continue
            if t.kind in kinds:
                date = repair_year(t.mention.date, year)
                if date:
                    return _weekday_checked(DateMention(t.mention.start, t.mention.end, date), typed, folded)
    return None


WEEKDAY_NUMBER = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
STATED_WEEKDAY = re.compile(rf"\b({WEEKDAYS})\b[\s,]*(?:le\s+)?(?:[0-3]?\d|1er|premier)?[^a-z]*$")
WEEKDAY_REACH = 31  # days: a weekday mends a misprinted day of the same month, not another session


def _stated_weekday(folded: str, mention: DateMention) -> int | None:
    """The weekday printed with a date ("VENDREDI 16 JUILLET 2020", "l'an 2020, le lundi 4 mai")."""
    m = STATED_WEEKDAY.search(folded, max(0, mention.start - 14), mention.start)
    if not m:
        m = re.search(rf"\b({WEEKDAYS})\b", folded[mention.start:mention.end])
    return WEEKDAY_NUMBER[m.group(1)] if m else None


def _weekday_checked(chosen: DateMention, typed: list[TypedDate], folded: str) -> DateMention:
    stated = _stated_weekday(folded, chosen) if folded else None
    if stated is None or chosen.date.weekday() == stated:
        return chosen
    for t in typed:  # the misprint is the day's number: another date of the session has that weekday
        other = t.mention.date
        if t.kind in ("seance", "heading") and other != chosen.date and other.weekday() == stated \
                and abs((other - chosen.date).days) <= WEEKDAY_REACH:
            return t.mention
    return chosen


# Where the session's time is printed when its date has none: the meeting sentence, the opening
# ("Ouverture de séance à 18h20"); not another body's meeting ("La commission qui s'est réunie le …").
OPENING = re.compile(r"(?i)(?<!qui )(?:s['’]est (?:\w+ )?réuni|s['’]est assembl|se sont (?:\w+ )?réunis"
                     r"|ouvre la séance|(?<!à l['’])ouverture de (?:la )?séance|début de (?:la )?séance"
                     r"|séance est ouverte)")


def _heure(text: str, seance: DateMention | None) -> tuple[str, int, int] | None:
    """The time printed with the séance date ("… 28 novembre 2016 à 17h00")."""
    if seance:  # "… 28 novembre 2016 à 17h00": the time follows the date, after "à"
        window = re.split(r"(?<=[a-z])\.\s|\n\n", text[seance.end:seance.end + 160])[0]
        day = (seance.date.month, seance.date.day)
        other = next((d for d in find_dates(window) if (d.date.month, d.date.day) != day), None)
        window = window[:other.start] if other else window  # the time after another day's date is that day's
        at = re.search(r"(?i)(?:^|\s)(?:à|a|vers)\s+", window)
        found = find_time(window[at.end():]) if at and at.start() < 60 else None
        if found and found[1] < 20:
            return found[0], seance.end + at.end() + found[1], seance.end + at.end() + found[2]
        # "… DEUX MIL VINGT 10 février 20 heures 00" (a table), "DU 12/03/2024 – 18H00": no "à"
        at = re.match(r"[\s,–-]*", window)
        found = find_time(window[at.end():])
        if found and found[1] < 45:
            return found[0], seance.end + at.end() + found[1], seance.end + at.end() + found[2]
    return None


def _opening_heure(text: str) -> tuple[str, int, int] | None:
    """The time printed in the meeting sentence or at the opening of the séance."""
    for m in OPENING.finditer(text[:6000]):
        found = find_time(text[m.start():m.start() + 200])
        if found:
            return found[0], m.start() + found[1], m.start() + found[2]
    return None
