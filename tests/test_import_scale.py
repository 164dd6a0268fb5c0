"""Bulk import: zips (nested, unsafe, bombs), content sniffing, resumability after kill -9,
quarantine and retry, workers and Dask giving the archive a sequential run gives, verify."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from multiprocessing.connection import wait
from pathlib import Path

import make_samples
import pytest
from cli_runner import invoke

from registre import pipeline, scheduler
from registre.ingest import zips
from registre.ingest.discover import discover, discover_inputs
from registre.pipeline import ImportOptions, import_paths
from registre.scheduler import PoolRunner, WorkerCrashed
from registre.store.archive import Archive

EXE = shutil.which("registre") or str(Path(sys.executable).parent / "registre")


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, compression)
    return buffer.getvalue()


def pdf(samples, kind: str = "extrait_single_column") -> bytes:
    return samples[kind][0].read_bytes()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Everything an import stores, run-specific columns (times, import ids) left out."""
    queries = {
        "documents": "SELECT sha256, path, paths, size, kind, pages, ocr, doc_type, collectivite,"
                     " siren, status, unread_pages FROM documents ORDER BY sha256",
        "pages": "SELECT * FROM pages ORDER BY sha256, number",
        "deliberations": "SELECT * FROM deliberations ORDER BY id",
        "persons": "SELECT * FROM persons ORDER BY deliberation_id, rowid",
        "articles": "SELECT * FROM articles ORDER BY deliberation_id, number",
        "provenance": "SELECT * FROM provenance ORDER BY deliberation_id, rowid",
        "search": "SELECT rowid FROM deliberations_fts WHERE deliberations_fts MATCH 'conseil'"
                  " ORDER BY rowid",
    }
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


# -- discovery -----------------------------------------------------------------------------


def test_folder_walk_takes_pdfs_by_content_and_zips_by_name(tmp_path, samples):
    (tmp_path / "scan_2019").write_bytes(pdf(samples))  # a PDF without extension
    (tmp_path / "notes.md").write_text("Le conseil municipal s'est réuni en séance.", "utf-8")
    (tmp_path / "lettre.docx").write_bytes(zip_bytes({"word/document.xml": b"<w/>"}))
    (tmp_path / "lot.ZIP").write_bytes(zip_bytes({"a.pdf": pdf(samples)}))
    (tmp_path / "~$brouillon.pdf").write_bytes(pdf(samples))
    assert [p.name for p in discover([tmp_path])] == ["lot.ZIP", "scan_2019"]


def test_zip_members_nested_zips_and_hidden_members(tmp_path, samples):
    inner = zip_bytes({"deep/cr.pdf": pdf(samples, "compte_rendu")})
    (tmp_path / "lot.zip").write_bytes(zip_bytes({
        "2019/extrait.pdf": pdf(samples),
        "2019/notes.txt": "Séance du 3 mars 2020. Le conseil municipal s'est réuni.".encode(),
        "2019/Thumbs.db": b"\x00" * 64,
        "__MACOSX/2019/._extrait.pdf": b"\x00\x05\x16\x07",
        "2019/.DS_Store": b"\x00",
        "2020/inner.zip": inner,
        "2021/sans-extension": pdf(samples, "proces_verbal"),
    }))
    found = list(discover_inputs([tmp_path]))
    base = str(tmp_path / "lot.zip")
    assert [i.name for i in found] == [f"{base}!/2019/extrait.pdf", f"{base}!/2019/notes.txt",
                                       f"{base}!/2020/inner.zip!/deep/cr.pdf",
                                       f"{base}!/2021/sans-extension"]
    assert found[0].data == pdf(samples) and found[0].path is None and not found[0].refused


@pytest.mark.parametrize("member", ["../evil.pdf", "a/../../evil.pdf", "/etc/evil.pdf",
                                    "C:/evil.pdf", "..\\..\\evil.pdf"])
def test_zip_slip_member_is_refused_and_the_rest_imported(tmp_path, db, samples, member):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lot.zip").write_bytes(zip_bytes({member: pdf(samples), "ok.pdf": pdf(samples)}))
    result = invoke("import", folder, "--db", db, "--json")
    assert result.exit_code == 8
    summary = json.loads(result.stdout)
    assert summary["new"] == 1 and summary["failed"] == 1
    [failure] = summary["failures"]
    assert failure["path"].endswith(f"lot.zip!/{member}")
    assert "escape" in failure["reason"] and "\n" not in failure["reason"]
    assert not list(tmp_path.rglob("evil.pdf"))


