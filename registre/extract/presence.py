"""Is this a deliberation at all? Arrêtés, budget annexes and reports are not.

A deliberation is an assembly deciding: it names a session or a deliberating body AND says
that it deliberated, voted or decided. An arrêté is one person deciding ("Le Maire … ARRÊTE").
"""

from __future__ import annotations

import re

from registre.extract.quick import quicken

DELIBERATED = quicken(re.compile(
    r"apres\s+en\s+avoir\s+(?:valablement\s+)?delibere|(?<!en a )(?<!fait et )\bdelibere\b"
    r"|a\s+l'unanimite|a\s+la\s+majorite"
    r"|\b(?:le|la)\s+(?:conseil|comite|bureau|commission)\s+[\w\s']{0,40}?"
    r"(?:decide|approuve|adopte|prend\s+acte|emet|autorise|valide|accepte)"
    r"|\bvote\s*:|\bpour\s*:\s*\d|\bvoix\s+pour|\badoptee?\s+a\b|\bapprouvee?\s+a\b"
))
ASSEMBLY = re.compile(
    r"\bseance\b|\breuni|\bconseil\s+(?:municipal|communautaire|departemental|regional|syndical|metropolitain)"
    r"|\bcomite\s+syndical|\bbureau\b|\bcommission\s+permanente"
)
ARRETE = quicken(re.compile(  # "ARRÊTE :", "Arrêté n° …" as a title; "vu l'arrêté n° …" is a citation
    r"(?<!l')(?<!un\s)(?<!cet\s)\b(?:arrete\s*(?::|$)|arretons\b"
    r"|arrete\s+(?:n\s*[°o]|municipal|prefectoral|du\s+maire|du\s+president))"
))


SESSION = quicken(re.compile(
    r"extrait\s+(?:du\s+registre\s+)?des\s+deliberations|s'est\s+reuni|se\s+sont\s+reuni"
    r"|s'est\s+assemble|\bseance\s+(?:ordinaire\s+|extraordinaire\s+|publique\s+)?du\s"
    r"|\bl'an\s+(?:deux|mil|\d)|conseil\s+(?:municipal|communautaire)\s+du\s"
    r"|\b(?:cr|compte[\s-]*rendu|proces[\s-]*verbal|pv)\s+(?:de\s+la\s+(?:seance|reunion)\s+)?du\s+(?:conseil|comite|bureau)"
    r"|liste\s+des\s+deliberations"
    # the act's own heading, dated ("Délibération n°2024/15 du 12 mars 2024"), not one cited ("vu la délibération …")
    r"|(?<!la\s)(?<!\sa\s)(?<!par\s)(?<!une\s)\bdeliberation\s+n\s*[°o][^\n]{1,25}?\bdu\s+\d"
    # a "DCM" label heading a line, an act of the council ("DCM 2024-15", "DCC n° 12")
    r"|(?m:^)[ \t]*dc[cm]\s*(?:n\s*[°o]\s*)?\d"
))


ATTENDANCE = re.compile(
    r"\bpresent(?:e|s|es)?\s*(?:\(\s*\d+\s*\)\s*)?:|\betaient\s+presents|\ben\s+exercice\b"
    r"|\bsecretaire\s+de\s+seance|\bquorum\b|\bdonne\s+pouvoir|\bprocurations?\s*:|\bpouvoirs?\s*:"
)
VOTED = quicken(re.compile(r"\b\d{1,3}\s+votes?\s+pour\b|\bvote\s*:\s*pour\b"
                   r"|liste\s+des\s+deliberations|deliberations\s+votees|releve\s+des\s+decisions"))


def is_deliberation(folded: str) -> bool:
    """Whether a document's (folded) text holds at least one deliberation.

    It needs a session heading ("Séance du …", "s'est réuni", "extrait du registre des
    délibérations") and either an attendance block or a deliberation verb or vote: a budget
    report or an annex dated from a session has neither. An arrêté is one person deciding.
    """
    head = folded[:6000]
    session = SESSION.search(folded[:8000])
    decided = DELIBERATED.search(folded) or VOTED.search(folded)
    strong = re.search(r"apres\s+en\s+avoir\s+(?:valablement\s+)?delibere", folded)
    if not (session or strong or ASSEMBLY.search(folded)):
        return False
    if not (ATTENDANCE.search(folded[:12000]) or decided):
        return False
    if not session and not decided:
        return False
    arrete = ARRETE.search(folded[:1500]) or re.search(r"\barrete\s*:|\barretons\b", head)
    return not (arrete and not re.search(r"apres\s+en\s+avoir\s+(?:valablement\s+)?delibere", head))
