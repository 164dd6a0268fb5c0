"""ACTES matière classification (level 2, e.g. "7.5 Subventions") from the objet, then the body.

Keyword and pattern rules, ordered from the most specific; the objet's match is trusted more
than the body's. No match gives no code (never a silent default).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from registre.extract.text import fold

# (code, pattern over folded text), most specific first.
RULES: list[tuple[str, str]] = [
    ("9.4", r"\bmotion\b|\bvoeu\b|\bvoeux\b"),
    ("7.1", r"budget\s+(?:primitif|supplementaire|annexe)|decision\s+modificative|\bdm\s*\d|compte\s+administratif"
            r"|compte\s+de\s+gestion|affectation\s+du\s+resultat|orientations?\s+budgetaires?|\bdob\b|\brob\b"
            r"|ouverture\s+(?:anticipee\s+)?de\s+credits|credits\s+d'investissement|amortissement"),
    ("7.2", r"\bfiscalite|\btaux\s+d'imposition|\btaxe\s+(?:fonciere|d'habitation|d'amenagement|de\s+sejour)"
            r"|\bexoneration|\bcfe\b|\btaxe\b"),
    ("7.3", r"\bemprunt|\bpret\b|garantie\s+d'emprunt|ligne\s+de\s+tresorerie"),
    ("7.5", r"\bsubvention|\bdetr\b|\bdsil\b|\bfonds\s+de\s+soutien|aide\s+financiere|\bdotation\s+de\s+soutien"),
    ("7.8", r"fonds\s+de\s+concours"),
    ("7.6", r"\bcotisation|\bcontribution\s+(?:au|a\s+la|budgetaire)|participation\s+financiere"),
    ("7.10", r"\btarifs?\b|\bredevance|\badmission\s+en\s+non[\s-]valeur|\bregie\b|\bprix\s+de\s+vente|\bcreances"),
    ("1.1", r"\bmarches?\s+(?:public|de\s+travaux|de\s+services|de\s+fournitures|\w+\s+attribution)"
            r"|\bappel\s+d'offres|\bmarche\b|attribution\s+du\s+marche|\bavenant"),
    ("1.2", r"delegation\s+de\s+service\s+public|\bdsp\b|concession\s+de\s+service"),
    ("1.6", r"maitrise\s+d'oeuvre"),
    ("1.3", r"convention\s+de\s+mandat|maitrise\s+d'ouvrage\s+(?:unique|deleguee)"),
    ("2.1", r"\bplu\b|\bplui\b|plan\s+local\s+d'urbanisme|\bscot\b|carte\s+communale|\bzac\b"),
    ("2.3", r"droit\s+de\s+preemption|\bpreemption"),
    ("2.2", r"permis\s+de\s+construire|autorisation\s+d'urbanisme|declaration\s+prealable"),
    ("3.1", r"\bacquisition\b|\bacquerir\b|\bachat\s+(?:de\s+)?(?:terrain|parcelle|immeuble|bien)"),
    ("3.2", r"\bcession\b|\bvente\s+(?:de|d'un|du)|\bceder\b|\balienation|declassement"),
    ("3.3", r"\bbail\b|\blocation\b|\bloyers?\b|mise\s+a\s+disposition|\bconvention\s+d'occupation"),
    ("3.5", r"domaine\s+public|occupation\s+du\s+domaine|\bdenomination\s+(?:de\s+)?(?:rue|voie|place)|\bnumerotation"),
    ("4.5", r"regime\s+indemnitaire|\brifseep\b|\bindemnite"),
    ("4.2", r"\bcontractuels?\b|\bvacataire|\bapprenti|emploi\s+non\s+permanent|\bsaisonnier"),
    ("4.1", r"tableau\s+des\s+(?:effectifs|emplois)|\bcreation\s+(?:de\s+|d'un\s+)?(?:poste|emploi)|\bpersonnel"),
    ("5.1", r"election\s+du\s+(?:maire|president)|election\s+des\s+adjoints|\badjoints?\s+au\s+maire"),
    ("5.3", r"\bdesignation\b|\brepresentants?\b|\bdelegues?\s+(?:au|a\s+la|aupres)"),
    ("5.4", r"delegations?\s+(?:du\s+conseil|au\s+maire|au\s+president|d'attributions)"),
    ("5.6", r"indemnites?\s+de\s+fonction|\bformation\s+des\s+elus|\bdroit\s+a\s+la\s+formation"),
    ("5.2", r"reglement\s+interieur|secretaire\s+de\s+seance|\bcommissions?\s+(?:municipales|communautaires)"
            r"|proces[\s-]verbal"),
    ("5.7", r"\bintercommunal|\bstatuts\b|\bepci\b|\bclect\b|\btransfert\s+de\s+competence|\bsyndicat"),
    ("5.8", r"\bester\s+en\s+justice|\bcontentieux|\bavocat"),
    ("8.1", r"\becoles?\b|\bscolaire|\bcantine|\bperiscolaire|\bcollege|\benseignement|\bespace\s+numerique\s+de\s+travail"),
    ("8.2", r"\bccas\b|\baide\s+sociale|\bsolidarite|\bpersonnes?\s+agees|\bhandicap"),
    ("8.3", r"\bvoirie|\bchaussee|\btrottoir|\beclairage\s+public|\broute\b|\bchemin"),
    ("8.5", r"\blogements?\b|\bhabitat\b|\bpolitique\s+de\s+la\s+ville|\banru\b|\bcoproprietes?"),
    ("8.7", r"\btransports?\b|\bmobilite"),
    ("8.8", r"\benvironnement|\bassainissement|\beau\s+potable|\bdechets|\benergies?\b|\bgeothermie|\bphotovolta"
            r"|\beolien|\bclimat|\bchaleur|\bforet"),
    ("8.9", r"\bculture|\bbibliotheque|\bmediatheque|\bmusee|\bpatrimoine\s+culturel|\bfestival|\btheatre"),
    ("8.4", r"\bamenagement|\bzone\s+d'activites|\bdeveloppement\s+economique|\brevitalisation"),
    ("8.6", r"\bemploi\b|\bformation\s+professionnelle|\binsertion"),
    ("9.1", r"\bcimetiere|\bconcessions?\s+funeraires?|\bsport|\bassociation|\bjumelage|\bfetes?\b"),
]
_COMPILED = [(code, re.compile(pattern)) for code, pattern in RULES]


@lru_cache(maxsize=1)
def nomenclature() -> dict[str, tuple[str, str]]:
    """The ACTES nomenclature shipped with the package: code -> (matière, sous-matière)."""
    table = resources.files("registre.data").joinpath("actes_matieres.csv")
    with table.open(encoding="utf-8") as f:
        return {row["code"]: (row["matiere"], row["sous_matiere"]) for row in csv.DictReader(f)}


def classify(objet: str, body: str = "") -> tuple[str | None, str | None, float]:
    """The ACTES level-2 code and label of a deliberation, with a confidence.

    Returns:
        (code, "matière/sous-matière", confidence), or (None, None, 0.0) when nothing matches.
    """
    for text, confidence in ((fold(objet), 0.8), (fold(body[:3000]), 0.45)):
        if not text:
            continue
        for code, rx in _COMPILED:
            if rx.search(text):
                matiere, sous = nomenclature()[code]
                return code, f"{matiere}/{sous}", confidence
    return None, None, 0.0
