"""Read one file into a :class:`Document`: identity (hash, size, kind) and the text of its pages.

The order of work: tell the kind from the content, hash, read the pages (text layer or text
file), then hand the pages that have no usable text to OCR when OCR is wanted and available.
OCR itself lives in ``ingest.ocr``; this module only takes it as a callable, so that reading
works (and is tested) without Tesseract, and so that the pipeline decides which OCR to use.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from registre.errors import BadInputError
from registre.ingest.discover import sha256_file, sniff_kind
from registre.ingest.pdf import NOTE_EMPTY, is_unusable_text, read_pdf_pages
from registre.ingest.text import read_text_pages
from registre.model import Document, Page

log = logging.getLogger(__name__)

OcrPages = Callable[[Path, list[int], str], dict[int, Page]]
OCR_MODES: tuple[str, ...] = ("auto", "always", "never")

NOTE_OCR_DISABLED = "OCR disabled"
NOTE_OCR_NO_RESULT = "OCR gave no result for this page"


def read_document(
    path: Path, *, ocr: str = "auto", ocr_pages: OcrPages | None = None, sha256: str | None = None
) -> Document:
    """Read a PDF or text file: its identity and the text of each page.

    OCR contract: ``ocr_pages(path, numbers, mode)`` receives the file, the 1-based numbers of
    the pages to recognise and the mode (``"auto"`` or ``"always"``), and returns
    ``{number: Page}`` for the pages it read (``source="ocr"``, or ``source="none"`` with a
    note when recognition failed on that page). Pages it leaves out, and pages it failed on
    that have text of their own (a stamp, a text layer), keep what the text layer gave, with
    a note. It may raise :class:`registre.errors.RegistreError` (missing Tesseract, tool failure),
    which propagates.

    Which pages go to OCR: with ``ocr="auto"``, pages left unread (``source="none"``: no text
    layer, or a scan whose text layer is only a stamp; not an empty page, which has nothing to
    read) and pages whose text layer is unusable
    (:func:`registre.ingest.pdf.is_unusable_text`); with ``ocr="always"``, every page. With
    ``ocr="never"`` or no ``ocr_pages``, nothing is recognised: unread pages stay
    ``source="none"`` and their note says "OCR disabled" (not an error). Text files are never
    OCRed.

    Args:
        path: the file.
        ocr: "auto", "always" or "never".
        ocr_pages: the OCR engine (``registre.ingest.ocr.ocr_pages``), or None for none.
        sha256: the file's hash when the caller has just computed it (an import hashes every
            file before sending it to a worker): the file is then not read a second time for
            it. The archive checks it again as it keeps the original.

    Returns:
        The :class:`Document`, with one page per page of the file.

    Raises:
        BadInputError: the file is empty, neither PDF nor text, damaged, encrypted or has no
            pages.
        ValueError: ``ocr`` is not one of "auto", "always", "never".
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}")
    path = Path(path)
    kind = sniff_kind(path)
    sha256 = sha256 or sha256_file(path)
    size = _file_size(path)
    if kind == "txt":
        pages = read_text_pages(path)
    else:
        pages = read_pdf_pages(path)
        pages = apply_ocr(path, pages, ocr=ocr, ocr_pages=ocr_pages)
    return Document(path=path, sha256=sha256, size=size, kind=kind, pages=pages)


def pages_needing_ocr(pages: Iterable[Page]) -> list[int]:
    """Numbers of the pages that have no usable text of their own.

    Args:
        pages: pages as read from the text layer.

    Returns:
        Numbers of pages left unread (``source="none"``) or whose text is unusable; an empty
        page (nothing drawn on it, ``NOTE_EMPTY``) is not one of them.
    """
    return [
        p.number
        for p in pages
        if (p.source == "none" and p.note != NOTE_EMPTY)
        or (p.source == "text" and is_unusable_text(p.text))
    ]


def apply_ocr(
    path: Path, pages: list[Page], *, ocr: str = "auto", ocr_pages: OcrPages | None = None
) -> list[Page]:
    """Replace the pages that need it by their OCR reading (see :func:`read_document`).

    Args:
        path: the PDF the pages come from.
        pages: its pages as read from the text layer.
        ocr: "auto", "always" or "never".
        ocr_pages: the OCR engine, or None.

    Returns:
        The pages, OCRed ones replaced; pages that needed OCR and did not get it say why.
    """
    if ocr == "never" or ocr_pages is None:
        unread = set(pages_needing_ocr(pages))
        return [_with_note(p, NOTE_OCR_DISABLED) if p.number in unread else p for p in pages]
    wanted = [p.number for p in pages] if ocr == "always" else pages_needing_ocr(pages)
    if not wanted:
        return pages
    log.debug("%s: OCR of pages %s", path, wanted)
    results = ocr_pages(path, wanted, ocr)
    out: list[Page] = []
    for page in pages:
        result = results.get(page.number)
        if result is None:
            missing = page.number in wanted and page.source == "none"
            out.append(_with_note(page, NOTE_OCR_NO_RESULT) if missing else page)
        elif result.source == "none" and page.text:
            # OCR failed on a page that has some text of its own (a stamp, a text layer):
            # keep that text, and say why OCR did not replace it.
            out.append(_with_note(page, result.note or NOTE_OCR_NO_RESULT))
        else:
            out.append(replace(result, number=page.number))
    return out


def _with_note(page: Page, note: str) -> Page:
    """The page with ``note`` added to its note; its text is kept."""
    return replace(page, note=note if not page.note else f"{page.note}; {note}")


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as e:
        raise BadInputError(f"{path}: cannot read file ({e.strerror or e})") from e
