"""Zip archives: their members read in memory, nested zips followed, unsafe archives refused.

Nothing is extracted to disk: a member's bytes are read (bounded) from the archive and handed
on as they are, so an entry named ``../../etc/passwd`` could do no harm here; it is refused all
the same, because an archive that holds one was not made by an honest tool. A zip whose
declared sizes are absurd (a zip bomb: many gigabytes, or a member that expands a hundredfold
or more) is refused whole before anything is decompressed; Python's reader never returns more
than a member declares, so the declared sizes bound the work done.

Member names are ``<zip>!/<member>`` (``a.zip!/2019/b.zip!/x.pdf`` for a nested zip), as jar
URLs write them, so that a folder named ``x.zip`` cannot be mistaken for the archive.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

log = logging.getLogger(__name__)

MEMBER_SEP = "!/"
DEFAULT_MAX_DEPTH = 4  # a zip inside a zip inside a zip inside a zip
DEFAULT_MAX_MEMBER_BYTES = 512 << 20  # one member, held in memory while it is read
DEFAULT_MAX_TOTAL_BYTES = 16 << 30  # everything a zip (nested ones included) expands to
DEFAULT_MAX_RATIO = 100  # a member that expands more than this is a bomb...
DEFAULT_RATIO_FLOOR_BYTES = 1 << 20  # ...when it expands to at least this much
DEFAULT_MAX_MEMBERS = 1_000_000
SNIFF_HEAD = 1024

_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError,
                OSError, EOFError, ValueError, zlib.error)


@dataclass(frozen=True)
class Member:
    """One file taken from a zip: its display name and bytes, or why it was refused."""

    name: str
    data: bytes | None = None
    refused: str | None = None


@dataclass(frozen=True)
class _Rules:
    wanted: Callable[[str], bool]
    hidden: Callable[[str], bool]


class _Budget:
    """Bytes a top-level zip may still expand to, shared with the zips nested in it."""

    def __init__(self, total: int):
        self.left = total


def is_zip_name(name: str) -> bool:
    """Say whether a file's name marks it as a zip archive (``.zip``, any case)."""
    return name.lower().endswith(".zip")


