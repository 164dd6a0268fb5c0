"""The one place that wires the stages: file -> pages -> records -> archive.

``ingest`` reads a file into pages, ``extract`` turns pages into deliberations, ``store`` writes
them. Reading and extraction run in a process pool (``--workers``); the archive has one writer,
this process, and each document lands in its own transaction.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from registre.errors import MissingDependencyError, RegistreError
from registre.extract.deliberation import EXTRACTOR_VERSION, extract
from registre.ingest.discover import discover, sha256_file
from registre.ingest.reader import read_document
from registre.model import Document, Record

log = logging.getLogger(__name__)

OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class ImportOptions:
    """How an import runs.

    Attributes:
        workers: processes reading and extracting in parallel (None: the CPU count).
        ocr: "auto" (pages without a usable text layer), "always" or "never".
    """

    workers: int | None = None
    ocr: str = "auto"

    def resolved_workers(self) -> int:
        return max(1, self.workers or os.cpu_count() or 1)

    def ocr_jobs(self) -> int:
        """Tesseract processes per worker: the cores are shared, not multiplied."""
        return max(1, (os.cpu_count() or 1) // self.resolved_workers())


@dataclass
class ImportSummary:
    import_id: int
    new: int = 0
    skipped: int = 0
    failed: int = 0
    deliberations: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Outcome:
    """What a worker sends back for one file."""

    path: str
    sha256: str | None
    record: Record | None = None
    document: Document | None = None
    error: str | None = None
    stage: str = "read"


def _ocr_function(mode: str, jobs: int | None):
    if mode == "never":
        return None
    from registre.ingest import ocr  # imported lazily: only scanned pages need it

    return functools.partial(ocr.ocr_pages, jobs=jobs)


def read(path: Path, *, ocr: str = "auto", ocr_jobs: int | None = None) -> Document:
    """Read a file into pages (OCR where the text layer is missing, as ``ocr`` says).

    Raises:
        BadInputError: the file is not a readable PDF or text file.
        MissingDependencyError: a page needs OCR and Tesseract or its French data is missing.
    """
    return read_document(path, ocr=ocr, ocr_pages=_ocr_function(ocr, ocr_jobs))


def to_record(document: Document) -> Record:
    """Extract the deliberations of a read document into the JSON-contract record."""
    extraction = extract([p.text for p in document.pages],
                         [p.ocr_confidence if p.source == "ocr" else None for p in document.pages])
    return Record(
        file=str(document.path),
        sha256=document.sha256,
        pages=len(document.pages),
        ocr=document.ocr,
        doc_type=extraction.doc_type,
        collectivite=extraction.collectivite,
        deliberations=extraction.deliberations,
        unread_pages=document.unread_pages,
        notes=document.notes,
        siren=extraction.siren,
    )


def parse_file(path: Path, *, ocr: str = "auto") -> Record:
    """Read and extract one file, touching no archive.

    Raises:
        BadInputError: the file is not a readable PDF or text file.
        ExtractionError: an extraction stage failed.
    """
    return to_record(read(path, ocr=ocr))


def _process(path: str, sha256: str | None, ocr: str, ocr_jobs: int | None = None) -> _Outcome:
    """Worker body: read and extract one file; a bad file comes back as data, not raised.

    A missing dependency is raised: it is the installation that is broken, not the file,
    and every later file would fail the same way.
    """
    outcome = _Outcome(path, sha256)
    try:
        document = read(Path(path), ocr=ocr, ocr_jobs=ocr_jobs)
        if document.pages and len(document.unread_pages) == len(document.pages):
            outcome.error = f"{path}: no readable text ({'; '.join(document.notes[:3])})"
            return outcome  # nothing to archive but an image: quarantined with the reason
        outcome.stage = "extract"
        outcome.record = to_record(document)
        outcome.document = document
    except MissingDependencyError:
        raise
    except RegistreError as e:
        outcome.error = str(e)
    except Exception as e:  # one broken file must not stop a bulk import
        log.debug("unexpected error on %s", path, exc_info=True)
        outcome.error = f"{path}: unexpected {type(e).__name__}: {e}"
    return outcome


def _candidates(paths: Iterable[Path], archive, summary: ImportSummary) -> Iterator[tuple[str, str | None]]:
    for path in discover(paths):
        try:
            sha = sha256_file(path)
        except OSError:
            yield str(path), None  # the worker will report why it cannot be read
            continue
        if archive.has_document(sha):  # O(1): same content = same file
            summary.skipped += 1
            continue
        yield str(path), sha


def import_paths(paths: list[Path], archive, options: ImportOptions = ImportOptions(),
                 progress: Callable[[str, str], None] | None = None) -> ImportSummary:
    """Import files and folders into an open archive.

    Args:
        paths: files and folders (walked recursively).
        archive: an open :class:`registre.store.archive.Archive`, written by this process only.
        options: workers and OCR mode.
        progress: called with (path, status) after each file ("new", "skipped", "failed").

    Returns:
        Counts of new, skipped and failed files; failures with their reasons.
    """
    summary = ImportSummary(archive.start_import([str(p) for p in paths]))
    workers = options.resolved_workers()
    status = "interrupted"
    try:
        if workers == 1:
            for path, sha in _candidates(paths, archive, summary):
                _store(archive, _process(path, sha, options.ocr, options.ocr_jobs()), summary, progress)
        else:
            _run_pool(paths, archive, options, workers, summary, progress)
        status = "done"
    finally:
        archive.finish_import(summary.import_id, new=summary.new, skipped=summary.skipped,
                              failed=summary.failed, status=status)
    return summary


def _run_pool(paths, archive, options, workers, summary, progress) -> None:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: set[Future] = set()
        for path, sha in _candidates(paths, archive, summary):
            pending.add(pool.submit(_process, path, sha, options.ocr, options.ocr_jobs()))
            if len(pending) >= workers * 4:  # bounded queue: memory stays flat on huge imports
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    _store(archive, future.result(), summary, progress)
        for future in pending:
            _store(archive, future.result(), summary, progress)


def _store(archive, outcome: _Outcome, summary: ImportSummary, progress) -> None:
    if outcome.error or outcome.record is None or outcome.document is None:
        archive.record_failure(Path(outcome.path), outcome.sha256, outcome.error or "no record",
                               outcome.stage, import_id=summary.import_id)
        summary.failed += 1
        summary.failures.append((outcome.path, outcome.error or "no record"))
        state = "failed"
    elif archive.has_document(outcome.record.sha256):
        summary.skipped += 1  # the same content appeared twice in this run
        state = "skipped"
    else:
        ids = archive.add_document(outcome.record, outcome.document, import_id=summary.import_id,
                                   extractor_version=EXTRACTOR_VERSION)
        summary.new += 1
        summary.deliberations += len(ids)
        state = "new"
    if progress:
        progress(outcome.path, state)
