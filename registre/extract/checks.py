"""Consistency checks: they catch extraction errors and real anomalies, and never drop a record.

Each failed check adds "code: sentence" to ``checks`` and lowers the confidence of the fields
involved, which puts the record ahead in the review queue (``registre review``).

Two families:

- **consistency** (DESIGN.md, step 5): counts that must add up (votants = présents +
  représentés; pour + contre + abstention ≤ votants; présents ≥ quorum, CGCT L2121-17, unless
  the text lifts the rule; présents ≤ membres en exercice), dates in order (convocation ≤
  séance ≤ affichage / transmission), a person both present and absent with no arrival or
  departure noted, a list of présents that does not match the count, unanimité with votes
  against, a decision that contradicts its vote;
- **plausibility**: values that are almost always extraction errors — no objet, an objet cut
  in the middle ("… de", "Délibération n"), holding the vote or a rapporteur's name, a table of
  figures; no decision.

:data:`SESSION_CODES` names the checks about session-level fields (repeated in every item of a
compte rendu): the review queue counts such a failure once per document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from registre.extract.quick import anchored
from registre.extract.text import fold
from registre.model import Deliberation

PENALTY = 0.5  # a failed check multiplies the confidence of each field involved by this
SESSION_CODES = frozenset({
    "votants", "quorum", "presents_gt_exercice", "dates", "present_absent", "presents_names",
})  # fmt: skip
_VOTE_FIELDS = ("decision", "unanimite", "vote_pour", "vote_contre", "vote_abstention")
MAX_OBJET = 400  # characters: longer, the objet has swallowed the body

_QUORUM_LIFTED = anchored(re.compile(
    r"sans\s+(?:condition\s+de\s+)?quorum|quorum\s+(?:n'est|n'etant)\s+pas\s+(?:requis|exige|necessaire)"
    r"|(?:seconde|deuxieme|2e|2eme|nouvelle)\s+convocation|quorum\s+(?:n'a\s+pas\s+ete|n'ayant\s+pas\s+ete"
    r"|n'etait\s+pas|n'etant\s+pas)\s+atteint|quorum\s+(?:est\s+)?(?:leve|suspendu)"
    r"|(?:levee|suspension|suppression)\s+(?:de\s+la\s+regle\s+)?du\s+quorum"
))
_QUORUM_THIRD = re.compile(r"quorum\s+(?:est\s+)?(?:fixe|ramene|abaisse|porte)\s+au\s+tiers|tiers\s+des\s+membres")
_MOVEMENT = re.compile(
    r"\b(?:arrive|arrivee|arrivees|arrives|arrivant|quitte|quittent|depart|rejoint|rejoignent"
    r"|se\s+retire|se\s+retirent|sort\s+de\s+la\s+salle|sortie\s+de|entre\s+en\s+seance)\b"
)
_DANGLING = frozenset((
    "de", "du", "des", "la", "le", "les", "a", "au", "aux", "et", "ou", "n", "no", "pour", "sur",
    "d", "l", "en", "par", "avec", "dans", "un", "une", "entre", "vers",
))  # fmt: skip
_VOTE_WORDS = re.compile(
    r"\b(?:majorite|unanimite|abstentions?|(?:pour|contre)\s*:\s*\d+|\d+\s+(?:voix|pour|contre))\b"
)
_CIVILITY = re.compile(r"^(?:m|mme|mmes|mm|mlle|monsieur|madame|mesdames|messieurs|me|dr)\.?$")
_TRAILING_NAME = re.compile(
    r"(\S+)\s+[A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)*\s+[A-ZÀ-Þ]{2,}(?:[-\s][A-ZÀ-Þ]{2,})?\s*$"
)
_ITEM_NUMBER = re.compile(r"^\s*(?:(?:(?:[IVX]{1,4}|\d{1,2})[.)]\s*){1,3}|\d{1,2}\s+)[:\-]?\s*[A-ZÀ-Þ]")
_NOT_DELIBERATED = re.compile(r"^\W*(?:questions?|informations?|communications?)\s+diverses\b")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


@dataclass(frozen=True)
class Failure:
    """A failed check: its code, a sentence for people, and the fields it puts in doubt."""

    code: str
    sentence: str
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.code}: {self.sentence}"

    @property
    def session(self) -> bool:
        """True when the failure is about session-level fields (repeated in every item)."""
        return self.code in SESSION_CODES


Check = Callable[[Deliberation], Iterable[Failure]]


def _votants(d: Deliberation) -> Iterator[Failure]:
    if None not in (d.votants, d.presents, d.representes) and d.votants != d.presents + d.representes:
        yield Failure("votants", f"votants ({d.votants}) ≠ présents ({d.presents}) + représentés ({d.representes})",
                      ("votants", "presents", "representes"))


def _vote_sum(d: Deliberation) -> Iterator[Failure]:
    """Votes cast ≤ votants; without votants, ≤ présents + représentés, else ≤ membres."""
    counts = (d.vote_pour, d.vote_contre, d.vote_abstention)
    if all(v is None for v in counts):
        return
    total = sum(v or 0 for v in counts)
    if d.votants is not None:
        bound, label, fields = d.votants, "votants", ("votants",)
    elif None not in (d.presents, d.representes):
        bound, label, fields = d.presents + d.representes, "présents + représentés", ("presents", "representes")
    elif d.membres_en_exercice is not None:
        bound, label, fields = d.membres_en_exercice, "membres en exercice", ("membres_en_exercice",)
    else:
        return
    if total > bound:
        yield Failure("vote_sum", f"pour + contre + abstention ({total}) > {label} ({bound})",
                      ("vote_pour", "vote_contre", "vote_abstention", *fields))


def _quorum(d: Deliberation) -> Iterator[Failure]:
    if None in (d.presents, d.membres_en_exercice) or d.presents > d.membres_en_exercice:
        return
    text = fold(d.text)
    if _QUORUM_LIFTED.search(text):
        return
    if _QUORUM_THIRD.search(text):  # the 2020–2022 emergency rule: a third of the members
        if d.presents * 3 < d.membres_en_exercice:
            yield Failure("quorum", f"présents ({d.presents}) < a third of membres en exercice "
                          f"({d.membres_en_exercice})", ("presents", "membres_en_exercice"))
        return
    if d.presents * 2 <= d.membres_en_exercice:  # quorum: MORE than half (CGCT L2121-17)
        yield Failure("quorum", f"présents ({d.presents}) ≤ half of membres en exercice "
                      f"({d.membres_en_exercice}) and the text lifts no quorum rule",
                      ("presents", "membres_en_exercice"))


def _presents_le_exercice(d: Deliberation) -> Iterator[Failure]:
    if None not in (d.presents, d.membres_en_exercice) and d.presents > d.membres_en_exercice:
        yield Failure("presents_gt_exercice",
                      f"présents ({d.presents}) > membres en exercice ({d.membres_en_exercice})",
                      ("presents", "membres_en_exercice"))


def _dates_order(d: Deliberation) -> Iterator[Failure]:
    seance = d.date_seance
    if seance and d.date_convocation and d.date_convocation > seance:
        yield Failure("dates", f"convocation ({d.date_convocation}) after séance ({seance})",
                      ("date_convocation", "date_seance"))
    for field, label in (("date_affichage", "affichage"), ("date_transmission", "transmission")):
        value = getattr(d, field)
        if seance and value and value < seance:
            yield Failure("dates", f"{label} ({value}) before séance ({seance})", (field, "date_seance"))
    if seance and seance > date.today().isoformat():
        yield Failure("dates", f"séance ({seance}) in the future", ("date_seance",))


_KEY_WORD = re.compile(r"[a-z0-9]+")


def _name_key(name: str) -> str:
    """"Philippe VARLET" == "VARLET Philippe": folded words, sorted."""
    return " ".join(sorted(_KEY_WORD.findall(fold(name))))


def _names_count(d: Deliberation) -> Iterator[Failure]:
    if d.presents is not None and d.presents_noms and len(d.presents_noms) != d.presents:
        yield Failure("presents_names", f"{len(d.presents_noms)} names listed present, count says {d.presents}",
                      ("presents", "presents_noms"))


def _unanimity(d: Deliberation) -> Iterator[Failure]:
    if d.unanimite and (d.vote_contre or 0) > 0:
        yield Failure("unanimite_contre", f"unanimité with {d.vote_contre} vote(s) against",
                      ("unanimite", "vote_contre"))


def _decision_votes(d: Deliberation) -> Iterator[Failure]:
    pour, contre = d.vote_pour, d.vote_contre
    if None in (pour, contre, d.decision):
        return
    if d.decision == "adoptee" and contre > pour or d.decision == "rejetee" and pour > contre:
        yield Failure("decision_votes", f"{d.decision} with {pour} pour and {contre} contre",
                      ("decision", "vote_pour", "vote_contre"))


def _present_and_absent(d: Deliberation) -> Iterator[Failure]:
    absent = {_name_key(n): n for n in d.absents_noms or []}
    both = sorted(absent[k] for k in {_name_key(n) for n in d.presents_noms or []} if k in absent)
    if both and not _MOVEMENT.search(fold(d.text)):
        yield Failure("present_absent", f"listed both present and absent, no arrival or departure noted: "
                      f"{', '.join(both)}", ("presents_noms", "absents_noms"))


def objet_doubts(objet: str | None) -> list[str]:
    """Why an objet looks like an extraction error ([] when it looks like a real one)."""
    if not objet or not objet.strip():
        return ["no objet found"]
    folded = fold(objet)
    tokens = re.findall(r"[a-z0-9]+", folded)
    out = []
    if tokens and tokens[-1] in _DANGLING or re.search(r"\bn\s*°\s*$", folded):
        out.append("it ends in the middle of a phrase")
    if sum(1 for t in tokens if t.isalpha() and len(t) >= 4) < 2:
        out.append("it holds no real words")
    if _VOTE_WORDS.search(folded):
        out.append("it holds the vote")
    if _ITEM_NUMBER.match(objet):
        out.append("it starts with an item number")
    if _NOT_DELIBERATED.match(folded):
        out.append("questions and information are not deliberated")
    name = _TRAILING_NAME.search(objet)
    if name and not _CIVILITY.match(fold(name.group(1))):
        out.append("it ends with a person's name")
    figures = [t for t in tokens if t.isdigit() and not _YEAR.match(t)]
    if len(objet) > MAX_OBJET or len(tokens) >= 8 and len(figures) * 5 > len(tokens):
        out.append("it runs into the body or a table")
    return out


def _objet(d: Deliberation) -> Iterator[Failure]:
    doubts = objet_doubts(d.objet)
    if doubts:  # a vote read into the objet was probably not read where it belongs
        fields = ("objet", *_VOTE_FIELDS) if "it holds the vote" in doubts else ("objet",)
        yield Failure("objet", "; ".join(doubts), fields)


def _decision(d: Deliberation) -> Iterator[Failure]:
    if d.decision is None:
        yield Failure("decision", "no decision found", ("decision", "unanimite"))


CHECKS: list[Check] = [
    _votants, _vote_sum, _quorum, _presents_le_exercice, _dates_order, _names_count, _unanimity,
    _decision_votes, _present_and_absent, _objet, _decision,
]


def find_failures(delib: Deliberation) -> list[Failure]:
    """Run every check on a deliberation, changing nothing.

    Args:
        delib: the deliberation (its ``text`` is searched for quorum and arrival wording).

    Returns:
        The failed checks, in :data:`CHECKS` order.
    """
    return [failure for check in CHECKS for failure in check(delib)]


def _lower(delib: Deliberation, failure: Failure, factor: float, fixed: Iterable[str] = ()) -> None:
    for field in failure.fields:
        if field in delib.confidence and field not in fixed:
            delib.confidence[field] = round(min(1.0, delib.confidence[field] * factor), 3)


def run_checks(delib: Deliberation) -> list[str]:
    """Run every check; record failures in ``delib.checks`` and lower confidences.

    Returns:
        ``delib.checks`` ("code: sentence" lines).
    """
    for failure in find_failures(delib):
        delib.checks.append(str(failure))
        _lower(delib, failure, PENALTY)
    return delib.checks


def update_checks(before: Deliberation, after: Deliberation, *, fixed: Iterable[str] = ()) -> list[str]:
    """Check a deliberation again after a person changed some of its values.

    A check that failed before and passes now gives back the confidence it took; a check
    that fails now and did not before takes it; fields in ``fixed`` (set by a person) keep
    theirs.

    Args:
        before: the deliberation as it was (its ``checks`` already recorded).
        after: the same deliberation with the new values; its ``checks`` and ``confidence``
            are updated in place.
        fixed: fields whose confidence must not change.

    Returns:
        ``after.checks``.
    """
    fixed = set(fixed)
    # only the failures recorded on ``before`` took confidence (rules may have changed since)
    old = [f for f in find_failures(before) if str(f) in before.checks]
    new = find_failures(after)
    for failure in old:
        if failure not in new:
            _lower(after, failure, 1 / PENALTY, fixed)
    for failure in new:
        if failure not in old:
            _lower(after, failure, PENALTY, fixed)
    after.checks = [str(f) for f in new]
    return after.checks
