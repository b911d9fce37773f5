"""Training lesson: live training runs in a fair queue, their progress, and over-fitting.

No Streamlit here. A :class:`TrainingQueue` (one per server process) runs at most one training
per CPU core, each in a child process with one torch thread (a worker thread of the server
relays its progress); the others wait in line. A page
submits :class:`~models.training.Settings`, keeps the returned :class:`TrainingJob`, and on each
poll calls :meth:`TrainingQueue.heartbeat` and draws :meth:`TrainingJob.snapshot`. A job whose
page has not polled for ``abandon_after`` seconds (the visitor left) is cancelled, waiting or
running; every run is capped in epochs (:data:`MAX_EPOCHS`), training-set size and seconds.

:func:`detect_overfitting` reads the curves: it says where the validation loss turned away from
the training loss, or nothing.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from models.training import EpochRecord, FitResult, Settings

MAX_EPOCHS = 30
MAX_TRAIN_SIZE = 4000
TRAIN_SIZES: tuple[int, ...] = (200, 300, 500, 1000, 1500, 2500, 4000)
LEARNING_RATES: tuple[str, ...] = ("0.0001", "0.0003", "0.001", "0.003", "0.01")
MAX_SECONDS = 180.0  # a run longer than this stops, keeping its best epoch
ABANDON_AFTER = 20.0  # seconds without a poll from the page before a job is cancelled
MAX_WAITING = 60
#: How much nicer than the server a training process runs (Unix ``nice`` increment): the
#: server's reruns get the CPU first, a training takes what is left (``CNNVIZ_TRAINING_NICE``
#: overrides it, 0 to turn it off; measured by ``python -m bench.training_responsiveness``).
NICENESS = int(os.environ.get("CNNVIZ_TRAINING_NICE", "10"))

#: What the page starts with: about 25 s of one core of this project's machine and ≥ 90 %
#: validation accuracy (measured in the README: seeds 0, 1, 2). RMSprop at 0.001, or with
#: dropout, needs 8 epochs (about 33 s) to pass 90 %: the curves stay near chance longer.
DEFAULTS = Settings(arch="shapes", epochs=6, lr=3e-3, optimizer="rmsprop", dropout=False,
                    train_size=2500, seed=0)
#: Over-fitting on purpose: few drawings, no dropout, many epochs.
OVERFIT = Settings(arch="shapes", epochs=24, lr=1e-3, optimizer="adam", dropout=False,
                   train_size=200, seed=0)
PRESETS = {"default": DEFAULTS, "overfit": OVERFIT}

QUEUED, RUNNING, DONE = "queued", "running", "done"
STOPPED, ABANDONED, TIME_CAP, FAILED = "stopped", "abandoned", "time_cap", "failed"
FINISHED = (DONE, STOPPED, ABANDONED, TIME_CAP, FAILED)


class QueueFull(RuntimeError):
    """Too many runs are waiting already."""


def check_settings(settings: Settings) -> Settings:
    """``settings`` if within the caps, else ``ValueError`` (the page's widgets cannot exceed
    them; a direct caller can)."""
    if settings.epochs > MAX_EPOCHS:
        raise ValueError(f"at most {MAX_EPOCHS} epochs")
    if settings.train_size > MAX_TRAIN_SIZE:
        raise ValueError(f"at most {MAX_TRAIN_SIZE} training drawings")
    return settings


# --- over-fitting --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Overfitting:
    """Validation loss was lowest at ``turn_epoch`` (1-based), then rose to ``last_val_loss``
    while the training loss kept falling to ``last_train_loss``."""

    turn_epoch: int
    best_val_loss: float
    last_val_loss: float
    train_loss_at_turn: float
    last_train_loss: float


def detect_overfitting(train_loss: Sequence[float], val_loss: Sequence[float], *,
                       min_rise: float = 0.15, patience: int = 2) -> Overfitting | None:
    """Over-fitting read from the curves, or ``None``.

    Detected when the validation loss has its minimum at some epoch, the last ``patience``
    epochs all stay at least ``min_rise`` (relative) above that minimum, and the training loss
    at the end is below its value at that epoch (the network still fits its training set
    better while doing worse on drawings it never saw).
    """
    n = min(len(train_loss), len(val_loss))
    if n < patience + 2:
        return None
    val = list(val_loss[:n])
    turn = val.index(min(val))
    tail = val[n - patience:]
    if turn >= n - patience or min(tail) < val[turn] * (1.0 + min_rise):
        return None
    if train_loss[n - 1] >= train_loss[turn]:
        return None
    return Overfitting(turn + 1, val[turn], val[-1], float(train_loss[turn]),
                       float(train_loss[n - 1]))


# --- jobs ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    """What a page draws on one poll (copies; safe to read while the worker goes on)."""

    status: str
    settings: Settings
    records: tuple[EpochRecord, ...]
    epoch: int  # epoch being trained (1-based), 0 before the first batch
    batch: int
    n_batches: int
    elapsed: float  # seconds since the run started (0 while queued)
    eta: float | None  # seconds left, from the pace since the first batch
    best_epoch: int
    result: FitResult | None
    error: str | None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


Runner = Callable[..., FitResult]


def _child(settings: Settings, conn, stop, niceness: int = 0) -> None:
    """Body of a training process: ``niceness`` nicer than the server, one torch thread,
    progress sent back through ``conn``."""
    if niceness > 0 and hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # not allowed here: train at the server's priority
            os.nice(niceness)
    import torch

    from models.training import fit

    torch.set_num_threads(1)
    try:
        result = fit(settings, on_batch=lambda *a: conn.send(("batch", a)),
                     on_epoch=lambda record: conn.send(("epoch", record)),
                     should_stop=stop.is_set)
        conn.send(("result", result))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a sentence
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def process_runner(settings: Settings, *, on_batch, on_epoch, should_stop,
                   poll: float = 0.1) -> FitResult:
    """The real training, in a child process (spawned: its own interpreter, so the training
    never holds the server's GIL) with one torch thread. This thread relays the child's
    progress to the callbacks and asks ``should_stop`` every ``poll`` seconds."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    process = ctx.Process(target=_child, args=(settings, sender, stop, NICENESS), daemon=True,
                          name="cnnviz-training")
    process.start()
    sender.close()
    result, error = None, None
    try:
        while result is None and error is None:
            if should_stop():
                stop.set()
            if receiver.poll(poll):
                try:
                    kind, payload = receiver.recv()
                except EOFError:
                    break
                if kind == "batch":
                    on_batch(*payload)
                elif kind == "epoch":
                    on_epoch(payload)
                elif kind == "result":
                    result = payload
                else:
                    error = payload
            elif not process.is_alive():
                break
    finally:
        stop.set()
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join(5)
        receiver.close()
    if result is None:
        raise RuntimeError(error or f"the training process ended (exit code {process.exitcode})")
    return result


