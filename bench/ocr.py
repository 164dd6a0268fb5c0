"""Benchmark: Registre's OCR against plain Tesseract on the same generated scanned pages.

Generates N French deliberation pages as an image-only PDF (by default half clean JPEG scans,
half noisy ones: specks, blur, JPEG quality 40; all 200 dpi, see bench/make_scans.py), extracts the
embedded page images, then times

- plain Tesseract: ``tesseract IMG out -l fra`` on each extracted image, one process per page,
  ``OMP_THREAD_LIMIT=1``, ``--jobs`` at once;
- Registre: ``registre.ingest.ocr.ocr_pages`` on the PDF with the same ``jobs``;
- optionally (``--ocrmypdf``) ``ocrmypdf.ocr`` with the options the OCR issue names (ocrmypdf
  is not a dependency of Registre: ``pip install -e '.[bench]'`` installs it),

each ``--repeat`` times, interleaved, keeping the best time of each (the machine may be busy),
and prints the runs on stderr and one final JSON line on stdout with the time ratio
(Registre / Tesseract; the OCR issue wants ≤ 1.2), pages per minute and the mean CER of each
against the true text.

Example::

    .venv/bin/python bench/ocr.py --n 20
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_scans import cer, french_page, make_scan_pdf

from registre.ingest.ocr import check_ocr_available, ocr_pages

NOISY = {"noise": 0.02, "blur": 0.5, "jpeg_quality": 40}
CLEAN = {"noise": 0.0, "blur": 0.0, "jpeg_quality": 75}


def make_pages(n: int, out: Path, seed: int, profile: str = "mixed") -> list[str]:
    """Write an n-page scanned PDF of generated pages; return the true texts.

    Args:
        n: number of pages.
        out: the PDF to write.
        seed: seed of the texts and the noise.
        profile: "mixed" (clean and noisy pages alternate), "clean" or "noisy".

    Returns:
        The true text of each page.
    """
    rng = random.Random(seed)
    texts = [french_page(rng, i + 1) for i in range(n)]
    merged = pikepdf.new()
    truth: list[str] = []
    for i, text in enumerate(texts):
        part = out.with_name(f"part-{i}.pdf")
        noisy = profile == "noisy" or (profile == "mixed" and i % 2 == 1)
        truth += make_scan_pdf([text], part, 200, seed=seed + i, **(NOISY if noisy else CLEAN))
        with pikepdf.open(part) as src:
            merged.pages.extend(src.pages)
        part.unlink()
    merged.save(out)
    return truth


def extract_images(pdf: Path, folder: Path) -> list[Path]:
    """Write each page's embedded scan (the JPEG stream as is) to ``folder``; return the paths."""
    paths = []
    doc = pdfium.PdfDocument(pdf)
    for i, page in enumerate(doc):
        (image,) = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
        stem = folder / f"page-{i + 1:04d}"
        image.extract(stem)
        paths.append(next(folder.glob(stem.name + ".*")))
    doc.close()
    return paths


def cpu_seconds() -> float:
    """CPU time used so far by this process and its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measured(fn: Callable[..., list[str]], *args: object) -> tuple[float, float, list[str]]:
    """Run ``fn(*args)`` -> texts; return (wall seconds, CPU seconds, texts)."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    texts = fn(*args)
    return time.perf_counter() - wall, cpu_seconds() - cpu, texts


def ocr_tesseract(images: list[Path], jobs: int) -> list[str]:
    """Plain Tesseract, one process per page, ``jobs`` at once; return the texts."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(img: Path) -> str:
        out = img.with_suffix("")
        subprocess.run(["tesseract", str(img), str(out), "-l", "fra"], env=env, check=True,
                       capture_output=True)
        return out.with_suffix(".txt").read_text(encoding="utf-8")

    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(one, images))


def ocr_registre(pdf: Path, n: int, jobs: int) -> list[str]:
    """Registre's ocr_pages on every page; return the texts."""
    pages = ocr_pages(pdf, list(range(1, n + 1)), jobs=jobs)
    bad = [p.note for p in pages.values() if p.source != "ocr"]
    if bad:
        print(f"unread pages: {bad}", file=sys.stderr)
    return [p.text for p in pages.values()]


