"""A real headless Chromium driven through the DevTools protocol over a pipe (no extra package).

Chromium started with ``--remote-debugging-pipe`` reads commands on its file descriptor 3 and
writes answers and events on 4, each a JSON message ended by a NUL byte. :class:`Browser`
opens one page and offers what the tests need: go to an address, run JavaScript, press keys,
wait for a condition, take a screenshot.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run")
TIMEOUT_S = 30.0


class BrowserError(AssertionError):
    """Chromium answered with an error, or a page's script threw, or a wait timed out."""


class Browser:
    """One headless Chromium page; use as a context manager."""

    def __init__(self, profile: Path, width: int = 1600, height: int = 1000):
        self.profile = profile
        self.size = (width, height)
        self._id = 0
        self._buffer = b""

    def __enter__(self) -> Browser:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Chromium wants the pipe on fds 3 and 4 exactly: copies above 10 first, so that placing
        # one cannot clobber the other; dup2 makes 3 and 4 inheritable, nothing else is.
        high_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD_CLOEXEC, 10)
        high_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD_CLOEXEC, 10)

        def to_3_and_4() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             f"--window-size={self.size[0]},{self.size[1]}", "--hide-scrollbars", "about:blank"],
            close_fds=False, preexec_fn=to_3_and_4, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(self.profile)})
        for fd in (to_chrome_r, from_chrome_w, high_r, high_w):
            os.close(fd)
        target = self._call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self._call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=self.size[0], height=self.size[1],
                  deviceScaleFactor=1, mobile=False)
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(BrowserError, OSError):  # it may be gone already
            self._call("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)

    # -- the protocol ----------------------------------------------------------------------

    def _call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            answer = self._read()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
        raise BrowserError(f"{method}: no answer in {TIMEOUT_S:g} s")

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise BrowserError("Chromium closed its pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command to the page's session and return its result."""
        return self._call(method, self.session, **params)

    # -- what tests do ---------------------------------------------------------------------

    def go(self, url: str) -> None:
        """Open an address and wait until the page and its images are loaded."""
        self.send("Page.navigate", url=url)
        self.wait("document.readyState === 'complete' && location.href !== 'about:blank'"
                  " && Array.from(document.images).every(i => i.complete)")

    def js(self, expression: str) -> Any:
        """Evaluate JavaScript in the page (promises awaited) and return its value."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails'].get('exception', {}).get('description')}")
        return result["result"].get("value")

    def wait(self, condition: str, timeout_s: float = TIMEOUT_S) -> Any:
        """Wait until a JavaScript condition is true (and return its value)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                value = self.js(f"(() => {{ try {{ return {condition}; }} catch (e) {{ return false; }} }})()")
            except BrowserError:
                value = False  # the page is being replaced
            if value:
                return value
            time.sleep(0.05)
        raise BrowserError(f"timed out waiting for: {condition}")

    def key(self, key: str) -> None:
        """Press and release one key (a character, or Enter, Escape, ArrowRight…)."""
        named = {"Enter": ("\r", 13), "Escape": ("", 27), "ArrowRight": ("", 39), "ArrowLeft": ("", 37),
                 "ArrowDown": ("", 40), "ArrowUp": ("", 38)}
        text, code = named[key] if key in named else (key, ord(key.upper()))
        self.send("Input.dispatchKeyEvent", type="keyDown", key=key, text=text, windowsVirtualKeyCode=code,
                  code=key if key in named else f"Key{key.upper()}")
        self.send("Input.dispatchKeyEvent", type="keyUp", key=key, windowsVirtualKeyCode=code)

    def type(self, text: str) -> None:
        """Type text into the focused element."""
        self.send("Input.insertText", text=text)

    def screenshot(self, path: Path) -> Path:
        """Save what the page shows as a PNG."""
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path