class TrainingJob:
    """One run: its settings, its state and its per-epoch records, filled by a worker thread."""

    def __init__(self, settings: Settings, clock: Callable[[], float]) -> None:
        self.id = uuid.uuid4().hex
        self.settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.stop_reason: str | None = None
        self.status = QUEUED
        self.last_seen = clock()
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.records: list[EpochRecord] = []
        self.epoch = self.batch = self.n_batches = 0
        self.result: FitResult | None = None
        self.error: str | None = None
        self._first_batch: tuple[float, int] | None = None

    def heartbeat(self) -> None:
        self.last_seen = self._clock()

    def request_stop(self, reason: str = STOPPED) -> None:
        if self.stop_reason is None:
            self.stop_reason = reason
        self._stop.set()

    def _on_batch(self, epoch: int, batch: int, n_batches: int) -> None:
        with self._lock:
            self.epoch, self.batch, self.n_batches = epoch, batch, n_batches
            if self._first_batch is None:  # the rate is measured from here (after start-up)
                self._first_batch = (self._clock(), (epoch - 1) * n_batches + batch)

    def _on_epoch(self, record: EpochRecord) -> None:
        with self._lock:
            self.records.append(record)

    def snapshot(self) -> Snapshot:
        with self._lock:
            now = self._clock()
            end = self.finished_at if self.finished_at is not None else now
            elapsed = end - self.started_at if self.started_at is not None else 0.0
            eta = None
            done = (self.epoch - 1) * self.n_batches + self.batch if self.n_batches else 0
            total = self.settings.epochs * self.n_batches
            if self.status == RUNNING and self._first_batch is not None:
                since, first = self._first_batch
                if done > first:
                    eta = (now - since) / (done - first) * (total - done)
            best = [r.epoch for r in self.records if r.best]
            return Snapshot(self.status, self.settings, tuple(self.records), self.epoch,
                            self.batch, self.n_batches, elapsed, eta, best[-1] if best else 0,
                            self.result, self.error)


