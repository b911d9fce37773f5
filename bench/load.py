"""Load test: many light simulated students against one server (or a proxy), on loopback.

    python -m bench --load                         # N = 5 15 30 60, one server started here
    python -m bench --load --sessions 30 --duration 60
    python -m bench --load --proxy --replicas 2    # nginx (deploy/nginx) in front of 2 servers
    python -m bench --load --url http://127.0.0.1:8501 --server-pid 1234   # a running server

Each simulated session speaks Streamlit's own websocket protocol (``/_stcore/stream``, the
``BackMsg``/``ForwardMsg`` protobufs of ``streamlit.proto``), as the browser's frontend does:
it opens a lesson by a deep link with query parameters (``rerun_script`` with ``page_name`` and
``query_string``), then, with a pause between actions like a student reading the page, moves a
URL-bound slider (a widget state, sent with the slider's fragment id so only its fragment
reruns, as in the browser), switches language (the sidebar's segmented control), switches
lesson (``page_script_hash`` from the ``navigation`` message) and now and then uploads a photo
of its own (``file_urls_request`` -> HTTP PUT ``/_stcore/upload_file/...`` with the XSRF
cookie and header -> ``file_uploader_state_value``). A client costs a few milliseconds of CPU per
action (protobuf parsing), so the cores are left to the server.

Latency is measured from sending the input to the ``script_finished`` message of the run it
caused. An error is a ``ForwardMsg`` delta carrying an ``exception`` element, a failed upload
or a run that did not finish in time; a disconnection is a websocket closed before the session
ended. Server RSS (sum over replicas, sampled every 0.5 s) and CPU (from /proc, in cores) are
recorded. One real Chromium session runs alongside (``--browser``, on by default) and reports
what a person sees: time from a slider key press to the page quiet again, and any exception box.

Differences from a browser, on purpose: the client does not send ``cached_message_hashes``, so
the server sends every element in full (slightly more work than for a browser that caches); it
does not fetch media files (images are served by separate HTTP requests the browser makes after
the run; their cost is counted by ``python -m bench --only bytes``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import sys
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

# deep links a lecturer might share: (page, query)
DEEP_LINKS = [
    ("convolution", "k=5&s=2"), ("convolution", "k=3&lang=fr"), ("convolution", ""),
    ("separable", "sep_ks=5"), ("separable", "lang=fr&img=coffee"),
    ("pooling", "pool_k=3&img=coffee"), ("pooling", "pool_k=2&lang=fr"),
    ("activations", "act_size=70"), ("activations", "img=astronaut"), ("", ""),
]
LESSONS = ["convolution", "separable", "pooling", "activations"]
FINISHED = {0: "ok", 1: "compile_error", 3: "ok"}  # ForwardMsg.ScriptFinishedStatus (2 = early)


def percentile(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    s = sorted(samples)
    k = (len(s) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def photo_bytes(rng: random.Random, size=(480, 360)) -> bytes:
    """A smooth photo-like JPEG, different for every call (a new student photo: no cache hit)."""
    import numpy as np
    from PIL import Image

    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    chans = [np.sin(x / rng.uniform(6, 40) + rng.uniform(0, 6)) +
             np.cos(y / rng.uniform(6, 40) + rng.uniform(0, 6)) for _ in range(3)]
    arr = (np.stack(chans, axis=2) * 60 + 128).clip(0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def run_async(coro):
    """``asyncio.run(coro)`` in a thread of its own: callable where an event loop already runs
    (Playwright's sync API keeps one in the main thread of a test session)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


# --------------------------------------------------------------------------- one session

@dataclass
class Widget:
    id: str
    kind: str                      # slider, button_group, selectbox, file_uploader, ...
    fragment_id: str
    proto: object


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)   # action -> seconds
    runs: int = 0                  # script_finished messages (all kinds)
    errors: list[str] = field(default_factory=list)
    disconnects: int = 0
    sessions_done: int = 0

    def add(self, action: str, seconds: float) -> None:
        self.latencies.setdefault(action, []).append(seconds)


