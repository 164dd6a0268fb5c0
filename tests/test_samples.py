"""The synthetic deliberation generator (bench/make_samples.py): readable PDFs, honest truth."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_generator():
    """bench/ is not a package: load bench/make_samples.py by path (once per session)."""
    if "make_samples" not in sys.modules:
        path = ROOT / "bench" / "make_samples.py"
        spec = importlib.util.spec_from_file_location("make_samples", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_samples"] = module  # dataclasses look their module up while loading
        spec.loader.exec_module(module)
    return sys.modules["make_samples"]


ms = load_generator()

CONTRACT_FIELDS = (
    "numero", "objet", "instance", "date_seance", "heure_seance", "date_convocation",
    "date_affichage", "date_transmission", "lieu", "president", "secretaire",
    "membres_en_exercice", "presents", "representes", "votants", "presents_noms",
    "absents_noms", "procurations", "vote_pour", "vote_contre", "vote_abstention", "unanimite",
    "decision", "nb_articles", "articles",
)
DECISIONS = {"adoptee", "rejetee", "ajournee", "retiree", "prend_acte"}
SEEDS = range(12)


def pdf_text(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def flat(texts: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(texts))


def consistency_problems(d: dict) -> list[str]:
    """The rules of DESIGN.md's check stage, which a truth record must pass."""
    out = []
    printed = None not in (d["votants"], d["presents"], d["representes"])
    if printed and d["votants"] != d["presents"] + d["representes"]:
        out.append("votants != presents + representes")
    counts = [d[k] for k in ("vote_pour", "vote_contre", "vote_abstention")]
    if d["votants"] is not None and sum(c or 0 for c in counts) > d["votants"]:
        out.append("pour + contre + abstention > votants")
    membres, presents = d["membres_en_exercice"], d["presents"]
    if None not in (membres, presents) and not membres / 2 < presents <= membres:
        out.append("no quorum")
    if d["president"] not in d["presents_noms"]:
        out.append("president not present")
    if d["secretaire"] not in d["presents_noms"]:
        out.append("secretaire not present")
    for p in d["procurations"] or []:
        if p["mandant"] not in (d["absents_noms"] or []):
            out.append(f"mandant {p['mandant']} not absent")
        if p["mandataire"] not in d["presents_noms"]:
            out.append(f"mandataire {p['mandataire']} not present")
    if set(d["presents_noms"]) & set(d["absents_noms"] or []):
        out.append("present and absent")
    dates = [d[k] for k in ("date_convocation", "date_seance", "date_affichage") if d[k]]
    if dates != sorted(dates):
        out.append("dates out of order")
    if d["date_transmission"] and d["date_transmission"] < d["date_seance"]:
        out.append("transmitted before the session")
    if d["decision"] not in DECISIONS:
        out.append("unknown decision")
    if d["unanimite"] and (d["vote_contre"] or d["vote_abstention"] or d["decision"] != "adoptee"):
        out.append("unanimity with votes against")
    pour, contre = d["vote_pour"], d["vote_contre"]
    if d["decision"] == "rejetee" and None not in (pour, contre) and pour >= contre:
        out.append("rejected with a majority for")
    if d["nb_articles"] is not None and d["nb_articles"] != len(d["articles"]):
        out.append("nb_articles != len(articles)")
    if d["presents"] is not None and d["presents"] != len(d["presents_noms"]):
        out.append("presents count does not match the list")
    return out


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[tuple[str, int], tuple[Path, dict]]:
    """A dozen samples of every kind, made once for the module."""
    out = tmp_path_factory.mktemp("samples")
    made = {}
    for kind in ms.KINDS:
        for seed in SEEDS:
            pdf = out / f"{kind}-{seed}.pdf"
            made[kind, seed] = pdf, ms.make_sample(kind, seed, pdf)
    return made


@pytest.mark.parametrize("kind", ms.KINDS)
def test_every_kind_makes_a_readable_pdf_of_the_stated_pages(samples, kind):
    for seed in SEEDS:
        pdf, truth = samples[kind, seed]
        texts = pdf_text(pdf)
        assert len(texts) == truth["pages"]
        assert all(t.strip() for t in texts)
        assert "DÉLIBÉRATIONS" in flat(texts) or "SÉANCE" in flat(texts)
        assert truth["doc_type"] == ms.DOC_TYPES[kind]
        assert truth["file"] == pdf.name


