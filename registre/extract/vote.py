"""Votes and outcome: counts for/against/abstaining, unanimity, and the decision.

The vote of an item is the last vote block of its text (an earlier "pour : 21 ; contre : 0"
is usually a commission's opinion quoted in the considérants). Counts printed blank
("Contre : /", "Abstention :") are 0 when the block prints at least one count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registre.extract.dates import FiguredText, figured_text
from registre.extract.quick import Anchored, anchored, quicken

_N = r"(\d{1,3}|/|-|neant|aucune?|nul|0)"
# the counts, searched near their words
POUR = anchored(quicken(re.compile(
    r"(?:\bont\s+vote\s+pour|\bvotes?\s+pour|\bvoix\s+pour|\bpour)\s*:\s*" + _N + r"?"
    r"|(?<![:=][ \t])(?<![:=])\b(\d{1,3})\s*(?:voix|votes?|suffrages?)\s+pour\b"
    r"|(?<![:=/.\w-])(\d{1,3})[ \t]+pour\b(?=[^.]{0,30}\bcontre)"
    # "0 contre, 0 abstention, 11 pour", "8 voix contre et 5 pour"
    r"|(?:(?<=(?:contre|ention|ntions)[,;] )|(?<=(?:contre|ention|ntions) et ))(\d{1,3})[ \t]+pour\b"
    r"|\bpour\s*[:=]?\s*(\d{1,3})\s*(?:voix)?\b(?=[^.]{0,40}contre)"
    # "Vote : 11 voix pour": the vote's own label before its first count
    r"|\b(?:votes?|scrutin|resultat(?:\s+du\s+vote)?)\s*:\s*(\d{1,3})\s*(?:voix|votes?|suffrages?)?\s+pour\b"
)))
CONTRE = anchored(quicken(re.compile(
    r"(?:\bont\s+vote\s+contre|\bvotes?\s+contre|\bvoix\s+contre|\bcontre)\s*:\s*" + _N + r"?"
    r"|(?<![:=][ \t])(?<![:=])\b(\d{1,3})\s*(?:voix|votes?|suffrages?)?\s*contre\b(?!\s*:\s*\d)"
)))
ABSTENTION = anchored(quicken(re.compile(
    r"(?:\bse\s+sont\s+abstenus?|\babstentions?|\babstenus?)\s*:\s*" + _N + r"?"
    r"|(?<![:=][ \t])(?<![:=])\b(\d{1,3})\s*abstentions?\b(?!\s*:\s*\d)"  # "0 Abstentions : 4": a label
)))
# "par 10 voix contre 4": ten for, four against
VOICES_AGAINST = anchored(re.compile(
    r"\bpar\s+(?P<pour>\d{1,3})\s+voix\s+contre\s+(?P<contre>\d{1,3})\b(?!\s*(?:voix\s+)?pour)"))
# "Pour 13 Contre 0 Abstention 2": each label before its count, without colons (on folded text)
LABEL_VALUE_ROW = re.compile(r"pour\s+(?P<pour>\d{1,3})\s*[,;–-]?\s*contre\s+(?P<contre>\d{1,3})"
                             r"(?:\s*[,;–-]?\s*abstentions?\s+(?P<abst>\d{1,3}))?\b")
MAJORITY_WITH = re.compile(  # "Majorité pour 3 votes contre"
    r"(?i)\bmajorit[ée]\s+(?P<pour>pour)\s+(?=\d{1,3}\s+(?:votes?\s+|voix\s+)?(?:contre|abstention))")
UNANIMITY = anchored(quicken(re.compile(r"\bunanimit|\bunanimement\b")))
MAJORITY = anchored(quicken(re.compile(r"\ba\s+la\s+majorite\b|\bmajorite\s+(?:absolue|des|pour)\b")))
DECISIONS = [(name, anchored(quicken(rx))) for name, rx in [  # searched near their words
    ("retiree", re.compile(r"\bretire(?:e)?\s+de\s+l'ordre\s+du\s+jour|\bpoint\s+retire|\bretrait\s+de\s+l'ordre")),
    ("ajournee", re.compile(r"\bajourne|\bpoint\s+reporte|\best\s+reporte|\bsurs(?:is|oit|eoir)\s+a\s+statuer"
                            r"|\breporte\s+a\s+une\s+(?:prochaine|date|seance)")),
    # "prend acte de la tenue du débat" is the decision; "prend acte que …" one of its clauses
    ("prend_acte", re.compile(r"\b(?:prend(?:s|nent)?|donne|pris)\s+acte\b(?!\s+(?:que|qu'))|\bactee\b")),
    ("rejetee", re.compile(r"\brejet(?:e|ee|te|tent)\b|\bn'(?:est|a)\s+pas\s+(?:ete\s+)?(?:adopte|approuve)"
                           r"|\bn'(?:approuve|adopte|accepte|autorise)(?:nt)?\s+pas\b"
                           r"|\brefuse\b")),
    ("adoptee", re.compile(
        r"\badopt|\bapprouv|\bapprobation\b|\bdecide\b|\bdecident\b|\bvalide|\bdelibere\b|\baccepte|\bautorise|"
        r"\bemet\s+un\s+avis\s+favorable|\bunanimit|\ba\s+la\s+majorite\b|\bvote\s+pour\b|\bdonne\s+son\s+accord")),
]]


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


OPINION = re.compile(r"\b(?:avis|commissions?)\b[^().]{0,160}\([^()]{0,60}$")  # same sentence
LABELLED = re.compile(r":\s*\S")


def _blocks(rx: re.Pattern[str] | Anchored, text: str) -> list[re.Match]:
    """Vote counts, leaving out a commission's opinion quoted in parentheses."""
    return [m for m in rx.finditer(text)
            if not OPINION.search(text[max(0, m.start() - 200):m.start()])]


