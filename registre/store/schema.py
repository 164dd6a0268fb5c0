"""The archive's SQLite schema and its forward migrations.

The schema version lives in ``PRAGMA user_version``. :data:`MIGRATIONS` is an append-only list:
entry ``i`` takes an archive from version ``i`` to ``i + 1``. Never edit a released entry;
add a new one (and a test) instead.

Full text lives in ``deliberations_fts``, a *contentless* FTS5 table (``content=''``) whose
rowid is the deliberation id. It indexes five columns: the objet, the body text and the names
of people as written, and stemmed shadows of objet and body (see :mod:`registre.store.stemming`).
Snippets are cut in Python from ``deliberations.text``, so no text is stored twice.
``search_terms`` lists every folded word indexed, so that ``prefix*`` is expanded into the
words that exist (FTS5 would otherwise merge the lists of all of them at every use).

Two covering indexes hold every filtered column: ``deliberations_date`` (by séance date, to
walk newest first) and ``deliberations_by_id`` (to check the filters of a full-text match
without reading the deliberation's row and its long text; it also holds the objet, which
ranks the matches of common words).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from registre.errors import ArchiveError

FTS_TABLE = "deliberations_fts"
FTS_COLUMNS = ("objet", "body", "names", "objet_stem", "body_stem")
# bm25 weights, in FTS_COLUMNS order: objet above body, exact words above their stems.
COVER_INDEX = "deliberations_by_id"
BM25_WEIGHTS = (10.0, 1.0, 4.0, 5.0, 0.5)

# Deliberation fields stored as JSON text.
JSON_FIELDS = ("presents_noms", "absents_noms", "procurations", "articles", "confidence", "checks")

DELIBERATION_COLUMNS = (
    "id", "sha256", "position",
    "numero", "objet", "instance",
    "date_seance", "heure_seance", "date_convocation", "date_affichage", "date_transmission",
    "lieu", "president", "secretaire",
    "membres_en_exercice", "presents", "representes", "votants",
    "presents_noms", "absents_noms", "procurations",
    "vote_pour", "vote_contre", "vote_abstention", "unanimite", "decision", "nb_articles",
    "articles", "matiere_code", "matiere_nom", "page_start", "page_end", "confidence", "checks",
    "text", "extractor_version", "collectivite", "doc_type",
)  # fmt: skip

PERSON_ROLES = ("present", "absent", "president", "secretaire", "mandant", "mandataire")

_V1 = f"""
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    paths TEXT NOT NULL DEFAULT '[]',
    new INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    paths TEXT NOT NULL DEFAULT '[]',
    size INTEGER,
    kind TEXT,
    pages INTEGER,
    ocr INTEGER NOT NULL DEFAULT 0,
    doc_type TEXT,
    collectivite TEXT,
    siren TEXT,
    status TEXT NOT NULL DEFAULT 'ok',
    error TEXT,
    unread_pages TEXT NOT NULL DEFAULT '[]',
    imported_at TEXT NOT NULL,
    import_id INTEGER REFERENCES imports(id)
);
CREATE TABLE pages (
    sha256 TEXT NOT NULL REFERENCES documents(sha256),
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL,
    ocr_confidence REAL,
    note TEXT,
    PRIMARY KEY (sha256, number)
);
CREATE TABLE deliberations (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES documents(sha256),
    position INTEGER NOT NULL,
    numero TEXT, objet TEXT, instance TEXT COLLATE NOCASE,
    date_seance TEXT, heure_seance TEXT, date_convocation TEXT, date_affichage TEXT,
    date_transmission TEXT,
    lieu TEXT, president TEXT, secretaire TEXT,
    membres_en_exercice INTEGER, presents INTEGER, representes INTEGER, votants INTEGER,
    presents_noms TEXT, absents_noms TEXT, procurations TEXT,
    vote_pour INTEGER, vote_contre INTEGER, vote_abstention INTEGER,
    unanimite INTEGER, decision TEXT, nb_articles INTEGER,
    articles TEXT NOT NULL DEFAULT '[]', matiere_code TEXT, matiere_nom TEXT,
    page_start INTEGER, page_end INTEGER,
    confidence TEXT NOT NULL DEFAULT '{{}}', checks TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL DEFAULT '',
    extractor_version TEXT NOT NULL DEFAULT '',
    collectivite TEXT COLLATE NOCASE, doc_type TEXT
);
CREATE TABLE persons (
    deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE TABLE articles (
    deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (deliberation_id, number)
);
CREATE TABLE provenance (
    deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
    field TEXT NOT NULL,
    page INTEGER,
    start INTEGER,
    "end" INTEGER,
    confidence REAL
);
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    note TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE quarantine (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    import_id INTEGER REFERENCES imports(id),
    created_at TEXT NOT NULL
);
CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE INDEX deliberations_sha256 ON deliberations(sha256, position);
CREATE INDEX deliberations_date ON deliberations(
    date_seance, id, collectivite, instance, decision, matiere_code, matiere_nom, unanimite
);
CREATE INDEX deliberations_by_id ON deliberations(
    id, date_seance, collectivite, instance, decision, matiere_code, matiere_nom, unanimite,
    objet
);
CREATE INDEX deliberations_collectivite ON deliberations(collectivite, date_seance);
CREATE INDEX deliberations_instance ON deliberations(instance, date_seance);
CREATE INDEX deliberations_decision ON deliberations(decision, date_seance);
CREATE INDEX deliberations_matiere ON deliberations(matiere_code, date_seance);
CREATE INDEX deliberations_unanimite ON deliberations(unanimite, date_seance);
CREATE INDEX persons_deliberation ON persons(deliberation_id);
CREATE INDEX persons_name ON persons(name_key);
CREATE INDEX provenance_deliberation ON provenance(deliberation_id);
CREATE INDEX corrections_deliberation ON corrections(deliberation_id);
CREATE INDEX documents_import ON documents(import_id);
CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
    {", ".join(FTS_COLUMNS)},
    content='', tokenize='unicode61 remove_diacritics 2'
);
"""

# Version 2: corrections keep the machine's current value and confidence for the field
# (what ``--undo`` restores, kept up to date by re-extraction) and when they were undone or
# replaced; at most one correction per field is active (``undone_at IS NULL``).
_V2 = """
ALTER TABLE corrections ADD COLUMN machine_value TEXT;
ALTER TABLE corrections ADD COLUMN machine_confidence REAL;
ALTER TABLE corrections ADD COLUMN undone_at TEXT;
CREATE INDEX corrections_active ON corrections(deliberation_id, field) WHERE undone_at IS NULL;
"""

# Version 3: the word boxes of OCRed pages (``registre.store.page_words``), which show on the
# page image where a value was read; text-layer pages need none (their original says it).
_V3 = """
CREATE TABLE page_words (
    sha256 TEXT NOT NULL REFERENCES documents(sha256),
    number INTEGER NOT NULL,
    words BLOB NOT NULL,
    PRIMARY KEY (sha256, number)
);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    """Return the archive's schema version (``PRAGMA user_version``).

    Args:
        conn: an open connection.

    Returns:
        The version; 0 for a new, empty database.
    """
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to :data:`SCHEMA_VERSION`, one migration per transaction.

    Args:
        conn: a connection in autocommit mode (``isolation_level=None``).

    Returns:
        The number of migrations applied.
    """
    start = user_version(conn)
    for version in range(start, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION - start


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (our DDL holds no ';' inside literals)."""
    return [s.strip() for s in script.split(";\n") if s.strip()]


