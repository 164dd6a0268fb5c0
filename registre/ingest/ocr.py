"""OCR of scanned PDF pages: the one wrapper around Tesseract.

``reader.py`` decides which pages need OCR (no usable text layer) and calls :func:`ocr_pages`;
each page comes back as a :class:`~registre.model.Page` with ``source="ocr"``, its text in
reading order and Tesseract's mean word confidence, or with ``source="none"`` and a
``note="page N: <reason>"`` when it cannot be read. One bad page never raises.

A page is read in six steps:

1. pixels (``ocr_image.py``): a page that is one upright 8-bit scan gives the scan's own
   pixels (11 ms to decode against 50 ms to render at 200 dpi); any other page is rendered in
   grey by pypdfium2 at its scan's resolution clamped to 150–300 dpi, capped at 40 Mpx. Image
   sizes are read before anything is decoded: over 150 Mpx is refused as a decompression bomb.
2. denoising: a 3×3 median filter when the page's background is noisy (measurements below).
3. shading (``ocr_image.flatten_shading``): grey title bars and tinted boxes are divided by
   their local background, so that their text is black on white (measurements below).
4. ``tesseract IMG - -l fra --psm 3 --dpi N tsv`` with ``OMP_THREAD_LIMIT=1``, one process per
   page, ``jobs`` at once, a timeout per page; the TSV gives the words in reading order (a
   sidebar is its own block) and their confidences.
5. orientation: a page read with a mean confidence under 60 is read again with ``--psm 1``
   (orientation detection) and the reading with the larger total confidence is kept. Pages at
   90° and 180° score 32–36 then 94–95; upright pages score 93–95 and are read once.
6. dropped lines (``ocr_rescue.py``): on an upright page, ink that no recognised word covers
   and that has the shape of a line of print (a boxed title, an underlined label) is read
   again, all such places of the page stacked in one image read with ``--psm 6``; confident
   lines are put in their place in the page's reading order (``ocr_tsv.py``).

Why not ocrmypdf's Python API, which the OCR issue names: ``bench/ocr.py --ocrmypdf`` (20
generated 200-dpi pages, 2 cores) timed ``ocrmypdf.ocr(language="fra", skip_text=True,
rotate_pages=True, rotate_pages_threshold=5, optimize=0, output_type="pdf", sidecar=…,
jobs=2)`` at 2.8× plain Tesseract's CPU time (3.2× on 2 pages), with a CER of 7.0 % against
Registre's 0.07 % (no denoising hook), when the issue allows 1.2×. Its cost is the PDF round
trip (Ghostscript, hOCR → PDF) and an OSD pass on every page (0.5–0.6 s a page measured with
``--psm 0``) that Registre does not need. This module keeps what the issue asks of it:
``--skip-text`` semantics (reader.py sends no page with a real text layer), 90° pages read,
text and confidence per page (the sidecar's role), parallel pages, a timeout per page.
Registre/Tesseract on the same 20 pages: CPU 1.07× clean, 1.07× mixed, 1.05× noisy.

Denoising, measured on ``bench/make_scans.py`` pages against their true text: the median
filter cut the CER of speckled or grainy JPEG scans from 1.4–11 % to 0–1.5 % (150 and
200 dpi; an unreadable one to 4.8 %), and of 9 dev corpus scan pages (``corpus/dev/scan``,
truth from ``dev/pdf``) from 0.77 % to 0.46 %; it raised the CER of a clean 150-dpi scan from 0 to 3.7 %, of a clean
100-dpi one from 0.2 to 2.1 %, and did not help bilevel 200/300-dpi scans (the real scans of
``corpus/real-pdf`` are such). It is applied when the mean grey-level change it makes on the
background of the page's middle quarter is ≥ 0.6: 0.0–0.41 on clean scans, 0.15–0.40 on the
real scans, 0.70–2.85 on the 41 dev scan pages, 1.4 on the seed scan, 3–15 on noisy pages.

Shading, measured on the 18 scanned or mixed files of ``corpus/real-pdf`` (``bench/
ocr_recall.py``: gold objets found in the OCR text): Tesseract's global Otsu threshold (171 on
a page of 128.pdf) lies above a grey bar (150–160), which becomes a black rectangle dropped as
an image; 14 of the 17 objets of 127.pdf and 128.pdf, printed on such bars, were missing, and
all 17 are read with the bars flattened (objets found 107 → 121 of 129). Flattening is kept to
flat shadings running 1.5 in: a coat of arms flattened changed the layout Tesseract found
around it. It changes no page of ``corpus/dev/scan``.

Dropped lines, on the same files: 14 lines on 10 of their 135 pages come back (« ORDRE DU
JOUR » in a frame ×5, « POINT(S) RAJOUTE(S) A L'ORDRE DU JOUR » ×2, « Secrétaire de séance :
S.MEARY », « Le Maire : », « L'an deux mille vingt, le 10 juillet à … heures … minutes », lines
of a pasted screenshot and of a pasted motion); signatures, initials, handwriting and dotted
leaders read at 0–50 confidence and are left out. No page of ``corpus/dev/scan`` has one. Cost
of both steps on the real scans: CPU +7 % a page (1.45 → 1.56 s, best of two runs each, 2
cores): 7–33 ms of numpy a page, and a second Tesseract run on the pages with dropped ink.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from registre.errors import BadInputError, MissingDependencyError
from registre.ingest.ocr_image import PageFailure, page_image
from registre.ingest.ocr_rescue import rescued_paragraphs, stack_regions, unread_regions
from registre.ingest.ocr_tsv import Reading, insert_paragraphs, parse_tsv
from registre.model import Page

__all__ = ["check_ocr_available", "is_ocr_available", "ocr_pages", "parse_tsv"]

log = logging.getLogger(__name__)

LANGUAGE = "fra"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-fra ghostscript"
MODES = ("auto", "always", "never")

DEFAULT_PAGE_TIMEOUT_S = 120.0
DEFAULT_RETRY_CONFIDENCE = 60.0  # below: read again with orientation detection
LIST_LANGS_TIMEOUT_S = 30.0


class TesseractFailure(PageFailure):
    """A Tesseract run failed, timed out or could not start."""


@dataclass
class _PageFile:
    number: int
    path: Path
    dpi: int
    pixels: np.ndarray  # what was written at ``path``, for the second look at dropped lines


# --- availability -------------------------------------------------------------------------


def check_ocr_available() -> None:
    """Check that Tesseract and its French data are installed.

    Raises:
        MissingDependencyError: ``tesseract`` is not on PATH or has no ``fra`` data; the
            message names the Debian packages to install.
    """
    exe = shutil.which("tesseract")
    if exe is None:
        raise MissingDependencyError(
            f"OCR needs Tesseract, which is not installed (not on PATH): {INSTALL_HINT}"
        )
    langs = _tesseract_languages(exe, os.environ.get("TESSDATA_PREFIX"))
    if LANGUAGE not in langs:
        raise MissingDependencyError(
            f"OCR needs Tesseract's French data ({LANGUAGE!r} not in {sorted(langs)}): "
            f"{INSTALL_HINT}"
        )


def is_ocr_available() -> bool:
    """Return True when Tesseract and its French data are installed."""
    try:
        check_ocr_available()
    except MissingDependencyError:
        return False
    return True


@functools.lru_cache(maxsize=8)
def _tesseract_languages(exe: str, tessdata: str | None) -> frozenset[str]:
    """Languages the Tesseract at ``exe`` knows (cached per binary and TESSDATA_PREFIX)."""
    try:
        out = _run_tesseract(["--list-langs"], timeout_s=LIST_LANGS_TIMEOUT_S, exe=exe)
    except TesseractFailure as e:
        raise MissingDependencyError(f"Tesseract does not work ({e}): {INSTALL_HINT}") from e
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def _run_tesseract(
    args: list[str], *, timeout_s: float, exe: str = "tesseract", cwd: Path | None = None
) -> str:
    """Run Tesseract once: the only place Registre starts it.

    Args:
        args: arguments after the program name.
        timeout_s: the process is killed after this many seconds.
        exe: the program to run.
        cwd: working directory (page images are passed relative to it, so that no temporary
            path ends up in a message).

    Returns:
        Tesseract's standard output.

    Raises:
        TesseractFailure: it could not start, timed out or exited non-zero.
    """
    # One process per page in parallel: OpenMP threads inside each would oversubscribe the
    # cores (5.6x slower on 2 cores, reference/stack-probe.md).
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(
            [exe, *args], capture_output=True, text=True, timeout=timeout_s, env=env, cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        raise TesseractFailure(f"Tesseract timed out after {timeout_s:g} s") from e
    except OSError as e:
        raise TesseractFailure(f"Tesseract could not start: {e.strerror or e}") from e
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        detail = lines[-1].strip() if lines else "no message"
        raise TesseractFailure(f"Tesseract failed (exit code {done.returncode}: {detail})")
    return done.stdout


# --- the entry point --------------------------------------------------------------------------


def ocr_pages(
    path: Path,
    numbers: list[int],
    mode: str = "auto",
    *,
    jobs: int | None = None,
    timeout_s: float = DEFAULT_PAGE_TIMEOUT_S,
) -> dict[int, Page]:
    """OCR some pages of a PDF.

    Args:
        path: the user's PDF.
        numbers: 1-based page numbers to read (the reader's choice: pages without a usable
            text layer in ``auto`` mode, every page in ``always`` mode).
        mode: ``auto`` or ``always`` read every listed page; ``never`` reads none and marks
            them unread.
        jobs: Tesseract processes run at once (default: the CPUs this process may use).
        timeout_s: time allowed to Tesseract per page (its retry included).

    Returns:
        One Page per listed number, in the order given: ``source="ocr"`` with text and
        ``ocr_confidence``, or ``source="none"`` with ``note="page N: <reason>"``.

    Raises:
        ValueError: unknown mode, or a page number outside the document.
        MissingDependencyError: Tesseract or its French data is missing.
        BadInputError: the file cannot be opened as a PDF.
    """
    if mode not in MODES:
        raise ValueError(f"unknown OCR mode {mode!r}; expected one of {', '.join(MODES)}")
    if mode == "never":
        return {n: _unread(n, "not read: OCR is disabled (--ocr never)") for n in numbers}
    if not numbers:
        return {}
    check_ocr_available()
    jobs = max(1, min(jobs or _cpu_count(), len(numbers)))
    started = time.perf_counter()
    with TemporaryDirectory(prefix="registre-ocr-") as tmp, _open_pdf(path) as pdf:
        _check_numbers(path, numbers, len(pdf))
        pages = _read_all(pdf, numbers, Path(tmp), jobs=jobs, timeout_s=timeout_s)
    log.info(
        "%s: OCR of %d page(s) in %.1f s (%d unread)", path, len(numbers),
        time.perf_counter() - started, sum(p.source == "none" for p in pages.values()),
    )
    return {n: pages[n] for n in numbers}


def _read_all(
    pdf: pdfium.PdfDocument, numbers: list[int], tmp: Path, *, jobs: int, timeout_s: float
) -> dict[int, Page]:
    """Render pages in this thread (pdfium is not thread-safe) while Tesseract reads earlier
    ones in ``jobs`` worker threads; at most ``2 * jobs`` rendered pages wait on disk."""
    pages: dict[int, Page] = {}
    futures: dict[int, Future[Page]] = {}
    ahead = threading.BoundedSemaphore(2 * jobs)
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="tesseract") as pool:
        for n in numbers:
            ahead.acquire()
            try:
                image = _prepare_page(pdf, n, tmp)
            except PageFailure as e:  # refused before OCR (size, render error)
                pages[n] = _unread(n, str(e))
                ahead.release()
                continue
            future = pool.submit(_recognise, image, timeout_s=timeout_s, cwd=tmp)
            future.add_done_callback(lambda _: ahead.release())
            futures[n] = future
        for n, future in futures.items():
            try:
                pages[n] = future.result()
            except Exception as e:  # a bug must not cost the rest of the document
                log.exception("page %d: OCR failed unexpectedly", n)
                pages[n] = _unread(n, f"OCR failed unexpectedly ({type(e).__name__}: {e})")
    return pages


# --- page image -------------------------------------------------------------------------------


def _prepare_page(pdf: pdfium.PdfDocument, number: int, tmp: Path) -> _PageFile:
    """Write one page's image (denoised if noisy) where Tesseract will read it.

    Raises:
        PageFailure: the page is refused (absurd size) or cannot be rendered.
    """
    try:
        page = pdf[number - 1]
    except pdfium.PdfiumError as e:
        raise PageFailure(f"the page could not be loaded ({e})") from e
    image = page_image(page)
    page.close()
    out = tmp / f"page-{number:05d}.tif"
    Image.fromarray(image.pixels).save(out, dpi=(image.dpi, image.dpi))  # uncompressed: 3 ms
    log.debug("page %d: %.0f dpi, %dx%d px, noise %.2f%s", number, image.dpi,
              *image.pixels.shape[::-1], image.noise, " (median filter)" * image.denoised)
    return _PageFile(number, out, round(image.dpi), image.pixels)


def _recognise(image: _PageFile, *, timeout_s: float, cwd: Path) -> Page:
    """Run Tesseract on one page image (retrying with orientation detection when the first
    reading is poor); never raises for a page that cannot be read."""
    n = image.number
    deadline = time.monotonic() + timeout_s
    try:
        reading = _tesseract_page(image.path, image.dpi, "3", timeout_s=timeout_s, cwd=cwd)
        if reading.words > 0 and reading.confidence >= DEFAULT_RETRY_CONFIDENCE:
            reading = _read_dropped_lines(image, reading, deadline=deadline, cwd=cwd)
        elif reading.words > 0:
            remaining = deadline - time.monotonic()
            try:
                retry = _tesseract_page(image.path, image.dpi, "1", timeout_s=remaining, cwd=cwd)
            except TesseractFailure as e:  # keep the first reading
                log.debug("page %d: retry with orientation detection failed: %s", n, e)
            else:
                log.debug("page %d: confidence %.0f, with orientation detection %.0f", n,
                          reading.confidence, retry.confidence)
                # Total confidence: a few sure words must not beat a whole page read fairly.
                if retry.confidence * retry.words > reading.confidence * reading.words:
                    reading = retry
    except TesseractFailure as e:
        return _unread(n, str(e))
    finally:
        image.path.unlink(missing_ok=True)
    if reading.words == 0:
        return _unread(n, "no text recognised")
    return Page(number=n, text=reading.text, source="ocr",
                ocr_confidence=round(reading.confidence, 1), words=reading.boxes)


def _read_dropped_lines(image: _PageFile, reading: Reading, *, deadline: float, cwd: Path) -> Reading:
    """The reading with the lines Tesseract's layout dropped read again and put in place
    (see :mod:`registre.ingest.ocr_rescue`); the reading as it was when there are none or
    the second run fails."""
    regions = unread_regions(image.pixels, image.dpi, reading)
    if not regions:
        return reading
    stack = stack_regions(image.pixels, image.dpi, regions)
    path = image.path.with_name(f"{image.path.stem}-lines.tif")
    Image.fromarray(stack.pixels).save(path, dpi=(image.dpi, image.dpi))
    try:
        lines = _tesseract_page(path, image.dpi, "6", timeout_s=deadline - time.monotonic(), cwd=cwd)
    except TesseractFailure as e:
        log.debug("page %d: second look at %d dropped line(s) failed: %s", image.number, len(regions), e)
        return reading
    finally:
        path.unlink(missing_ok=True)
    found = rescued_paragraphs(stack, lines)
    log.debug("page %d: %d place(s) of ink without words, %d line(s) read again", image.number,
              len(regions), len(found))
    return insert_paragraphs(reading, found) if found else reading


def _tesseract_page(path: Path, dpi: int, psm: str, *, timeout_s: float, cwd: Path) -> Reading:
    if timeout_s <= 0:
        raise TesseractFailure("Tesseract timed out (no time left for this page)")
    args = [path.name, "-", "-l", LANGUAGE, "--psm", psm, "--dpi", str(dpi), "tsv"]
    return parse_tsv(_run_tesseract(args, timeout_s=timeout_s, cwd=cwd))


# --- helpers ----------------------------------------------------------------------------------


def _unread(number: int, reason: str) -> Page:
    return Page(number=number, text="", source="none", note=f"page {number}: {reason}")


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _open_pdf(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError) as e:
        raise BadInputError(f"{path}: cannot open the PDF for OCR ({e})") from e


def _check_numbers(path: Path, numbers: list[int], count: int) -> None:
    bad = [n for n in numbers if not 1 <= n <= count]
    if bad:
        raise ValueError(f"{path}: no page {bad[0]} (the document has {count} pages)")
