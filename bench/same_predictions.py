"""Do two builds predict the same records? The check each speed change must pass.

    python bench/same_predictions.py snapshot BEFORE/          # records of this build
    ... change the code ...
    python bench/same_predictions.py check BEFORE/             # records again, compared file by file

A snapshot holds, for every file of ``dev/text``, ``dev/pdf`` and ``real-pdf`` under
``--corpus`` (default ../shared/corpus), the JSON that `registre parse FILE --json` prints
(``to_record(read(FILE)).to_json()``), one file per document under ``dev-text/``, ``dev-pdf/``
and ``real-pdf/``. PDFs are read through the page cache of ``bench/corpus.py`` (``--cache
.cache/same``, keyed by sha256) so a check takes seconds; ``--cache none`` reads every PDF
again, which is the check for a change to reading itself (OCR included: minutes).

``check`` exits 1 and names every file whose JSON differs (and the first differing key),
``compare A B`` does the same for two snapshots already written.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from corpus import read_cached  # bench/ is on the path of a bench script

from registre.pipeline import to_record

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SETS = {"dev-text": "dev/text", "dev-pdf": "dev/pdf", "real-pdf": "real-pdf"}


def snapshot(out: Path, corpus: Path, cache: Path | None) -> int:
    """Write the record JSON of every file of the three sets; the number of files written."""
    written = 0
    for name, relative in SETS.items():
        folder = corpus / relative
        if not folder.is_dir():
            print(f"skipped {name}: no folder {folder}", file=sys.stderr)
            continue
        (out / name).mkdir(parents=True, exist_ok=True)
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".pdf", ".txt")):
            record = to_record(read_cached(path, "auto", cache))
            (out / name / f"{path.stem}.json").write_text(
                json.dumps(record.to_json(), ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
            written += 1
    return written


def first_difference(a: object, b: object, where: str = "") -> str:
    """The path of the first key or index where two JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), f"{where}.{key}")
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{where} (length {len(a)} != {len(b)})"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{where}[{i}]")
    return f"{where}: {json.dumps(a, ensure_ascii=False)[:80]} != {json.dumps(b, ensure_ascii=False)[:80]}"


def compare(before: Path, after: Path) -> list[str]:
    """One line per file that is missing from either snapshot or whose JSON differs."""
    names = {p.relative_to(before) for p in before.rglob("*.json")}
    names |= {p.relative_to(after) for p in after.rglob("*.json")}
    lines = []
    for name in sorted(names):
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            lines.append(f"{name}: only in {'after' if not a.exists() else 'before'}")
            continue
        old, new = json.loads(a.read_text(encoding="utf-8")), json.loads(b.read_text(encoding="utf-8"))
        if old != new:
            lines.append(f"{name}: {first_difference(old, new)}")
    return lines


def report(lines: list[str], total: int) -> int:
    for line in lines:
        print(line)
    print(f"{total - len(lines)} of {total} files identical" if lines else f"all {total} files identical")
    return 1 if lines else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["snapshot", "check", "compare"])
    parser.add_argument("dirs", type=Path, nargs="+", help="snapshot: OUT; check: BEFORE; compare: A B")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--cache", default=".cache/same", help="page cache folder, or 'none'")
    args = parser.parse_args(argv)
    cache = None if args.cache == "none" else Path(args.cache)
    if args.action == "snapshot":
        print(f"{snapshot(args.dirs[0], args.corpus, cache)} records written to {args.dirs[0]}")
        return 0
    if args.action == "compare":
        if len(args.dirs) != 2:
            parser.error("compare needs two snapshot folders")
        before, after = args.dirs
        return report(compare(before, after), len(list(before.rglob("*.json"))))
    with tempfile.TemporaryDirectory() as tmp:
        total = snapshot(Path(tmp), args.corpus, cache)
        return report(compare(args.dirs[0], Path(tmp)), total)


if __name__ == "__main__":
    sys.exit(main())
