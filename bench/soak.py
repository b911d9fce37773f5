"""Memory and rerun time over a long session, for two server settings side by side (same run,
same load): Chromium moves the first slider of each lesson up and down its range many times
(cache misses and hits) on a server with each setting, and the servers' RSS is sampled.

    python -m bench.soak --count 120 --b runner.postScriptGC=false
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.browser import LESSONS, PICTURE, RESULTS, Server, Tab, load_average, press_slider  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

    p = argparse.ArgumentParser(prog="python -m bench.soak")
    p.add_argument("--count", type=int, default=120, help="slider steps per server")
    p.add_argument("--a", action="append", default=[], help="setting of server A (key=value)")
    p.add_argument("--b", action="append", default=[], help="setting of server B (key=value)")
    p.add_argument("--out", default=str(RESULTS / "soak.json"))
    args = p.parse_args(argv)
    configs = {"A": dict(s.split("=", 1) for s in args.a), "B": dict(s.split("=", 1) for s in args.b)}
    servers = {k: Server("app.py", v) for k, v in configs.items()}
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    res = {k: {"settings": configs[k], "ms": [], "rss_mb": []} for k in servers}
    loads = [load_average()]
    try:
        tabs = {k: Tab(browser) for k in servers}
        step_i = 0
        per_lesson = max(1, args.count // len(LESSONS))
        for lesson in LESSONS:
            for k, srv in servers.items():
                tabs[k].goto(f"{srv.url}/{lesson}")
            for i in range(per_lesson):
                direction = 1 if (i // 4) % 2 == 0 else -1  # 4 up, 4 down: misses and hits
                for k in servers:
                    r = press_slider(tabs[k], direction, PICTURE)
                    res[k]["ms"].append(r["ms"])
                step_i += 1
                if step_i % 10 == 0:
                    for k, srv in servers.items():
                        res[k]["rss_mb"].append(round(srv.rss_mb(), 1))
                    loads.append(load_average())
                    print(f"  {step_i} steps: " + ", ".join(
                        f"{k} {res[k]['rss_mb'][-1]} MB" for k in servers), flush=True)
    finally:
        browser.close()
        pw.stop()
        for srv in servers.values():
            srv.stop()
    for k in res:
        res[k]["median_ms"] = statistics.median(res[k]["ms"])
        res[k]["final_rss_mb"] = res[k]["rss_mb"][-1] if res[k]["rss_mb"] else None
        print(f"{k} {configs[k] or 'config.toml'}: slider median {res[k]['median_ms']:.0f} ms, "
              f"RSS {res[k]['rss_mb']}")
    res["load_average"] = loads
    Path(args.out).write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
