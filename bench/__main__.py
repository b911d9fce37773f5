"""How fast the app answers, measured with medians over repeated runs.

    python -m bench                 # everything, prints a table, writes bench/results/latest.json
    python -m bench --only rerun    # one group: rerun, activations, tiling, bytes, cold, memory
    python -m bench --only browser  # what users feel, in Chromium, as ratios to a floor app
                                    # (bench/browser.py; python -m bench.browser for its options)
    python -m bench --reps 15
    python -m bench --load          # many simulated students at once (bench/load.py)

Groups:
- rerun: server time of one rerun after a slider change, per page (AppTest runs the real
  scripts in-process: widget change -> full script run), at defaults (cat photo 451×300) and
  with a 512×512 photo (the astronaut).
- activations: first view of a new 512×512 photo (a fresh upload each time, so nothing is
  cached) and a display-only change (colour map) that must reuse cached activations.
- tiling: drawing every feature map of one model for one photo: the project's tiling (one PNG
  per layer) against the course notebook's way (one matplotlib subplot per channel) and one
  Plotly heatmap per channel (figure built and serialised to JSON), same run, as ratios.
- bytes: bytes sent to the browser per page view (WebSocket frames + media files), measured in
  headless Chromium.
- cold: `streamlit run` to the first page fully rendered in headless Chromium.
- memory: the server's peak resident memory (VmHWM) after opening every page with a photo.

Noise: the machine is shared and small (2 cores); every figure is a median over repeats with
its interquartile range, and ratios compare runs made in the same process minutes apart.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's bare-mode warnings
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

RESULTS = ROOT / "bench" / "results"
PAGE_TILE_SIDE = 1180 // 3 - 30  # the Activations page's tile side at 3 layers per row
PAGES = ["convolution", "separable", "pooling", "activations"]

TARGETS = {
    "rerun_default_ms": 150.0,
    "activations_first_view_ms": 500.0,
    "activations_display_change_ms": 100.0,
    "tiling_speedup_vs_matplotlib": 20.0,
    "page_view_bytes": 1.5e6,
    "cold_start_s": 6.0,
}


def summarise(samples: list[float]) -> dict[str, float]:
    q = np.percentile(samples, [25, 50, 75])
    return {"median": float(q[1]), "p25": float(q[0]), "p75": float(q[2]),
            "min": float(min(samples)), "n": len(samples)}


def timed(fn: Callable[[], object], reps: int, warmup: int = 1) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000.0)
    return summarise(samples)


def png_bytes(rng: np.random.Generator, size=(512, 512)) -> bytes:
    from PIL import Image

    noise = rng.integers(0, 256, (*size, 3)).astype(np.float64)
    # a smooth photo-like image (pure noise compresses badly and is unlike a photo)
    y, x = np.mgrid[0:size[0], 0:size[1]]
    waves = np.stack([np.sin(x / rng.uniform(8, 40)) + np.cos(y / rng.uniform(8, 40))
                      for _ in range(3)], axis=2)
    arr = (waves * 60 + 128 + noise * 0.1).clip(0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


# --------------------------------------------------------------------------- rerun (AppTest)

def _apptest(page: str, **params: str):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(f"pages/{page}.py")  # through app.py's frame, as tests/apptest_support does
    at.run()
    if at.exception:
        raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")
    return at


def _main_slider(at):
    """The first slider of the page's main area (the sidebar has none)."""
    sliders = [s for s in at.main.get("slider") if isinstance(s.value, int)]
    if not sliders:
        raise RuntimeError("no integer slider on the page")
    return sliders[0]


def bench_rerun(reps: int) -> dict:
    out = {}
    for page in PAGES:
        for label, params in (("default", {}), ("photo512", {"img": "astronaut"})):
            at = _apptest(page, **params)
            slider = _main_slider(at)
            key, lo, hi, v0 = slider.key, slider.min, slider.max, slider.value
            v1 = v0 + 1 if v0 < hi else v0 - 1
            values = [v1, v0]
            state = {"i": 0}

            def step(at=at, key=key, values=values, state=state):
                at.slider(key=key).set_value(values[state["i"] % 2])
                state["i"] += 1
                at.run()

            stats = timed(step, reps)
            stats["slider"] = f"{key}: {v0}<->{v1} (range {lo}-{hi})"
            out[f"{page}/{label}"] = stats
            print(f"  rerun {page:12s} {label:9s} median {stats['median']:7.1f} ms  "
                  f"IQR {stats['p25']:.0f}-{stats['p75']:.0f}  ({stats['slider']})", flush=True)
    return out


