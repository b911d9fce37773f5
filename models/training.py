"""Live training of the shapes models, epoch by epoch: the engine behind the Training page.

:func:`fit` trains one model from :class:`Settings` and reports every batch and every epoch to
callbacks, so a caller (the page's worker thread, a test) can draw curves as they come and stop
the run between two batches. It keeps the weights of the best epoch, like the course's Keras
``ModelCheckpoint(save_best_only=True)``: best validation accuracy, ties broken by the lower
validation loss.

Reproducibility: everything random in a run draws from generators seeded by ``Settings.seed``
and owned by the run (data: :func:`models.data.make_dataset`; initial weights, then batch order
and dropout masks: two ``torch.Generator`` objects), never from the process-wide generator that
another run or the server could be drawing from at the same time. With the same settings, the
same torch build and the same number of threads (the page uses one per run), two runs give the
same curves bit for bit. Another machine can differ: its CPU picks other vectorised kernels
(AVX2, AVX-512), another torch or oneDNN version or thread count adds the same numbers in
another order, and such last-digit differences grow over the epochs.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np
import torch
from safetensors.torch import save
from torch import Tensor, nn

from models import CLASSES, GLOBAL_RNG_LOCK, build, parameter_count
from models.architectures import init_weights
from models.data import make_dataset

#: The sentence model cards carry about reproducibility (see the module docstring).
REPRODUCIBILITY = (
    "Same seed, settings, torch build and thread count on the same machine give identical "
    "curves and weights. Another CPU (other vector instructions: AVX2, AVX-512), another "
    "torch/oneDNN version or another thread count adds the same numbers in another order; "
    "these last-digit differences grow over the epochs, so curves differ slightly (see "
    "'machine')."
)

ARCHS: tuple[str, ...] = ("shapes", "shapes_separable")
OPTIMIZERS: tuple[str, ...] = ("rmsprop", "adam")
VAL_SEED_OFFSET = 1  # validation drawings come from seed + 1, as in ``python -m models.train``

_DATA_LOCK = threading.Lock()


@dataclass(frozen=True)
class Settings:
    """What a run trains and how. Plain values only (they go into the model card)."""

    arch: str = "shapes"
    epochs: int = 8
    lr: float = 1e-3
    optimizer: str = "rmsprop"
    dropout: bool = True
    train_size: int = 2500
    val_size: int = 600
    seed: int = 0
    batch_size: int = 32

    def __post_init__(self) -> None:
        if self.arch not in ARCHS:
            raise ValueError(f"unknown architecture {self.arch!r}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {self.optimizer!r}")
        if min(self.epochs, self.train_size, self.val_size, self.batch_size) < 1:
            raise ValueError("epochs, sizes and batch size must be at least 1")
        if not 0 < self.lr < 1:
            raise ValueError("the learning rate must be between 0 and 1")


@dataclass
class EpochRecord:
    """One epoch's measurements. Losses are mean cross-entropies; accuracies in [0, 1].

    ``train_*`` are the running means over the epoch's batches in training mode (dropout on, as
    Keras reports them); ``val_*`` are measured after the epoch in evaluation mode.
    ``best``: this epoch beat every earlier one (its weights were kept). ``filters`` are the
    first layer's 3×3 kernels after this epoch, (out, 3, 3, 3).
    """

    epoch: int
    train_loss: float
    train_accuracy: float
    val_loss: float
    val_accuracy: float
    seconds: float
    best: bool = False
    filters: np.ndarray | None = field(default=None, repr=False)

    def plain(self) -> dict:
        """The record without its filters, rounded, for a model card."""
        row = asdict(self)
        row.pop("filters")
        return {k: round(v, 5) if isinstance(v, float) else v for k, v in row.items()}


@dataclass
class FitResult:
    settings: Settings
    history: list[EpochRecord]
    best_epoch: int
    weights: bytes  # safetensors bytes of the best epoch's state dict (b"" if no epoch ended)
    stopped: bool
    seconds: float
    initial_filters: np.ndarray

    def card(self) -> dict:
        """A model card of plain values (JSON-able)."""
        best = next((r for r in self.history if r.epoch == self.best_epoch), None)
        return {
            "architecture": self.settings.arch,
            "classes": list(CLASSES),
            "settings": asdict(self.settings),
            "epochs_run": len(self.history),
            "stopped_early": self.stopped,
            "best_epoch": self.best_epoch,
            "val_accuracy": round(best.val_accuracy, 5) if best else None,
            "val_loss": round(best.val_loss, 5) if best else None,
            "history": [r.plain() for r in self.history],
            "training_time_seconds": round(self.seconds, 1),
            "torch_threads": torch.get_num_threads(),
            "torch_version": torch.__version__,
            "reproducibility": REPRODUCIBILITY,
            "data_seeds": {"train": self.settings.seed,
                           "val": self.settings.seed + VAL_SEED_OFFSET},
        }


class SeededDropout(nn.Module):
    """``nn.Dropout`` whose masks come from a run's own ``torch.Generator`` (``nn.Dropout``
    draws from the process-wide generator, which concurrent runs would share)."""

    def __init__(self, p: float, generator: torch.Generator) -> None:
        super().__init__()
        self.p = float(p)
        self.generator = generator

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or self.p == 0.0:
            return x
        keep = torch.empty_like(x).bernoulli_(1.0 - self.p, generator=self.generator)
        return x * keep / (1.0 - self.p)

    def extra_repr(self) -> str:
        return f"p={self.p}"


def make_model(arch: str, seed: int, dropout: bool, generator: torch.Generator) -> nn.Module:
    """A fresh ``arch`` model, He-initialised from its own generator seeded with ``seed`` (torch's
    global generator, which other threads may be using, ends as it was), its dropout layers
    drawing from ``generator`` (p = 0 when ``dropout`` is off). Same parameter names as
    :func:`models.build`."""
    with GLOBAL_RNG_LOCK, torch.random.fork_rng(devices=[]):
        model = build(arch)  # its default initialisation is overwritten just below
    model = init_weights(model, torch.Generator().manual_seed(seed))
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, nn.Dropout):
                setattr(parent, name, SeededDropout(child.p if dropout else 0.0, generator))
    return model


def first_layer_kernels(model: nn.Module) -> np.ndarray:
    """The first layer's kernels as (out, in, 3, 3) float32. For a separable first layer, its
    equivalent full kernels: pointwise[o, c] × depthwise[c] (the two stages are one
    convolution with a rank-one kernel per input channel)."""
    first = model.features[0]
    with torch.no_grad():
        if isinstance(first, nn.Conv2d):
            kernels = first.weight
        else:
            depthwise = first.depthwise.conv.weight[:, 0]  # (in, kh, kw)
            pointwise = first.pointwise.weight[:, :, 0, 0]  # (out, in)
            kernels = pointwise[:, :, None, None] * depthwise[None]
        return kernels.detach().cpu().numpy().astype(np.float32).copy()


@lru_cache(maxsize=8)
def _dataset(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    images, labels = make_dataset(n, seed)
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels


def dataset(n: int, seed: int) -> tuple[Tensor, Tensor]:
    """``make_dataset(n, seed)`` as tensors, kept for the next run (read-only: shared)."""
    with _DATA_LOCK:
        images, labels = _dataset(n, seed)
    return torch.from_numpy(images.copy()), torch.from_numpy(labels.copy())


def make_optimizer(name: str, params, lr: float) -> torch.optim.Optimizer:
    """RMSprop with Keras' defaults (as in the course: rho 0.9, epsilon 1e-7) or Adam."""
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)
    return torch.optim.Adam(params, lr=lr)


