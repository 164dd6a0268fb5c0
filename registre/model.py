"""The record types that flow through Registre: file -> pages -> deliberations -> archive.

``ingest`` produces a :class:`Document` (its :class:`Page` texts), ``extract`` turns the pages
into :class:`Deliberation` records, ``pipeline`` joins both into a :class:`Record` whose
:meth:`Record.to_json` is the JSON contract of DESIGN.md ("The record"), and ``store`` writes it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

PageSource = Literal["text", "ocr", "none"]
DocType = Literal["extrait", "compte_rendu", "proces_verbal", "other"]
Decision = Literal["adoptee", "rejetee", "ajournee", "retiree", "prend_acte"]

# Fields of a deliberation, in the order of the JSON contract.
DATE_FIELDS = ("date_seance", "date_convocation", "date_affichage", "date_transmission")
COUNT_FIELDS = (
    "membres_en_exercice",
    "presents",
    "representes",
    "votants",
    "vote_pour",
    "vote_contre",
    "vote_abstention",
    "nb_articles",
)
NAME_LIST_FIELDS = ("presents_noms", "absents_noms")


@dataclass(frozen=True)
class WordBox:
    """Where one word of a page's text lies on the page, so that a value can be shown there.

    Attributes:
        start: offset of the word's first character in the page's text.
        end: offset just after its last character.
        left, top, right, bottom: the word's box as fractions (0–1) of the page's width and
            height as displayed (rotation applied), from its top-left corner.
    """

    start: int
    end: int
    left: float
    top: float
    right: float
    bottom: float


@dataclass
class Page:
    """One page of a document as read: its text and how that text was obtained.

    Attributes:
        number: 1-based page number in the file.
        text: the page's text in reading order (columns kept apart).
        source: "text" (text layer), "ocr" (recognised), "none" (left unread).
        ocr_confidence: Tesseract's mean word confidence (0–100) for OCRed pages.
        note: why a page was left unread or what went wrong with it.
        words: for OCRed pages, where each recognised word lies (Tesseract's boxes), since
            nothing else can say it later; None when not known (a text layer's boxes are
            read again from the kept original when needed).
    """

    number: int
    text: str
    source: PageSource = "text"
    ocr_confidence: float | None = None
    note: str | None = None
    words: list[WordBox] | None = None


@dataclass
class Document:
    """A file as read by ``ingest``: identity plus pages of text. Knows nothing of fields."""

    path: Path
    sha256: str
    size: int
    kind: Literal["pdf", "txt"]
    pages: list[Page]

    @property
    def ocr(self) -> bool:
        return any(p.source == "ocr" for p in self.pages)

    @property
    def unread_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.source == "none"]

    @property
    def notes(self) -> list[str]:
        """Why pages were left unread ("page 2: no text recognised")."""
        return [p.note if (p.note or "").startswith("page ") else f"page {p.number}: {p.note or 'unread'}"
                for p in self.pages if p.source == "none"]


@dataclass
class Provenance:
    """Where a field's value came from: page and character span in that page's text."""

    field: str
    page: int
    start: int
    end: int
    confidence: float


@dataclass
class Procuration:
    mandant: str
    mandataire: str


@dataclass
class Deliberation:
    """One deliberation's fields. ``None`` means the document does not say."""

    numero: str | None = None
    objet: str | None = None
    instance: str | None = None
    date_seance: str | None = None
    heure_seance: str | None = None
    date_convocation: str | None = None
    date_affichage: str | None = None
    date_transmission: str | None = None
    lieu: str | None = None
    president: str | None = None
    secretaire: str | None = None
    membres_en_exercice: int | None = None
    presents: int | None = None
    representes: int | None = None
    votants: int | None = None
    presents_noms: list[str] | None = None
    absents_noms: list[str] | None = None
    procurations: list[Procuration] | None = None
    vote_pour: int | None = None
    vote_contre: int | None = None
    vote_abstention: int | None = None
    unanimite: bool | None = None
    decision: Decision | None = None
    nb_articles: int | None = None
    articles: list[str] = field(default_factory=list)
    matiere_code: str | None = None
    matiere_nom: str | None = None
    page_start: int = 1
    page_end: int = 1
    confidence: dict[str, float] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)
    # Not in the JSON contract's fixed list, but kept in the archive and in `show`.
    text: str = ""
    provenance: list[Provenance] = field(default_factory=list)

    def to_json(self, *, with_text: bool = False, with_provenance: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "text" and not with_text:
                continue
            if f.name == "provenance" and not with_provenance:
                continue
            value = getattr(self, f.name)
            if f.name == "procurations" and value is not None or f.name == "provenance":
                value = [asdict(p) for p in value]
            out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Deliberation:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        if kwargs.get("procurations") is not None:
            kwargs["procurations"] = [Procuration(**p) for p in kwargs["procurations"]]
        if kwargs.get("provenance"):
            kwargs["provenance"] = [Provenance(**p) for p in kwargs["provenance"]]
        return cls(**kwargs)


@dataclass
class Extraction:
    """What ``extract`` finds in a document's pages."""

    doc_type: DocType
    collectivite: str | None
    deliberations: list[Deliberation]
    siren: str | None = None


@dataclass
class Record:
    """A parsed file: the JSON contract of ``registre parse --json``."""

    file: str
    sha256: str
    pages: int
    ocr: bool
    doc_type: DocType
    collectivite: str | None
    deliberations: list[Deliberation]
    unread_pages: list[int] = field(default_factory=list)
    siren: str | None = None
    notes: list[str] = field(default_factory=list)

    def to_json(self, *, with_text: bool = False, with_provenance: bool = False) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "pages": self.pages,
            "ocr": self.ocr,
            "doc_type": self.doc_type,
            "collectivite": self.collectivite,
            "siren": self.siren,
            "unread_pages": self.unread_pages,
            "notes": self.notes,
            "deliberations": [
                d.to_json(with_text=with_text, with_provenance=with_provenance)
                for d in self.deliberations
            ],
        }
