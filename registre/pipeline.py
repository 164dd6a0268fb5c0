"""The one place that wires the stages: file -> pages -> records -> archive.

``ingest`` finds files (folders, zips) and reads them into pages, ``extract`` turns pages into
deliberations, ``store`` writes them. Reading and extraction run in worker processes (a local
pool, or a Dask cluster: see :mod:`registre.scheduler`); the archive has one writer, this
process, which commits each document in its own transaction, in the order the files were
found, so that the archive does not depend on how many workers did the work.

An import is resumable: files are identified by their SHA-256 before any work, a file already
archived is skipped with one primary-key lookup, and a file already quarantined with the same
content is skipped too (``retry_failed`` tries it again). Killing an import at any moment
leaves every committed document whole; running it again finishes the work.
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from registre.errors import BadInputError, MissingDependencyError, RegistreError
from registre.extract.deliberation import EXTRACTOR_VERSION, extract
from registre.ingest.discover import Input, count_inputs, discover, expand_files
from registre.ingest.reader import read_document
from registre.ingest.zips import MEMBER_SEP
from registre.model import Document, Record
from registre.scheduler import WorkerCrashed, make_runner
from registre.store import bodies

log = logging.getLogger(__name__)

OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class ImportOptions:
    """How an import runs.

    Attributes:
        workers: processes reading and extracting in parallel (None: the CPU count).
        ocr: "auto" (pages without a usable text layer), "always" or "never".
        scheduler: a Dask scheduler address (``tcp://host:8786``), ``"local"`` for a
            LocalCluster of ``workers`` processes, or None for the local process pool.
        retry_failed: read again the files in quarantine (skipped otherwise when unchanged).
        collectivite: the publishing body's name, replacing the one read in each new document.
        siret: the publishing body's SIRET (checked by the caller), recorded for each new
            document (see :mod:`registre.store.bodies`).
    """

    workers: int | None = None
    ocr: str = "auto"
    scheduler: str | None = None
    retry_failed: bool = False
    collectivite: str | None = None
    siret: str | None = None

    def resolved_workers(self) -> int:
        return max(1, self.workers or os.cpu_count() or 1)

    def ocr_jobs(self) -> int:
        """Tesseract processes per worker: the cores are shared, not multiplied."""
        return max(1, (os.cpu_count() or 1) // self.resolved_workers())


DEFAULT_PROGRESS_SAVE_S = 2.0  # how often a running import saves its counts


@dataclass
class ImportSummary:
    """What an import did.

    Attributes:
        import_id: its row in ``imports``.
        new: files archived; skipped: files already archived (or already in quarantine);
        failed: files put in quarantine by this run; still_quarantined: files skipped because
        an earlier run quarantined them unchanged; deliberations: deliberations added;
        pages: pages of the files archived; failures: (file, one-line reason) of this run.
    """

    import_id: int
    new: int = 0
    skipped: int = 0
    failed: int = 0
    still_quarantined: int = 0
    deliberations: int = 0
    pages: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def quarantined(self) -> int:
        """Files of this import that are in quarantine (new failures and known ones)."""
        return self.failed + self.still_quarantined


@dataclass(frozen=True)
class ImportProgress:
    """One file done, as the progress callback receives it.

    Attributes:
        path: the file (``a.zip!/x.pdf`` for a zip member).
        state: "new", "skipped" or "failed".
        pages: its pages when it was read (0 otherwise).
        done: files done so far, this one included; total: files found (an estimate that
            grows when nested zips hold more than their count).
    """

    path: str
    state: str
    pages: int
    done: int
    total: int


@dataclass(frozen=True)
class _Job:
    """One file for a worker: on disk (``path``) or as bytes (zip member, remote worker)."""

    name: str
    sha256: str
    path: str | None = None
    data: bytes | None = None
    ocr: str = "auto"
    ocr_jobs: int | None = None


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


def read(path: Path, *, ocr: str = "auto", ocr_jobs: int | None = None, sha256: str | None = None) -> Document:
    """Read a file into pages (OCR where the text layer is missing, as ``ocr`` says).

    ``sha256``, when given, is the file's hash already computed (see ``read_document``).

    Raises:
        BadInputError: the file is not a readable PDF or text file.
        MissingDependencyError: a page needs OCR and Tesseract or its French data is missing.
    """
    return read_document(path, ocr=ocr, ocr_pages=_ocr_function(ocr, ocr_jobs), sha256=sha256)


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


def _process(job: _Job) -> _Outcome:
    """Worker body: read and extract one file; a bad file comes back as data, not raised.

    A missing dependency is raised: it is the installation that is broken, not the file,
    and every later file would fail the same way.
    """
    outcome = _Outcome(job.name, job.sha256)
    with _local_file(job) as (path, user_name):
        try:
            document = read(path, ocr=job.ocr, ocr_jobs=job.ocr_jobs, sha256=job.sha256)
            if document.pages and len(document.unread_pages) == len(document.pages):
                outcome.error = f"{job.name}: no readable text ({'; '.join(document.notes[:3])})"
                return outcome  # nothing to archive but an image: quarantined with the reason
            outcome.stage = "extract"
            outcome.document = replace(document, path=Path(job.name))
            outcome.record = to_record(outcome.document)
        except MissingDependencyError:
            raise
        except RegistreError as e:
            outcome.error = user_name(str(e))
        except Exception as e:  # one broken file must not stop a bulk import
            log.debug("unexpected error on %s", job.name, exc_info=True)
            outcome.error = user_name(f"{job.name}: unexpected {type(e).__name__}: {e}")
    return outcome


@contextmanager
def _local_file(job: _Job) -> Iterator[tuple[Path, Callable[[str], str]]]:
    """The job's file on this machine, and a function that puts the user's name for it in a
    message. Bytes (a zip member, a file sent to a remote worker) go to a private temporary
    file for the reader, which wants a path (OCR tools do too)."""
    if job.data is None:
        yield Path(job.path or job.name), lambda message: message
        return
    suffix = PurePosixPath(job.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="registre-") as tmp:
        path = Path(tmp) / f"input{suffix if suffix in ('.pdf', '.txt') else ''}"
        path.write_bytes(job.data)
        with _logs_naming(str(path), job.name):
            yield path, lambda message: message.replace(str(path), job.name)


@contextmanager
def _logs_naming(tmp: str, name: str) -> Iterator[None]:
    """While a temporary copy is read, log messages (page warnings) name the user's file."""
    make_record = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        message = record.getMessage()
        if tmp in message:
            record.msg, record.args = message.replace(tmp, name), ()
        return record

    logging.setLogRecordFactory(factory)
    try:
        yield
    finally:
        logging.setLogRecordFactory(make_record)


def import_paths(paths: list[Path], archive, options: ImportOptions = ImportOptions(),
                 progress: Callable[[ImportProgress], None] | None = None) -> ImportSummary:
    """Import files, folders and zip archives into an open archive.

    Args:
        paths: files, folders (walked recursively) and .zip files (nested zips followed).
        archive: an open :class:`registre.store.archive.Archive`, written by this process only.
        options: workers or Dask scheduler, OCR mode, retry of quarantined files.
        progress: called with an :class:`ImportProgress` after each file.

    Returns:
        Counts of new, skipped and failed files; failures with their reasons.

    Raises:
        BadInputError: a given path does not exist.
        MissingDependencyError: a file needs a tool that is not installed (OCR), or the Dask
            workers lack Registre.
        ExternalToolError: the Dask scheduler cannot be reached.
        ArchiveError: the archive cannot be written.
    """
    files = list(discover(paths))
    run = _Run(archive, options, progress, total=count_inputs(files))
    summary = run.summary = ImportSummary(archive.start_import([str(p) for p in paths]))
    status = "interrupted"
    try:
        with make_runner(options.resolved_workers(), options.scheduler) as runner:
            jobs = run.jobs(expand_files(files), send_bytes=runner.remote)
            for job, result in runner.run(_process, jobs):
                run.store(job, result)
        status = "done"
    finally:
        summary.new = archive.imported_count(summary.import_id)
        archive.finish_import(summary.import_id, new=summary.new, skipped=summary.skipped,
                              failed=summary.failed, status=status)
    return summary


def quarantined_sources(archive) -> list[Path]:
    """The files to read again for ``--retry-failed`` without paths: the sources of the
    quarantined files that still exist (a zip, for a member of one), in quarantine order."""
    sources: dict[str, None] = {}
    for row in archive.quarantined():
        sources.setdefault(row["path"].split(MEMBER_SEP, 1)[0])
    return [Path(p) for p in sources if Path(p).exists()]


class _Run:
    """The writer's side of one import: which files to skip, what to store, counts, progress."""

    def __init__(self, archive, options: ImportOptions, progress, *, total: int):
        self.archive = archive
        self.options = options
        self.summary = ImportSummary(0)
        self.callback = progress
        self.total = total
        self.done = 0
        self.quarantine = {row["path"]: row["sha256"] for row in archive.quarantined()}
        self.in_flight: dict[str, list[str]] = {}  # hash sent to a worker -> other names met
        self.saved_at = time.monotonic()

    def jobs(self, inputs: Iterable[Input], *, send_bytes: bool) -> Iterator[_Job]:
        """The jobs for the workers: inputs not yet archived nor known bad, hash first."""
        for item in inputs:
            if item.refused:
                self.fail(item.name, None, item.refused, "discover")
                continue
            try:
                sha = item.sha256()
                data = item.data
                if send_bytes and data is None and item.path is not None:
                    data = item.path.read_bytes()
            except (BadInputError, OSError) as e:
                reason = str(e) if isinstance(e, BadInputError) else f"{item.name}: {e.strerror}"
                self.fail(item.name, None, reason, "read")
                continue
            if self.is_known(item, sha):
                continue
            self.in_flight[sha] = []
            yield _Job(item.name, sha, path=None if item.path is None else str(item.path),
                       data=data, ocr=self.options.ocr, ocr_jobs=self.options.ocr_jobs())

    def is_known(self, item: Input, sha: str) -> bool:
        """Skip a file archived (O(1)), sent to a worker already, or quarantined unchanged.

        A file archived whose kept original has gone missing gets it back."""
        name = item.name
        if self.archive.add_known_path(sha, name):
            source = item.data if item.data is not None else item.path
            if source is not None and self.archive.restore_original(sha, source, name=name):
                log.warning("%s: its kept original was missing and has been restored", name)
            if name in self.quarantine:  # archived after all (a retry, another copy)
                self.archive.clear_failure(name)
                del self.quarantine[name]
        elif sha in self.in_flight:  # same content as a file being read: its fate decides
            self.in_flight[sha].append(name)
            return True
        elif not self.options.retry_failed and self.quarantine.get(name) == sha:
            self.summary.still_quarantined += 1
        else:
            return False
        self.summary.skipped += 1
        self.report(name, "skipped")
        return True

    def store(self, job: _Job, result: _Outcome | WorkerCrashed) -> None:
        """Commit one worker's result, then settle the files found with the same content."""
        failure = self._store(job, result)
        for name in self.in_flight.pop(job.sha256, []):
            if failure is None:
                self.is_known(Input(name), job.sha256)
            else:
                self.fail(name, job.sha256, f"{name}: same content as {failure[0]}", failure[1])

    def _store(self, job: _Job, result: _Outcome | WorkerCrashed) -> tuple[str, str] | None:
        """The document in one transaction, or a quarantine row: then (reason, stage)."""
        if isinstance(result, WorkerCrashed):
            result = _Outcome(job.name, job.sha256, error=f"{job.name}: {result}")
        if result.error or result.record is None or result.document is None:
            reason = result.error or f"{job.name}: no record"
            self.fail(job.name, job.sha256, reason, result.stage)
            return reason, result.stage
        if self.archive.add_known_path(job.sha256, job.name):  # another process archived it
            self.summary.skipped += 1
            self.report(job.name, "skipped")
            return None
        if self.options.collectivite:
            result.record.collectivite = self.options.collectivite
        ids = self.archive.add_document(result.record, result.document,
                                        import_id=self.summary.import_id,
                                        extractor_version=EXTRACTOR_VERSION, original=job.data)
        if self.options.siret:
            bodies.assign(self.archive, job.sha256, siret=self.options.siret,
                          collectivite=self.options.collectivite)
        if self.quarantine.pop(job.name, False) is not False:
            self.archive.clear_failure(job.name)
        self.summary.new += 1
        self.summary.deliberations += len(ids)
        self.summary.pages += result.record.pages
        self.report(job.name, "new", result.record.pages)
        return None

    def fail(self, name: str, sha: str | None, reason: str, stage: str) -> None:
        reason = " ".join(reason.split())  # one line, whatever a library said
        self.archive.record_failure(name, sha, reason, stage, import_id=self.summary.import_id)
        self.quarantine[name] = sha
        self.summary.failed += 1
        self.summary.failures.append((name, reason))
        self.report(name, "failed")

    def report(self, name: str, state: str, pages: int = 0) -> None:
        self.done += 1
        self.total = max(self.total, self.done)
        if self.callback:
            self.callback(ImportProgress(name, state, pages, self.done, self.total))
        if time.monotonic() - self.saved_at >= DEFAULT_PROGRESS_SAVE_S:
            self.saved_at = time.monotonic()
            self.archive.record_import_progress(self.summary.import_id, new=self.summary.new,
                                                skipped=self.summary.skipped,
                                                failed=self.summary.failed)
