"""Keep Streamlit's garbage collection after every script run cheap.

Streamlit runs ``gc.collect(2)`` after each script run (``runner.postScriptGC``). A full
collection walks every tracked object in the process, and importing torch, Plotly, Streamlit and
this library leaves about 220,000 of them, none of which ever becomes garbage: on this project's
2-core machine that walk took 100–660 ms of every rerun (py-spy: 82 % of a Convolution slider
rerun's script thread, ``python -m bench.profile``).

:func:`freeze_imports` imports the heavy modules once per process, collects, and moves what
survives into the permanent generation (:func:`gc.freeze`), which later collections skip. The
per-run collection still frees whatever a script run leaves behind.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import threading

HEAVY = ("torch", "numpy", "PIL.Image", "plotly.graph_objects", "plotly.io")
_lock = threading.Lock()
_done = False
_started = False


def freeze_imports(packages: tuple[str, ...] = (), modules: tuple[str, ...] = HEAVY) -> bool:
    """Import ``modules`` and every module of ``packages`` (the app's own, named by the caller:
    this core module imports no lesson or model by name), collect, then freeze what is alive.
    Once per process; ``True`` the first time (when it did the work)."""
    global _done
    with _lock:
        if _done:
            return False
        for name in modules:
            importlib.import_module(name)
        for name in packages:
            package = importlib.import_module(name)
            for info in pkgutil.walk_packages(package.__path__, f"{name}."):
                if not info.name.endswith("__main__"):
                    importlib.import_module(info.name)
        gc.collect()
        gc.freeze()
        _done = True
        return True


def freeze_imports_soon(packages: tuple[str, ...] = ()) -> None:
    """:func:`freeze_imports` in a background thread, once per process: the first page a
    server shows does not wait for torch to import."""
    global _started
    with _lock:
        if _started:
            return
        _started = True
    threading.Thread(target=freeze_imports, args=(packages,), name="cnnviz-freeze",
                     daemon=True).start()
