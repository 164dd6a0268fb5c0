"""The extraction stages: every need is filled upstream; a failing stage is named."""

from __future__ import annotations

import dataclasses

import pytest

from registre.errors import ExtractionError
from registre.extract import deliberation
from registre.extract.deliberation import STAGES, ExtractionState, extract


def test_every_need_is_filled_by_an_earlier_stage():
    filled = {"pages", "page_confidence"}
    for stage in STAGES:
        missing = set(stage.needs) - filled
        assert not missing, f"{stage.name} needs {missing} before anything fills it"
        filled |= set(stage.fills)
    state_fields = {f.name for f in dataclasses.fields(ExtractionState)}
    assert filled <= state_fields


def test_a_failing_stage_is_named(monkeypatch):
    def broken(state):
        raise ValueError("boom")

    stages = [dataclasses.replace(s, run=broken) if s.name == "read_dates" else s for s in STAGES]
    monkeypatch.setattr(deliberation, "STAGES", stages)
    with pytest.raises(ExtractionError, match="read_dates"):
        extract(["Séance du 3 mars 2020"])


def test_a_non_deliberation_yields_no_deliberation():
    text = ("ARRÊTÉ MUNICIPAL N° 2023-45 portant réglementation du stationnement. Le Maire de la "
            "commune de Villeneuve, Vu le code général des collectivités territoriales, ARRÊTE : "
            "Article 1 : le stationnement est interdit.")
    result = extract([text])
    assert result.doc_type == "other" and result.deliberations == []


def test_provenance_points_at_the_value():
    text = "Séance du 16 février 2023. Le conseil municipal, à l'unanimité, adopte. En exercice : 19"
    d = extract([text]).deliberations[0]
    spans = {p.field: (p.start, p.end) for p in d.provenance}
    start, end = spans["membres_en_exercice"]
    assert text[start:end] == "19"
    start, end = spans["date_seance"]
    assert text[start:end] == "16 février 2023"
