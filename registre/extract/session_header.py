"""The session's heading fields: the deliberating assembly (instance), what the document is
(doc_type), and where the session was held (lieu)."""

from __future__ import annotations

import re

from registre.extract.quick import anchored, quicken
from registre.extract.text import clean_spaces, fold, strip_punct

INSTANCES = [
    ("commission permanente du conseil départemental", r"commission\s+permanente\s+du\s+conseil\s+departemental"),
    ("commission permanente", r"commission\s+permanente"),
    ("bureau communautaire", r"bureau\s+communautaire"),
    ("conseil communautaire", r"conseil\s+communautaire|conseil\s+de\s+communaute"),
    ("comité syndical", r"comite\s+syndical|comite\s+du\s+syndicat"),
    ("conseil syndical", r"conseil\s+syndical"),
    ("bureau syndical", r"bureau\s+syndical"),
    ("conseil métropolitain", r"conseil\s+metropolitain"),
    ("conseil départemental", r"conseil\s+departemental|conseil\s+general"),
    ("conseil régional", r"conseil\s+regional"),
    ("conseil d'administration", r"conseil\s+d'administration"),
    ("conseil municipal", r"conseil\s+municipal"),
    ("conseil territorial", r"conseil\s+(?:territorial|de\s+territoire)"),  # an EPT of the Grand Paris
    ("Bureau", r"\bbureau\b(?=\s+(?:legalement|regulierement|dument|s'est|du\s+syndicat|\n|$))"
               r"|deliberations?\s+du\s+\n?bureau(?!\s+(?:communautaire|syndical|municipal|d))"),
]
# One search for all: at the earliest place any of them names, the first in this order that does
# (what searching each and keeping the earliest, the first listed on a tie, would give)
ANY_INSTANCE = quicken(re.compile("|".join(f"(?P<i{k}>{pattern})" for k, (_, pattern) in enumerate(INSTANCES))))
INSTANCE_REACH = 4000  # a body's kind is named in its letterhead or its session heading

_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
# "BUREAU du lundi 6 janvier 2020", "Réunion du Bureau du 12 mars": a Bureau's session heading
BUREAU_HEADING = re.compile(rf"\bbureau\s+(?:du|de\s+la\s+seance\s+du)\s+(?:{_WEEKDAY}\s+)?(?:\d|1er|premier)")
HEADING_REACH = 300
# The commission permanente deciding by delegation of its council, under the council's letterhead:
# "La commission permanente du conseil régional d'X, VU …", "COMMISSION PERMANENTE DU 25 JANVIER 2023"
COMMISSION_ACTING = re.compile(
    rf"\bcommission\s+permanente(?:\s+du\s+conseil\s+(?:regional|departemental|general)[^,;.]{{0,40}}?)?"
    rf"(?:\s*,\s*(?:vu|apres|sur\s+(?:le\s+)?rapport|reunie|dument|regulierement|legalement)\b"
    rf"|\s+(?:du|en\s+date\s+du|reunie\s+le)\s+(?:{_WEEKDAY}\s+)?(?:\d|1er|premier))")
ASSEMBLY = ("conseil régional", "conseil départemental")


def find_instance(folded: str) -> tuple[str, int, int] | None:
    """The deliberating body's kind ("conseil municipal", "Bureau"…): the earliest mentioned.

    A Bureau's session heading names it; a commission permanente that decides wins over the
    letterhead of the council whose delegation it holds."""
    m = ANY_INSTANCE.search(folded, 0, INSTANCE_REACH)  # endpos: as if the text ended there
    best = None
    if m:  # the alternative that matched (not lastgroup: a kind's pattern may hold groups of its own)
        k = next(k for k in range(len(INSTANCES)) if m.group(f"i{k}") is not None)
        best = (INSTANCES[k][0], m.start(), m.end())
    heading = BUREAU_HEADING.search(folded, 0, HEADING_REACH)
    if heading and (best is None or heading.start() <= best[1]):
        return "Bureau", heading.start(), heading.start() + len("bureau")
    if best and best[0] in ASSEMBLY:
        acting = COMMISSION_ACTING.search(folded, 0, 1500)
        if acting:
            full = re.match(INSTANCES[0][1], folded[acting.start():acting.end()])
            name = INSTANCES[0][0] if full else "commission permanente"
            return name, acting.start(), acting.start() + (full.end() if full else len("commission permanente"))
    return best


