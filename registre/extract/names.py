"""Person names in attendance lists: "Prénom NOM", "NOM Prénom", initials, surnames alone.

Lists come split by commas, semicolons, " et ", dashes or nothing at all (names run
together after a lost line break). Civilities (M., Mme, MM., Maître, Docteur…) and role words
(Maire, Adjoint, conseillers municipaux…) are dropped; names are returned as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from registre.extract.given_names import mend_given_names
from registre.extract.text import fold, is_upper_word

CIVILITIES = {
    "m", "mr", "mrs", "mme", "mmc", "mmes", "mm", "mlle", "melle", "monsieur", "madame", "mademoiselle",
    "messieurs", "mesdames", "maitre", "me", "docteur", "dr", "pr", "professeur",
}
# Words that describe a role, a list or a body: never part of a name.
ROLE_WORDS = {
    "maire", "adjoint", "adjointe", "adjoints", "adjointes", "conseiller", "conseillere",
    "conseillers", "conseilleres", "municipal", "municipaux", "municipale", "municipales",
    "communautaire", "communautaires", "delegue", "deleguee", "delegues", "president",
    "presidente", "vice", "vice-president", "vice-presidente", "titulaire", "titulaires",
    "suppleant", "suppleante", "suppleants", "premier", "premiere", "deuxieme", "troisieme",
    "quatrieme", "cinquieme", "sixieme", "septieme", "huitieme", "maire-adjoint",
    "maire-adjointe", "secretaire", "membres", "membre", "presents", "present", "presente",
    "absents", "absent", "absente", "excuses", "excuse", "excusee", "pouvoir", "pouvoirs",
    "procuration", "procurations", "seance", "conseil", "commune", "ville", "mairie",
    "le", "la", "les", "l", "au", "aux", "et", "a", "de", "des", "du", "d", "en", "par",
    "ayant", "donne", "representee", "represente", "represente(e)", "qui", "son", "sa",
    "ont", "ete", "etaient", "sont", "tous", "toutes", "formant", "majorite", "quorum",
    "monsieur", "madame", "arrive", "arrivee", "depart", "parti", "partie", "jusqu", "point",
    "points", "delib", "deliberation", "deliberations", "objet", "date", "nombre", "vote",
    "votants", "exercice", "ordre", "jour", "acte", "mme", "mr", "n", "no", "elu", "elue",
    "agglomeration", "communaute", "communes", "departement", "region", "syndicat",
    "rapporteur", "rapporteurs", "direction", "directeur", "directrice", "general",
    "generale", "services", "service", "dgs", "assistaient", "assiste", "egalement",
    "invite", "invites", "public", "mesdames", "messieurs", "publie", "envoye", "recu", "affiche",
    "transmis", "secretariat",
}
PARTICLES = {"de", "du", "des", "d", "le", "la", "van", "von", "der", "da", "di", "dos", "el", "ben", "mc"}
_SPLIT = re.compile(r"[,;:()\[\]|+•°*&]|/(?!\d)|\bet\b|\s[–—-]\s|[–—]")
_NOT_NAME_CHARS = re.compile(r"[0-9@=<>€$%&]")


@dataclass(frozen=True)
class Name:
    text: str
    start: int
    end: int


@lru_cache(maxsize=8192)  # a list's tokens come back in every window read around it
def _is_name_token(tok: str) -> bool:
    core = tok.strip(".'’-")
    if not core or _NOT_NAME_CHARS.search(core):
        return False
    return core[0].isupper() or fold(core) in PARTICLES or bool(re.match(r"d['’][A-ZÀ-Ý]", core))  # "d’Orval"


@lru_cache(maxsize=8192)
def _is_dropped(tok: str) -> bool:
    f = fold(tok.strip(".,'’-"))
    if f in PARTICLES and tok[:1].isupper():
        return False  # "LE MEAUX", "DE COMARMOND", "Albert De Rycke": part of a surname
    return f in CIVILITIES or f in ROLE_WORDS


def _split_glued(tokens: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    """"C.FOROT T.BUSIN", "Y. ARMAND F.RUSSO": an initial glued to a surname is a whole name."""
    out: list[list[tuple[str, int, int]]] = [[]]
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if GLUED_INITIAL.fullmatch(tok[0]) and not (nxt[:1].isupper() and not is_upper_word(nxt)):
            out += [[tok], []]  # ("M.CHARRIER Jean-Paul": the first name follows, NOM Prénom order)
        else:
            out[-1].append(tok)
    return [chunk for chunk in out if chunk]


def _split_run(tokens: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    """Split a run of name tokens that holds several names written back to back.

    In "Patrick AMATHIEU Elena BARANSKI" a capitalised word after a SURNAME starts a new
    name (Prénom NOM order); in "LE MEAUX Vincent GUILLOU Claudine" a SURNAME after a
    first name does (NOM Prénom order). The order is decided by the first token.
    """
    chunks = _split_glued(tokens) if any(GLUED_INITIAL.fullmatch(t[0]) for t in tokens) else [tokens]
    if len(chunks) > 1:
        return [part for chunk in chunks for part in _split_run(chunk)]
    if len(tokens) <= 2:
        return [tokens]
    words = [t for t in tokens if fold(t[0]) not in PARTICLES] or tokens
    upper_first = is_upper_word(words[0][0])
    names, current, seen_other = [], [], False
    for tok in tokens:
        if fold(tok[0]) in PARTICLES:  # "De", "LE": joins the name it stands in
            current.append(tok)
            continue
        up = is_upper_word(tok[0])
        if current and seen_other and up == upper_first:
            names.append(current)
            current, seen_other = [], False
        current.append(tok)
        if up != upper_first:
            seen_other = True
    if current:
        names.append(current)
    return names


_CF = re.compile(r"(?i)\bcf\b")
_CUT_SURNAME = re.compile(r"(?<=[A-ZÀ-Ý]{2})[ \t]*-[ \t]*\n\s*([A-ZÀ-Ý][A-ZÀ-Ý'’-]+)\b")
_PLACE_LABEL = re.compile(r"\S+\s:(?=\s+(?:M\.|Mme|MM\.?|Mmes|Monsieur|Madame)\s)|\S+-\S+\s:(?=\s)")
_FIRST_NAME_ALONE = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?")
_TOKEN = re.compile(r"\S+")
_NAME_END = re.compile(r"(?:[a-zà-ÿ]{2}|[A-ZÀ-Ý]{3})\.$")  # "Charlotte.", "BLANC." end a name


def parse_names(segment: str, offset: int = 0, *, first_names: bool = False) -> list[Name]:
    """Every person name in an attendance list segment, in order, with spans.

    Args:
        segment: the list's text ("Patrick AMATHIEU, Elena BARANSKI et M. Alain DETERNES").
        offset: where the segment starts in the document text (for provenance).
        first_names: accept a lone capitalised word as a name (the session lists members
            by first name only, as informal minutes do).

    Returns:
        Names as written (civility removed), with their spans in the document.
    """
    out: list[Name] = []
    pos = 0
    cf = _CF.search(segment)  # "ABSENTS : cf. PV" refers elsewhere
    if cf:
        segment = segment[:cf.start()]
    # "Bueil-en-Touraine : M. Robert …": a commune label before its members is no name
    # "Philippe ROUVIER -\nCOROUGE": a compound surname cut at a line end is one name
    segment = _CUT_SURNAME.sub(lambda m: ("-" + m.group(1)).ljust(len(m.group(0))), segment)
    # (a label is followed by a civility or is a hyphenated place; OCR also reads ";" as ":")
    segment = _PLACE_LABEL.sub(lambda m: " " * len(m.group(0)), segment)
    raw_pieces = _SPLIT.split(segment)
    pieces = [p.strip() for p in raw_pieces if p.strip()]
    # "Jean-Pierre, Yves, Jacques, …": informal minutes list first names alone
    first_names_only = first_names or len(pieces) >= 3 and sum(
        1 for p in pieces if _FIRST_NAME_ALONE.fullmatch(p)) >= 0.7 * len(pieces)
    for piece in raw_pieces:
        start = segment.find(piece, pos) if piece else pos
        if start < 0:
            start = pos
        pos = start + len(piece)
        tokens = [(m.group(0), start + m.start(), start + m.end())
                  for m in _TOKEN.finditer(piece)]
        run: list[tuple[str, int, int]] = []
        civility = False
        tokens.append(("", 0, 0))
        for i, tok in enumerate(tokens):
            kept = not _is_dropped(tok[0]) or _kept_in_name(tok[0], run, tokens[i + 1:]) if tok[0] else False
            if tok[0] and _is_name_token(tok[0]) and kept:
                if _NAME_END.search(tok[0]):  # "Charlotte.", "BLANC." end a name
                    run.append((tok[0][:-1], tok[1], tok[2] - 1))
                    for name in (_split_run(run) if not first_names else [[t] for t in run]):
                        _emit(out, segment, name, offset, civility or first_names_only)
                    run, civility = [], False
                    continue
                run.append(tok)
                continue
            for name in (_split_run(run) if not first_names else [[t] for t in run]):
                _emit(out, segment, name, offset, civility or first_names_only)
                civility = False
            run = []
            civility = bool(tok[0]) and fold(tok[0]).strip(".,") in CIVILITIES
    return _join_split_surnames(out, segment, offset)


# titles that are also surnames ("Odile MAITRE", "Paul MAIRE"); list words ("ÉTAIENT") are not
TITLE_WORDS = {"maire", "maitre", "adjoint", "conseiller", "president", "premier", "general", "vice", "delegue",
               "docteur", "monsieur", "madame", "commune", "ville", "public", "point", "date"}
INITIAL = re.compile(r"[A-ZÀ-Ý]{1,2}\.")
GLUED_INITIAL = re.compile(r"[A-ZÀ-Ý]{1,2}[.-][A-ZÀ-Ý][A-ZÀ-Ý'’-]+")
LOWER_PARTICLES = {"de", "du", "des", "d'", "d’", "van", "von", "der", "da", "di", "dos", "del", "della"}


def _kept_in_name(tok: str, run: list[tuple[str, int, int]], following: list[tuple[str, int, int]]) -> bool:
    """A word that is usually dropped but is part of this name.

    "Maxence de RUGY", "Paul de Lambert": a lowercase particle between a first name and a
    surname (after a SURNAME, "de" names a place: "DUPONT de Chinon"). "Odile MAITRE",
    "Jean MAIRE": a civility or role word in capitals right after a first name is a surname.
    "ROUX A.": an initial after a surname.
    """
    if run and INITIAL.fullmatch(tok) and is_upper_word(run[-1][0]) and fold(tok).strip(".") not in CIVILITIES:
        return True  # "ROUX A.", "OMS ML.": an initial after a SURNAME
    if run and is_upper_word(tok) and fold(tok) in TITLE_WORDS and not is_upper_word(run[-1][0]) \
            and run[-1][0][:1].isupper() and run[-1][0][-1:] != "." and (len(run) == 1 or is_upper_word(run[-2][0])):
        return True
    article = tok in ("la", "l'", "l’") and bool(run) and run[-1][0] == "de"  # "Jean de la FONTAINE"
    if not (tok in LOWER_PARTICLES or article) or not run or is_upper_word(run[-1][0]) or len(run) > 2:
        return False
    nxt = following[0][0]
    if fold(nxt) in PARTICLES:  # "de la FONTAINE"
        nxt = following[1][0] if len(following) > 1 else ""
    return bool(nxt) and nxt[0].isupper() and fold(nxt).strip(".") not in CIVILITIES | ROLE_WORDS


def _join_split_surnames(names: list[Name], segment: str, offset: int) -> list[Name]:
    """"Philippe ROUVIER - COROUGE - Catherine MARTEL": in a list of first names and surnames, a
    surname alone right after a dash continues the surname before it (a compound name)."""
    out: list[Name] = []
    for name in names:
        prev = out[-1] if out else None
        if prev and " " not in name.text and is_upper_word(name.text) and " " in prev.text \
                and is_upper_word(prev.text.split()[-1]) and not is_upper_word(prev.text.split()[0]) \
                and re.fullmatch(r"\s*-\s*", segment[prev.end - offset:name.start - offset]):
            out[-1] = Name(f"{prev.text}-{name.text}", prev.start, name.end)
            continue
        out.append(name)
    return out


def _emit(out: list[Name], segment: str, tokens: list[tuple[str, int, int]], offset: int,
          civility: bool) -> None:
    while tokens and fold(tokens[-1][0]).strip(".") in PARTICLES:
        tokens = tokens[:-1]
    while tokens and fold(tokens[0][0]).strip(".") in PARTICLES - {"le", "la", "de", "el", "da", "di"} \
            and not is_upper_word(tokens[0][0]):  # "DOS SANTOS Joël" keeps its particle
        tokens = tokens[1:]
    if not tokens:
        return
    text = segment[tokens[0][1]:tokens[-1][2]].strip(" ,'’-")
    if len(tokens) == 1 or not INITIAL.fullmatch(tokens[-1][0]):  # "ROUX A." keeps its initial's full stop
        text = text.strip(" .")
    letters = sum(map(str.isalpha, text))
    if letters < 2 or len(tokens) > 8:
        return
    if len(tokens) == 1 and not is_upper_word(text) and not civility:
        return  # a lone "Associations" is a stray word; "M. Troussel" is a name
    start = offset + tokens[0][1]  # the span is the text as printed; the value, its given names mended
    out.append(Name(mend_given_names(text), start, start + len(text)))


def first_name(segment: str, offset: int = 0, *, first_names: bool = False) -> Name | None:
    """The first person name at the start of ``segment`` (president, secretary)."""
    names = parse_names(segment[:120], offset, first_names=first_names)
    return names[0] if names else None
