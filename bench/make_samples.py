"""Generate realistic synthetic deliberation PDFs together with their true fields.

Every sample is an invented French local-government act (commune, communauté de communes,
syndicat) typeset with the reportlab canvas, plus a truth record in the JSON contract of
DESIGN.md ("The record"), annotated with the corpus conventions: a field is null when the
text does not state it, counts only when a number is printed, ``presents_noms`` includes the
president, ``absents_noms`` includes members who gave a proxy, names are written without
civility as printed, the approval of the previous minutes is left out unless it has its own
number. ``articles`` holds the text of each numbered article without its "ARTICLE n –" label;
``matiere_code``/``matiere_nom`` are the ACTES sub-matter the generator meant.

Kinds (``KINDS``):
  extrait_two_column     header, a boxed left sidebar (numéro, objet, dates, counts, outcome) and
                         the body in the right column. By default the content stream is written
                         body first, then sidebar, then header (``body_first=False`` gives the
                         natural order).
  extrait_single_column  one column: "Séance du …", "Nombre de conseillers en exercice : …",
                         "Objet : …", vote counts in several phrasings, adoptée or rejetée.
  compte_rendu           a session header then 3–7 numbered items over 2–4 pages ("Page n/m"),
                         after an unnumbered approval of the previous minutes.
  proces_verbal          as compte_rendu, titled PROCÈS-VERBAL, with debates; the approval of
                         the minutes is sometimes numbered (and then a deliberation).

Usage:
    python bench/make_samples.py OUT_DIR                 # the fixed demo set
    python bench/make_samples.py OUT_DIR --n 2000 --seed 7 --pages 1-4

Writes NAME.pdf and NAME.truth.json into OUT_DIR and a copy of each truth as
OUT_DIR/truth/NAME.gold.json, so that ``score.py OUT_DIR/truth PRED_DIR`` scores predictions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

KINDS = ("extrait_two_column", "extrait_single_column", "compte_rendu", "proces_verbal")
DOC_TYPES = {
    "extrait_two_column": "extrait",
    "extrait_single_column": "extrait",
    "compte_rendu": "compte_rendu",
    "proces_verbal": "proces_verbal",
}
BODY_KINDS = ("commune", "communaute", "syndicat", "bureau")
VOTE_KINDS = ("unanimite", "majorite", "rejet")

# ---------------------------------------------------------------------------------------------
# Fonts
# ---------------------------------------------------------------------------------------------

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONTS: dict[str, str] = {}


def fonts() -> dict[str, str]:
    """Register DejaVuSans (accents, en dash, €) when present, else fall back to Helvetica."""
    if not _FONTS:
        regular, bold = DEJAVU_DIR / "DejaVuSans.ttf", DEJAVU_DIR / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("RegDejaVu", str(regular)))
            pdfmetrics.registerFont(TTFont("RegDejaVu-Bold", str(bold)))
            _FONTS.update(R="RegDejaVu", B="RegDejaVu-Bold")
        else:  # standard fonts are WinAnsi (cp1252): accents, – and € still extract
            _FONTS.update(R="Helvetica", B="Helvetica-Bold")
    return _FONTS


# ---------------------------------------------------------------------------------------------
# Invented vocabulary (nothing here comes from the corpus)
# ---------------------------------------------------------------------------------------------

MALE = ("Aurélien", "Bastien", "Clément", "Édouard", "Gaëtan", "Hugues", "Jérémie", "Marius",
    "Mathis", "Maxence", "Octave", "Pacôme", "Quentin", "Romuald", "Théophile", "Valentin",
    "Armand", "Lucien", "Gaspard", "Anatole", "Honoré", "Tristan", "Anselme", "Félicien",
    "Grégoire", "Léandre", "Côme", "Albéric", "Ambroise", "Killian", "Evrard", "Fulbert",
    "Achille", "Lazare", "Aymeric", "Firmin", "Gildas", "Médéric", "Sosthène", "Timothée",
    "Ulysse", "Basile", "Corentin", "Jean-Baptiste", "Paul-Henri")
FEMALE = ("Adèle", "Apolline", "Bérengère", "Capucine", "Coralie", "Éloïse", "Estelle",
    "Faustine", "Gwenaëlle", "Héloïse", "Inès", "Joséphine", "Laurène", "Léonie", "Maëlle",
    "Mélisande", "Ophélie", "Rosalie", "Solène", "Tiphaine", "Victorine", "Zoé", "Armelle",
    "Blandine", "Eugénie", "Flavie", "Gersende", "Hortense", "Jacinthe", "Pascaline", "Roseline",
    "Sidonie", "Bertille", "Clotilde", "Domitille", "Ermeline", "Firmine", "Iris", "Lison",
    "Mahaut", "Ombeline", "Philippine", "Salomé", "Marie-Albane", "Anne-Solène")
SURNAME_HEAD = ("Bel", "Bras", "Char", "Dau", "Esc", "Fon", "Gar", "Hau", "Jas", "Lav", "Nau",
                "Pel", "Quer", "Ros", "Sald", "Tar", "Vau", "Vil", "Cor", "Bor", "Pru", "Lan",
                "Cas", "Dar", "Gui", "Lou", "Ber", "Roq", "Sauv", "Fla", "Brem", "Cha")
VOWEL_TAILS = ("ard", "ault", "eau", "et", "ier", "in", "on", "ot", "elle", "ac", "ès", "ieux",
               "ange", "oux", "and", "ain", "aud", "ignac", "ègue", "ousse", "illon", "ade", "uel")
CONSONANT_TAILS = ("ssac", "rel", "bert", "mont", "daz", "vier", "chon", "lard", "nier", "tel",
                   "rand", "zac", "lin", "bois", "geat", "mier", "vel", "gnol", "bras")
PLACE_HEAD = ("Vau", "Bress", "Mont", "Roch", "Font", "Lorm", "Cham", "Serv", "Bell", "Mar",
    "Vill", "Orv", "Clair", "Brev", "Gorn", "Lus", "Sav", "Penn", "Aub", "Chast")
PLACE_TAIL = ("brune", "olles", "ferrand", "eval", "aret", "ignac", "ouin", "euil", "ac", "ières",
    "ols", "ange", "ouze", "ville", "emagne", "ancourt", "erolles", "ignol")
RIVERS = ("l'Ardelle", "la Vézonne", "la Lirette", "l'Orbelle", "la Saunière", "la Méjanne")
SYNDICAT_PURPOSE = (
    "intercommunal d'adduction d'eau potable", "intercommunal de collecte des ordures ménagères",
    "mixte d'aménagement numérique", "intercommunal à vocation scolaire",
    "mixte des énergies", "intercommunal d'assainissement",
)
DEPARTEMENTS = ("DU CANTAL", "DE LA CREUSE", "DE LA LOZÈRE", "DU JURA", "DE LA MEUSE",
                "DE L'ORNE", "DU GERS", "DE L'INDRE", "DE LA VIENNE", "DE L'AUBE")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def invent_surname(rng: random.Random) -> str:
    """An invented French-sounding surname, in capitals ("BRASSAC", "DAUMIER-ESCOT")."""

    def one() -> str:
        head = rng.choice(SURNAME_HEAD)
        if head[-1] in "aeiou":
            return head + rng.choice(CONSONANT_TAILS)
        if rng.random() < 0.3:
            return head + rng.choice(("a", "e", "i", "o", "ou")) + rng.choice(CONSONANT_TAILS)
        return head + rng.choice(VOWEL_TAILS)

    return (one() + ("-" + one() if rng.random() < 0.06 else "")).upper()


def invent_place(rng: random.Random) -> str:
    name = rng.choice(PLACE_HEAD) + rng.choice(PLACE_TAIL)
    roll = rng.random()
    if roll < 0.25:
        name += "-sur-" + rng.choice(RIVERS).replace("l'", "").replace("la ", "")
    elif roll < 0.35:
        name = "Saint-" + name
    elif roll < 0.45:
        name += rng.choice(("-le-Haut", "-les-Bois", "-la-Vallée", "-en-Sorlan"))
    return name


# ---------------------------------------------------------------------------------------------
# French words for numbers, dates and hours
# ---------------------------------------------------------------------------------------------

_UNITS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize")
_TENS = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante"}


def nombre(n: int) -> str:
    """French words for 0 <= n < 10000 ("vingt et un", "quatre-vingt-dix-neuf")."""
    if n < 17:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    if n < 70:
        tens, unit = divmod(n, 10)
        word = _TENS[tens * 10]
        return word if unit == 0 else word + (" et un" if unit == 1 else "-" + _UNITS[unit])
    if n < 80:
        return "soixante et onze" if n == 71 else "soixante-" + nombre(n - 60)
    if n < 100:
        return "quatre-vingts" if n == 80 else "quatre-vingt-" + nombre(n - 80)
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "cent" if hundreds == 1 else _UNITS[hundreds] + " cent"
        return head + (" " + nombre(rest) if rest else ("s" if hundreds > 1 else ""))
    thousands, rest = divmod(n, 1000)
    head = "mille" if thousands == 1 else nombre(thousands) + " mille"
    return head + (" " + nombre(rest) if rest else "")


def year_words(year: int, rng: random.Random) -> str:
    words = nombre(year)
    if year < 2000 or rng.random() < 0.15:  # "mil neuf cent…", "deux mil seize"
        words = words.replace("mille", "mil")
    return words


def date_long(d: dt.date, weekday: bool = False) -> str:
    day = "1er" if d.day == 1 else str(d.day)
    head = f"{WEEKDAYS[d.weekday()]} " if weekday else ""
    return f"{head}{day} {MONTHS[d.month - 1]} {d.year}"


def date_fig(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def date_any(d: dt.date, style: str) -> str:
    return date_fig(d) if style == "figures" else date_long(d)


def date_in_words(d: dt.date, rng: random.Random, weekday: bool = False) -> str:
    """'L'an deux mille seize, le vingt-huit novembre' (optionally 'le lundi vingt-huit …')."""
    day = "premier" if d.day == 1 else nombre(d.day)
    head = f"{WEEKDAYS[d.weekday()]} " if weekday else ""
    return f"L'an {year_words(d.year, rng)}, le {head}{day} {MONTHS[d.month - 1]}"