class TrainingQueue:
    """At most ``capacity`` runs at once (default: one per CPU core); the rest wait in line.

    ``runner(settings, on_batch=, on_epoch=, should_stop=)`` does the training (tests pass a
    fake one); ``clock`` is ``time.monotonic`` unless a test controls time.
    """

    def __init__(self, capacity: int | None = None, *, abandon_after: float = ABANDON_AFTER,
                 max_seconds: float = MAX_SECONDS, max_waiting: int = MAX_WAITING,
                 runner: Runner = process_runner,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = max(1, capacity or os.cpu_count() or 1)
        self.abandon_after = abandon_after
        self.max_seconds = max_seconds
        self.max_waiting = max_waiting
        self._runner = runner
        self._clock = clock
        self._lock = threading.Lock()
        self._waiting: deque[TrainingJob] = deque()
        self._running: set[TrainingJob] = set()
        self._threads: dict[str, threading.Thread] = {}

    # -- what pages call --
    def submit(self, settings: Settings) -> TrainingJob:
        """Queue a run (started at once if a core is free). ``ValueError`` beyond the caps,
        :class:`QueueFull` if too many are waiting."""
        check_settings(settings)
        with self._lock:
            self._reap_locked()
            if len(self._waiting) >= self.max_waiting:
                raise QueueFull(f"{len(self._waiting)} runs are waiting")
            job = TrainingJob(settings, self._clock)
            self._waiting.append(job)
            self._start_ready_locked()
        return job

    def heartbeat(self, job: TrainingJob) -> None:
        """The page of ``job`` is still open (call on every poll); also drops abandoned jobs."""
        job.heartbeat()
        with self._lock:
            self._reap_locked()

    def position(self, job: TrainingJob) -> int:
        """1-based place in the line of a waiting job; 0 once it runs or has finished."""
        with self._lock:
            try:
                return self._waiting.index(job) + 1
            except ValueError:
                return 0

    def cancel(self, job: TrainingJob, reason: str = STOPPED) -> None:
        """Stop ``job``: a waiting job leaves the line; a running one stops after its batch."""
        with self._lock:
            if job in self._waiting:
                self._waiting.remove(job)
                self._finish_locked(job, reason)
                return
        job.request_stop(reason)

    @property
    def running(self) -> int:
        with self._lock:
            return len(self._running)

    @property
    def waiting(self) -> int:
        with self._lock:
            return len(self._waiting)

    def join(self, job: TrainingJob, timeout: float | None = None) -> None:
        """Wait for ``job``'s worker thread to end, a waiting job's included (tests). Threads are
        registered under the lock once started, so this never sees one that has not started."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                thread = self._threads.get(job.id)
                waiting = job in self._waiting
            if thread is not None:
                thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
                return
            if not waiting or (deadline is not None and time.monotonic() >= deadline):
                return
            time.sleep(0.01)

    # -- internals (self._lock held) --
    def _finish_locked(self, job: TrainingJob, status: str) -> None:
        with job._lock:
            job.status = status
            job.finished_at = self._clock()

    def _reap_locked(self) -> None:
        now = self._clock()
        for job in [j for j in self._waiting if now - j.last_seen > self.abandon_after]:
            self._waiting.remove(job)
            self._finish_locked(job, ABANDONED)
        for job in self._running:
            if now - job.last_seen > self.abandon_after:
                job.request_stop(ABANDONED)

    def _start_ready_locked(self) -> None:
        self._reap_locked()
        while self._waiting and len(self._running) < self.capacity:
            job = self._waiting.popleft()
            with job._lock:
                job.status = RUNNING
                job.started_at = self._clock()
            self._running.add(job)
            thread = threading.Thread(target=self._work, args=(job,), daemon=True,
                                      name=f"training-{job.id[:8]}")
            thread.start()  # its end needs the lock held here, so it is registered before it ends
            self._threads[job.id] = thread

    def _should_stop(self, job: TrainingJob) -> bool:
        now = self._clock()
        if now - job.last_seen > self.abandon_after:
            job.request_stop(ABANDONED)
        elif job.started_at is not None and now - job.started_at > self.max_seconds:
            job.request_stop(TIME_CAP)
        return job._stop.is_set()

    def _work(self, job: TrainingJob) -> None:
        status, result, error = FAILED, None, None
        try:
            result = self._runner(job.settings, on_batch=job._on_batch, on_epoch=job._on_epoch,
                                  should_stop=lambda: self._should_stop(job))
            status = (job.stop_reason or STOPPED) if result.stopped else DONE
        except Exception as exc:  # noqa: BLE001 - a failed run is reported, never raised
            error = f"{type(exc).__name__}: {exc}"
        with self._lock:
            with job._lock:
                job.result, job.error = result, error
            self._finish_locked(job, status)
            self._running.discard(job)
            self._threads.pop(job.id, None)
            self._start_ready_locked()


def session_record(result: FitResult, machine: dict | None = None) -> dict:
    """What the Activations page gets: ``{"arch", "weights", "card"}`` (plain values)."""
    card = result.card()
    if machine:
        card["machine"] = dict(machine)
    return {"arch": result.settings.arch, "weights": result.weights, "card": card}


def with_changes(settings: Settings, **changes) -> Settings:
    """``settings`` with some fields changed (validated again)."""
    return replace(settings, **changes)


def session_sentence(card: dict, tr: Callable) -> str:
    """How a model trained on the Training page did, in ``tr``'s language, from its card
    (:meth:`FitResult.card`: ``val_accuracy`` at ``best_epoch`` of ``epochs_run``, measured on
    ``settings['val_size']`` validation drawings after training on ``settings['train_size']``)."""
    if card.get("val_accuracy") is None:
        return tr("training.session_unmeasured")
    settings = card.get("settings") or {}
    return tr("training.session_summary", acc=tr.num(100 * float(card["val_accuracy"]), 1),
              n=tr.num(settings.get("val_size", 0)), best=card.get("best_epoch", 0),
              epochs=card.get("epochs_run", 0), train=tr.num(settings.get("train_size", 0)))
