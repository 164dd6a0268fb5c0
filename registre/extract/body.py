"""The body that deliberates: "Commune de X", "Communauté de communes X", a syndicate, a
département — from a letterhead, the assembly's own name, or how the text names its commune.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from registre.extract.quick import anchored
from registre.extract.session_header import find_instance
from registre.extract.text import clean_spaces, fold, strip_punct

BODY = anchored(re.compile(
    r"\b(?:commune(?:\s+nouvelle)?|ville|mairie)\s+(?:de\s+|d'\s*|du\s+|des\s+)"
    r"|\bpole\s+d'equilibre\s+territorial\s+et\s+rural\s+(?:de\s+|du\s+|des\s+|d')?"
    r"|\bcommunaute\s+(?:de\s+communes|d'agglomeration|urbaine)\s*(?:de\s+|du\s+|des\s+|d')?"
    r"|\bmetropole\s+(?:de\s+|du\s+|d')"
))
# A département heads most communes' acts ("DÉPARTEMENT DU JURA"): the body only if nothing else is.
DEPARTEMENT = re.compile(r"\bdepartement\s+(?:de\s+(?:la\s+|l')?|du\s+|des\s+|d')")
_BODY_NAME = re.compile(  # ("Lamballe Terre & Mer", "Paris Est Marne&Bois")
    r"[\"«]?\s*((?:[A-ZÀ-ÖØ-ÞŒ][\w'’&-]*|d[eu]s?|la|le|les|l'|d'|sur|sous|en|et|lès|les|-)"
    r"(?:(?:[ -]|\s[–—-]\s)(?:[A-ZÀ-ÖØ-ÞŒ][\w'’&-]*|d[eu]s?|la|le|les|l'|d'|sur|sous|en|et|lès|&))*)"
)
# Where a body's name ends: a new sentence's article ("… du Niortais La présente convention"), a
# month ("Seine-Eure Octobre 2021"), a word in lower case after a name in capitals ("SUD RETZ
# ATLANTIQUE Fiches"), the place of the meeting ("AU LIEU HABITUEL"), another body ("et la CAF")
NAME_END = re.compile(
    r"\s+(?:La|Le|Les)(?:\s+[a-zà-ÿ].*)?$|\s+L['’](?:an|assembl|ensemble)\b.*$|\s+(?:Janvier|Février|Fevrier|Mars|Avril|Mai|Juin|Juillet|Août|Aout|Septembre"
    r"|Octobre|Novembre|Décembre|Decembre)\b.*$|\s+(?:AU|EN)\s+(?:LIEU|SALLE|MAIRIE|SÉANCE|SEANCE)\b.*$"
    r"|\s+et\s+(?:la|le|les|l['’])\s.*$")
# "Guingamp-Paimpol Agglomération", "Niort Agglo", "Charlieu Belmont Communauté": a body named by its
# place, then its kind
BODY_SUFFIX = re.compile(r"\b([A-ZÀ-ÖØ-Þ][\w-]+(?:[ -][A-ZÀ-ÖØ-Þ][\w-]+)*)\s+"
                         r"(Agglom[ée]ration|AGGLOM[ÉE]RATION|Agglo|AGGLO|M[ée]tropole|M[ÉE]TROPOLE"
                         r"|Communaut[ée]|COMMUNAUT[ÉE])\b(?!\s+(?i:de\s|d['’]|du\s|des\s))")
# link words a name does not end on ("la mairie de Putanges le Lac et la salle …")
TRAILING_LINKS = re.compile(r"(?:\s+(?:d[eu]s?|la|le|les|l'|d'|sur|sous|en|et|[-–—]))+$")
GENERIC_FIRST_LINES = {
    "republique", "francaise", "departement", "liberte", "egalite", "fraternite", "mairie", "extrait",
    "registre", "arrondissement", "canton",
    "proces", "compte", "seance", "conseil", "deliberation", "page", "envoye", "recu",
    # the labels of a session's header, after the body's name on the next line
    "presents", "absents", "excuses", "objet", "ordre", "date", "nombre", "membres", "convocation",
    "secretaire", "president", "maire",
    # what a document says it is, in a title on its first line
    "avis", "enquete", "rapport", "arrete", "decision", "plan", "reglement", "note", "synthese", "annexe",
    "liste", "releve", "sommaire", "projet", "convention", "budget", "bilan", "avenant", "contrat", "tableau",
}

# "Objet : …", "OBJET Convention …", and "Délibération n° DEL-2023-007 : Avis sur …"


def find_collectivite(text: str, folded: str) -> tuple[str, int, int] | None:
    """The body that deliberates: "Commune de X", "Communauté de communes X", "X Agglomération"."""
    first_line = _first_line_body(text)
    if first_line:
        return first_line  # a letterhead in capitals on the first line names the body
    syndicat = _syndicat(text, folded)
    if syndicat:
        return syndicat
    suffixed = _suffixed_body(text[:600])  # "GUINGAMP-PAIMPOL AGGLOMERATION" as a letterhead
    if suffixed:
        return suffixed
    assembly = _assembly_letterhead(text, folded)
    if assembly:
        return assembly
    territory = _territory_council(text, folded)
    if territory:
        return territory
    head = folded[:3000]
    instance = find_instance(folded)  # the assembly that deliberates, not one its text cites
    communautaire = bool(instance and "communautaire" in instance[0])
    if communautaire:
        intercommunal = _intercommunal(text, folded)
        if intercommunal:
            return intercommunal
    departmental = re.search(r"conseil\s+departemental|commission\s+permanente|conseil\s+general", head)
    named = _named_bodies(text, folded, head, communautaire, departmental is not None)
    if named:
        return named
    return _suffixed_body(text[:3000]) or _commune_of_council(text, folded) or _suffixed_body(text[:8000]) \
        or (_most_named_commune(text, folded) if instance and instance[0] == "conseil municipal" else None) \
        or (_self_named_syndicate(text) or _most_named_commune(text, folded, TOWN_NAMED) if not instance else None)


def _named_bodies(text: str, folded: str, head: str, communautaire: bool,
                  departmental: bool) -> tuple[str, int, int] | None:
    """The first body named in the head ("Commune de X", "Communauté d'agglomération X"). Past the
    letterhead, a body may be named first in short (an agenda's "la Communauté d'Agglomération de
    Pau"): of the namings that share a word of its name, the one the text uses most often wins."""
    found = []
    for m in list(BODY.finditer(head)) + (list(DEPARTEMENT.finditer(head)) if departmental else []):
        if communautaire and folded.startswith(("commune", "ville", "mairie"), m.start()):
            continue  # a member commune named in an intercommunal council's minutes
        name = _BODY_NAME.match(text, m.end())
        if not name or len(name.group(1)) < 2:
            continue
        value = strip_punct(text[m.start():name.end(1)])
        value = NAME_END.sub("", value)
        value = _caps_then_word(value)
        value = TRAILING_LINKS.sub("", _trim_caps_run(TRAILING_LINKS.sub("", value)))
        value += _continued_in_capitals(text, m.start() + len(value), value[len(m.group(0)):])
        if len(value.rstrip()) <= len(m.group(0).rstrip()):
            continue  # "Communauté de communes CONSEIL COMMUNAUTAIRE": a kind without its name
        if len(fold(value).split()) >= 2 and not re.search(r"(?i)\bde\s+la\s+commune$", value):
            found.append((clean_spaces(value), m.start(), m.start() + len(value)))
            if m.start() < LETTERHEAD_REACH:
                break
    if not found or found[0][1] < LETTERHEAD_REACH:
        return found[0] if found else None
    first = _name_words(found[0][0])
    same_body = [f for f in found if first & _name_words(f[0])] or found[:1]
    return max(same_body, key=lambda f: folded.count(fold(f[0])))  # the first of those named most often


def _name_words(body: str) -> set[str]:
    """The words of a body's name, without its kind: "Communauté d'Agglomération de Pau" -> {"pau"}."""
    folded = fold(body)
    kind = BODY.match(folded) or DEPARTEMENT.match(folded)
    return set(re.findall(r"\w{3,}", folded[kind.end() if kind else 0:]))


COUNCIL_OF_COMMUNITY = re.compile(r"\b(?:conseil|bureau)\s+communautaire\s+(?P<of>du|de\s+la|de\s+l'|des|d')\s*")
# "CC Gâtine-Racan", "CC CŒUR DE BRENNE" (more words only in capitals: "CC Gâtine-Racan Opération")
CC_NAME = re.compile(r"\bCC\s+(?P<name>[A-ZÀ-ÝŒ][\w'’-]+(?:\s+(?:DE\s+|DU\s+|DES\s+|LA\s+)*[A-ZÀ-ÝŒ][A-ZÀ-ÝŒ'’-]+\b)*)")


def _intercommunal(text: str, folded: str) -> tuple[str, int, int] | None:
    """An intercommunal council names its body in its own sentence ("le Conseil Communautaire du
    Plateau de LANNEMEZAN") or as "CC Gâtine-Racan", where the letterhead is often garbled by a
    sidebar: the body is the communauté of that name."""
    kind = "Communauté d'agglomération" if "communaute d'agglomeration" in folded[:4000] else "Communauté de communes"
    m = COUNCIL_OF_COMMUNITY.search(folded, 0, 4000)
    if m:
        name = _BODY_NAME.match(text, m.end())
        if name and len(name.group(1)) >= 3:
            value = _trim_caps_run(TRAILING_LINKS.sub("", name.group(1)))
            if fold(value).startswith(("communaute", "agglomeration", "metropole")):
                return None  # "le Conseil communautaire de la Communauté de communes du …": BODY reads it
            return f"{kind} {text[m.start('of'):m.end()]}{value}", m.start("of"), m.end() + len(value)
    cc = CC_NAME.search(text, 0, 8000)
    if cc:
        value = _trim_caps_run(cc.group("name"))
        return f"Communauté de communes {value}", cc.start(), cc.start("name") + len(value)
    return None


# "les membres du Conseil de l'EPT Grand-Orly Seine Bièvre se sont réunis en Mairie de Vitry": a Grand
# Paris territory's council names it (it meets in a member commune's town hall, which is no body)
TERRITORY_COUNCIL = anchored(re.compile(
    r"\bconseil\s+(?:de\s+l'|du\s+)(?P<kind>ept|etablissement\s+public\s+territorial)\s+"))


def _territory_council(text: str, folded: str) -> tuple[str, int, int] | None:
    m = TERRITORY_COUNCIL.search(folded, 0, 4000)
    name = _BODY_NAME.match(text, m.end()) if m else None
    if not name or len(name.group(1)) < 3:
        return None
    start = m.start("kind")
    value = _trim_caps_run(TRAILING_LINKS.sub("", name.group(1)))
    return clean_spaces(text[start:name.start(1)] + value), start, name.start(1) + len(value)


ASSEMBLY_LETTERHEAD = re.compile(
    r"\b(?:conseil\s+(?:regional|departemental)|region|metropole)\s+(?:de\s+(?:la\s+|l')?|d'|du\s+|des\s+)")
LETTERHEAD_REACH = 200


# "Région Auvergne-Rhône-Alpes" (a region's name follows its kind at once); "CCAS de Brives", "SIVOM
# de la Vallée", "PETR du Pays Vert": a body known by its acronym, then its place, heading a line
NAMED_REGION = re.compile(r"\bR[ée]gion\s+(?=[A-ZÀ-Ý][a-zà-ÿ])")
ACRONYM_LETTERHEAD = re.compile(r"(?m)^[ \t]*(?:CCAS|CIAS|PETR|SDIS|S[IMY][A-Z]{2,7})\s+"
                                r"(?:de\s+la\s+|de\s+l'|de\s+|du\s+|des\s+|d')")


def _assembly_letterhead(text: str, folded: str) -> tuple[str, int, int] | None:
    """"CONSEIL RÉGIONAL D'ÎLE-DE-FRANCE", "Conseil départemental de la Gironde", "Métropole de
    Lyon", "Région Occitanie", "SIVOM de la Vallée" heading the document: the body is the
    assembly its letterhead names."""
    m = ASSEMBLY_LETTERHEAD.search(folded, 0, LETTERHEAD_REACH) or NAMED_REGION.search(text, 0, LETTERHEAD_REACH) \
        or ACRONYM_LETTERHEAD.search(text, 0, LETTERHEAD_REACH)
    name = _BODY_NAME.match(text, m.end()) if m else None
    if not name or len(name.group(1)) < 3:
        return None
    value = _trim_caps_run(NAME_END.sub("", strip_punct(text[m.start():name.end(1)])))
    return clean_spaces(value), m.start(), m.start() + len(value)


def _caps_then_word(value: str) -> str:
    """"COMMUNAUTÉ DE COMMUNES SUD RETZ ATLANTIQUE Fiches action": a name in capitals ends where
    a word in lower case begins."""
    words = value.split(" ")
    links = ("de", "du", "des", "d", "la", "le", "les", "l", "et", "sur", "en")
    caps = [w.isupper() or fold(w) in links for w in words]
    if len(words) >= 4 and all(caps[:3]) and words[0].isupper():
        for i, (w, c) in enumerate(zip(words, caps, strict=True)):
            if not c and re.match(r"[A-ZÀ-Ý][a-zà-ÿ]", w):
                return " ".join(words[:i])
    return value


def _continued_in_capitals(text: str, end: int, name: str) -> str:
    """"COMMUNE DE LABASTIDE\nSAINT-PIERRE", "la commune de SAINT\nRESTITUT": a name in
    capitals goes on at the next line."""
    if not name.strip() or not name.isupper():
        return ""
    m = re.match(r"[ \t]*\n[ \t]*([A-ZÀ-Ý][A-ZÀ-Ý'’-]{2,})(?=[\s,.])", text[end:end + 60])
    if not m or _trim_caps_run(" " + m.group(1)) != " " + m.group(1) or fold(m.group(1)) in GENERIC_FIRST_LINES:
        return ""
    return " " + m.group(1)


NAME_LINKS = {"de", "des", "du", "sur", "les", "la", "le", "aux", "au", "et", "a", "en", "par", "pour"}


def _suffixed_body(text: str) -> tuple[str, int, int] | None:
    """"Guingamp-Paimpol Agglomération", "GUINGAMP-PAIMPOL AGGLOMERATION" (not "d'Armor GUINGAMP…":
    a name in capitals keeps only its words in capitals)."""
    m = BODY_SUFFIX.search(text)
    if not m:
        return None
    start = m.start()
    words = m.group(1).split(" ")
    # the place's name is the words just before the kind, back to a link word ("… SUR LES SITES DE
    # CHARLIEU BELMONT COMMUNAUTE"), in capitals when the kind is ("d'Armor GUINGAMP-PAIMPOL AGGLOMERATION")
    keep = len(words)
    while keep and fold(words[keep - 1]) not in NAME_LINKS and (not m.group(2).isupper() or words[keep - 1].isupper()):
        keep -= 1
    for word in words[:keep]:
        start += len(word) + 1
    if keep == len(words) or len(words) - keep > 4:
        return None
    return text[start:m.end()], start, m.end()


SYNDICAT = re.compile(r"\bsyndicat\s+(?:mixte|intercommunal|departemental|d'|de\s|des\s|du\s)")


def _syndicat(text: str, folded: str) -> tuple[str, int, int] | None:
    """"SYNDICAT INTERCOMMUNAL D'ASSAINISSEMENT DE LA RÉGION DE\nSAINT-SAVEMAGNE": a
    syndicate's full name, its line continued when it ends on a link word."""
    # as a letterhead (starting a line), not a syndicate named in the text or a list's row
    m = next((m for m in SYNDICAT.finditer(folded[:400]) if not folded[:m.start()].strip(" \t|")
              or folded[:m.start()].rstrip(" \t|").endswith(("\n", "\f"))), None)
    if not m:
        return None
    end = text.find("\n", m.start())
    end = len(text) if end < 0 else end
    if re.search(r"\b(?:de|du|des|d'|la|le|les|et)\s*$", folded[m.start():end]):
        nxt = text.find("\n", end + 1)
        end = len(text) if nxt < 0 else nxt
    value = clean_spaces(text[m.start():min(end, m.start() + 160)])
    value = re.split(r"\s(?:EXTRAIT|COMPTE|PROC[ÈE]S|S[ÉE]ANCE|R[ÉE]PUBLIQUE|Séance|Extrait|,)", value)[0]
    value = strip_punct(value)
    return (value, m.start(), m.start() + len(value)) if len(value.split()) >= 3 else None


COUNCIL_OF = re.compile(
    r"\bconseil\s+municipal\s+(?:de\s+la\s+commune\s+)?(?:de|d')\s*"
    r"|\bmaire\s+(?:de|d')\s*"
)


def _commune_of_council(text: str, folded: str) -> tuple[str, int, int] | None:
    """"le Conseil Municipal de Barneville-Carteret", "Maire de SACLAS": the commune."""
    for m in COUNCIL_OF.finditer(folded[:4000]):
        if not text[m.end():m.end() + 1].isupper():
            continue
        name = _BODY_NAME.match(text, m.end())
        if name and len(name.group(1)) >= 3:
            value = TRAILING_LINKS.sub("", name.group(1)).strip()
            value = _trim_caps_run(value)
            words = value.split()
            if words and not words[0].isupper():  # "Saint-Gilles ADOPTEE …": capitals end it
                cut = next((i for i, w in enumerate(words) if len(w) >= 3 and w.isupper()), len(words))
                value = " ".join(words[:cut])
            value = NAME_END.sub("", value)
            if len(value) >= 3:
                return f"Commune de {value}", m.end(), m.end() + len(value)
    return None


# how a council's minutes name their own commune when no letterhead survives ("les priorités pour
# la commune de CHAZELLES-SUR-LYON", "le Conseil Municipal de Puygouzon")
# ("la ville d'Albi" is as often a neighbour that serves it)
COMMUNE_NAMED = re.compile(r"\b(?:la\s+commune|conseil\s+municipal)\s+(?:de\s+|d')")


# what no assembly signs (a report, a neighbourhood committee's notes) names its town as "la ville de X" too
TOWN_NAMED = re.compile(r"\bla\s+(?:commune|ville)\s+(?:de\s+|d')")


def _most_named_commune(text: str, folded: str, named: re.Pattern[str] = COMMUNE_NAMED) -> tuple[str, int, int] | None:
    """The commune the text names most often as "la commune de X", when no other is named as
    often: a neighbour in a convention is named less than the commune that deliberates."""
    seen: dict[str, list[tuple[str, int]]] = {}
    for m in named.finditer(folded):
        name = _BODY_NAME.match(text, m.end())
        if not name or not name.group(1)[:1].isupper():
            continue
        value = _trim_caps_run(NAME_END.sub("", name.group(1)))
        value = TRAILING_LINKS.sub("", value).strip()
        if len(value) >= 3:
            seen.setdefault(fold(value), []).append((value, m.end()))
    ranked = sorted(seen.values(), key=len, reverse=True)
    if not ranked or len(ranked) > 1 and len(ranked[1]) == len(ranked[0]):
        return None
    value, start = min(ranked[0], key=lambda v: v[0].isupper())  # "Chazelles-sur-Lyon" over "CHAZELLES-SUR-LYON"
    return f"Commune de {value}", start, start + len(value)


# a syndicate's own report calls itself "le Syndicat" and goes by its acronym ("le SIVOM", "du SMICTOM")
SELF_SYNDICATE = re.compile(r"\b(?:[Ll]e|[Dd]u|[Aa]u)\s+Syndicat\b(?!\s+(?:[Mm]ixte|[Ii]ntercommunal|d[eu']|des|d’))")
SYNDICATE_ACRONYM = re.compile(r"\b(?:[Ll]e|[Dd]u|[Aa]u)\s+(S[A-Z]{2,11})\b")
SELF_NAMED = 2  # times a report calls itself "le Syndicat"
ACRONYM_NAMED = 3  # times it names itself by its acronym


def _self_named_syndicate(text: str) -> tuple[str, int, int] | None:
    """The acronym of a syndicate whose text calls itself "le Syndicat", the one it uses most often."""
    if len(SELF_SYNDICATE.findall(text)) < SELF_NAMED:
        return None
    seen: dict[str, list[int]] = {}
    for m in SYNDICATE_ACRONYM.finditer(text):
        seen.setdefault(m.group(1), []).append(m.start(1))
    ranked = sorted(seen.items(), key=lambda kv: len(kv[1]), reverse=True)
    if not ranked or len(ranked[0][1]) < ACRONYM_NAMED or len(ranked) > 1 and len(ranked[1][1]) == len(ranked[0][1]):
        return None
    acronym, starts = ranked[0]
    return acronym, starts[0], starts[0] + len(acronym)


def _trim_caps_run(value: str) -> str:
    """"COMMUNE DE TRONGET EXTRAIT DU REGISTRE" -> "COMMUNE DE TRONGET"."""
    stop = re.search(r"\s(?:EXTRAIT|REGISTRE|R[ÉE]PUBLIQUE|D[ÉE]PARTEMENT|S[ÉE]ANCE|CONSEIL|PROC[ÈE]S|PV\b|CR\b|"
                     r"COMPTE|D[ÉE]LIB[ÉE]RATION|ARRONDISSEMENT|Envoy|Re[çc]u|Le\s|La\s|Les\s|Séance|"
                     r"Conseil|Extrait|Département|Date|Délib|T[ée]l\b|Fax\b|Avenue\b|Rue\b|Place\b|\d)", value)
    return value[:stop.start()] if stop else value


def _first_line_body(text: str) -> tuple[str, int, int] | None:
    """A short first line in capitals that names no generic heading ("SOMME NUMÉRIQUE")."""
    m = re.match(r"\s*([^\n]{3,60})\n", text)
    if not m:
        return None
    line = m.group(1).strip(" \t|_—-")  # "|": a masked stamp's left border
    words = fold(line).split()
    if line.upper() == line and 1 <= len(words) <= 6 and not (set(words) & GENERIC_FIRST_LINES) \
            and not re.search(r"\d", line) and re.search(r"[A-ZÀ-ÖØ-Þ]{3}", line):
        return line, m.start(1), m.end(1)
    return None


DEPARTEMENT_SIREN = re.compile(r"22(?P<code>\d\d)000\d\d|22(?P<dom>97[1-6])\d{4}")  # "229300082": Seine-Saint-Denis


@lru_cache(maxsize=1)
def _departements() -> dict[str, str]:
    table = resources.files("registre.data").joinpath("departements.csv")
    with table.open(encoding="utf-8") as f:
        return {row["code"]: row["nom"] for row in csv.DictReader(f)}


def departement_of_siren(siren: str | None) -> str | None:
    """A département's name from its SIREN ("229300082" -> "Département de la Seine-Saint-Denis"):
    an @ctes stamp names the body even where its letterhead does not."""
    m = DEPARTEMENT_SIREN.fullmatch(siren or "")
    if not m:
        return None
    name = _departements().get(m.group("code") or m.group("dom"))
    return f"Département {name}" if name else None
