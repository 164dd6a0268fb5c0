"""OCR recall proxy: how much of the gold text a document's reading contains, per document.

    python bench/ocr_recall.py ../shared/corpus/real-pdf --cache /tmp/ocr/cache
    python bench/ocr_recall.py ../shared/corpus/real-pdf --cache /tmp/ocr/cache --only 127,128 --verbose
    python bench/ocr_recall.py ../shared/corpus/dev/scan --all --cache /tmp/ocr/scancache

For each document with gold (by default only real-pdf's scanned and mixed ones, MANIFEST.tsv's
``text_layer`` column ``no`` or ``mixed``; ``--all`` takes every document), the file is read as
``bench/corpus.py`` reads it (same ``--cache`` format, so one cache serves both), and two shares
are printed: the gold objets and the gold names (``presents_noms``, ``absents_noms``, président, secrétaire) that the text
contains.
Needs no extraction: it measures what OCR lost, not what the rules make of it.

A phrase is found when some window of the text has a token F1 ≥ 0.9 against it (tokens folded:
case, accents, apostrophes; windows of the phrase's length −1 … +2 tokens). A name is found when
all its tokens appear in a row (a window of its length + 1).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import read_cached, wanted

DEFAULT_MIN_F1 = 0.9


def fold_tokens(text: str) -> list[str]:
    """Lower-case, accent-free word tokens of ``text``."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+", text)


def best_f1(phrase: list[str], text: list[str], slack: tuple[int, int] = (-1, 2)) -> float:
    """The best token F1 between ``phrase`` and a window of ``text`` of about its length."""
    if not phrase or not text:
        return 0.0
    want = Counter(phrase)
    vocabulary = set(want)
    best = 0.0
    for size in range(max(1, len(phrase) + slack[0]), len(phrase) + slack[1] + 1):
        window = Counter(text[:size])
        for start in range(0, max(1, len(text) - size + 1)):
            if start:
                window[text[start - 1]] -= 1
                if start + size - 1 < len(text):
                    window[text[start + size - 1]] += 1
            if text[start] not in vocabulary:
                continue
            common = sum(min(n, window[t]) for t, n in want.items())
            if common:
                best = max(best, 2 * common / (len(phrase) + size))
        if best >= 1.0:
            break
    return best


def is_name_in(name: list[str], text: list[str]) -> bool:
    """All of ``name``'s tokens in a window of its length + 1."""
    if not name:
        return False
    want = Counter(name)
    size = len(name) + 1
    for start in range(len(text)):
        if text[start] in want:
            window = Counter(text[start:start + size])
            if all(window[t] >= n for t, n in want.items()):
                return True
    return False


def gold_phrases(gold: dict) -> tuple[list[str], list[str]]:
    """The gold's distinct objets and names (present, absent, president, secretary), in order."""
    objets, names = [], []
    for item in gold.get("deliberations") or []:
        if item.get("objet") and item["objet"] not in objets:
            objets.append(item["objet"])
        people = [item.get("president"), item.get("secretaire")]
        for name in [*(item.get("presents_noms") or []), *(item.get("absents_noms") or []), *people]:
            if not name:
                continue
            if name not in names:
                names.append(name)
    return objets, names


def scanned_ids(folder: Path) -> set[str] | None:
    manifest = folder / "MANIFEST.tsv"
    if not manifest.exists():
        return None
    rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()[1:]]
    return {r[0] for r in rows if len(r) > 8 and r[8] in ("no", "mixed")}


def recall_of(path: Path, gold: dict, cache: Path | None, verbose: bool) -> tuple[int, int, int, int]:
    document = read_cached(path, "auto", cache)
    text = fold_tokens("\n".join(p.text for p in document.pages))
    objets, names = gold_phrases(gold)
    found_o = [o for o in objets if best_f1(fold_tokens(o), text) >= DEFAULT_MIN_F1]
    found_n = [n for n in names if is_name_in(fold_tokens(n), text)]
    if verbose:
        for o in objets:
            if o not in found_o:
                print(f"    objet missed ({best_f1(fold_tokens(o), text):.2f}): {o}")
        for n in names:
            if n not in found_n:
                print(f"    name missed: {n}")
    return len(found_o), len(objets), len(found_n), len(names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cache", type=Path, default=None, help="bench/corpus.py's page cache")
    parser.add_argument("--only", default=None, help="document ids, e.g. 102-109,127")
    parser.add_argument("--all", action="store_true", help="every document, not only scans")
    parser.add_argument("--verbose", action="store_true", help="list what was missed")
    args = parser.parse_args(argv)
    if not args.folder.exists():
        print(f"no corpus at {args.folder}")
        return 2
    scans = None if args.all else scanned_ids(args.folder)
    totals = [0, 0, 0, 0]
    rows = []
    for gold_path in sorted(args.folder.glob("*.gold.json")):
        doc = gold_path.name[: -len(".gold.json")]
        pdf = args.folder / f"{doc}.pdf"
        if not pdf.exists() or not wanted(doc, args.only) or (scans is not None and doc not in scans):
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if args.verbose:
            print(doc)
        counts = recall_of(pdf, gold, args.cache, args.verbose)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        rows.append((doc, counts))
        print(f"{doc}  objets {counts[0]:2}/{counts[1]:2}  names {counts[2]:2}/{counts[3]:2}", flush=True)
    fo, to, fn, tn = totals
    print(f"all   objets {fo}/{to} = {fo / max(to, 1):.3f}  names {fn}/{tn} = {fn / max(tn, 1):.3f}")
    print(json.dumps({"objets": round(fo / max(to, 1), 4), "names": round(fn / max(tn, 1), 4),
                      "docs": {d: c for d, c in rows}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
