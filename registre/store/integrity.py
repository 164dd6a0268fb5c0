"""Checks that the originals kept beside an archive are all there, byte for byte."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from registre.store.originals import file_sha256, original_path


def verify_originals(conn: sqlite3.Connection, files_dir: Path) -> dict[str, Any]:
    """Re-hash every original that a document names, and list the files none names.

    Args:
        conn: the archive's connection.
        files_dir: its originals folder (``<archive>.files``).

    Returns:
        ``checked``: originals re-hashed; ``missing`` and ``altered``: lists of
        ``{"sha256", "path", "original"}`` (the document's path and where its copy should be);
        ``unreferenced``: paths of files in the folder that no document names (a copy left by
        a run killed before its commit, or a stray file).
    """
    missing: list[dict[str, str]] = []
    altered: list[dict[str, str]] = []
    expected: set[Path] = set()
    checked = 0
    for sha256, path in conn.execute("SELECT sha256, path FROM documents ORDER BY sha256"):
        kept = original_path(files_dir, sha256)
        expected.add(kept)
        entry = {"sha256": sha256, "path": path, "original": str(kept)}
        try:
            digest = file_sha256(kept)
        except FileNotFoundError:
            missing.append(entry)
            continue
        except OSError:
            altered.append(entry)  # there but unreadable: as good as altered
            continue
        checked += 1
        if digest != sha256:
            altered.append(entry)
    stray = [str(p) for p in sorted(files_dir.rglob("*")) if p.is_file() and p not in expected] \
        if files_dir.is_dir() else []
    return {"checked": checked, "missing": missing, "altered": altered, "unreferenced": stray}
