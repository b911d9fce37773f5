"""Memory and time one hostile-but-small upload costs the server while decoding.

    python -m bench.upload_memory [path/to/other/images.py ...]

Each case runs in a fresh subprocess: RSS before decoding (after imports), peak RSS
(``VmHWM``) after ``load_image``, and the wall time. Cases (written once to a temporary
folder): a PNG of one colour (about 160 KB at 7000×7000) and a float32 TIFF of large flat blocks
(deflate; about 650 KB at 7000×7000), each at 7000×7000 and at 4900×4900 (the largest size the
app still accepts). Extra arguments are other versions of
``cnnviz/images.py`` to compare (e.g. ``git show HEAD~1:cnnviz/images.py > /tmp/old.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import importlib.util, json, sys, time
import numpy as np
from PIL import Image

def status_mb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024

case, module_path = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("images_under_test", module_path)
images = importlib.util.module_from_spec(spec)
spec.loader.exec_module(images)
data = open(case, "rb").read()
base = status_mb("VmRSS")
t0 = time.perf_counter()
try:
    img = images.load_image(data)
    outcome = f"{img.width}x{img.height}"
except Exception as exc:
    outcome = f"refused: {getattr(exc, 'code', type(exc).__name__)}"
elapsed = time.perf_counter() - t0
peak = status_mb("VmHWM")  # this process's peak RSS (ru_maxrss survives exec)
print(json.dumps({"case": case, "file_kb": round(len(data) / 1024), "rss_before_mb": round(base),
                  "peak_mb": round(peak), "extra_mb": round(peak - base), "seconds": round(elapsed, 2),
                  "outcome": outcome}))
"""


def make_cases(folder: Path) -> list[Path]:
    """Write the two files once (generating them costs memory the children must not count)."""
    import numpy as np
    from PIL import Image

    paths = []
    for side in (7000, 4900):  # refused, then the largest size still accepted
        png, tiff = folder / f"png_{side}.png", folder / f"tiff_f32_{side}.tif"
        if not png.exists():
            Image.new("RGB", (side, side), (200, 30, 30)).save(png, "PNG", optimize=True)
        if not tiff.exists():
            y, x = np.mgrid[0:side, 0:side]
            blocks = ((x // 500 + y // 500) % 7).astype(np.float32) / 6.0
            Image.fromarray(blocks, "F").save(tiff, "TIFF", compression="tiff_adobe_deflate")
        paths += [png, tiff]
    return paths


def measure(module_path: str, case: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, case, module_path], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    import tempfile

    current = str(Path(__file__).resolve().parent.parent / "cnnviz" / "images.py")
    folder = Path(tempfile.gettempdir()) / "cnnviz_upload_memory"
    folder.mkdir(exist_ok=True)
    cases = make_cases(folder)
    for module_path in [*argv, current]:
        for case in cases:
            print(module_path, json.dumps(measure(module_path, str(case))))


if __name__ == "__main__":
    main(sys.argv[1:])