def read_vote(text: str, figured: FiguredText | None = None, *, whole: bool = False) -> Vote:
    """The vote and outcome of one deliberation's text.

    Args:
        whole: look for unanimity and the outcome in the whole text (an extrait, whose
            sidebar may print "Adoptée à l'unanimité" at the top), not only its end.
    """
    ft = figured or figured_text(text)
    t = ft.text
    shorthand = MAJORITY_WITH.search(t)
    if shorthand:  # "Majorité pour 3 votes contre": the 3 voted against, the majority for
        t = t[:shorthand.start("pour")] + " " * 4 + t[shorthand.end("pour"):]
    vote = Vote()
    pours = _blocks(POUR, t)
    pour = pours[-1] if pours else None
    if pour:  # the other counts belong to the same block
        lo, hi = max(0, pour.start() - 200), min(len(t), pour.end() + 250)
        contre = _last_in(CONTRE, t, lo, hi)
        abst = _last_in(ABSTENTION, t, lo, hi)
        vote.pour = _value(pour)
        if vote.pour == 0 and not any(g and g[0].isdigit() for g in pour.groups()):
            vote.pour = None  # "Pour :" alone is no count
        vote.span = ft.span(pour.start(), pour.end())
    else:  # "Voix contre : 0 Abstentions : 4" without a "pour" line
        contre = _last_labelled(_blocks(CONTRE, t))
        abst = _last_labelled(_blocks(ABSTENTION, t))
    vote.contre = _value(contre) if contre else None
    vote.abstention = _value(abst) if abst else None
    against = _last(VOICES_AGAINST, t)
    if against and not pour:
        vote.pour, vote.contre = int(against.group("pour")), int(against.group("contre"))
        vote.span = ft.span(against.start(), against.end())
    row = LABEL_VALUE_ROW.match(t, pour.start()) if pour else None
    if row:  # "13 Contre" there is no count against: the 13 voted for
        vote.contre = int(row.group("contre"))
        vote.abstention = int(row.group("abst")) if row.group("abst") else vote.abstention
    tail_start = 0 if whole else max(0, len(t) - 1500)
    vote.unanimite = _unanimity(t, tail_start, pour, vote)
    vote.decision = _decision(t[tail_start:], vote)
    if shorthand and vote.decision is None:
        vote.decision = "adoptee"
    return vote


def without_counts(vote: Vote, text: str) -> Vote:
    """The vote of ``text`` read without its counts, which were not the assembly's (more votes
    than members: a poll of the population, a commission's figures)."""
    tail = figured_text(text).text[-1500:]
    return Vote(unanimite=True if vote.unanimite else None, decision=_decision(tail, Vote()))


def _last_in(rx: re.Pattern[str] | Anchored, text: str, lo: int, hi: int) -> re.Match | None:
    found = [m for m in rx.finditer(text, lo, hi)]
    return found[-1] if found else None


def _last_labelled(matches: list[re.Match]) -> re.Match | None:
    labelled = [m for m in matches if LABELLED.search(m.group(0)) or m.group(0)[0].isdigit()]
    return labelled[-1] if labelled else None


# "M. X s'abstenant", "Mme Y s'est abstenue": an abstention named, not counted
ABSTAINED = anchored(re.compile(
    r"\bs'abst(?:ient|iennent|enant|enu)\b|\bs'est\s+abstenue?\b|\bse\s+sont\s+abstenue?s\b(?!\s*:)"))


def _unanimity(t: str, tail_start: int, block: re.Match | None, vote: Vote) -> bool | None:
    """True when unanimity is the last word; False for a majority or votes against/abstaining."""
    unan = _last(UNANIMITY, t, tail_start)
    maj = _last(MAJORITY, t, tail_start)
    split = (vote.contre or 0) > 0 or (vote.abstention or 0) > 0 or bool(ABSTAINED.search(t, tail_start))
    if unan and (block is None or unan.start() > block.end()) and not (maj and maj.start() > unan.start()):
        return bool(not (split and block is None))
    if maj or split:
        return False
    return True if unan else None


APPROVED_AFTER = re.compile(r"\b(?:approuve|adopte|vote)(?:nt|e|es|s)?\b(?!\s+(?:par|le\s+rapport))")


def _decision(tail: str, vote: Vote) -> str | None:
    for name, rx in DECISIONS:
        if (m := rx.search(tail)):
            if name == "prend_acte" and APPROVED_AFTER.search(tail, m.end()):
                return "adoptee"  # "donne acte de la présentation du compte, approuve les montants"
            if name == "adoptee" and vote.pour is not None and vote.contre is not None \
                    and vote.contre > vote.pour:
                return "rejetee"
            if name == "rejetee" and vote.pour is not None and vote.pour > (vote.contre or 0):
                return "adoptee"  # the counts say it; a "refuse" in the debate does not
            return name
    if vote.pour is not None:
        return "adoptee" if (vote.contre or 0) < vote.pour else "rejetee"
    return None
