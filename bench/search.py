"""Search benchmark: build an archive of N synthetic deliberations, time 50 varied queries.

The archive is built through the store API (``Archive.add_documents``, batches of documents
per transaction, originals not copied): realistic French administrative vocabulary, a long
tail of rarer words, 2,000 bodies over 30 years, attendance lists, votes and ACTES matières.
The queries mix words, phrases, prefixes, OR and exclusion, filters alone, filters with words,
common words and date sorting. Each query runs once to warm the cache, then ``--reps`` times.

Usage:
    .venv/bin/python bench/search.py                 # 1,000,000 deliberations
    .venv/bin/python bench/search.py --n 100000 --db /tmp/bench.db --keep

Prints one line per query, then a final JSON line:
    {"n": …, "build_s": …, "db_mib": …, "p50_ms": …, "p99_ms": …, "max_ms": …, …}
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registre.model import Deliberation, Document, Page, Procuration, Record
from registre.store.archive import Archive
from registre.store.search import SearchFilters, search

SYLLABLES = (
    "ba be bon ca cha che co da de don fa fon ga gi la le lon ma me mon na ne no pa pe pon ra re"
    " ri ron sa se son ta te ton va ve vil"
)
SYLLABLES = SYLLABLES.split()
FIRST = (
    "Philippe Marie Jean Anne Pierre Sophie Michel Nathalie Alain Isabelle Patrick Catherine"
    " Bernard Sylvie Daniel Christine Éric Hélène François Valérie Gérard Monique Stéphane Céline"
)
FIRST = FIRST.split()
KINDS = ["Commune de", "Commune de", "Commune de", "Communauté de communes du", "Syndicat mixte du"]
INSTANCES = {
    "Commune de": ["conseil municipal"] * 9 + ["bureau"],
    "Communauté de communes du": ["conseil communautaire"] * 3 + ["bureau"],
    "Syndicat mixte du": ["comité syndical"] * 3 + ["bureau"],
}
DECISIONS = ["adoptee"] * 90 + ["rejetee"] * 3 + ["ajournee"] * 2 + ["retiree"] + ["prend_acte"] * 4
MATIERES = [
    ("1.1", "Marchés publics"), ("1.2", "Délégations de service public"),
    ("2.1", "Documents d'urbanisme"), ("3.1", "Acquisitions"), ("3.2", "Aliénations"),
    ("3.3", "Locations"), ("4.1", "Personnels titulaires et stagiaires de la F.P.T."),
    ("4.2", "Personnels contractuels"), ("5.2", "Fonctionnement des assemblées"),
    ("5.3", "Désignation de représentants"), ("7.1", "Décisions budgétaires"),
    ("7.2", "Fiscalité"), ("7.5", "Subventions"), ("7.10", "Divers"),
    ("8.1", "Enseignement"), ("8.3", "Voirie"), ("8.8", "Environnement"),
    ("9.1", "Autres domaines de compétences des communes"),
]  # fmt: skip
OBJETS = [
    ("7.5", "Attribution d'une subvention à l'association {asso}"),
    ("7.5", "Subventions aux associations sportives pour l'année {year}"),
    ("1.1", "Marché public de restauration scolaire : attribution du marché"),
    ("1.1", "Marché de travaux de voirie rue {street} : choix de l'entreprise"),
    ("8.3", "Rénovation de l'éclairage public rue {street}"),
    ("8.1", "Tarifs de la cantine scolaire et de la garderie périscolaire"),
    ("3.1", "Acquisition d'une parcelle cadastrée section {sec} n° {num}"),
    ("3.2", "Cession d'un terrain communal au lieu-dit {street}"),
    ("3.3", "Bail commercial pour le local de la boulangerie"),
    ("7.1", "Budget primitif {year}"), ("7.1", "Décision modificative n° {n} du budget"),
    ("7.2", "Vote des taux d'imposition des taxes directes locales {year}"),
    ("4.1", "Création d'un poste d'adjoint technique territorial"),
    ("4.2", "Recrutement d'un agent contractuel pour accroissement temporaire d'activité"),
    ("5.3", "Désignation des délégués au syndicat d'énergie"),
    ("5.2", "Approbation du règlement intérieur du conseil"),
    ("9.1", "Convention avec Somme Numérique pour le déploiement de la fibre optique"),
    ("9.1", "Adhésion au service commun d'instruction des autorisations d'urbanisme"),
    ("2.1", "Modification simplifiée du plan local d'urbanisme"),
    ("8.8", "Plan climat air énergie territorial : avis du conseil"),
    ("1.2", "Délégation de service public de l'assainissement collectif"),
    ("7.10", "Admission en non-valeur de créances irrécouvrables"),
]  # fmt: skip
PHRASES = [
    "Vu le code général des collectivités territoriales", "Considérant l'intérêt communal",
    "après en avoir délibéré", "le conseil municipal décide", "autorise le maire à signer",
    "les crédits sont inscrits au budget", "la commission des finances a émis un avis favorable",
    "Considérant la nécessité de renouveler le matériel", "dans le cadre du projet de territoire",
    "la fibre optique", "l'éclairage public", "les délibérations du conseil", "la voirie communale",
    "le marché public", "la restauration scolaire", "le schéma de cohérence territoriale",
    "l'association", "le département", "la région", "la transition énergétique", "les travaux",
]  # fmt: skip
# Administrative words, most common first; drawn with Zipf weights (1/rank).
ADMIN = """conseil commune article délibération budget public projet service convention montant
euros travaux marché association subvention communauté commission rapport avis programme
plan département région état préfet syndicat contrat dépenses recettes investissement
fonctionnement crédits entreprise schéma usagers tarif taxe redevance terrain parcelle
bâtiment école cantine voirie réseau eau assainissement énergie déchets environnement culture
sport jeunesse social logement urbanisme numérique fibre éclairage agent poste emploi
personnel élus délégués représentant signature document annexe aménagement acquisition
cession location bail loyer immeuble foncier cadastre zone lotissement permis construction
rénovation entretien équipement matériel véhicule fourniture prestation mission étude
diagnostic audit expertise maîtrise ouvrage consultation candidature offre attribution
avenant résiliation pénalité garantie emprunt prêt intérêt dette amortissement provision
régie trésorier comptable mandat titre exercice compte administratif gestion excédent
déficit report affectation résultat dotation fonds concours participation cotisation
adhésion retrait statuts compétence transfert mutualisation personnel intercommunal
tourisme patrimoine musée bibliothèque médiathèque spectacle festival manifestation
jumelage coopération solidarité santé enfance crèche périscolaire transport mobilité
stationnement circulation sécurité police incendie secours cimetière concession forêt
agriculture eau potable pluvial inondation risque climat biodiversité paysage"""
ADMIN = ADMIN.split()
ADMIN_WEIGHTS = [1 / (rank + 1) for rank in range(len(ADMIN))]
STREETS = (
    "de la Gare|du Moulin|des Écoles|Victor Hugo|Jean Jaurès|de l'Église|des Tilleuls|du Stade"
)
STREETS = STREETS.split("|")


def _rng_word(rng: random.Random, k: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(k))


class Corpus:
    """Deterministic synthetic bodies, people and deliberations."""

    def __init__(self, seed: int, bodies: int = 2000, tail: int = 20000):
        rng = random.Random(seed)
        self.rng = rng
        lasts = sorted({_rng_word(rng, 3).upper() for _ in range(6000)})
        self.bodies = []
        for _ in range(bodies):
            kind = rng.choice(KINDS)
            name = f"{kind} {_rng_word(rng, 3).capitalize()}"
            roster = [
                f"{rng.choice(FIRST)} {rng.choice(lasts)}" for _ in range(rng.randint(12, 30))
            ]
            self.bodies.append((name, INSTANCES[kind], roster))
        self.tail = [_rng_word(rng, rng.randint(2, 4)) for _ in range(tail)]
        self.assos = [f"{rng.choice(['Club', 'Amicale', 'Comité'])} {w}" for w in self.tail[:300]]

    def documents(self, n: int) -> Iterator[tuple[Record, Document]]:
        """Yield (record, document) pairs until ``n`` deliberations have been made."""
        made = serial = 0
        while made < n:
            serial += 1
            count = 1 if self.rng.random() < 0.7 else self.rng.randint(3, 8)
            count = min(count, n - made)
            made += count
            yield self._document(serial, count)

    def _document(self, serial: int, count: int) -> tuple[Record, Document]:
        rng = self.rng
        name, instances, roster = rng.choice(self.bodies)
        day = f"{rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        instance = rng.choice(instances)
        delibs = [self._deliberation(rng, roster, day, instance, i) for i in range(count)]
        sha = f"{serial:064x}"
        pages = [Page(i + 1, d.text) for i, d in enumerate(delibs)]
        doc = Document(Path(f"/bench/{sha}.pdf"), sha, 1000, "pdf", pages)
        kind = "extrait" if count == 1 else "compte_rendu"
        rec = Record(f"/bench/{serial}.pdf", sha, len(pages), False, kind, name, delibs)
        return rec, doc

    def _deliberation(
        self, rng: random.Random, roster: list[str], day: str, instance: str, i: int
    ) -> Deliberation:
        code, template = rng.choice(OBJETS)
        objet = template.format(
            asso=rng.choice(self.assos), year=day[:4], street=rng.choice(STREETS),
            sec=rng.choice("ABCD"), num=rng.randint(1, 999), n=rng.randint(1, 5),
        )  # fmt: skip
        present = rng.sample(roster, k=min(len(roster), rng.randint(6, 12)))
        absent = [p for p in roster if p not in present][: rng.randint(0, 3)]
        procs = [Procuration(a, rng.choice(present)) for a in absent[: rng.randint(0, 2)]]
        unanimous = rng.random() < 0.7
        body = self._body(rng, objet)
        return Deliberation(
            numero=f"{day[:4]}-{i + 1:03d}", objet=objet, instance=instance, date_seance=day,
            president=present[0], secretaire=present[-1], membres_en_exercice=len(roster),
            presents=len(present), presents_noms=present, absents_noms=absent,
            procurations=procs, unanimite=unanimous, decision=rng.choice(DECISIONS),
            vote_pour=len(present) if unanimous else len(present) - 2,
            vote_contre=0 if unanimous else 2, articles=[body[:120]], nb_articles=1,
            matiere_code=code, matiere_nom=dict(MATIERES)[code], text=body,
        )  # fmt: skip

    def _body(self, rng: random.Random, objet: str) -> str:
        parts = [objet + "."]
        for _ in range(rng.randint(6, 12)):
            parts.append(rng.choice(PHRASES))
            parts.append(" ".join(rng.choices(ADMIN, ADMIN_WEIGHTS, k=rng.randint(3, 8))))
            parts.append(" ".join(rng.choices(self.tail, k=rng.randint(1, 4))) + ".")
        parts.append("ARTICLE 1 : " + objet + " est approuvé.")
        return " ".join(parts)


def build(path: Path, n: int, seed: int, batch: int) -> float:
    """Build the archive; return the seconds it took (including the final optimize)."""
    start = time.perf_counter()
    corpus = Corpus(seed)
    with Archive.open(path) as archive:
        pending: list[tuple[Record, Document]] = []
        for pair in corpus.documents(n):
            pending.append(pair)
            if len(pending) >= batch:
                archive.add_documents(pending, keep_originals=False)
                pending = []
        archive.add_documents(pending, keep_originals=False)
        archive.optimize()
    return time.perf_counter() - start


def queries(archive: Archive, seed: int) -> list[tuple[str, dict[str, Any], str]]:
    """The 50 benchmark queries: (text, filters, sort), some values taken from the archive."""
    conn = archive.conn
    body = conn.execute("SELECT collectivite FROM deliberations WHERE id = 7").fetchone()[0]
    person = conn.execute("SELECT name FROM persons WHERE rowid = 11").fetchone()[0]
    surname = person.split()[-1]
    r = "relevance"
    return [
        ("subvention association", {}, r), ("marché public cantine 2019", {}, r),
        ("délibérations sur l'éclairage public", {}, r), ("numerique", {}, r),
        ("subventionner", {}, r), ("fibre optique", {}, r), ("assainissement collectif", {}, r),
        ("plan local d'urbanisme", {}, r), ("taux d'imposition", {}, r),
        ("agent contractuel", {}, r), ("boulangerie", {}, r), ("créances irrécouvrables", {}, r),
        ("parcelle cadastrée", {}, r), ("transition énergétique", {}, r),
        (Corpus(seed).tail[-1], {}, r), ('"fibre optique"', {}, r),
        ('"conseil municipal"', {}, r), ('"éclairage public" rue', {}, r),
        ('"plan climat"', {}, r), ('"restauration scolaire"', {}, r),
        ('"délibérations du conseil"', {}, r), ("numér*", {}, r), ("subvent*", {}, r),
        ("assainiss*", {}, r), ("urbanis*", {}, r), ("cantine OR restauration", {}, r),
        ("voirie -éclairage", {}, r), ("budget OR fiscalité -primitif", {}, r),
        ("", {"year": 2019}, r), ("", {"collectivite": body}, r),
        ("", {"instance": "bureau"}, r), ("", {"decision": "rejetee"}, r),
        ("", {"matiere": "7.5"}, r), ("", {"person": person}, r),
        ("", {"unanimite": False, "year": 2003}, r),
        ("", {"date_from": "2010-01-01", "date_to": "2010-06-30"}, r),
        ("subvention", {"year": 2019}, r), ("cantine", {"collectivite": body}, r),
        ("marché", {"decision": "rejetee"}, r), ("budget", {"person": surname}, r),
        ("fibre", {"matiere": "9.1", "year": 2015}, r), ("travaux", {"instance": "bureau"}, r),
        ("conseil", {}, r), ("commune", {}, r), ("le", {}, r), ("article", {}, r),
        ("délibéré", {}, r), ("subvention", {}, "date"), ("conseil", {"year": 2020}, "date"),
        ("cantine", {}, "date"),
    ]  # fmt: skip


def run(archive: Archive, reps: int, seed: int) -> list[tuple[str, float, int]]:
    """Time every query; return (label, median ms, hits) per query."""
    results = []
    for text, filters, sort in queries(archive, seed):
        f = SearchFilters(**filters)
        hits = search(archive, text, filters=f, sort=sort)  # warm-up
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            search(archive, text, filters=f, sort=sort)
            times.append((time.perf_counter() - t0) * 1000)
        label = f"{text!r} {filters or ''} {sort if sort != 'relevance' else ''}".strip()
        results.append((label, statistics.median(times), len(hits)))
    return results


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the archive, time the queries, print the summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="deliberations to build")
    parser.add_argument("--db", type=Path, help="archive file (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="reuse --db if it exists")
    parser.add_argument("--reps", type=int, default=5, help="timed runs per query")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2000, help="documents per transaction")
    args = parser.parse_args(argv)
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="registre-bench-")
        args.db = Path(tmp.name) / "bench.db"
    build_s = 0.0
    if not (args.reuse and args.db.exists()):
        args.db.unlink(missing_ok=True)
        build_s = build(args.db, args.n, args.seed, args.batch)
    with Archive.open(args.db) as archive:
        n = archive.conn.execute("SELECT count(*) FROM deliberations").fetchone()[0]
        results = run(archive, args.reps, args.seed)
    for label, ms, hits in results:
        print(f"{ms:8.2f} ms  {hits:3d} hits  {label}", file=sys.stderr)
    medians = [ms for _, ms, _ in results]
    size = sum(p.stat().st_size for p in args.db.parent.glob(args.db.name + "*") if p.is_file())
    summary = {
        "n": n, "build_s": round(build_s, 1), "db_mib": round(size / 2**20, 1),
        "queries": len(results), "p50_ms": round(percentile(medians, 50), 2),
        "p99_ms": round(percentile(medians, 99), 2), "max_ms": round(max(medians), 2),
    }  # fmt: skip
    print(json.dumps(summary))
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
