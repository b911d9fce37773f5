"""Train the shapes models on procedural drawings and write safetensors weights + a JSON card.

Usage::

    python -m models.train [--model shapes|separable|all] [--epochs N] [--train-size N]
                           [--seed S] [--out DIR]

Three disjoint splits come from :func:`models.data.make_dataset` with different seeds: train
(``seed``), validation (``seed + 1``, picks the best epoch like Keras' ``ModelCheckpoint``) and
test (``seed + 2``, evaluated once at the end and written to the card). Adam (lr 1e-3), batch 64,
cross-entropy; ``torch.manual_seed(seed)`` fixes the initialisation and batch order. The defaults
take a few minutes on a 2-core CPU.

Reproducibility: on one machine, the same arguments (``--threads`` included) give the same weights
bit for bit. Another machine usually does not: the shipped cards' first epoch is not reproduced
here because the CPU kernels torch picks (AVX2, AVX-512, oneDNN's blocking for the cache sizes) and
the thread count change the order of floating-point sums, and the differences grow from the first
batches on (README, "Reproducing the shipped weights"). Cards therefore record the machine
(``machine``: CPU, the vector instructions torch uses, threads, torch version).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from models import CLASSES, WEIGHTS_DIR, build, parameter_count
from models.data import DATA_DESCRIPTION, make_dataset
from models.training import REPRODUCIBILITY, machine

MODEL_KEYS = {"shapes": "shapes", "separable": "shapes_separable"}
DEFAULTS = {"epochs": 15, "train_size": 10000, "val_size": 1500, "test_size": 1500, "seed": 0,
            "batch_size": 64, "lr": 1e-3}


def evaluate(model: nn.Module, images: torch.Tensor, labels: torch.Tensor,
             batch_size: int = 500) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of ``model`` on (N, 3, 28, 28) images, in eval mode."""
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.inference_mode():
        for start in range(0, len(images), batch_size):
            logits = model(images[start:start + batch_size])
            y = labels[start:start + batch_size]
            total_loss += nn.functional.cross_entropy(logits, y, reduction="sum").item()
            correct += int((logits.argmax(1) == y).sum())
    n = max(len(images), 1)
    return total_loss / n, correct / n


