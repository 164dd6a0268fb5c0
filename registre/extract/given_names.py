"""OCR's misreadings of given names, mended against a list of common French given names.

A scanned attendance list reads "Yves" as "Vves" and "Sylvain" as "Syivain": letters OCR takes
for one another (V/Y, l/i/I/1, e/c, n/u, h/b, rn/m). Given names are a closed vocabulary, so a
given name missing from the list that is one such look-alike away from exactly one name of the
list is that name. Surnames (open vocabulary, most often in capitals) are never touched.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from registre.extract.text import fold

# letters OCR confuses, both ways
LOOK_ALIKES = [("V", "Y"), ("l", "i"), ("l", "I"), ("l", "1"), ("i", "1"), ("e", "c"), ("n", "u"),
               ("h", "b"), ("rn", "m"), ("é", "e"), ("è", "e"), ("ë", "e"), ("ï", "i")]
TITLE_WORD = re.compile(r"[A-ZÀ-ÝŒ1][a-zà-ÿœ1]+(?:-[A-ZÀ-ÝŒ1][a-zà-ÿœ1]+)*")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    table = resources.files("registre.data").joinpath("prenoms.txt")
    lines = table.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def _variants(word: str) -> set[str]:
    out = set()
    for a, b in LOOK_ALIKES:
        for x, y in ((a, b), (b, a)):
            for m in re.finditer(re.escape(x), word):
                out.add(word[:m.start()] + y + word[m.end():])
    return out


@lru_cache(maxsize=8192)  # a list's words come back in every list: a word is mended once
def mend_given_name(word: str) -> str:
    """"Vves" -> "Yves", "Syivain" -> "Sylvain"; a name of the list, or one that is not one
    look-alike letter from exactly one name of it, is left as it is."""
    names = given_names()
    parts = word.split("-")
    out = []
    for part in parts:
        if fold(part) in names or len(part) < 3:
            out.append(part)
            continue
        found = {v for v in _variants(part) if fold(v) in names}
        if len({fold(v) for v in found}) != 1:
            out.append(part)
            continue
        # "Plerre" -> "Pierre" rather than "PIerre": the spelling that keeps the word's case
        out.append(min(found, key=lambda v: (sum(c.isupper() for c in v[1:]), v)))
    return "-".join(out)


@lru_cache(maxsize=8192)  # the same names come back with every list and every deliberation
def mend_given_names(name: str) -> str:
    """Every given name (a word in title case) of a person's name mended; surnames in capitals kept."""
    return TITLE_WORD.sub(lambda m: mend_given_name(m.group(0)), name)


# a street, a school or a hall named after someone ("rue Victor MARCHAND") names no member
NAMED_AFTER = re.compile(r"\b(?:rue|avenue|boulevard|place|allee|impasse|square|quai|chemin|ecole|college|lycee"
                         r"|salle|stade|espace|gymnase|centre|residence|parc|pont)\s+(?:d[eu]s?\s+|l')?$")


def with_given_name(surname: str, text: str) -> str | None:
    """"ARMAND" (« sous la présidence de Monsieur ARMAND ») -> "Yves ARMAND" when the text names
    that person with one given name of the list elsewhere (a signature, a speaker's turn); None when
    it names none, or several (two members of one family)."""
    if not re.fullmatch(r"[A-ZÀ-ÝŒ][\w'’-]+", surname):
        return None
    names = given_names()
    named = re.compile(rf"\b([A-ZÀ-ÝŒ][a-zà-ÿœ]+(?:-[A-ZÀ-ÝŒ][a-zà-ÿœ]+)?)\s+{re.escape(surname)}\b")
    found = {m.group(1) for m in named.finditer(text) if all(fold(part) in names for part in m.group(1).split("-"))
             and not NAMED_AFTER.search(fold(text[max(0, m.start() - 30):m.start()]))}
    return f"{found.pop()} {surname}" if len(found) == 1 else None
