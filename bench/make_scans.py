"""Generate image-only ("scanned") PDFs of French deliberations with known text.

Used by ``bench/ocr.py`` and ``tests/test_ingest_ocr.py`` to measure OCR speed and character
error rate (CER) against the true text. A page is typeset with reportlab (Times, a base-14 font,
so no font file is needed), rendered with pypdfium2 at ``dpi``, degraded with Pillow (rotation,
blur, specks, JPEG compression) and saved as an image-only PDF with ``Image.save(..., "PDF")``.

Example::

    python bench/make_scans.py /tmp/scan.pdf --pages 3 --noise 0.02 --jpeg-quality 40
"""

from __future__ import annotations

import argparse
import io
import random
import textwrap
import unicodedata
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

FONT = "Times-Roman"
FONT_SIZE = 11.5
LEADING = 15
MARGIN = 60
WRAP = 88  # characters per line at FONT_SIZE on A4

COMMUNES = ["Amiens", "Abbeville", "Péronne", "Montdidier", "Doullens", "Albert", "Ham"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
PEOPLE = ["Philippe VARLET", "Hélène DUBOIS", "François LEFÈVRE", "Gérard MÉRIGOT",
          "Agnès BÉNARD", "Jérôme CAPRON", "Cécile ROUSSEL", "Benoît LECLERCQ"]
OBJETS = [
    "Attribution d'une subvention à l'association des parents d'élèves",
    "Modification du tableau des effectifs du personnel communal",
    "Approbation du compte administratif de l'exercice écoulé",
    "Cession d'un terrain communal situé rue de la République",
    "Adhésion au groupement de commandes pour la fourniture d'électricité",
    "Création d'un emploi non permanent pour accroissement temporaire d'activité",
]
BODY = [
    "Vu le Code général des collectivités territoriales, notamment son article L. 2121-29 ;",
    "Considérant la nécessité de procéder à des travaux de rénovation énergétique ;",
    "Après en avoir délibéré, le conseil municipal décide à l'unanimité d'approuver le projet.",
    "Le montant de la dépense est estimé à {n} euros hors taxes, inscrit au budget primitif.",
    "Le Maire est autorisé à signer toutes les pièces nécessaires à l'exécution de la présente.",
    "La présente délibération peut faire l'objet d'un recours devant le tribunal administratif.",
    "Considérant l'avis favorable de la commission des finances réunie le {d} ;",
]


def french_page(rng: random.Random, number: int = 1) -> str:
    """Return the text of one plausible French deliberation page (about 20 lines).

    Args:
        rng: seeded random generator, so that the same seed gives the same page.
        number: the deliberation number printed on the page.

    Returns:
        The page text, one line per typeset line.
    """
    day, month, year = rng.randint(2, 28), rng.choice(MONTHS), rng.randint(1995, 2023)
    date = f"{day} {month} {year}"
    n_membres = rng.randint(11, 33)
    presents = rng.randint(n_membres // 2 + 1, n_membres)
    paras = [
        f"COMMUNE DE {rng.choice(COMMUNES).upper()}",
        "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL",
        f"Séance du {date} — délibération n° {year}-{number:03d}",
        f"Membres en exercice : {n_membres}. Présents : {presents}. Votants : {presents}.",
        f"Objet : {rng.choice(OBJETS)}.",
        f"Sous la présidence de {rng.choice(PEOPLE)}, maire.",
        f"Secrétaire de séance : {rng.choice(PEOPLE)}.",
    ]
    for line in rng.sample(BODY, k=5):
        paras.append(line.format(n=f"{rng.randint(1000, 99999):,}".replace(",", " "), d=date))
    paras.append(f"ARTICLE 1 : Pour : {presents}. Contre : 0. Abstention : 0.")
    paras.append(f"Fait à {rng.choice(COMMUNES)}, le {date}.")
    lines: list[str] = []
    for p in paras:
        lines.extend(textwrap.wrap(p, WRAP))
    return "\n".join(lines)


def typeset(text_pages: list[str]) -> bytes:
    """Typeset text pages (one line per line) on A4 with reportlab.

    Args:
        text_pages: the text of each page; an empty string gives a blank page.

    Returns:
        The PDF as bytes.
    """
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for text in text_pages:
        c.setFont(FONT, FONT_SIZE)
        y = A4[1] - MARGIN
        for line in text.splitlines():
            c.drawString(MARGIN, y, line)
            y -= LEADING
        c.showPage()
    c.save()
    return buf.getvalue()


def degrade(
    img: Image.Image, *, rng: np.random.Generator, noise: float, blur: float, rotate_deg: float
) -> Image.Image:
    """Make a clean grey page look scanned: blur, rotation, specks and pixel noise.

    Args:
        img: a mode "L" page image.
        rng: numpy random generator (seeded).
        noise: 0 for none; otherwise the fraction of pixels hit by a speck (0.01–0.05 is
            realistic), with Gaussian grain of standard deviation ``noise * 1500`` grey levels.
        blur: Gaussian blur radius in pixels (0 for none).
        rotate_deg: counter-clockwise rotation; 90/180/270 are exact, others are skew.

    Returns:
        The degraded image, mode "L".
    """
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if rotate_deg % 90 == 0:
        img = img.rotate(rotate_deg, expand=True)
    elif rotate_deg:
        img = img.rotate(rotate_deg, expand=True, fillcolor=255, resample=Image.BICUBIC)
    if noise:
        a = np.asarray(img, dtype=np.float32)
        a = a + rng.normal(0.0, noise * 1500, a.shape)
        specks = rng.random(a.shape) < noise
        a[specks] = rng.choice([0.0, 255.0], size=int(specks.sum()), p=[0.7, 0.3])
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), mode="L")
    return img


