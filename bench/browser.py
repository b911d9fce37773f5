"""What users feel, measured in Chromium against ``streamlit run`` on loopback, as medians and as
ratios to a floor app (bench/floor_app.py: one slider, one line of text) measured alternately in
the same run, so a loaded machine shifts both.

    python -m bench.browser                       # every case, writes bench/results/browser.json
    python -m bench.browser --reps 5 --cases slider language
    python -m bench.browser --server-arg runner.postScriptGC=false   # try a runner setting
    python -m bench.browser --app-root /tmp/old    # the app as exported from an older commit
    python -m bench.browser --compare before.json after.json          # a before/after table

Cases (each per lesson; the floor does the same gesture on its own page):
- cold: a fresh browser context (empty cache) opens the page's URL; until the page has settled.
  Also the browser's main-thread time (CDP Performance ``TaskDuration``, ``ScriptDuration``),
  and bytes received: Streamlit's static files (``/static/``), the app's own (WebSocket frames,
  ``/media/`` files, anything else), counted once the network is idle and the page settled.
- switch: a click on the page's link in the sidebar, from the home page.
- slider: keyboard ArrowRight/ArrowLeft on the first slider of the main area (the value
  alternates, so caches are warm after the first repeat, reported apart as ``slider_first``).
  Two times: until the slider's picture is redrawn (its last change: the stage on the stage
  lessons, ``SLIDER_PICTURE``; any picture on Activations; the line of text on the floor), and
  until the page settled (``_settled``: the rerun over, every element updated). The stage draws a
  step of its own sliders before the rerun answers (cnnviz/render/stage_ahead.py), so on those
  lessons the two differ; on the floor they are the same.
- language: a click on the other language in the sidebar (alternates English/French).
- upload (Activations, photo source): a fresh 512×512 PNG set on the sidebar's uploader.
- play (Convolution, Pooling, Separable; at defaults and at the largest settings, ``PLAY``): Play
  pressed on the stage at its fastest speed; for ``PLAY_SECONDS`` the page counts the frames it
  paints (requestAnimationFrame callbacks: 60 per second is a display's full rate), the longest
  gap between two, the stage's steps seen, and the WebSocket messages the browser sends (must
  be 0: playing never talks to the server).
- slider at the largest stage (``SLIDER_LARGEST``, Convolution input 31 ↔ 32): the slider case
  with only the stage watched.

"Settled" (the end of every timing) is measured in the page's own clock: the gesture's DOM event
(keydown, click, change) starts it; it ends at the later of the script's last transition to
``notRunning`` (the ``data-test-script-state`` attribute of ``stApp``) and the last DOM change or
image load inside the watched element, once the script is not running, no skeleton is shown and
nothing changed for ``QUIET_MS``. The watched element for ``slider`` is the picture: the stage
component ``[data-testid="cnnviz-stage"]``, a Plotly chart or an image; a slider case only counts
when the picture's content changed. For the other cases it is the main area. Components v2 (the
stage) draw inside shadow roots: the probe watches every shadow root as it is attached and
matches the watched element across them (a stage change is also counted as ``stage_hits``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser_support import StreamlitServer  # noqa: E402

RESULTS = ROOT / "bench" / "results"
QUIET_MS = 500
PICTURE = ('[data-testid="cnnviz-stage"], [data-testid="stPlotlyChart"], '
           '[data-testid="stImage"], [data-testid="stImageContainer"]')
MAIN = '[data-testid="stMain"]'
STAGE = '[data-testid="cnnviz-stage"]'
LESSONS = ["convolution", "separable", "pooling", "activations"]
CASES = ["cold", "switch", "slider", "language", "upload", "play"]
PLAY = {  # lesson -> {settings name: URL query}: the stage playing, at defaults and at its largest
    "convolution": {"default": "", "largest": "n=32"},
    "pooling": {"default": "", "largest": "pool_n=10"},
    "separable": {"default": "", "largest": "sep_an=7&sep_ac=3"},
}
PLAY_SECONDS = 3.0
PLAY_SPEED = "4"  # the stage's fastest speed: a step every 225 ms
SLIDER_QUERY = {"activations": "act_src=drawing"}  # the drawing's first slider is the pen's width,
# which redraws no picture: the generated shape's size slider does
SLIDER_LARGEST = {"convolution": "n=31"}  # the slider case again, the stage at its largest (31↔32)
SLIDER_PICTURE = {"convolution": STAGE, "separable": STAGE, "pooling": STAGE}  # the slider's picture

# Installed in every page before its scripts run: records the script state's transitions, the
# time of every DOM change / image load inside the element being watched, and the gesture's time.
PROBE = r"""
(() => {
  const B = window.__bench = {t0: null, armed: null, watch: 'body', states: [], last: 0,
                              hits: 0, stageHits: 0, firstImg: null, sent: null, sentCount: 0};
  const STAGE = '[data-testid="cnnviz-stage"]';
  // closest() across shadow roots: components v2 (the stage) draw inside a shadow root
  const closestDeep = (el, sel) => {
    while (el) {
      const hit = el.closest && el.closest(sel);
      if (hit) return hit;
      const root = el.getRootNode && el.getRootNode();
      el = root && root.host ? root.host : null;
    }
    return null;
  };
  const elementOf = (node) => node && (node.nodeType === 1 ? node : (node.parentElement || node.host));
  const inWatch = (node) => !!closestDeep(elementOf(node), B.watch);
  const note = (node) => {
    if (B.t0 === null) return;
    const now = performance.now();
    B.last = Math.max(B.last, now);
    B.hits += 1;
    if (closestDeep(elementOf(node), STAGE)) B.stageHits += 1;
  };
  const added = (n) => n.nodeType === 1 && (n.matches(B.watch) || n.querySelector(B.watch));
  const mo = new MutationObserver((muts) => {
    for (const m of muts) {
      if (inWatch(m.target)) { note(m.target); return; }
      for (const n of m.addedNodes) if (added(n)) { note(n); return; }
    }
  });
  const OPTS = {subtree: true, childList: true, attributes: true, characterData: true};
  B.roots = [];
  const attach = Element.prototype.attachShadow;  // watch inside every shadow root too
  Element.prototype.attachShadow = function (...args) {
    const root = attach.apply(this, args);
    B.roots.push(root);
    mo.observe(root, OPTS);
    return root;
  };
  B.deep = (sel) => {  // the first element matching sel, light DOM or any shadow root
    const found = document.querySelector(sel);
    if (found) return found;
    for (const r of B.roots) { const e = r.querySelector(sel); if (e) return e; }
    return null;
  };
  const observe = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) { setTimeout(observe, 5); return; }
    const rec = () => B.states.push([performance.now(), app.getAttribute('data-test-script-state')]);
    rec();
    new MutationObserver(rec).observe(app, {attributes: true,
                                            attributeFilter: ['data-test-script-state']});
    mo.observe(document.documentElement, OPTS);
    document.addEventListener('load', (e) => {
      if (e.target.tagName === 'IMG' && inWatch(e.target)) {
        note(e.target);
        if (B.t0 !== null && B.firstImg === null) B.firstImg = performance.now();
      }
    }, true);
  };
  observe();
  const send = WebSocket.prototype.send;  // when the browser tells the server (debounces show)
  WebSocket.prototype.send = function (...args) {
    B.sentCount += 1;
    if (B.t0 !== null && B.sent === null) B.sent = performance.now();
    return send.apply(this, args);
  };
  for (const kind of ['keydown', 'click', 'change']) {
    document.addEventListener(kind, () => {
      if (B.armed === kind) { B.t0 = performance.now(); B.armed = null; }
    }, true);
  }
  B.arm = (kind, watch) => {
    B.watch = watch; B.last = 0; B.hits = 0; B.stageHits = 0; B.firstImg = null; B.sent = null;
    if (kind === 'load') { B.t0 = 0; B.armed = null; } else { B.t0 = null; B.armed = kind; }
  };
  B.settled = (quiet, needHit) => {
    if (B.t0 === null) return false;
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    const ends = B.states.filter(([t, s]) => t >= B.t0 && s === 'notRunning');
    if (needHit && B.hits === 0) return false;
    if (!ends.length && B.hits === 0) return false;
    const end = Math.max(ends.length ? ends[ends.length - 1][0] : 0, B.last);
    if (performance.now() - end < quiet) return false;
    return {ms: end - B.t0, picture_ms: B.last ? B.last - B.t0 : null,
            hits: B.hits, stage_hits: B.stageHits, runs: ends.length,
            first_img_ms: B.firstImg === null ? null : B.firstImg - B.t0,
            sent_ms: B.sent === null ? null : B.sent - B.t0};
  };
  // Frames the browser paints while the stage plays: requestAnimationFrame callbacks during
  // ``ms`` milliseconds, the longest gap between two of them, the stage's steps seen (its
  // data-step attribute, read every frame), and the messages sent to the server meanwhile.
  B.frames = (ms) => new Promise((resolve) => {
    const stage = B.deep(STAGE);
    const sent0 = B.sentCount;
    const steps = new Set();
    let frames = 0, gap = 0, prev = null;
    const t0 = performance.now();
    const tick = (now) => {
      if (prev !== null) gap = Math.max(gap, now - prev);
      prev = now;
      frames += 1;
      if (stage) steps.add(stage.getAttribute('data-step'));
      if (now - t0 < ms) { requestAnimationFrame(tick); return; }
      const secs = (now - t0) / 1000;
      resolve({frames, fps: frames / secs, max_gap_ms: gap, seconds: secs,
               steps_seen: steps.size, steps_per_s: steps.size / secs,
               playing: !!stage && stage.querySelector('button.play').getAttribute('aria-pressed') === 'true',
               sent: B.sentCount - sent0, steps: stage ? Number(stage.getAttribute('data-steps')) : 0});
    };
    requestAnimationFrame(tick);
  });
})();
"""


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Server(StreamlitServer):
    """``streamlit run <script>`` on a free loopback port (extra ``--key value`` settings), healthy
    when constructed; its log in ``bench/results``."""

    def __init__(self, script: str, settings: dict[str, str] | None = None,
                 root: Path = ROOT) -> None:
        super().__init__(script, settings, root,
                         log_path=RESULTS / f"server-{Path(script).stem}-{{port}}.log")
        self.wait_healthy()

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if "VmRSS" not in fields:  # the server exited (its log says why)
            return float("nan")
        return int(fields["VmRSS"].split()[0]) / 1024


@dataclass
class Traffic:
    """Bytes received by one page, from CDP Network events."""

    static: int = 0
    media: int = 0
    ws: int = 0
    other: int = 0
    urls: dict[str, str] = field(default_factory=dict)
    by_url: dict[str, int] = field(default_factory=dict)

    def attach(self, cdp) -> None:
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _response(self, p) -> None:
        self.urls[p["requestId"]] = p["response"]["url"]

    def _finished(self, p) -> None:
        url = self.urls.get(p["requestId"], "")
        n = int(p.get("encodedDataLength", 0))
        path = url.split("://", 1)[-1].split("/", 1)[-1]
        self.by_url[path.split("?")[0]] = self.by_url.get(path.split("?")[0], 0) + n
        if "/static/" in url or path.startswith("static/"):
            self.static += n
        elif "/media/" in url:
            self.media += n
        else:
            self.other += n

    def _frame(self, p) -> None:
        r = p["response"]
        data = r.get("payloadData", "")
        self.ws += len(data) * 3 // 4 if r.get("opcode") == 2 else len(data.encode())

    def app_bytes(self) -> int:
        return self.media + self.ws + self.other

    def reset(self) -> None:
        self.static = self.media = self.ws = self.other = 0
        self.by_url.clear()


def metrics(cdp) -> dict[str, float]:
    return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}


class Tab:
    """One page of a browser context, with the probe, a CDP session and traffic counters."""

    def __init__(self, browser, viewport=(1600, 1000)) -> None:
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                           device_scale_factor=1)
        self.context.add_init_script(PROBE)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")
        self.traffic = Traffic()
        self.traffic.attach(self.cdp)

    def close(self) -> None:
        self.context.close()

    def arm(self, kind: str, watch: str) -> None:
        self.page.evaluate("([k, w]) => window.__bench.arm(k, w)", [kind, watch])

    def settle(self, need_hit: bool = False, quiet: int = QUIET_MS) -> dict:
        handle = self.page.wait_for_function(
            "([q, h]) => window.__bench && window.__bench.settled(q, h)", arg=[quiet, need_hit],
            polling=50, timeout=120_000)
        return handle.json_value()

    def goto(self, url: str) -> dict:
        """Open ``url`` and wait until it settled (timed from navigation start)."""
        before = metrics(self.cdp)
        self.page.goto(url, wait_until="commit")
        self.arm("load", MAIN)
        res = self.settle(quiet=1000)
        with contextlib.suppress(Exception):
            self.page.wait_for_load_state("networkidle", timeout=30_000)
        res = self.settle(quiet=QUIET_MS)
        after = metrics(self.cdp)
        for name in ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration"):
            a, b = after.get(name, 0), before.get(name, 0)
            res[name] = (a - b if a >= b else a) * 1000  # a new renderer starts from zero
        return res

    def timed(self, kind: str, watch: str, action, need_hit: bool = False) -> dict:
        before = metrics(self.cdp)
        self.arm(kind, watch)
        action()
        res = self.settle(need_hit=need_hit)
        res["TaskDuration"] = (metrics(self.cdp).get("TaskDuration", 0) -
                               before.get("TaskDuration", 0)) * 1000
        return res


# --------------------------------------------------------------------------- gestures

def _slider_thumb(page):
    return page.locator(f'{MAIN} [data-testid="stSlider"] input[type="range"]').first


def _at_max(thumb) -> bool:
    """Whether a range input sits at its maximum (a key press up would change nothing)."""
    return bool(thumb.evaluate("el => Number(el.value) >= Number(el.max)"))


def press_slider(tab: Tab, step: int, watch: str) -> dict:
    thumb = _slider_thumb(tab.page)
    thumb.focus()
    key = "ArrowRight" if step > 0 else "ArrowLeft"
    return tab.timed("keydown", watch, lambda: thumb.press(key), need_hit=True)


def click_language(tab: Tab, label: str) -> dict:
    button = tab.page.locator('[data-testid="stSidebar"] button').filter(has_text=label).first
    return tab.timed("click", MAIN, button.click, need_hit=True)


def click_nav(tab: Tab, path: str | int) -> dict:
    """Click the sidebar link to ``path`` (a URL path, or the link's index)."""
    links = tab.page.locator('[data-testid="stSidebarNav"] a')
    link = links.nth(path) if isinstance(path, int) else links.and_(
        tab.page.locator(f'a[href$="/{path}"]')).first
    return tab.timed("click", MAIN, link.click, need_hit=True)


def png_photo(seed: int, side: int = 512) -> bytes:
    from PIL import Image

    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:side, 0:side]
    waves = np.stack([np.sin(x / rng.uniform(8, 40)) + np.cos(y / rng.uniform(8, 40))
                      for _ in range(3)], axis=2)
    arr = (waves * 60 + 128 + rng.normal(0, 6, (side, side, 3))).clip(0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def upload(tab: Tab, data: bytes, watch: str) -> dict:
    field_ = tab.page.locator('[data-testid="stSidebar"] input[type="file"]').first
    return tab.timed("change", watch, lambda: field_.set_input_files(
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": data}]), need_hit=True)


def play(tab: Tab, seconds: float = PLAY_SECONDS) -> dict:
    """Press the stage's Play at its fastest speed and count, in the page, the frames painted
    (requestAnimationFrame) and the stage's steps during ``seconds``; and the messages the
    browser sent to the server from the click on (playing must send none)."""
    stage = tab.page.locator(STAGE).first
    stage.wait_for(state="visible", timeout=60_000)
    stage.scroll_into_view_if_needed()
    tab.page.wait_for_timeout(600)  # the stage sizes itself on the next animation frame
    stage.locator("select").select_option(PLAY_SPEED)
    sent0 = tab.page.evaluate("() => window.__bench.sentCount")
    stage.locator("button.play").click()
    res = tab.page.evaluate("ms => window.__bench.frames(ms)", seconds * 1000)
    if res["playing"]:
        stage.locator("button.play").click()  # pause
    res["sent_total"] = tab.page.evaluate("() => window.__bench.sentCount") - sent0
    return res


# --------------------------------------------------------------------------- the run

def summarise(samples: list[float]) -> dict:
    if not samples:
        return {}
    q = np.percentile(samples, [25, 50, 75])
    return {"median": float(q[1]), "p25": float(q[0]), "p75": float(q[2]), "n": len(samples)}


class Recorder:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}
        self.extra: dict[str, list] = {}

    def add(self, name: str, value: float) -> None:
        self.samples.setdefault(name, []).append(float(value))

    def note(self, name: str, value) -> None:
        self.extra.setdefault(name, []).append(value)


def run(reps: int, cases: list[str], lessons: list[str], settings: dict[str, str],
        photo_side: int = 512, app_root: Path = ROOT, checkpoint: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

    RESULTS.mkdir(parents=True, exist_ok=True)
    rec = Recorder()
    loads = [load_average()]
    app = Server("app.py", settings, app_root)
    floor = Server("bench/floor_app.py", settings)
    rss = {"app_start_mb": app.rss_mb()}
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        # warm both servers' caches once per lesson (a first ever visit imports torch etc.)
        warm = Tab(browser)
        for url in [*(f"{app.url}/{lesson}" for lesson in lessons), f"{floor.url}/"]:
            try:
                warm.goto(url)
            except Exception:  # noqa: BLE001 - a fresh server on a loaded machine: once more
                warm.goto(url)
        warm.close()
        for rep in range(reps):
            print(f"  repeat {rep + 1}/{reps}  load {load_average()}", flush=True)
            loads.append(load_average())
            groups = [("cold", lambda: _cold(browser, app, floor, lessons, rec)),
                      ("switch", lambda: _switch(browser, app, floor, lessons, rec)),
                      ("slider", lambda rep=rep: _in_page(browser, app, floor, lessons, rec, cases, rep)),
                      ("upload", lambda rep=rep: _upload(browser, app, floor, rec, rep, photo_side)),
                      ("play", lambda: _play(browser, app, lessons, rec))]
            for name, group in groups:
                if name in cases or (name == "slider" and "language" in cases):
                    if name == "upload" and "activations" not in lessons:
                        continue
                    try:
                        group()
                    except Exception as exc:  # noqa: BLE001 - one failed case must not end the run
                        rec.note("failure", f"repeat {rep + 1}, {name}: {type(exc).__name__}: "
                                            f"{str(exc).splitlines()[0][:200]}")
                        print(f"  FAILED {name}: {rec.extra['failure'][-1]}", flush=True)
            if checkpoint:  # what the repeats so far measured, should the run be stopped
                partial = _results(rec, rep + 1, settings, app_root, loads, rss)
                checkpoint.write_text(json.dumps(partial, indent=2, ensure_ascii=False))
        rss["app_end_mb"] = app.rss_mb()
    finally:
        browser.close()
        pw.stop()
        app.stop()
        floor.stop()
    return _results(rec, reps, settings, app_root, loads, rss)


def _results(rec: Recorder, reps: int, settings: dict, app_root: Path, loads: list,
             rss: dict) -> dict:
    out = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "reps": reps, "settings": settings,
           "app_root": str(app_root), "failures": rec.extra.get("failure", []),
           "load_average": loads, "rss": rss, "cases": {}, "notes": rec.extra}
    floors = {k: statistics.median(v) for k, v in rec.samples.items() if k.startswith("floor/")}
    for name, values in sorted(rec.samples.items()):
        s = summarise(values)
        kind = name.split("/")[-1]
        f = floors.get(f"floor/{kind}")
        if f and not name.startswith("floor/"):
            s["ratio"] = s["median"] / f
        out["cases"][name] = s
    return out


def _cold(browser, app, floor, lessons, rec) -> None:
    for lesson in lessons:
        for who, url in (("app", f"{app.url}/{lesson}"), ("floor", f"{floor.url}/")):
            tab = Tab(browser)
            try:
                res = tab.goto(url)
            finally:
                traffic = tab.traffic
                tab.close()
            key = lesson if who == "app" else "floor"
            if f"static_files/{key}" not in rec.extra:  # which static files each view needs
                rec.note(f"static_files/{key}", sorted(
                    ((n, u) for u, n in traffic.by_url.items() if "static/" in u), reverse=True))
            rec.add(f"{key}/cold", res["ms"])
            rec.add(f"{key}/cold_main_thread", res["TaskDuration"])
            rec.add(f"{key}/cold_script", res["ScriptDuration"])
            rec.add(f"{key}/cold_static_bytes", traffic.static)
            rec.add(f"{key}/cold_app_bytes", traffic.app_bytes())
            rec.add(f"{key}/cold_ws_bytes", traffic.ws)
            rec.add(f"{key}/cold_media_bytes", traffic.media)


def _switch(browser, app, floor, lessons, rec) -> None:
    tab, ftab = Tab(browser), Tab(browser)
    try:
        tab.goto(f"{app.url}/")
        ftab.goto(f"{floor.url}/")
        where = {"floor": 0}
        for lesson in lessons:
            res = click_nav(tab, lesson)
            rec.add(f"{lesson}/switch", res["ms"])
            rec.add(f"{lesson}/switch_main_thread", res["TaskDuration"])
            click_nav(tab, 0)  # back home
            res = click_nav(ftab, 1 if where["floor"] == 0 else 0)
            where["floor"] = 1 - where["floor"]
            rec.add("floor/switch", res["ms"])
            rec.add("floor/switch_main_thread", res["TaskDuration"])
    finally:
        tab.close()
        ftab.close()


def _in_page(browser, app, floor, lessons, rec, cases, rep) -> None:
    ftab = Tab(browser)
    try:
        ftab.goto(f"{floor.url}/")
        for lesson in lessons:
            tab = Tab(browser)
            try:
                query = SLIDER_QUERY.get(lesson)
                tab.goto(f"{app.url}/{lesson}" + (f"?{query}" if query else ""))
                try:
                    _slider_thumb(tab.page).wait_for(state="attached", timeout=60_000)
                except Exception:
                    tab.page.screenshot(path=str(RESULTS / f"failed-{lesson}.png"))
                    raise
                if "slider" in cases:
                    # a slider already at its maximum (Separable's input channels) moves down first
                    sign = -1 if _at_max(_slider_thumb(tab.page)) else 1
                    for i, step in enumerate((sign, -sign)):
                        res = press_slider(tab, step, SLIDER_PICTURE.get(lesson, PICTURE))
                        name = "slider" if (rep or i) else "slider_first"
                        rec.add(f"{lesson}/{name}", res["picture_ms"])
                        rec.add(f"{lesson}/{name}_settled", res["ms"])
                        rec.add(f"{lesson}/{name}_main_thread", res["TaskDuration"])
                        rec.add(f"{lesson}/{name}_stage_hits", res["stage_hits"])
                        res = press_slider(ftab, step, f'{MAIN} [data-testid="stMarkdown"]')
                        rec.add(f"floor/{name}", res["picture_ms"])
                        rec.add(f"floor/{name}_settled", res["ms"])
                if "language" in cases:
                    for label in ("Français", "English"):
                        res = click_language(tab, label)
                        rec.add(f"{lesson}/language", res["ms"])
                        rec.add(f"{lesson}/language_main_thread", res["TaskDuration"])
                        res = click_language(ftab, "fr" if label == "Français" else "en")
                        rec.add("floor/language", res["ms"])
                if "slider" in cases and lesson in SLIDER_LARGEST:
                    _slider_largest(tab, ftab, f"{app.url}/{lesson}?{SLIDER_LARGEST[lesson]}",
                                    lesson, rec)
            finally:
                tab.close()
    finally:
        ftab.close()


def _slider_largest(tab: Tab, ftab: Tab, url: str, lesson: str, rec) -> None:
    """The slider case with the stage at its largest (e.g. Convolution's input 31 → 32 → 31):
    the time until the stage itself is redrawn (watched alone)."""
    tab.goto(url)
    _slider_thumb(tab.page).wait_for(state="attached", timeout=60_000)
    for step in (1, -1):
        res = press_slider(tab, step, STAGE)
        rec.add(f"{lesson}/slider_largest", res["picture_ms"])
        rec.add(f"{lesson}/slider_largest_settled", res["ms"])
        rec.add(f"{lesson}/slider_largest_stage_hits", res["stage_hits"])
        res = press_slider(ftab, step, f'{MAIN} [data-testid="stMarkdown"]')
        rec.add("floor/slider_largest", res["picture_ms"])
        rec.add("floor/slider_largest_settled", res["ms"])


def _play(browser, app, lessons, rec) -> None:
    for lesson in lessons:
        for name, query in PLAY.get(lesson, {}).items():
            tab = Tab(browser, viewport=(1280, 720))
            try:
                tab.goto(f"{app.url}/{lesson}" + (f"?{query}" if query else ""))
                res = play(tab)
            finally:
                tab.close()
            key = f"{lesson}/play_{name}"
            rec.add(f"{key}_fps", res["fps"])
            rec.add(f"{key}_max_gap", res["max_gap_ms"])
            rec.add(f"{key}_steps_per_s", res["steps_per_s"])
            rec.add(f"{key}_sent", res["sent_total"])
            rec.note(f"{key}_steps", res["steps"])


def _upload(browser, app, floor, rec, rep, side) -> None:
    tab, ftab = Tab(browser), Tab(browser)
    try:
        tab.goto(f"{app.url}/activations?img=__upload__&act_src=photo")
        ftab.goto(f"{floor.url}/")
        for i in range(2):
            data = png_photo(1000 * rep + i + 7 * side, side)
            tab.traffic.reset()
            res = upload(tab, data, MAIN)
            text = tab.page.locator(MAIN).inner_text()
            # the case must run the network on the photo: the page names the photo's size
            if f"{side}×{side}" not in text:
                raise RuntimeError("upload case: the Activations page does not show the photo")
            rec.add("activations/upload", res["ms"])
            if res.get("first_img_ms") is not None:
                rec.add("activations/upload_first_picture", res["first_img_ms"])
            rec.add("activations/upload_main_thread", res["TaskDuration"])
            rec.add("activations/upload_app_bytes", tab.traffic.app_bytes())
            res = upload(ftab, data, '[data-testid="stSidebar"] [data-testid="stMarkdown"]')
            rec.add("floor/upload", res["ms"])
    finally:
        tab.close()
        ftab.close()


# --------------------------------------------------------------------------- report

ROWS = [  # (label, case suffix, unit)
    ("cold load (ms)", "cold", "ms"),
    ("cold load, main-thread time (ms)", "cold_main_thread", "ms"),
    ("cold load, static bytes (MB)", "cold_static_bytes", "MB"),
    ("app bytes per page view (MB; goal ≤ 1.5)", "cold_app_bytes", "MB"),
    ("page switch from home (ms)", "switch", "ms"),
    ("slider → picture redrawn (ms)", "slider", "ms"),
    ("slider → page settled (ms)", "slider_settled", "ms"),
    ("slider, first move (cache miss, ms)", "slider_first", "ms"),
    ("slider, first move → page settled (ms)", "slider_first_settled", "ms"),
    ("slider → stage redrawn, largest settings (ms)", "slider_largest", "ms"),
    ("language switch (ms)", "language", "ms"),
    ("upload 512² → activations shown (ms)", "upload", "ms"),
    ("upload 512² → first picture (ms)", "upload_first_picture", "ms"),
    ("upload 512², app bytes (MB)", "upload_app_bytes", "MB"),
    ("playing, frames painted per s (defaults)", "play_default_fps", "n"),
    ("playing, longest frame (ms, defaults)", "play_default_max_gap", "ms"),
    ("playing, frames painted per s (largest)", "play_largest_fps", "n"),
    ("playing, longest frame (ms, largest)", "play_largest_max_gap", "ms"),
    ("playing, stage steps per s (defaults)", "play_default_steps_per_s", "n"),
    ("playing, stage steps per s (largest)", "play_largest_steps_per_s", "n"),
    ("playing, messages sent to the server", "play_default_sent", "n"),
    ("playing at largest, messages sent", "play_largest_sent", "n"),
]


def table(res: dict) -> str:
    cases = res["cases"]
    head = "| measure (median; ×floor) | floor | " + " | ".join(LESSONS) + " |"
    lines = [head, "|---" * (len(LESSONS) + 2) + "|"]
    for label, suffix, unit in ROWS:
        cells = []
        for who in ["floor", *LESSONS]:
            s = cases.get(f"{who}/{suffix}")
            if not s:
                cells.append("–")
                continue
            v = s["median"] / 1e6 if unit == "MB" else s["median"]
            txt = f"{v:.2f}" if unit == "MB" else f"{v:.1f}" if unit == "n" else f"{v:.0f}"
            if "ratio" in s and who != "floor":
                txt += f" (×{s['ratio']:.1f})"
            cells.append(txt)
        if any(c != "–" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    loads = res["load_average"]
    lines.append("")
    lines.append(f"{res['reps']} repeats, {res['when']}, settings {res['settings'] or 'config.toml'}; "
                 f"load average (1 min) from {min(x[0] for x in loads):.1f} to "
                 f"{max(x[0] for x in loads):.1f}; server RSS {res['rss']}.")
    return "\n".join(lines)


def _cell(s: dict | None, unit: str, floor: bool) -> str:
    if not s:
        return "–"
    v = s["median"] / 1e6 if unit == "MB" else s["median"]
    txt = f"{v:.2f}" if unit == "MB" else f"{v:.1f}" if unit == "n" else f"{v:.0f}"
    return txt + (f" ×{s['ratio']:.1f}" if "ratio" in s and not floor else "")


def compare(before: dict, after: dict) -> str:
    """One Markdown table: each measure per page, before → after (each with its ratio to the
    floor measured in its own run)."""
    lines = ["| measure (median, ×floor of the same run) | page | before | after |",
             "|---|---|---|---|"]
    for label, suffix, unit in ROWS:
        for who in ["floor", *LESSONS]:
            b = before["cases"].get(f"{who}/{suffix}")
            a = after["cases"].get(f"{who}/{suffix}")
            if b or a:
                lines.append(f"| {label} | {who} | {_cell(b, unit, who == 'floor')} | "
                             f"{_cell(a, unit, who == 'floor')} |")
    for name, r in (("before", before), ("after", after)):
        loads = [x[0] for x in r["load_average"]]
        lines.append("")
        lines.append(f"{name}: {r['reps']} repeats, {r['when']}, app from {r.get('app_root', '?')}, "
                     f"settings {r['settings'] or 'config.toml'}, load average (1 min) "
                     f"{min(loads):.0f}–{max(loads):.0f}"
                     + (f", server RSS {r['rss']['app_start_mb']:.0f} → {r['rss']['app_end_mb']:.0f} MB"
                        if "app_end_mb" in r["rss"] else "")
                     + (f", failures: {r['failures']}" if r.get("failures") else "") + ".")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--compare"]:  # python -m bench.browser --compare before.json after.json
        before, after = (json.loads(Path(a).read_text()) for a in argv[1:3])
        print(compare(before, after))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--cases", nargs="*", default=CASES, choices=CASES)
    parser.add_argument("--lessons", nargs="*", default=LESSONS, choices=LESSONS)
    parser.add_argument("--server-arg", action="append", default=[],
                        help="a Streamlit setting for both servers, e.g. runner.postScriptGC=false")
    parser.add_argument("--photo-side", type=int, default=512)
    parser.add_argument("--app-root", default=str(ROOT),
                        help="run app.py from this folder (e.g. an exported older commit)")
    parser.add_argument("--out", default=str(RESULTS / "browser.json"))
    args = parser.parse_args(argv)
    settings = dict(s.split("=", 1) for s in args.server_arg)
    print(f"browser benchmark, {args.reps} repeats, load {load_average()}", flush=True)
    res = run(args.reps, args.cases, args.lessons, settings, args.photo_side, Path(args.app_root),
              Path(args.out))
    res["table"] = table(res)
    Path(args.out).write_text(json.dumps(res, indent=2, ensure_ascii=False))
    print(res["table"])
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
