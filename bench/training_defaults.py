"""How long the Training page's runs take and how well they do: one fresh process per run.

    python -m bench.training_defaults                       # the page's defaults, seeds 0, 1, 2
    python -m bench.training_defaults --runs '{"epochs": 8, "lr": 0.001, "dropout": true}'

Each run is ``models.training.fit`` in a new Python process with one torch thread, as the page's
training processes have (``cnnviz.lessons.training``): import time, then wall and CPU time of the
run itself (the drawings generated, the epochs, validation after each) and the best validation
accuracy. ``--runs`` takes JSON objects of settings that differ from the page's defaults. The
load average (1 min) is printed with each run: on a shared machine the wall time is what other
processes left, the CPU time what one free core would take.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, sys, time
wall0 = time.perf_counter()
import torch
torch.set_num_threads(1)
from models.training import Settings, fit
imported = time.perf_counter() - wall0
settings = Settings(**json.loads(sys.argv[1]))
wall, cpu = time.perf_counter(), time.process_time()
result = fit(settings)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
best = next(r for r in result.history if r.epoch == result.best_epoch)
print(json.dumps({"import_s": round(imported, 1), "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                  "best_epoch": result.best_epoch, "val_accuracy": round(best.val_accuracy, 4),
                  "val_accuracies": [round(r.val_accuracy, 3) for r in result.history],
                  "load_1min": round(os.getloadavg()[0], 2)}))
"""


def measure(changes: dict) -> dict:
    """One run of the page's defaults with ``changes``, in a fresh process."""
    from cnnviz.lessons.training import DEFAULTS

    settings = {**asdict(DEFAULTS), **changes}
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps(settings)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return {"changes": changes, **json.loads(out.stdout.strip().splitlines()[-1])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.training_defaults",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--runs", nargs="*", default=['{"seed": 0}', '{"seed": 1}', '{"seed": 2}'],
                        help="JSON settings that differ from the page's defaults, one per run")
    args = parser.parse_args(argv)
    for run in args.runs:
        print(json.dumps(measure(json.loads(run))), flush=True)
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
