"""Originals kept byte for byte, content-addressed: ``<archive>.files/<sha[:2]>/<sha256>``."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from registre.errors import ArchiveError

_CHUNK = 1 << 20


def files_dir_of(archive: Path) -> Path:
    """Return the folder of an archive's originals: ``<archive path>.files``."""
    return archive.with_name(archive.name + ".files")


def original_path(files_dir: Path, sha256: str) -> Path:
    """Return where the original with this hash is (or would be) kept.

    Args:
        files_dir: the archive's originals folder (``<archive>.files``).
        sha256: the file's hash, 64 hex characters.

    Returns:
        ``files_dir / sha256[:2] / sha256``.
    """
    return files_dir / sha256[:2] / sha256


def store_original(files_dir: Path, sha256: str, source: Path | bytes, *, name: str) -> Path | None:
    """Copy an original into the archive atomically and check its hash.

    The bytes go to a temporary file in the destination folder, are fsynced, then renamed
    into place, so a reader never sees a partial original.

    Args:
        files_dir: the archive's originals folder.
        sha256: the hash the file must have.
        source: the file to copy, or its bytes.
        name: the user's name for the file, for messages.

    Returns:
        The path written, or None when an identical copy was already there.

    Raises:
        ArchiveError: the source cannot be read, or its hash is not ``sha256`` (it changed
            since it was read), or the copy cannot be written.
    """
    dest = original_path(files_dir, sha256)
    if dest.exists() and file_sha256(dest) == sha256:
        return None
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=dest.parent)
    except OSError as e:
        raise ArchiveError(f"cannot write originals under {files_dir}: {e.strerror}") from e
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            digest = _copy(source, out, name=name)
            out.flush()
            os.fsync(out.fileno())
        if digest != sha256:
            raise ArchiveError(f"{name} changed while it was being imported: import it again")
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(dest.parent)
    return dest


def file_sha256(path: Path) -> str:
    """Return the sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy(source: Path | bytes, out: BinaryIO, *, name: str) -> str:
    """Write ``source`` to ``out`` and return the sha256 of what was written."""
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
        out.write(source)
        return digest.hexdigest()
    try:
        with open(source, "rb") as f:
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                digest.update(chunk)
                out.write(chunk)
    except OSError as e:
        raise ArchiveError(f"cannot keep a copy of {name}: {e.strerror or e}") from e
    return digest.hexdigest()


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