def test_zip_bomb_is_refused_whole_before_decompression(tmp_path, db, samples):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.zip").write_bytes(zip_bytes({"a.pdf": pdf(samples), "z.txt": bytes(4 << 20)}))
    result = invoke("import", folder, "--db", db, "--json")
    assert result.exit_code == 8
    summary = json.loads(result.stdout)
    assert summary["new"] == 0
    assert [f["path"] for f in summary["failures"]] == [str(folder / "bomb.zip")]
    assert "zip bomb" in summary["failures"][0]["reason"]


def test_zip_budget_counts_nested_zips_and_depth_is_bounded(tmp_path, samples):
    nested = zip_bytes({"x.pdf": pdf(samples)}, compression=zipfile.ZIP_STORED)
    for _ in range(zips.DEFAULT_MAX_DEPTH):
        nested = zip_bytes({"in.zip": nested}, compression=zipfile.ZIP_STORED)
    (tmp_path / "deep.zip").write_bytes(nested)
    [refused] = list(discover_inputs([tmp_path / "deep.zip"]))
    assert "nested more than" in refused.refused
    (tmp_path / "big.zip").write_bytes(zip_bytes({"a.pdf": pdf(samples), "b.pdf": pdf(samples)}))
    members = list(zips.read_zip(tmp_path / "big.zip", wanted=lambda n: True,
                                 hidden=lambda n: False, max_total=len(pdf(samples)) + 10))
    assert len(members) == 1 and "zip bomb" in members[0].refused


def test_damaged_zip_member_names_the_member_never_a_temporary_file(tmp_path, db, samples,
                                                                   caplog):
    folder = tmp_path / "in"
    folder.mkdir()
    no_kids = re.sub(rb"/Kids \[[^\]]*\]", lambda m: b"/Kids [" + b" " * (len(m[0]) - 8) + b"]",
                     pdf(samples))  # pages pdfium cannot load: warnings name the file
    (folder / "lot.zip").write_bytes(zip_bytes({"cut.pdf": pdf(samples)[:400], "kids.pdf": no_kids}))
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with Archive.open(db) as archive:
        summary = import_paths([folder], archive, ImportOptions(workers=1))
    reasons = dict(summary.failures)
    lot = f"{folder / 'lot.zip'}!/"
    assert set(reasons) == {str(folder / "broken.zip"), f"{lot}cut.pdf", f"{lot}kids.pdf"}
    assert reasons[f"{lot}cut.pdf"].startswith(f"{lot}cut.pdf: ")
    assert "not a readable zip" in reasons[str(folder / "broken.zip")]
    logged = [r.getMessage() for r in caplog.records]
    assert any(m.startswith(f"{lot}kids.pdf: page 1") for m in logged), logged
    assert all("registre-" not in m for m in [*reasons.values(), *logged])


def test_kind_is_decided_by_content_not_name(tmp_path, db, samples):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "vraiment.txt").write_bytes(pdf(samples))
    (folder / "faux.pdf").write_text(
        "Séance du conseil municipal du 3 mars 2020. Le conseil municipal, après en avoir "
        "délibéré, adopte le budget à l'unanimité.", encoding="utf-8")
    with Archive.open(db) as archive:
        summary = import_paths([folder], archive, ImportOptions(workers=1))
        kinds = dict(archive.conn.execute("SELECT path, kind FROM documents"))
    assert summary.new == 2
    assert kinds == {str(folder / "vraiment.txt"): "pdf", str(folder / "faux.pdf"): "txt"}


# -- archive content: zips, duplicates, originals, verify ----------------------------------


def test_zip_members_are_archived_with_their_originals_and_verify(tmp_path, db, samples):
    folder = tmp_path / "in"
    folder.mkdir()
    extrait = pdf(samples)
    (folder / "lot.zip").write_bytes(zip_bytes({"a/extrait.pdf": extrait}))
    (folder / "copie.pdf").write_bytes(extrait)  # the same content, found twice in one run
    assert invoke("import", folder, "--db", db, "--workers", "2").exit_code == 0
    with Archive.open(db) as archive:
        [(path, paths, sha)] = archive.conn.execute("SELECT path, paths, sha256 FROM documents")
        kept = archive.original_path(sha)
    assert kept.read_bytes() == extrait
    assert sorted(json.loads(paths)) == sorted([str(folder / "copie.pdf"),
                                                f"{folder / 'lot.zip'}!/a/extrait.pdf"])
    report = json.loads(invoke("verify", "--db", db, "--json").stdout)
    assert report["checked"] == 1 and report["missing"] == report["altered"] == []


