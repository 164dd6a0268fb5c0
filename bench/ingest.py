"""Import throughput: born-digital pages per second per core, against raw pypdfium2.

Generates N born-digital deliberation PDFs (default 2,000, 1–4 pages each) with
``make_samples.make_corpus``, then measures on the same files:

1. raw pypdfium2 text extraction (``get_text_range`` of every page, one process): the limit;
2. a full import (read, columns, extraction, SQLite writes, originals kept) with 1 worker and
   with every core (or the ``--workers`` list: a scaling curve), each in a fresh process so that
   its peak RSS is its own: the importing process's for 1 worker (it reads and extracts), the
   largest pool worker's otherwise;
3. re-importing the unchanged set with ``registre import`` (a fresh process, as a user runs
   it), and re-importing ``--reimport-n`` unchanged files (default 10,000: byte-distinct copies
   of the corpus registered in a second archive).

With ``--stages``, the same files are also taken through the import's three stages one after
the other in this process (read, extract, store: ``pipeline.read``, ``pipeline.to_record``,
``Archive.add_document``), and the CPU milliseconds per page of each are printed: where a
page's time goes.

Wall-clock rates depend on what else the machine runs; the CPU-time rates (pages per
CPU-second of this process and its workers) do not, and are printed too, with the ratio of the
1-worker import to raw pypdfium2 in both (``ratio_import_to_raw_cpu`` is the one to compare
across runs on a shared machine).

Usage:
    python bench/ingest.py [--n 2000] [--pages 1-4] [--workers 1,2] [--stages] [--out DIR]

Prints progress on stderr and, last, one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples  # noqa: E402

from registre.extract.deliberation import EXTRACTOR_VERSION  # noqa: E402
from registre.model import Document, Page, Record  # noqa: E402
from registre.pipeline import ImportOptions, import_paths, read, to_record  # noqa: E402
from registre.store.archive import Archive  # noqa: E402

EXE = shutil.which("registre") or str(Path(sys.executable).parent / "registre")


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (pool workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def raw_extraction(files: list[Path]) -> dict:
    """Text of every page through pypdfium2 alone, in content-stream order."""
    start, cpu = time.perf_counter(), cpu_seconds()
    pages = chars = 0
    for path in files:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for page in pdf:
                textpage = page.get_textpage()
                chars += len(textpage.get_text_range())
                textpage.close()
                page.close()
                pages += 1
        finally:
            pdf.close()
    wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return {"pages": pages, "chars": chars, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "pages_per_s": round(pages / wall, 1), "pages_per_cpu_s": round(pages / cpu, 1)}


def full_import(folder: Path, db: Path, workers: int) -> dict:
    """A fresh archive: every file read, extracted and stored, in a fresh process."""
    done = subprocess.run([sys.executable, __file__, "--one-import", str(folder), str(db), str(workers)],
                          capture_output=True, text=True, timeout=7200)
    if done.returncode != 0:
        raise SystemExit(f"the import of {folder} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def one_import(folder: Path, db: Path, workers: int) -> dict:
    """The body of :func:`full_import` (``--one-import``), with this process's peak RSS."""
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(f"{db}.files", ignore_errors=True)
    start, cpu = time.perf_counter(), cpu_seconds()
    with Archive.open(db) as archive:
        summary = import_paths([folder], archive, ImportOptions(workers=workers))
    wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return {"workers": workers, "files": summary.new, "failed": summary.failed,
            "pages": summary.pages, "deliberations": summary.deliberations,
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "pages_per_s": round(summary.pages / wall, 1),
            "pages_per_s_per_core": round(summary.pages / wall / min(workers, os.cpu_count() or 1), 1),
            "pages_per_cpu_s": round(summary.pages / cpu, 1),
            "peak_rss_mb_per_worker": peak_rss_mb(resource.RUSAGE_SELF if workers <= 1 else resource.RUSAGE_CHILDREN),
            "peak_rss_mb_writer": peak_rss_mb(resource.RUSAGE_SELF)}


def stages(files: list[Path], db: Path) -> dict:
    """CPU ms per page of each stage of an import, the stages run one after the other."""
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(f"{db}.files", ignore_errors=True)
    spent = dict.fromkeys(("read", "extract", "store"), 0.0)
    pages = 0
    with Archive.open(db) as archive:
        import_id = archive.start_import([str(db)])
        for path in files:
            started = time.process_time()
            document = read(path)
            read_at = time.process_time()
            record = to_record(document)
            extracted_at = time.process_time()
            archive.add_document(record, document, import_id=import_id, extractor_version=EXTRACTOR_VERSION)
            stored_at = time.process_time()
            spent["read"] += read_at - started
            spent["extract"] += extracted_at - read_at
            spent["store"] += stored_at - extracted_at
            pages += len(document.pages)
    per_page = {f"{stage}_cpu_ms_per_page": round(1000 * s / max(pages, 1), 2) for stage, s in spent.items()}
    return {"pages": pages, **per_page, "total_cpu_ms_per_page": round(1000 * sum(spent.values()) / max(pages, 1), 2)}


def peak_rss_mb(who: int) -> float:
    """Peak resident memory of this process (RUSAGE_SELF) or of its largest ended child, in MB."""
    return round(resource.getrusage(who).ru_maxrss * (1 if sys.platform == "darwin" else 1024) / 1e6, 1)


