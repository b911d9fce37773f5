"""Where a real server rerun spends its time: py-spy samples ``streamlit run`` while Chromium
repeats a gesture on one lesson (slider steps, language switches, page switches).

    python -m bench.profile convolution --gesture slider --count 20
    python -m bench.profile activations --gesture language

Writes the collapsed stacks to bench/results/profile-<lesson>-<gesture>.txt and prints the
functions with the most inclusive samples in the script thread (own files, Streamlit, torch...).
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.browser import PICTURE, RESULTS, SLIDER_QUERY, Server, Tab, click_language, click_nav, press_slider  # noqa: E402


def top(stacks: Path, n: int = 40, thread_hint: str = "ScriptRunner") -> str:
    incl: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in stacks.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if thread_hint not in stack:
            continue
        c = int(count)
        total += c
        frames = stack.split(";")
        for f in set(frames):
            incl[f] += c
        own[frames[-1]] += c
    out = [f"script-thread samples: {total}", "inclusive:"]
    out += [f"  {100 * c / max(total, 1):5.1f}%  {f}" for f, c in incl.most_common(n)]
    out += ["self:"] + [f"  {100 * c / max(total, 1):5.1f}%  {f}" for f, c in own.most_common(20)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

    p = argparse.ArgumentParser(prog="python -m bench.profile")
    p.add_argument("lesson")
    p.add_argument("--gesture", choices=["slider", "language", "switch"], default="slider")
    p.add_argument("--count", type=int, default=12)
    p.add_argument("--server-arg", action="append", default=[])
    args = p.parse_args(argv)
    settings = dict(s.split("=", 1) for s in args.server_arg)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"profile-{args.lesson}-{args.gesture}.txt"
    app = Server("app.py", settings)
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    spy = None
    try:
        tab = Tab(browser)
        query = SLIDER_QUERY.get(args.lesson)  # the slider the browser benchmark moves
        tab.goto(f"{app.url}/{args.lesson}" + (f"?{query}" if query else ""))
        for step in (1, -1):  # fill the caches first
            if args.gesture == "slider":
                press_slider(tab, step, PICTURE)
        spy = subprocess.Popen(["py-spy", "record", "--pid", str(app.proc.pid), "--rate", "250",
                                "--format", "raw", "--threads", "--output", str(out),
                                "--nonblocking"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               executable=str(Path(sys.executable).parent / "py-spy"))
        tab.page.wait_for_timeout(1500)
        times = []
        for i in range(args.count):
            if args.gesture == "slider":
                res = press_slider(tab, 1 if i % 2 == 0 else -1, PICTURE)
            elif args.gesture == "language":
                res = click_language(tab, "Français" if i % 2 == 0 else "English")
            else:
                res = click_nav(tab, 0 if i % 2 else args.lesson)
            times.append(res["ms"])
        spy.send_signal(2)  # SIGINT: py-spy writes its output
        spy.wait(timeout=60)
        tab.close()
    finally:
        if spy and spy.poll() is None:
            spy.kill()
        browser.close()
        pw.stop()
        app.stop()
    times.sort()
    print(f"{args.lesson} {args.gesture}: median {times[len(times) // 2]:.0f} ms over {len(times)}; "
          f"load {os.getloadavg()[0]:.1f}")
    print(top(out))
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
