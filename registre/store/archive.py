"""The SQLite archive: schema, writes (one transaction per document), originals, reads.

One :class:`Archive` is one connection (sqlite-utils ``Database``) in WAL mode. Writes go
through :meth:`Archive.add_document`: the document, its pages, its deliberations with their
persons, articles and provenance, and their full-text rows land in one transaction, and the
original file is copied (content-addressed) before that transaction commits — a committed
document always has its original.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from registre.errors import ArchiveError, NotFoundError
from registre.model import Document, Record
from registre.store import integrity, reader, rows, writer
from registre.store.filters import SearchFilters, build_filters
from registre.store.originals import files_dir_of, original_path, store_original
from registre.store.schema import FTS_TABLE, connect

if TYPE_CHECKING:
    from typing_extensions import Self


class Archive:
    """A Registre archive: one SQLite file plus the folder of originals beside it."""

    def __init__(self, db: sqlite_utils.Database, path: Path):
        self.db = db
        self.path = path

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> Archive:
        """Open an archive, creating it (and migrating its schema) when needed.

        Args:
            path: the SQLite file.
            create: when False, a missing file is an error instead of a new archive.

        Returns:
            The open archive.

        Raises:
            ArchiveError: the file is not SQLite, not a Registre archive, of a newer schema
                version, missing (``create=False``), or cannot be opened.
        """
        path = Path(path)
        conn = connect(path, create=create)
        return cls(sqlite_utils.Database(conn), path)

    @property
    def conn(self) -> sqlite3.Connection:
        """The underlying connection (autocommit; use :meth:`transaction` to write)."""
        return self.db.conn

    @property
    def files_dir(self) -> Path:
        """The folder of originals, ``<archive path>.files``."""
        return files_dir_of(self.path)

    def close(self) -> None:
        """Close the connection (after a bounded ``PRAGMA optimize`` of the planner's stats)."""
        try:
            self.conn.execute("PRAGMA analysis_limit = 1000")
            self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block in one write transaction: all of it commits or none of it does.

        Yields:
            The connection.

        Raises:
            ArchiveError: the archive is locked by another writer for too long, or SQLite
                failed (disk full…); the transaction is then rolled back.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise ArchiveError(f"archive {self.path} is busy ({e}): wait for the other run") from e
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as e:
            self._rollback()
            raise ArchiveError(f"cannot write to archive {self.path}: {e}") from e
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- writing -----------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        """Return True when a file with this hash is already archived (primary-key lookup)."""
        sql = "SELECT 1 FROM documents WHERE sha256 = ?"
        return self.conn.execute(sql, (sha256,)).fetchone() is not None

    def add_document(
        self,
        record: Record,
        document: Document,
        *,
        import_id: int | None = None,
        extractor_version: str = "",
        original: Path | bytes | None = None,
    ) -> list[int]:
        """Archive one parsed file, all or nothing.

        Args:
            record: the parsed file (fields of its deliberations).
            document: the file as read (pages, size, kind, path).
            import_id: the import run, from :meth:`start_import`.
            extractor_version: version of the extractor, kept with each deliberation.
            original: the original's bytes or file when ``document.path`` is not it
                (a member of a zip, for example).

        Returns:
            The new deliberation ids; [] when the file was already archived (its path is
            then added to the document's known paths).

        Raises:
            ArchiveError: the original cannot be kept or the archive cannot be written;
                nothing is left half-written.
        """
        items = [(record, document, original)]
        return self._add(items, import_id, extractor_version, keep_originals=True)[0]

    def add_documents(
        self,
        pairs: Iterable[tuple[Record, Document]],
        *,
        import_id: int | None = None,
        extractor_version: str = "",
        keep_originals: bool = True,
    ) -> list[list[int]]:
        """Archive many parsed files in a single transaction (bulk loads, benchmarks).

        Args:
            pairs: (record, document) pairs.
            import_id: the import run.
            extractor_version: version of the extractor.
            keep_originals: False when the originals are kept elsewhere (no copy is made).

        Returns:
            The new deliberation ids of each pair, in order.

        Raises:
            ArchiveError: as :meth:`add_document`; then none of the files is archived.
        """
        items = [(record, document, None) for record, document in pairs]
        return self._add(items, import_id, extractor_version, keep_originals=keep_originals)

    def _add(
        self,
        items: list[tuple[Record, Document, Path | bytes | None]],
        import_id: int | None,
        extractor_version: str,
        *,
        keep_originals: bool,
    ) -> list[list[int]]:
        written: list[Path] = []
        results: list[list[int]] = []
        try:
            with self.transaction():
                for record, document, original in items:
                    if writer.add_path_if_known(self.conn, record):
                        results.append([])
                        continue
                    ids = writer.insert_document(
                        self.conn,
                        record,
                        document,
                        import_id=import_id,
                        extractor_version=extractor_version,
                    )
                    results.append(ids)
                    if keep_originals:
                        source = document.path if original is None else original
                        new = store_original(
                            self.files_dir, record.sha256, source, name=record.file
                        )
                        written += [new] if new else []
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        return results

    def record_failure(
        self,
        path: Path | str,
        sha256: str | None,
        reason: str,
        stage: str,
        import_id: int | None = None,
    ) -> None:
        """Put a file in quarantine with its reason (replacing an earlier entry for it).

        Args:
            path: the file, as the user named it.
            sha256: its hash when known.
            reason: one line saying what is wrong.
            stage: where it failed (discover, read, extract, store…).
            import_id: the import run.
        """
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO quarantine"
                " (path, sha256, stage, reason, import_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (str(path), sha256, stage, reason, import_id, rows.now()),
            )

    def start_import(self, paths: list[str]) -> int:
        """Record the start of an import run.

        Args:
            paths: the folders and files the user asked to import.

        Returns:
            The run's id.
        """
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO imports (started_at, paths) VALUES (?, ?)",
                (rows.now(), rows.dumps([str(p) for p in paths])),
            )
            return int(cur.lastrowid or 0)

    def finish_import(
        self, import_id: int, *, new: int, skipped: int, failed: int, status: str = "done"
    ) -> None:
        """Record the end of an import run and its counts.

        Args:
            import_id: from :meth:`start_import`.
            new: files archived.
            skipped: files already in the archive.
            failed: files quarantined.
            status: "done", "interrupted"…
        """
        with self.transaction() as conn:
            conn.execute(
                "UPDATE imports SET finished_at = ?, new = ?, skipped = ?, failed = ?,"
                " status = ? WHERE id = ?",
                (rows.now(), new, skipped, failed, status, import_id),
            )

    def imported_count(self, import_id: int) -> int:
        """How many documents an import run archived, as committed (an interruption may land
        between a document's commit and the run's own count of it)."""
        return self.conn.execute("SELECT count(*) FROM documents WHERE import_id = ?", (import_id,)).fetchone()[0]

    # -- bulk import: known paths, quarantine, progress, originals ---------------------

    def add_known_path(self, sha256: str, path: str) -> bool:
        """If a file with this hash is archived, remember ``path`` as one of its names.

        Args:
            sha256: the file's hash.
            path: a name it was found under.

        Returns:
            True when the file is archived (primary-key lookup; a write only for a new name).
        """
        row = self.conn.execute("SELECT paths FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            return False
        paths = json.loads(row[0] or "[]")
        if path not in paths:
            with self.transaction() as conn:
                conn.execute("UPDATE documents SET paths = ? WHERE sha256 = ?",
                             (rows.dumps([*paths, path]), sha256))
        return True

    def restore_original(self, sha256: str, source: Path | bytes, *, name: str) -> bool:
        """Put back the kept copy of an archived file when it is missing (a stat otherwise).

        Args:
            sha256: the archived file's hash.
            source: the file, or its bytes, met again by an import.
            name: the user's name for it, for messages.

        Returns:
            True when a copy was written.

        Raises:
            ArchiveError: the source no longer has this hash, or the copy cannot be written.
        """
        if self.original_path(sha256).exists():
            return False
        return store_original(self.files_dir, sha256, source, name=name) is not None

    def quarantined(self) -> list[dict[str, Any]]:
        """List the files in quarantine, oldest first.

        Returns:
            Dicts with ``path``, ``sha256``, ``stage``, ``reason``, ``import_id``, ``created_at``.
        """
        sql = ("SELECT path, sha256, stage, reason, import_id, created_at FROM quarantine"
               " ORDER BY created_at, path")
        return [dict(row) for row in self.select(sql)]

    def clear_failure(self, path: Path | str) -> None:
        """Take a file out of quarantine (it was imported after all)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM quarantine WHERE path = ?", (str(path),))

    def record_import_progress(self, import_id: int, *, new: int, skipped: int,
                               failed: int) -> None:
        """Save a running import's counts, so that a killed run still tells what it did."""
        with self.transaction() as conn:
            conn.execute("UPDATE imports SET new = ?, skipped = ?, failed = ? WHERE id = ?",
                         (new, skipped, failed, import_id))

    def verify_originals(self) -> dict[str, Any]:
        """Re-hash every kept original against the hash it is archived under.

        Returns:
            ``checked`` (int), ``missing`` and ``altered`` (lists of {sha256, path}) and
            ``unreferenced`` (files in the originals folder that no document names, such as
            the copy of a file whose import was killed before it committed).
        """
        return integrity.verify_originals(self.conn, self.files_dir)

    # -- reading -----------------------------------------------------------------------

    def select(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """Run a read query whose rows index by column name (``sqlite3.Row``).

        Args:
            sql: the query.
            params: its parameters.

        Returns:
            The cursor, ready to iterate.
        """
        return reader.select(self.conn, sql, params)

    def get_deliberation(self, id: int) -> dict[str, Any]:
        """Return every field of one deliberation, with its file, original and people.

        Args:
            id: the deliberation id.

        Returns:
            The fields (lists decoded, ``unanimite`` as bool), plus ``file`` (the path it
            was imported from), ``paths`` (every path seen), ``original`` (the kept copy),
            ``provenance`` (list of dicts) and ``persons`` (role -> names).

        Raises:
            NotFoundError: no deliberation has this id.
        """
        sql = f"{reader.SELECT_FULL} WHERE d.id = ?"
        found = list(reader.iter_full(self.conn, sql, [id], self.original_path))
        if not found:
            raise NotFoundError(f"no deliberation with id {id} in {self.path}")
        return found[0]

    def iter_deliberations(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Yield the deliberations kept by the filters, by séance date then id.

        Args:
            **filters: any field of :class:`~registre.store.filters.SearchFilters`.

        Yields:
            Dicts shaped like :meth:`get_deliberation`'s.

        Raises:
            BadInputError: an unknown filter or a malformed value.
        """
        where = build_filters(self.conn, SearchFilters.from_kwargs(**filters))
        sql = f"{reader.SELECT_FULL} {where.where()} ORDER BY d.date_seance, d.id"
        yield from reader.iter_full(self.conn, sql, where.params, self.original_path)

    def stats(self) -> dict[str, Any]:
        """Count what the archive holds.

        Returns:
            Integers ``documents``, ``deliberations``, ``quarantined``, ``pages``,
            ``ocr_pages``, and dicts ``by_year``, ``by_collectivite``, ``by_instance``,
            ``by_decision`` (value -> count; a missing value counts under "unknown").
        """
        return reader.stats(self.conn)

    def original_path(self, sha256: str) -> Path:
        """Return where the original of the file with this hash is kept."""
        return original_path(self.files_dir, sha256)

    # -- maintenance -------------------------------------------------------------------

    def optimize(self) -> None:
        """Merge the full-text index into one segment and refresh the planner's statistics.

        Worth running after a large import: searches get faster.
        """
        self.conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        self.conn.execute("ANALYZE")

    def rebuild_search_index(self) -> int:
        """Rebuild the full-text index from the stored deliberations and names.

        Needed when the stemming changes (``stemming.STEM_VERSION``).

        Returns:
            The number of deliberations indexed.
        """
        with self.transaction() as conn:
            return writer.rebuild_fts(conn)