def count_members(path: Path) -> int:
    """Count the files a zip lists, from its central directory alone (for progress bars).

    Args:
        path: the zip file.

    Returns:
        Entries that are not folders (nested zips count as one); 1 when unreadable.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            return max(1, sum(1 for info in zf.infolist() if not info.is_dir()))
    except _READ_ERRORS:
        return 1


def read_zip(path: Path, *, wanted: Callable[[str], bool], hidden: Callable[[str], bool],
             max_total: int = DEFAULT_MAX_TOTAL_BYTES) -> Iterator[Member]:
    """Yield the members of a zip to import, nested zips expanded, refusals included.

    Args:
        path: the zip file on disk.
        wanted: says from a member's file name (no folder part) whether it is a candidate
            (.pdf, .txt); a member with another name is taken when its content starts as a
            PDF does.
        hidden: says whether a name (of the file or of a folder above it) is hidden or
            temporary; such members are left out.
        max_total: bytes the zip and the zips in it may expand to.

    Yields:
        :class:`Member` objects, in the archive's order; a refused member or archive carries
        its one-line reason (and no bytes).
    """
    name = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except _READ_ERRORS as e:
        yield Member(name, refused=f"{name}: not a readable zip archive ({_reason(e)})")
        return
    with zf:
        yield from _members(zf, name, 1, _Budget(max_total), _Rules(wanted, hidden))


def _members(zf: zipfile.ZipFile, name: str, depth: int, budget: _Budget,
             rules: _Rules) -> Iterator[Member]:
    try:
        infos = [info for info in zf.infolist() if not info.is_dir()]
    except _READ_ERRORS as e:  # pragma: no cover - infolist reads what ZipFile() already read
        yield Member(name, refused=f"{name}: damaged zip archive ({_reason(e)})")
        return
    problem = check_bomb(infos, budget.left)
    if problem:
        yield Member(name, refused=f"{name}: zip archive refused: {problem}")
        return
    budget.left -= sum(info.file_size for info in infos)
    for info in infos:
        yield from _member(zf, info, name, depth, budget, rules)


def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, depth: int,
            budget: _Budget, rules: _Rules) -> Iterator[Member]:
    inner = f"{name}{MEMBER_SEP}{info.filename}"
    if is_unsafe_member(info.filename):
        yield Member(inner, refused=f"{inner}: refused: its path would escape the target folder")
        return
    parts = PurePosixPath(info.filename.replace("\\", "/")).parts
    if any(rules.hidden(part) for part in parts) or parts[0] == "__MACOSX":
        return
    if is_zip_name(parts[-1]):
        yield from _nested(zf, info, inner, depth, budget, rules)
    elif rules.wanted(parts[-1]) or _starts_as_pdf(zf, info):
        yield _read_member(zf, info, inner)


def _nested(zf: zipfile.ZipFile, info: zipfile.ZipInfo, inner: str, depth: int,
            budget: _Budget, rules: _Rules) -> Iterator[Member]:
    if depth >= DEFAULT_MAX_DEPTH:
        yield Member(inner, refused=f"{inner}: refused: zips nested more than "
                                    f"{DEFAULT_MAX_DEPTH} deep")
        return
    member = _read_member(zf, info, inner)
    if member.data is None:
        yield member
        return
    try:
        nested = zipfile.ZipFile(io.BytesIO(member.data))
    except _READ_ERRORS as e:
        yield Member(inner, refused=f"{inner}: not a readable zip archive ({_reason(e)})")
        return
    with nested:
        yield from _members(nested, inner, depth + 1, budget, rules)


def check_bomb(infos: list[zipfile.ZipInfo], budget: int) -> str | None:
    """Say why a zip's declared sizes are absurd, or None when they are not.

    Args:
        infos: the zip's file entries.
        budget: bytes it may expand to in all.

    Returns:
        A short reason ("zip bomb: …", "too many entries"), or None.
    """
    if len(infos) > DEFAULT_MAX_MEMBERS:
        return f"too many entries ({len(infos):,} > {DEFAULT_MAX_MEMBERS:,})"
    total = sum(info.file_size for info in infos)
    if total > budget:
        return f"zip bomb: it expands to {_size(total)}, over the {_size(budget)} allowed"
    for info in infos:
        if info.file_size > DEFAULT_MAX_MEMBER_BYTES:
            return (f"{info.filename!r} expands to {_size(info.file_size)}, over the "
                    f"{_size(DEFAULT_MAX_MEMBER_BYTES)} allowed for one file")
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size >= DEFAULT_RATIO_FLOOR_BYTES and ratio > DEFAULT_MAX_RATIO:
            return (f"zip bomb: {info.filename!r} expands {ratio:,.0f} times "
                    f"({_size(info.compress_size)} to {_size(info.file_size)})")
    return None


def is_unsafe_member(filename: str) -> bool:
    """Say whether a member's path would land outside the folder it is extracted to.

    Args:
        filename: the member's name as the zip stores it.

    Returns:
        True for absolute paths (``/x``, ``\\x``, ``C:x``), ``..`` components and NUL bytes.
    """
    unified = filename.replace("\\", "/")
    if not unified or unified.startswith("/") or "\x00" in unified:
        return True
    if len(unified) >= 2 and unified[1] == ":" and unified[0].isalpha():
        return True
    return any(part == ".." for part in unified.split("/"))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, inner: str) -> Member:
    try:
        with zf.open(info) as f:
            data = f.read(DEFAULT_MAX_MEMBER_BYTES + 1)
    except _READ_ERRORS as e:
        return Member(inner, refused=f"{inner}: cannot read zip member ({_reason(e)})")
    if len(data) > DEFAULT_MAX_MEMBER_BYTES:  # pragma: no cover - zipfile stops at the size
        return Member(inner, refused=f"{inner}: refused: larger than declared")
    return Member(inner, data=data)


def _starts_as_pdf(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    try:
        with zf.open(info) as f:
            return b"%PDF-" in f.read(SNIFF_HEAD)
    except _READ_ERRORS:
        return False


def _reason(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:200]


def _size(n: float) -> str:
    if n < 1024:
        return f"{int(n):,} bytes"
    for unit in ("KiB", "MiB", "GiB"):
        n /= 1024
        if n < 1024 or unit == "GiB":
            break
    return f"{n:,.1f} {unit}"