DOC_TYPES = [
    ("proces_verbal", re.compile(r"proces[\s-]*verbal"
                                 r"|\bp\.?v\.?\s+(?:de\s+la\s+seance|du\s+(?:conseil|comite|bureau))")),
    # not "compte rendu des décisions prises (par délégation)", "… du Bureau": a report inside minutes
    ("compte_rendu", re.compile(r"compte[\s-]*rendu(?!\s+(?:des\s+decisions\s+"
                                r"(?:prises|du\s+(?:maire|president|bureau))|de\s+(?:la\s+)?delegation))|releve\s+de\s+decisions")),
    ("extrait", re.compile(r"extrait\s+(?:du|des)\s+(?:registre|deliberations|proces)")),
]
# Flattened minutes put letterheads, attendance and agenda before the first word that names their
# kind (often the approval of the previous "procès-verbal" or "compte rendu", in the body's own word)
DOC_TYPE_REACH = 2500
# "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS PROCÈS-VERBAL DU CONSEIL MUNICIPAL DU …": the register's
# letterhead, then the document's own title
REGISTER_THEN_MINUTES = re.compile(r"extrait\s+du\s+registre\s+des\s+deliberations[\s:,.-]{0,20}proces[\s-]*verbal")
# An arrêté (the executive's act: "ARRÊTÉ DU MAIRE", "EXTRAIT D'ARRÊTÉ", "ARRÊTÉ N° 2023-15") is
# neither minutes nor an extrait of deliberations
ARRETE_TITLE = re.compile(r"\bextrait\s+d'arrete\b|\barrete\s+(?:du\s+(?:maire|president)|municipal|temporaire|n\s*°)")
TITLE_REACH = 300


# "ORDRE DU JOUR DU CONSEIL MUNICIPAL …", "CONVOCATION": a document titled so is what it says
AGENDA_TITLE = re.compile(r"\W*(?:ordre\s+du\s+jour|convocation)\b")


def find_doc_type(folded: str, n_items: int, decides: bool = True) -> str:
    """What the document calls itself first ("COMPTE RENDU … Approbation du procès-verbal" is
    a compte rendu); an untitled document of one item is an extrait, an untitled document that
    decides nothing is none of the three, nor are minutes that decide nothing and name no
    deliberating assembly, nor an arrêté."""
    if re.search(r"liste\s+des\s+deliberations|deliberations\s+votees|releve\s+des\s+decisions", folded[:300]):
        return "other"  # a list of deliberations is neither an extrait nor minutes
    head = folded[:DOC_TYPE_REACH]
    found = sorted((m.start(), kind) for kind, rx in DOC_TYPES for m in [rx.search(head)] if m)
    arrete = ARRETE_TITLE.search(folded, 0, TITLE_REACH)
    if arrete and (not found or arrete.start() < found[0][0]):
        return "other"
    agenda = AGENDA_TITLE.match(folded)  # an agenda or a convocation quotes the minutes it will approve
    if agenda and (not found or agenda.end() <= found[0][0]):
        return "other"
    if len(found) >= 2 and found[0][1] == "compte_rendu" and found[1][1] == "proces_verbal" \
            and found[1][0] - found[0][0] <= 20:
        return "proces_verbal"  # "COMPTE RENDU PROCÈS-VERBAL DU CONSEIL": the minutes themselves
    if found and found[0][1] == "extrait" and REGISTER_THEN_MINUTES.match(folded, found[0][0]):
        return "proces_verbal"
    if found and not decides and found[0][1] != "extrait" and find_instance(folded) is None:
        return "other"  # the report of a meeting of no deliberating assembly (a comité de quartier)
    if found:
        return found[0][1]
    if not decides:
        return "other"
    return "extrait" if n_items <= 1 else "compte_rendu"


# The sentence that says where the session is held: "s'est réuni salle …", "se réunit à la Mairie",
# "la réunion se tient au …", "en présentiel à …", "convocation … pour le lundi 27 janvier à 19h au …"
LIEU = quicken(re.compile(
    r"(?<!qui\s)(?:s'est\s+(?:\w+\s+)?reuni(?:e|s|es)?)|se\s+sont\s+(?:\w+\s+)?reuni(?:e|s|es)?|s'est\s+assembl\w*"
    r"|\bse\s+reuni(?:t|ra|ront|ssent)\b"
    r"|\b(?:seance|reunion|session)\s+(?:se\s+tien(?:t|dra)|s'est\s+tenue|aura\s+lieu|a\s+eu\s+lieu)"
    r"|\ben\s+presentiel(?=\s+(?:a|au|en|dans)\b)"
    r"|\bconvocation\b[^.;]{0,60}?\bpour\s+(?=le\s+[^.;]{0,40}?\d{4})"
))


