"""Is this a deliberation at all? Arrêtés, budget annexes and reports are not.

A deliberation is an assembly deciding: it names a session or a deliberating body AND says
that it deliberated, voted or decided. An arrêté is one person deciding ("Le Maire … ARRÊTE").
"""

from __future__ import annotations

import re

DELIBERATED = re.compile(
    r"apres\s+en\s+avoir\s+(?:valablement\s+)?delibere|\bdelibere\b|a\s+l'unanimite|a\s+la\s+majorite"
    r"|\b(?:le|la)\s+(?:conseil|comite|bureau|commission)\s+[\w\s']{0,40}?"
    r"(?:decide|approuve|adopte|prend\s+acte|emet|autorise|valide|accepte)"
    r"|\bvote\s*:|\bpour\s*:\s*\d|\bvoix\s+pour|\badoptee?\s+a\b|\bapprouvee?\s+a\b"
)
ASSEMBLY = re.compile(
    r"\bseance\b|\breuni|\bconseil\s+(?:municipal|communautaire|departemental|regional|syndical|metropolitain)"
    r"|\bcomite\s+syndical|\bbureau\b|\bcommission\s+permanente"
)
ARRETE = re.compile(  # "ARRÊTE :", "Arrêté n° …" as a title; "vu l'arrêté n° …" is a citation
    r"(?<!l')(?<!un\s)(?<!cet\s)\b(?:arrete\s*(?::|$)|arretons\b"
    r"|arrete\s+(?:n\s*[°o]|municipal|prefectoral|du\s+maire|du\s+president))"
)


SESSION = re.compile(
    r"extrait\s+(?:du\s+registre\s+)?des\s+deliberations|s'est\s+reuni|se\s+sont\s+reuni"
    r"|s'est\s+assemble|\bseance\s+(?:ordinaire\s+|extraordinaire\s+|publique\s+)?du\s"
    r"|\bl'an\s+(?:deux|mil|\d)|conseil\s+(?:municipal|communautaire)\s+du\s"
)


def is_deliberation(folded: str) -> bool:
    """Whether a document's (folded) text holds at least one deliberation.

    A session heading ("Séance du …", "s'est réuni", "extrait du registre des délibérations")
    is enough — extraits are often cut before their vote; otherwise an assembly must be
    named and a deliberation verb or vote printed.
    """
    head = folded[:6000]
    session = SESSION.search(folded[:8000])
    if not session and not (DELIBERATED.search(folded) and ASSEMBLY.search(folded)):
        return False
    arrete = ARRETE.search(folded[:1500]) or re.search(r"\barrete\s*:|\barretons\b", head)
    if arrete and not re.search(r"apres\s+en\s+avoir\s+(?:valablement\s+)?delibere", head):
        return False
    return True