# --------------------------------------------------------------------------- activations

def upload_photo(at, data: bytes) -> None:
    """Upload ``data`` on the Activations page opened with the photo source (``act_src=photo``:
    with the default drawing source the network would never see the photo)."""
    at.get("file_uploader")[0].upload("photo.png", data, "image/png")
    at.run()
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])


def bench_activations(reps: int) -> dict:
    at = _apptest("activations", img="__upload__", act_src="photo")
    rng = np.random.default_rng(0)
    first = timed(lambda: upload_photo(at, png_bytes(rng)), reps, warmup=1)
    print(f"  activations first view of a new 512x512 photo: median {first['median']:.1f} ms",
          flush=True)
    # display-only change: a colour-map style choice on the page (selectbox/radio/segmented)
    widget = None
    for kind in ("selectbox", "radio", "segmented_control", "select_slider"):
        for w in at.main.get(kind):
            if "cmap" in (w.key or "") or "colormap" in (w.key or ""):
                widget = w
    if widget is None:
        raise RuntimeError("no colour-map widget found on the Activations page")
    options = list(widget.options)
    state = {"i": 0}

    def display_change():
        w = next(x for x in at.main.get(widget.type) if x.key == widget.key)
        w.set_value(_option_value(w, state["i"] % 2))
        state["i"] += 1
        at.run()

    display = timed(display_change, reps, warmup=2)
    display["widget"] = f"{widget.key} ({len(options)} options)"
    print(f"  activations display-only change ({display['widget']}): median "
          f"{display['median']:.1f} ms", flush=True)
    return {"first_view_512": first, "display_change": display}


def _option_value(widget, i: int):
    opts = list(widget.options)
    # AppTest widgets take the underlying option; for formatted options the proto keeps labels
    raw = getattr(widget, "_options", None) or opts
    return raw[i % len(raw)] if not hasattr(widget, "format_func") else opts[i % len(opts)]


# --------------------------------------------------------------------------- tiling