# What may stand between the meeting verb and the place: the session's kind, date and time, the
# quorum, the president, the subject put after its verb ("s'est réuni le conseil municipal, dans …"),
# the usual place that a named one follows ("au lieu ordinaire de ses séances, à la Mairie").
LIEU_SKIP = re.compile(
    r"(?:\s*(?:,|en\s+session\s+\w+|en\s+seance\s+(?:publique|ordinaire|extraordinaire)"
    r"|au\s+nombre\s+prescrit\s+par\s+la\s+loi|publiquement|exceptionnellement|extraordinairement|valablement"
    r"|le\s+[^,]{0,40}?\d{4}|a\s+\d{1,2}\s*(?:heures?|h)\s*\d{0,2}|a\s+huis\s+clos|en\s+presentiel"
    r"|le\s+[^,\d]{0,60}?\bmille?\s+[\w-]+(?:[\s-]+(?:et[\s-]+)?(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf))?"
    r"|a\s+[\w-]+\s+heures?(?:\s+(?:et\s+)?[\w-]+)?(?:\s+minutes)?"
    r"|(?:le|la|les)\s+(?:conseil|bureau|comite|commission|assemblee|membres)\b[^,.;]{0,80}?(?=,)"
    r"|(?:dans\s+le\s+|au\s+)lieu\s+(?:habituel|ordinaire)\s+de\s+ses\s+(?:seances|reunions)"
    r"(?=\s*,?\s*(?:a|au|en|dans)\s)"
    r"|sous\s+la\s+presidence\s+de\s+[^,]+,))*\s*")
LIEU_STOP = re.compile(
    r"\.(?!\w)|\ssous\s|,\s*(?:(?:sous|le|la|les|en\s+session|en\s+seance|apres|sur|pour|"
    r"conformement|dument|legalement|regulierement|et|il|elle|suite)\b|a\s+\d)|\sle\s+\d"
    r"|\ssur\s+(?:la\s+)?convocation|\sapres\s|\s\d{1,2}\s*h|\sa\s+\d{1,2}\s*(?:h|heures?)\b|\f"
    r"|(?<!\bla)(?<!\ble)(?<!\bles)(?<!\bl')(?<!\bdans)(?<!\bde)(?<!\bdu)(?<!\bau)(?<!\ba)\n\s*\n"
    r"|\sen\s+presence|\sen\s+seance|\sen\s+session|\spresents?\s*:|\setaient\s"
    r"|,?\s*a\s+huis\s+clos|,?\s+(?:et|ou)\s+(?:en\s+)?(?:visio|distanciel|a\s+distance|par\s+visio)"
    r"|,\s*(?:compte[\s-]+tenu|en\s+raison|du\s+fait|afin|vu|a\s+(?:la\s+)?suite|suivant)\b")


# "Lieu : Salle polyvalente", "Lieu de la séance : Mairie": the place under its label, to the line's end
LIEU_LABEL = anchored(re.compile(r"\blieu\s*(?:de\s+(?:la\s+)?(?:seance|reunion))?\s*:[ \t]*(?=\S)"))


def find_lieu(text: str, folded: str) -> tuple[str, int, int] | None:
    """The meeting place: "s'est réuni salle de la Mairie, sous la présidence…", "Lieu : …"."""
    m = LIEU.search(folded[:5000])
    if not m:
        return _labelled_lieu(text, folded)
    skip = LIEU_SKIP.match(folded, m.end(), m.end() + 200)
    start = skip.end() if skip else m.end()
    tail = folded[start:start + 160]
    if not re.match(r"(?:a|au|en|dans|salle|a\s+la|mairie|hotel|maison|espace)\b", tail):
        return None
    if re.match(r"a\s+(?!la\b|le\b|les\b|l')[a-z]", text[start:start + 20]):
        return None  # "… à 16h30 a établi l'agenda": the verb avoir, not a place
    # commas may go on ("en Mairie, sis place Jean Jaurès, à Saint-Gilles"); a new clause may not
    stop = LIEU_STOP.search(tail)
    value = strip_punct(clean_spaces(text[start:start + (stop.start() if stop else len(tail))]))
    value = re.sub(r"^(?:à|a|au|en|dans)\s+(?:la\s+|le\s+|l')?", "", value, flags=re.IGNORECASE)
    if len(value) < 3 or "lieu habituel" in fold(value) or "lieu ordinaire" in fold(value) \
            or re.match(r"(?:visio|audio|distanciel|video)", fold(value)):
        return None  # a meeting held by video has no place
    return value, start, start + len(value)


def _labelled_lieu(text: str, folded: str) -> tuple[str, int, int] | None:
    m = LIEU_LABEL.search(folded, 0, 5000)
    if not m:
        return None
    line_end = folded.find("\n", m.end())
    tail = folded[m.end():line_end if line_end >= 0 else m.end() + 120][:120]
    stop = LIEU_STOP.search(tail)
    value = strip_punct(clean_spaces(text[m.end():m.end() + (stop.start() if stop else len(tail))]))
    if len(value) < 3 or "lieu habituel" in fold(value) or re.match(r"(?:visio|audio|distanciel|video)", fold(value)):
        return None
    return value, m.end(), m.end() + len(value)
