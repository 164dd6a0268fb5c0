"""Run the extraction stages, in order, on one document's pages.

Each stage reads and writes an :class:`ExtractionState`; it declares what it needs and what it
fills, and ``tests/test_extract_stages.py`` checks that every need is filled upstream. An
error inside a stage is re-raised as :class:`ExtractionError` naming the stage.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from registre.errors import ExtractionError
from registre.extract import ner, session_dates, stamps
from registre.extract.attendance import Attendance, fill_missing, read_attendance
from registre.extract.body import departement_of_siren, find_collectivite
from registre.extract.checks import run_checks
from registre.extract.counts import COUNT_PATTERNS, read_counts
from registre.extract.dates import figured_text
from registre.extract.given_names import with_given_name
from registre.extract.items import ItemFields, read_item
from registre.extract.markers import INFORMATION, VOTE_TABLE_HEADER
from registre.extract.matiere import classify
from registre.extract.names import Name
from registre.extract.presence import is_deliberation
from registre.extract.quick import anchored, quicken
from registre.extract.record import assemble
from registre.extract.roles import apply_ner, ner_windows
from registre.extract.rows import listed_decision
from registre.extract.segment import PREVIOUS_MINUTES, Item, agenda_titles, segment
from registre.extract.session_header import find_doc_type, find_instance, find_lieu
from registre.extract.text import fold, repeated_lines, sidebar_count_spans, split_pages
from registre.extract.vote import Vote, without_counts
from registre.model import Extraction

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "0.5.2"


@dataclass
class ExtractionState:
    """What the stages share while extracting one document."""

    pages: list[str]
    page_confidence: list[float | None] = field(default_factory=list)
    text: str = ""
    folded: str = ""
    page_starts: list[int] = field(default_factory=list)
    furniture: list[tuple[int, int]] = field(default_factory=list)  # lines repeated on most pages
    clean: str = ""
    clean_folded: str = ""
    act_id: stamps.ActId | None = None
    dates: session_dates.SessionDates | None = None
    header_end: int = 0
    items: list[Item] = field(default_factory=list)
    is_deliberation: bool = True
    listing: bool = False
    session: dict[str, tuple[Any, int, int]] = field(default_factory=dict)
    attendance: Attendance | None = None
    item_fields: list[ItemFields] = field(default_factory=list)
    doc_type: str = "other"
    extraction: Extraction | None = None


@dataclass(frozen=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    fills: tuple[str, ...]
    run: Callable[[ExtractionState], None]


def join_pages(state: ExtractionState) -> None:
    state.text, state.page_starts = split_pages(state.pages)
    state.folded = fold(state.text)


def read_stamps(state: ExtractionState) -> None:
    spans = stamps.find_stamp_spans(state.text, state.folded)
    state.act_id = stamps.find_act_id(state.text, state.folded)
    state.clean = stamps.mask(state.text, spans)
    state.clean_folded = stamps.mask(state.folded, spans)


def mask_furniture(state: ExtractionState) -> None:
    """Lines repeated on most pages (a sidebar, a letterhead, a footer) are read on the first
    page only: elsewhere they would cut the items they interrupt."""
    spans = repeated_lines(state.pages, state.page_starts)
    state.furniture = spans
    state.clean = stamps.mask(state.clean, spans)
    state.clean_folded = stamps.mask(state.clean_folded, spans)


def read_dates(state: ExtractionState) -> None:
    counts = sidebar_count_spans(state.text)  # a sidebar's "Présents : 27" cuts no date in two
    text = stamps.mask(state.text, counts)
    state.dates = session_dates.read_session_dates(text, stamps.mask(state.folded, counts), figured_text(text))


def find_items(state: ExtractionState) -> None:
    seance = state.dates.values.get("date_seance")
    seg = segment(state.clean, state.clean_folded, state.dates.year, seance[0] if seance else None)
    state.listing = seg.listing
    annexes = [(z.start, z.end) for z in seg.zones if z.why == "annex"]
    state.clean = stamps.mask(state.clean, annexes)  # an annex joined after the act is not read
    state.clean_folded = stamps.mask(state.clean_folded, annexes)
    state.header_end, state.items = seg.header_end, seg.items
    single = len(seg.items) == 1 and seg.items[0].family == "single"
    # minutes cut before their first decision (a session's header, its agenda, its roll call)
    # hold no deliberation; an extrait is one deliberation however cut
    acted = seg.decides or not single or bool(EXTRAIT.search(state.clean_folded[:3000])) \
        or bool(ACT_HEADING.search(state.clean_folded[:ACT_HEADING_REACH]))
    state.is_deliberation = bool(seg.items) and acted and is_deliberation(state.clean_folded)
    if not state.items:
        state.items = [Item(0, len(state.clean))]


def read_session(state: ExtractionState) -> None:
    header = state.clean[: state.header_end] if state.header_end > 400 else state.clean
    state.attendance = read_attendance(header)
    if header is not state.clean:  # a summary table may come before the session's own header
        fill_missing(state.attendance, read_attendance(state.clean, lacking=state.attendance))
    if state.furniture and len(state.attendance.counts) < len(COUNT_PATTERNS):  # a count is missing
        # a sidebar repeated on every page is read on the first only (mask_furniture), where OCR
        # may have lost its figures ("qui ont pris part à la délibération :" and nothing)
        for name, value in read_counts(stamps.restore(state.clean, state.text, state.furniture)).items():
            state.attendance.counts.setdefault(name, value)
    president = state.attendance.president
    full = with_given_name(president.text, state.clean) if president else None
    if president and full:  # "sous la présidence de Monsieur ARMAND", signed "Yves ARMAND"
        state.attendance.president = Name(full, president.start, president.end)
    s = state.session
    counts = sidebar_count_spans(state.clean)  # "à la Maison des Absents : 6 Associations"
    for name, found in (("collectivite", find_collectivite(state.clean, state.clean_folded)),
                        ("instance", find_instance(state.clean_folded)),
                        ("lieu", find_lieu(stamps.mask(state.clean, counts), stamps.mask(state.clean_folded, counts)))):
        if found:
            s[name] = found
    departement = departement_of_siren(state.act_id.siren) if state.act_id else None
    if departement and "collectivite" not in s:  # its letterhead names no body: its stamp's SIREN does
        s["collectivite"] = (departement, state.act_id.start, state.act_id.end)
    state.doc_type = find_doc_type(state.clean_folded, len(state.items), state.is_deliberation)


def complete_with_ner(state: ExtractionState) -> None:
    """A president or secretary announced in free text the rules could not read: ask NER."""
    windows = ner_windows(state.clean, state.clean_folded, state.attendance)
    if windows:
        apply_ner(state.attendance, windows, ner.persons([w for _, w in windows.values()]))


def read_items(state: ExtractionState) -> None:
    single = len(state.items) == 1
    att = state.attendance
    names = att.presents + att.absents + [n for pair in att.procurations for n in pair]
    names += [n for n in (att.president, att.secretaire) if n]
    spans = sorted((n.start, n.end) for n in names)
    agenda = agenda_titles(state.clean)
    vote_table = bool(VOTE_TABLE_HEADER.search(state.clean_folded[:3000]))
    fields = _merge_repeated_titles(
        [read_item(state.clean, state.clean_folded, item, single, spans, agenda, vote_table, state.listing)
         for item in state.items],
        state.clean, state.clean_folded)
    council = _council_size(att)
    if state.listing:
        for f in fields:
            if f.vote.decision is None and f.objet:
                f.vote.decision = listed_decision(state.clean_folded[:1500], fold(f.objet[0]))
    for f in fields:
        v = f.vote
        if council and v.pour is not None and v.pour + (v.contre or 0) + (v.abstention or 0) > council:
            f.vote = without_counts(v, state.clean[f.start:f.end])  # more votes than members: not the council's
    family = {item.start: item.family for item in state.items}
    # the first line after each marker: a title too short to be kept as an objet still says "Divers"
    heading = {item.start: state.clean_folded[item.marker_end:item.marker_end + 80].split("\n", 1)[0]
               for item in state.items if item.marker_end}
    kept = [f for f in fields if _is_deliberation(f, family.get(f.start), heading.get(f.start, ""))]
    annex = ANNEX_HEADING.search(state.clean, state.items[0].start if state.items else 0)
    if annex:  # "AVIS DU DOMAINE … 4- Objet : Avis sur la valeur vénale": an annex's form, not an item
        kept = [f for f in kept if f.start < annex.start() or f.vote.decision]
    state.item_fields = kept
    if not kept:  # what was read decides nothing that is an act (its secretary, its minutes' approval)
        state.is_deliberation = False


PROCEDURE = re.compile(
    r"\W*(?:ouverture\s+de\s+la\s+seance|(?:nomination|designation|election)\s+(?:du\s+|d'un\s+|de\s+la\s+)?"
    r"secretaire|appel\s+(?:nominal|des\s+presents)|verification\s+du\s+quorum)\b")
ACT_NUMBER = re.compile(r"[A-Za-z]|(?:19|20)\d\d|\d[_/-]\d")
EXTRAIT = re.compile(r"extrait\s+(?:du\s+registre\s+|du\s+proces[\s-]verbal\s+)?des\s+deliberations")
# "Délibération du Conseil Municipal … N°1", "DÉLIBÉRATION N° CP 2023-017" as the document's heading: one act
ACT_HEADING = re.compile(r"\bdeliberation\s+(?:du\s+(?:conseil|bureau|comite)|n\s*[°o])")
ACT_HEADING_REACH = 400
# an annex joined after the deliberations (the Domaine's valuation, a convention): the items it
# seems to open (its form's "Objet :") decide nothing
ANNEX_HEADING = anchored(quicken(re.compile(
    r"\bAVIS\s+D(?:U|ES)\s+DOMAINES?\b|\bANNEXES?(?:\s+(?:N°\s*)?\d+)?\s*[:–-]")))


def _council_size(att: Attendance) -> int | None:
    """How many may vote at most, as printed: the members in office (name lists are too often
    incomplete to bound anything)."""
    members = att.counts.get("membres_en_exercice")
    return members[0] if members else None


def _voted(vote: Vote) -> bool:
    """A vote was stated: unanimity or counts (an outcome word alone may be reported speech)."""
    return bool(vote.unanimite) or vote.pour is not None


def _is_deliberation(f: ItemFields, family: str | None, heading: str = "") -> bool:
    """Approving the previous minutes, opening the session, naming its secretary: no deliberation
    unless it carries its own number. News, questions diverses and their sub-points: none unless
    something is voted there (``heading``: the folded line after the item's marker, "– divers :")."""
    if family == "subpoint":
        return _voted(f.vote)
    if family in ("numbered", "bullet", "single"):
        return True
    if not f.objet:
        return not INFORMATION.match(heading) or _voted(f.vote)
    title = fold(f.objet[0])
    own_number = bool(f.numero and ACT_NUMBER.search(f.numero[0]))  # "DCC2023_129", not a bare "1"
    if (PREVIOUS_MINUTES.search(title) or PROCEDURE.match(title)) and not own_number:
        return False
    return not INFORMATION.match(title) or _voted(f.vote) or f.vote.decision == "prend_acte"


def _same_title(a: str, b: str) -> bool:
    a, b = " ".join(fold(a).split()), " ".join(fold(b).split())
    return a == b or min(len(a), len(b)) >= 20 and (a.startswith(b) or b.startswith(a))


def _merge_repeated_titles(fields: list[ItemFields], text: str, folded: str) -> list[ItemFields]:
    """"OBJET : Cession d'un bien …" printed again at the top of the next page is the same
    deliberation going on, not a new one: its stretch joins the item before."""
    out: list[ItemFields] = []
    for f in fields:
        prev = out[-1] if out else None
        if prev and f.objet and prev.objet and _same_title(f.objet[0], prev.objet[0]) and not f.numero:
            prev.end = f.end
            merged = read_item(text, folded, Item(prev.start, prev.end, None, None, prev.start, "single"), False)
            prev.vote, prev.articles = merged.vote, merged.articles
            continue
        out.append(f)
    return out


def build_record(state: ExtractionState) -> None:
    state.extraction = assemble(state)
    for delib in state.extraction.deliberations:
        run_checks(delib)
        code, nom, confidence = classify(delib.objet or "", delib.text)
        delib.matiere_code, delib.matiere_nom = code, nom
        if code:
            delib.confidence["matiere_code"] = confidence


STAGES: list[Stage] = [
    Stage("join_pages", ("pages",), ("text", "folded", "page_starts"), join_pages),
    Stage("read_stamps", ("text", "folded"), ("clean", "clean_folded", "act_id"), read_stamps),
    Stage("mask_furniture", ("pages", "page_starts", "clean", "clean_folded"), ("clean", "clean_folded", "furniture"),
          mask_furniture),
    Stage("read_dates", ("text", "folded"), ("dates",), read_dates),
    Stage("find_items", ("clean", "clean_folded", "dates"), ("header_end", "items", "is_deliberation", "listing"),
          find_items),
    Stage("read_session", ("clean", "clean_folded", "text", "furniture", "header_end", "items", "act_id"),
          ("attendance", "session", "doc_type"), read_session),
    Stage("complete_with_ner", ("clean", "clean_folded", "attendance"), ("attendance",), complete_with_ner),
    Stage("read_items", ("clean", "clean_folded", "items", "attendance"), ("item_fields",), read_items),
    Stage("build_record", ("item_fields", "attendance", "session", "dates", "act_id", "doc_type",
                           "is_deliberation", "page_starts", "page_confidence"),
          ("extraction",), build_record),
]


def extract(pages: list[str], page_confidence: list[float | None] | None = None) -> Extraction:
    """Extract every deliberation from a document's page texts.

    Args:
        pages: the text of each page, in order.
        page_confidence: per page, the OCR mean word confidence (0–100) or None.

    Returns:
        The document's kind, body and deliberations.

    Raises:
        ExtractionError: a stage failed; the message names it.
    """
    state = ExtractionState(pages=list(pages), page_confidence=list(page_confidence or [None] * len(pages)))
    for stage in STAGES:
        try:
            stage.run(state)
        except Exception as e:  # a bug in a stage must name the stage, not crash anonymously
            raise ExtractionError(stage.name, f"{type(e).__name__}: {e}") from e
    assert state.extraction is not None
    return state.extraction