_SQLITE_MAGIC = b"SQLite format 3\x00"
_BUSY_TIMEOUT_MS = 10_000
_CACHE_KIB = -65_536  # 64 MiB of page cache (negative: KiB)


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open (or create) an archive file and bring its schema up to date.

    Args:
        path: the SQLite file.
        create: when False, a missing file is an error.

    Returns:
        A connection in autocommit mode, WAL journal, foreign keys on.

    Raises:
        ArchiveError: a folder, a missing file (``create=False``), not SQLite, an SQLite file
            that is not a Registre archive, a newer schema version, or any SQLite failure.
    """
    _check_file(path, create=create)
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        _check_version(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = {_CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except sqlite3.Error as e:
        conn.close()
        raise ArchiveError(f"cannot open archive {path}: {e}") from e
    except BaseException:
        conn.close()
        raise
    return conn


def _check_file(path: Path, *, create: bool) -> None:
    """Refuse folders, missing files (unless creating) and files that are not SQLite."""
    if path.is_dir():
        raise ArchiveError(f"{path} is a folder: give the archive's file name (archive.db)")
    if not path.exists():
        if not create:
            raise ArchiveError(f"no archive at {path}: import files into it first")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ArchiveError(f"cannot create archive {path}: {e.strerror}") from e
        return
    try:
        with open(path, "rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as e:
        raise ArchiveError(f"cannot read archive {path}: {e.strerror}") from e
    if head and head != _SQLITE_MAGIC:
        raise ArchiveError(f"{path} is not a Registre archive (not an SQLite database)")


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse archives of a newer schema and SQLite files that are not Registre archives."""
    version = user_version(conn)
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"archive {path} has schema version {version}, newer than this Registre's"
            f" ({SCHEMA_VERSION}): upgrade Registre to open it"
        )
    if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise ArchiveError(f"{path} is an SQLite database but not a Registre archive")
