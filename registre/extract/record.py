"""Assemble the stages' findings into Deliberation records, with provenance and confidence.

Session-level fields (dates, attendance, président, secrétaire) are repeated in every item
of the session, as the JSON contract asks.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from registre.extract.attendance import Attendance
from registre.extract.counts import counts_of_act
from registre.extract.text import clean_spaces, fold, mend_ocr_title, page_of
from registre.model import Deliberation, Extraction, Procuration, Provenance

if TYPE_CHECKING:
    from registre.extract.deliberation import ExtractionState

# How much a rule's answer is trusted before any check or OCR doubt lowers it.
BASE_CONFIDENCE = {
    "date_seance": 0.9, "heure_seance": 0.8, "date_convocation": 0.85, "date_affichage": 0.8,
    "date_transmission": 0.85, "numero": 0.8, "objet": 0.75, "instance": 0.8, "lieu": 0.6,
    "president": 0.75, "secretaire": 0.8, "membres_en_exercice": 0.9, "presents": 0.85,
    "representes": 0.8, "votants": 0.85, "presents_noms": 0.7, "absents_noms": 0.7,
    "procurations": 0.7, "vote_pour": 0.85, "vote_contre": 0.85, "vote_abstention": 0.85,
    "unanimite": 0.85, "decision": 0.75, "nb_articles": 0.8,
}
SUMMARISED_OBJET_CONFIDENCE = 0.1  # under the review threshold: the objet sums up the decision


class _Builder:
    def __init__(self, state: ExtractionState, delib: Deliberation):
        self.state = state
        self.delib = delib

    def put(self, field: str, value, start: int | None = None, end: int | None = None) -> None:
        if value is None:
            return
        setattr(self.delib, field, value)
        confidence = BASE_CONFIDENCE.get(field, 0.7)
        if start is not None:
            page = page_of(start, self.state.page_starts)
            ocr = self.state.page_confidence[page - 1] if page <= len(self.state.page_confidence) else None
            if ocr is not None:
                confidence *= max(0.3, min(1.0, ocr / 90))
            local = start - self.state.page_starts[page - 1]
            self.delib.provenance.append(
                Provenance(field, page, local, local + ((end or start) - start), round(confidence, 3)))
        self.delib.confidence[field] = round(confidence, 3)


def _words(name: str) -> set[str]:
    return set(fold(name).replace("-", " ").replace(".", ". ").split())


def _same_person(a: str, b: str) -> bool:
    """"Philippe VARLET" and "VARLET" (or "VARLET Philippe", or "P. VARLET") are the same person:
    lists often cut a first name to its initial."""
    ta, tb = _words(a), _words(b)
    if not ta or not tb:
        return False
    if ta <= tb or tb <= ta:
        return True
    initials_a = {w for w in ta if len(w.rstrip(".")) == 1}
    initials_b = {w for w in tb if len(w.rstrip(".")) == 1}
    full_a, full_b = ta - initials_a, tb - initials_b
    if not (full_a and full_b) or not (full_a <= full_b or full_b <= full_a) or not (initials_a or initials_b):
        return False
    rest_a, rest_b = ta - full_b, tb - full_a  # what is left once the shared surname is taken out
    return all(any(o.startswith(w[0]) for o in rest_b) for w in rest_a) \
        and all(any(o.startswith(w[0]) for o in rest_a) for w in rest_b)


def _as_listed(name: str, presents) -> str:
    """The president as the list of members spells them: "Denis JÜUVIN" read by OCR in one
    sentence is the "Denis JUVIN" listed present (one letter apart, same words)."""
    name = clean_spaces(name)
    key = fold(name).split()
    for member in presents:
        other = fold(member.text).split()
        if len(other) == len(key) and other != key and all(
                _alike(a, b) for a, b in zip(sorted(key), sorted(other), strict=True)):
            return clean_spaces(member.text)
    return name


@lru_cache(maxsize=8192)  # a president is compared with the same list for each act of a file
def _alike(a: str, b: str) -> bool:
    """One letter or so apart: a similarity ratio of 0.8 at least (its cheap upper bounds first:
    most pairs of a list's names are far apart)."""
    if a == b:
        return True
    m = SequenceMatcher(None, a, b)
    return m.real_quick_ratio() >= 0.8 and m.quick_ratio() >= 0.8 and m.ratio() >= 0.8


def _names(names) -> list[str]:
    out, seen = [], set()
    for n in names:
        key = " ".join(sorted(fold(n.text).split()))
        if key not in seen:
            seen.add(key)
            out.append(clean_spaces(n.text))
    return out


Put = tuple[str, object, int, int]  # a field's value and its span


def _put_attendance(b: _Builder, att: Attendance, numero: str | None, people: list[Put]) -> None:
    counts = {**att.counts, **(counts_of_act(att.by_acts, numero) if numero else {})}  # its own run's counts
    for field, (value, s, e) in counts.items():
        b.put(field, value, s, e)
    for field, value, s, e in people:
        b.put(field, _own_copy(value), s, e)


def _own_copy(value):
    """Each act its own lists (of names, of proxies): a correction of one touches no other."""
    if not isinstance(value, list):
        return value  # a name: a string
    return [replace(v) if isinstance(v, Procuration) else v for v in value]


def _session_people(att: Attendance) -> list[Put]:
    """The session's president, secretary and lists of names, as every act of the document takes
    them (read once per document)."""
    out: list[Put] = []
    president = _as_listed(att.president.text, att.presents) if att.president else None
    if att.president:
        out.append(("president", president, att.president.start, att.president.end))
    if att.secretaire:
        out.append(("secretaire", clean_spaces(att.secretaire.text), att.secretaire.start, att.secretaire.end))
    presents = list(att.presents)
    if presents and president and not any(_same_person(president, n.text) for n in presents):
        presents.insert(0, att.president)  # the president is present
    if presents:
        out.append(("presents_noms", _names(presents), presents[0].start, presents[-1].end))
    absents = list(att.absents)
    known = {fold(n.text) for n in absents}
    known |= {fold(n.text) for n in att.partly}  # "X à Y (à partir de 22h40)": X was there before
    for mandant, _ in att.procurations:  # who gave a proxy is absent, even if listed present too
        if fold(mandant.text) not in known:
            absents.append(mandant)
    if absents:
        out.append(("absents_noms", _names(absents), absents[0].start, absents[-1].end))
    if att.procurations:
        procs = [Procuration(clean_spaces(a.text), clean_spaces(m.text)) for a, m in att.procurations]
        out.append(("procurations", procs, att.procurations[0][0].start, att.procurations[-1][1].end))
    return out


def _put_item(b: _Builder, fields) -> None:
    if fields.numero:
        b.put("numero", *fields.numero)
    if fields.objet:
        value, start, end = fields.objet
        b.put("objet", mend_ocr_title(value), start, end)
        if fields.objet_summarised:  # no printed title: a person should read it first
            b.delib.confidence["objet"] = SUMMARISED_OBJET_CONFIDENCE
    v = fields.vote
    s, e = v.span or (None, None)
    b.put("vote_pour", v.pour, s, e)
    b.put("vote_contre", v.contre, s, e)
    b.put("vote_abstention", v.abstention, s, e)
    b.put("unanimite", v.unanimite, s, e)
    b.put("decision", v.decision, s, e)
    if fields.articles:
        b.delib.articles = [a for a, _, _ in fields.articles]
        b.put("nb_articles", len(fields.articles), fields.articles[0][1], fields.articles[-1][2])


def assemble(state: ExtractionState) -> Extraction:
    """Turn the state into an :class:`Extraction` (no deliberation if the text holds none)."""
    collectivite = state.session.get("collectivite")
    siren = state.act_id.siren if state.act_id else None
    if not state.is_deliberation:
        # what the document calls itself: minutes cut before their first item are still minutes
        return Extraction(state.doc_type, collectivite[0] if collectivite else None, [], siren)
    out = []
    people = _session_people(state.attendance)
    for fields in state.item_fields:
        delib = Deliberation()
        b = _Builder(state, delib)
        for name, (value, s, e) in state.dates.values.items():
            b.put(name, value, s, e)
        if state.dates.heure:
            b.put("heure_seance", *state.dates.heure)
        for name in ("instance", "lieu"):
            if name in state.session:
                b.put(name, *state.session[name])
        _put_attendance(b, state.attendance, fields.numero[0] if fields.numero else None, people)
        _put_item(b, fields)
        delib.text = state.text[fields.start:fields.end].strip()
        delib.page_start = page_of(fields.start, state.page_starts)
        delib.page_end = page_of(max(fields.start, fields.end - 1), state.page_starts)
        out.append(delib)
    return Extraction(state.doc_type, collectivite[0] if collectivite else None, out, siren)
