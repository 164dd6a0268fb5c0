"""Row writes for one parsed file; the caller (:class:`~registre.store.archive.Archive`) owns
the transaction around them."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from registre.model import Deliberation, Document, Record
from registre.store import rows
from registre.store.page_words import insert_page_words
from registre.store.schema import FTS_COLUMNS, FTS_TABLE

_INSERT_PAGE = (
    "INSERT OR REPLACE INTO pages (sha256, number, text, source, ocr_confidence, note)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_PERSON = "INSERT INTO persons (deliberation_id, name, name_key, role) VALUES (?, ?, ?, ?)"
_INSERT_ARTICLE = "INSERT INTO articles (deliberation_id, number, text) VALUES (?, ?, ?)"
_INSERT_PROVENANCE = (
    'INSERT INTO provenance (deliberation_id, field, page, start, "end", confidence)'
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_TERM = "INSERT OR IGNORE INTO search_terms (term) VALUES (?)"
_DELETE_FTS = (
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, {', '.join(FTS_COLUMNS)})"
    f" VALUES ('delete', ?, {', '.join('?' * len(FTS_COLUMNS))})"
)
_INSERT_FTS = (
    f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)})"
    f" VALUES (?, {', '.join('?' * len(FTS_COLUMNS))})"
)


def add_path_if_known(conn: sqlite3.Connection, record: Record) -> bool:
    """If the file is already archived, remember this new path for it.

    Args:
        conn: connection inside a write transaction.
        record: the parsed file.

    Returns:
        True when the file (same sha256) was already archived.
    """
    row = conn.execute("SELECT paths FROM documents WHERE sha256 = ?", (record.sha256,)).fetchone()
    if row is None:
        return False
    paths = json.loads(row[0] or "[]")
    if record.file not in paths:
        conn.execute(
            "UPDATE documents SET paths = ? WHERE sha256 = ?",
            (rows.dumps([*paths, record.file]), record.sha256),
        )
    return True


def insert_document(
    conn: sqlite3.Connection,
    record: Record,
    document: Document,
    *,
    import_id: int | None,
    extractor_version: str,
) -> list[int]:
    """Insert a new file's rows: document, pages, deliberations and what hangs off them.

    Args:
        conn: connection inside a write transaction.
        record: the parsed file.
        document: the file as read.
        import_id: the import run.
        extractor_version: version of the extractor.

    Returns:
        The new deliberation ids, in document order.
    """
    insert_row(conn, "documents", rows.document_row(record, document, import_id))
    conn.executemany(_INSERT_PAGE, rows.page_rows(document))
    insert_page_words(conn, document)
    return [
        insert_deliberation(conn, delib, record, position, extractor_version)
        for position, delib in enumerate(record.deliberations, start=1)
    ]


def insert_deliberation(
    conn: sqlite3.Connection,
    delib: Deliberation,
    record: Record,
    position: int,
    extractor_version: str,
) -> int:
    """Insert one deliberation with its persons, articles, provenance and full-text row.

    Returns:
        The new deliberation id.
    """
    row = rows.deliberation_row(delib, record, position, extractor_version)
    delib_id = insert_row(conn, "deliberations", row)
    people = rows.person_rows(delib_id, delib)
    conn.executemany(_INSERT_PERSON, people)
    conn.executemany(_INSERT_ARTICLE, rows.article_rows(delib_id, delib))
    conn.executemany(_INSERT_PROVENANCE, rows.provenance_rows(delib_id, delib))
    insert_fts(conn, delib_id, *rows.fts_values(delib.objet, delib.text, [p[1] for p in people]))
    return delib_id


def update_deliberation(
    conn: sqlite3.Connection,
    delib_id: int,
    delib: Deliberation,
    row: dict[str, Any],
    *,
    provenance: bool = True,
) -> None:
    """Rewrite an archived deliberation in place: same id, new values, people, articles, index.

    Args:
        conn: connection inside a write transaction.
        delib_id: the deliberation's id.
        delib: its new values (persons, articles and provenance are taken from it).
        row: the columns to update (``rows.deliberation_row`` or ``rows.deliberation_values``).
        provenance: False keeps the stored provenance (a person's correction changes values,
            not where the machine read them).
    """
    delete_fts(conn, delib_id)
    for table in ("persons", "articles", *(("provenance",) if provenance else ())):
        conn.execute(f"DELETE FROM {table} WHERE deliberation_id = ?", (delib_id,))
    columns = ", ".join(f'"{c}" = ?' for c in row)
    conn.execute(f"UPDATE deliberations SET {columns} WHERE id = ?", [*row.values(), delib_id])
    people = rows.person_rows(delib_id, delib)
    conn.executemany(_INSERT_PERSON, people)
    conn.executemany(_INSERT_ARTICLE, rows.article_rows(delib_id, delib))
    if provenance:
        conn.executemany(_INSERT_PROVENANCE, rows.provenance_rows(delib_id, delib))
    insert_fts(conn, delib_id, *rows.fts_values(delib.objet, delib.text, [p[1] for p in people]))


def delete_deliberation(conn: sqlite3.Connection, delib_id: int) -> None:
    """Remove an archived deliberation and everything hanging off it (corrections included).

    Args:
        conn: connection inside a write transaction.
        delib_id: the deliberation's id.
    """
    delete_fts(conn, delib_id)
    for table in ("persons", "articles", "provenance", "corrections"):
        conn.execute(f"DELETE FROM {table} WHERE deliberation_id = ?", (delib_id,))
    conn.execute("DELETE FROM deliberations WHERE id = ?", (delib_id,))


def delete_fts(conn: sqlite3.Connection, delib_id: int) -> None:
    """Take one deliberation out of the contentless full-text index.

    FTS5 needs the values that were indexed: they are rebuilt from the stored row and names,
    as :func:`insert_deliberation` and :func:`rebuild_fts` computed them.
    """
    found = conn.execute("SELECT objet, text FROM deliberations WHERE id = ?", (delib_id,)).fetchone()
    if found is None:
        return
    sql = "SELECT name FROM persons WHERE deliberation_id = ? ORDER BY rowid"
    names = [name for (name,) in conn.execute(sql, (delib_id,))]
    values, _ = rows.fts_values(found[0], found[1], names)
    conn.execute(_DELETE_FTS, (delib_id, *values))


def insert_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    """Insert one row given as column -> value and return its rowid."""
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" * len(row))
    cur = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    return int(cur.lastrowid or 0)


def insert_fts(
    conn: sqlite3.Connection, delib_id: int, values: tuple[str, ...], vocabulary: set[str]
) -> None:
    """Index one deliberation and add its words to the vocabulary (see ``rows.fts_values``)."""
    conn.execute(_INSERT_FTS, (delib_id, *values))
    conn.executemany(_INSERT_TERM, zip(vocabulary))  # zip: the 1-tuples, built in C


def rebuild_fts(conn: sqlite3.Connection) -> int:
    """Empty the full-text index and index every stored deliberation again.

    Args:
        conn: connection inside a write transaction.

    Returns:
        The number of deliberations indexed.
    """
    conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
    conn.execute("DELETE FROM search_terms")
    sql = (
        "SELECT d.id, d.objet, d.text,"
        " (SELECT group_concat(name, char(31)) FROM persons p WHERE p.deliberation_id = d.id)"
        " FROM deliberations d"
    )
    count = 0
    for delib_id, objet, text, names in conn.execute(sql):
        names_list = names.split("\x1f") if names else []
        insert_fts(conn, delib_id, *rows.fts_values(objet, text, names_list))
        count += 1
    return count