def train_model(name: str, data: dict[str, tuple[np.ndarray, np.ndarray]], *, epochs: int,
                seed: int, out: Path, batch_size: int = 64, lr: float = 1e-3,
                progress: bool = True) -> dict:
    """Train model ``name`` ('shapes' | 'shapes_separable') and write ``out/<name>.safetensors``
    and ``out/<name>.json``; returns the card (a dict).

    ``data`` maps 'train', 'val', 'test' to (images float32 (N, 3, 28, 28), labels int64 (N,)).
    """
    from safetensors.torch import save_file

    torch.manual_seed(seed)
    model = build(name)
    x_train, y_train = (torch.from_numpy(a) for a in data["train"])
    x_val, y_val = (torch.from_numpy(a) for a in data["val"])
    x_test, y_test = (torch.from_numpy(a) for a in data["test"])
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)

    history: list[dict] = []
    best: dict | None = None
    best_state = copy.deepcopy(model.state_dict())
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(len(x_train), generator=generator)
        batches = range(0, len(order), batch_size)
        bar = tqdm(batches, desc=f"{name} epoch {epoch}/{epochs}", unit="batch",
                   disable=not progress, leave=False, file=sys.stderr)
        running, seen = 0.0, 0
        for start in bar:
            idx = order[start:start + batch_size]
            loss = nn.functional.cross_entropy(model(x_train[idx]), y_train[idx])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            running += loss.item() * len(idx)
            seen += len(idx)
            bar.set_postfix(loss=f"{running / seen:.4f}")
        bar.close()
        val_loss, val_acc = evaluate(model, x_val, y_val)
        row = {"epoch": epoch, "train_loss": round(running / max(seen, 1), 5),
               "val_loss": round(val_loss, 5), "val_accuracy": round(val_acc, 5)}
        history.append(row)
        improved = best is None or (val_acc, -val_loss) > (best["val_accuracy"], -best["val_loss"])
        if improved:
            best = row
            best_state = copy.deepcopy(model.state_dict())
        print(f"{name} epoch {epoch}/{epochs}: train loss {row['train_loss']:.4f}, "
              f"val loss {val_loss:.4f}, val accuracy {val_acc:.2%}"
              f"{'  (best so far, kept)' if improved else ''}", flush=True)
    elapsed = time.perf_counter() - started

    model.load_state_dict(best_state)
    test_loss, test_acc = evaluate(model, x_test, y_test)
    print(f"{name}: best epoch {best['epoch'] if best else 0}, test accuracy {test_acc:.2%}, "
          f"{elapsed:.0f} s", flush=True)

    out.mkdir(parents=True, exist_ok=True)
    weights = out / f"{name}.safetensors"
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(weights),
              metadata={"name": name, "format": "pt"})
    card = {
        "name": name,
        "architecture": type(model).__name__,
        "trained": True,
        "classes": list(CLASSES),
        "input": "float32 (N, 3, 28, 28) RGB in [0, 1]; output (N, 3) logits",
        "data": DATA_DESCRIPTION,
        "data_seeds": {"train": data.get("seeds", {}).get("train"),
                       "val": data.get("seeds", {}).get("val"),
                       "test": data.get("seeds", {}).get("test")},
        "train_size": len(x_train),
        "val_size": len(x_val),
        "test_size": len(x_test),
        "epochs": epochs,
        "best_epoch": best["epoch"] if best else 0,
        "val_accuracy": best["val_accuracy"] if best else None,
        "test_accuracy": round(test_acc, 5),
        "test_loss": round(test_loss, 5),
        "history": history,
        "optimizer": f"Adam lr={lr}, batch {batch_size}, cross-entropy",
        "torch_seed": seed,
        "parameters": parameter_count(model),
        "training_time_seconds": round(elapsed, 1),
        "torch_threads": torch.get_num_threads(),
        "torch_version": torch.__version__,
        "machine": machine(),
        "reproducibility": REPRODUCIBILITY,
        "weights_file": weights.name,
        "weights_bytes": weights.stat().st_size,
    }
    (out / f"{name}.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card


def make_splits(train_size: int, val_size: int, test_size: int, seed: int) -> dict:
    """The three splits (train ``seed``, val ``seed+1``, test ``seed+2``) plus their seeds."""
    seeds = {"train": seed, "val": seed + 1, "test": seed + 2}
    return {
        "train": make_dataset(train_size, seeds["train"]),
        "val": make_dataset(val_size, seeds["val"]),
        "test": make_dataset(test_size, seeds["test"]),
        "seeds": seeds,
    }


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(prog="python -m models.train", description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=["shapes", "separable", "all"], default="all")
    parser.add_argument("--epochs", type=int, default=DEFAULTS["epochs"])
    parser.add_argument("--train-size", type=int, default=DEFAULTS["train_size"])
    parser.add_argument("--val-size", type=int, default=DEFAULTS["val_size"])
    parser.add_argument("--test-size", type=int, default=DEFAULTS["test_size"])
    parser.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    parser.add_argument("--batch-size", type=int, default=DEFAULTS["batch_size"])
    parser.add_argument("--lr", type=float, default=DEFAULTS["lr"])
    parser.add_argument("--threads", type=int, default=min(2, os.cpu_count() or 1),
                        help="torch threads (default: min(2, CPU count))")
    parser.add_argument("--out", type=Path, default=WEIGHTS_DIR)
    parser.add_argument("--no-progress", action="store_true", help="hide the tqdm bars")
    args = parser.parse_args(argv)
    if min(args.epochs, args.train_size, args.val_size, args.test_size) < 1:
        parser.error("epochs and split sizes must be at least 1")

    torch.set_num_threads(max(1, args.threads))
    started = time.perf_counter()
    data = make_splits(args.train_size, args.val_size, args.test_size, args.seed)
    print(f"data: {args.train_size} train / {args.val_size} val / {args.test_size} test images "
          f"in {time.perf_counter() - started:.1f} s", flush=True)
    keys = list(MODEL_KEYS) if args.model == "all" else [args.model]
    return [train_model(MODEL_KEYS[k], data, epochs=args.epochs, seed=args.seed, out=args.out,
                        batch_size=args.batch_size, lr=args.lr, progress=not args.no_progress)
            for k in keys]


if __name__ == "__main__":
    main()
