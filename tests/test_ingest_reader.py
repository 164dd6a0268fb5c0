"""ingest.reader (and ingest.text): a file -> Document, with OCR swapped for a fake engine."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from registre.errors import BadInputError, ExitCode
from registre.ingest.reader import read_document
from registre.ingest.text import NOTE_CP1252, normalise_text, read_text_pages
from registre.model import Page

TEXT = "Le conseil municipal, après en avoir délibéré, approuve la convention à l'unanimité."


def _pdf(path: Path, pages: list[str | None]) -> Path:
    """One page per item: a line of text, or a full-page picture for None (a scan)."""
    c = Canvas(str(path), pagesize=A4)
    for content in pages:
        if content is None:
            image = Image.new("L", (100, 140), 255)
            image.paste(0, (10, 20, 90, 24))
            c.drawImage(ImageReader(image), 0, 0, *A4)
        else:
            c.setFont("Helvetica", 11)
            c.drawString(72, 760, content)
        c.showPage()
    c.save()
    return path


class FakeOcr:
    """Stands in for ingest.ocr.ocr_pages and records what it was asked."""

    def __init__(self, skip: tuple[int, ...] = (), fail: tuple[int, ...] = ()):
        self.calls: list[tuple[Path, list[int], str]] = []
        self.skip = skip
        self.fail = fail

    def __call__(self, path: Path, numbers: list[int], mode: str) -> dict[int, Page]:
        self.calls.append((path, list(numbers), mode))
        return {
            n: Page(n, "", source="none", note="OCR failed: timeout")
            if n in self.fail
            else Page(n, f"texte reconnu page {n}", source="ocr", ocr_confidence=91.0)
            for n in numbers
            if n not in self.skip
        }


def test_reads_identity_and_pages(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "acte.pdf", [TEXT, "Page deux : le Maire, la secrétaire de séance."])
    doc = read_document(path)
    assert doc.kind == "pdf"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.size == path.stat().st_size
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.pages[0].text == TEXT
    assert not doc.ocr and doc.unread_pages == []


def test_scanned_page_goes_to_ocr_in_auto_mode(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "mixte.pdf", [TEXT, None])
    ocr = FakeOcr()
    doc = read_document(path, ocr_pages=ocr)
    assert ocr.calls == [(path, [2], "auto")]
    assert doc.pages[0].source == "text"
    assert (doc.pages[1].source, doc.pages[1].text) == ("ocr", "texte reconnu page 2")
    assert doc.ocr


def test_empty_page_is_not_sent_to_ocr(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "blanc.pdf", [None, TEXT, ""])
    ocr = FakeOcr()
    doc = read_document(path, ocr_pages=ocr)
    assert ocr.calls == [(path, [1], "auto")]
    assert (doc.pages[2].source, doc.pages[2].note) == ("none", "empty page")


def test_page_with_too_little_text_goes_to_ocr(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "court.pdf", [TEXT, "p. 2"])
    ocr = FakeOcr()
    read_document(path, ocr_pages=ocr)
    assert ocr.calls == [(path, [2], "auto")]


def test_always_sends_every_page(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "mixte.pdf", [TEXT, None])
    ocr = FakeOcr()
    doc = read_document(path, ocr="always", ocr_pages=ocr)
    assert ocr.calls == [(path, [1, 2], "always")]
    assert [p.source for p in doc.pages] == ["ocr", "ocr"]


def test_nothing_to_ocr_means_no_call(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "texte.pdf", [TEXT])
    ocr = FakeOcr()
    read_document(path, ocr_pages=ocr)
    assert ocr.calls == []


@pytest.mark.parametrize("mode", ["never", "auto"])
def test_without_ocr_unread_pages_say_so(tmp_path: Path, mode: str) -> None:
    path = _pdf(tmp_path / "scan.pdf", [TEXT, None])
    ocr = FakeOcr() if mode == "never" else None
    doc = read_document(path, ocr=mode, ocr_pages=ocr)
    assert ocr is None or ocr.calls == []
    assert doc.pages[0].note is None
    page = doc.pages[1]
    assert (page.source, page.text, page.note) == ("none", "", "no text layer; OCR disabled")
    assert doc.unread_pages == [2]


def test_page_ocr_did_not_return_keeps_its_reason(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "scan.pdf", [None, None])
    doc = read_document(path, ocr_pages=FakeOcr(skip=(1,)))
    assert doc.pages[0].source == "none"
    assert doc.pages[0].note == "no text layer; OCR gave no result for this page"
    assert doc.pages[1].source == "ocr"


def test_failed_ocr_keeps_the_text_layer(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "mixte.pdf", [TEXT, None])
    doc = read_document(path, ocr="always", ocr_pages=FakeOcr(fail=(1, 2)))
    first, second = doc.pages
    assert (first.source, first.text, first.note) == ("text", TEXT, "OCR failed: timeout")
    assert (second.source, second.text, second.note) == ("none", "", "OCR failed: timeout")


def test_unknown_ocr_mode_is_refused(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "texte.pdf", [TEXT])
    with pytest.raises(ValueError, match="ocr must be one of"):
        read_document(path, ocr="sometimes")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.pdf", b"", "empty file"),
        ("random.pdf", os.urandom(3000).replace(b"%PDF-", b"xxxxx"), "not a PDF or text file"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "damaged PDF"),
    ],
)
def test_bad_files_raise_bad_input(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BadInputError) as info:
        read_document(path)
    assert info.value.exit_code == ExitCode.bad_input
    assert str(info.value).startswith(f"{path}: {reason}")


def test_utf8_text_file_with_bom_and_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "pv.txt"
    content = "Séance du 3 mars\r\nPrésents : M. Dupont\fPage deux\r\nArticle 1\f"
    path.write_bytes(b"\xef\xbb\xbf" + content.encode())
    doc = read_document(path, ocr_pages=FakeOcr())
    assert doc.kind == "txt"
    assert [p.text for p in doc.pages] == [
        "Séance du 3 mars\nPrésents : M. Dupont",
        "Page deux\nArticle 1",
    ]
    assert all(p.source == "text" and p.note is None for p in doc.pages)


def test_cp1252_text_file_is_decoded_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "ancien.txt"
    path.write_bytes("Délibération n°12 – adoptée à l'unanimité".encode("cp1252"))
    [page] = read_text_pages(path)
    assert page.text == "Délibération n°12 – adoptée à l'unanimité"
    assert page.note == NOTE_CP1252


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    path.write_text("De\u0301libe\u0301ration\u00ad du conseil", encoding="utf-8")
    [page] = read_text_pages(path)
    assert page.text == "Délibération du conseil"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ligne\r\nsuivante\rfin", "ligne\nsuivante\nfin"),
        ("\uf0b7 premier point\n  \uf0a7 second", "• premier point\n  • second"),
        ("coupé en fin de\x02\nligne, \ufffeet là", "coupé en fin de-\nligne, -et là"),
        ("sonnerie\x07 et nul\x00 ", "sonnerie et nul"),
        ("espaces en fin   \nde ligne\t", "espaces en fin\nde ligne"),
    ],
)
def test_normalise_text(raw: str, clean: str) -> None:
    assert normalise_text(raw) == clean