class SimSession:
    """One simulated browser tab: a websocket, the page's widgets, its URL."""

    def __init__(self, base: str, stats: Stats, rng: random.Random, timeout: float = 60.0):
        self.base = base.rstrip("/")
        self.stats = stats
        self.rng = rng
        self.timeout = timeout
        self.ws = None
        self.cookies: dict[str, str] = {}
        self.session_id = ""
        self.page_hash = ""
        self.page_name = ""
        self.query = ""
        self.pages: dict[str, str] = {}        # url path -> page_script_hash
        self.widgets: dict[str, Widget] = {}
        self.values: dict[str, object] = {}    # widget id -> WidgetState we set
        self._finished: asyncio.Future | None = None
        self._file_urls: asyncio.Future | None = None
        self._reader: asyncio.Task | None = None
        self.closing = False
        self.close_reason = ""
        self._started = False
        self._delete_url = ""      # of the last uploaded file, deleted when another replaces it

    # -- connection
    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _remember_cookies(self, headers) -> None:
        for value in headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def _health(self) -> None:
        """GET /_stcore/health: sets the XSRF cookie (and the proxy's route cookie, if any)."""
        req = urllib.request.Request(self.base + "/_stcore/health")
        if self.cookies:
            req.add_header("Cookie", self._cookie_header())
        with urllib.request.urlopen(req, timeout=self.timeout) as r:
            self._remember_cookies(r.headers)

    async def connect(self) -> None:
        import websockets

        await asyncio.to_thread(self._health)
        url = "ws" + self.base[4:] + "/_stcore/stream"
        headers = {"Cookie": self._cookie_header()} if self.cookies else {}
        # no protocol-level keepalive pings: a browser sends none, and a starved server that
        # answers one late would be counted as a disconnection the student never sees
        self.ws = await websockets.connect(url, subprotocols=["streamlit"],
                                           additional_headers=headers, max_size=2 ** 26,
                                           open_timeout=self.timeout, ping_interval=None)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            with contextlib.suppress(BaseException):
                await self._reader

    async def _read(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        try:
            async for data in self.ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self.handle(msg)
        except Exception as exc:  # noqa: BLE001 - any abnormal end is a disconnection, counted
            self.close_reason = repr(exc)[:200]
        if not self.closing:
            self.stats.disconnects += 1
            self.stats.errors.append(f"disconnected: {self.close_reason or self.ws.close_code}")
            for fut in (self._finished, self._file_urls):
                if fut is not None and not fut.done():
                    fut.set_exception(ConnectionError("websocket closed"))

    # -- what the server sends
    def handle(self, msg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._started = True  # a run began after the input was sent: the one to wait for
            ns = msg.new_session
            if ns.HasField("initialize") and ns.initialize.session_id:
                self.session_id = ns.initialize.session_id
            if ns.page_script_hash:
                self.page_hash = ns.page_script_hash
        elif kind == "navigation":
            for p in msg.navigation.app_pages:
                self.pages[p.url_pathname] = p.page_script_hash
            if msg.navigation.page_script_hash:
                self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self.element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "script_finished":
            self.stats.runs += 1
            status = msg.script_finished
            if (status in FINISHED and self._started and self._finished is not None
                    and not self._finished.done()):
                self._finished.set_result(FINISHED[status])
        elif (kind == "file_urls_response" and self._file_urls is not None
              and not self._file_urls.done()):
            self._file_urls.set_result(msg.file_urls_response)

    def element(self, el, fragment_id: str) -> None:
        kind = el.WhichOneof("type")
        if kind == "exception":
            e = el.exception
            self.stats.errors.append(f"{self.page_name or 'home'}: {e.type}: {e.message[:200]}")
            return
        proto = getattr(el, kind)
        wid = getattr(proto, "id", "")
        if wid and kind in ("slider", "button_group", "selectbox", "file_uploader", "checkbox",
                            "radio"):
            self.widgets[wid] = Widget(wid, kind, fragment_id, proto)

    # -- what the client sends
    async def _send_and_wait(self, back) -> str:
        loop = asyncio.get_running_loop()
        self._finished = loop.create_future()
        # a run the server began before it read this input (and its script_finished) may still
        # be on its way: only a run whose new_session arrives after the send counts
        self._started = False
        await self.ws.send(back.SerializeToString())
        return await asyncio.wait_for(self._finished, self.timeout)

    def _states(self, changed=None):
        from streamlit.proto.WidgetStates_pb2 import WidgetStates

        states = WidgetStates()
        for wid, st in self.values.items():
            if wid in self.widgets and (changed is None or wid != changed.id):
                states.widgets.append(st)
        if changed is not None:
            states.widgets.append(changed)
            self.values[changed.id] = changed
        return states

    async def rerun(self, action: str, changed=None, fragment_id: str = "",
                    page_hash: str | None = None, page_name: str = "") -> bool:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        back = BackMsg()
        cs = back.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash if page_hash is None else page_hash
        cs.page_name = page_name
        cs.fragment_id = fragment_id
        cs.widget_states.CopyFrom(self._states(changed))
        cs.context_info.timezone = "Europe/Paris"
        cs.context_info.locale = "fr-FR"
        cs.context_info.url = f"{self.base}/{self.page_name}" + (f"?{self.query}" if self.query
                                                                 else "")
        t0 = time.perf_counter()
        try:
            status = await self._send_and_wait(back)
        except TimeoutError:
            self.stats.errors.append(f"{self.page_name or 'home'}: {action} did not finish "
                                     f"within {self.timeout:.0f} s")
            return False
        self.stats.add(action, time.perf_counter() - t0)
        if status != "ok":
            self.stats.errors.append(f"{self.page_name}: {action}: {status}")
        return status == "ok"

    async def open(self, page: str, query: str) -> None:
        """A deep link: what the browser sends first for ``/<page>?<query>``."""
        self.page_name, self.query, self.widgets = page, query, {}
        await self.rerun("open lesson", page_hash="", page_name=page)

    async def switch_lesson(self, page: str) -> None:
        """A click in the sidebar's page list."""
        if page not in self.pages:
            return await self.open(page, self.query)
        self.page_name, self.widgets = page, {}
        self.query = "&".join(p for p in self.query.split("&") if p.startswith(("lang=", "img=")))
        await self.rerun("switch lesson", page_hash=self.pages[page], page_name="")

    def _find(self, kind: str, suffix: str = "") -> list[Widget]:
        return [w for w in self.widgets.values() if w.kind == kind and w.id.endswith(suffix)
                and not getattr(w.proto, "disabled", False)]

    async def move_slider(self) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        sliders = [w for w in self._find("slider") if w.proto.query_param_key]
        if not sliders:
            return
        w = self.rng.choice(sliders)
        lo, hi = int(w.proto.min), int(w.proto.max)
        if hi <= lo:
            return
        current = self.values.get(w.id)
        now = int(current.double_array_value.data[0]) if current else int(w.proto.default[0])
        value = self.rng.choice([v for v in range(lo, hi + 1) if v != now])
        st = WidgetState(id=w.id)
        st.double_array_value.data.append(float(value))
        key = w.proto.query_param_key
        pairs = [p for p in urllib.parse.parse_qsl(self.query) if p[0] != key] + [(key, str(value))]
        self.query = urllib.parse.urlencode(pairs)
        await self.rerun("slider", st, fragment_id=w.fragment_id)

    async def switch_language(self) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        found = self._find("button_group", "-lang")
        if not found:
            return
        w = found[0]
        labels = [o.content for o in w.proto.options]
        current = self.values.get(w.id)
        now = current.string_array_value.data[0] if current else labels[w.proto.default[0]] \
            if w.proto.default else labels[0]
        st = WidgetState(id=w.id)
        st.string_array_value.data.append(next(lab for lab in labels if lab != now))
        await self.rerun("language", st, fragment_id=w.fragment_id)

    async def pick_image(self, upload: bool) -> bool:
        """The sidebar's image picker: the upload option (last) or a random sample."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        found = self._find("selectbox", "-img")
        if not found:
            return False
        w = found[0]
        options = list(w.proto.options)
        st = WidgetState(id=w.id, string_value=options[-1] if upload
                         else self.rng.choice(options[:-1]))
        await self.rerun("pick image", st, fragment_id=w.fragment_id)
        return True

    def _delete(self, url: str) -> int:
        req = urllib.request.Request(url, method="DELETE", headers={
            "Cookie": self._cookie_header(),
            "X-Xsrftoken": self.cookies.get("_streamlit_xsrf", "")})
        with urllib.request.urlopen(req, timeout=self.timeout) as r:
            return r.status

    def _put(self, url: str, name: str, data: bytes) -> int:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                f"filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n").encode() + data + \
            f"\r\n--{boundary}--\r\n".encode()
        req = urllib.request.Request(url, data=body, method="PUT", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": self._cookie_header(),
            "X-Xsrftoken": self.cookies.get("_streamlit_xsrf", "")})
        with urllib.request.urlopen(req, timeout=self.timeout) as r:
            return r.status

    async def upload(self, data: bytes) -> None:
        """Choose 'my photo', send one through the upload endpoint, rerun with it."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        if not self._find("file_uploader") and not await self.pick_image(upload=True):
            return
        found = self._find("file_uploader")
        if not found:
            self.stats.errors.append(f"{self.page_name}: no file uploader after picking upload")
            return
        w = found[0]
        t0 = time.perf_counter()
        back = BackMsg()
        back.file_urls_request.request_id = uuid.uuid4().hex
        back.file_urls_request.session_id = self.session_id
        back.file_urls_request.file_names.append("photo.jpg")
        self._file_urls = asyncio.get_running_loop().create_future()
        await self.ws.send(back.SerializeToString())
        try:
            resp = await asyncio.wait_for(self._file_urls, self.timeout)
            urls = resp.file_urls[0]
            status = await asyncio.to_thread(self._put, self.base + urls.upload_url,
                                             "photo.jpg", data)
        except Exception as exc:  # noqa: BLE001 - an upload that fails is an error, reported
            self.stats.errors.append(f"{self.page_name}: upload failed: {exc!r}"[:300])
            return
        if status not in (200, 204):
            self.stats.errors.append(f"{self.page_name}: upload HTTP {status}")
            return
        st = WidgetState(id=w.id)
        info = st.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = urls.file_id, "photo.jpg", len(data)
        info.file_urls.CopyFrom(urls)
        if await self.rerun("upload", st, fragment_id=w.fragment_id):
            self.stats.latencies["upload"][-1] = time.perf_counter() - t0  # PUT included
        # the browser's one-file uploader deletes the file a new one replaces (DELETE on its
        # delete_url); without it the server keeps every photo of the session until it ends
        previous, self._delete_url = self._delete_url, urls.delete_url
        if previous:
            try:
                await asyncio.to_thread(self._delete, self.base + previous)
            except Exception as exc:  # noqa: BLE001 - reported like a failed upload
                self.stats.errors.append(f"{self.page_name}: delete failed: {exc!r}"[:300])


async def run_session(base: str, stats: Stats, seed: int, deadline: float, think: float,
                      max_actions: int, upload_every: int, start_delay: float,
                      timeout: float = 60.0) -> None:
    """One student: a deep link, then actions with pauses, until the deadline or max_actions."""
    rng = random.Random(seed)
    await asyncio.sleep(start_delay)
    s = SimSession(base, stats, rng, timeout=timeout)
    try:
        await s.connect()
        await s.open(*rng.choice(DEEP_LINKS))
        photos = 0
        for i in range(max_actions):
            if time.monotonic() >= deadline or s.ws.state.name != "OPEN":
                break
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
            r = rng.random()
            if upload_every and i % upload_every == upload_every - 1:
                photos += 1
                data = await asyncio.to_thread(photo_bytes, random.Random(seed * 1000 + photos))
                await s.upload(data)
            elif r < 0.62:
                await s.move_slider()
            elif r < 0.72:
                await s.switch_language()
            elif r < 0.92:
                lessons = [p for p in (s.pages or dict.fromkeys(LESSONS)) if p and p != s.page_name]
                await s.switch_lesson(rng.choice(lessons))  # new lessons join by themselves
            else:
                await s.pick_image(upload=False)
        stats.sessions_done += 1
    except Exception as exc:  # noqa: BLE001 - counted as an error of this session
        stats.errors.append(f"session {seed}: {exc!r}"[:300])
    finally:
        await s.close()


# --------------------------------------------------------------------------- the server side

def _proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class ServerMonitor:
    """RSS (summed over server processes) every 0.5 s, and CPU seconds over the run."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.rss: list[float] = []
        self._stop = asyncio.Event()

    async def run(self) -> None:
        self.t0, self.cpu0 = time.monotonic(), sum(_proc_cpu_seconds(p) for p in self.pids)
        while not self._stop.is_set():
            with contextlib.suppress(OSError):
                self.rss.append(sum(_proc_rss_mb(p) for p in self.pids))
            with contextlib.suppress(asyncio.TimeoutError, TimeoutError):
                await asyncio.wait_for(self._stop.wait(), 0.5)
        self.t1, self.cpu1 = time.monotonic(), sum(_proc_cpu_seconds(p) for p in self.pids)

    def stop(self) -> None:
        self._stop.set()

    def summary(self) -> dict:
        wall = self.t1 - self.t0
        return {"rss_start_mb": self.rss[0] if self.rss else None,
                "rss_max_mb": max(self.rss) if self.rss else None,
                "rss_end_mb": self.rss[-1] if self.rss else None,
                "cpu_cores": (self.cpu1 - self.cpu0) / wall if wall else None,
                "wall_s": wall}


# --------------------------------------------------------------------------- one real browser

# input -> the app's script state back to "notRunning", as the page itself sees it
WATCH_RUN_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const run = window.__run = {t0: performance.now(), running: null, done: null};
  // a quick run can flip running -> notRunning within one batch of mutations: read the
  // records' old values too, not only the attribute's current value
  const obs = new MutationObserver((records) => {
    const state = app.getAttribute('data-test-script-state');
    const ran = state === 'running' || records.some(r => r.oldValue === 'running');
    if (ran && run.running === null) run.running = performance.now();
    if (state === 'notRunning' && run.running !== null && run.done === null) {
      run.done = performance.now();
      obs.disconnect();
    }
  });
  obs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state'],
                    attributeOldValue: true});
}"""


def browser_session(base: str, stop_at: float, out: dict) -> None:
    """One Chromium tab doing what a lecturer does: open a lesson, move a slider, look."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, exceptions_on_page, screenshot, wait_for_app

    samples, errors = [], []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = b.new_page(viewport={"width": 1280, "height": 720})
            page.set_default_timeout(120_000)
            t0 = time.perf_counter()
            page.goto(f"{base}/convolution?k=3")
            wait_for_app(page, timeout=120_000)
            out["browser_open_s"] = time.perf_counter() - t0
            slider = page.locator('[data-testid="stSlider"]').first.get_by_role("slider")
            i = 0
            while (time.monotonic() < stop_at or i < 3) and i < 40:  # at least 3 moves
                slider.focus()
                page.evaluate(WATCH_RUN_JS)
                page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
                try:
                    page.wait_for_function("() => window.__run.done !== null", timeout=30_000)
                    samples.append(page.evaluate("() => (window.__run.done - window.__run.t0)"
                                                 " / 1000"))
                except Exception as exc:  # noqa: BLE001 - a run never seen ending, reported
                    errors.append(f"slider run not seen finishing: {exc!r}"[:200])
                wait_for_app(page, timeout=120_000)
                errors += exceptions_on_page(page)
                i += 1
                page.wait_for_timeout(1000)
            out["browser_screenshot"] = str(screenshot(page, "load-browser-session", full=False))
        finally:
            b.close()
    out["browser_slider_s"] = samples
    out["browser_errors"] = errors


# --------------------------------------------------------------------------- one run

async def run_load(base: str, n: int, duration: float, think: float, pids: list[int],
                   max_actions: int = 10_000, upload_every: int = 12, ramp: float = 5.0,
                   browser: bool = True, timeout: float = 60.0) -> dict:
    stats = Stats()
    client_cpu0 = time.process_time()  # this process: the simulated sessions (and Playwright's
    monitor = ServerMonitor(pids)      # driver thread; Chromium itself is another process)
    mon_task = asyncio.create_task(monitor.run())
    t_start = time.monotonic()
    deadline = t_start + ramp + duration
    browser_out: dict = {}
    browser_task = (asyncio.create_task(asyncio.to_thread(browser_session, base, deadline,
                                                          browser_out)) if browser else None)
    tasks = [asyncio.create_task(run_session(base, stats, seed=i + 1, deadline=deadline,
                                             think=think, max_actions=max_actions,
                                             upload_every=upload_every,
                                             start_delay=ramp * i / max(n, 1),
                                             timeout=timeout))
             for i in range(n)]
    await asyncio.gather(*tasks)
    if browser_task is not None:
        try:
            await browser_task
        except Exception as exc:  # noqa: BLE001 - reported, the load figures still stand
            browser_out["browser_failure"] = repr(exc)[:300]
    monitor.stop()
    await mon_task
    all_lat = [x for v in stats.latencies.values() for x in v]
    res = {"sessions": n, "duration_s": duration, "think_s": think,
           "actions": len(all_lat), "script_runs": stats.runs,
           "p50_s": percentile(all_lat, 50), "p95_s": percentile(all_lat, 95),
           "max_s": max(all_lat) if all_lat else float("nan"),
           "per_action": {k: {"n": len(v), "p50_s": percentile(v, 50), "p95_s": percentile(v, 95),
                              "max_s": max(v)} for k, v in sorted(stats.latencies.items())},
           "errors": len(stats.errors), "error_samples": stats.errors[:10],
           "disconnects": stats.disconnects, "sessions_completed": stats.sessions_done,
           "server": monitor.summary(), "load_average": os.getloadavg()}
    res["client_cpu_cores"] = (time.process_time() - client_cpu0) / res["server"]["wall_s"]
    if browser:
        bs = browser_out.get("browser_slider_s", [])
        res["browser"] = {"open_s": browser_out.get("browser_open_s"),
                          "slider_n": len(bs),
                          "slider_p50_s": percentile(bs, 50) if bs else None,
                          "slider_max_s": max(bs) if bs else None,
                          "exceptions": browser_out.get("browser_errors", []),
                          "failure": browser_out.get("browser_failure"),
                          "screenshot": browser_out.get("browser_screenshot")}
    return res


async def warm_up(base: str) -> list[str]:
    """One session opens the home page and every lesson in turn; returns any errors."""
    stats = Stats()
    s = SimSession(base, stats, random.Random(0), timeout=180.0)
    await s.connect()
    try:
        await s.open("", "")
        for page in LESSONS:
            await s.switch_lesson(page)
    finally:
        await s.close()
    return stats.errors


def start_profile(pid: int, seconds: float, path: Path):
    """py-spy sampling the server's threads that hold the GIL (the server's real bottleneck)."""
    import shutil
    import subprocess
    import sys

    exe = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    return subprocess.Popen([exe, "record", "--pid", str(pid), "--gil", "--nonblocking",
                             "--rate", "50", "--format", "raw", "--output", str(path),
                             "--duration", str(int(seconds))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summarise_profile(path: Path, top: int = 12) -> dict:
    """Share of GIL-holding samples per function: itself (self) and with callees (inclusive)."""
    from collections import Counter

    own, incl, total = Counter(), Counter(), 0
    for line in path.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        frames, n = stack.split(";"), int(n)
        total += n
        own[frames[-1]] += n
        for f in set(frames):
            incl[f] += n

    def share(c: Counter) -> list:
        return [(f, round(100 * k / total, 1)) for f, k in c.most_common(top)]

    app = Counter({f: k for f, k in incl.items()
                   if "(pages/" in f or "(cnnviz/" in f or "(app.py" in f})
    return {"samples": total, "self_pct": share(own), "app_inclusive_pct": share(app)}


def describe(r: dict) -> str:
    s = r["server"]
    line = (f"  N={r['sessions']:3d}: {r['actions']} inputs, p50 {r['p50_s']:.2f} s, "
            f"p95 {r['p95_s']:.2f} s, max {r['max_s']:.2f} s, errors {r['errors']}, "
            f"disconnects {r['disconnects']}, server CPU {s['cpu_cores']:.2f} cores, "
            f"RSS max {s['rss_max_mb']:.0f} MB, load avg {r['load_average'][0]:.1f}, "
            f"load client CPU {r['client_cpu_cores']:.2f} cores")
    if "browser" in r and r["browser"]["slider_n"]:
        b = r["browser"]
        line += (f"\n         Chromium: open {b['open_s']:.1f} s, slider p50 "
                 f"{b['slider_p50_s']:.2f} s (n={b['slider_n']}), exceptions "
                 f"{len(b['exceptions'])}")
    elif "browser" in r:
        line += f"\n         Chromium: no slider move measured ({r['browser']})"
    return line


def markdown_table(runs: list[dict], label: str = "") -> str:
    lines = ["| setup | sessions | inputs | p50 (s) | p95 (s) | max (s) | errors | disconnects "
             "| server CPU (cores) | server RSS max (MB) | Chromium slider p50 (s) | load avg |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        s, b = r["server"], r.get("browser") or {}
        bp = f"{b['slider_p50_s']:.2f}" if b.get("slider_p50_s") is not None else "–"
        lines.append(f"| {r.get('setup', label)} | {r['sessions']} | {r['actions']} | "
                     f"{r['p50_s']:.2f} | {r['p95_s']:.2f} | {r['max_s']:.2f} | {r['errors']} | "
                     f"{r['disconnects']} | {s['cpu_cores']:.2f} | {s['rss_max_mb']:.0f} | {bp} | "
                     f"{r['load_average'][0]:.1f} |")
    return "\n".join(lines)


def _wait_idle(pids: list[int], seconds: float = 3.0) -> None:
    time.sleep(seconds)  # let the previous run's last reruns and cache evictions settle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench --load", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[5, 15, 30, 60])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--think", type=float, default=5.0,
                        help="mean pause between a session's inputs (s)")
    parser.add_argument("--upload-every", type=int, default=12,
                        help="every k-th input of a session is a photo upload (0: never)")
    parser.add_argument("--url", help="a running server (default: start one here)")
    parser.add_argument("--server-pid", type=int, nargs="*", default=[])
    parser.add_argument("--proxy", action="store_true",
                        help="start nginx from deploy/nginx in front of --replicas servers")
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.OPTION=VALUE",
                        help="a Streamlit option for the servers started here (an environment "
                             "variable, e.g. --set runner.postScriptGC=false), to compare")
    parser.add_argument("--profile", action="store_true",
                        help="py-spy --gil on the (first) server during each run")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--out", default=str(RESULTS / "load.json"))
    args = parser.parse_args(argv)

    from streamlit.config_option import to_snake_case

    from bench.proxy import LocalDeployment

    out_dir = Path(args.out).parent
    out_dir.mkdir(parents=True, exist_ok=True)
    for setting in args.set:
        name, _, value = setting.partition("=")
        os.environ[f"STREAMLIT_{to_snake_case(name.replace('.', '_')).upper()}"] = value
    runs = []
    with contextlib.ExitStack() as stack:
        if args.url:
            base, pids, setup = args.url, args.server_pid, "external server"
        else:
            dep = stack.enter_context(LocalDeployment(replicas=args.replicas, proxy=args.proxy))
            base, pids = dep.url, dep.server_pids
            setup = (f"nginx + {args.replicas} replica{'s' if args.replicas > 1 else ''}"
                     if args.proxy else "1 server, direct")
            setup += "".join(f", {s}" for s in args.set)
            # the lecturer opens every lesson once before class (imports, models, caches)
            warm = [e for server in dep.servers for e in asyncio.run(warm_up(server.url))]
            if warm:
                print(f"load: warm-up errors: {warm[:3]}", flush=True)
        for n in args.sessions:
            _wait_idle(pids)
            print(f"load: {n} sessions for {args.duration:.0f} s ({setup}), load average "
                  f"before {os.getloadavg()[0]:.1f}", flush=True)
            prof_path = out_dir / f"load-profile-{n}.raw"
            spy = (start_profile(pids[0], args.duration + 5, prof_path)
                   if args.profile and pids else None)
            r = asyncio.run(run_load(base, n, args.duration, args.think, pids,
                                     upload_every=args.upload_every, browser=args.browser))
            if spy is not None:
                spy.wait(timeout=120)
                r["profile"] = summarise_profile(prof_path)
                for f, pct in r["profile"]["self_pct"][:5]:
                    print(f"         GIL {pct:5.1f}% {f[:110]}", flush=True)
            r["setup"] = setup
            r["when"] = time.strftime("%Y-%m-%d %H:%M:%S")
            print(describe(r), flush=True)
            for k, v in r["per_action"].items():
                print(f"         {k:14s} n={v['n']:4d} p50 {v['p50_s']:.2f} s p95 {v['p95_s']:.2f} s "
                      f"max {v['max_s']:.2f} s", flush=True)
            for e in r["error_samples"][:3]:
                print(f"         error: {e}", flush=True)
            runs.append(r)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(out.read_text()) if out.exists() else {}
    kept = {r["sessions"]: r for r in previous.setdefault("runs", {}).get(setup, [])}
    kept.update({r["sessions"]: r for r in runs})  # a run for N replaces the last one for N
    previous["runs"][setup] = [kept[n] for n in sorted(kept)]
    previous["cpus"] = os.cpu_count()
    out.write_text(json.dumps(previous, indent=2, ensure_ascii=False))
    print()
    print(markdown_table(runs))
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
