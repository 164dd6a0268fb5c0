"""Decision evidence: what makes a stretch of text decide, and what does not."""

from __future__ import annotations

import pytest

from registre.extract.decisions import find_evidence
from registre.extract.text import fold


def kinds(text: str) -> set[str]:
    return {e.kind for e in find_evidence(text, fold(text))}


@pytest.mark.parametrize("text, kind", [
    ("Après en avoir délibéré, le conseil", "deliberated"),
    ("APRES EN AVOIR DELIBERE, LE BUREAU", "deliberated"),
    ("adopté à l'unanimité des membres présents", "vote"),
    ("par 15 voix pour et 3 voix contre", "vote"),
    ("VOTE : 13 POUR 0 CONTRE – 0 ABSTENTION", "vote"),
    ("Pour : 12 – Contre : / – Abstention : /", "vote"),
    ("Majorité pour 3 votes contre", "vote"),
    ("Le Conseil Municipal, à l'unanimité, décide d'attribuer", "assembly"),
    ("Le conseil communautaire approuve la convention", "assembly"),
    ("Le Conseil autorise le Maire à la signer.", "assembly"),
    ("DÉCIDE d'accorder une subvention", "operative"),
    ("AUTORISE Monsieur le Maire à signer", "operative"),
    ("Le Conseil municipal prend acte de la tenue du débat", "takes_note"),
    ("M. Paul DURAND est proclamé élu au premier tour", "elected"),
    ("émet un avis favorable au projet", "opinion"),
    ("Le procès-verbal de la séance est adopté à l'unanimité", "passive"),
    ("Point reporté à une prochaine séance", "postponed"),
    ("Michel AUDRAN Approuvée à l'unanimité", "outcome"),  # a table's outcome cell
    ("CDCG Modification des statuts validée Rapport de la CLECT acté Fibre", "outcome"),
    ("Décision modificative n°2 approuvée.", "outcome"),
    ("Présentation et adoption du budget primitif", "nominal"),
])
def test_what_decides(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize("text", [
    "Approbation du budget primitif 2023 - Vote des taux",  # a title's nouns
    "Il est proposé au conseil d'approuver la convention.",  # an infinitive
    "Le Conseil Municipal est invité à prendre acte des décisions.",
    "Présents : 12 – Excusés : 3 – Absents : 0",  # a count of those present
    "le schéma devra ensuite être approuvé par le conseil communautaire",  # a future, passive
    "où le conseil communautaire a voté sans orientation préalable",  # a past act, told
    "DÉLIBÉRATION AUTORISANT LE MAIRE À SIGNER",  # a verb in a title in capitals
    "Plan Local d'Urbanisme Approuvé en conseil communautaire le 19 décembre 2019",  # a plan's cover
    "afin d'éviter que les gens ne se croisent lors des 2 votes.",  # a noun after a figure
    "Le maire signe les actes.",  # a noun after its article
])
def test_what_does_not_decide(text):
    assert kinds(text) - {"nominal"} == set()