def check_ocrmypdf_available() -> None:
    """Stop with an install hint (exit code 3, a missing dependency) when ocrmypdf is absent."""
    try:
        import ocrmypdf  # noqa: F401
    except ImportError:
        print("bench/ocr.py --ocrmypdf needs ocrmypdf, which Registre does not install:"
              " pip install -e '.[bench]'", file=sys.stderr)
        sys.exit(3)


def ocr_ocrmypdf(pdf: Path, jobs: int) -> list[str]:
    """ocrmypdf's Python API with the issue's options; return the sidecar texts."""
    import ocrmypdf

    sidecar = pdf.with_name("sidecar.txt")
    ocrmypdf.ocr(pdf, pdf.with_name("ocrmypdf-out.pdf"), language="fra", skip_text=True,
                 rotate_pages=True, rotate_pages_threshold=5, optimize=0, output_type="pdf",
                 sidecar=sidecar, jobs=jobs, progress_bar=False)
    return sidecar.read_text(encoding="utf-8").split("\f")


def mean_cer(texts: list[str], truth: list[str]) -> float:
    return sum(cer(t, r) for t, r in zip(texts, truth, strict=True)) / len(truth)


def run(
    n: int, jobs: int, seed: int, profile: str, repeat: int, with_ocrmypdf: bool
) -> dict[str, float | int | str]:
    """Generate the pages, time each OCR and return the figures."""
    check_ocr_available()
    if with_ocrmypdf:
        check_ocrmypdf_available()
    with tempfile.TemporaryDirectory(prefix="registre-bench-ocr-") as tmp:
        pdf = Path(tmp) / "scans.pdf"
        truth = make_pages(n, pdf, seed, profile)
        images = extract_images(pdf, Path(tmp))
        ocr_tesseract(images[:1], 1)  # warm the page cache (traineddata) for both
        runs: dict[str, list[tuple[float, float]]] = {"tesseract": [], "registre": []}
        for _ in range(repeat):  # interleaved, best of each: robust to a busy machine
            wall, cpu, tess_texts = measured(ocr_tesseract, images, jobs)
            runs["tesseract"].append((round(wall, 2), round(cpu, 2)))
            wall, cpu, reg_texts = measured(ocr_registre, pdf, n, jobs)
            runs["registre"].append((round(wall, 2), round(cpu, 2)))
        print(f"runs (wall s, CPU s): {runs}", file=sys.stderr)
        (t_wall, t_cpu), (r_wall, r_cpu) = (
            (min(w for w, _ in runs[k]), min(c for _, c in runs[k])) for k in runs
        )
        result: dict[str, float | int | str] = {
            "pages": n, "jobs": jobs, "profile": profile, "repeat": repeat,
            "tesseract_s": t_wall, "registre_s": r_wall, "ratio": round(r_wall / t_wall, 3),
            "tesseract_cpu_s": t_cpu, "registre_cpu_s": r_cpu,
            "cpu_ratio": round(r_cpu / t_cpu, 3),
            "tesseract_pages_per_min": round(60 * n / t_wall, 1),
            "registre_pages_per_min": round(60 * n / r_wall, 1),
            "tesseract_cer": round(mean_cer(tess_texts, truth), 4),
            "registre_cer": round(mean_cer(reg_texts, truth), 4),
        }
        if with_ocrmypdf:
            o_wall, o_cpu, omp_texts = measured(ocr_ocrmypdf, pdf, jobs)
            result |= {"ocrmypdf_s": round(o_wall, 2), "ocrmypdf_ratio": round(o_wall / t_wall, 3),
                       "ocrmypdf_cpu_s": round(o_cpu, 2), "ocrmypdf_cpu_ratio": round(o_cpu / t_cpu, 3),
                       "ocrmypdf_cer": round(mean_cer(omp_texts, truth), 4)}
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20, help="number of pages (default 20)")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                    help="pages at once, for both (default: all CPUs)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", choices=["mixed", "clean", "noisy"], default="mixed",
                    help="page quality (default: clean and noisy pages alternate)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="interleaved runs of each; the best time counts (default 3)")
    ap.add_argument("--ocrmypdf", action="store_true", help="also time ocrmypdf's Python API")
    a = ap.parse_args()
    result = run(a.n, a.jobs, a.seed, a.profile, a.repeat, a.ocrmypdf)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
