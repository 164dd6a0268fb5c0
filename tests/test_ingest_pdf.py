"""ingest.pdf and ingest.layout: reading order, unread pages, bad PDFs.

Every PDF is generated here with reportlab, so the tests run offline and without the corpus.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from registre.errors import BadInputError, ExitCode
from registre.ingest.layout import Box, order_page
from registre.ingest.pdf import (
    NOTE_EMPTY,
    NOTE_NO_TEXT,
    NOTE_SCANNED,
    is_stamp_only,
    is_unusable_text,
    read_pdf_pages,
    strip_stamp_lines,
)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _font() -> str:
    if DEJAVU.exists():
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
        return "DejaVuSans"
    return "Helvetica"


FONT = _font()

SIDEBAR = [
    "N° 2016-042",
    "OBJET : Convention cadre",
    "Date de convocation :",
    "23 septembre 2016",
    "Date de séance :",
    "28 novembre 2016",
    "Membres en exercice : 9",
    "Membres présents : 4",
    "Membres votants : 5",
    "Adoptée à l'unanimité",
]
BODY = [
    f"Ligne {i:02d} du corps de la délibération, écrite en entier jusqu'au bout"
    for i in range(1, 31)
]
HEADER = "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU BUREAU"


def _two_column_pdf(path: Path, *, body_first: bool = True) -> Path:
    """An extrait: header, boxed left sidebar (small type) and a body column."""
    c = Canvas(str(path), pagesize=A4)

    def body() -> None:
        c.setFont(FONT, 10)
        for i, line in enumerate(BODY):
            c.drawString(200, 740 - 14 * i, line)

    def sidebar() -> None:
        c.rect(36, 600, 140, 150)
        c.setFont(FONT, 8)
        for i, line in enumerate(SIDEBAR):
            c.drawString(42, 735 - 11.3 * i, line)

    for draw in (body, sidebar) if body_first else (sidebar, body):
        draw()
    c.setFont(FONT, 12)
    c.drawString(150, 790, HEADER)
    c.save()
    return path


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


@pytest.mark.parametrize("body_first", [True, False])
def test_sidebar_is_one_block_whatever_the_stream_order(tmp_path: Path, body_first: bool) -> None:
    pdf = _two_column_pdf(tmp_path / "extrait.pdf", body_first=body_first)
    [page] = read_pdf_pages(pdf)
    assert page.source == "text"
    assert "\n".join(SIDEBAR) in page.text  # contiguous, in order
    assert "\n".join(BODY) in page.text  # not interleaved
    blocks = page.text.split("\n\n")
    assert "\n".join(SIDEBAR) in blocks
    assert _lines(page.text)[0] == HEADER


JUSTIFIED = (
    "Considérant que la commune souhaite engager des travaux de rénovation énergétique "
    "des bâtiments communaux, notamment de l'école élémentaire et de la salle polyvalente, "
    "le conseil municipal approuve le plan de financement prévisionnel et autorise "
    "Monsieur le Maire à solliciter toutes les subventions mobilisables auprès de l'État. "
) * 3


def _paragraph_pdf(path: Path) -> Path:
    """reportlab's own justification (one text run per line)."""
    style = ParagraphStyle("j", fontName=FONT, fontSize=11, leading=14, alignment=TA_JUSTIFY)
    c = Canvas(str(path), pagesize=A4)
    Frame(150, 80, 230, 700, showBoundary=0).addFromList([Paragraph(JUSTIFIED, style)], c)
    c.save()
    return path


def _word_by_word_pdf(path: Path) -> Path:
    """Each word placed on its own, with word gaps of 12 pt or more (wider than a gutter)."""
    c = Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 11)
    width, y, line = 300.0, 760.0, []

    def draw(words: list[str], y: float, last: bool) -> None:
        sizes = [stringWidth(w, FONT, 11) for w in words]
        gap = 4.0 if last or len(words) == 1 else (width - sum(sizes)) / (len(words) - 1)
        x = 72.0
        for word, size in zip(words, sizes, strict=True):
            c.drawString(x, y, word)
            x += size + gap

    for word in JUSTIFIED.split():
        if line and sum(stringWidth(w, FONT, 11) for w in [*line, word]) + 12 * len(line) > width:
            draw(line, y, last=False)
            y, line = y - 14, []
        line.append(word)
    draw(line, y, last=True)
    c.save()
    return path


