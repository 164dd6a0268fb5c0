"""ingest.discover: walking folders, telling PDFs from text by content, hashing."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from registre.errors import BadInputError, ExitCode
from registre.ingest.discover import discover, sha256_file, sniff_kind

PDF_HEAD = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_sha256_streams_large_files(tmp_path: Path) -> None:
    data = os.urandom(2 * 1024 * 1024 + 123)  # more than one 1 MiB chunk
    path = _touch(tmp_path / "big.pdf", data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.pdf", PDF_HEAD + b"1 0 obj", "pdf"),
        ("a.txt", PDF_HEAD, "pdf"),  # content wins over the name
        ("noext", b"\x00junk before the header " + PDF_HEAD, "pdf"),
        ("a.txt", "Délibération du conseil municipal\f page 2".encode(), "txt"),
        ("a.TXT", b"\xef\xbb\xbf" + "Séance du 3 mars".encode(), "txt"),
        ("a.txt", "Séance du 3 mars, adoptée à l'unanimité".encode("cp1252"), "txt"),
        ("notes", "Le conseil municipal, après en avoir délibéré, décide.".encode(), "txt"),
        ("bell.txt", (f"{'Permanences de la communauté de communes. ' * 4}\x07" * 9).encode(), "txt"),
    ],
)
def test_sniff_kind_reads_the_content(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    assert sniff_kind(_touch(tmp_path / name, data)) == kind


def test_sniff_kind_finds_pdf_header_only_in_first_kib(tmp_path: Path) -> None:
    path = _touch(tmp_path / "late.pdf", b"\x00" * 2000 + PDF_HEAD)
    with pytest.raises(BadInputError, match="not a PDF or text file"):
        sniff_kind(path)


def test_empty_file_is_bad_input(tmp_path: Path) -> None:
    path = _touch(tmp_path / "empty.pdf", b"")
    with pytest.raises(BadInputError) as info:
        sniff_kind(path)
    assert str(info.value) == f"{path}: empty file"
    assert info.value.exit_code == ExitCode.bad_input


@pytest.mark.parametrize(
    ("name", "data", "hint"),
    [
        ("random.pdf", bytes(range(256)) * 8, "starts with b'\\x00\\x01"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"),
        ("archive.pdf", b"PK\x03\x04" + bytes(200), "a ZIP archive"),
        ("binary.txt", b"text\x00with\x01controls", "starts with b'text"),
        ("short", b"ok", "starts with b'ok'"),  # text, but not a .txt and not prose
    ],
)
def test_non_pdf_non_text_is_bad_input(tmp_path: Path, name: str, data: bytes, hint: str) -> None:
    path = _touch(tmp_path / name, data)
    with pytest.raises(BadInputError) as info:
        sniff_kind(path)
    message = str(info.value)
    assert message.startswith(f"{path}: not a PDF or text file (")
    assert hint in message
    assert "\n" not in message


def test_discover_walks_folders_in_sorted_order(tmp_path: Path) -> None:
    for rel in ["b/2.pdf", "b/1.TXT", "a.pdf", "c/d/e.Pdf", "c/notes.docx", "z.txt"]:
        _touch(tmp_path / rel)
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.pdf", "b/1.TXT", "b/2.pdf", "c/d/e.Pdf", "z.txt"]


def test_discover_skips_hidden_and_temporary_files(tmp_path: Path) -> None:
    for rel in [
        "keep.pdf",
        ".hidden.pdf",
        ".git/objects/x.pdf",
        "~$draft.pdf",
        "save.tmp",
        "copy.pdf~",
        "sub/.DS_Store",
        "sub/keep.txt",
    ]:
        _touch(tmp_path / rel)
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["keep.pdf", "sub/keep.txt"]


def test_discover_yields_given_files_as_they_are(tmp_path: Path) -> None:
    odd = _touch(tmp_path / "scan.jpeg")
    hidden = _touch(tmp_path / ".x.pdf")
    folder = tmp_path / "f"
    inner = _touch(folder / "1.pdf")
    assert list(discover([odd, folder, hidden])) == [odd, inner, hidden]


def test_discover_missing_path_is_bad_input(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(BadInputError, match="nowhere: no such file or folder"):
        list(discover([missing]))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_discover_survives_symlink_loops(tmp_path: Path) -> None:
    root = tmp_path / "root"
    _touch(root / "a" / "1.pdf")
    (root / "a" / "loop").symlink_to(root, target_is_directory=True)
    (root / "again").symlink_to(root / "a", target_is_directory=True)
    (root / "dangling.pdf").symlink_to(tmp_path / "missing.pdf")
    found = list(discover([root]))
    assert [p.name for p in found] == ["1.pdf"]
