"""Does the server stay responsive while another session trains? Measured in Chromium.

    python -m bench.training_responsiveness                  # 3 rounds, the page's defaults
    python -m bench.training_responsiveness --rounds 4 --query tr_epochs=4
    python -m bench.training_responsiveness --training-nice 0   # trainings not niced

One ``streamlit run app.py`` (``bench.browser.Server``) and two sessions in one headless
Chromium (two browser contexts, so two Streamlit sessions):

- session B is on ``/convolution`` and steps its first slider (input size) with the keyboard
  (ArrowRight, then ArrowLeft, ...): each step is timed from the keydown to the script's run
  finished and the main area quiet for 500 ms (``bench.browser.press_slider``, the probe of
  ``python -m bench.browser``, watching the main area: the stage draws inside its own shadow
  root, which the probe's observer does not see, so watching the picture alone never ends);
- session A is on ``/training`` and presses "Train"; its page polls its run once a second until
  the "Validation accuracy" metric appears.

Each round has an idle phase (A does nothing) and a training phase (B steps its slider while
A's run is going: only steps that both start and end while A's page still shows the run
count); the order alternates between rounds, so a machine whose load drifts shifts both. The
report gives B's slider median in each phase, their ratio, A's run times (as its page reports
them) and the load average (1 min) at the start of each phase. Results go to
``bench/results/training_responsiveness.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.browser import MAIN, RESULTS, Server, Tab, load_average, press_slider  # noqa: E402

METRIC = "Validation accuracy"


def _training_done(tab: Tab) -> bool:
    return tab.page.locator(f'{MAIN} [data-testid="stMetric"]').filter(has_text=METRIC).count() > 0


def _training_time(tab: Tab) -> float | None:
    """The run time A's page reports ("Training time" metric, seconds), or None."""
    metric = tab.page.locator(f'{MAIN} [data-testid="stMetric"]').filter(has_text="Training time")
    if not metric.count():
        return None
    text = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return float(text.rstrip("s \u202f").replace(",", ""))


