"""Import over a thousand malformed inputs mixed with good files; nothing may crash.

Generates, in a fresh folder: good born-digital PDFs (some inside zips), good text files (UTF-8
and Windows-1252), and malformed inputs of every kind an archive meets — PDFs truncated at
random offsets, random bytes named .pdf, zero-byte files, encrypted PDFs, PDFs with broken
objects or garbage after the header, PDFs without pages, a 10,000-page PDF, pages of absurd
size, zip archives with unsafe member paths (zip-slip), zip bombs, zips nested too deep,
damaged zips, text files that are not text (UTF-16, binary). Then runs ``registre import`` as
a user would and checks:

- the import ends (exit code 8: files quarantined), with no traceback on stderr and no worker
  crash;
- every malformed input is in quarantine with a one-line reason (a zip's refused member counts
  for the zip);
- every good file is imported, and the Windows-1252 text kept its accents;
- ``PRAGMA integrity_check`` is ok.

PDFs whose cross-reference table only is broken are reported apart: pdfium rebuilds the table
from the objects, so such a file is either quarantined or imported with exactly the
deliberations of its intact twin — both are right; importing damaged text would not be.

Usage:
    python bench/malformed.py [--out DIR] [--good 100] [--workers N]

Prints a summary on stderr and one JSON line on stdout; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pikepdf

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXE = shutil.which("registre") or str(Path(sys.executable).parent / "registre")
PROSE = ("Séance du conseil municipal du {d} mars 2021. Le conseil municipal, après en avoir "
         "délibéré, décide à l'unanimité d'accorder une subvention de {n} euros à l'école "
         "élémentaire. Adoptée à l'unanimité.\n")


class Corpus:
    """The generated inputs: good files (path -> intact twin or None) and malformed ones."""

    def __init__(self, folder: Path, seed: int):
        self.folder = folder
        self.rng = random.Random(seed)
        self.good: list[str] = []
        self.cp1252: list[str] = []
        self.malformed: dict[str, str] = {}  # path -> kind
        self.xref: dict[str, str] = {}  # broken-xref file -> its intact twin

    def put(self, sub: str, name: str, data: bytes, kind: str | None) -> Path:
        path = self.folder / sub / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if kind is None:
            self.good.append(str(path))
        else:
            self.malformed[str(path)] = kind
        return path


def build(folder: Path, n_good: int, seed: int) -> Corpus:
    corpus = Corpus(folder, seed)
    sources = make_samples.make_corpus(folder / "good", n_good, seed, pages=(1, 2),
                                       workers=os.cpu_count() or 1)
    corpus.good += [str(p) for p in sources]
    pdfs = [p.read_bytes() for p in sources]
    rng = corpus.rng
    _text_files(corpus)
    for i in range(300):
        data = rng.choice(pdfs)
        corpus.put("truncated", f"t{i:03d}.pdf", data[:rng.randrange(1, len(data) - 8)],
                   "truncated")
    for i in range(200):
        corpus.put("random", f"r{i:03d}.pdf", rng.randbytes(rng.randrange(1, 20_000)), "random")
    for i in range(100):
        corpus.put("header", f"h{i:03d}.pdf", b"%PDF-1.7\n" + rng.randbytes(rng.randrange(0, 5000)),
                   "header+garbage")
    for i in range(50):
        corpus.put("empty", f"e{i:02d}.{'pdf' if i % 5 else 'txt'}", b"", "zero-byte")
    for i in range(50):
        corpus.put("encrypted", f"c{i:02d}.pdf", _encrypt(rng.choice(sources)), "encrypted")
    damages = (_streams_garbage, _catalog_broken, _kids_emptied, _objects_garbage)
    for i in range(160):
        damage = damages[i % len(damages)]
        corpus.put("objects", f"o{i:03d}.pdf", damage(rng.choice(pdfs), rng), "broken objects")
    for i in range(30):
        corpus.put("nopages", f"z{i:02d}.pdf", _no_pages(), "0 pages")
    corpus.put("huge", "10000-pages.pdf", _many_pages(10_000), "10,000 blank pages")
    for i in range(10):
        corpus.put("huge", f"giant{i}.pdf", _giant_page(100_000 + 50_000 * i), "huge page")
    _zips(corpus, pdfs)
    for i in range(60):
        kind, data = _not_text(i, rng)
        corpus.put("nottext", f"n{i:02d}.txt", data, kind)
    for i in range(100):
        j = rng.randrange(len(pdfs))
        path = corpus.put("xref", f"x{i:03d}.pdf", _xref_garbage(pdfs[j], rng), "broken xref")
        corpus.xref[str(path)] = str(sources[j])
        del corpus.malformed[str(path)]
    return corpus


def _text_files(corpus: Corpus) -> None:
    for i in range(10):
        text = "".join(PROSE.format(d=i + 1, n=100 * (i + k)) for k in range(3))
        corpus.put("text", f"utf8-{i}.txt", text.encode("utf-8"), None)
        path = corpus.put("text", f"cp1252-{i}.txt", text.encode("cp1252"), None)
        corpus.cp1252.append(str(path))


def _encrypt(source: Path) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(source) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    return out.getvalue()


def _streams_garbage(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for m in re.finditer(rb"(?<!end)stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        if end > m.end():
            out[m.end():end] = rng.randbytes(end - m.end())
    return bytes(out)


def _catalog_broken(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"/Type /Catalog", b"/Type /Catalxg").replace(b"/Pages ", b"/Pagex ")


def _kids_emptied(data: bytes, rng: random.Random) -> bytes:
    return re.sub(rb"/Kids \[[^\]]*\]", lambda m: b"/Kids [" + b" " * (len(m[0]) - 8) + b"]", data)


def _objects_garbage(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    end = data.rindex(b"\nxref")
    for _ in range(len(out) // 10):
        out[rng.randrange(15, end)] = rng.randrange(256)
    return bytes(out)


def _xref_garbage(data: bytes, rng: random.Random) -> bytes:
    start = data.rindex(b"\nxref") + 5
    end = data.index(b"trailer", start)
    return data[:start] + bytes(rng.choice(b"0123456789 ") for _ in range(end - start)) + data[end:]


def _no_pages() -> bytes:
    out = io.BytesIO()
    pikepdf.new().save(out)
    return out.getvalue()


def _many_pages(n: int) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    for _ in range(n - 1):
        pdf.pages.append(pdf.pages[0])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _giant_page(side: int) -> bytes:
    """A page ``side`` points square (the PDF limit is 14,400) holding one image: a 'scan'."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    pdf.pages[0].MediaBox = pikepdf.Array([0, 0, side, side])  # pikepdf refuses it directly
    image = pikepdf.Stream(pdf, bytes(range(256)) * 4)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = 32, 32
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 8
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(f"q {side} 0 0 {side} 0 0 cm /Im0 Do Q".encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2021, 3, 1, 0, 0, 0)), data, compression)
    return out.getvalue()


