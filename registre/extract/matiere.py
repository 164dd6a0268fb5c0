"""ACTES matière classification (level 2, e.g. "7.5 Subventions") from the objet, then the body.

SCDL wants the level-2 code of the ACTES nomenclature for every deliberation. Keyword and
pattern rules, ordered so that what the deliberation *does* (a budget decision, a subsidy, a
contract, a sale, a post) comes before what it is *about* (schools, roads, energy): "demande de
subvention pour l'école" is a subsidy (7.5), not teaching (8.1).

Three tries, each less trusted than the one before:

1. the objet without the details it gives in parentheses ("(bail, garantie d'emprunt)"; an
   acronym in parentheses such as "(PADD)" stays);
2. the whole objet;
3. the body, where the code with the most rule matches wins (session boilerplate such as
   "secrétaire de séance" is removed first, since every minute holds it).

No match gives no code, never a silent default; a guess from the body carries a low confidence
(below :data:`DEFAULT_REVIEW_BELOW`) so that exports and the review queue flag it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from registre.extract.quick import quicken, required_literals
from registre.extract.text import fold

DEFAULT_REVIEW_BELOW = 0.5  # a confidence under this asks for a person's look
CONFIDENCE_OBJET, CONFIDENCE_OBJET_DETAIL = 0.8, 0.7
CONFIDENCE_BODY, CONFIDENCE_BODY_WEAK = 0.45, 0.3  # several matches, a single one
BODY_CHARS = 4000

# (code, pattern over folded text with œ as "oe"), first match wins on an objet.
RULES: list[tuple[str, str]] = [
    # -- institutions: the form of the act says it all
    ("9.4", r"\bmotions?\b|\bvoeux?\b"),
    ("5.2", r"secretaires?\s+de\s+seance"
            r"|approbation\s+du\s+(?:proces[\s-]verbal|compte[\s-]rendu)|\bproces[\s-]verbal\b"
            r"|reglement\s+interieur\s+du\s+conseil|questions\s+diverses"
            r"|commissions?\s+(?:municipales?|communautaires?)|\bordre\s+du\s+jour"),
    ("5.4", r"decisions?\s+prises?\s+(?:par|en\s+vertu)"
            r"|delegations?\s+(?:du\s+conseil|au\s+maire|au\s+president|d'attributions?|de\s+pouvoirs?|consenties)"
            r"|\bl\.?\s?2122-2[23]\b"),
    ("5.1", r"election\s+(?:du\s+maire|du\s+president|des\s+adjoints|des\s+vice-presidents|d'un\s+adjoint)"
            r"|nombre\s+d'adjoints|\bvice-presidents?\b"),
    ("5.6", r"indemnites?\s+de\s+fonctions?|formation\s+des\s+elus"
            r"|droit\s+a\s+la\s+formation\s+des\s+elus|frais\s+de\s+mission\s+des\s+elus"),
    ("5.8", r"\bester\s+en\s+justice|\bcontentieux|\bavocats?\b"
            r"|\brecours\s+(?:gracieux|contentieux)"),
    ("9.1", r"\bmarches?\s+(?:nocturnes?|hebdomadaires?|de\s+noel|forains?|de\s+plein\s+vent"
            r"|artisanal|des\s+producteurs)"),  # a market as an event, not a contract
    # -- finances
    ("7.1", r"budgets?\s+(?:primitifs?|supplementaires?|annexes?|principal)"
            r"|decisions?\s+modificatives?|\bdm\b|comptes?\s+administratifs?"
            r"|comptes?\s+de\s+gestion|compte\s+financier\s+unique"
            r"|affectation\s+(?:du|de|des)\s+(?:\w+\s+)?resultats?|orientations?\s+budgetaires?"
            r"|\bdob\b|\brob\b|ouverture\s+(?:anticipee\s+)?(?:de[s]?\s+)?credits"
            r"|credits\s+d'investissement|\bamortissements?\b|\bbudget\b"
            r"|virements?\s+de\s+credits"),
    ("7.8", r"fonds\s+de\s+concours"),
    ("7.5", r"\bsubventions?\b|\bdetr\b|\bdsil\b|\bdsid\b|fonds\s+de\s+soutien"
            r"|aides?\s+(?:financieres?|exceptionnelles?)|plan\s+de\s+financement"
            r"|demande\s+d'aide"
            r"|dotation\s+(?:de\s+soutien|d'equipement|politique\s+de\s+la\s+ville)"
            r"|fonds\s+(?:vert|friches?|leader|feder|europeens?)"),
    ("7.3", r"\bemprunts?\b|\bprets?\b|garanties?\s+d'emprunts?|lignes?\s+de\s+tresorerie"),
    ("7.2", r"\bfiscalite|taux\s+d'imposition|\btaxes?\b|\bexonerations?|\bcfe\b|\btfpb\b"
            r"|\bfpic\b|fonds\s+(?:national\s+)?de\s+perequation|repartition\s+\W*\s*derogatoire"
            r"|\bimpots?\b"),
    ("7.6", r"\bcotisations?\b|\bcontributions?\s+(?:au|a\s+la|aux|budgetaires?|financieres?)"
            r"|participations?\s+(?:financieres?|de\s+la\s+commune|de\s+la\s+ville|aux\s+(?:frais|travaux|charges))"),
    ("7.9", r"prises?\s+de\s+participation|\bsem\b|societe\s+d'economie\s+mixte"
            r"|\bspl\b\s+\w+\s+capital"),
    ("7.10", r"\btarif\w*|\bredevances?\b|admissions?\s+en\s+non[\s-]valeur|\bregies?\b"
             r"|prix\s+de\s+vente|\bcreances?\b|\bremboursements?\b|\bprovisions?\b"
             r"|\bindemnisation"),
    # -- contracts
    ("1.2", r"delegations?\s+de\s+service\s+public|\bdsp\b|concessions?\s+de\s+service"),
    ("1.6", r"maitrise\s+d'oeuvre"),
    ("1.3", r"conventions?\s+de\s+mandat|maitrise\s+d'ouvrage\s+(?:unique|deleguee)"
            r"|transfert\s+de\s+maitrise\s+d'ouvrage"),
    ("1.1", r"\bmarches?\s+(?:publics?|de\s+travaux|de\s+services|de\s+fournitures|\w+\s+attribution)"
            r"|appels?\s+d'offres|\bmarches?\b|attribution\s+du\s+marche"
            r"|avenants?\s+(?:n\W*\s*\d+\s+)?au\s+marche|groupements?\s+de\s+commandes?"
            r"|accords?[\s-]cadres?|procedure\s+adaptee|\bmapa\b|\bdevis\b"
            r"|(?:resultat|lancement|attribution)\s+(?:de\s+la\s+|d'une\s+)?consultation"
            r"|bureaux?\s+d'etudes?|assistance\s+a\s+maitrise\s+d'ouvrage|\bamo\b"
            r"|\bachats?\s+(?:de|d'un|d'une|du|des)\b"
            # buying or replacing equipment is a purchase, not a property acquisition (3.1)
            r"|\b(?:remplac|renouvel|achet|acqui)\w*\s+(?:(?:de|du|des|d'un|d'une|le|la|les|l')\s*)?"
            r"(?:materiels?|mobiliers?|vehicules?|equipements?|outillages?|logiciels?|photocopieurs?)\b"),
    ("1.4", r"contrats?\s+de\s+(?:maintenance|prestations?\s+de\s+services?|prestations?)"
            r"|conventions?\s+de\s+prestations?"),
    ("1.5", r"protocoles?\s+(?:d'accord\s+)?transactionnels?|\btransactions?\b"),
    # -- land and property
    ("2.1", r"\bplui?\b|\bplu-?h\b|plan\s+local\s+d'urbanisme|\bscot\b|carte\s+communale|\bzac\b"
            r"|zone\s+d'amenagement\s+concerte|\bpadd\b"
            r"|projet\s+d'amenagement\s+(?:et\s+de\s+developpement|strategique)|\bopah\b"
            r"|plan\s+de\s+prevention\s+des\s+risques|\bppri?\b"),
    ("2.3", r"droit\s+de\s+preemption|\bpreemption"),
    ("2.2", r"permis\s+de\s+(?:construire|demolir|amenager)"
            r"|autorisations?\s+(?:d'urbanisme|de\s+travaux)|declarations?\s+prealables?"
            r"|divisions?\s+foncieres?|\bcertificats?\s+d'urbanisme"),
    ("3.2", r"mise\s+(?:a\s+la|en)\s+vente"
            r"|\bcessions?\b(?![^.;:]{0,60}?\ba\s+la\s+(?:commune|ville)\b)"
            r"|\bventes?\s+(?:de|d'un|d'une|du|des)\b|\bceder\b|\balienations?|declassement"),
    ("3.1", r"\bacquisitions?\b|\bacquerir\b|\blegs\b|\bdonations?\b|\bretrocessions?\b"
            r"|\bcessions?\b|\bincorporation\s+(?:dans|au)\s+le\s+domaine|biens?\s+sans\s+maitre"),
    ("3.3", r"\bbail\b|\bbaux\b|\blocations?\b|\bloyers?\b|mises?\s+a\s+disposition"
            r"|conventions?\s+d'occupation|antennes?\s+(?:de\s+telephonie|relais)"),
    ("3.5", r"domaine\s+public|occupation\s+du\s+domaine|\bdenomination\b|\bnumerotation"
            r"|\bservitudes?\b|\balignement\b"),
    ("3.6", r"domaine\s+prive|\bbois\s+communaux|\baffouage"),
    ("3.4", r"limites?\s+territoriales?|limites?\s+communales?"),
    # -- staff
    ("5.6", r"indemnites?\s+des\s+elus"),
    ("4.5", r"regime\s+indemnitaire|\brifseep\b|\bifse\b|\bindemnites?\b|\bprimes?\b"
            r"|\bgratifications?\b"),
    ("4.2", r"\bcontractuels?\b|\bvacataires?\b|\bvacations?\b|\bapprentis?\b|\bapprentissage\b"
            r"|emplois?\s+non\s+permanents?|\bsaisonniers?\b|agents?\s+recenseurs?"
            r"|accroissements?\s+(?:temporaires?|saisonniers?)\s+d'activite|\brecrutements?\b"),
    ("4.1", r"tableau\s+des\s+(?:effectifs|emplois)"
            r"|\b(?:creation|suppression)s?\s+(?:de\s+|d'un\s+|d'une\s+)?(?:postes?|emplois?)"
            r"|emplois?\s+permanents?|\bpersonnels?\b|(?:temps|tps)\s+de\s+travail"
            r"|centre\s+de\s+gestion|oeuvres\s+sociales"
            r"|action\s+sociale\s+(?:du|en\s+faveur\s+du)\s+personnel|avancements?\s+de\s+grade"
            r"|ratios?\s+promus|medecine\s+preventive|\bcnracl\b|assurance\s+statutaire"
            r"|risques\s+professionnels|\bagents?\b|\bstagiaires?\b|\btitulaires?\b"),
    # -- designation and intercommunality
    ("5.3", r"\bdesignations?\b|\brepresentants?\b|\bdelegue(?:e|s|es)?\b"
            r"|\bmembres\s+(?:delegues|titulaires)|\belection\s+des\s+(?:membres|delegues)"),
    ("5.7", r"\bstatuts\b|\bepci\b|\bclect\b|transferts?\s+de\s+competences?|\bsyndicats?\b"
            r"|adhesion\s+a\s+la\s+competence|\bcompetences?\s+(?:optionnelles?|facultatives?)"
            r"|rapports?\s+(?:annuels?\s+)?d'activites?|attributions?\s+de\s+compensation"
            # "Rapport SIGEIF 2021": a syndicate's annual report
            r"|^rapports?\s+(?:annuels?\s+)?(?:du\s+|de\s+la\s+|de\s+l')?[a-z]{2,10}\s+(?:19|20)\d\d$"
            r"|\bperimetre\s+(?:du|de\s+la)\s+(?:communaute|syndicat)|communaute\s+de\s+communes"
            r"|fusion\s+des?\s+communes|commune\s+nouvelle"),
    # -- domains
    ("8.1", r"\becoles?\b|\bscolaires?\b|\bcantines?\b|\bperiscolaires?\b|\bcolleges?\b"
            r"|\blycees?\b|\benseignement|espace\s+numerique\s+de\s+travail"
            r"|restauration\s+scolaire|\beleves?\b"),
    ("8.2", r"\bccas\b|\bcias\b|aide\s+sociale|\bsolidarite|personnes?\s+agees|\bhandicap"
            r"|\bcaf\b|convention\s+territoriale\s+globale|petite\s+enfance|\bcreches?\b"
            r"|micro-creches?|multi-accueil|\benfance\b|\bjeunesse\b|\bseniors?\b|\bsocial\b"),
    ("8.3", r"\bvoiries?\b|\bchaussees?\b|\btrottoirs?\b|eclairage\s+public|\broutes?\b"
            r"|\bchemins?\b|\bvoies?\b\s+communales?|\bparkings?\b|\bstationnement"),
    ("8.5", r"\blogements?\b|\bhabitat\b|politique\s+de\s+la\s+ville|\banru\b|\bcoproprietes?"),
    ("8.7", r"\btransports?\b|\bmobilites?\b|\bpistes?\s+cyclables?"),
    ("8.8", r"\benvironnement|\bassainissement|\beau\s+potable|\bdechets|ordures\s+menageres"
            r"|\benergies?\b|\benergetiques?\b|\bgeothermi\w*|\bphotovolta\w*|\beolien\w*"
            r"|\bclimat\w*|\bchaleur\b|\bforets?\b|transition\s+ecologique|\bsobriete"
            r"|\bprelevements?\s+d'eau|autorisation\s+de\s+prelevement|\bbiodiversite|\bgemapi\b"
            r"|\brivieres?\b|enquete\s+publique|\beaux\s+pluviales"),
    ("8.9", r"\bcultur\w*|\bbibliotheques?\b|\bmediatheques?\b|\bmusees?\b|\bpatrimoine\b"
            r"|\bfestivals?\b|\btheatres?\b|\bspectacles?\b|\bconcerts?\b|\bexpositions?\b"),
    ("8.4", r"\bamenagement\s+(?:du\s+territoire|du\s+centre|urbain)|zones?\s+d'activites?"
            r"|developpement\s+economique|\brevitalisation|\bpetites\s+villes\s+de\s+demain"
            r"|\bcommerces?\b|\bamenagement"),
    ("8.6", r"\bemploi\b|formation\s+professionnelle|\binsertion"),
    ("2.2", r"\burbanisme\b"),
    ("6.1", r"\bpolice\s+municipale|\bvideo-?protection|\bsecurite\s+publique"),
    ("9.1", r"\bcimetieres?\b|concessions?\s+funeraires?|\bsports?\b|\bsporti\w*"
            r"|\bassociations?\b|\bjumelages?\b|\bfetes?\b|\btourisme\b|\btouristiques?\b"
            r"|cooperation\s+decentralisee|\bpartenariats?\b|\bsante\b|\bmedecins?\b"
            r"|\bnumerique\b|\btelephonie\b|\bfibre\b|\badhesion\b"),
]
_COMPILED = [(code, quicken(re.compile(pattern))) for code, pattern in RULES]
# a rule whose words the text does not hold is not searched: most rules, for most texts
_NEEDS = [required_literals(rx) for _, rx in _COMPILED]


def _may_match(index: int, text: str) -> bool:
    needs = _NEEDS[index]
    return needs is None or any(word in text for word in needs)

# Session boilerplate present in every minute: not evidence of what an item is about.
_BOILERPLATE = re.compile(
    r"secretaires?\s+de\s+seance|proces[\s-]verbal|ordre\s+du\s+jour|compte[\s-]rendu|designe\w*\s+secretaire"
    r"|pouvoirs?\s+(?:a|de)|delegue\w*\s+(?:de\s+)?(?:son|ses)\s+pouvoirs?|convocation|\bbudget\s+de\s+l'exercice"
)
_PARENTHESES = re.compile(r"\((?:[^()\s]+\s+){3,}[^()]*\)")  # details, not an acronym: 4 words or more
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")


@lru_cache(maxsize=1)
def nomenclature() -> dict[str, tuple[str, str]]:
    """The ACTES nomenclature shipped with the package: code -> (matière, sous-matière)."""
    table = resources.files("registre.data").joinpath("actes_matieres.csv")
    with table.open(encoding="utf-8") as f:
        return {row["code"]: (row["matiere"], row["sous_matiere"]) for row in csv.DictReader(f)}


def normalise(text: str) -> str:
    """Folded text for the rules: lower case, no accents, "œ" as "oe", "Z.A.C." as "zac"."""
    folded = fold(text).replace("œ", "oe").replace("æ", "ae")
    return _DOTTED.sub(lambda m: m.group().replace(".", ""), folded)


def match_objet(text: str) -> str | None:
    """The code of the first rule that matches a normalised objet, or None."""
    for index, (code, rx) in enumerate(_COMPILED):
        if _may_match(index, text) and rx.search(text):
            return code
    return None


def vote_body(text: str) -> tuple[str | None, int]:
    """The code with the most rule matches in a normalised body, and how many it has.

    Ties go to the rule listed first (what the act does before what it is about).
    """
    text = _BOILERPLATE.sub(" ", text)
    counts: Counter[str] = Counter()
    first_rule: dict[str, int] = {}
    for index, (code, rx) in enumerate(_COMPILED):
        found = len(rx.findall(text)) if _may_match(index, text) else 0
        if found:
            counts[code] += found
            first_rule.setdefault(code, index)
    if not counts:
        return None, 0
    code = max(counts, key=lambda c: (counts[c], -first_rule[c]))
    return code, counts[code]


def classify(objet: str, body: str = "") -> tuple[str | None, str | None, float]:
    """The ACTES level-2 code and label of a deliberation, with a confidence.

    Args:
        objet: the deliberation's objet.
        body: its text (only the first :data:`BODY_CHARS` characters are read).

    Returns:
        (code, "matière/sous-matière", confidence), or (None, None, 0.0) when nothing matches.
        A confidence under :data:`DEFAULT_REVIEW_BELOW` means the guess comes from the body.
    """
    objet_text = normalise(objet or "")
    main = _PARENTHESES.sub(" ", objet_text)
    code, confidence = match_objet(main), CONFIDENCE_OBJET
    if code is None and main != objet_text:
        code, confidence = match_objet(objet_text), CONFIDENCE_OBJET_DETAIL
    if code is None and body:
        code, hits = vote_body(normalise(body[:BODY_CHARS]))
        confidence = CONFIDENCE_BODY if hits > 1 else CONFIDENCE_BODY_WEAK
    if code is None:
        return None, None, 0.0
    matiere, sous = nomenclature()[code]
    return code, f"{matiere}/{sous}", confidence
