"""Does the review queue put the wrong values first? Measured against gold annotations.

    python bench/review.py ../shared/corpus/dev/pdf [--share 0.2] [--keep DIR] [--verbose]

Imports the folder into a new archive (`registre import`), asks for the whole queue
(`registre review --json --limit 0`), and scores every archived deliberation against the
folder's ID.gold.json with the scorer's own rules (../shared/eval/score.py, loaded by path):
a wrong field is a gold value the archive does not match. Prints the share of the wrong fields
held by the first 20% of the queue (a queue in random order gets 20% on average; the best
possible order is printed beside it), the share of deliberations with a wrong field found
there, and the chance that a deliberation with a wrong field comes before one without (AUC).
A predicted deliberation that matches no gold one counts as one wrong field.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
REGISTRE = [str(Path(sys.executable).with_name("registre"))]  # the venv's console script


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def wrong_fields(score, gold: dict, pred: dict) -> list[str]:
    """The fields of one aligned pair that the scorer counts wrong."""
    out = []
    for f in score.FIELDS:
        gv, pv = gold.get(f), pred.get(f)
        if f == "lieu":
            gv = gv if gv is None or score.place_key(gv) else None
            pv = pv if pv is None or score.place_key(pv) else None
        if gv is None:
            continue
        if f in score.LISTS:
            ok = score.name_set(gv) == score.name_set(pv)
        elif f == "procurations":
            ok = score.proxy_set(gv) == score.proxy_set(pv)
        else:
            ok = score.same(f, gv, pv)
        if not ok:
            out.append(f)
    return out


def wrong_by_id(score, folder: Path, db: Path) -> tuple[dict[int, list[str]], int]:
    """Wrong fields of each archived deliberation; and the gold fields of unmatched gold items."""
    from registre.store.archive import Archive

    by_doc: dict[str, list[dict]] = defaultdict(list)
    with Archive.open(db, create=False) as archive:
        for d in archive.iter_deliberations():
            by_doc[Path(d["file"]).name.rsplit(".", 1)[0]].append(d)
    wrong: dict[int, list[str]] = {}
    unreachable = 0
    for gpath in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        preds = sorted(by_doc.get(gpath.name[: -len(".gold.json")], []), key=lambda d: d["position"])
        pairs, _ = score.align(gold.get("deliberations") or [], preds)
        for g, p in pairs:
            if p:
                wrong[p["id"]] = wrong_fields(score, g, p)
            else:
                unreachable += sum(1 for f in score.FIELDS if g.get(f) is not None)
        for p in preds:
            wrong.setdefault(p["id"], ["(no such deliberation in gold)"])
    return wrong, unreachable


def run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 8):
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--share", type=float, default=0.2, help="head of the queue measured")
    parser.add_argument("--keep", type=Path, help="build the archive in this folder and keep it")
    parser.add_argument("--verbose", action="store_true", help="print the queue with its wrong fields")
    args = parser.parse_args(argv)
    score = load_scorer()
    with tempfile.TemporaryDirectory() as tmp:
        db = (args.keep or Path(tmp)) / "review.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        db.unlink(missing_ok=True)
        run([*REGISTRE, "import", str(args.folder), "--db", str(db), "--quiet"])
        queue = json.loads(run([*REGISTRE, "review", "--json", "--limit", "0", "--db", str(db)]))
        wrong, unreachable = wrong_by_id(score, args.folder, db)
    report(queue, wrong, unreachable, args.share, args.verbose)
    return 0


def report(queue: list[dict], wrong: dict[int, list[str]], unreachable: int, share: float, verbose: bool) -> None:
    n = len(queue)
    head = math.ceil(share * n)
    counts = [len(wrong.get(e["id"], [])) for e in queue]
    total = sum(counts)
    best = sum(sorted(counts, reverse=True)[:head])
    found = sum(counts[:head])
    bad = [c > 0 for c in counts]
    pairs = sum(1 for i, b in enumerate(bad) for j in range(i + 1, n) if b != bad[j])
    ordered = sum(1 for i, b in enumerate(bad) for j in range(i + 1, n) if b and not bad[j])
    if verbose:
        for rank, (e, c) in enumerate(zip(queue, counts, strict=True), 1):
            mark = "*" if rank <= head else " "
            print(f"{mark}{rank:4d} id {e['id']:5d} doubt {e['doubt']:5.2f}  wrong {c}: "
                  f"{', '.join(wrong.get(e['id'], []))}  | {'; '.join(e['reasons'])[:100]}")
    print(f"queue: {n} deliberations; wrong fields: {total} (+{unreachable} in gold deliberations "
          f"the archive lacks, which no queue can show)")
    print(f"first {share:.0%} of the queue ({head} deliberations): {found}/{total} wrong fields = "
          f"{found / max(total, 1):.3f} (random order: {share:.3f}, best possible: {best / max(total, 1):.3f})")
    print(f"deliberations with a wrong field found there: {sum(bad[:head])}/{sum(bad)}")
    print(f"AUC (a wrong deliberation before a right one): {ordered / max(pairs, 1):.3f}")


if __name__ == "__main__":
    sys.exit(main())