@pytest.mark.parametrize("make", [_paragraph_pdf, _word_by_word_pdf])
def test_justified_single_column_stays_one_block(tmp_path: Path, make: Callable) -> None:
    [page] = read_pdf_pages(make(tmp_path / "justified.pdf"))
    assert "\n\n" not in page.text
    assert page.text.split() == JUSTIFIED.split()


def test_bullet_list_is_read_row_by_row(tmp_path: Path) -> None:
    items = [f"Point {i} : approbation de la convention numéro {i}" for i in range(1, 7)]
    path = tmp_path / "list.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 11)
    for i, item in enumerate(items):
        c.drawString(72, 700 - 18 * i, "•")
        c.drawString(100, 700 - 18 * i, item)
    c.save()
    [page] = read_pdf_pages(path)
    assert _lines(page.text) == [f"• {item}" for item in items]


def test_ruled_table_is_read_row_by_row(tmp_path: Path) -> None:
    rows = [("Pour", "12"), ("Contre", "2"), ("Abstention", "1"), ("Votants", "15")]
    path = tmp_path / "table.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 10)
    for i, (label, value) in enumerate(rows):
        y = 700 - 30 * i
        c.drawString(80, y + (8 if i % 2 else 0), label)  # labels not on the values' lines
        c.drawString(300, y, value)
        c.line(70, y - 8, 400, y - 8)
    c.save()
    [page] = read_pdf_pages(path)
    assert page.text == "Pour 12\nContre\n2\nAbstention 1\nVotants\n15"


def test_accents_kept_nfc_and_soft_hyphen_removed(tmp_path: Path) -> None:
    path = tmp_path / "accents.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 11)
    c.drawString(72, 700, "Délibération n°12 : réfection de l'église, coût élevé")
    c.drawString(72, 680, "Adoptée à l'unani\u00admité, pour le Président")
    c.save()
    [page] = read_pdf_pages(path)
    assert "Délibération n°12 : réfection de l'église, coût élevé" in page.text
    assert "unanimité" in page.text


def test_empty_page_is_unread_and_says_it_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 11)
    c.drawString(72, 700, "Première page avec du texte tout à fait ordinaire")
    c.showPage()
    c.showPage()
    c.save()
    first, second = read_pdf_pages(path)
    assert first.source == "text"
    assert (second.text, second.source, second.note) == ("", "none", NOTE_EMPTY)


def _scan_image(tmp_path: Path) -> ImageReader:
    image = Image.new("RGB", (200, 280), "white")
    for x in range(20, 180):
        for y in range(40, 44):
            image.putpixel((x, y), (0, 0, 0))
    return ImageReader(image)