def _server_cpu(pid: int) -> float:
    """CPU seconds (user + system) of the server process so far (children not included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _steps(tab: Tab, n: int, direction: list[int]) -> list[float]:
    """``n`` slider steps (alternating right/left), their times in ms."""
    out = []
    for _ in range(n):
        out.append(press_slider(tab, direction[0], MAIN)["ms"])
        direction[0] = -direction[0]
    return out


def _idle_phase(b: Tab, pid: int, steps: int, direction: list[int]) -> dict:
    load, cpu0, t0 = load_average()[0], _server_cpu(pid), time.monotonic()
    times = _steps(b, steps, direction)
    return {"phase": "idle", "load_1min": load, "steps_ms": times,
            "server_cpu_share": (_server_cpu(pid) - cpu0) / (time.monotonic() - t0)}


def _training_phase(a: Tab, b: Tab, pid: int, max_steps: int, direction: list[int],
                    timeout: float) -> dict:
    load = load_average()[0]
    started = time.monotonic()
    a.page.locator(MAIN).get_by_role("button", name="Train", exact=True).click()
    a.page.locator(f'{MAIN} [data-testid="stProgress"]').wait_for(timeout=120_000)
    cpu0, t0 = _server_cpu(pid), time.monotonic()
    times: list[float] = []
    while len(times) < max_steps and not _training_done(a):
        ms = _steps(b, 1, direction)[0]
        if _training_done(a):  # the run ended during this step: not counted
            break
        times.append(ms)
    share = (_server_cpu(pid) - cpu0) / max(time.monotonic() - t0, 1e-9)
    while not _training_done(a):
        if time.monotonic() - started > timeout:
            raise TimeoutError("the training run did not end")
        a.page.wait_for_timeout(500)
    a.page.wait_for_timeout(1500)  # the page's last rerun (metrics, Train enabled again)
    return {"phase": "training", "load_1min": load, "steps_ms": times,
            "server_cpu_share": share, "wall_s": time.monotonic() - started,
            "page_training_time_s": _training_time(a)}


def run(rounds: int, steps: int, query: str, settings: dict[str, str]) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

    RESULTS.mkdir(parents=True, exist_ok=True)
    app = Server("app.py", settings)
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    phases: list[dict] = []
    try:
        b = Tab(browser, viewport=(1280, 720))
        b.goto(f"{app.url}/convolution")
        b.page.locator(f'{MAIN} [data-testid="stSlider"] input[type="range"]').first.wait_for(
            state="attached", timeout=120_000)
        direction = [1]
        _steps(b, 2, direction)  # warm the caches of both slider values
        a = Tab(browser, viewport=(1280, 720))
        a.goto(f"{app.url}/training?{query}" if query else f"{app.url}/training")
        for r in range(rounds):
            order = ("idle", "training") if r % 2 == 0 else ("training", "idle")
            for phase in order:
                if phase == "idle":
                    res = _idle_phase(b, app.proc.pid, steps, direction)
                else:
                    res = _training_phase(a, b, app.proc.pid, 3 * steps, direction,
                                          timeout=900)
                res["round"] = r + 1
                phases.append(res)
                print(f"  round {r + 1} {phase:8s}: {len(res['steps_ms'])} steps, median "
                      f"{statistics.median(res['steps_ms']) if res['steps_ms'] else float('nan'):.0f}"
                      f" ms, load {res['load_1min']}", flush=True)
        a.close()
        b.close()
    finally:
        browser.close()
        pw.stop()
        app.stop()
    return summary(phases, rounds, steps, query, settings)


def summary(phases: list[dict], rounds: int, steps: int, query: str,
            settings: dict[str, str]) -> dict:
    idle = [ms for p in phases if p["phase"] == "idle" for ms in p["steps_ms"]]
    busy = [ms for p in phases if p["phase"] == "training" for ms in p["steps_ms"]]
    med = {k: statistics.median(v) if v else None for k, v in (("idle", idle), ("training", busy))}
    return {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"), "rounds": rounds, "steps": steps,
        "query": query, "settings": settings, "phases": phases,
        "slider_median_ms": med, "slider_n": {"idle": len(idle), "training": len(busy)},
        "ratio_training_to_idle": (med["training"] / med["idle"]
                                   if med["idle"] and med["training"] else None),
        "load_1min": [p["load_1min"] for p in phases],
        "training_wall_s": [round(p["wall_s"], 1) for p in phases if p["phase"] == "training"],
        "page_training_time_s": [p["page_training_time_s"] for p in phases
                                 if p["phase"] == "training"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.training_responsiveness",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=6, help="slider steps per idle phase "
                        "(a training phase takes up to three times as many while the run lasts)")
    parser.add_argument("--query", default="", help="settings of A's run, e.g. tr_epochs=4")
    parser.add_argument("--server-arg", action="append", default=[],
                        help="a Streamlit setting, e.g. runner.postScriptGC=false")
    parser.add_argument("--training-nice", type=int, default=None,
                        help="CNNVIZ_TRAINING_NICE for the server (0: trainings run at the "
                             "server's priority; default: the app's own, 10)")
    parser.add_argument("--out", default=str(RESULTS / "training_responsiveness.json"))
    args = parser.parse_args(argv)
    settings = dict(s.split("=", 1) for s in args.server_arg)
    if args.training_nice is not None:  # the server (a child process) inherits it
        os.environ["CNNVIZ_TRAINING_NICE"] = str(args.training_nice)
    print(f"training responsiveness, {args.rounds} rounds, load {load_average()}", flush=True)
    res = run(args.rounds, args.steps, args.query, settings)
    res["training_nice"] = os.environ.get("CNNVIZ_TRAINING_NICE", "default (10)")
    Path(args.out).write_text(json.dumps(res, indent=2, ensure_ascii=False))
    print(json.dumps({k: res[k] for k in ("slider_median_ms", "slider_n", "ratio_training_to_idle",
                                          "load_1min", "training_wall_s",
                                          "page_training_time_s")}, indent=1))
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