def test_verify_reports_missing_and_altered_originals_and_import_restores(sample_folder, db):
    assert invoke("import", sample_folder, "--db", db, "--workers", "1").exit_code == 0
    kept = sorted(p for p in Path(f"{db}.files").rglob("*") if p.is_file())
    kept[0].unlink()
    kept[1].write_bytes(b"altered")
    result = invoke("verify", "--db", db)
    assert result.exit_code == 5
    assert f"missing  {kept[0].name}" in result.stdout and f"altered  {kept[1].name}" in result.stdout
    assert "2 original(s) missing or altered" in result.stderr
    kept[1].unlink()
    assert invoke("import", sample_folder, "--db", db, "--workers", "1").exit_code == 0
    assert invoke("verify", "--db", db).exit_code == 0


# -- quarantine ------------------------------------------------------------------------------


def test_quarantine_listing_rerun_exit_code_and_retry_failed(sample_folder, db, monkeypatch):
    (sample_folder / "vide.pdf").write_bytes(b"")
    victim = sorted(sample_folder.glob("*.pdf"))[0]
    real = pipeline.to_record

    def flaky(document):  # a stage failing on one file, as a bug or a timeout would
        if document.path.name == victim.name:
            raise RuntimeError("stage broke\nwith a second line")
        return real(document)

    monkeypatch.setattr(pipeline, "to_record", flaky)
    first = invoke("import", sample_folder, "--db", db, "--workers", "1", "--json")
    assert first.exit_code == 8 and json.loads(first.stdout)["failed"] == 2
    listed = json.loads(invoke("quarantine", "--db", db, "--json").stdout)
    assert {row["path"] for row in listed} == {str(victim), str(sample_folder / "vide.pdf")}
    assert all(row["reason"] and "\n" not in row["reason"] for row in listed)
    assert {row["stage"] for row in listed} == {"read", "extract"}
    table = invoke("quarantine", "--db", db)
    assert table.exit_code == 0 and "vide.pdf" in table.stdout

    again = invoke("import", sample_folder, "--db", db, "--workers", "1", "--json")
    assert again.exit_code == 8  # nothing new, but files of this import are still in quarantine
    assert json.loads(again.stdout)["still_quarantined"] == 2

    monkeypatch.setattr(pipeline, "to_record", real)
    retry = invoke("import", "--retry-failed", "--db", db, "--workers", "1", "--json")
    assert retry.exit_code == 8
    assert json.loads(retry.stdout)["new"] == 1 and json.loads(retry.stdout)["failed"] == 1
    listed = json.loads(invoke("quarantine", "--db", db, "--json").stdout)
    assert [row["path"] for row in listed] == [str(sample_folder / "vide.pdf")]
    stats = json.loads(invoke("stats", "--db", db, "--json").stdout)
    assert stats["quarantined"] == 1
    (sample_folder / "vide.pdf").unlink()
    assert invoke("import", sample_folder, "--db", db).exit_code == 0


def test_import_without_paths_is_a_usage_error(db):
    assert invoke("import", "--db", db).exit_code == 2


# -- workers, Dask, crashes ------------------------------------------------------------------


def crash_on_boom(job):
    if job == "boom":
        os._exit(3)  # a native crash, as pdfium could on a malformed file
    return job * 2


def test_a_worker_that_dies_costs_only_its_own_file():
    with PoolRunner(2) as pool:
        results = list(pool.run(crash_on_boom, [1, 2, "boom", 4, 5, 6]))
    assert [job for job, _ in results] == [1, 2, "boom", 4, 5, 6]
    assert isinstance(results[2][1], WorkerCrashed)
    assert [r for j, r in results if j != "boom"] == [2, 4, 8, 10, 12]


def test_a_pool_replaced_after_a_crash_leaves_no_worker_behind():
    """A broken pool may have spawned a worker for a job submitted as it broke, which nothing
    terminates: it would wait for work forever and hold the interpreter's exit. Replacing the
    pool ends every worker of the old one."""
    runner = PoolRunner(2)
    old = runner._start()
    assert old.submit(crash_on_boom, 1).result() == 2
    workers = list(old._processes.values())
    assert workers and all(p.is_alive() for p in workers)
    try:
        runner._start()
        # every worker has exited, now: its sentinel is ready. (is_alive() may still say True:
        # the old pool's own thread reaps the workers too, and the join that lost that race
        # cannot read their exit status, so is_alive() lags until that thread has stored it)
        exited = wait([p.sentinel for p in workers], timeout=0)
        assert len(exited) == len(workers)
    finally:
        runner.close()


