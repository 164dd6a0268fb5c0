"""Where each value of a deliberation came from: page, span and the source text around it.

Provenance spans (page, start, end) index the page texts kept in ``pages``, so the snippet is
cut from the very text the extractor read — nothing is read or recognised again.
"""

from __future__ import annotations

from typing import Any

from registre.store.archive import Archive

DEFAULT_CONTEXT = 60  # characters of source text shown on each side of the span
MAX_SPAN = 240  # a longer span (a list of names) is shown by its two ends
_ELLIPSIS = " […] "
SOURCE_FIELDS = (
    "numero", "objet", "instance", "date_seance", "heure_seance", "date_convocation",
    "date_affichage", "date_transmission", "lieu", "president", "secretaire",
    "membres_en_exercice", "presents", "representes", "votants", "presents_noms", "absents_noms",
    "procurations", "vote_pour", "vote_contre", "vote_abstention", "unanimite", "decision",
    "nb_articles", "matiere_code", "collectivite",
)  # fmt: skip


def field_sources(archive: Archive, delib_id: int, *, context: int = DEFAULT_CONTEXT) -> dict[str, Any]:
    """Every field of a deliberation with its value, confidence and source text.

    Args:
        archive: the open archive.
        delib_id: the deliberation.
        context: characters of text kept on each side of the span.

    Returns:
        ``id``, ``file``, ``checks`` and ``fields``: one dict per field that has a value, a
        source or a correction — field, value, confidence, page, start, end (in the page's
        text; None without a source), snippet (the source text around the span, spaces
        collapsed), snippet_start / snippet_end (the span inside the snippet), and
        ``corrected`` (None, or the machine's value, the note and the time).

    Raises:
        NotFoundError: no deliberation has this id.
    """
    delib = archive.get_deliberation(delib_id)
    pages = _pages(archive, delib["sha256"])
    sources = {}
    for item in delib.get("provenance") or []:
        sources.setdefault(item["field"], item)
    corrected = {c["field"]: c for c in delib.get("corrections") or []}
    out = []
    for field in SOURCE_FIELDS:
        value, source = delib.get(field), sources.get(field)
        if value in (None, []) and source is None and field not in corrected:
            continue
        entry: dict[str, Any] = {"field": field, "value": value,
                                 "confidence": (delib.get("confidence") or {}).get(field),
                                 "page": None, "start": None, "end": None, "snippet": None,
                                 "snippet_start": None, "snippet_end": None, "corrected": None}
        if source is not None and source.get("page"):
            entry.update(page=source["page"], start=source["start"], end=source["end"])
            entry.update(cut_snippet(pages, source["page"], source["start"], source["end"], context))
        if field in corrected:
            c = corrected[field]
            entry["corrected"] = {"machine_value": c["machine_value"], "note": c["note"],
                                  "created_at": c["created_at"]}
        out.append(entry)
    return {"id": delib["id"], "file": delib.get("file"), "checks": delib.get("checks") or [], "fields": out}


def _pages(archive: Archive, sha256: str) -> list[str]:
    sql = "SELECT number, text FROM pages WHERE sha256 = ? ORDER BY number"
    texts: list[str] = []
    for number, text in archive.conn.execute(sql, (sha256,)):
        texts += [""] * (number - 1 - len(texts))
        texts.append(text or "")
    return texts


def cut_snippet(pages: list[str], page: int, start: int, end: int, context: int) -> dict[str, Any]:
    """Cut the text around a span; a span may run onto the next pages (joined by a form feed).

    Returns:
        snippet, snippet_start, snippet_end (the span inside the snippet); all None when the
        page is not stored.
    """
    if not 1 <= page <= len(pages):
        return {"snippet": None, "snippet_start": None, "snippet_end": None}
    text = "\f".join(pages[page - 1:])
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    span = text[start:end]
    if len(span) > MAX_SPAN:
        half = MAX_SPAN // 2
        span = _flat(span[:half]) + _ELLIPSIS + _flat(span[-half:])
    before = _flat(text[max(0, start - context):start], keep_end=True)
    after = _flat(text[end:end + context].split("\f")[0], keep_start=True)  # context stays on the page
    span = _flat(span, keep_start=bool(before), keep_end=bool(after))
    snippet = before + span + after
    return {"snippet": snippet, "snippet_start": len(before), "snippet_end": len(before) + len(span)}


def _flat(text: str, *, keep_start: bool = False, keep_end: bool = False) -> str:
    """Collapse white space; keep one space at an end that touches other text."""
    flat = " ".join(text.split())
    if keep_start and text[:1].isspace() and flat:
        flat = " " + flat
    if keep_end and text[-1:].isspace() and flat:
        flat += " "
    return flat
