"""Server memory after many uploads: does it plateau?

    python -m bench.upload_rss [--sessions 10] [--uploads 10] [--env NAME=VALUE ...]

Starts the app with ``streamlit run`` (the project's ``.streamlit/config.toml``, as
``tests/browser_support.StreamlitServer`` does) and connects ``--sessions`` simulated browser
tabs, one after the other, speaking Streamlit's websocket protocol (:class:`bench.load.SimSession`).
Each opens the Activations page on the photo source at full resolution
(``/activations?img=__upload__&act_src=photo&act_res=full``) and uploads ``--uploads`` different
photos through the upload endpoint (1600×1200 JPEGs of random blocks, about 0.3 MB): every upload
is a new image, so it is decoded and gets a new activation set and new layer pictures. Sessions
stay connected until the end, as in a class. After each upload (once its run has finished) the
server's RSS is read from ``/proc/<pid>/status``; the last line is JSON for the README.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PAGE, QUERY = "activations", "img=__upload__&act_src=photo&act_res=full"


def photo(seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 256, (12, 16, 3), dtype=np.uint8)
    img = Image.fromarray(blocks, "RGB").resize((1600, 1200), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(base: str, pid: int, sessions: int, uploads: int, timeout: float) -> dict:
    from bench.load import SimSession, Stats

    class Tab(SimSession):
        """A simulated tab that also keeps the text of the Markdown it was sent."""

        texts: list[str]

        def element(self, el, fragment_id: str) -> None:
            if el.WhichOneof("type") == "markdown":
                self.texts.append(el.markdown.body)
            super().element(el, fragment_id)

    stats = Stats()
    tabs: list[Tab] = []
    series: list[int] = []
    start = status_mb(pid, "VmRSS")
    n = 0
    t0 = time.monotonic()
    try:
        for s in range(sessions):
            tab = Tab(base, stats, random.Random(s), timeout=timeout)
            tab.texts = []
            tabs.append(tab)
            await tab.connect()
            await tab.open(PAGE, QUERY)
            for _ in range(uploads):
                n += 1
                tab.texts.clear()
                errors = len(stats.errors)
                await tab.upload(await asyncio.to_thread(photo, n))
                shown = any("1600×1200" in text for text in tab.texts)
                if len(stats.errors) > errors or not shown:
                    raise RuntimeError(f"upload {n} not shown: {stats.errors[errors:][:3]}")
                rss = status_mb(pid, "VmRSS")
                series.append(round(rss))
                print(f"session {s + 1:2d} upload {n:3d}: server RSS {rss:7.0f} MB "
                      f"({time.monotonic() - t0:5.0f} s, load {os.getloadavg()[0]:.1f})",
                      flush=True)
    finally:
        for tab in tabs:
            await tab.close()
    tail = series[len(series) // 2:]
    return {"uploads": n, "sessions": sessions, "rss_start_mb": round(start),
            "rss_every_10_mb": series[9::10], "rss_end_mb": series[-1],
            "rss_max_second_half_mb": max(tail), "rss_min_second_half_mb": min(tail),
            "peak_mb": round(status_mb(pid, "VmHWM")), "seconds": round(time.monotonic() - t0),
            "when": time.strftime("%Y-%m-%d %H:%M:%S")}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.upload_rss")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--uploads", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for the server (to compare a setting)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from tests.browser_support import StreamlitServer

    saved = dict(os.environ)
    os.environ.update(dict(e.split("=", 1) for e in args.env))
    server = StreamlitServer()
    os.environ.clear()
    os.environ.update(saved)
    try:
        server.wait_healthy(timeout=120)
        result = asyncio.run(measure(server.url, server.proc.pid, args.sessions, args.uploads,
                                     args.timeout))
    finally:
        server.stop()
    result["env"] = args.env
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
