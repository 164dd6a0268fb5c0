"""Matière accuracy: the ACTES level-2 code Registre gives each dev deliberation, against our own
annotation (bench/matiere_gold.tsv).

    python bench/matiere.py ../shared/corpus/dev/text [--verbose]
    python bench/matiere.py ../shared/corpus/real-pdf      # held out: annotated, never tuned on

Two measures:

- **end to end**: each file is read and extracted by Registre (as `registre parse` does); its
  deliberations are paired with the gold ones as ../shared/eval/score.py pairs them (same
  numéro, then objet words), and the predicted ``matiere_code`` is compared with the annotated
  code. A gold deliberation that extraction missed counts as wrong.
- **classifier alone**: ``classify()`` on the gold objet, so that segmentation and objet errors
  do not count.

Each is given on every annotated deliberation and on the ones annotated as clear (``sure`` = 1),
with the level-1 accuracy (right family, e.g. 7.x) and the coverage (a code was given).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from registre.extract.matiere import DEFAULT_REVIEW_BELOW, classify
from registre.pipeline import read, to_record

GOLD = Path(__file__).with_name("matiere_gold.tsv")


@dataclass
class Case:
    doc: str
    index: int
    numero: str
    code: str
    sure: bool
    objet: str = ""


def corpus_of(folder: Path) -> str:
    """"dev" for ../shared/corpus/dev/text (or pdf, scan); "real-pdf" for ../shared/corpus/real-pdf."""
    return folder.parent.name if folder.name in ("text", "pdf", "scan") else folder.name


def load_cases(folder: Path) -> list[Case]:
    """The annotated codes of the folder's corpus, with the gold objet of each deliberation."""
    with GOLD.open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    corpus = corpus_of(folder)
    cases = [Case(r["doc"], int(r["index"]), r["numero"], r["code"], r["sure"] == "1")
             for r in csv.DictReader(lines, delimiter="\t") if r["corpus"] == corpus]
    for case in cases:
        gold = json.loads((folder / f"{case.doc}.gold.json").read_text(encoding="utf-8"))
        case.objet = gold["deliberations"][case.index - 1].get("objet") or ""
    return cases


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", str(s))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]+", " ", s.replace("’", "'").replace("œ", "oe")).strip()


def numero_key(s: str) -> str:
    return re.sub(r"^(deliberation|delib|dcm|dcc|n|no|numero)\s+", "", fold(s)).replace(" ", "")


def token_f1(a: str, b: str) -> float:
    ta, pool = fold(a).split(), fold(b).split()
    if not ta or not pool:
        return 0.0
    common = 0
    for t in ta:
        if t in pool:
            pool.remove(t)
            common += 1
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(fold(b).split())
    return 2 * p * r / (p + r)


def align(gold: list[dict], pred: list[dict]) -> list[dict | None]:
    """For each gold deliberation, the predicted one it pairs with (as the scorer pairs them)."""
    out, free = [], list(range(len(pred)))
    for g in gold:
        best, score = None, 0.0
        for j in free:
            p, s = pred[j], 0.0
            if g.get("numero") and p.get("numero") and numero_key(g["numero"]) == numero_key(p["numero"]):
                s += 2
            if g.get("objet") and p.get("objet"):
                s += token_f1(g["objet"], p["objet"])
            if s > score:
                best, score = j, s
        if best is None and free:
            best = free[0]
        if best is not None:
            free.remove(best)
        out.append(pred[best] if best is not None else None)
    return out


def predict_end_to_end(folder: Path, cases: list[Case], ocr: str = "auto") -> dict[tuple[str, int], dict | None]:
    """Run Registre on each annotated document; map (doc, index) to the paired deliberation."""
    out: dict[tuple[str, int], dict | None] = {}
    for doc in sorted({c.doc for c in cases}):
        path = next(p for p in (folder / f"{doc}.txt", folder / f"{doc}.pdf") if p.exists())
        record = to_record(read(path, ocr=ocr)).to_json()
        gold = json.loads((folder / f"{doc}.gold.json").read_text(encoding="utf-8"))["deliberations"]
        for index, pred in enumerate(align(gold, record["deliberations"]), start=1):
            out[(doc, index)] = pred
    return out


def score(rows: list[tuple[Case, str | None, float]]) -> dict[str, float]:
    n = len(rows) or 1
    return {
        "n": len(rows),
        "accuracy": sum(code == c.code for c, code, _ in rows) / n,
        "level1": sum(bool(code) and code.split(".")[0] == c.code.split(".")[0] for c, code, _ in rows) / n,
        "coverage": sum(code is not None for _, code, _ in rows) / n,
        "flagged": sum(code is not None and conf < DEFAULT_REVIEW_BELOW for _, code, conf in rows) / n,
    }


def report(name: str, rows: list[tuple[Case, str | None, float]], verbose: bool) -> dict:
    result = {"all": score(rows), "sure": score([r for r in rows if r[0].sure])}
    for subset, s in result.items():
        print(f"{name:18} {subset:4}  n={s['n']:3}  accuracy {s['accuracy']:.3f}  level-1 {s['level1']:.3f}"
              f"  coverage {s['coverage']:.3f}  low-confidence {s['flagged']:.3f}")
    if verbose:
        for case, code, conf in rows:
            if code != case.code:
                mark = "" if case.sure else " (unsure)"
                print(f"   {case.doc}#{case.index:<3} gold {case.code:5} got {code or '-':5} {conf:.2f}"
                      f"{mark}  {case.objet[:80]}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="../shared/corpus/dev/text (or dev/pdf)")
    parser.add_argument("--verbose", "-v", action="store_true", help="List every mismatch.")
    parser.add_argument("--json", type=Path, help="Write the figures to this file.")
    parser.add_argument("--ocr", default="auto", choices=["auto", "always", "never"],
                        help="OCR of scanned pages (never: faster, scans then count as missed).")
    args = parser.parse_args(argv)
    cases = load_cases(args.folder)
    alone = [(c, *_code_conf(classify(c.objet))) for c in cases]
    predicted = predict_end_to_end(args.folder, cases, args.ocr)
    end = []
    for c in cases:
        pred = predicted.get((c.doc, c.index))
        conf = ((pred or {}).get("confidence") or {}).get("matiere_code", 0.0)
        end.append((c, (pred or {}).get("matiere_code"), conf))
    figures = {"classifier_alone": report("classifier alone", alone, args.verbose),
               "end_to_end": report("end to end", end, args.verbose)}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


def _code_conf(result: tuple[str | None, str | None, float]) -> tuple[str | None, float]:
    return result[0], result[2]


if __name__ == "__main__":
    sys.exit(main())
