"""Where the reading and extraction work runs: here, in a local process pool, or on Dask.

A runner takes jobs and gives back each job with its result, in the order the jobs came,
keeping a bounded number in flight. The order is what makes an import's archive the same
(deliberation ids included) whichever runner did the work and however many workers it had;
the bound is what keeps memory flat on an import of millions of files.

A worker that dies (a native library crashing on a malformed file, the kernel's out-of-memory
killer) takes down only the file that killed it: the runner gives that job back with a
:class:`WorkerCrashed` result and runs the others again.

Each worker process loads the spaCy model at most once (``extract.ner.load`` is cached per
process, and pool and Dask workers live for the whole run).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

from registre.errors import ExternalToolError, MissingDependencyError

log = logging.getLogger(__name__)

J = TypeVar("J")
R = TypeVar("R")

DEFAULT_WINDOW_PER_WORKER = 8  # jobs in flight per worker: enough to hide one slow file
DEFAULT_CONNECT_TIMEOUT_S = 30
LOCAL = "local"
_CRASH = "the reader's process died on this file (crash or out of memory)"


class WorkerCrashed(Exception):
    """The process working on a job died; the job's file is the likely cause."""


class Runner(Generic[J, R]):
    """Runs ``fn`` over jobs and yields ``(job, result)`` in job order.

    Attributes:
        remote: True when workers may not see this machine's files (send the bytes).
    """

    remote = False

    def run(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[tuple[J, R | WorkerCrashed]]:
        raise NotImplementedError

    def close(self, *, abort: bool = False) -> None:
        """Release the workers; with ``abort``, stop them without waiting for their work."""

    def __enter__(self) -> Runner[J, R]:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(abort=exc_type is not None)


class InlineRunner(Runner[J, R]):
    """Runs every job in this process, one after the other (``--workers 1``)."""

    def run(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[tuple[J, R | WorkerCrashed]]:
        for job in jobs:
            yield job, fn(job)


class PoolRunner(Runner[J, R]):
    """A local pool of worker processes (``--workers N``).

    Workers are spawned, not forked: the parent holds an SQLite connection and, with a
    progress bar, a drawing thread, neither of which a forked child should inherit.
    """

    def __init__(self, workers: int, *, window: int | None = None):
        self.workers = workers
        self.window = window or max(4, workers * DEFAULT_WINDOW_PER_WORKER)
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is not None:
            # a broken pool's workers are useless; one it spawned for a job submitted as it broke
            # was never terminated and would wait for work forever, holding interpreter exit
            _terminate_workers(self._pool)
            self._pool.shutdown(wait=False, cancel_futures=True)
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=init_worker,
            initargs=(os.getpid(), logging.getLogger("registre").getEffectiveLevel()))
        return self._pool

    def run(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[tuple[J, R | WorkerCrashed]]:
        self._start()
        pending: deque[tuple[J, Future]] = deque()
        for job in jobs:
            pending.append((job, self._submit(fn, job)))
            while len(pending) >= self.window:
                yield self._next(fn, pending)
        while pending:
            yield self._next(fn, pending)

    def _submit(self, fn: Callable[[J], R], job: J) -> Future:
        assert self._pool is not None
        return _submit(self._pool, fn, job)

    def _next(self, fn: Callable[[J], R], pending: deque) -> tuple[J, R | WorkerCrashed]:
        job, future = pending.popleft()
        try:
            return job, future.result()
        except (BrokenProcessPool, CancelledError):  # cancelled: its pool was replaced meanwhile
            return job, self._recover(fn, job, pending)

    def _recover(self, fn: Callable[[J], R], job: J, pending: deque) -> R | WorkerCrashed:
        """Run the head job again alone in a fresh pool, then resubmit the jobs lost with the
        old one. A job that kills its worker when alone is the culprit."""
        log.warning("a worker process died; running the files in flight again")
        pool = self._start()
        try:
            result: R | WorkerCrashed = pool.submit(fn, job).result()
        except BrokenProcessPool:
            result = WorkerCrashed(_CRASH)
            pool = self._start()
        for i, (other, future) in enumerate(pending):
            if not (future.done() and not future.cancelled() and future.exception() is None):
                pending[i] = (other, _submit(pool, fn, other))
        return result

    def close(self, *, abort: bool = False) -> None:
        if self._pool is None:
            return
        if abort:  # Ctrl-C, SIGTERM: do not wait for files being read (OCR can take minutes)
            _terminate_workers(self._pool)
        # Waiting for the pool's own thread even on abort (its workers are gone, so it ends at
        # once): left running, it writes to a closed pipe at interpreter exit and prints a
        # traceback after an otherwise clean interruption.
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    """End a pool's worker processes now, whatever they are doing (the pool keeps no public list)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # None once shut down
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=10)


def _submit(pool: ProcessPoolExecutor, fn: Callable[[J], R], job: J) -> Future:
    """Submit ``job``; a pool that a job submitted just before has already broken gives a
    future failed with BrokenProcessPool, which ``_next`` recovers from like any other (raised
    here, it would escape the run)."""
    try:
        return pool.submit(fn, job)
    except BrokenProcessPool as e:
        failed: Future = Future()
        failed.set_exception(e)
        return failed


def init_worker(parent_pid: int, log_level: int = logging.WARNING) -> None:
    """Set up a pool worker: Ctrl-C is the parent's to handle, and the worker ends with it.

    Args:
        parent_pid: the importing process; when it is gone (kill -9), the worker exits
            instead of waiting forever for work.
        log_level: the parent's level for Registre's loggers (``--verbose``).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=log_level, format="%(levelname)s %(name)s: %(message)s")
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)


