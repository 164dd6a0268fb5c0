"""Which extraction patterns slow down more than linearly on runs of blanks, dots or capitals.

    python bench/regex_scaling.py [--n 1000] [--ratio 3]

Masked stamps and OCR leave long runs of spaces and blank lines; a pattern like ``\\s*°?\\s*``
scans such a run again from each of its positions. Each module-level pattern of
``registre.extract`` is run over a run of n and of 2n repetitions, side by side; a time ratio
near 2 is linear, near 4 quadratic, near 8 cubic. Patterns above ``--ratio`` are printed. A
pattern only ever tried at one position (``rx.match(text, pos)``) or inside a short window pays
this once, not at each position of a page: read its uses before rewriting it.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time

import registre.extract

RUNS = {"spaces": " ", "blank lines": "\n \n", "dots": ". ", "capitals": "AB ", "articles": "le la ",
        "figures": "12 ", "dashes": "- "}


def _seconds(rx: re.Pattern, text: str) -> float:
    started = time.perf_counter()
    for _ in rx.finditer(text):
        pass
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--ratio", type=float, default=3.0)
    args = parser.parse_args(argv)
    seen: set[int] = set()
    slow = 0
    for info in pkgutil.iter_modules(registre.extract.__path__):
        module = importlib.import_module(f"registre.extract.{info.name}")
        for name, rx in vars(module).items():
            if not isinstance(rx, re.Pattern) or id(rx) in seen:
                continue
            seen.add(id(rx))
            for run_name, unit in RUNS.items():
                short = _seconds(rx, "x" + unit * args.n + "x")
                long = _seconds(rx, "x" + unit * 2 * args.n + "x")
                if long > 0.005 and long / max(short, 1e-9) > args.ratio:
                    slow += 1
                    print(f"{long / short:5.1f}x  {long:.3f} s  {info.name}.{name} on {run_name}")
    print(f"{slow} pattern/run pairs above {args.ratio}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
