"""Page images for OCR: pixels of a PDF page, safely sized, denoised when noisy, unshaded.

Used by :mod:`registre.ingest.ocr` (its docstring has the measurements behind these choices).
A page that is one upright scan gives the scan's own pixels; any other page is rendered with
pypdfium2 in grey at the scan's resolution clamped to 150–300 dpi (300 dpi when there is no
scan), capped by a pixel budget. Image sizes are checked from the image dictionaries before
anything is decoded, so a decompression bomb is refused, not rendered. A 3×3 median filter
removes specks and JPEG grain when the page's background is noisy; shaded bands (grey title
bars, tinted boxes, table headers) are brought to the paper's level so that Tesseract's global
threshold keeps their text (:func:`flatten_shading`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

DEFAULT_RENDER_DPI = 300  # pages that are not a scan (vector text, drawings)
DEFAULT_MIN_DPI = 150  # low-resolution scans are upsampled to this
DEFAULT_MAX_DPI = 300  # finer scans are downsampled: slower, no better
DEFAULT_MIN_SCAN_COVER = 0.25  # images covering less of the page are not a scan
DEFAULT_MIN_TEXT_IMAGE_COVER = 0.02  # smaller images (logos, seals) don't set the resolution
DEFAULT_MAX_RENDER_PIXELS = 40_000_000  # A2 at 300 dpi is 35 Mpx
DEFAULT_MIN_FIT_DPI = 70  # a page that only fits the budget below this is refused
DEFAULT_MAX_IMAGE_PIXELS = 150_000_000  # A0 at 300 dpi is 140 Mpx; beyond: a bomb
DEFAULT_NOISE_THRESHOLD = 0.6  # background grey-level change under the median filter
DEFAULT_BACKGROUND_BLOCK_DPI = 75  # the background is estimated at about this resolution
DEFAULT_BACKGROUND_STROKE_IN = 0.08  # dark shapes thinner than this (strokes) are not background
DEFAULT_SHADE_DEPTH = 32  # a background this much darker than the paper is a shaded area
DEFAULT_MIN_SHADE = 96  # darker backgrounds (photos, black bars) are left as they are
DEFAULT_SHADE_FLATNESS = 16  # a shading's background varies less than this over 0.07 in
DEFAULT_BAND_GAP_IN = 0.12  # a band stays one across less flat gaps (grain, gradients)
DEFAULT_MIN_BAND_IN = 1.5  # a flat shading this long (a bar, a box) is flattened; logos are not


class PageFailure(Exception):
    """A page cannot be read; the message is the reason, as put in ``Page.note``."""


@dataclass
class _Scan:
    dpi: float  # the finest resolution of the images that carry text
    alone: pdfium.PdfImage | None  # the page's only content, whose pixels can be used as is


@dataclass
class PageImage:
    """A page's grey pixels ready for OCR.

    Attributes:
        pixels: 2-D uint8 array, white paper = 255.
        dpi: resolution of ``pixels``.
        noise: background noise estimate (see :func:`denoise`).
        denoised: whether the median filter was applied.
        shaded: share of the page whose shaded background was brought to the paper's level
            (see :func:`flatten_shading`).
    """

    pixels: np.ndarray
    dpi: float
    noise: float
    denoised: bool
    shaded: float = 0.0


def page_image(page: pdfium.PdfPage) -> PageImage:
    """Get a page's pixels for OCR, denoised when its background is noisy.

    Args:
        page: an open pypdfium2 page (pdfium is not thread-safe: call from one thread).

    Returns:
        The page image.

    Raises:
        PageFailure: the page is refused (decompression bomb, absurd size) or cannot be
            rendered.
    """
    try:
        gray, dpi = _page_pixels(page)
    except (pdfium.PdfiumError, MemoryError, ValueError) as e:
        raise PageFailure(f"the page could not be rendered for OCR ({e})") from e
    pixels, noise = denoise(gray)
    flat, shaded = flatten_shading(pixels, dpi)
    return PageImage(flat, dpi, noise, denoised=pixels is not gray, shaded=shaded)


def _page_pixels(page: pdfium.PdfPage) -> tuple[np.ndarray, float]:
    """The page's grey pixels and their resolution.

    A page that is one upright scan and nothing else gives the scan's own pixels (decoding
    is 4× faster than rendering, and Tesseract sees what a scanner wrote); any other page is
    rendered at the scan's resolution clamped to 150–300 dpi, or 300 dpi without a scan.
    """
    scan = _find_scan(page)
    dpi = _render_dpi(page, scan.dpi if scan else None)
    if scan is not None and scan.alone is not None and abs(dpi - scan.dpi) < 1:
        bitmap = scan.alone.get_bitmap(render=False)
    else:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
    # A copy: to_pil() shares the bitmap's buffer, which pypdfium2 frees with ``bitmap``.
    return np.array(bitmap.to_pil().convert("L"), copy=True), dpi


def _render_dpi(page: pdfium.PdfPage, native: float | None) -> float:
    """Resolution to read a page at: ``native`` clamped, then capped by the pixel budget.

    Raises:
        PageFailure: the page only fits the pixel budget at an unreadable resolution.
    """
    width_in, height_in = (side / 72 for side in page.get_size())
    dpi = DEFAULT_RENDER_DPI if native is None else min(max(native, DEFAULT_MIN_DPI),
                                                          DEFAULT_MAX_DPI)
    pixels = width_in * height_in * dpi * dpi
    if pixels > DEFAULT_MAX_RENDER_PIXELS:
        dpi *= math.sqrt(DEFAULT_MAX_RENDER_PIXELS / pixels)
        if dpi < DEFAULT_MIN_FIT_DPI:
            raise PageFailure(
                f"page of {width_in:.0f}×{height_in:.0f} in is too large to OCR "
                f"(over {DEFAULT_MAX_RENDER_PIXELS // 1_000_000} Mpx at "
                f"{DEFAULT_MIN_FIT_DPI} dpi)"
            )
    return dpi


def _find_scan(page: pdfium.PdfPage) -> _Scan | None:
    """The page's scan, if images cover enough of the page to be one.

    Its resolution is the finest among images covering ≥ 2 % of the page: an MRC scan has a
    150-dpi background and 300-dpi strips of text, and the text is what OCR needs. Image sizes
    are read from the image dictionaries, without decoding anything.

    Raises:
        PageFailure: an image is over the pixel limit (a decompression bomb, or absurd).
    """
    width_pt, height_pt = page.get_size()
    page_pt2 = width_pt * height_pt
    covered, dpi, largest = 0.0, 0.0, (0.0, 0.0)  # largest: (area, dpi)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        try:
            width_px, height_px = obj.get_px_size()
            left, bottom, right, top = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        _check_image_size(width_px, height_px)
        area_pt2 = abs(right - left) * abs(top - bottom)
        if width_px * height_px == 0 or area_pt2 == 0:
            continue
        covered += area_pt2
        image_dpi = 72 * math.sqrt(width_px * height_px / area_pt2)
        if area_pt2 >= DEFAULT_MIN_TEXT_IMAGE_COVER * page_pt2:
            dpi = max(dpi, image_dpi)
        largest = max(largest, (area_pt2, image_dpi))
    if covered < DEFAULT_MIN_SCAN_COVER * page_pt2:
        return None
    return _Scan(dpi or largest[1], _whole_page_image(page))


def _check_image_size(width_px: int, height_px: int) -> None:
    if width_px * height_px > DEFAULT_MAX_IMAGE_PIXELS:
        raise PageFailure(
            f"image of {width_px}×{height_px} pixels is over the "
            f"{DEFAULT_MAX_IMAGE_PIXELS // 1_000_000}-megapixel limit "
            "(decompression bomb?); not decoded"
        )


def _whole_page_image(page: pdfium.PdfPage) -> pdfium.PdfImage | None:
    """The page's image when the page is that image alone, upright, edge to edge, and 8-bit
    grey or RGB (so that its decoded pixels are what a render would show)."""
    top_level = list(page.get_objects(max_depth=0))
    if page.get_rotation() or len(top_level) != 1:
        return None
    obj = top_level[0]
    if obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    a, b, c, d, e, f = obj.get_matrix().get()
    x0, y0, x1, y1 = page.get_bbox()
    if b or c or abs(e - x0) > 1 or abs(f - y0) > 1:
        return None
    if abs(a - (x1 - x0)) > 1 or abs(d - (y1 - y0)) > 1:  # also rejects flips (a, d < 0)
        return None
    meta = obj.get_metadata()
    grey_or_rgb = (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_DEVICERGB)
    return obj if meta.bits_per_pixel in (8, 24) and meta.colorspace in grey_or_rgb else None


def median3(gray: np.ndarray) -> np.ndarray:
    """Exact 3×3 median filter of a 2-D uint8 image (edges replicated).

    Same output as Pillow's ``ImageFilter.MedianFilter(3)``, about 9× faster on a noisy
    200-dpi page (29 ms against 270 ms): sort each vertical triplet once, then the median is
    the median of (max of lows, median of middles, min of highs) of three neighbouring columns.

    Args:
        gray: the image.

    Returns:
        The filtered image, same shape and dtype.
    """
    p = np.pad(gray, 1, mode="edge")
    top, mid, bot = p[:-2], p[1:-1], p[2:]
    lo, hi = np.minimum(top, mid), np.maximum(top, mid)
    mid = np.maximum(lo, np.minimum(hi, bot))
    lo, hi = np.minimum(lo, bot), np.maximum(hi, bot)
    lows = np.maximum(np.maximum(lo[:, :-2], lo[:, 1:-1]), lo[:, 2:])
    highs = np.minimum(np.minimum(hi[:, :-2], hi[:, 1:-1]), hi[:, 2:])
    mids = _median_of_3(mid[:, :-2], mid[:, 1:-1], mid[:, 2:])
    return _median_of_3(lows, mids, highs)


def _median_of_3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    return np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))


def denoise(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Median-filter a page image when its background is noisy.

    The noise estimate is the mean grey-level change the filter makes on background pixels
    (filtered value ≥ 200) of the middle quarter of the page: near 0 on clean pages, where the
    filter would only erode strokes, so a clean page costs a quarter of a filter pass.

    Args:
        gray: the page, 2-D uint8.

    Returns:
        The image to OCR (filtered or not) and the noise estimate.
    """
    height = gray.shape[0]
    strip = gray[height * 3 // 8 : height * 5 // 8 + 1]
    filtered = median3(strip)
    background = filtered >= 200
    diff = np.abs(strip.astype(np.int16) - filtered)
    noise = float(diff[background].mean()) if background.any() else float(diff.mean())
    if noise < DEFAULT_NOISE_THRESHOLD:
        return gray, noise
    return median3(gray), noise


def flatten_shading(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """Bring shaded areas of a page (grey title bars, tinted boxes) to the paper's level.

    Tesseract binarises a page with one global (Otsu) threshold; on a white page that threshold
    lies above a mid-grey shading, so a title printed on a grey bar becomes a black rectangle
    and is dropped as an image. Dividing each pixel by its local background turns the bar
    white and leaves its text black. The background is the page with its strokes removed: a
    grey closing (max then min filter) wider than a stroke, on a page reduced to about 75 dpi
    by block maxima; it errs dark at a bar's edges (where paper then stays white, clipped).
    Only areas at least ``DEFAULT_SHADE_DEPTH`` darker than the paper (the background's 90th
    percentile) change, so a page without shading is returned as is; backgrounds darker than
    ``DEFAULT_MIN_SHADE`` (photos, reversed text) are left alone.

    Args:
        gray: the page, 2-D uint8, white paper = 255.
        dpi: its resolution.

    Returns:
        The image (``gray`` itself when nothing is shaded) and the share of the page changed.
    """
    block = max(1, round(dpi / DEFAULT_BACKGROUND_BLOCK_DPI))
    background = _background(gray, block, stroke_px=DEFAULT_BACKGROUND_STROKE_IN * dpi)
    paper = int(np.partition(background, int(background.size * 0.9), axis=None)[int(background.size * 0.9)])
    shaded = (background < paper - DEFAULT_SHADE_DEPTH) & (background >= DEFAULT_MIN_SHADE)
    if shaded.any():
        shaded = _near_bands(background, shaded, block_in=block / dpi)
    if not shaded.any():
        return gray, 0.0
    background = np.where(shaded, background, paper).astype(np.uint8)
    # out = gray × paper / background, by a table indexed by (background, grey level)
    levels = np.arange(256, dtype=np.float32)
    table = np.minimum(levels[None, :] * paper / np.maximum(levels[:, None], 1), 255)
    table = np.rint(table).astype(np.uint8)
    out = gray.copy()
    for start, stop in runs_of(shaded.any(axis=1)):
        rows = slice(start * block, min(stop * block, gray.shape[0]))
        local = np.repeat(np.repeat(background[start:stop], block, axis=0), block, axis=1)
        local = local[: rows.stop - rows.start, : gray.shape[1]]
        out[rows] = table[local, gray[rows]]
    return out, float(shaded.mean())


def _near_bands(background: np.ndarray, shaded: np.ndarray, *, block_in: float) -> np.ndarray:
    """The shaded blocks near a band: a flat shading (its background varies by less than
    ``DEFAULT_SHADE_FLATNESS`` over 5×5 blocks) running ``DEFAULT_MIN_BAND_IN`` across or
    down, over gaps of grain or gradient. Title bars, tinted boxes and table headers are such
    bands; the grey patterns of a logo, a map or a photo are not, and flattening them would
    only change how Tesseract lays out the page around them."""
    spread = _window(background, 5, np.maximum) - _window(background, 5, np.minimum)
    flat = (shaded & (spread < DEFAULT_SHADE_FLATNESS)).view(np.uint8)
    gap = round(DEFAULT_BAND_GAP_IN / block_in) | 1
    min_run = round(DEFAULT_MIN_BAND_IN / block_in)
    bands = np.zeros_like(shaded)
    for axis in (0, 1):
        bridged = _window_1d(_window_1d(flat, gap, np.maximum, axis), gap, np.minimum, axis)
        runs = _long_runs(bridged.view(bool).T, min_run).T if axis == 0 else _long_runs(bridged.view(bool), min_run)
        bands |= runs
    return _window(bands.view(np.uint8), 7, np.maximum).view(bool) & shaded if bands.any() else bands


def _long_runs(mask: np.ndarray, min_run: int) -> np.ndarray:
    """The cells of ``mask`` that lie in a horizontal run of at least ``min_run`` cells."""
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)  # +1 where a run starts, -1 just after it ends
    rows, starts = np.nonzero(edges == 1)
    _, stops = np.nonzero(edges == -1)  # same row order, one stop per start
    keep = stops - starts >= min_run
    change = np.zeros((height, width + 1), dtype=np.int32)
    np.add.at(change, (rows[keep], starts[keep]), 1)
    np.add.at(change, (rows[keep], stops[keep]), -1)
    return np.cumsum(change, axis=1)[:, :width] > 0


def _background(gray: np.ndarray, block: int, *, stroke_px: float) -> np.ndarray:
    """The page's background at one value per ``block``×``block`` pixels: block maxima, then
    a grey closing wide enough to remove strokes, then a 3×3 minimum (err dark at edges)."""
    height, width = gray.shape
    tall, wide = -(-height // block) * block, -(-width // block) * block
    if (tall, wide) != (height, width):
        gray = np.pad(gray, ((0, tall - height), (0, wide - width)), mode="edge")
    small = np.maximum.reduce([gray[i::block] for i in range(block)])
    small = np.maximum.reduce([small[:, j::block] for j in range(block)])
    size = max(3, round(stroke_px / block) | 1)
    closed = _window(_window(small, size, np.maximum), size, np.minimum)
    return _window(closed, 3, np.minimum)


def _window(image: np.ndarray, size: int, op: np.ufunc) -> np.ndarray:
    """``op`` (maximum or minimum) over a centred ``size``×``size`` window, edges replicated."""
    for axis in (0, 1):
        image = _window_1d(image, size, op, axis)
    return image


def _window_1d(image: np.ndarray, size: int, op: np.ufunc, axis: int) -> np.ndarray:
    """``op`` over a centred window of ``size`` along ``axis``, by doubling spans."""
    before = size // 2
    pad = [(0, 0), (0, 0)]
    pad[axis] = (before, size - 1 - before)
    acc = np.pad(image, pad, mode="edge")
    n, span = image.shape[axis], 1
    while span * 2 <= size:  # acc[i] = op over [i, i + 2·span)
        length = acc.shape[axis] - span
        acc = op(acc.take(range(length), axis), acc.take(range(span, span + length), axis))
        span *= 2
    head = acc.take(range(n), axis)
    return head if span == size else op(head, acc.take(range(size - span, size - span + n), axis))



def runs_of(flags: np.ndarray, *, gap: int = 0) -> list[tuple[int, int]]:
    """Runs of true values of a 1-D array as (start, stop) pairs, runs that are at most
    ``gap`` false values apart joined into one."""
    idx = np.flatnonzero(flags)
    if not idx.size:
        return []
    breaks = np.flatnonzero(np.diff(idx) > gap + 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    stops = np.concatenate((idx[breaks] + 1, [idx[-1] + 1]))
    return list(zip(starts.tolist(), stops.tolist(), strict=True))