@pytest.mark.parametrize("kind", ms.KINDS)
def test_truth_has_every_field_of_the_record_contract(samples, kind):
    for seed in SEEDS:
        truth = samples[kind, seed][1]
        assert {"file", "sha256", "pages", "ocr", "doc_type", "collectivite",
                "deliberations"} <= truth.keys()
        assert truth["deliberations"]
        for d in truth["deliberations"]:
            assert set(CONTRACT_FIELDS) <= d.keys()
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", d["date_seance"])
            assert re.fullmatch(r"\d\d:\d\d", d["heure_seance"])
            assert 1 <= d["page_start"] <= d["page_end"] <= truth["pages"]


@pytest.mark.parametrize("kind", ms.KINDS)
def test_truth_passes_the_consistency_checks(samples, kind):
    for seed in SEEDS:
        for d in samples[kind, seed][1]["deliberations"]:
            assert consistency_problems(d) == [], (kind, seed, d["numero"])


@pytest.mark.parametrize("kind", ms.KINDS)
def test_every_name_number_and_objet_of_the_truth_is_printed(samples, kind):
    for seed in SEEDS:
        pdf, truth = samples[kind, seed]
        text = flat(pdf_text(pdf))
        for d in truth["deliberations"]:
            printed = [d["objet"], d["president"], d["secretaire"], *d["presents_noms"],
                       *(d["absents_noms"] or []), *d["articles"]]
            printed += [d["numero"]] if d["numero"] else []
            printed += [d["lieu"]] if d["lieu"] else []
            for p in d["procurations"] or []:
                printed += [p["mandant"], p["mandataire"]]
            missing = [x for x in printed if x not in text]
            assert missing == [], (kind, seed)


def test_a_count_is_null_unless_a_number_is_printed(samples):
    for (kind, seed), (pdf, truth) in samples.items():
        text = flat(pdf_text(pdf))
        for d in truth["deliberations"]:
            if d["membres_en_exercice"] is not None:
                assert re.search(rf"exercice : {d['membres_en_exercice']}\b", text)
            if d["unanimite"] is None:
                assert d["decision"] in ("ajournee", "retiree", "prend_acte"), (kind, seed)


