"""Which plain extraction patterns would be faster searched near their words (``quick.anchored``).

    python bench/anchor_candidates.py [FOLDER ...] [--top 40]

Every module-level pattern of ``registre.extract`` that has anchors (``quick.find_anchors``) but
is searched by the engine at every position is wrapped, the documents of FOLDER (default the
dev texts of ../shared/corpus, ``.txt`` files or PDFs read as ``registre parse`` reads them) are
extracted, and each call the rules made (``search``, ``match``, ``finditer`` with its text and
range) is recorded. The calls are then replayed with the pattern and with ``quick.Anchored`` over
it, side by side, best of three, and compared: a candidate is worth anchoring where the gain is
large and the matches are the same (they always should be: a difference is a bug in
``find_anchors``). Where a word is everywhere ("de", "au"), ``Anchored`` falls back to the
engine's own scan, so a pattern rarely loses much; a replay shows what it gains on real calls.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

from corpus import read_cached  # bench/ is on the path of a bench script

import registre.extract
from registre.extract import quick
from registre.extract.deliberation import extract

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev" / "text"
Call = tuple[str, int, tuple, dict]  # method, id of the text, the other arguments


class _Recorder:
    """A pattern that remembers each call made of it before making it."""

    def __init__(self, rx: re.Pattern[str], calls: list[Call], texts: dict[int, str]):
        self.rx, self._calls, self._texts = rx, calls, texts

    def _record(self, method: str, text: str, *args, **kwargs):
        self._texts.setdefault(id(text), text)
        self._calls.append((method, id(text), args, kwargs))
        return getattr(self.rx, method)(text, *args, **kwargs)

    def search(self, text, *args, **kwargs):
        return self._record("search", text, *args, **kwargs)

    def match(self, text, *args, **kwargs):
        return self._record("match", text, *args, **kwargs)

    def finditer(self, text, *args, **kwargs):
        return self._record("finditer", text, *args, **kwargs)

    def __getattr__(self, name: str):  # sub, findall, pattern…: the pattern's own, not recorded
        return getattr(self.rx, name)


def _documents(folders: list[Path]) -> list[list[str]]:
    pages = []
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix == ".txt":
                pages.append([path.read_text(encoding="utf-8")])
            elif path.suffix == ".pdf":
                pages.append([p.text for p in read_cached(path, "never", None).pages])
    return pages


def _replay(rx, calls: list[Call], texts: dict[int, str]) -> tuple[float, list]:
    best, out = float("inf"), []
    for _ in range(3):
        started, out = time.perf_counter(), []
        for method, text_id, args, kwargs in calls:
            text = texts[text_id]
            if method == "finditer":
                out.append([m.span() for m in rx.finditer(text, *args, **kwargs)])
            else:
                m = getattr(rx, method)(text, *args, **kwargs)
                out.append(m.span() if m else None)
        best = min(best, time.perf_counter() - started)
    return best, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[CORPUS])
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    calls: dict[str, list[Call]] = {}
    texts: dict[int, str] = {}
    plain: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.iter_modules(registre.extract.__path__):
        module = importlib.import_module(f"registre.extract.{info.name}")
        for attr, value in list(vars(module).items()):
            if isinstance(value, re.Pattern) and quick.find_anchors(value):
                name = f"{info.name}.{attr}"
                plain[name] = value
                setattr(module, attr, _Recorder(value, calls.setdefault(name, []), texts))
    documents = _documents(args.folders)
    for pages in documents:
        extract(pages)
    rows = []
    for name, made in calls.items():
        if not made:
            continue
        rx = plain[name]
        engine, expected = _replay(rx, made, texts)
        near, found = _replay(quick.Anchored(rx, quick.find_anchors(rx)), made, texts)
        rows.append((engine - near, name, len(made), engine, near, found == expected))
    print(f"{len(documents)} documents; gain = engine - anchored, seconds over every call made")
    print(f"{'gain':>8} {'engine':>8} {'anchored':>8} {'calls':>6}  same  pattern")
    for gain, name, n, engine, near, same in sorted(rows, reverse=True)[:args.top]:
        print(f"{gain:8.4f} {engine:8.4f} {near:8.4f} {n:6d}  {'yes' if same else 'NO'}   {name}")
    return 0 if all(row[-1] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