def _zips(corpus: Corpus, pdfs: list[bytes]) -> None:
    rng = corpus.rng
    escapes = ("../evil.pdf", "../../etc/cron.d/evil.pdf", "/tmp/evil.pdf", "C:/Windows/evil.pdf",
               "a/../../evil.pdf", "..\\..\\evil.pdf")
    for i in range(50):
        members = {escapes[i % len(escapes)]: rng.choice(pdfs)}
        good = i % 5 == 0
        if good:  # a good member beside the bad one is imported
            members[f"ok/{i}.pdf"] = pdfs[i % len(pdfs)] + f"\n%member {i}\n".encode()
        path = corpus.put("zipslip", f"slip{i:02d}.zip", _zip(members), "zip-slip")
        if good:
            corpus.good.append(f"{path}!/ok/{i}.pdf")
    zeros = bytes(8 << 20)
    for i in range(10):
        corpus.put("bombs", f"bomb{i}.zip", _zip({"a.pdf": pdfs[0], f"{i}.txt": zeros}), "zip bomb")
    corpus.put("bombs", "wide.zip", _zip({f"{k:04d}.txt": bytes(1 << 20) for k in range(300)}),
               "zip bomb")
    nested = _zip({"x.pdf": pdfs[0]})
    for _ in range(6):
        nested = _zip({"in.zip": nested})
    for i in range(5):
        corpus.put("bombs", f"deep{i}.zip", nested, "zips nested too deep")
    for i in range(30):
        data = _zip({"a.pdf": rng.choice(pdfs)})
        bad = data[:rng.randrange(10, len(data) - 1)] if i % 2 else rng.randbytes(200)
        corpus.put("badzip", f"b{i:02d}.zip", bad, "damaged zip")