@pytest.mark.parametrize("kind", ms.KINDS)
def test_same_seed_gives_the_same_truth_and_the_same_pdf(tmp_path, kind):
    a = ms.make_sample(kind, 7, tmp_path / "a.pdf")
    b = ms.make_sample(kind, 7, tmp_path / "b.pdf")
    assert {**a, "file": ""} == {**b, "file": ""}
    assert pdf_text(tmp_path / "a.pdf") == pdf_text(tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_different_seeds_give_different_documents(samples):
    for kind in ms.KINDS:
        objets = {json.dumps(samples[kind, s][1]["deliberations"][0]) for s in SEEDS}
        assert len(objets) == len(SEEDS)


@pytest.mark.parametrize(("kind", "pages"), [
    ("extrait_two_column", 1), ("extrait_two_column", 3), ("extrait_single_column", 2),
    ("extrait_single_column", 4), ("compte_rendu", 2), ("compte_rendu", 4),
    ("proces_verbal", 3),
])
def test_the_pages_option_gives_that_many_pages(tmp_path, kind, pages):
    for seed in range(3):
        pdf = tmp_path / f"{seed}.pdf"
        truth = ms.make_sample(kind, seed, pdf, pages=pages)
        assert truth["pages"] == pages == len(pdf_text(pdf))


def test_two_column_writes_body_before_sidebar_unless_told_otherwise(tmp_path):
    opts = {"body": "commune", "date_style": "words"}
    ms.make_sample("extrait_two_column", 3, tmp_path / "r.pdf", **opts)
    ms.make_sample("extrait_two_column", 3, tmp_path / "n.pdf", body_first=False, **opts)
    body_first, natural = pdf_text(tmp_path / "r.pdf")[0], pdf_text(tmp_path / "n.pdf")[0]
    assert body_first.startswith("L'an ")
    assert (body_first.index("L'an ") < body_first.index("Membres en exercice")
            < body_first.index("EXTRAIT DU REGISTRE"))
    assert (natural.index("EXTRAIT DU REGISTRE") < natural.index("Membres en exercice")
            < natural.index("L'an "))
    assert sorted(body_first.split()) == sorted(natural.split())


def test_accents_survive_text_extraction(tmp_path):
    ms.make_sample("extrait_single_column", 1, tmp_path / "a.pdf")
    text = flat(pdf_text(tmp_path / "a.pdf"))
    assert "RÉPUBLIQUE FRANÇAISE" in text
    assert "délibéré" in text


def test_unnumbered_minutes_approval_is_not_a_deliberation(samples):
    for seed in SEEDS:
        pdf, truth = samples["compte_rendu", seed]
        assert "Approbation du procès-verbal de la séance précédente" in flat(pdf_text(pdf))
        assert not any(d["objet"].startswith("Approbation du procès-verbal")
                       for d in truth["deliberations"])


def test_numbered_minutes_approval_is_a_deliberation(tmp_path):
    truth = ms.make_sample("proces_verbal", 5, tmp_path / "pv.pdf", numbered_approval=1.0)
    first = truth["deliberations"][0]
    assert first["objet"].startswith("Approbation du procès-verbal de la séance du ")
    assert first["numero"] and first["decision"] == "adoptee"


def test_minutes_repeat_the_session_fields_in_each_deliberation(samples):
    session = ("date_seance", "heure_seance", "lieu", "president", "presents_noms",
               "absents_noms", "procurations", "votants")
    for kind in ("compte_rendu", "proces_verbal"):
        for seed in SEEDS:
            delibs = samples[kind, seed][1]["deliberations"]
            assert len(delibs) >= 2
            for d in delibs[1:]:
                assert [d[k] for k in session] == [delibs[0][k] for k in session]


def test_forced_options_are_honoured(tmp_path):
    truth = ms.make_sample("extrait_single_column", 2, tmp_path / "x.pdf", body="communaute",
                           vote="rejet", year=1999, proxies=True, stamp=True)
    d = truth["deliberations"][0]
    assert d["instance"] == "Conseil communautaire"
    assert d["decision"] == "rejetee" and d["unanimite"] is False
    assert d["date_seance"].startswith("1999-")
    assert d["procurations"] and d["date_transmission"]
    assert truth["collectivite"].startswith("Communauté de communes")


def test_unknown_kind_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown kind"):
        ms.make_sample("arrete", 1, tmp_path / "x.pdf")


def test_make_corpus_writes_pdfs_truths_and_gold_copies(tmp_path):
    paths = ms.make_corpus(tmp_path, 6, seed=3, pages=(1, 2))
    assert len(paths) == 6
    assert {p.name.split("-")[0] for p in paths} == set(ms.KINDS)
    for pdf in paths:
        truth = json.loads(pdf.with_name(f"{pdf.stem}.truth.json").read_text(encoding="utf-8"))
        gold = json.loads((tmp_path / "truth" / f"{pdf.stem}.gold.json").read_text("utf-8"))
        assert gold == {"id": pdf.stem, **truth}
        assert truth["pages"] in (1, 2)


def test_the_demo_set_is_small_and_covers_the_brief(tmp_path):
    assert ms.main([str(tmp_path)]) == 0
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) >= 12
    assert all(p.stat().st_size < 100_000 for p in pdfs)
    assert sum(p.stat().st_size for p in pdfs) < 1_500_000
    truths = [json.loads(p.with_name(f"{p.stem}.truth.json").read_text("utf-8")) for p in pdfs]
    delibs = [d for t in truths for d in t["deliberations"]]
    assert {d["instance"] for d in delibs} >= {"Conseil municipal", "Conseil communautaire",
                                               "Comité syndical", "Bureau"}
    assert {d["decision"] for d in delibs} >= {"adoptee", "rejetee", "ajournee", "prend_acte"}
    assert any(d["vote_contre"] for d in delibs) and any(d["procurations"] for d in delibs)
    assert {t["doc_type"] for t in truths} == {"extrait", "compte_rendu", "proces_verbal"}
    assert any(t["pages"] >= 3 for t in truths if t["doc_type"] == "compte_rendu")