def cli_reimport(folder: Path, db: Path) -> dict:
    """``registre import`` of an unchanged set, as a user would run it (process start included)."""
    start = time.perf_counter()
    done = subprocess.run([EXE, "import", str(folder), "--db", str(db), "--json"],
                          capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - start
    summary = json.loads(done.stdout) if done.stdout.strip() else {}
    return {"exit_code": done.returncode, "files": summary.get("skipped"),
            "new": summary.get("new"), "wall_s": round(wall, 2)}


def many_unchanged(files: list[Path], out: Path, n: int) -> tuple[Path, Path]:
    """``n`` byte-distinct copies of the corpus, registered (with originals) in an archive."""
    folder, db = out / f"copies-{n}", out / f"copies-{n}.db"
    folder.mkdir(parents=True, exist_ok=True)
    pairs = []
    for i in range(n):
        path = folder / f"{i // 1000:02d}" / f"copie-{i:06d}.pdf"
        path.parent.mkdir(exist_ok=True)
        data = files[i % len(files)].read_bytes() + f"\n%copie {i}\n".encode()
        path.write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        record = Record(file=str(path), sha256=sha, pages=1, ocr=False, doc_type="other",
                        collectivite=None, deliberations=[])
        pairs.append((record, Document(path=path, sha256=sha, size=len(data), kind="pdf",
                                       pages=[Page(1, "copie")])))
    with Archive.open(db) as archive:
        for start in range(0, n, 1000):
            archive.add_documents(pairs[start:start + 1000])
    return folder, db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="PDFs to generate (default 2,000)")
    parser.add_argument("--pages", default="1-4", help="pages per PDF (default 1-4)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", help="comma-separated worker counts (default: 1 and the CPUs)")
    parser.add_argument("--reimport-n", type=int, default=10_000,
                        help="unchanged files to re-import (0: skip)")
    parser.add_argument("--stages", action="store_true",
                        help="also time the read, extract and store stages apart (CPU ms per page)")
    parser.add_argument("--out", type=Path, help="work folder, kept (default: temporary)")
    parser.add_argument("--one-import", nargs=3, metavar=("FOLDER", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_import:
        folder, db, workers = args.one_import
        print(json.dumps(one_import(Path(folder), Path(db), int(workers))))
        return 0
    cpus = os.cpu_count() or 1
    counts = [int(w) for w in args.workers.split(",")] if args.workers else sorted({1, cpus})
    out = args.out or Path(tempfile.mkdtemp(prefix="registre-ingest-"))
    folder = out / "pdf"

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    start = time.perf_counter()
    if not folder.exists() or len(list(folder.glob("*.pdf"))) != args.n:
        shutil.rmtree(folder, ignore_errors=True)
        make_samples.make_corpus(folder, args.n, args.seed, pages=make_samples.parse_pages(args.pages),
                                 workers=cpus)
    files = sorted(folder.glob("*.pdf"))
    say(f"{len(files)} PDFs in {folder} ({time.perf_counter() - start:.0f} s)")
    raw = raw_extraction(files)
    say(f"raw pypdfium2: {raw}")
    runs = []
    for workers in counts:
        runs.append(full_import(folder, out / f"w{workers}.db", workers))
        say(f"import: {runs[-1]}")
    one = next((r for r in runs if r["workers"] == 1), runs[0])
    best = max(runs, key=lambda r: r["workers"])
    split = None
    if args.stages:
        split = stages(files, out / "stages.db")
        say(f"stages: {split}")
    again = cli_reimport(folder, out / f"w{best['workers']}.db")
    say(f"re-import of the unchanged set: {again}")
    big = None
    if args.reimport_n:
        copies, db = many_unchanged(files, out, args.reimport_n)
        big = cli_reimport(copies, db)
        say(f"re-import of {args.reimport_n} unchanged files: {big}")
    result = {
        "files": len(files), "pages": raw["pages"], "cpus": cpus,
        "raw_pypdfium2_pages_per_s_per_core": raw["pages_per_s"],
        "raw_pypdfium2_pages_per_cpu_s": raw["pages_per_cpu_s"],
        "import_pages_per_s_per_core": one["pages_per_s_per_core"],
        "import_pages_per_cpu_s": one["pages_per_cpu_s"],
        "ratio_import_to_raw": round(one["pages_per_s_per_core"] / raw["pages_per_s"], 3),
        "ratio_import_to_raw_cpu": round(one["pages_per_cpu_s"] / raw["pages_per_cpu_s"], 3),
        "peak_rss_mb_per_worker": max(r["peak_rss_mb_per_worker"] for r in runs),
        "speedup_1_to_all": round(one["wall_s"] / best["wall_s"], 2) if best is not one else 1.0,
        "all_workers_pages_per_s": best["pages_per_s"],
        "all_workers_pages_per_s_per_core": best["pages_per_s_per_core"],
        "reimport_unchanged_s": again["wall_s"],
        "reimport_n": args.reimport_n or None,
        "reimport_n_s": big["wall_s"] if big else None,
        "stages": split,
        "scaling": [{k: r[k] for k in ("workers", "wall_s", "pages_per_s")} for r in runs],
        "raw": raw, "imports": runs,
    }
    print(json.dumps(result))
    if not args.out:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
