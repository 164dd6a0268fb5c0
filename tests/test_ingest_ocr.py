"""Tests of registre.ingest.ocr (and ocr_image): real Tesseract on small generated scans.

Tests that run Tesseract are skipped, with the reason, where it is not installed; CI installs
it. Failures are injected by swapping the program on PATH, not by mocking internals.
"""

from __future__ import annotations

import random
import resource
import shutil
import time
import zlib
from pathlib import Path

import make_scans  # bench/make_scans.py: conftest.py puts bench/ on sys.path
import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from registre.errors import ExitCode, MissingDependencyError
from registre.ingest.ocr import (
    _PageFile,
    _read_dropped_lines,
    _run_tesseract,
    check_ocr_available,
    is_ocr_available,
    ocr_pages,
    parse_tsv,
)
from registre.ingest.ocr_image import DEFAULT_NOISE_THRESHOLD, denoise, flatten_shading, median3
from registre.ingest.ocr_rescue import Region, rescued_paragraphs, stack_regions, unread_regions
from registre.ingest.ocr_tsv import Reading, Word, insert_paragraphs

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None or not is_ocr_available(),
    reason="Tesseract with French data is not installed "
    "(apt-get install tesseract-ocr tesseract-ocr-fra)",
)

TEXT = """EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL
Commune de Péronne — séance du 28 novembre 2016
Délibération n° 2016-042 : attribution d'une subvention
Membres en exercice : 19. Présents : 15. Votants : 17.
Le conseil municipal, après en avoir délibéré,
décide d'attribuer une subvention de 1 250 euros
à l'association des parents d'élèves de l'école.
Adoptée à l'unanimité.
Fait à Péronne, le 28 novembre 2016.
Le Maire, Philippe VARLET"""
KEY_WORDS = ("délibéré", "Délibération", "2016-042", "novembre", "2016", "subvention", "VARLET")


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small scanned PDFs: a noisy 200-dpi page followed by a blank page; a page sideways."""
    folder = tmp_path_factory.mktemp("scans")
    out = {"plain": folder / "plain.pdf", "rotated": folder / "rotated.pdf"}
    make_scans.make_scan_pdf([TEXT, ""], out["plain"], 200, noise=0.01, jpeg_quality=50, seed=1)
    make_scans.make_scan_pdf([TEXT], out["rotated"], 200, rotate_deg=90, seed=2)
    return out


def _absurd_pdf(path: Path, *, image_px: int = 0, page_pt: int = 595) -> Path:
    """A one-page PDF whose image (if any) declares ``image_px``² pixels but holds almost no
    data (a decompression bomb), on a square page of ``page_pt`` points."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(page_pt, page_pt))
    if image_px:
        image = pikepdf.Stream(
            pdf, zlib.compress(b"\xff" * image_px * 16), Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image, Width=image_px, Height=image_px,
            ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8, Filter=pikepdf.Name.FlateDecode,
        )
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(f"q {page_pt} 0 0 {page_pt} 0 0 cm /Im0 Do Q".encode())
    pdf.save(path)
    return path


@needs_tesseract
def test_reads_french_scan_with_key_words(scans: dict[str, Path]) -> None:
    page = ocr_pages(scans["plain"], [1])[1]
    assert page.source == "ocr" and page.number == 1 and page.note is None
    for word in KEY_WORDS + ("1 250", "28 novembre 2016"):
        assert word in page.text
    assert page.ocr_confidence is not None and 80 < page.ocr_confidence <= 100
    assert make_scans.cer(page.text, TEXT) < 0.02


@needs_tesseract
def test_reads_page_scanned_sideways(scans: dict[str, Path]) -> None:
    page = ocr_pages(scans["rotated"], [1])[1]
    assert page.source == "ocr"
    for word in KEY_WORDS:
        assert word in page.text


@needs_tesseract
def test_blank_page_is_unread_with_its_number(scans: dict[str, Path]) -> None:
    page = ocr_pages(scans["plain"], [2])[2]
    assert page.source == "none" and page.text == ""
    assert page.note == "page 2: no text recognised"


@needs_tesseract
@pytest.mark.parametrize(
    ("shape", "reason"),
    [({"image_px": 60_000}, "60000×60000 pixels is over the 150-megapixel limit"),
     ({"page_pt": 14_400}, "too large to OCR")],
    ids=["decompression-bomb", "giant-page"],
)
def test_absurd_size_page_is_refused_without_decoding(
    tmp_path: Path, shape: dict[str, int], reason: str
) -> None:
    pdf = _absurd_pdf(tmp_path / "absurd.pdf", **shape)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    page = ocr_pages(pdf, [1])[1]
    assert page.source == "none"
    assert page.note.startswith("page 1: ") and reason in page.note
    growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert growth_kib < 200 * 1024  # 60000² grey pixels would be 3.4 GiB


