"""Where a value was read on its page: word boxes (text layer, Tesseract), spans -> boxes, and
what the review queue does with values a person accepted."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cli_runner import invoke
from review_helpers import copy_archive, covers, true_lines

from registre.highlight import NO_IMAGE, NOT_FOUND, field_boxes, span_parts, span_rects
from registre.ingest.ocr import parse_tsv
from registre.ingest.page_view import align_words, render_page, text_layer_words
from registre.model import Deliberation, Document, Page, Provenance, Record, WordBox
from registre.review import QueueFilter, accept, correct, review_ids, review_progress, review_queue, undo
from registre.store.archive import Archive
from registre.store.page_words import decode_words, encode_words


def test_word_boxes_survive_their_compact_encoding():
    words = [WordBox(0, 6, 0.1, 0.2, 0.15, 0.21), WordBox(7, 9, 0.16, 0.2, 0.18, 0.21),
             WordBox(11, 21, 0.5, 0.9, 0.99999, 1.0)]
    blob = encode_words(words)
    back = decode_words(blob)
    assert [(w.start, w.end) for w in back] == [(0, 6), (7, 9), (11, 21)]
    assert all(abs(a - b) < 1e-4 for w, v in zip(words, back, strict=True)
               for a, b in zip((w.left, w.top, w.right, w.bottom), (v.left, v.top, v.right, v.bottom), strict=True))
    assert len(blob) < 12 * len(words) + 20
    with pytest.raises(ValueError, match="format"):
        decode_words(b"\x09" + blob[1:])


def test_tesseract_word_boxes_sit_at_the_offsets_of_the_text_they_make():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tl\tt\tw\th\tconf\ttext"
    rows = ["1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t",
            "5\t1\t1\t1\t1\t1\t100\t200\t80\t20\t90\tSéance",
            "5\t1\t1\t1\t1\t2\t190\t200\t30\t20\t90\tdu",
            "5\t1\t1\t1\t2\t1\t100\t230\t120\t20\t90\t28/11/2016",
            "5\t1\t2\t1\t1\t1\t100\t400\t90\t20\t90\tARTICLE"]
    reading = parse_tsv("\n".join([header, *rows]))
    assert reading.text == "Séance du\n28/11/2016\n\nARTICLE"
    assert [reading.text[b.start:b.end] for b in reading.boxes] == ["Séance", "du", "28/11/2016", "ARTICLE"]
    assert reading.boxes[2] == WordBox(10, 20, 0.1, 0.115, 0.22, 0.125)


def test_words_read_in_another_block_order_find_their_boxes():
    text = "Date de séance :\n27/07/2012\n\nLe conseil municipal délibère"
    # the content stream wrote the body before the sidebar, as many generators do
    found = [(w, (i / 10, 0.5, i / 10 + 0.05, 0.52)) for i, w in enumerate(
        ["le", "conseil", "municipal", "délibère", "date", "de", "séance", ":", "27/07/2012"])]
    words = align_words(text, found)
    assert [text[w.start:w.end] for w in words] == text.split()
    assert words[4].left == 0.8  # "27/07/2012", the last word of the stream
    assert align_words("un mot absent", [("autre", (0, 0, 1, 1))]) == []


def test_a_span_covers_one_rectangle_per_line_and_its_share_of_a_cut_word():
    text = "le 27/07/2012, à\n14h30"
    words = [WordBox(0, 2, 0.1, 0.1, 0.12, 0.11), WordBox(3, 14, 0.13, 0.1, 0.24, 0.11),
             WordBox(15, 16, 0.25, 0.1, 0.26, 0.11), WordBox(17, 22, 0.1, 0.12, 0.15, 0.13)]
    rects, missing = span_rects(words, text, 3, 13)  # "27/07/2012" without its comma
    assert rects == [(0.13, 0.1, 0.23, 0.11)] and not missing
    rects, _ = span_rects(words, text, 0, 22)
    assert len(rects) == 2 and rects[0][2] == 0.26 and rects[1][0] == 0.1
    assert span_rects(words[:1], text, 3, 13) == ([], True)


def test_a_span_may_run_onto_the_next_page():
    from registre.highlight import PageSource

    pages = [PageSource(1, "abc", "text", None), PageSource(2, "defgh", "text", None)]
    assert span_parts(pages, 1, 1, 3) == [(1, 1, 3)]
    assert span_parts(pages, 1, 2, 7) == [(1, 2, 3), (2, 0, 3)]  # "c" \f "def"
    assert span_parts(pages, 3, 0, 2) == []


def _place(archive_db: Path, delib_id: int, field: str) -> tuple[list, dict]:
    with Archive.open(archive_db) as archive:
        delib = archive.get_deliberation(delib_id)
        boxes = field_boxes(archive, delib)[field]
    source = next(p for p in delib["provenance"] if p["field"] == field)
    return boxes, source


def _span_text(db: Path, delib_id: int, field: str) -> str:
    shown = json.loads(invoke("show", delib_id, "--provenance", "--json", "--db", db).stdout)
    entry = next(f for f in shown["fields"] if f["field"] == field)
    return entry["snippet"][entry["snippet_start"]:entry["snippet_end"]]


@pytest.mark.parametrize("kind", ["born", "scan"])
@pytest.mark.parametrize("field", ["date_seance", "objet"])
def test_the_boxes_of_a_value_lie_over_its_words_on_the_page(review_archive, kind, field):
    if kind not in review_archive["ids"]:
        pytest.skip("the scan needs Tesseract with French data (apt-get install tesseract-ocr-fra)")
    db, [delib_id] = review_archive["db"], review_archive["ids"][kind]
    boxes, source = _place(db, delib_id, field)
    assert boxes["why"] is None and boxes["rects"]
    shown = [(r["left"], r["top"], r["right"], r["bottom"]) for r in boxes["rects"]]
    places = true_lines(review_archive["sources"][kind], source["page"], _span_text(db, delib_id, field))
    assert places, "the value's words are printed on the page"
    assert any(covers(shown, place) for place in places), (shown, places)


def test_text_layer_words_and_page_images_come_from_the_kept_original(review_archive):
    db = review_archive["db"]
    with Archive.open(db) as archive:
        [delib_id] = review_archive["ids"]["born"]
        delib = archive.get_deliberation(delib_id)
        text = archive.conn.execute("SELECT text FROM pages WHERE sha256 = ? AND number = 1",
                                    (delib["sha256"],)).fetchone()[0]
        original = archive.original_path(delib["sha256"])
    words = text_layer_words(original, 1, text)
    assert len(words) == len(text.split())  # every word of the stored text is found on the page
    png = render_page(original, 1, width=600)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_ocr_word_boxes_are_kept_at_import_at_a_small_cost(review_archive):
    if "scan" not in review_archive["ids"]:
        pytest.skip("needs Tesseract with French data")
    with Archive.open(review_archive["db"]) as archive:
        blob, text = archive.conn.execute(
            "SELECT w.words, p.text FROM page_words w JOIN pages p USING (sha256, number)").fetchone()
        assert archive.conn.execute("SELECT count(*) FROM page_words").fetchone()[0] == 1  # the scan only
    words = decode_words(blob)
    assert [text[w.start:w.end] for w in words] == text.split()
    assert len(blob) < 10 * len(words)  # bytes a word (about 7 measured)


def _crafted(tmp_path: Path, pages: list[str], provenance: list[Provenance], kind: str = "pdf") -> tuple[Path, int]:
    """An archive of one document with hand-made page texts over a real PDF (or text file)."""
    import make_scans

    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"doc.{kind}"
    path.write_bytes(make_scans.typeset(["Séance du 14 mars 2021", "Objet : Tarifs"]) if kind == "pdf"
                     else "\f".join(pages).encode())
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    delib = Deliberation(objet="Tarifs", date_seance="2021-03-14", confidence={"objet": 0.9},
                         provenance=provenance, text=" ".join(pages))
    record = Record(str(path), sha, len(pages), False, "extrait", "Commune", [delib])
    document = Document(path, sha, path.stat().st_size, kind, [Page(i + 1, t) for i, t in enumerate(pages)])
    db = tmp_path / "registre.db"
    with Archive.open(db) as archive:
        [delib_id] = archive.add_document(record, document)
    return db, delib_id


def test_where_no_box_can_be_found_the_reason_is_given(tmp_path):
    pages = ["Séance du 14 mars 2021", "Objet : Tarifs"]
    prov = [Provenance("date_seance", 1, 10, 22, 0.9), Provenance("objet", 2, 8, 14, 0.9)]
    db, delib_id = _crafted(tmp_path / "pdf", pages, prov)
    with Archive.open(db) as archive:
        found = field_boxes(archive, archive.get_deliberation(delib_id))
    assert found["date_seance"]["why"] is None and found["date_seance"]["rects"][0]["page"] == 1
    assert found["objet"]["rects"][0]["page"] == 2 and "numero" not in found

    other = ["Une autre page", "que celle du fichier"]  # the stored text is not the file's
    db, delib_id = _crafted(tmp_path / "mismatch", other, [Provenance("objet", 2, 4, 9, 0.9)])
    with Archive.open(db) as archive:
        assert field_boxes(archive, archive.get_deliberation(delib_id))["objet"] == {
            "page": 2, "rects": [], "why": NOT_FOUND}
    db, delib_id = _crafted(tmp_path / "txt", pages, prov, kind="txt")
    with Archive.open(db) as archive:
        assert field_boxes(archive, archive.get_deliberation(delib_id))["objet"]["why"] == NO_IMAGE


def test_accepting_every_field_of_a_failed_check_takes_it_out_of_the_queue(review_archive, tmp_path):
    db = copy_archive(review_archive["db"], tmp_path)
    [doubt] = review_archive["ids"]["doubt"]
    with Archive.open(db) as archive:
        queue = review_queue(archive, limit=None, doubts=QueueFilter(doubtful_only=True))
        assert queue[0]["id"] == doubt and queue[0]["reasons"][0].startswith("vote_sum:")
        assert set(queue[0]["fields"]) >= {"vote_pour", "vote_contre", "vote_abstention", "votants"}
        assert review_ids(archive, doubts=QueueFilter(check="vote_sum")) == [doubt]
        assert review_ids(archive, doubts=QueueFilter(field="vote_contre", doubtful_only=True)) == [doubt]
        assert review_ids(archive, doubts=QueueFilter(field="lieu", doubtful_only=True)) == []
        cli = json.loads(invoke("review", "--check", "vote_sum", "--json", "--db", db).stdout)
        assert [e["id"] for e in cli] == [doubt]
        before = review_progress(archive)
        for field in ("vote_pour", "vote_contre", "vote_abstention"):
            accept(archive, doubt, field)
        assert doubt in review_ids(archive, doubts=QueueFilter(doubtful_only=True))  # votants not yet checked
        done = accept(archive, doubt, "votants")
        assert done.value == done.machine_value == 12
        assert doubt not in review_ids(archive, doubts=QueueFilter(doubtful_only=True))
        after = review_progress(archive)
        assert after["left"] == before["left"] - 1 and after["checked_today"] == before["checked_today"] + 1
        undo(archive, doubt, "votants")
        assert doubt in review_ids(archive, doubts=QueueFilter(doubtful_only=True))
        correct(archive, doubt, "votants", "14")  # the right count: the check now passes
        assert doubt not in review_ids(archive, doubts=QueueFilter(doubtful_only=True))
