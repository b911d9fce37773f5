"""Start ``streamlit run app.py`` on a free port and drive Debian's Chromium with Playwright.

Used by the browser tests (``tests/test_browser*.py``). Never calls ``playwright install``: the
browser is Debian's ``/usr/bin/chromium``. Screenshots go to ``tests/screenshots/``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, what: str, timeout: float = 60.0,
                 log: Path | None = None) -> None:
    """Poll ``url``'s ``/_stcore/health`` until it answers 200 (Streamlit, or nginx in front of
    it); raise with the end of ``log`` if ``proc`` exits first, or on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text()[-2000:] if log is not None and log.exists() else ""
            raise RuntimeError(f"{what} exited: {tail}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{what} did not become healthy")


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate ``proc``, killing it if it has not exited after 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


class StreamlitServer:
    """``streamlit run <script>`` in a subprocess, on a free loopback port, until :meth:`stop`
    (extra ``settings``: ``{"runner.postScriptGC": "false"}`` -> ``--runner.postScriptGC false``;
    ``root``: the folder it runs in, e.g. an exported older commit; ``log_path``: where its output
    goes, ``{port}`` replaced by its port)."""

    def __init__(self, script: str = "app.py", settings: dict[str, str] | None = None,
                 root: Path = ROOT, log_path: Path | str | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = (Path(str(log_path).format(port=self.port)) if log_path is not None
                         else ROOT / "tests" / "screenshots" / "streamlit-server.log")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        args = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
                "--server.port", str(self.port), "--server.address", "127.0.0.1",
                "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        for key, value in (settings or {}).items():
            args += [f"--{key}", value]
        self.proc = subprocess.Popen(args, cwd=root, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 60.0) -> None:
        wait_healthy(self.url, self.proc, "streamlit", timeout, self.log_path)

    def stop(self) -> None:
        stop_process(self.proc)
        self._log.close()


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until the Streamlit app has rendered and finished running its script.

    Quiet means: the app's script state is ``notRunning``, no skeleton placeholders, and the
    app's text unchanged for a second (widgets and figures mount a little after the script
    ends; a cold deep link runs twice: once in Streamlit's classic pages mode, then through
    app.py).
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout)
    deadline = time.monotonic() + timeout / 1000
    quiet_since = None
    last = None
    while time.monotonic() < deadline:
        try:
            state = page.get_attribute('[data-testid="stApp"]', "data-test-script-state",
                                       timeout=5_000)
        except Exception:  # the page may be re-rendering
            state = None
        busy = (state != "notRunning"
                or page.locator('[data-testid="stSkeleton"]').count() > 0)
        try:
            text = page.locator('[data-testid="stApp"]').inner_text(timeout=5_000)
        except Exception:  # the page may be re-rendering
            text = None
        if not busy and text is not None and text == last:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 1.0:
                return
        else:
            quiet_since = None
        last = text
        page.wait_for_timeout(200)
    raise TimeoutError("the app kept running")


REPORTED = ("tell the lecturer this reference", "donnez cette référence")
"""Words of ``ui.report_error``'s sentence (an unexpected error, logged with an id)."""


class SentFrames:
    """Counts the WebSocket messages the browser sends to the Streamlit server.

    Every rerun (a widget change, a fragment, a page switch) is a message the browser sends;
    an animation played or scrubbed inside the browser sends none. Attach before ``page.goto``
    (the socket opens with the page): ``frames = SentFrames(page)``; then
    ``with frames.none_sent(): ...`` asserts that nothing went to the server meanwhile.
    """

    def __init__(self, page) -> None:
        self.count = 0
        self.sockets = 0
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        if "/_stcore/stream" in ws.url:
            self.sockets += 1
            ws.on("framesent", self._sent)

    def _sent(self, _payload) -> None:
        self.count += 1

    @contextlib.contextmanager
    def none_sent(self):
        assert self.sockets >= 1, "the app's WebSocket was not seen (attach before page.goto)"
        before = self.count
        yield
        assert self.count == before, f"the browser sent {self.count - before} message(s) to the server"


def exceptions_on_page(page) -> list[str]:
    """Texts of any Streamlit exception boxes, and of the app's own "unexpected error, reference
    …" sentences, shown on the page (should be empty)."""
    found = [e.inner_text() for e in page.locator('[data-testid="stException"]').all()]
    for alert in page.locator('[data-testid="stAlert"]').all():
        text = alert.inner_text()
        if any(words in text for words in REPORTED):
            found.append(text)
    return found


def screenshot(page, name: str, full: bool = True) -> Path:
    """Save ``tests/screenshots/<name>.png``. Streamlit scrolls inside its own container, so for
    a whole-page picture the window is made as tall as the page first (up to 16000 px), and
    given time to lay out (lazy images, Plotly) before the capture."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    if full and size:
        height = page.evaluate(
            "() => Math.max(document.body.scrollHeight, ...[...document.querySelectorAll("
            "'[data-testid=stMain], [data-testid=stMainBlockContainer], "
            "[data-testid=stAppViewContainer]')].map(e => e.scrollHeight))")
        page.set_viewport_size({"width": size["width"],
                                "height": min(max(int(height) + 40, size["height"]), 16000)})
        page.wait_for_timeout(1500)
        wait_for_app(page)
    page.screenshot(path=str(path), full_page=True)
    if full and size:
        page.set_viewport_size(size)
    return path
