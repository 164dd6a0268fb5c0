"""Votes and outcome: counts for/against/abstaining, unanimity, and the decision.

The vote of an item is the last vote block of its text (an earlier "pour : 21 ; contre : 0"
is usually a commission's opinion quoted in the considérants). Counts printed blank
("Contre : /", "Abstention :") are 0 when the block prints at least one count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registre.extract.dates import FiguredText

_N = r"(\d{1,3}|/|-|neant|aucune?|nul|0)"
POUR = re.compile(
    r"(?:\bont\s+vote\s+pour|\bvotes?\s+pour|\bvoix\s+pour|\bpour)\s*:\s*" + _N + r"?"
    r"|\b(\d{1,3})\s*(?:voix|votes?|suffrages?)\s+pour\b|\bpour\s*[:=]?\s*(\d{1,3})\s*(?:voix)?\b(?=[^.]{0,40}contre)"
)
CONTRE = re.compile(
    r"(?:\bont\s+vote\s+contre|\bvotes?\s+contre|\bvoix\s+contre|\bcontre)\s*:\s*" + _N + r"?"
    r"|(?<![:=]\s)(?<![:=])\b(\d{1,3})\s*(?:voix|votes?|suffrages?)?\s*contre\b"
)
ABSTENTION = re.compile(
    r"(?:\bse\s+sont\s+abstenus?|\babstentions?|\babstenus?)\s*:\s*" + _N + r"?"
    r"|\b(\d{1,3})\s*abstentions?\b"
)
UNANIMITY = re.compile(r"\bunanimit|\bunanimement\b")
MAJORITY = re.compile(r"\ba\s+la\s+majorite\b|\bmajorite\s+(?:absolue|des|pour)\b")
DECISIONS = [
    ("retiree", re.compile(r"\bretire(?:e)?\s+de\s+l'ordre\s+du\s+jour|\bpoint\s+retire|\bretrait\s+de\s+l'ordre")),
    ("ajournee", re.compile(r"\bajourne|\bpoint\s+reporte|\best\s+reporte|\bsursis\s+a\s+statuer|\breporte\s+a\s+une\s+(?:prochaine|date|seance)")),
    ("prend_acte", re.compile(r"\bprend(?:s|nent)?\s+acte\b|\bdonne\s+acte\b|\bpris\s+acte\b|\bactee\b")),
    ("rejetee", re.compile(r"\brejet(?:e|ee|te|tent)\b|\bn'(?:est|a)\s+pas\s+(?:ete\s+)?(?:adopte|approuve)|\brefuse\b")),
    ("adoptee", re.compile(
        r"\badopt|\bapprouv|\bdecide\b|\bdecident\b|\bvalide|\bdelibere\b|\baccepte|\bautorise|"
        r"\bemet\s+un\s+avis\s+favorable|\bunanimit|\ba\s+la\s+majorite\b|\bvote\s+pour\b|\bdonne\s+son\s+accord")),
]


@dataclass
class Vote:
    pour: int | None = None
    contre: int | None = None
    abstention: int | None = None
    unanimite: bool | None = None
    decision: str | None = None
    span: tuple[int, int] | None = None  # where the vote was read, in the item text


def _value(m: re.Match) -> int | None:
    raw = next((g for g in m.groups() if g is not None), None)
    if raw is None or not raw[0].isdigit():
        return 0
    return int(raw)


def _last(rx: re.Pattern, text: str, start: int = 0) -> re.Match | None:
    last = None
    for m in rx.finditer(text, start):
        last = m
    return last


def read_vote(text: str, figured: FiguredText | None = None, *, whole: bool = False) -> Vote:
    """The vote and outcome of one deliberation's text.

    Args:
        whole: look for unanimity and the outcome in the whole text (an extrait, whose
            sidebar may print "Adoptée à l'unanimité" at the top), not only its end.
    """
    ft = figured or FiguredText(text)
    t = ft.text
    vote = Vote()
    pour = _last(POUR, t)
    # the other counts belong to the same block: look near the last "pour"
    zone = max(0, pour.start() - 200) if pour else 0
    contre = _last(CONTRE, t, zone) if pour else None
    abst = _last(ABSTENTION, t, zone) if pour else _last(ABSTENTION, t)
    if pour:
        vote.pour = _value(pour)
        vote.contre = _value(contre) if contre else None
        vote.abstention = _value(abst) if abst else None
        vote.span = ft.span(pour.start(), pour.end())
        if vote.pour == 0 and not any(g and g[0].isdigit() for g in pour.groups()):
            vote.pour = None  # "Pour :" alone is no count
    elif abst and abst.group(abst.lastindex or 1):
        vote.abstention = _value(abst)
    tail = t if whole else t[-1500:]
    if MAJORITY.search(tail) or (vote.contre or 0) > 0 or (vote.abstention or 0) > 0:
        vote.unanimite = False
    elif UNANIMITY.search(tail):
        vote.unanimite = True
    vote.decision = _decision(tail, vote)
    return vote


def _decision(tail: str, vote: Vote) -> str | None:
    for name, rx in DECISIONS:
        if rx.search(tail):
            if name == "adoptee" and vote.pour is not None and vote.contre is not None \
                    and vote.contre > vote.pour:
                return "rejetee"
            return name
    if vote.pour is not None:
        return "adoptee" if (vote.contre or 0) < vote.pour else "rejetee"
    return None