def make_scan_pdf(
    source: list[str] | Path,
    out: Path,
    dpi: int = 200,
    *,
    rotate_deg: float = 0,
    noise: float = 0.0,
    blur: float = 0.0,
    jpeg_quality: int = 85,
    seed: int = 0,
) -> list[str]:
    """Write an image-only PDF that looks like a scan of ``source``.

    Args:
        source: the text of each page (typeset with reportlab), or an existing PDF to rasterise.
        out: the PDF to write.
        dpi: scanning resolution (the image's pixels per inch).
        rotate_deg: rotation of every page image (90 gives a page scanned sideways).
        noise: speck density / grain, see :func:`degrade`.
        blur: Gaussian blur radius in pixels.
        jpeg_quality: JPEG quality of the embedded images (Pillow stores grey pages as JPEG).
        seed: seed for the noise.

    Returns:
        The true text of each page (whitespace as typeset; for a PDF source, its text layer).
    """
    if isinstance(source, Path):
        doc = pdfium.PdfDocument(source)
        truth = [page.get_textpage().get_text_range() for page in doc]
    else:
        doc = pdfium.PdfDocument(typeset(source))
        truth = list(source)
    rng = np.random.default_rng(seed)
    images = []
    for page in doc:
        img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        images.append(degrade(img, rng=rng, noise=noise, blur=blur, rotate_deg=rotate_deg))
    doc.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:],
                   quality=jpeg_quality)
    return truth


def normalise(text: str) -> str:
    """NFC, dashes folded to "-", whitespace collapsed: the form CER is computed on."""
    text = unicodedata.normalize("NFC", text)
    for dash in "–—‐‑":
        text = text.replace(dash, "-")
    return " ".join(text.split())


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate: Levenshtein distance / reference length, on normalised text.

    Args:
        hypothesis: the recognised text.
        reference: the true text.

    Returns:
        The error rate (0 is perfect; can exceed 1).
    """
    hyp, ref = normalise(hypothesis), normalise(reference)
    if not ref:
        return float(bool(hyp))
    # Row-by-row Levenshtein, each row vectorised: the insertion chain cur[j] = min(cur[j-1] + 1,
    # base[j]) is a running minimum of base[j] - j, shifted back by j.
    h = np.frombuffer(hyp.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(h) + 1)
    prev = idx.copy()
    for i, rc in enumerate(np.frombuffer(ref.encode("utf-32-le"), dtype=np.uint32), 1):
        base = np.empty_like(prev)
        base[0] = i
        base[1:] = np.minimum(prev[1:] + 1, prev[:-1] + (h != rc))
        prev = np.minimum.accumulate(base - idx) + idx
    return int(prev[-1]) / len(ref)


def main() -> None:
    """Command line: write a scanned PDF of generated French pages and its truth as .txt."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=1)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--rotate", type=float, default=0)
    ap.add_argument("--noise", type=float, default=0.0)
    ap.add_argument("--blur", type=float, default=0.0)
    ap.add_argument("--jpeg-quality", type=int, default=85)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pages = [french_page(rng, i + 1) for i in range(a.pages)]
    truth = make_scan_pdf(pages, a.out, a.dpi, rotate_deg=a.rotate, noise=a.noise, blur=a.blur,
                          jpeg_quality=a.jpeg_quality, seed=a.seed)
    a.out.with_suffix(".txt").write_text("\f".join(truth), encoding="utf-8")


if __name__ == "__main__":
    main()