class DaskRunner(Runner[J, R]):
    """The same work on a Dask distributed cluster (``--scheduler ADDRESS`` or ``local``).

    ``local`` starts a LocalCluster of ``workers`` single-threaded processes on this machine,
    which reads the files where they are. A remote scheduler's workers may be on machines that
    do not see this one's files, so jobs carry the files' bytes (:attr:`remote`).
    """

    def __init__(self, address: str, workers: int, *, window: int | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:  # pragma: no cover - a dependency of the package
            raise MissingDependencyError("dask.distributed is not installed: "
                                         "pip install 'dask[distributed]'") from e
        self.remote = address != LOCAL
        self._cluster = None
        for name in ("distributed", "bokeh", "tornado"):
            logging.getLogger(name).setLevel(logging.ERROR)
        try:
            if self.remote:
                self._client = Client(address, timeout=DEFAULT_CONNECT_TIMEOUT_S)
            else:
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None,
                                             silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as e:
            raise ExternalToolError(f"cannot reach the Dask scheduler at {address} ({e}): start "
                                    "one with `dask scheduler`, or use --scheduler local") from e
        self._check_workers(address)
        threads = sum(self._client.nthreads().values()) or workers
        self.window = window or max(4, threads * DEFAULT_WINDOW_PER_WORKER)

    def _check_workers(self, address: str) -> None:
        """Every worker must have this version of Registre (they need only the package)."""
        from registre import __version__

        try:
            versions = self._client.run(worker_version)
        except Exception as e:
            self.close(abort=True)
            raise MissingDependencyError(
                f"the Dask workers at {address} cannot run Registre ({type(e).__name__}: {e}):"
                " pip install registre on every worker machine") from e
        wrong = {w: v for w, v in versions.items() if v != __version__}
        if wrong:
            self.close(abort=True)
            raise MissingDependencyError(f"Dask workers run another Registre version ({wrong}),"
                                         f" this one is {__version__}: install the same on each")

    def run(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[tuple[J, R | WorkerCrashed]]:
        pending: deque[tuple[J, Any]] = deque()
        for job in jobs:
            pending.append((job, self._client.submit(fn, job, pure=False)))
            while len(pending) >= self.window:
                yield self._next(pending)
        while pending:
            yield self._next(pending)

    @staticmethod
    def _next(pending: deque) -> tuple[Any, Any]:
        from distributed import KilledWorker

        job, future = pending.popleft()
        try:
            return job, future.result()
        except KilledWorker:
            return job, WorkerCrashed(_CRASH)
        finally:
            future.release()

    def close(self, *, abort: bool = False) -> None:
        client, cluster = getattr(self, "_client", None), self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def worker_version() -> str:
    """Registre's version as a Dask worker sees it."""
    from registre import __version__

    return __version__


def make_runner(workers: int, scheduler: str | None = None) -> Runner:
    """Choose the runner for an import.

    Args:
        workers: local worker processes (1: in this process).
        scheduler: a Dask scheduler address, ``"local"``, or None for no Dask.

    Returns:
        The runner (a context manager).

    Raises:
        ExternalToolError: the Dask scheduler cannot be reached.
        MissingDependencyError: its workers lack Registre.
    """
    if scheduler:
        return DaskRunner(scheduler, workers)
    return InlineRunner() if workers <= 1 else PoolRunner(workers)
