"""The CLI's servers (`registre serve`, `registre review --web`) as real processes, for tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def registre_server(*args: str, port: int | None = None, log: Path | None = None) -> Iterator[str]:
    """Run ``registre ARGS --port PORT`` until the block ends; yields the URL it printed once
    that URL answers."""
    script = Path(sys.executable).parent / "registre"
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from registre.cli import app; app()"]
    stderr = log.open("w") if log else subprocess.DEVNULL
    proc = subprocess.Popen([*command, *args, "--port", str(port or free_port())],
                            stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        url = proc.stdout.readline().strip()
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except (OSError, ValueError):
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(f"`registre {args[0]}` did not answer at {url!r}: "
                                         f"{log.read_text() if log else ''}") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            stderr.close()
