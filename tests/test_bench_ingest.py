"""bench/ingest.py's stage split: the three stages of an import, each timed, on real PDFs."""

from __future__ import annotations

import ingest  # bench/ingest.py (bench/ is on the path: see conftest.py)

from registre.store.archive import Archive


def test_stages_take_every_file_through_read_extract_and_store(sample_folder, tmp_path):
    files = sorted(sample_folder.glob("*.pdf"))
    db = tmp_path / "stages.db"
    split = ingest.stages(files, db)
    with Archive.open(db, create=False) as archive:
        stored = archive.select("SELECT count(*), sum(pages) FROM documents").fetchone()
    assert tuple(stored) == (len(files), split["pages"]) and split["pages"] >= len(files)
    stages = [split[f"{s}_cpu_ms_per_page"] for s in ("read", "extract", "store")]
    assert all(ms > 0 for ms in stages)
    assert abs(sum(stages) - split["total_cpu_ms_per_page"]) <= 0.02  # rounded apart