def evaluate(model: nn.Module, images: Tensor, labels: Tensor,
             batch_size: int = 500) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) in evaluation mode; the model's mode is restored."""
    was_training = model.training
    model.eval()
    total, correct = 0.0, 0
    with torch.inference_mode():
        for start in range(0, len(images), batch_size):
            logits = model(images[start:start + batch_size])
            y = labels[start:start + batch_size]
            total += nn.functional.cross_entropy(logits, y, reduction="sum").item()
            correct += int((logits.argmax(1) == y).sum())
    model.train(was_training)
    n = max(len(images), 1)
    return total / n, correct / n


def weights_bytes(model: nn.Module | dict) -> bytes:
    """A state dict (or a model's) as safetensors bytes."""
    state = model.state_dict() if isinstance(model, nn.Module) else model
    return save({k: v.detach().contiguous() for k, v in state.items()})


def fit(settings: Settings, *,
        on_batch: Callable[[int, int, int], None] | None = None,
        on_epoch: Callable[[EpochRecord], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        clock: Callable[[], float] = time.perf_counter) -> FitResult:
    """Train ``settings.arch`` for ``settings.epochs`` epochs and return the best epoch's weights.

    ``on_batch(epoch, batch, n_batches)`` is called after every batch (1-based), ``on_epoch``
    with each :class:`EpochRecord`; ``should_stop()`` is asked before every batch, and a true
    answer ends the run there (the best epoch so far is kept). Uses the calling thread's torch
    thread setting.
    """
    started = clock()
    x_train, y_train = dataset(settings.train_size, settings.seed)
    x_val, y_val = dataset(settings.val_size, settings.seed + VAL_SEED_OFFSET)
    generator = torch.Generator().manual_seed(settings.seed)
    model = make_model(settings.arch, settings.seed, settings.dropout, generator)
    optimiser = make_optimizer(settings.optimizer, model.parameters(), settings.lr)
    initial = first_layer_kernels(model)
    history: list[EpochRecord] = []
    best: EpochRecord | None = None
    best_state: dict | None = None
    stopped = False
    n_batches = -(-len(x_train) // settings.batch_size)
    for epoch in range(1, settings.epochs + 1):
        model.train()
        epoch_started = clock()
        order = torch.randperm(len(x_train), generator=generator)
        loss_sum, correct, seen = 0.0, 0, 0
        for batch in range(n_batches):
            if should_stop is not None and should_stop():
                stopped = True
                break
            idx = order[batch * settings.batch_size:(batch + 1) * settings.batch_size]
            logits = model(x_train[idx])
            loss = nn.functional.cross_entropy(logits, y_train[idx])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            loss_sum += loss.item() * len(idx)
            correct += int((logits.detach().argmax(1) == y_train[idx]).sum())
            seen += len(idx)
            if on_batch is not None:
                on_batch(epoch, batch + 1, n_batches)
        if stopped:
            break
        val_loss, val_acc = evaluate(model, x_val, y_val)
        record = EpochRecord(epoch, loss_sum / seen, correct / seen, val_loss, val_acc,
                             clock() - epoch_started, filters=first_layer_kernels(model))
        if best is None or (val_acc, -val_loss) > (best.val_accuracy, -best.val_loss):
            best, best_state = record, copy.deepcopy(model.state_dict())
            record.best = True
        history.append(record)
        if on_epoch is not None:
            on_epoch(record)
    return FitResult(settings, history, best.epoch if best else 0,
                     weights_bytes(best_state) if best_state is not None else b"",
                     stopped, clock() - started, initial)


def machine() -> dict:
    """What makes a run's arithmetic differ from another machine's: the CPU, the vector
    instructions torch uses on it, torch's version and the number of threads."""
    import platform

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f
                        if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {"cpu": cpu, "cpu_capability": torch.backends.cpu.get_cpu_capability(),
            "torch_version": torch.__version__, "torch_threads": torch.get_num_threads()}


def parameters_of(arch: str) -> int:
    """Number of trainable parameters of ``arch``."""
    return parameter_count(build(arch))