def _not_text(i: int, rng: random.Random) -> tuple[str, bytes]:
    text = PROSE.format(d=i % 28 + 1, n=i)
    if i % 3 == 0:
        return "UTF-16 text", text.encode("utf-16-le")
    if i % 3 == 1:
        return "binary named .txt", rng.randbytes(rng.randrange(50, 4000))
    return "text with NUL bytes", text.encode("utf-8").replace(b" ", b"\x00")


def run_import(folder: Path, db: Path, workers: int | None) -> tuple[subprocess.CompletedProcess, float]:
    cmd = [EXE, "import", str(folder), "--db", str(db), "--json"]
    if workers:
        cmd += ["--workers", str(workers)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    return done, time.perf_counter() - start


def check(corpus: Corpus, db: Path, done: subprocess.CompletedProcess) -> dict:
    with sqlite3.connect(db) as conn:
        quarantine = dict(conn.execute("SELECT path, reason FROM quarantine"))
        imported = {p for (paths,) in conn.execute("SELECT paths FROM documents")
                    for p in json.loads(paths)}
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        deliberations = _deliberations_by_path(conn)
        accents = [conn.execute("SELECT text FROM pages WHERE sha256 = (SELECT sha256 FROM documents"
                                " WHERE path = ?)", (p,)).fetchone() for p in corpus.cp1252]
    by_file: dict[str, list[str]] = {}
    for path, reason in quarantine.items():
        by_file.setdefault(path.split("!/", 1)[0], []).append(reason)
    missing = [p for p in corpus.malformed if p not in by_file]
    bad_reasons = [r for rs in by_file.values() for r in rs if not r.strip() or "\n" in r]
    xref_imported = [p for p in corpus.xref if p in imported]
    xref_differs = [p for p in xref_imported if deliberations.get(p) != deliberations.get(corpus.xref[p])]
    xref_silent = [p for p in corpus.xref if p not in imported and p not in by_file]
    result = {
        "exit_code": done.returncode,
        "malformed": len(corpus.malformed),
        "malformed_quarantined": len(corpus.malformed) - len(missing),
        "malformed_imported": sorted(set(corpus.malformed) & imported),
        "good": len(corpus.good),
        "good_imported": sum(p in imported for p in corpus.good),
        "good_not_imported": [p for p in corpus.good if p not in imported][:10],
        "cp1252_accents_kept": all(row and "délibéré" in row[0] for row in accents),
        "xref_broken": len(corpus.xref),
        "xref_quarantined": len(corpus.xref) - len(xref_imported) - len(xref_silent),
        "xref_repaired_identical": len(xref_imported) - len(xref_differs),
        "xref_repaired_different": xref_differs,
        "reasons_not_one_line": len(bad_reasons),
        "tracebacks": done.stderr.count("Traceback"),
        "worker_crashes": sum("process died" in r for r in quarantine.values()),
        "integrity_check": integrity,
        "missing_from_quarantine": missing[:10],
    }
    result["ok"] = bool(
        done.returncode == 8 and not missing and not result["malformed_imported"]
        and result["good_imported"] == result["good"] and result["cp1252_accents_kept"]
        and not xref_differs and not xref_silent and not bad_reasons
        and result["tracebacks"] == 0 and result["worker_crashes"] == 0 and integrity == "ok")
    return result


def _deliberations_by_path(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    sql = ("SELECT doc.path, d.numero, d.objet, d.date_seance, d.decision, d.votants, d.text"
           " FROM deliberations d JOIN documents doc ON doc.sha256 = d.sha256"
           " ORDER BY doc.path, d.position")
    for path, *fields in conn.execute(sql):
        out.setdefault(path, []).append(tuple(fields))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="folder to generate into (default: a temporary one)")
    parser.add_argument("--good", type=int, default=100, help="good born-digital PDFs")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, help="import workers (default: the CPU count)")
    args = parser.parse_args(argv)
    work = args.out or Path(tempfile.mkdtemp(prefix="registre-malformed-"))
    if work.exists():
        shutil.rmtree(work)
    start = time.perf_counter()
    corpus = build(work / "in", args.good, args.seed)
    built = time.perf_counter() - start
    db = work / "archive.db"
    done, took = run_import(work / "in", db, args.workers)
    result = check(corpus, db, done)
    result.update(generate_s=round(built, 1), import_s=round(took, 1),
                  stderr_lines=len(done.stderr.splitlines()))
    for key, value in result.items():
        print(f"{key:26} {value}", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))
    if not args.out:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