def bench_tiling(reps: int) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import plotly.graph_objects as go

    import models
    from cnnviz.images import load_image, sample_bytes
    from cnnviz.lessons import activations as A
    from cnnviz.render import files, pictures

    model = models.load_model("shapes")
    photo = load_image(sample_bytes("astronaut"))
    layers = [a for a in A.capture_features(model, A.to_tensor(photo, 256)) if a.output.ndim == 3]
    n_maps = sum(a.output.shape[0] for a in layers)

    def ours():  # what the Activations page does: one tiled, coloured PNG per layer
        for a in layers:
            files.png(pictures.layer_picture(a.output, "channel", "viridis",
                                             max_side=PAGE_TILE_SIDE))

    def notebook():  # the course notebook: one subplot per channel, one figure per layer
        for a in layers:
            c = a.output.shape[0]
            cols = 8
            rows = (c + cols - 1) // cols
            fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.5, rows * 1.5))
            for i, ax in enumerate(np.ravel(axes)):
                ax.axis("off")
                if i < c:
                    ax.imshow(a.output[i], cmap="viridis")
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            plt.close(fig)

    def plotly_heatmaps():  # one Plotly heatmap per channel, serialised as sent to the browser
        for a in layers:
            for ch in a.output:
                go.Figure(go.Heatmap(z=ch, colorscale="Viridis")).to_json()

    r = max(3, reps // 3)
    t_ours = timed(ours, r)
    t_mpl = timed(notebook, max(2, r // 2))
    t_plotly = timed(plotly_heatmaps, max(2, r // 2))
    res = {"maps": n_maps, "layers": len(layers), "ours": t_ours, "matplotlib": t_mpl,
           "plotly_heatmaps": t_plotly,
           "speedup_vs_matplotlib": t_mpl["median"] / t_ours["median"],
           "speedup_vs_plotly": t_plotly["median"] / t_ours["median"]}
    print(f"  tiling {n_maps} maps in {len(layers)} layers: ours {t_ours['median']:.0f} ms, "
          f"matplotlib {t_mpl['median']:.0f} ms (x{res['speedup_vs_matplotlib']:.1f}), "
          f"plotly {t_plotly['median']:.0f} ms (x{res['speedup_vs_plotly']:.1f})", flush=True)
    return res


# --------------------------------------------------------------------------- browser groups

def _browser():
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS
    pw = sync_playwright().start()
    return pw, pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def bench_cold(reps: int) -> dict:
    from tests.browser_support import StreamlitServer, wait_for_app

    pw, browser = _browser()
    samples = []
    try:
        for _ in range(max(3, reps // 3)):
            t0 = time.perf_counter()
            server = StreamlitServer()
            try:
                server.wait_healthy()
                page = browser.new_page()
                page.goto(server.url)
                wait_for_app(page)
                page.locator("h1").first.wait_for()
                samples.append(time.perf_counter() - t0)
                page.close()
            finally:
                server.stop()
    finally:
        browser.close()
        pw.stop()
    res = summarise(samples)
    print(f"  cold start to first page rendered: median {res['median']:.2f} s", flush=True)
    return res


def bench_bytes_and_memory() -> tuple[dict, dict]:
    from tests.browser_support import StreamlitServer, wait_for_app

    pw, browser = _browser()
    server = StreamlitServer()
    per_page = {}
    try:
        server.wait_healthy()
        for path in ["", *PAGES]:
            for img in ("chelsea", "astronaut"):
                # a very tall window: images below the fold are lazy-loaded, and a page view
                # counts everything a student scrolling to the end receives
                context = browser.new_context(viewport={"width": 1600, "height": 9000})
                page = context.new_page()
                counts = {"ws": 0, "media": 0}

                def on_ws(ws, counts=counts):
                    ws.on("framereceived", lambda payload, c=counts: c.__setitem__(
                        "ws", c["ws"] + len(payload)))

                def on_response(resp, counts=counts):
                    # the app's own images and files; Streamlit's fonts (/static/media/) are
                    # the same for every page and cached by the browser after the first view
                    if "/media/" in resp.url and "/static/" not in resp.url:
                        with contextlib.suppress(Exception):  # a cancelled request has no body
                            counts["media"] += int(resp.header_value("content-length") or
                                                   len(resp.body()))

                page.on("websocket", on_ws)
                page.on("response", on_response)
                page.goto(f"{server.url}/{path}?img={img}")
                wait_for_app(page)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1000)
                name = f"{path or 'home'}/{img}"
                per_page[name] = {"websocket": counts["ws"], "media": counts["media"],
                                  "total": counts["ws"] + counts["media"]}
                print(f"  bytes {name:24s} {per_page[name]['total'] / 1e6:6.2f} MB "
                      f"(ws {counts['ws'] / 1e6:.2f}, media {counts['media'] / 1e6:.2f})",
                      flush=True)
                context.close()
        status = Path(f"/proc/{server.proc.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        memory = {"peak_rss_mb": int(fields["VmHWM"].split()[0]) / 1024,
                  "rss_mb": int(fields["VmRSS"].split()[0]) / 1024}
        print(f"  server peak memory after every page: {memory['peak_rss_mb']:.0f} MB", flush=True)
    finally:
        server.stop()
        browser.close()
        pw.stop()
    return per_page, memory


# --------------------------------------------------------------------------- report

def verdicts(r: dict) -> list[tuple[str, str, str, bool]]:
    rows = []
    if "rerun" in r:
        worst = max(v["median"] for k, v in r["rerun"].items() if k.endswith("/default"))
        rows.append(("rerun after a slider change, worst page median (defaults)",
                     f"{worst:.0f} ms", f"≤ {TARGETS['rerun_default_ms']:.0f} ms",
                     worst <= TARGETS["rerun_default_ms"]))
    if "activations" in r:
        f = r["activations"]["first_view_512"]["median"]
        d = r["activations"]["display_change"]["median"]
        rows.append(("activations, first view of a new 512×512 photo", f"{f:.0f} ms",
                     f"≤ {TARGETS['activations_first_view_ms']:.0f} ms",
                     f <= TARGETS["activations_first_view_ms"]))
        rows.append(("activations, display-only change", f"{d:.0f} ms",
                     f"≤ {TARGETS['activations_display_change_ms']:.0f} ms",
                     d <= TARGETS["activations_display_change_ms"]))
    if "tiling" in r:
        s = r["tiling"]["speedup_vs_matplotlib"]
        rows.append(("tiling vs matplotlib subplots", f"×{s:.1f}",
                     f"≥ ×{TARGETS['tiling_speedup_vs_matplotlib']:.0f}",
                     s >= TARGETS["tiling_speedup_vs_matplotlib"]))
    if "bytes" in r:
        worst = max(v["total"] for v in r["bytes"].values())
        rows.append(("bytes per page view, worst page", f"{worst / 1e6:.2f} MB", "≤ 1.5 MB",
                     worst <= TARGETS["page_view_bytes"]))
    if "cold" in r:
        c = r["cold"]["median"]
        rows.append(("cold start to first page rendered", f"{c:.2f} s", "≤ 6 s",
                     c <= TARGETS["cold_start_s"]))
    if "memory" in r:
        rows.append(("server peak memory after every page", f"{r['memory']['peak_rss_mb']:.0f} MB",
                     "(recorded)", True))
    return rows


def markdown_table(r: dict) -> str:
    lines = ["| measure | median | target | met |", "|---|---|---|---|"]
    for name, value, target, ok in verdicts(r):
        lines.append(f"| {name} | {value} | {target} | {'yes' if ok else 'NO'} |")
    if "rerun" in r:
        lines += ["", "| page | rerun, defaults (ms, median [IQR]) | rerun, 512×512 photo (ms) |",
                  "|---|---|---|"]
        for page in PAGES:
            d, p = r["rerun"].get(f"{page}/default"), r["rerun"].get(f"{page}/photo512")
            if d and p:
                lines.append(f"| {page} | {d['median']:.0f} [{d['p25']:.0f}–{d['p75']:.0f}] | "
                             f"{p['median']:.0f} [{p['p25']:.0f}–{p['p75']:.0f}] |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--load" in argv:  # the load test has its own options: python -m bench --load --help
        from bench.load import main as load_main

        return load_main([a for a in argv if a != "--load"])
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=11)
    parser.add_argument("--only", nargs="*", default=None,
                        choices=["rerun", "activations", "tiling", "bytes", "cold", "memory",
                                 "browser"])
    parser.add_argument("--out", default=str(RESULTS / "latest.json"))
    args = parser.parse_args(argv)
    groups = set(args.only or ["rerun", "activations", "tiling", "bytes", "cold", "memory",
                               "browser"])
    import logging

    import torch

    # AppTest runs scripts in "bare mode" and warns about it on every widget; mute warnings
    logging.disable(logging.WARNING)

    results: dict = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "reps": args.reps,
                     "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "torch": torch.__version__, "torch_threads":
                                 torch.get_num_threads()}}
    print(f"benchmark, {args.reps} repeats per measure", flush=True)
    if "rerun" in groups:
        results["rerun"] = bench_rerun(args.reps)
    if "activations" in groups:
        results["activations"] = bench_activations(args.reps)
    if "tiling" in groups:
        results["tiling"] = bench_tiling(args.reps)
    if groups & {"bytes", "memory"}:
        results["bytes"], results["memory"] = bench_bytes_and_memory()
    if "cold" in groups:
        results["cold"] = bench_cold(args.reps)
    if "browser" in groups:
        from bench import browser

        results["browser"] = browser.run(max(3, args.reps // 2), browser.CASES, browser.LESSONS, {})
        print(browser.table(results["browser"]), flush=True)
    if args.only and Path(args.out).exists():  # a partial run updates the last full one
        previous = json.loads(Path(args.out).read_text())
        for group in groups:
            if group in results:
                previous[group] = results[group]
                previous.setdefault("remeasured", {})[group] = (
                    f"{results['when']}, {args.reps} repeats")
        results = previous
    table = markdown_table(results)
    results["table"] = table
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print()
    print(table)
    print(f"\nwritten {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
