"""Extraction accuracy: parse every file of a folder and score it against gold annotations.

    python bench/accuracy.py ../shared/corpus/dev/pdf [--out pred/] [--ocr never]

Writes ID.json (as `registre parse FILE --json` prints it) for each input, then, when
../shared/eval/score.py exists, runs it on the folder's ID.gold.json files. Prints the time
per page spent in extraction (reading excluded); the NER model is loaded once per process,
before the clock starts, and its loading time is printed apart.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from registre.extract import ner
from registre.extract.deliberation import extract
from registre.pipeline import read, to_record

SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, default=Path("pred"))
    parser.add_argument("--ocr", default="auto", choices=["auto", "always", "never"])
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in args.folder.iterdir() if p.suffix.lower() in (".pdf", ".txt"))
    print(f"NER model loaded in {load_model():.1f} s (once per process, not counted below)")
    pages, extract_s = 0, 0.0
    for path in files:
        document = read(path, ocr=args.ocr)
        started = time.perf_counter()
        extract([p.text for p in document.pages])  # timed apart from reading
        extract_s += time.perf_counter() - started
        pages += len(document.pages)
        record = to_record(document)
        (args.out / f"{path.stem}.json").write_text(
            json.dumps(record.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(files)} files, {pages} pages, extraction {extract_s / max(pages, 1):.4f} s/page")
    if SCORER.exists():
        return subprocess.call([sys.executable, str(SCORER), str(args.folder), str(args.out)])
    print(f"no scorer at {SCORER}: predictions left in {args.out}")
    return 0


def load_model() -> float:
    """Load the NER model and run it once (its tokenizer is built on first use); seconds spent."""
    started = time.perf_counter()
    ner.persons(["La séance est présidée par Jean Dupont, maire."])
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
