"""Consistency checks: they catch extraction errors and real anomalies, and never drop a record.

Each failed check adds "code: sentence" to ``checks`` and lowers the confidence of the fields
involved, which puts the record ahead in the review queue.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from registre.extract.text import fold
from registre.model import Deliberation

PENALTY = 0.5


def _votants(d: Deliberation):
    if None not in (d.votants, d.presents, d.representes) and d.votants != d.presents + d.representes:
        return ("votants", f"votants ({d.votants}) ≠ présents ({d.presents}) + représentés ({d.representes})",
                ("votants", "presents", "representes"))
    return None


def _vote_sum(d: Deliberation):
    total = sum(v or 0 for v in (d.vote_pour, d.vote_contre, d.vote_abstention))
    if d.votants is not None and d.vote_pour is not None and total > d.votants:
        return ("vote_sum", f"pour + contre + abstention ({total}) > votants ({d.votants})",
                ("vote_pour", "vote_contre", "vote_abstention", "votants"))
    return None


def _quorum(d: Deliberation):
    lifted = re.search(r"quorum\s+(?:n'est\s+pas\s+requis|leve|suspendu)|seconde\s+convocation|"
                       r"deuxieme\s+convocation|sans\s+condition\s+de\s+quorum", fold(d.text))
    if None not in (d.presents, d.membres_en_exercice) and not lifted \
            and d.presents <= d.membres_en_exercice // 2:
        return ("quorum", f"présents ({d.presents}) ≤ half of membres en exercice ({d.membres_en_exercice})",
                ("presents", "membres_en_exercice"))
    return None


def _presents_le_exercice(d: Deliberation):
    if None not in (d.presents, d.membres_en_exercice) and d.presents > d.membres_en_exercice:
        return ("presents_gt_exercice", f"présents ({d.presents}) > membres en exercice ({d.membres_en_exercice})",
                ("presents", "membres_en_exercice"))
    return None


def _dates_order(d: Deliberation):
    if d.date_seance and d.date_convocation and d.date_convocation > d.date_seance:
        return ("dates", "convocation after séance", ("date_convocation", "date_seance"))
    for field in ("date_affichage", "date_transmission"):
        value = getattr(d, field)
        if d.date_seance and value and value < d.date_seance:
            return ("dates", f"{field} before séance", (field, "date_seance"))
    return None


def _names_count(d: Deliberation):
    if d.presents is not None and d.presents_noms and abs(len(d.presents_noms) - d.presents) > 1:
        return ("presents_names", f"{len(d.presents_noms)} names listed present, count says {d.presents}",
                ("presents", "presents_noms"))
    return None


def _unanimity(d: Deliberation):
    if d.unanimite and (d.vote_contre or 0) > 0:
        return ("unanimite_contre", "unanimité with votes against", ("unanimite", "vote_contre"))
    return None


def _present_and_absent(d: Deliberation):
    both = {fold(n) for n in d.presents_noms or []} & {fold(n) for n in d.absents_noms or []}
    if both and not re.search(r"arriv|quitte|depart|partir\s+de", fold(d.text)):
        return ("present_absent", f"listed both present and absent: {', '.join(sorted(both))}",
                ("presents_noms", "absents_noms"))
    return None


CHECKS: list[Callable[[Deliberation], tuple[str, str, tuple[str, ...]] | None]] = [
    _votants, _vote_sum, _quorum, _presents_le_exercice, _dates_order, _names_count, _unanimity,
    _present_and_absent,
]


def run_checks(delib: Deliberation) -> list[str]:
    """Run every check; record failures in ``delib.checks`` and lower confidences."""
    for check in CHECKS:
        failed = check(delib)
        if not failed:
            continue
        code, sentence, fields = failed
        delib.checks.append(f"{code}: {sentence}")
        for field in fields:
            if field in delib.confidence:
                delib.confidence[field] = round(delib.confidence[field] * PENALTY, 3)
    return delib.checks
