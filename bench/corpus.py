"""Score the extractor on a corpus folder: overall, per fold, per document.

    python bench/corpus.py ../shared/corpus/dev/text                # all documents, per fold
    python bench/corpus.py ../shared/corpus/dev/pdf --docs          # and one line per document
    python bench/corpus.py ../shared/corpus/real-pdf --cache .cache/read --split text-layer
    python bench/corpus.py ../shared/corpus/dev/text --only 026-073 --verbose

Each file is read once (OCR included) and its page texts kept under ``--cache`` (keyed by the
file's sha256 and the OCR mode), so that extraction can be measured again in seconds. Prints
the scorer's table (../shared/eval/score.py), then, where the folder has a FOLDS.tsv (dev/),
the overall accuracy, mean over documents and segmentation of each fold — the check that a
rule written from three folds holds on the fourth. ``--split text-layer`` scores real-pdf's
born-digital files apart from its scanned and mixed ones (MANIFEST.tsv's text_layer column).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.util
import io
import json
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

from accuracy import load_model  # bench/ is on the path of a bench script: the same warm-up

from registre.extract.deliberation import extract
from registre.model import Document, Page, WordBox
from registre.pipeline import read, to_record

SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_cached(path: Path, ocr: str, cache: Path | None) -> Document:
    """The file read as `registre parse` reads it, from the cache when it was read before."""
    if cache is None:
        return read(path, ocr=ocr)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    entry = cache / f"{digest}.{ocr}.json"
    if entry.exists():
        data = json.loads(entry.read_text(encoding="utf-8"))
        pages = [Page(**{**p, "words": [WordBox(**w) for w in p["words"]] if p.get("words") else p.get("words")})
                 for p in data["pages"]]
        return Document(path, data["sha256"], data["size"], data["kind"], pages)
    document = read(path, ocr=ocr)
    cache.mkdir(parents=True, exist_ok=True)
    entry.write_text(json.dumps({"sha256": document.sha256, "size": document.size, "kind": document.kind,
                                 "pages": [dataclasses.asdict(p) for p in document.pages]}, ensure_ascii=False),
                     encoding="utf-8")
    return document


def wanted(stem: str, only: str | None) -> bool:
    if not only:
        return True
    for part in only.split(","):
        low, _, high = part.partition("-")
        if low <= stem <= (high or low):
            return True
    return False


def predict(folder: Path, out: Path, ocr: str, cache: Path | None, only: str | None) -> tuple[int, float]:
    out.mkdir(parents=True, exist_ok=True)
    pages, spent = 0, 0.0
    print(f"NER model loaded in {load_model():.1f} s (once per process, not counted below)")
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".pdf", ".txt")):
        if not wanted(path.stem, only):
            continue
        document = read_cached(path, ocr, cache)
        started = time.perf_counter()
        extract([p.text for p in document.pages])
        spent += time.perf_counter() - started
        pages += len(document.pages)
        (out / f"{path.stem}.json").write_text(
            json.dumps(to_record(document).to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    return pages, spent


def score_subset(scorer, gold: Path, pred: Path, ids: list[str], verbose: bool = False) -> str:
    """The scorer's printout over the documents ``ids`` only (gold copied into a temp folder)."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        for i in ids:
            (Path(tmp) / f"{i}.gold.json").write_bytes((gold / f"{i}.gold.json").read_bytes())
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            scorer.main([tmp, str(pred)] + (["--verbose"] if verbose else []))
    return buffer.getvalue()


def summary_line(printout: str) -> str:
    keep = [line for line in printout.splitlines()
            if line.startswith(("segmentation", "mean over", "overall", "documents "))]
    out = []
    for line in keep:
        if line.startswith("overall"):
            out.append(line.split("accuracy ")[1])
        elif line.startswith("mean over"):
            out.append("mean " + line.split()[3])
        elif line.startswith("segmentation"):
            out.append("seg R/P " + line.split("recall ")[1].replace(" precision ", "/"))
        elif line.startswith("documents"):
            parts = line.replace(",", "").split()
            out.append(f"gold {parts[4]} pred {parts[6]}")
    return "  ".join(out)


def groups_of(folder: Path, split: str | None, ids: list[str]) -> dict[str, list[str]]:
    folds = folder.parent / "FOLDS.tsv" if (folder.parent / "FOLDS.tsv").exists() else folder / "FOLDS.tsv"
    if split == "text-layer":
        manifest = folder / "MANIFEST.tsv"
        rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()[1:]]
        layer = {r[0]: r[8] for r in rows if len(r) > 8}
        return {"born-digital": [i for i in ids if layer.get(i) == "yes"],
                "scanned/mixed": [i for i in ids if layer.get(i) in ("no", "mixed")]}
    if folds.exists():
        out: dict[str, list[str]] = {}
        for line in folds.read_text(encoding="utf-8").splitlines()[1:]:
            doc, fold, _ = line.split("\t")
            if doc in ids:
                out.setdefault(f"fold {fold}", []).append(doc)
        return out
    return {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, default=Path("pred"))
    parser.add_argument("--ocr", default="auto", choices=["auto", "always", "never"])
    parser.add_argument("--cache", type=Path, default=None, help="keep each file's page texts here")
    parser.add_argument("--only", default=None, help="document ids, e.g. 026-073,101")
    parser.add_argument("--split", default=None, choices=["text-layer"])
    parser.add_argument("--docs", action="store_true", help="one line per document")
    parser.add_argument("--verbose", action="store_true", help="every miss")
    parser.add_argument("--no-predict", action="store_true", help="score the predictions already in --out")
    args = parser.parse_args(argv)
    if not SCORER.exists():
        print(f"no scorer at {SCORER}")
        return 2
    scorer = load_scorer()
    if not args.no_predict:
        pages, spent = predict(args.folder, args.out, args.ocr, args.cache, args.only)
        print(f"{pages} pages, extraction {spent / max(pages, 1):.4f} s/page")
    ids = sorted(p.name[: -len(".gold.json")] for p in args.folder.glob("*.gold.json")
                 if wanted(p.name[: -len(".gold.json")], args.only))
    whole = score_subset(scorer, args.folder, args.out, ids, args.verbose)
    print(whole, end="")
    for name, members in groups_of(args.folder, args.split, ids).items():
        if members:
            print(f"{name:14} ({len(members):2} docs)  {summary_line(score_subset(scorer, args.folder, args.out, members))}")
    if args.docs:
        for i in ids:
            print(f"  {i}  {summary_line(score_subset(scorer, args.folder, args.out, [i]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