def test_a_job_submitted_to_a_pool_already_broken_is_recovered_not_raised():
    """A crash can break the pool between two submissions (resubmitting after a recovery):
    the next submission's BrokenProcessPool is its future's failure, not the run's."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    broken = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    with pytest.raises(BrokenProcessPool):
        broken.submit(crash_on_boom, "boom").result()
    future = scheduler._submit(broken, crash_on_boom, 4)
    assert isinstance(future.exception(), BrokenProcessPool)
    broken.shutdown()


def test_scheduler_local_gives_the_archive_workers_1_gives(sample_folder, tmp_path, samples):
    (sample_folder / "lot.zip").write_bytes(zip_bytes({"x/cr.pdf": pdf(samples, "compte_rendu")
                                                       + b"\n%extra"}))
    results = {}
    for name, options in {"sequential": ImportOptions(workers=1),
                          "dask": ImportOptions(workers=2, scheduler="local")}.items():
        db = tmp_path / f"{name}.db"
        with Archive.open(db) as archive:
            summary = import_paths([sample_folder], archive, options)
        assert summary.failed == 0 and summary.new == 5
        results[name] = snapshot(db)
    assert results["dask"] == results["sequential"] and results["sequential"]["deliberations"]


def test_unreachable_scheduler_exits_7_with_one_line(sample_folder, db, monkeypatch):
    monkeypatch.setattr(scheduler, "DEFAULT_CONNECT_TIMEOUT_S", 1)
    result = invoke("import", sample_folder, "--db", db, "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 7
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_progress_reports_every_file_with_pages_and_total(sample_folder, db):
    events = []
    with Archive.open(db) as archive:
        import_paths([sample_folder], archive, ImportOptions(workers=1), events.append)
        import_paths([sample_folder], archive, ImportOptions(workers=1), events.append)
    n = len(list(sample_folder.glob("*.pdf")))
    assert [e.done for e in events] == list(range(1, n + 1)) * 2
    assert all(e.total == n for e in events)
    assert all(e.state == "new" and e.pages >= 1 for e in events[:n])
    assert all(e.state == "skipped" and e.pages == 0 for e in events[n:])


# -- kill -9 in the middle -------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_samples.make_corpus(folder, 40, seed=3, pages=1)
    return folder


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_mid_import_then_rerun_gives_exactly_a_clean_import(corpus, tmp_path):
    clean = tmp_path / "clean.db"
    with Archive.open(clean) as archive:
        assert import_paths([corpus], archive, ImportOptions(workers=1)).new == 40

    db = tmp_path / "killed.db"
    proc = subprocess.Popen([EXE, "import", str(corpus), "--db", str(db), "--workers", "1",
                             "--quiet"], start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(db) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    stored = _count(db)
    assert 5 <= stored < 40, stored  # killed mid-way, with documents committed

    rerun = subprocess.run([EXE, "import", str(corpus), "--db", str(db), "--workers", "2",
                            "--json"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["skipped"] == stored and summary["new"] == 40 - stored
    assert "Traceback" not in rerun.stderr
    assert snapshot(db) == snapshot(clean)  # none lost, none twice, same ids
    report = json.loads(invoke("verify", "--db", db, "--json").stdout)
    assert report["checked"] == 40 and report["missing"] == report["altered"] == []
    with sqlite3.connect(db) as conn:
        runs = conn.execute("SELECT status, new FROM imports ORDER BY id").fetchall()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert runs[0][0] == "running" and runs[1] == ("done", 40 - stored)


def test_sigterm_stops_an_import_cleanly_with_exit_130(corpus, tmp_path):
    db = tmp_path / "term.db"
    proc = subprocess.Popen([EXE, "import", str(corpus), "--db", str(db), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while _count(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in stderr, stderr
    with sqlite3.connect(db) as conn:
        [(status, new)] = conn.execute("SELECT status, new FROM imports").fetchall()
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert status == "interrupted" and new == documents < 40


@pytest.mark.parametrize("command", ["verify", "quarantine", "import"])
def test_new_commands_have_help_with_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Example" in result.output