def hour_text(h: int, m: int, rng: random.Random, words: bool = False) -> str:
    if words:
        text = f"{nombre(h)} heure{'s' if h > 1 else ''}"
        return text + (f" {nombre(m)}" if m else "")
    return rng.choice((f"{h}h{m:02d}", f"{h} h {m:02d}", f"{h} heures {m:02d}" if m else
                       f"{h} heures", f"{h}h{m:02d}" if m else f"{h}h"))


# ---------------------------------------------------------------------------------------------
# The invented facts of one session
# ---------------------------------------------------------------------------------------------


@dataclass
class Person:
    first: str
    last: str
    female: bool

    def name(self, style: str) -> str:
        return f"{self.last} {self.first}" if style == "last_first" else f"{self.first} {self.last}"

    def civ(self, long: bool = False) -> str:
        if long:
            return "Madame" if self.female else "Monsieur"
        return "Mme" if self.female else "M."


@dataclass
class Body:
    kind: str  # commune | communaute | syndicat | bureau
    name: str  # "Commune de Valbrune", "Syndicat intercommunal …"
    of: str  # complement after the instance: "de Valbrune", "du Syndicat …"
    instance: str  # "Conseil municipal", "Conseil communautaire", "Comité syndical", "Bureau"
    seat: str  # the town of its seat


@dataclass
class Vote:
    kind: str  # unanimite | majorite | rejet | ajournee | prend_acte | retiree
    pour: int | None = None
    contre: int | None = None
    abstention: int | None = None
    unanimite: bool | None = None
    decision: str | None = None
    phrase: str = ""  # the printed vote, in the item's prose
    short: str = ""  # the printed outcome, for a sidebar or a compte rendu line
    not_voting: str = ""  # "M. X ne prend pas part au vote."


@dataclass
class Item:
    numero: str | None
    heading_numero: str  # as printed before the objet ("1 –", "Délibération n° …")
    objet: str
    matiere: tuple[str, str]
    expose: list[str]
    vus: list[str]
    considerants: list[str]
    articles: list[str]
    bullets: list[str]
    vote: Vote


@dataclass
class Session:
    body: Body
    date: dt.date
    hour: tuple[int, int]
    convocation: dt.date
    affichage: dt.date
    transmission: dt.date
    lieu: str | None  # truth
    lieu_text: str  # printed, with its preposition ("" when not printed)
    president: Person
    secretaire: Person
    presents: list[Person]  # president first
    excuses: list[Person]  # absent with an excuse (some of them gave a proxy)
    absents: list[Person]  # absent without excuse
    proxies: list[tuple[Person, Person]]
    membres: int
    style: str  # name style: first_last | last_first
    date_style: str  # words | figures | long
    siren: str
    dept: str

    @property
    def votants(self) -> int:
        return len(self.presents) + len(self.proxies)

    def title(self) -> str:
        if self.body.kind == "commune":
            return "Maire"
        return "Présidente" if self.president.female else "Président"

    def le_title(self) -> str:
        return ("la " if self.title() == "Présidente" else "le ") + self.title()

    def le_title_cap(self) -> str:
        return ("La " if self.title() == "Présidente" else "Le ") + self.title()


def de(name: str) -> str:
    """'de Valbrune', "d'Orvolles"."""
    return ("d'" if name[0] in "AEIOUYÉÈÂÎÔ" else "de ") + name


COMMUNAUTES = (("Pays de Brévaux", "du"), ("Val d'Orbelle", "du"), ("Plateau de Sorlan", "du"),
               ("Trois Vallons", "des"), ("Haut-Lirois", "du"), ("Causses de Méjanne", "des"))


def make_body(rng: random.Random, kind: str) -> Body:
    """A body: its name as printed, the complement after its instance, its instance."""
    seat = invent_place(rng)
    if kind == "commune":
        return Body(kind, f"Commune {de(seat)}", de(seat), "Conseil municipal", seat)
    if kind == "communaute":
        pays, art = rng.choice(COMMUNAUTES)
        name = f"Communauté de communes {art} {pays}"
        return Body(kind, name, "de la " + name, "Conseil communautaire", seat)
    pays, art = rng.choice(COMMUNAUTES)
    where = rng.choice((f"de la vallée de {rng.choice(RIVERS)}", f"de la région {de(seat)}",
                        f"{art} {pays}"))
    name = f"Syndicat {rng.choice(SYNDICAT_PURPOSE)} {where}"
    instance = "Bureau" if kind == "bureau" else "Comité syndical"
    return Body(kind, name, "du " + name, instance, seat)


def make_people(rng: random.Random, n: int) -> list[Person]:
    people: list[Person] = []
    seen: set[str] = set()
    while len(people) < n:
        female = rng.random() < 0.45
        p = Person(rng.choice(FEMALE if female else MALE), invent_surname(rng), female)
        if p.last not in seen:  # one surname per person keeps name lists unambiguous
            seen.add(p.last)
            people.append(p)
    return people


MEMBRES = {"commune": (11, 15, 19, 23, 27, 29), "communaute": (24, 31, 38, 45),
           "syndicat": (9, 12, 16, 22), "bureau": (5, 7, 9, 11)}
LIEUX = {
    "commune": (("salle du conseil municipal", "en la"),
                ("mairie, salle des délibérations", "à la"), ("salle des fêtes {seat}", "à la"),
                ("salle polyvalente", "dans la")),
    "communaute": (("siège de la communauté, salle du conseil", "au"),
                   ("salle des fêtes {seat}", "à la"),
                   ("maison des associations {seat}", "à la")),
    "syndicat": (("salle de réunion du syndicat", "dans la"), ("mairie {seat}", "à la"),
                 ("salle polyvalente {seat}", "à la")),
}