def test_image_only_page_is_unread(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.drawImage(_scan_image(tmp_path), 0, 0, *A4)
    c.save()
    [page] = read_pdf_pages(path)
    assert (page.text, page.source, page.note) == ("", "none", NOTE_NO_TEXT)


def test_stamp_over_scan_is_unread_but_keeps_the_stamp(tmp_path: Path) -> None:
    stamp = [
        "Envoyé en préfecture le 21/12/2023",
        "Reçu en préfecture le 21/12/2023",
        "Publié le",
        "ID : 030-213001100-20231215-PV17112023-AU",
    ]
    path = tmp_path / "stamped.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.drawImage(_scan_image(tmp_path), 0, 0, *A4)
    c.setFont(FONT, 7)
    for i, line in enumerate(stamp):
        c.drawString(400, 820 - 12 * i, line)
    c.save()
    [page] = read_pdf_pages(path)
    assert page.source == "none"
    assert page.note == NOTE_SCANNED
    assert page.text == "\n".join(stamp)
    assert is_stamp_only(page.text)


def test_encrypted_pdf_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    c = Canvas(str(path), encrypt=StandardEncryption("motdepasse"))
    c.drawString(72, 700, "Confidentiel")
    c.save()
    with pytest.raises(BadInputError) as info:
        read_pdf_pages(path)
    assert info.value.exit_code == ExitCode.bad_input == 4
    assert str(info.value) == f"{path}: encrypted PDF (password required)"


def test_truncated_pdf_is_bad_input(tmp_path: Path) -> None:
    whole = _two_column_pdf(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BadInputError, match=r"truncated\.pdf: damaged PDF \(pdfium: "):
        read_pdf_pages(path)


def test_random_bytes_named_pdf_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(BadInputError, match="random.pdf: damaged PDF"):
        read_pdf_pages(path)


def test_pdf_without_pages_is_bad_input(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    path = tmp_path / "empty.pdf"
    pikepdf.new().save(path)
    with pytest.raises(BadInputError, match="empty.pdf: PDF has no pages"):
        read_pdf_pages(path)


def test_landscape_page_drawn_rotated_keeps_all_lines(tmp_path: Path) -> None:
    lines = [f"Ligne {i} du tableau en paysage, montant {i * 100} euros" for i in range(8)]
    path = tmp_path / "landscape.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setPageRotation(90)
    c.rotate(90)
    c.setFont(FONT, 11)
    for i, line in enumerate(lines):
        c.drawString(72, -100 - 14 * i, line)
    c.save()
    [page] = read_pdf_pages(path)
    assert _lines(page.text) == lines


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_no_file_handle_leaks(tmp_path: Path) -> None:
    pdf = _two_column_pdf(tmp_path / "extrait.pdf")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    for _ in range(20):
        read_pdf_pages(pdf)
        with pytest.raises(BadInputError):
            read_pdf_pages(bad)
    # the handles left open on the files read (the process's other handles come and go with
    # what earlier tests left to the garbage collector, so their count proves nothing)
    assert _open_on(tmp_path) == []


def _open_on(folder: Path) -> list[str]:
    targets = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            targets.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:  # closed while listed
            continue
    return [t for t in targets if t.startswith(str(folder))]


@pytest.mark.parametrize(
    ("text", "unusable"),
    [
        ("", True),
        ("   \n ", True),
        ("Page 3/5", True),
        ("12 000,00 € 3 400,00 € 15 400,00 €", True),
        ("\ufffd\ufffd\ufffd " * 30 + "le conseil municipal", True),
        ("Ćđ Ŧŧ Ŋŋ Ħħ Ŀŀ " * 10, True),
        ("Le conseil municipal, après en avoir délibéré, approuve la convention.", False),
        ("DETR 2023 : 1 000 000.00 € sollicité auprès de l'État pour l'école", False),
        # typographic characters are rare but good, however many; private-use glyphs are bad
        ("l’œuvre « d’art » — coût : 3 000 € – l’été " * 5, False),
        ("l’œuvre d’art \ue001\ue002 coût de l’été " * 5, False),
        ("l\ue001œuvre d\ue002art \ue003\ue004 coût de l\ue005été " * 5, True),
        ("le conseil \x07\x07\x07 municipal " * 5, True),
    ],
)
def test_is_unusable_text(text: str, unusable: bool) -> None:
    assert is_unusable_text(text) is unusable


def test_stamp_lines_are_recognised() -> None:
    text = "Envoyé en préfecture le 02/02/2024\nReçu en préfecture le 02/02/2024\nPublié le\n"
    text += "ID : 030-213001100-20240202-PV15122023-DE"
    assert strip_stamp_lines(text) == ""
    assert is_stamp_only(text)
    assert not is_stamp_only(text + "\nLe conseil municipal approuve à l'unanimité la convention")
    assert not is_stamp_only("Le conseil municipal approuve à l'unanimité la convention")


def _line_boxes(left: float, right: float, top: float, leading: float, n: int) -> list[Box]:
    return [Box(left, top - leading * i - 8, right, top - leading * i) for i in range(n)]


def test_layout_splits_sidebar_from_body_boxes() -> None:
    sidebar = _line_boxes(40, 160, 760, 11.3, 8)
    body = _line_boxes(200, 550, 770, 14, 20)
    blocks = order_page(body + sidebar, 595)
    assert blocks is not None
    assert [len(block) for block in blocks] == [8, 20]
    assert [line[0] for line in blocks[0]] == sidebar


def test_layout_ignores_word_gaps_that_move_from_line_to_line() -> None:
    rects: list[Box] = []
    for i in range(12):  # each line has one wide gap, at a different place each time
        top = 700 - 14 * i
        cut = 150 + 30 * (i % 6)
        rects += [Box(72, top - 8, cut, top), Box(cut + 20, top - 8, 520, top)]
    blocks = order_page(rects, 595)
    assert blocks is not None and len(blocks) == 1
    assert len(blocks[0]) == 12
