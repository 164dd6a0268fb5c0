"""Where a text decides: the evidence that makes a stretch of text a deliberation.

A deliberation is an assembly deciding. French acts and minutes say so in a few ways, whatever
their layout: the assembly's vote (« à l'unanimité », « par 12 voix pour », « Pour : 12 »,
« VOTE : »), its deliberating (« Après en avoir délibéré »), the assembly as the subject of a
decision verb (« le Conseil municipal … décide / approuve / autorise »), the operative verbs
of the dispositif in capitals (« DÉCIDE de … », « AUTORISE le Maire … »), taking note
(« prend acte »), an election's result (« est proclamé élu »), or an outcome stated in the
passive (« Le procès-verbal est adopté à l'unanimité »). Each is found here with its span, on
the folded text (see :func:`registre.extract.text.fold`), so that segmentation can ask of a
candidate item whether it decides anything.

What is *not* evidence: a title's noun (« Approbation du budget », « Vote des taux »), an
infinitive (« il est proposé d'approuver », « invité à prendre acte »), a count of those
present (« Présents : 12 »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registre.extract.quick import anchored, quicken

# The verbs of a dispositif, as the assembly's finite present (« décide », « DÉCIDE »).
OPERATIVE_VERBS = (
    "decide", "approuve", "autorise", "adopte", "accepte", "valide", "fixe", "designe", "elit", "attribue",
    "accorde", "octroie", "emet", "sollicite", "charge", "mandate", "confirme", "modifie", "vote",
    "opte", "retient", "renouvelle", "instaure", "institue", "cree", "supprime", "abroge", "annule", "refuse",
    "rejette", "donne", "delegue", "precise", "dit", "prend", "procede", "entérine", "approuvent", "decident",
)
_VERB = "|".join(sorted(OPERATIVE_VERBS, key=len, reverse=True))
ASSEMBLY = (r"(?:le|la|l')\s*(?:conseil|bureau|comite|commission|assemblee|organe\s+deliberant)"
            r"(?:\s+(?:municipal|communautaire|syndical|departemental|regional|metropolitain|territorial"
            r"|d'administration|permanente|de\s+communaute|du\s+syndicat))?")

# On the folded text.
# (Each alternative starts with a word or a figure: the leading look-ahead lets the engine skip
# every other position at once.)
VOTE = quicken(re.compile(
    r"(?=[uapcvrnm])(?:\bunanimite\b|\bunanimement\b|\bunanimes?\b(?!\s+des\s+maires)"
    r"|\ba\s+la\s+majorite\s+(?:absolue|relative|qualifiee|des|de\s+ses)|\ba\s+la\s+majorite\b(?=[\s,.;:])"
    r"|\bpar\s+\d{1,3}\s+(?:voix|votes?|suffrages?)\b"
    r"|\b(?:votes?|voix)\s+pour\s*:\s*\d|\bpour\s*:\s*\d{1,3}\b|\bcontre\s*:\s*(?:\d{1,3}|/|-|0|neant)"
    r"|\babstentions?\s*:\s*(?:\d{1,3}|/|-|neant)"
    r"|(?:^|(?<=[\s.]))vo[tr]e\s*(?:du\s+conseil\s*)?:|\bresultat\s+du\s+vote\b|\bvote\s+(?:a\s+l'unanimite|favorable)"
    r"|\bne\s+prend\s+pas\s+part\s+au\s+vote\b|\bmajorite\s+pour\s+\d)"
    r"|(?=\d)(?:\b\d{1,3}\s+(?:voix|votes?|suffrages?)\s+(?:pour|contre)\b|\b\d{1,3}\s+pour\b[^.\n]{0,20}\b\d{1,3}\s+contre\b"
    r"|\b\d{1,3}\s+abstentions?\b)"
))
DELIBERATED = quicken(re.compile(
    r"\bapres\s+(?:en\s+)?avoir\s+(?:valablement\s+|longuement\s+)?delibere|\bapres\s+deliberation\b"
    r"|\bdelibere\s+(?:et\s+)?(?:a|par)\b|\bayant\s+delibere\b|\ble\s+conseil\s+(?:\w+\s+)?delibere\b"
))
ASSEMBLY_DECIDES = quicken(re.compile(
    ASSEMBLY + r"\s*,?[^.;:]{0,120}?(?<!\ba )(?<!\bont )(?<!\bavait )(?<!\bavaient )\b(?:" + _VERB + r")\b"
))
TAKES_NOTE = quicken(
    re.compile(r"\b(?:prend|prennent|a\s+pris|ont\s+pris|donne|donnent)\s+acte\b|\bacte\s+est\s+pris\b"))
ELECTED = quicken(re.compile(
    r"\b(?:est|sont|a\s+ete|ont\s+ete)\s+(?:proclamee?s?|declaree?s?|elue?s?)\s+(?:elue?s?\b|a\s+l'unanimite|au\s+\w+\s+tour"
    r"|par\s+\d|avec\s+\d)|\ba\s+obtenu\s+\d{1,3}\s+(?:voix|suffrages)|\bont\s+obtenu\s*:"
))
OPINION = quicken(re.compile(r"\b(?:emet|emettent|donne)\s+un\s+avis\s+(?:favorable|defavorable|positif|negatif)"
                     r"|\bavis\s+favorable\s+(?:a\s+l'unanimite|unanime)"))
# "Le procès-verbal … est adopté", "Ce maintien est validé", "Adopté à l'unanimité"
PASSIVE = quicken(re.compile(
    r"\b(?:est|sont|a\s+ete|ont\s+ete)\s+(?:adoptee?s?|approuvee?s?|rejetee?s?|validee?s?|acceptee?s?|votee?s?)\b"
    r"|(?:^|(?<=[\s.:;|]))(?<!etre )(?:adoptee?s?|approuvee?s?|rejetee?s?)\s+(?:a\s+l'|a\s+la\s+majorite|par\s+\d)"
))
# An item postponed or withdrawn is decided too: "Point reporté à une prochaine séance".
POSTPONED = quicken(re.compile(r"\bpoint\s+(?:reporte|retire|ajourne)|\b(?:est|sont)\s+(?:reporte|ajourne|retire)e?s?\b"
                       r"|\bretiree?s?\s+de\s+l'ordre\s+du\s+jour|\bsursis\s+a\s+statuer"))
# A table's outcome cell, or an outcome after its subject in informal minutes: "Approuvée",
# "Approuvé en conseil communautaire le 19 décembre 2019" on a plan's cover: an act of another
# day, cited (on folded text)
APPROVED_THEN = re.compile(r"\s+(?:en|par\s+(?:le|la|l'))\s*(?:conseil|comite|bureau|assemblee|commission)"
                           r"[\w' -]{0,40}?\s(?:le|du|en\s+date\s+du)\s+\d")
# "Modification des statuts validée", "Rapport de la CLECT acté" (then a new phrase or the end).
OUTCOME_CELL = quicken(
    re.compile(r"(?<![\w'’])(?:Approuv|Adopt|Rejet|APPROUV|ADOPT|REJET)(?:[ée]|É)(?:e|E)?(?:s|S)?(?![\w'’])"))
OUTCOME_AFTER = quicken(re.compile(
    # not a noun after a figure or a determiner ("lors des 2 votes.", "les actes.")
    r"(?<=[a-z0-9)] )(?<!\s\d )(?<!\s\d\d )(?<!\ba )(?<!\bont )(?<!\bete )(?<!\betre )(?<!\bsera )"
    r"(?<!\bles )(?<!\bdes )(?<!\bces )(?<!\baux )(?<!\bdeux )(?<!\bses )(?<!\bnos )(?<!\bvos )(?<!\bleurs )"
    r"(?:validee?s?|actee?s?|adoptee?s?|approuvee?s?|votee?s?|acceptee?s?|rejetee?s?|refusee?s?)(?=\s*(?:[.;]|$|\n))"
))
# "Modification des statuts validée Rapport de la CLECT acté Fibre …": flattened minutes run
# the next subject on after the outcome.
OUTCOME_AFTER_TITLE = quicken(re.compile(
    r"(?<=[a-zà-ÿA-Z0-9)] )(?:validée?s?|actée?s?|adoptée?s?|approuvée?s?|votée?s?|acceptée?s?)(?=\s+[A-ZÀ-Ý][a-zà-ÿ])"
))
# Informal minutes may state a decision as their subject's noun ("Présentation et adoption du
# budget primitif"): evidence only where items are opened by their subjects, never in an agenda.
NOMINAL = quicken(re.compile(r"\b(?:adoption|approbation|validation)\s+(?:du|de\s+la|des|de\s+l')"))
# A dispositif verb in capitals opening its clause: "DÉCIDE d'attribuer", "AUTORISE le Maire".
CAPITAL_VERB = quicken(re.compile(
    r"(?<![\w'’])(?:" + "|".join(v.upper() for v in OPERATIVE_VERBS if v not in ("dit", "vote", "donne", "prend"))
    + r"|DÉCIDE|DECIDENT|DÉCIDENT|ÉMET|DÉSIGNE|ÉLIT|CRÉE|PRÉCISE|PREND\s+ACTE|DONNE\s+ACTE|DIT\s+QUE)"
    r"(?![\w'’])(?=\s*:?\s*[«\"(]?\s*(?:[a-zà-ÿ]|[A-ZÀ-Ý][a-zà-ÿ]|l['’]|à\s|M\.\s))"
))


@dataclass(frozen=True)
class Evidence:
    """A place where the text decides: its span in the document and what it says."""

    start: int
    end: int
    kind: str  # vote, deliberated, assembly, operative, takes_note, elected, opinion, passive


# each searched near the words its matches hold (a document is read by thirteen rules), but the
# assembly ("conseil" is everywhere) and the capital verbs (45 words) are faster scanned at once
_RULES = (("vote", anchored(VOTE)), ("deliberated", anchored(DELIBERATED)), ("assembly", ASSEMBLY_DECIDES),
          *((kind, anchored(rx)) for kind, rx in (
              ("takes_note", TAKES_NOTE), ("elected", ELECTED), ("opinion", OPINION), ("passive", PASSIVE),
              ("postponed", POSTPONED), ("outcome", OUTCOME_AFTER), ("nominal", NOMINAL))))
_OUTCOME_CELL, _OUTCOME_AFTER_TITLE = anchored(OUTCOME_CELL), anchored(OUTCOME_AFTER_TITLE)


def find_evidence(text: str, folded: str, start: int = 0, end: int | None = None) -> list[Evidence]:
    """Every decision evidence in text[start:end], in order.

    Args:
        text: the document text (case is needed for the capitals of a dispositif).
        folded: ``fold(text)``, of the same length.
    """
    end = len(text) if end is None else end
    found = [Evidence(m.start(), m.end(), kind) for kind, rx in _RULES for m in rx.finditer(folded, start, end)]
    found += [Evidence(m.start(), m.end(), "operative") for m in CAPITAL_VERB.finditer(text, start, end)]
    found += [Evidence(m.start(), m.end(), "outcome") for m in _OUTCOME_CELL.finditer(text, start, end)
              if not APPROVED_THEN.match(folded, m.end())]
    found += [Evidence(m.start(), m.end(), "outcome") for m in _OUTCOME_AFTER_TITLE.finditer(text, start, end)]
    return sorted(found, key=lambda e: (e.start, e.end))
