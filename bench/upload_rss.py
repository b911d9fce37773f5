"""Server memory after many uploads: does it plateau?

    python -m bench.upload_rss [--sessions 10] [--uploads 10]

Runs the app in this process with Streamlit's AppTest: ``--sessions`` sessions, one after the
other, each opens the Activations page on the photo source at full resolution and uploads
``--uploads`` different photos (1600×1200 JPEGs of random blocks, about 0.3 MB); every upload
is a new image, so every upload decodes a photo and computes a new activation set. Sessions are
kept alive (not closed) until the end, as in a class. Prints the process RSS (VmRSS, MB) after
each upload and the peak (VmHWM); the last lines are JSON for the README.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent


def status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def photo(seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 256, (12, 16, 3), dtype=np.uint8)
    img = Image.fromarray(blocks, "RGB").resize((1600, 1200), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--uploads", type=int, default=10)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import os

    os.chdir(ROOT)
    from streamlit.testing.v1 import AppTest

    sessions = []
    series = []
    start = status_mb("VmRSS")
    n = 0
    for s in range(args.sessions):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for key, value in {"img": "__upload__", "act_src": "photo", "act_res": "full"}.items():
            at.query_params[key] = value
        at.switch_page("pages/activations.py")
        at.run()
        for _ in range(args.uploads):
            n += 1
            at.get("file_uploader")[0].upload(f"photo{n}.jpg", photo(n), "image/jpeg").run()
            assert not at.exception, [e.value for e in at.exception]
            assert "(1600×1200 pixels)" in "\n".join(m.value for m in at.markdown), "no upload"
            rss = status_mb("VmRSS")
            series.append(round(rss))
            print(f"session {s + 1:2d} upload {n:3d}: RSS {rss:7.0f} MB", flush=True)
        sessions.append(at)
    tail = series[len(series) // 2:]
    print(json.dumps({"uploads": n, "sessions": args.sessions, "rss_start_mb": round(start),
                      "rss_after_10_mb": series[min(9, len(series) - 1)],
                      "rss_after_half_mb": series[len(series) // 2 - 1], "rss_end_mb": series[-1],
                      "rss_max_second_half_mb": max(tail), "rss_min_second_half_mb": min(tail),
                      "peak_mb": round(status_mb("VmHWM"))}))


if __name__ == "__main__":
    main(sys.argv[1:])