@needs_tesseract
def test_timeout_gives_reason_with_page_number(scans: dict[str, Path]) -> None:
    page = ocr_pages(scans["plain"], [1], timeout_s=0.01)[1]
    assert page.source == "none"
    assert page.note == "page 1: Tesseract timed out after 0.01 s"


def test_crashing_tesseract_marks_page_and_names_no_temp_path(
    scans: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "tesseract"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--list-langs" ]; then echo "List of languages (2):"; echo fra; echo osd;'
        " exit 0; fi\n"
        'echo "Segmentation fault reading $1" >&2; exit 139\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    pages = ocr_pages(scans["plain"], [1, 2])
    assert [p.source for p in pages.values()] == ["none", "none"]
    assert pages[1].note.startswith("page 1: Tesseract failed (exit code 139: Segmentation fault")
    assert "registre-ocr-" not in pages[1].note and str(tmp_path) not in pages[1].note


def test_missing_tesseract_is_a_missing_dependency(
    scans: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no tesseract anywhere
    with pytest.raises(MissingDependencyError) as caught:
        check_ocr_available()
    assert caught.value.exit_code == ExitCode.missing_dependency == 3
    assert "apt-get install tesseract-ocr tesseract-ocr-fra ghostscript" in str(caught.value)
    assert not is_ocr_available()
    with pytest.raises(MissingDependencyError):
        ocr_pages(scans["plain"], [1])


def test_never_mode_reads_nothing_and_says_why(scans: dict[str, Path]) -> None:
    pages = ocr_pages(scans["plain"], [1, 2], mode="never")
    assert [p.source for p in pages.values()] == ["none", "none"]
    assert pages[2].note == "page 2: not read: OCR is disabled (--ocr never)"


def test_bad_arguments_are_refused(scans: dict[str, Path]) -> None:
    with pytest.raises(ValueError, match="unknown OCR mode"):
        ocr_pages(scans["plain"], [1], mode="sometimes")
    if is_ocr_available():
        with pytest.raises(ValueError, match="no page 3"):
            ocr_pages(scans["plain"], [3])


def test_parse_tsv_keeps_lines_paragraphs_and_word_confidence() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tl\tt\tw\th\tconf\ttext"
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t10\t10\t-1\t",
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tSéance",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\tdu",
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t70\t28/11/2016",
        "5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t20\t—",
        "5\t1\t2\t1\t1\t2\t0\t0\t1\t1\t60\tARTICLE",
        "5\t1\t2\t1\t1\t3\t0\t0\t1\t1\t95\t ",
    ]
    reading = parse_tsv("\n".join([header, *rows]))
    assert reading.text == "Séance du\n28/11/2016\n\n— ARTICLE"
    assert reading.words == 4 and reading.confidence == pytest.approx(75.0)
    assert parse_tsv(header).words == 0


def test_median3_is_pillows_median_filter() -> None:
    rng = np.random.default_rng(0)
    gray = rng.integers(0, 256, size=(37, 53), dtype=np.uint8)
    expected = np.asarray(Image.fromarray(gray).filter(ImageFilter.MedianFilter(3)))
    assert np.array_equal(median3(gray), expected)


def test_denoise_filters_noisy_pages_only() -> None:
    doc = make_scans.typeset([make_scans.french_page(random.Random(3))])
    clean = pdfium.PdfDocument(doc)[0].render(scale=150 / 72, grayscale=True).to_pil()
    noisy = make_scans.degrade(clean.convert("L"), rng=np.random.default_rng(0), noise=0.01,
                               blur=0, rotate_deg=0)
    clean_px = np.asarray(clean.convert("L"))
    out, noise = denoise(clean_px)
    assert out is clean_px and noise < DEFAULT_NOISE_THRESHOLD
    out, noise = denoise(np.asarray(noisy))
    assert noise > DEFAULT_NOISE_THRESHOLD and np.array_equal(
        out, median3(np.asarray(noisy))
    )


# --- shaded bands -------------------------------------------------------------------------

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
BAND_TITLE = "FINANCES – Budget principal – Crédits scolaires 2016"
BODY_LINES = ("Le conseil municipal, après en avoir délibéré, décide",
              "d'approuver le compte de gestion de l'exercice 2015",
              "dressé par le receveur municipal de la commune.")


def _font(name: str, dpi: int) -> ImageFont.FreeTypeFont:
    path = DEJAVU / name
    if not path.exists():
        pytest.skip(f"font {path} is not installed (apt-get install fonts-dejavu-core)")
    return ImageFont.truetype(str(path), round(11 * dpi / 72))


def _band_page(grey: int = 150, dpi: int = 200) -> tuple[np.ndarray, tuple[int, int]]:
    """A page of print with a title on a grey bar between two paragraphs, and the bar's rows."""
    image = Image.new("L", (int(5.5 * dpi), int(3.2 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    body, bold = _font("DejaVuSerif.ttf", dpi), _font("DejaVuSerif-BoldItalic.ttf", dpi)
    x, y = int(0.3 * dpi), int(0.3 * dpi)
    for line in BODY_LINES:
        draw.text((x, y), line, font=body, fill=0)
        y += int(0.2 * dpi)
    y += int(0.2 * dpi)
    bar = (y - int(0.04 * dpi), y + int(0.2 * dpi))
    if grey < 255:
        draw.rectangle((int(0.25 * dpi), bar[0], image.width - int(0.25 * dpi), bar[1]), fill=grey)
    draw.text((x, y), BAND_TITLE, font=bold, fill=0)
    y = bar[1] + int(0.25 * dpi)
    for line in BODY_LINES:
        draw.text((x, y), line, font=body, fill=0)
        y += int(0.2 * dpi)
    return np.asarray(image).copy(), bar


def test_flatten_shading_whitens_a_grey_bar_and_keeps_its_text_black() -> None:
    page, (top, bottom) = _band_page(grey=150)
    out, share = flatten_shading(page, 200)
    assert 0.03 < share < 0.15
    inside = out[top + 3: bottom - 3, 60:-60]
    was = page[top + 3: bottom - 3, 60:-60]
    assert (inside[was == 150] >= 250).all()  # the bar is paper now
    assert (inside[was < 40] < 70).all()  # its letters are still ink
    assert np.array_equal(out[: top - 12], page[: top - 12])  # the rest is untouched
    assert np.array_equal(out[bottom + 12:], page[bottom + 12:])


def test_flatten_shading_leaves_plain_pages_pictures_and_black_boxes_alone() -> None:
    plain, _ = _band_page(grey=255)
    assert flatten_shading(plain, 200) == (plain, 0.0)
    logo = plain.copy()  # a coat of arms: a 0.8-in patch of greys, not a flat band
    checks = (np.indices((160, 160)).sum(axis=0) // 20 % 2).astype(np.uint8)
    logo[300:460, 600:760] = np.where(checks, 110, 190)
    out, share = flatten_shading(logo, 200)
    assert out is logo and share == 0.0
    black = plain.copy()  # a photo or a black bar: too dark to be a shading
    black[300:400, 50:1000] = 40
    assert flatten_shading(black, 200)[0] is black


@needs_tesseract
def test_title_on_a_grey_bar_is_read(tmp_path: Path) -> None:
    page, _ = _band_page(grey=150)
    png, pdf = tmp_path / "raw.png", tmp_path / "bar.pdf"
    Image.fromarray(page).save(png, dpi=(200, 200))
    Image.fromarray(page).save(pdf, resolution=200)
    # the fact behind the change: Otsu turns the bar black and Tesseract drops its title
    raw = _run_tesseract([str(png), "-", "-l", "fra", "--psm", "3", "--dpi", "200"], timeout_s=60)
    assert "scolaires" not in raw and "receveur" in raw
    text = ocr_pages(pdf, [1])[1].text
    assert "Budget principal" in text and "scolaires 2016" in text
    assert text.index("receveur") < text.index("scolaires") < text.rindex("receveur")


# --- lines the layout dropped -------------------------------------------------------------

LINES = ("Le conseil municipal, après en avoir délibéré,",
         "Secrétaire de séance : Jacques GRAPPY",
         "approuve le compte de gestion de l'exercice.")


def _three_lines(dpi: int = 200) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A page with three lines of print, and each line's box (left, top, width, height)."""
    image = Image.new("L", (int(4.5 * dpi), int(1.6 * dpi)), 255)
    draw, font = ImageDraw.Draw(image), _font("DejaVuSerif.ttf", dpi)
    boxes = []
    for i, line in enumerate(LINES):
        left, top, right, bottom = draw.textbbox((int(0.3 * dpi), int((0.3 + 0.35 * i) * dpi)), line, font=font)
        draw.text((int(0.3 * dpi), int((0.3 + 0.35 * i) * dpi)), line, font=font, fill=0)
        boxes.append((left, top, right - left, bottom - top))
    return np.asarray(image).copy(), boxes


def _reading(lines: list[tuple[str, tuple[int, int, int, int], float]], size: tuple[int, int]) -> Reading:
    """A reading of one paragraph per given line, each line one word."""
    return Reading([[[Word(text, box, conf)]] for text, box, conf in lines], size)


def test_unread_regions_are_the_lines_of_ink_no_word_covers() -> None:
    page, boxes = _three_lines()
    size = page.shape[::-1]
    regions = unread_regions(page, 200, _reading([("a", boxes[0], 90), ("c", boxes[2], 90)], size))
    assert len(regions) == 1
    (region,) = regions
    left, top, width, height = boxes[1]
    assert abs(region.top - top) <= 6 and abs(region.bottom - (top + height)) <= 6  # 2 blocks
    assert abs(region.left - left) <= 6 and abs(region.right - (left + width)) <= 6
    assert unread_regions(page, 200, _reading([(str(i), b, 90) for i, b in enumerate(boxes)], size)) == []


def test_unread_regions_skip_signatures_and_specks() -> None:
    page = np.full((400, 900), 255, dtype=np.uint8)
    draw = ImageDraw.Draw(img := Image.fromarray(page))
    draw.line([(100, 300), (200, 120), (300, 320), (400, 110)], fill=0, width=4)  # 1 in tall
    draw.point([(700, 50), (720, 380)], fill=0)
    assert unread_regions(np.asarray(img), 200, Reading([], (900, 400))) == []


def test_rescued_lines_keep_confident_regions_and_come_back_to_the_page() -> None:
    page = np.full((600, 900), 255, dtype=np.uint8)
    regions = [Region(100, 140, 50, 450), Region(300, 360, 500, 800)]
    stack = stack_regions(page, 200, regions)
    pad = stack.pad
    lines = Reading([[[Word("Vote", (pad + 5, stack.tops[0] + 2, 60, 30), 95),
                       Word(":", (pad + 70, stack.tops[0] + 2, 8, 30), 92),
                       Word("~", (pad + 90, stack.tops[0] + 2, 8, 30), 10)]],
                     [[Word("Dkx", (pad, stack.tops[1], 90, 50), 20)]]], stack.pixels.shape[::-1])
    (para,) = rescued_paragraphs(stack, lines)
    assert [w.text for w in para[0]] == ["Vote", ":"]  # "~" under 50, the scribble's region gone
    assert para[0][0].box == (55, 102, 60, 30)


def test_a_paragraph_read_apart_goes_between_its_neighbours_in_its_column() -> None:
    sidebar = [[Word("Objet", (10, 100, 80, 20), 90)]], [[Word("Présents", (10, 400, 80, 20), 90)]]
    body = [[Word("Séance", (300, 100, 200, 20), 90)]], [[Word("Délibère", (300, 500, 600, 20), 90)]]
    reading = Reading([*sidebar, *body], (1000, 1000))
    line = [[Word("Vote", (300, 300, 60, 20), 95), Word(":", (365, 300, 10, 20), 95)]]
    assert insert_paragraphs(reading, [line]).text == "Objet\n\nPrésents\n\nSéance\n\nVote :\n\nDélibère"


@needs_tesseract
def test_a_line_the_layout_dropped_is_read_again_in_its_place(tmp_path: Path) -> None:
    page, _ = _three_lines()
    path = tmp_path / "page.tif"
    Image.fromarray(page).save(path, dpi=(200, 200))
    full = parse_tsv(_run_tesseract([path.name, "-", "-l", "fra", "--psm", "3", "--dpi", "200", "tsv"],
                                    timeout_s=60, cwd=tmp_path))
    lines = [line for para in full.paragraphs for line in para]
    assert len(lines) == 3
    dropped = Reading([[lines[0]], [lines[2]]], full.size)  # as if the layout had left line 2 out
    image = _PageFile(1, path, 200, page)
    again = _read_dropped_lines(image, dropped, deadline=time.monotonic() + 60, cwd=tmp_path)
    assert again.text.splitlines()[::2] == list(LINES)
    assert again.words == full.words
