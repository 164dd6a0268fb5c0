"""Who published what: the body (name, SIRET) a document was imported for.

``registre import --collectivite NAME --siret SIRET`` records, for each new document, the body
that published it. The identity lives in two small tables of its own, created on first write
(``CREATE TABLE IF NOT EXISTS``), so that the archive's schema and migrations stay untouched:

- ``bodies`` (siret primary key, siren, collectivite): one row per body;
- ``document_bodies`` (sha256 primary key, siret): the body of each document.

The SIREN printed in an @ctes stamp stays in ``documents.siren``; :func:`identity` returns both.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

_CREATE = (
    "CREATE TABLE IF NOT EXISTS bodies ("
    " siret TEXT PRIMARY KEY, siren TEXT NOT NULL, collectivite TEXT)",
    "CREATE TABLE IF NOT EXISTS document_bodies ("
    " sha256 TEXT PRIMARY KEY REFERENCES documents(sha256),"
    " siret TEXT NOT NULL REFERENCES bodies(siret))",
)


@dataclass(frozen=True)
class Identity:
    """What the archive knows of the body behind one document.

    Attributes:
        siret: the SIRET recorded at import (``--siret``), or None.
        siren: the SIREN of that SIRET, else the one read in an @ctes stamp, or None.
        collectivite: the body's name given with the SIRET at import (``--collectivite``), or None.
        stamp_siren: the SIREN read in the document's @ctes stamp, or None.
    """

    siret: str | None = None
    siren: str | None = None
    collectivite: str | None = None
    stamp_siren: str | None = None


def assign(archive, sha256: str, *, siret: str, collectivite: str | None = None) -> None:
    """Record that a document was published by the body with this SIRET, in one transaction.

    Args:
        archive: the open :class:`~registre.store.archive.Archive`.
        sha256: the document (already archived).
        siret: the body's SIRET (checked by the caller).
        collectivite: the body's name as the user gave it (not as read in a document), kept
            with the SIRET when given.

    Raises:
        ArchiveError: the archive cannot be written.
    """
    with archive.transaction() as conn:
        for statement in _CREATE:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO bodies (siret, siren, collectivite) VALUES (?, ?, ?)"
            " ON CONFLICT(siret) DO UPDATE SET"
            " collectivite = coalesce(excluded.collectivite, bodies.collectivite)",
            (siret, siret[:9], collectivite),
        )
        conn.execute(
            "INSERT OR REPLACE INTO document_bodies (sha256, siret) VALUES (?, ?)",
            (sha256, siret),
        )


def has_tables(conn: sqlite3.Connection) -> bool:
    """Return True when the archive holds the identity tables (some import recorded a SIRET)."""
    sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'document_bodies'"
    return bool(conn.execute(sql).fetchone()[0])


class IdentityLookup:
    """Per-document identity, read once per document (exports read many deliberations each)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.with_bodies = has_tables(conn)
        self.cache: dict[str, Identity] = {}

    def __call__(self, sha256: str) -> Identity:
        """Return the identity of the document with this hash (empty when unknown)."""
        if sha256 not in self.cache:
            self.cache[sha256] = self._read(sha256)
        return self.cache[sha256]

    def _read(self, sha256: str) -> Identity:
        row = self.conn.execute("SELECT siren FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        stamp = row[0] if row and row[0] else None
        if self.with_bodies:
            found = self.conn.execute(
                "SELECT b.siret, b.siren, b.collectivite FROM document_bodies db"
                " JOIN bodies b ON b.siret = db.siret WHERE db.sha256 = ?",
                (sha256,),
            ).fetchone()
            if found:
                return Identity(found[0], found[1], found[2], stamp)
        return Identity(siren=stamp, stamp_siren=stamp)