def make_session(rng: random.Random, opts: dict[str, Any]) -> Session:
    """Draw the invented facts of one session (who, when, where, who voted for whom)."""
    body = make_body(rng, opts.get("body") or rng.choice(BODY_KINDS))
    year = opts.get("year") or rng.randint(1995, 2025)
    date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    membres = rng.choice(MEMBRES[body.kind])
    n_missing = rng.randint(0, max(1, membres // 4))  # the quorum is always met
    want_proxy = opts.get("proxies")
    if want_proxy and n_missing == 0:
        n_missing = 1
    people = make_people(rng, membres)
    presents, missing = people[: membres - n_missing], people[membres - n_missing:]
    n_proxy = rng.randint(0, len(missing)) if want_proxy is None else (
        max(1, len(missing) // 2) if want_proxy and missing else 0)
    givers, rest = missing[:n_proxy], missing[n_proxy:]
    proxies = list(zip(givers, rng.sample(presents, len(givers)), strict=True))
    n_absent = rng.randint(0, len(rest)) if rng.random() < 0.4 else 0
    places = LIEUX["commune" if body.kind == "commune" else
                   "communaute" if body.kind == "communaute" else "syndicat"]
    lieu, prep = rng.choice(places)
    lieu = lieu.format(seat=de(body.seat))
    roll = rng.random()
    if roll < 0.15:  # the usual place is no place
        lieu, prep = "lieu habituel de ses séances", "au"
    printed = roll < 0.85
    return Session(
        body=body, date=date, hour=(rng.choice((9, 14, 17, 18, 18, 19, 20, 20, 20)),
                                    rng.choice((0, 0, 0, 15, 30, 30, 45))),
        convocation=date - dt.timedelta(days=rng.randint(3, 12)),
        affichage=date + dt.timedelta(days=rng.randint(1, 15)),
        transmission=date + dt.timedelta(days=rng.randint(1, 20)),
        lieu=lieu if printed and "habituel" not in lieu else None,
        lieu_text=f"{prep} {lieu}" if printed else "",
        president=presents[0], secretaire=rng.choice(presents[1:]), presents=presents,
        excuses=givers + rest[n_absent:], absents=rest[:n_absent], proxies=proxies,
        membres=membres, style="last_first" if rng.random() < 0.3 else "first_last",
        date_style=opts.get("date_style") or rng.choice(("words", "figures", "long")),
        siren=("21" if body.kind == "commune" else "25") + "".join(
            rng.choice("0123456789") for _ in range(7)),
        dept=f"0{rng.randint(10, 95)}",
    )


# ---------------------------------------------------------------------------------------------
# Items: objets, exposés, articles, votes
# ---------------------------------------------------------------------------------------------

# (objet, ACTES code, sub-matter, exposé, vu, articles); {…} slots are filled per item.
THEMES = (
    ("Budget primitif {year} – budget principal", "7.1", "Décisions budgétaires",
     ("{le_title_cap} présente le projet de budget primitif pour l'exercice {year}, examiné "
      "par la commission des finances. Il s'équilibre à {amount} € en section de "
      "fonctionnement."),
     "Vu l'instruction budgétaire et comptable M14,",
     (("Le budget primitif de l'exercice {year} est adopté par chapitre, équilibré en dépenses "
      "et en recettes à {amount} € en fonctionnement et à {amount2} € en investissement."),)),
    ("Décision modificative n° {n} au budget {year}", "7.1", "Décisions budgétaires",
     ("Des ajustements de crédits sont nécessaires pour tenir compte de dépenses imprévues "
      "d'entretien des bâtiments, pour un montant de {small} €."),
     "Vu le budget primitif {year},",
     ("La décision modificative n° {n} est approuvée telle qu'annexée à la présente.",)),
    ("Vote des taux d'imposition des taxes directes locales pour {year}", "7.2", "Fiscalité",
     ("Il est proposé de maintenir les taux votés l'an dernier, la hausse des bases fiscales "
      "suffisant à équilibrer le budget."),
     "Vu le Code général des impôts,",
     (("Les taux d'imposition pour {year} sont fixés à {tax} % pour le foncier bâti et à "
      "{tax2} % pour le foncier non bâti."),)),
    ("Attribution d'une subvention à l'association {assoc}", "7.5", "Subventions",
     ("L'association {assoc} sollicite une aide pour l'organisation de ses activités de "
      "l'année {year}, qui rassemblent chaque saison de nombreux habitants."),
     "Vu la demande présentée par l'association,",
     ("Une subvention de {small} € est attribuée à l'association {assoc}.",
      "La dépense sera imputée à l'article 6574 du budget {year}.")),
    (("Acquisition de la parcelle cadastrée section {section} n° {parcelle} au lieu-dit "
     "{lieudit}"), "3.1", "Acquisitions",
     ("Le propriétaire de la parcelle cadastrée section {section} n° {parcelle}, d'une "
      "contenance de {surface} m², accepte de la céder pour permettre l'élargissement du "
      "chemin rural."),
     "Vu l'avis du service du Domaine,",
     ("La parcelle section {section} n° {parcelle} est acquise au prix de {price_land} €.",
      "Les frais d'acte notarié sont à la charge de l'acquéreur.")),
    ("Cession d'un délaissé de voirie au lieu-dit {lieudit}", "3.2", "Aliénations",
     ("Un riverain a demandé à acquérir une bande de terrain de {surface} m² qui n'est plus "
      "affectée à la circulation publique."),
     "Vu le Code de la voirie routière,",
     ("Le délaissé de voirie situé au lieu-dit {lieudit} est cédé au prix de {price_land} €.",)),
    ("Création d'un poste d'adjoint technique territorial à temps non complet", "4.1",
     "Personnels titulaires et stagiaires de la F.P.T.",
     ("L'entretien des espaces verts et des bâtiments justifie la création d'un poste à "
      "raison de {hours} heures hebdomadaires à compter du 1er {month}."),
     "Vu le tableau des effectifs,",
     ("Un poste d'adjoint technique territorial à temps non complet ({hours}/35e) est créé.",
      "Le tableau des effectifs est modifié en conséquence.")),
    ("Recrutement d'un agent contractuel pour accroissement temporaire d'activité", "4.2",
     "Personnels contractuels",
     ("La période estivale entraîne un surcroît d'activité au service technique pendant "
      "{weeks} semaines."),
     "Vu la loi portant droits et obligations des fonctionnaires,",
     (("Le recrutement d'un agent contractuel est autorisé pour une durée de {weeks} "
      "semaines."),)),
    ("Attribution du marché de travaux de réfection de la voirie communale", "1.1",
     "Marchés publics",
     ("Après consultation, la commission d'appel d'offres propose de retenir l'offre de "
      "l'entreprise {entreprise}, jugée économiquement la plus avantageuse."),
     "Vu le Code de la commande publique,",
     (("Le marché est attribué à l'entreprise {entreprise} pour un montant de {amount2} € "
      "HT."),)),
    ("Convention de mise à disposition de la salle {salle} au profit de l'association {assoc}",
     "3.3", "Locations",
     "L'association {assoc} souhaite disposer de la salle {salle} deux soirs par semaine.",
     "Vu le projet de convention,",
     (("La convention de mise à disposition de la salle {salle} est approuvée pour une durée "
      "d'un an renouvelable."),)),
    ("Désignation des délégués au syndicat des énergies", "5.3", "Désignation de représentants",
     ("À la suite du renouvellement de l'assemblée, il convient de désigner un délégué "
      "titulaire et un délégué suppléant."),
     "Vu les statuts du syndicat,",
     ("Sont désignés : {delegue}, délégué titulaire, et {suppleant}, délégué suppléant.",)),
    ("Modification des statuts – extension des compétences en matière de mobilité", "5.7",
     "Intercommunalité",
     ("Le projet de statuts transfère la compétence d'organisation de la mobilité à "
      "l'établissement intercommunal à compter du 1er janvier {year1}."),
     "Vu la loi d'orientation des mobilités,",
     ("Les statuts modifiés, annexés à la présente délibération, sont approuvés.",)),
    ("Réalisation d'un emprunt de {amount2} € pour le financement des travaux de l'école",
     "7.3", "Emprunts",
     ("Trois établissements bancaires ont été consultés ; la meilleure offre présente un taux "
      "fixe de {rate} % sur quinze ans."),
     "Vu les offres reçues,",
     ("Un emprunt de {amount2} € est contracté au taux fixe de {rate} % sur quinze ans.",
      "{le_title_cap} est autorisé{e} à signer le contrat de prêt.")),
    (("Demande de subvention au titre de la dotation d'équipement des territoires ruraux pour "
     "la rénovation de la salle {salle}"), "7.5", "Subventions",
     ("Le coût prévisionnel des travaux de rénovation énergétique de la salle {salle} "
      "s'élève à {amount2} € HT."),
     "Vu le plan de financement prévisionnel,",
     ("Le projet de rénovation de la salle {salle} et son plan de financement sont approuvés.",
      "Une subvention est sollicitée auprès de l'État au taux le plus élevé possible.")),
    ("Tarifs de la restauration scolaire et de la garderie pour l'année scolaire {year}-{year1}",
     "8.1", "Enseignement",
     ("Le coût des denrées a progressé ; il est proposé de porter le prix du repas à {price} € "
      "à la rentrée de septembre."),
     "Vu l'avis de la commission des affaires scolaires,",
     (("Le prix du repas au restaurant scolaire est fixé à {price} € à compter du 1er "
      "septembre {year}."), "Le tarif de la garderie est maintenu.")),
    ("Dénomination des voies du lotissement {lieudit}", "9.1",
     "Autres domaines de compétences des communes",
     ("L'achèvement du lotissement {lieudit} impose de nommer ses deux nouvelles voies afin "
      "de faciliter l'adressage et les secours."),
     "Vu le plan du lotissement,",
     (("Les voies du lotissement sont dénommées « allée des {tree} » et « impasse des "
      "{tree2} »."),)),
    ("Modification simplifiée n° {n} du plan local d'urbanisme", "2.1", "Documents d'urbanisme",
     ("Une erreur matérielle affecte le règlement de la zone artisanale ; la procédure de "
      "modification simplifiée permet de la corriger."),
     "Vu le Code de l'urbanisme,",
     ("La modification simplifiée n° {n} du plan local d'urbanisme est prescrite.",
      "Le dossier sera mis à la disposition du public pendant un mois.")),
    ("Remplacement des luminaires de l'éclairage public par des équipements à LED", "8.8",
     "Environnement",
     ("Le remplacement de {lamps} points lumineux réduirait la consommation d'électricité "
      "de moitié."),
     "Vu l'étude réalisée par le syndicat des énergies,",
     ("Le programme de remplacement de {lamps} luminaires est approuvé.",)),
    ("Motion pour le maintien du bureau de poste {seat_de}", "9.4", "Voeux et motions",
     ("L'annonce d'une réduction des horaires d'ouverture du bureau de poste inquiète les "
      "habitants."),
     "Vu l'annonce de réorganisation,",
     ("L'assemblée demande le maintien des horaires actuels du bureau de poste.",)),
)
ACT_THEMES = (("Débat d'orientation budgétaire {year}", "7.1", "Décisions budgétaires"),
              ("Rapport annuel sur le prix et la qualité du service d'eau potable {year0}",
               "8.8", "Environnement"))
ASSOCS = ("Comité des fêtes", "Les Amis du vieux lavoir", "Union sportive", "Club des Aînés",
          "Harmonie municipale", "Les Jardins partagés")
TREES = ("Tilleuls", "Érables", "Noisetiers", "Charmes", "Merisiers", "Aulnes")
SALLES = ("des Tilleuls", "du Foyer rural", "Jean-Baptiste Vernhet", "de la Halle")
LIEUDITS = ("les Grandes Terres", "la Croix-Blanche", "le Pré Mouillé", "les Combes",
            "la Garenne", "le Moulin Neuf")
GENERIC_VUS = ("Vu le Code général des collectivités territoriales,",
               ("Vu le Code général des collectivités territoriales, notamment son article "
                "L. 2121-29,"),
               "Vu l'avis favorable de la commission compétente,")
CONSIDERANTS = ("Considérant l'intérêt de ce projet pour les habitants,",
                "Considérant que les crédits nécessaires sont inscrits au budget,",
                "Considérant la nécessité d'assurer la continuité du service public,",
                "Considérant que le dossier a été transmis aux membres avec la convocation,")
TAIL_ARTICLES = (
    "{le_title_cap} est autorisé{e} à signer toutes les pièces relatives à ce dossier.",
    "Les crédits nécessaires sont inscrits au budget de l'exercice {year}.",
    "{le_title_cap} est chargé{e} de l'exécution de la présente délibération.",
)
FILLER = (
    ("Ce dossier a été présenté en commission, qui a rendu un avis favorable après un échange "
     "sur le calendrier de réalisation."),
    ("Les services ont comparé plusieurs solutions ; celle qui est proposée offre le meilleur "
     "rapport entre le coût d'investissement et les frais de fonctionnement."),
    ("Le projet s'inscrit dans le programme pluriannuel adopté en début de mandat et tient "
     "compte des observations formulées par les habitants lors de la réunion publique."),
    ("Les délais de consultation ont été respectés et l'ensemble des pièces est tenu à la "
     "disposition des élus au secrétariat."),
    ("Une attention particulière sera portée à l'accessibilité des équipements et à la "
     "sécurité des usagers pendant la durée du chantier."),
    ("Il est rappelé que cette opération figurait parmi les priorités identifiées lors du "
     "débat budgétaire et qu'elle bénéficiera de financements extérieurs."),
    ("Le calendrier prévoit un lancement au printemps, après la période de consultation, pour "
     "un achèvement avant la fin de l'année."),
    ("Les conséquences de cette décision sur le budget de fonctionnement ont été évaluées et "
     "restent compatibles avec les équilibres de la prospective financière."),
    "Plusieurs élus soulignent l'intérêt de mutualiser cette démarche avec les communes voisines.",
    "Un bilan sera présenté à l'assemblée au terme de la première année de mise en œuvre.",
    ("La proposition tient compte des remarques formulées lors de la précédente séance et des "
     "précisions apportées depuis par les services de l'État."),
    ("Le document détaillé a été adressé à chaque élu avec la note de synthèse jointe à la "
     "convocation."),
    ("Cette mesure répond à une demande exprimée de longue date par les usagers et par le "
     "conseil des jeunes."),
    ("Le coût de l'opération a été réévalué pour intégrer la hausse du prix des matériaux "
     "constatée au cours des derniers mois."),
    ("Des réunions de travail ont associé les agents concernés, qui ont pu faire part de leurs "
     "observations."),
    "Les crédits correspondants pourront être ajustés par décision modificative si nécessaire.",
)


def filler_pool(rng: random.Random, n: int = 90) -> list[str]:
    """Exposé paragraphs used to reach a page count; consecutive ones never repeat a sentence."""
    pool, deck = [], []
    while len(pool) < n:
        if len(deck) < 2:
            deck = rng.sample(FILLER, len(FILLER))
        k = rng.randint(1, 3) if len(deck) >= 3 else len(deck)
        pool.append(" ".join(deck[:k]))
        deck = deck[k:]
    return pool


def euros(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def slots(rng: random.Random, s: Session) -> dict[str, Any]:
    """Values for the {…} slots of a theme."""
    y = s.date.year
    names = rng.sample(s.presents, 2)
    trees = rng.sample(TREES, 2)
    return {
        "year": y, "year1": y + 1, "year0": y - 1, "n": rng.randint(1, 4),
        "seat_de": de(s.body.seat),
        "amount": euros(rng.randint(180, 2400) * 1000 + rng.randint(0, 999)),
        "amount2": euros(rng.randint(20, 900) * 1000),
        "small": euros(rng.randint(3, 90) * 50),
        "price_land": euros(rng.randint(2, 400) * 100),
        "rate": decimal(rng.randint(8, 42) / 10, 2), "tax": decimal(rng.randint(80, 420) / 10),
        "tax2": decimal(rng.randint(200, 800) / 10),
        "assoc": f"{rng.choice(ASSOCS)} {de(invent_place(rng))}",
        "section": rng.choice("ABCDEZ") + rng.choice(("", "B", "C")),
        "parcelle": rng.randint(12, 980), "surface": rng.randint(40, 2500),
        "lieudit": rng.choice(LIEUDITS), "hours": rng.choice((17, 20, 24, 28, 30)),
        "month": rng.choice(MONTHS), "weeks": rng.randint(4, 12),
        "entreprise": f"{rng.choice(('SARL', 'SAS', 'Entreprise'))} "
                      f"{invent_surname(rng).title()} "
                      f"{rng.choice(('TP', 'et Fils', 'Travaux', 'Routes'))}",
        "salle": rng.choice(SALLES), "delegue": names[0].name(s.style),
        "suppleant": names[1].name(s.style), "price": decimal(rng.randint(220, 480) / 100, 2),
        "tree": trees[0], "tree2": trees[1], "lamps": rng.randint(30, 400),
        "le_title": s.le_title(), "le_title_cap": s.le_title_cap(),
        "e": "e" if s.title() == "Présidente" else "",
    }


def count_words(n: int, rng: random.Random, feminine: bool = False) -> str:
    """A count as printed: mostly figures, sometimes words ("trois", "une")."""
    if 0 < n < 20 and rng.random() < 0.2:
        return "une" if n == 1 and feminine else nombre(n)
    return str(n)


def vote_listing(rng: random.Random, pour: int, contre: int, abst: int) -> str:
    """'12 voix pour, 3 voix contre et 2 abstentions' (a zero count is left out)."""
    parts = [f"{count_words(pour, rng, True)} voix pour"]
    if contre:
        parts.append(f"{count_words(contre, rng, True)} voix contre")
    if abst:
        parts.append(f"{count_words(abst, rng, True)} abstention{'s' if abst > 1 else ''}")
    return ", ".join(parts[:-1]) + " et " + parts[-1] if len(parts) > 1 else parts[0]


def make_vote(rng: random.Random, s: Session, kind: str) -> Vote:
    """Draw a vote and its printed phrasings; the truth holds only the counts printed.

    ``phrase`` goes into the prose ("…, après en avoir délibéré, {phrase}, DÉCIDE"), ``short``
    into a sidebar or a result line. Both print the same counts.
    """
    if kind in ("ajournee", "retiree", "prend_acte"):
        return Vote(kind, decision=kind)
    out, not_voting = 0, ""
    if s.votants > 5 and rng.random() < 0.12:
        p = rng.choice(s.presents[1:])
        not_voting, out = f"{p.civ()} {p.name(s.style)} ne prend pas part au vote.", 1
    voix = s.votants - out
    if kind == "unanimite":
        v = Vote(kind, unanimite=True, decision="adoptee", not_voting=not_voting)
        if rng.random() < 0.2:
            v.pour = voix
            v.phrase = f"à l'unanimité ({voix} voix pour)"
            v.short = f"Adoptée à l'unanimité ({voix} voix pour)"
        else:
            v.phrase = rng.choice(("à l'unanimité", ("à l'unanimité des membres présents et "
                                   "représentés"), "à l'unanimité des votants"))
            v.short = rng.choice(("Adoptée à l'unanimité", "Adopté à l'unanimité",
                                  "Vote : unanimité"))
        return v
    if kind == "rejet":  # more against than for, at least one for
        abst = rng.randint(0, max(0, voix // 6))
        pour = rng.randint(1, max(1, (voix - abst - 1) // 2))
        contre = voix - abst - pour
    else:
        contre = rng.randint(1, max(1, voix // 4)) if rng.random() < 0.75 else 0
        abst = rng.randint(1, max(1, voix // 5)) if contre == 0 or rng.random() < 0.6 else 0
        pour = voix - contre - abst
    adopted = kind == "majorite"
    v = Vote(kind, pour=pour, contre=contre, abstention=abst, unanimite=False,
             decision="adoptee" if adopted else "rejetee", not_voting=not_voting)
    if rng.random() < 0.55:  # counts in a sentence: a zero count is not printed
        listed = vote_listing(rng, pour, contre, abst)
        v.contre, v.abstention = contre or None, abst or None
        v.phrase = ("à la majorité avec " if adopted and rng.random() < 0.6 else "par ") + listed
        v.short = ("Adoptée à la majorité" if adopted else "Rejetée") + f" ({listed})"
    else:  # a result line: every count printed, blanks ("/") mean zero
        blank = "/" if rng.random() < 0.3 else "0"
        sep = rng.choice((" – ", " ", ", ")) if blank == "0" else " – "
        v.phrase = "à la majorité" if adopted else "à la majorité des votants"
        v.short = (f"Pour : {pour}{sep}Contre : {contre or blank}{sep}Abstention"
                   f"{'s' if abst > 1 else ''} : {abst or blank}")
    return v


def numbers(rng: random.Random, s: Session, n: int, numbering: str) -> list[tuple[str, str]]:
    """(numero as in the truth, how it is printed before an objet) for n successive items."""
    y, base = s.date.year, rng.randint(1, 90)
    out = []
    for i in range(1, n + 1):
        num, printed = {
            "seq": (str(i), f"{i} –"), "point": (str(i), f"Point n° {i} :"),
            "session": (f"{y}-{s.date.month:02d}-{i:02d}", "Délibération n° {} :"),
            "year": (f"{y}-{base + i:03d}", "Délibération n° {} –"),
            "del": (f"DEL{y}_{base + i:03d}", "N° {} –"),
            "slash": (f"{y}/{base + i:03d}", "Délibération n° {} :"),
            "dash": (f"{base + i:03d}-{y}", "N° {} –"),
        }[numbering]
        out.append((num, printed.format(num)))
    return out


def make_items(rng: random.Random, s: Session, votes: list[str],
               nums: list[tuple[str, str]]) -> list[Item]:
    """One item per vote kind, on distinct themes, numbered with ``nums``."""
    themes = rng.sample(THEMES, len(votes))
    items = []
    for (num, printed), theme, kind in zip(nums, themes, votes, strict=False):
        ctx = slots(rng, s)
        vote = make_vote(rng, s, kind)
        if kind == "prend_acte":
            objet, code, sub = rng.choice(ACT_THEMES)
            items.append(Item(num, printed, objet.format(**ctx), (code, sub), [], [], [], [], [],
                              vote))
            continue
        objet, code, sub, expose, vu, arts = theme
        arts = [a.format(**ctx) for a in arts]
        arts += [a.format(**ctx) for a in rng.sample(TAIL_ARTICLES, rng.randint(1, 2))]
        bullets = [f"APPROUVE la proposition présentée par {s.le_title()}", arts[0][:-1],
                   f"AUTORISE {s.le_title()} à signer tout document s'y rapportant"]
        items.append(Item(
            num, printed, objet.format(**ctx), (code, sub), [expose.format(**ctx)],
            [rng.choice(GENERIC_VUS), vu.format(**ctx)], rng.sample(CONSIDERANTS, 1),
            arts, bullets, vote))
    return items


def minutes_approval(rng: random.Random, s: Session, num: str, printed: str) -> Item:
    """A numbered approval of the previous minutes: then it is a deliberation."""
    prev = s.date - dt.timedelta(days=rng.randint(20, 60))
    return Item(num, printed, f"Approbation du procès-verbal de la séance du {date_long(prev)}",
                ("5.2", "Fonctionnement des assemblées"), [], [], [], [], [],
                make_vote(rng, s, "unanimite"))


# ---------------------------------------------------------------------------------------------
# Layout: blocks -> wrapped lines -> pages of drawing operations
# ---------------------------------------------------------------------------------------------


@dataclass
class Block:
    text: str
    bold: bool = False
    size: float = 10
    align: str = "L"  # L | C
    space: float = 4  # space before
    indent: float = 0
    tag: int | None = None  # item index, to know the pages of each deliberation
    keep: bool = False  # keep with the next block (headings)


@dataclass
class Frame:
    x: float
    width: float
    top: float
    bottom: float


@dataclass
class Op:
    layer: str  # header | sidebar | body | footer | stamp
    x: float
    y: float
    text: str = ""
    font: str = "R"
    size: float = 10
    rect: tuple[float, float, float, float] | None = None


@dataclass
class Layout:
    pages: list[list[Op]] = field(default_factory=list)
    tags: dict[int, list[int]] = field(default_factory=dict)  # tag -> pages (1-based)
    capacity: float = 0  # usable height of a page
    height: float = 0  # height used by the flow, counting earlier pages as full


class Wrapper:
    """Greedy line wrapping, cached: layouts are redone many times while fitting pages."""

    MAX_CACHED_LINES = 50_000

    def __init__(self) -> None:
        self.widths: dict[tuple[str, str], float] = {}  # width at size 1
        self.lines: dict[tuple[str, str, float, float], list[str]] = {}

    def width(self, word: str, font: str, size: float) -> float:
        key = (word, font)
        w = self.widths.get(key)
        if w is None:
            w = self.widths[key] = pdfmetrics.stringWidth(word, font, 1)
        return w * size

    def wrap(self, text: str, font: str, size: float, width: float) -> list[str]:
        key = (text, font, size, width)
        cached = self.lines.get(key)
        if cached is not None:
            return cached
        if len(self.lines) > self.MAX_CACHED_LINES:
            self.lines.clear()
        space = self.width(" ", font, size)
        lines, cur, cur_w = [], [], 0.0
        for word in text.split():
            w = self.width(word, font, size)
            if cur and cur_w + space + w > width:
                lines.append(" ".join(cur))
                cur, cur_w = [], 0.0
            cur_w += (space if cur else 0) + w
            cur.append(word)
        if cur:
            lines.append(" ".join(cur))
        self.lines[key] = lines
        return lines


WRAPPER = Wrapper()


def flow(blocks: list[Block], frame: Frame, wrapper: Wrapper, layer: str = "body",
         first_top: float | None = None) -> Layout:
    """Pour blocks into pages of ``frame``; the first page may start lower (``first_top``)."""
    f = fonts()
    out = Layout(pages=[[]])
    y = first_top if first_top is not None else frame.top
    for i, b in enumerate(blocks):
        font = f["B" if b.bold else "R"]
        lead = b.size * 1.25
        lines = wrapper.wrap(b.text, font, b.size, frame.width - b.indent)
        need = len(lines[:2]) * lead + b.space
        if b.keep and i + 1 < len(blocks):
            need += 2 * blocks[i + 1].size * 1.25
        if y - need < frame.bottom and out.pages[-1]:
            out.pages.append([])
            y = frame.top
        else:
            y -= b.space
        for line in lines:
            if y - lead < frame.bottom:
                out.pages.append([])
                y = frame.top
            y -= lead
            x = frame.x + b.indent
            if b.align == "C":
                x = frame.x + (frame.width - wrapper.width(line, font, b.size)) / 2
            out.pages[-1].append(Op(layer, x, y, line, "B" if b.bold else "R", b.size))
            if b.tag is not None:
                out.tags.setdefault(b.tag, []).append(len(out.pages))
    out.capacity = frame.top - frame.bottom
    out.height = (len(out.pages) - 1) * out.capacity + frame.top - y
    return out


LAYER_ORDER = {"natural": ("header", "sidebar", "body", "footer", "stamp"),
               "body_first": ("body", "sidebar", "header", "footer", "stamp")}


def render(path: Path, pages: list[list[Op]], order: str, title: str) -> None:
    """Write the pages; within a page, operations go to the content stream layer by layer."""
    f = fonts()
    rank = {name: i for i, name in enumerate(LAYER_ORDER[order])}
    a85, rl_config.useA85 = rl_config.useA85, 0  # plain deflate: smaller and faster
    try:
        c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
        c.setTitle(title)
        c.setAuthor("Registre sample generator")
        for ops in pages:
            for op in sorted(ops, key=lambda o: rank[o.layer]):  # stable: keeps reading order
                if op.rect:
                    c.setLineWidth(0.6)
                    c.rect(*op.rect, stroke=1, fill=0)
                else:
                    c.setFont(f[op.font], op.size)
                    c.drawString(op.x, op.y, op.text)
            c.showPage()
        c.save()
    finally:
        rl_config.useA85 = a85


def add_furniture(pages: list[list[Op]], s: Session, numero: str | None, stamp: bool,
                  footer: str | None) -> None:
    """The préfecture stamp (top right) and "Page n/m" footers, on every page."""
    n = len(pages)
    for i, ops in enumerate(pages, start=1):
        if stamp:
            sent = date_fig(s.transmission)
            act = (numero or "DEL").replace("/", "_")
            lines = (f"Envoyé en préfecture le {sent}", f"Reçu en préfecture le {sent}",
                     f"ID : {s.dept}-{s.siren}-{s.date:%Y%m%d}-{act}-DE")
            ops += [Op("stamp", 392, 818 - k * 8.5, line, "R", 6.5) for k, line in enumerate(lines)]
            ops.append(Op("stamp", 0, 0, rect=(386, 795, 175, 33)))
        if footer is not None or n > 1:
            text = f"Page {i}/{n}" if footer is None else f"{footer} – Page {i}/{n}"
            width = pdfmetrics.stringWidth(text, fonts()["R"], 8)
            ops.append(Op("footer", (A4[0] - width) / 2, 28, text, "R", 8))


# ---------------------------------------------------------------------------------------------
# Phrasing shared by the kinds
# ---------------------------------------------------------------------------------------------


def join_names(names: list[str], rng: random.Random) -> str:
    sep = rng.choice((", ", ", ", " – ", " ; "))
    if len(names) > 1 and sep == ", " and rng.random() < 0.6:
        return sep.join(names[:-1]) + " et " + names[-1]
    return sep.join(names)


def with_civ(p: Person, s: Session, civ: bool) -> str:
    return f"{p.civ()} {p.name(s.style)}" if civ else p.name(s.style)


def opening(s: Session, rng: random.Random, convoc_inline: bool) -> str:
    """'L'an …, le … à …, le Conseil municipal de X, légalement convoqué, s'est réuni …'."""
    h, m = s.hour
    if s.date_style == "words":
        when = (f"{date_in_words(s.date, rng, rng.random() < 0.3)} à "
                f"{hour_text(h, m, rng, rng.random() < 0.5)}")
    else:
        when = f"Le {date_any(s.date, s.date_style)} à {hour_text(h, m, rng)}"
    convoc = ""
    if convoc_inline:
        style = "figures" if s.date_style == "figures" else "long"
        convoc = f" le {date_any(s.convocation, style)}"
    adverb = rng.choice(("légalement", "dûment", "régulièrement"))
    where = f" {s.lieu_text}," if s.lieu_text else ""
    pres = f"{s.president.civ(rng.random() < 0.4)} {s.president.name(s.style)}"
    return (f"{when}, le {s.body.instance} {s.body.of}, {adverb} convoqué{convoc}, s'est "
            f"réuni{where} sous la présidence de {pres}, {s.title()}.")


def presents_text(s: Session, rng: random.Random, civ: bool) -> str:
    listed = s.presents if rng.random() < 0.6 else s.presents[1:]  # president named above
    if civ and rng.random() < 0.5:  # "Mmes A, B ; MM. C, D"
        women = [p.name(s.style) for p in listed if p.female]
        men = [p.name(s.style) for p in listed if not p.female]
        groups = ([f"{'Mmes' if len(women) > 1 else 'Mme'} {', '.join(women)}"] if women else [])
        groups += [f"{'MM.' if len(men) > 1 else 'M.'} {', '.join(men)}"] if men else []
        text = " ; ".join(groups)
    else:
        text = join_names([with_civ(p, s, civ) for p in listed], rng)
    label = rng.choice(("Étaient présents", "Présents", "Membres présents", "Etaient présents"))
    return f"{label} : {text}."


def attendance(s: Session, rng: random.Random, proxy_style: str | None = None) -> list[str]:
    """The attendance paragraphs: présents, absents, pouvoirs, secrétaire."""
    civ = rng.random() < 0.35
    out = [presents_text(s, rng, civ)]
    proxy_style = proxy_style or rng.choice(("inline", "sentence", "list"))
    mandataire = {id(a): b for a, b in s.proxies}
    if s.excuses:
        names = []
        for p in s.excuses:
            name = with_civ(p, s, civ)
            if proxy_style == "inline" and id(p) in mandataire:
                name += f" ({rng.choice(('pouvoir', 'procuration'))} à " \
                        f"{with_civ(mandataire[id(p)], s, civ)})"
            names.append(name)
        one = s.excuses[0]
        label = "Absents excusés" if len(names) > 1 else (
            "Absente excusée" if one.female else "Absent excusé")
        out.append(f"{label} : {join_names(names, rng)}.")
    if s.absents:
        out.append(f"Absent{'s' if len(s.absents) > 1 else ''} : "
                   f"{join_names([with_civ(p, s, civ) for p in s.absents], rng)}.")
    if s.proxies and proxy_style == "sentence":
        verb = rng.choice(("donne pouvoir à", "a donné pouvoir à", "a donné procuration à"))
        out += [f"{with_civ(a, s, civ)} {verb} {with_civ(b, s, civ)}." for a, b in s.proxies]
    elif s.proxies and proxy_style == "list":
        out.append("Pouvoirs : " + ", ".join(f"{with_civ(a, s, civ)} à {with_civ(b, s, civ)}"
                                             for a, b in s.proxies) + ".")
    sec, e = s.secretaire, "e" if s.secretaire.female else ""
    out.append(rng.choice((
        f"Secrétaire de séance : {with_civ(sec, s, civ)}.",
        f"{sec.civ()} {sec.name(s.style)} a été désigné{e} secrétaire de séance.",
        f"{sec.civ(True)} {sec.name(s.style)} est élu{e} secrétaire de séance.")))
    return out


def counts_sentence(s: Session, rng: random.Random) -> tuple[str, int | None]:
    """The printed counts, and ``representes`` when they print it."""
    who = "conseillers" if s.body.kind in ("commune", "communaute") else "délégués"
    if rng.random() < 0.5:
        return (f"Nombre de {who} en exercice : {s.membres}, présents : {len(s.presents)}, "
                f"votants : {s.votants}"), None
    reps = len(s.proxies)
    return (f"Nombre de membres : En exercice : {s.membres} – Présents : {len(s.presents)} – "
            f"Représentés : {reps} – Votants : {s.votants}"), reps


def decide_blocks(item: Item, s: Session, rng: random.Random, size: float,
                  numbered: bool) -> list[Block]:
    """Vu, considérant, the vote, and the operative part (ARTICLE n or bullets)."""
    out = [Block(v, size=size, space=2) for v in item.vus + item.considerants]
    who = f"LE {s.body.instance.upper()}" if rng.random() < 0.5 else f"Le {s.body.instance}"
    vote = item.vote
    if vote.not_voting:
        out.append(Block(vote.not_voting, size=size))
    if vote.decision == "rejetee":
        out.append(Block(f"{who}, après en avoir délibéré, {vote.phrase}, REJETTE la "
                         "proposition qui lui est soumise.", size=size))
        return out
    out.append(Block(f"{who}, après en avoir délibéré, {vote.phrase},", size=size))
    if numbered:
        out.append(Block(rng.choice(("DÉCIDE :", "DÉCIDE", "DELIBERE")), bold=True, size=size,
                         align="C", keep=True))
        label = rng.choice(("ARTICLE {n} –", "Article {n} :", "ARTICLE {n} -", "Article {n}{er} –"))
        for n, art in enumerate(item.articles, start=1):
            out.append(Block(f"{label.format(n=n, er='er' if n == 1 else '')} {art}", size=size,
                             space=3))
    else:
        out += [Block(f"- {b} ;", size=size, space=2) for b in item.bullets]
    return out


# ---------------------------------------------------------------------------------------------
# The kinds: each builder returns its layout and the session facts it printed
# ---------------------------------------------------------------------------------------------


def sidebar_blocks(s: Session, item: Item, rng: random.Random) -> tuple[list[Block], int | None]:
    style = "figures" if s.date_style == "figures" else "long"
    split = rng.random() < 0.6  # label and date on two lines, as in many extraits

    def dated(label: str, when: dt.date) -> list[Block]:
        if split:
            return [Block(f"{label} :", size=8, space=5),
                    Block(date_any(when, style), size=8, space=0)]
        return [Block(f"{label} : {date_any(when, style)}", size=8, space=5)]

    out = [Block(rng.choice(("Délibération n° ", "N° ", "")) + str(item.numero), bold=True,
                 size=8.5, space=0), Block(f"OBJET : {item.objet}", size=8, space=6)]
    out += dated("Date de convocation", s.convocation)
    if rng.random() < 0.5:
        out += dated("Date de séance", s.date)
    out += dated("Date d'affichage", s.affichage)
    out.append(Block(f"Membres en exercice : {s.membres}", size=8, space=6))
    out.append(Block(f"Membres présents : {len(s.presents)}", size=8, space=1))
    reps = None
    if s.proxies and rng.random() < 0.5:
        reps = len(s.proxies)
        out.append(Block(f"{rng.choice(('Représentés', 'Pouvoirs'))} : {reps}", size=8, space=1))
    out.append(Block(f"{rng.choice(('Membres votants', 'Votants'))} : {s.votants}", size=8,
                     space=1))
    out.append(Block(item.vote.short, bold=True, size=8, space=6))
    if rng.random() < 0.5:
        out.append(Block("Accueil du public : du lundi au vendredi de 9 h à 12 h et de 14 h à "
                         "17 h", size=7, space=10))
    return out, reps


def build_extrait_two_column(s: Session, items: list[Item], rng: random.Random,
                             fill: list[str]) -> tuple[Layout, dict[str, Any]]:
    item, wrapper = items[0], WRAPPER
    header = [Block(s.body.name.upper(), bold=True, size=11, align="C", space=0),
              Block("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS", bold=True, size=11, align="C"),
              Block(f"du {s.body.instance}", bold=True, size=11, align="C", space=2)]
    head = flow(header, Frame(40, 515, 782, 700), wrapper, "header")
    blocks, reps = sidebar_blocks(s, item, rng)
    side = flow(blocks, Frame(46, 140, 712, 60), wrapper, "sidebar")
    low = min(op.y for op in side.pages[0]) - 8
    side.pages[0].append(Op("sidebar", 0, 0, rect=(40, low, 152, 722 - low)))
    body = [Block(opening(s, rng, convoc_inline=False), size=9.5, space=0)]
    body += [Block(t, size=9.5) for t in attendance(s, rng)]
    body += [Block(t, size=9.5) for t in item.expose + fill]
    body += decide_blocks(item, s, rng, 9.5, numbered=True)
    body.append(Block("Fait et délibéré les jour, mois et an susdits.", size=9.5, space=8))
    body.append(Block(f"Pour extrait conforme, {s.le_title()}, {s.president.name(s.style)}",
                      size=9.5))
    lay = flow(body, Frame(205, 350, 800, 50), wrapper, "body", first_top=712)
    lay.pages[0] += side.pages[0] + head.pages[0]
    return lay, {"membres_en_exercice": s.membres, "presents": len(s.presents),
                 "representes": reps, "votants": s.votants, "date_convocation": s.convocation,
                 "date_affichage": s.affichage, "date_transmission": None,
                 "nb_articles": len(item.articles) if item.vote.decision == "adoptee" else None}


def build_extrait_single_column(s: Session, items: list[Item], rng: random.Random,
                                fill: list[str]) -> tuple[Layout, dict[str, Any]]:
    item = items[0]
    style = "figures" if s.date_style == "figures" else "long"
    seance = date_any(s.date, style) if rng.random() < 0.7 else date_long(s.date, True)
    blocks = [Block("RÉPUBLIQUE FRANÇAISE", bold=True, size=9, align="C", space=0),
              Block(f"DÉPARTEMENT {rng.choice(DEPARTEMENTS)}", size=9, align="C", space=1),
              Block(s.body.name.upper(), bold=True, size=12, align="C", space=10),
              Block(f"EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU {s.body.instance.upper()}",
                    bold=True, size=11, align="C", space=6),
              Block(f"Séance du {seance}", bold=True, size=10.5, align="C", space=4)]
    counts, reps = counts_sentence(s, rng)
    blocks.append(Block(counts, size=9.5, space=10))
    convoc_inline = rng.random() < 0.4
    if not convoc_inline:
        blocks.append(Block(f"Date de convocation : {date_any(s.convocation, style)}", size=9.5,
                            space=2))
    blocks.append(Block(f"Délibération n° {item.numero}", bold=True, size=10, space=10))
    blocks.append(Block(f"Objet : {item.objet}", bold=True, size=10, space=3))
    blocks.append(Block(opening(s, rng, convoc_inline), size=10, space=10))
    blocks += [Block(t, size=10) for t in attendance(s, rng)]
    blocks += [Block(t, size=10, space=6) for t in item.expose + fill]
    numbered = rng.random() < 0.6
    blocks += decide_blocks(item, s, rng, 10, numbered)
    if item.vote.short.startswith("Pour"):
        blocks.append(Block(f"Vote : {item.vote.short}", size=10, space=6))
    adopted = item.vote.decision == "adoptee"
    blocks.append(Block("La délibération est adoptée." if adopted else
                        "La proposition est rejetée.", size=10, space=4))
    blocks.append(Block("Fait et délibéré les jour, mois et an susdits. Pour extrait certifié "
                        "conforme.", size=10, space=10))
    affiche = rng.choice(("Affiché le", "Date d'affichage :", "Publié par voie d'affichage le"))
    blocks.append(Block(f"{affiche} {date_any(s.affichage, style)}", size=10, space=4))
    sent = rng.random() < 0.3
    if sent:
        sent_on = date_any(s.transmission, style)
        blocks.append(Block(f"Transmis au contrôle de légalité le {sent_on}",
                            size=10, space=2))
    blocks.append(Block(f"{s.le_title_cap()}, {s.president.name(s.style)}", size=10, space=12,
                        align="C"))
    lay = flow(blocks, Frame(60, 475, 780, 50), WRAPPER)
    return lay, {"membres_en_exercice": s.membres, "presents": len(s.presents),
                 "representes": reps, "votants": s.votants, "date_convocation": s.convocation,
                 "date_affichage": s.affichage,
                 "date_transmission": s.transmission if sent else None,
                 "nb_articles": len(item.articles) if numbered and adopted else None}


def item_outcome(item: Item, s: Session) -> str:
    v, instance = item.vote, s.body.instance
    if v.decision == "prend_acte":
        what = "de la tenue du débat" if "Débat" in item.objet else "de ce rapport"
        return f"Le {instance} prend acte {what}."
    if v.decision == "ajournee":
        return ("Le point est reporté à une prochaine séance dans l'attente d'éléments "
                "complémentaires.")
    if v.decision == "retiree":
        return "Ce point est retiré de l'ordre du jour."
    if v.short.startswith("Pour"):
        return f"Vote : {v.short}. {'Adopté' if v.decision == 'adoptee' else 'Rejeté'}."
    verb = "approuve" if v.decision == "adoptee" else "rejette"
    return f"Après en avoir délibéré, le {instance} {verb}, {v.phrase}, la proposition."


def minutes_item(item: Item, s: Session, rng: random.Random, tag: int, pv: bool,
                 fill: list[str]) -> list[Block]:
    """One numbered item of a compte rendu or procès-verbal."""
    out = [Block(f"{item.heading_numero} {item.objet}", bold=True, size=10, space=12, tag=tag,
                 keep=True)]
    voted = item.vote.decision in ("adoptee", "rejetee")
    if pv and voted:
        out.append(Block(f"Rapporteur : {rng.choice(s.presents).name(s.style)}", size=9.5,
                         space=2, tag=tag))
    body = item.expose + fill
    if item.vote.decision == "prend_acte":
        body = [(f"{s.le_title_cap()} présente le document transmis avec la convocation. "
                "Un échange s'engage sur les perspectives de l'exercice.")] + fill
    out += [Block(t, size=10, tag=tag) for t in body]
    if pv and voted and len(s.presents) > 3:
        asker = rng.choice(s.presents[1:])
        out.append(Block(f"{asker.civ()} {asker.name(s.style)} demande si d'autres solutions ont "
                         f"été étudiées. {s.le_title_cap()} répond que le dossier a été "
                         "examiné en commission.", size=10, tag=tag))
    if item.vote.not_voting:
        out.append(Block(item.vote.not_voting, size=10, tag=tag))
    out.append(Block(item_outcome(item, s), size=10, tag=tag))
    return out


def session_head(s: Session, rng: random.Random, pv: bool) -> tuple[list[Block], dict[str, Any]]:
    style = "figures" if s.date_style == "figures" else "long"
    what = "PROCÈS-VERBAL" if pv else rng.choice(("COMPTE RENDU", "COMPTE RENDU SOMMAIRE"))
    blocks = [Block(s.body.name.upper(), bold=True, size=11, align="C", space=0),
              Block(f"{what} DE LA SÉANCE DU {s.body.instance.upper()} DU "
                    f"{date_long(s.date).upper()}", bold=True, size=11.5, align="C", space=10)]
    facts: dict[str, Any] = dict.fromkeys(("membres_en_exercice", "presents", "representes",
                                           "votants", "date_convocation"))
    if rng.random() < 0.5:
        counts, reps = counts_sentence(s, rng)
        blocks.append(Block(counts, size=9.5, space=8))
        facts.update(membres_en_exercice=s.membres, presents=len(s.presents), representes=reps,
                     votants=s.votants)
    if rng.random() < 0.5:
        blocks.append(Block(f"Date de convocation : {date_any(s.convocation, style)}", size=9.5))
        facts["date_convocation"] = s.convocation
    blocks.append(Block(opening(s, rng, False), size=10, space=8))
    blocks += [Block(t, size=10) for t in attendance(s, rng, "list" if rng.random() < 0.6 else
                                                       None)]
    blocks.append(Block(f"Le quorum étant atteint, {s.le_title()} ouvre la séance.", size=10))
    return blocks, facts


def build_minutes(s: Session, items: list[Item], rng: random.Random, fill: list[str], pv: bool,
                  approval: Item | None) -> tuple[Layout, dict[str, Any]]:
    """A compte rendu or procès-verbal: session header, minutes approval, items, closing."""
    blocks, facts = session_head(s, rng, pv)
    if approval is None:  # unnumbered: not a deliberation
        prev = s.date - dt.timedelta(days=rng.randint(20, 60))
        blocks.append(Block("Approbation du procès-verbal de la séance précédente", bold=True,
                            size=10, space=12, keep=True))
        blocks.append(Block(f"Le procès-verbal de la séance du {date_long(prev)} est approuvé à "
                            "l'unanimité.", size=10))
    for i, item in enumerate(items):
        if item is approval:
            blocks.append(Block(f"{item.heading_numero} {item.objet}", bold=True, size=10,
                                space=12, tag=i, keep=True))
            blocks.append(Block(f"Le procès-verbal est adopté {item.vote.phrase}.", size=10,
                                tag=i))
            continue
        blocks += minutes_item(item, s, rng, i, pv, fill[i::len(items)])
    blocks.append(Block("Questions diverses", bold=True, size=10, space=12, keep=True))
    blocks.append(Block("Les travaux de la salle communale débuteront le mois prochain ; une "
                        "réunion d'information sera organisée.", size=10))
    end = f"{(s.hour[0] + 2) % 24} h {rng.choice(('05', '20', '45'))}"
    blocks.append(Block(f"L'ordre du jour étant épuisé, la séance est levée à {end}.", size=10,
                        space=8))
    blocks.append(Block(f"{s.le_title_cap()}, {s.president.name(s.style)} – Secrétaire de séance, "
                        f"{s.secretaire.name(s.style)}", size=10, space=14))
    lay = flow(blocks, Frame(60, 475, 790, 50), WRAPPER)
    facts.update(date_affichage=None, date_transmission=None, nb_articles=None)
    return lay, facts


# ---------------------------------------------------------------------------------------------
# One sample: plan, fit to the page count, render, truth
# ---------------------------------------------------------------------------------------------

MINUTES_VOTES = ("unanimite", "majorite", "rejet", "ajournee", "prend_acte", "retiree")


def plan_items(kind: str, rng: random.Random, s: Session,
               opts: dict[str, Any]) -> tuple[list[Item], Item | None]:
    """The items of the document, and the numbered minutes approval if it has one."""
    if kind.startswith("extrait"):
        vote = opts.get("vote") or rng.choices(VOTE_KINDS, weights=(6, 3, 1))[0]
        numbering = rng.choice(("year", "del", "slash", "dash", "session"))
        return make_items(rng, s, [vote], numbers(rng, s, 1, numbering)), None
    n = opts.get("items") or rng.randint(3, 7)
    votes = rng.choices(MINUTES_VOTES, weights=(10, 4, 1, 1, 1.5, 0.5), k=n)
    if opts.get("vote"):
        votes[min(1, n - 1)] = opts["vote"]
    votes = [v if v != "prend_acte" or v not in votes[:i] else "unanimite"
             for i, v in enumerate(votes)]
    numbered = kind == "proces_verbal" and rng.random() < opts.get("numbered_approval", 0.4)
    nums = numbers(rng, s, n + numbered, rng.choice(("seq", "seq", "point", "session", "year")))
    items = make_items(rng, s, votes, nums[numbered:])
    if not numbered:
        return items, None
    approval = minutes_approval(rng, s, *nums[0])
    return [approval] + items, approval


def fit(build, items: list[Item], pool: list[str], target: int, min_items: int,
        goal: float) -> tuple[Layout, dict[str, Any], list[Item]]:
    """Filler paragraphs (and, if needed, fewer items) that give ``target`` pages.

    The filler count is estimated from the height of a few paragraphs so that the last page is
    about ``goal`` full, then corrected one paragraph at a time: three or four layouts in all.
    """
    n = len(items)
    while True:
        lay, facts = build(items[:n], [])
        if len(lay.pages) <= target or n <= min_items:
            break
        n -= 1
    if len(lay.pages) > target:
        return lay, facts, items[:n]
    want = (target - 1 + goal) * lay.capacity - lay.height
    if len(lay.pages) == target and want <= 0:
        return lay, facts, items[:n]
    probe = 6
    per = max(1.0, (build(items[:n], pool[:probe])[0].height - lay.height) / probe)
    k = max(0, min(len(pool), round(want / per)))
    tried: set[int] = set()
    while 0 <= k <= len(pool) and k not in tried:
        tried.add(k)
        lay, facts = build(items[:n], pool[:k])
        if len(lay.pages) == target:
            break
        k += 1 if len(lay.pages) < target else -1
    return lay, facts, items[:n]


def make_sample(kind: str, seed: int, path: Path, *, pages: int | None = None,
                body_first: bool | None = None, **options: Any) -> dict[str, Any]:
    """Write one synthetic deliberation PDF at ``path`` and return its truth record.

    Args:
        kind: one of ``KINDS``.
        seed: everything (facts, phrasing, layout) follows from ``(kind, seed, options)``.
        path: where to write the PDF.
        pages: the page count wanted (default: 1–2 for extraits, 2–4 for minutes); reached by
            adding exposé paragraphs or dropping items.
        body_first: content stream order of ``extrait_two_column`` (default True: body, then
            sidebar, then header); ignored by the other kinds.
        options: force a draw: ``body`` (commune|communaute|syndicat|bureau), ``vote``
            (unanimite|majorite|rejet, or ajournee|prend_acte|retiree in minutes), ``year``,
            ``date_style`` (words|figures|long), ``proxies`` (bool), ``stamp`` (bool),
            ``items`` (minutes), ``numbered_approval`` (probability, procès-verbal).

    Returns:
        The truth in the JSON record shape of DESIGN.md (without confidence and checks).

    Raises:
        ValueError: for an unknown kind.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    path = Path(path)
    rng = random.Random(f"{kind}:{seed}:{sorted(options.items())}")
    s = make_session(rng, options)
    items, approval = plan_items(kind, rng, s, options)
    pool = filler_pool(rng)
    minutes = not kind.startswith("extrait")
    target = pages or (rng.randint(2, 4) if minutes else 1 + (rng.random() < 0.15))
    stamp = options.get("stamp")
    if stamp is None:
        stamp = not minutes and s.date.year >= 2007 and rng.random() < 0.5
    text_seed = f"{kind}:{seed}:text"

    def build(its: list[Item], fill: list[str]) -> tuple[Layout, dict[str, Any]]:
        r = random.Random(text_seed)
        if minutes:
            return build_minutes(s, its, r, fill, kind == "proces_verbal", approval)
        builder = build_extrait_two_column if kind == "extrait_two_column" else \
            build_extrait_single_column
        return builder(s, its, r, fill)

    goal = rng.uniform(0.35, 0.85)
    lay, facts, items = fit(build, items, pool, target, 2 if minutes else 1, goal)
    footer = f"{s.body.name} – séance du {date_fig(s.date)}" if minutes and seed % 2 else None
    add_furniture(lay.pages, s, items[0].numero if not minutes else None, bool(stamp), footer)
    if bool(stamp) and not facts["date_transmission"]:
        facts["date_transmission"] = s.transmission
    order = "body_first" if kind == "extrait_two_column" and body_first is not False else "natural"
    path.parent.mkdir(parents=True, exist_ok=True)
    render(path, lay.pages, order, {"extrait": "Extrait du registre des délibérations",
                                    "compte_rendu": "Compte rendu de séance",
                                    "proces_verbal": "Procès-verbal de séance"}[DOC_TYPES[kind]])
    return truth_record(path, kind, s, facts, items, lay, bool(stamp))


# ---------------------------------------------------------------------------------------------
# Truth
# ---------------------------------------------------------------------------------------------


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def truth_record(path: Path, kind: str, s: Session, facts: dict[str, Any], items: list[Item],
                 lay: Layout, stamp: bool) -> dict[str, Any]:
    """The record of DESIGN.md, filled with what the document prints."""
    style, n_pages = s.style, len(lay.pages)
    session = {
        "instance": s.body.instance,
        "date_seance": s.date.isoformat(), "heure_seance": f"{s.hour[0]:02d}:{s.hour[1]:02d}",
        "date_convocation": iso(facts["date_convocation"]),
        "date_affichage": iso(facts["date_affichage"]),
        "date_transmission": iso(facts["date_transmission"]),
        "lieu": s.lieu, "president": s.president.name(style),
        "secretaire": s.secretaire.name(style),
        "membres_en_exercice": facts["membres_en_exercice"], "presents": facts["presents"],
        "representes": facts["representes"], "votants": facts["votants"],
    }
    delibs = []
    for i, item in enumerate(items):
        v = item.vote
        pages = lay.tags.get(i) or list(range(1, n_pages + 1))
        nb = facts["nb_articles"] if DOC_TYPES[kind] == "extrait" else None
        delibs.append({
            "numero": item.numero, "objet": item.objet, **session,
            "presents_noms": [p.name(style) for p in s.presents],
            "absents_noms": [p.name(style) for p in s.excuses + s.absents] or None,
            "procurations": [{"mandant": a.name(style), "mandataire": b.name(style)}
                             for a, b in s.proxies] or None,
            "vote_pour": v.pour, "vote_contre": v.contre, "vote_abstention": v.abstention,
            "unanimite": v.unanimite, "decision": v.decision, "nb_articles": nb,
            "articles": list(item.articles) if nb else [],
            "matiere_code": item.matiere[0], "matiere_nom": item.matiere[1],
            "page_start": min(pages), "page_end": max(pages),
        })
    return {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "pages": n_pages, "ocr": False, "doc_type": DOC_TYPES[kind],
            "collectivite": s.body.name, "siren": s.siren if stamp else None,
            "unread_pages": [], "deliberations": delibs}


def write_truth(pdf: Path, truth: dict[str, Any]) -> None:
    """NAME.truth.json beside the PDF, and truth/NAME.gold.json for ``score.py``."""
    name = pdf.stem
    text = json.dumps(truth, ensure_ascii=False, indent=1) + "\n"
    pdf.with_name(f"{name}.truth.json").write_text(text, encoding="utf-8")
    gold = pdf.parent / "truth" / f"{name}.gold.json"
    gold.parent.mkdir(exist_ok=True)
    gold.write_text(json.dumps({"id": name, **truth}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Sets of samples and the command line
# ---------------------------------------------------------------------------------------------

# (name, kind, seed, options): together they show every phrasing the brief asks for.
DEMO: tuple[tuple[str, str, int, dict[str, Any]], ...] = (
    ("01-extrait-bureau-syndicat", "extrait_two_column", 11,
     {"body": "bureau", "vote": "unanimite", "date_style": "words", "proxies": True,
      "year": 2016}),
    ("02-extrait-cm-ordre-naturel", "extrait_two_column", 12,
     {"body": "commune", "vote": "majorite", "body_first": False, "date_style": "figures",
      "year": 2011}),
    ("03-extrait-comite-syndical", "extrait_two_column", 13,
     {"body": "syndicat", "vote": "rejet", "date_style": "long", "year": 2003, "proxies": True}),
    ("04-extrait-communautaire-2p", "extrait_two_column", 14,
     {"body": "communaute", "vote": "majorite", "pages": 2, "stamp": True, "year": 2022}),
    ("05-extrait-cm-majorite", "extrait_single_column", 21,
     {"body": "commune", "vote": "majorite", "date_style": "figures", "year": 2019,
      "proxies": True}),
    ("06-extrait-cm-pour-contre", "extrait_single_column", 22,
     {"body": "commune", "vote": "majorite", "date_style": "words", "year": 1998}),
    ("07-extrait-cm-rejetee", "extrait_single_column", 23,
     {"body": "commune", "vote": "rejet", "date_style": "long", "year": 2008, "stamp": True}),
    ("08-extrait-communautaire", "extrait_single_column", 24,
     {"body": "communaute", "vote": "unanimite", "stamp": True, "year": 2024, "proxies": True}),
    ("09-compte-rendu-cm-3p", "compte_rendu", 31,
     {"body": "commune", "pages": 3, "items": 7, "proxies": True, "date_style": "words",
      "year": 2021}),
    ("10-compte-rendu-communautaire", "compte_rendu", 32,
     {"body": "communaute", "pages": 2, "items": 5, "vote": "prend_acte", "year": 2014}),
    ("11-compte-rendu-comite-3p", "compte_rendu", 33,
     {"body": "syndicat", "pages": 3, "items": 7, "vote": "ajournee", "date_style": "figures",
      "year": 2001}),
    ("12-pv-cm-approbation-numerotee", "proces_verbal", 41,
     {"body": "commune", "pages": 2, "items": 5, "numbered_approval": 1.0, "proxies": True,
      "year": 2017}),
    ("13-pv-communautaire", "proces_verbal", 42,
     {"body": "communaute", "pages": 2, "items": 3, "vote": "rejet", "numbered_approval": 0.0,
      "year": 1996}),
    ("14-extrait-bureau-syndicat-2025", "extrait_single_column", 25,
     {"body": "bureau", "vote": "unanimite", "date_style": "figures", "year": 2025}),
)


def make_demo(out_dir: Path) -> list[Path]:
    """Write the fixed demo set (``DEMO``) into ``out_dir``."""
    paths = []
    for name, kind, seed, opts in DEMO:
        pdf = Path(out_dir) / f"{name}.pdf"
        write_truth(pdf, make_sample(kind, seed, pdf, **opts))
        paths.append(pdf)
    return paths


def corpus_sample(args: tuple[Path, int, int, str, int | None]) -> Path:
    out, seed, i, kind, pages = args
    pdf = out / f"{kind}-{i:05d}.pdf"
    write_truth(pdf, make_sample(kind, seed * 1_000_003 + i, pdf, pages=pages))
    return pdf


def make_corpus(out_dir: Path, n: int, seed: int, kinds: list[str] | None = None,
                pages: int | tuple[int, int] | None = None, workers: int = 1) -> list[Path]:
    """Write ``n`` samples (PDF + truth) cycling through ``kinds``, for benchmarks.

    Args:
        out_dir: created if missing.
        n: number of PDFs.
        seed: the corpus seed; sample i uses seed ``seed * 1_000_003 + i``.
        kinds: the kinds to cycle through (default: all of ``KINDS``).
        pages: page count of every sample, or an inclusive (min, max) range drawn per sample.
        workers: processes to use; the output does not depend on it.

    Returns:
        The paths of the PDFs written, in order.
    """
    kinds = list(kinds or KINDS)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jobs = []
    for i in range(n):
        want = pages
        if isinstance(pages, tuple):
            want = random.Random(f"pages:{seed}:{i}").randint(*pages)
        jobs.append((out, seed, i, kinds[i % len(kinds)], want))
    if workers <= 1:
        return [corpus_sample(job) for job in jobs]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(corpus_sample, jobs, chunksize=16))


def parse_pages(text: str | None) -> int | tuple[int, int] | None:
    if not text:
        return None
    lo, _, hi = text.partition("-")
    return (int(lo), int(hi)) if hi else int(lo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--n", type=int, help="number of random samples (default: the demo set)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kinds", help=f"comma-separated subset of {','.join(KINDS)}")
    parser.add_argument("--pages", help="page count, or a range such as 1-4")
    parser.add_argument("--workers", type=int, default=1, help="processes (random samples only)")
    args = parser.parse_args(argv)
    kinds = args.kinds.split(",") if args.kinds else None
    for k in kinds or ():
        if k not in KINDS:
            parser.error(f"unknown kind {k!r}")
    start = time.perf_counter()
    if args.n is None:
        paths = make_demo(args.out_dir)
    else:
        paths = make_corpus(args.out_dir, args.n, args.seed, kinds, parse_pages(args.pages),
                            args.workers)
    took = time.perf_counter() - start
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} PDFs ({size / 1024:.0f} kB) in {args.out_dir} in {took:.2f} s "
          f"({len(paths) / took:.0f} PDFs/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
