"""cnnviz.warmup: the imports are frozen out of the garbage collector's walks, and garbage a
script run leaves behind is still collected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, sys, weakref
sys.path.insert(0, {root!r})
from cnnviz.warmup import freeze_imports
assert freeze_imports(("cnnviz", "models")) is True and freeze_imports() is False
assert gc.get_freeze_count() > 50_000, gc.get_freeze_count()
assert all(m in sys.modules for m in ("torch", "plotly.graph_objects", "cnnviz.i18n",
                                     "cnnviz.lessons.activations", "models.architectures"))
class Node: pass
a, b = Node(), Node()
a.other, b.other = b, a  # a cycle only the collector can free
alive = weakref.ref(a)
del a, b
gc.collect(2)
assert alive() is None, "new cyclic garbage is still collected"
print(len(gc.get_objects()))
"""


def test_freeze_keeps_collection_small_and_working():
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", PROBE.format(root=str(ROOT))],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    # what a full collection still walks: a small fraction of the ~220,000 frozen objects
    assert int(out.stdout.split()[-1]) < 20_000
