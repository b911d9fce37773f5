"""The training queue (capacity, places in line, cancellation, abandoned pages, caps), the
determinism of a run, the over-fitting detector, and the training charts."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import torch
from safetensors.torch import load

from cnnviz.lessons import training as lesson
from cnnviz.render import training as draw
from models import build
from models.training import (
    EpochRecord,
    FitResult,
    SeededDropout,
    Settings,
    first_layer_kernels,
    fit,
    make_model,
)

TINY = Settings(epochs=2, train_size=48, val_size=24, batch_size=16, seed=4)


# --- a fake runner: one "epoch" per release, asks should_stop like the real one ----------------------

class Gate:
    def __init__(self) -> None:
        self.started: list[Settings] = []
        self.release = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, settings, *, on_batch, on_epoch, should_stop) -> FitResult:
        with self.lock:
            self.started.append(settings)
        stopped = False
        while not self.release.is_set():
            if should_stop():
                stopped = True
                break
            time.sleep(0.005)
        if not stopped:
            on_batch(1, 1, 1)
            on_epoch(EpochRecord(1, 1.0, 0.5, 1.1, 0.4, 0.0, best=True))
        return FitResult(settings, [], 1, b"w", stopped, 0.0, np.zeros((1, 3, 3, 3)))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def settings(seed: int) -> Settings:
    return Settings(seed=seed, epochs=1, train_size=10, val_size=5)


def test_capacity_places_in_line_and_next_in_line_starts():
    gate = Gate()
    queue = lesson.TrainingQueue(2, runner=gate)
    jobs = [queue.submit(settings(i)) for i in range(5)]
    wait_for(lambda: len(gate.started) == 2)
    assert [j.snapshot().status for j in jobs] == ["running"] * 2 + ["queued"] * 3
    assert [queue.position(j) for j in jobs] == [0, 0, 1, 2, 3]
    assert (queue.running, queue.waiting) == (2, 3)
    assert [s.seed for s in gate.started] == [0, 1]  # first come, first served
    queue.cancel(jobs[3])  # leaves the line
    assert jobs[3].snapshot().status == lesson.STOPPED
    assert [queue.position(j) for j in jobs] == [0, 0, 1, 0, 2]
    gate.release.set()
    for job in jobs:
        queue.join(job, 10)
    wait_for(lambda: all(j.snapshot().finished for j in jobs))
    assert [j.snapshot().status for j in jobs] == ["done"] * 3 + ["stopped", "done"]
    assert sorted(s.seed for s in gate.started) == [0, 1, 2, 4]
    assert (queue.running, queue.waiting) == (0, 0)
    snap = jobs[0].snapshot()
    assert snap.best_epoch == 1 and snap.result.weights == b"w" and snap.epoch == 1


def test_stop_ends_a_running_job_and_frees_its_core():
    gate = Gate()
    queue = lesson.TrainingQueue(1, runner=gate)
    first, second = queue.submit(settings(0)), queue.submit(settings(1))
    wait_for(lambda: len(gate.started) == 1)
    queue.cancel(first)
    queue.join(first, 10)
    wait_for(lambda: len(gate.started) == 2)
    assert first.snapshot().status == lesson.STOPPED
    assert second.snapshot().status == lesson.RUNNING and queue.position(second) == 0
    gate.release.set()
    queue.join(second, 10)
    wait_for(lambda: second.snapshot().finished)
    assert second.snapshot().status == lesson.DONE


def test_abandoned_jobs_are_cancelled_running_and_waiting():
    gate, clock = Gate(), Clock()
    queue = lesson.TrainingQueue(1, runner=gate, clock=clock, abandon_after=10)
    running, waiting, other = (queue.submit(settings(i)) for i in range(3))
    wait_for(lambda: len(gate.started) == 1)
    clock.now += 6
    queue.heartbeat(other)  # only the third page keeps polling
    queue.heartbeat(running)
    clock.now += 6  # `waiting` last polled 12 s ago, `running` 6 s ago
    queue.heartbeat(other)
    assert waiting.snapshot().status == lesson.ABANDONED and queue.position(other) == 1
    assert running.snapshot().status == lesson.RUNNING
    clock.now += 6  # now `running` is silent for 12 s: the worker notices between batches
    queue.heartbeat(other)
    queue.join(running, 10)
    wait_for(lambda: running.snapshot().finished)
    assert running.snapshot().status == lesson.ABANDONED
    wait_for(lambda: other.snapshot().status == lesson.RUNNING)
    gate.release.set()
    queue.join(other, 10)


def test_time_cap_stops_a_run():
    gate, clock = Gate(), Clock()
    queue = lesson.TrainingQueue(1, runner=gate, clock=clock, max_seconds=30, abandon_after=1e9)
    job = queue.submit(settings(0))
    wait_for(lambda: len(gate.started) == 1)
    clock.now += 31
    queue.join(job, 10)
    wait_for(lambda: job.snapshot().finished)
    assert job.snapshot().status == lesson.TIME_CAP


def test_caps_full_queue_and_failed_runs():
    gate = Gate()
    queue = lesson.TrainingQueue(1, runner=gate, max_waiting=2)
    with pytest.raises(ValueError):
        queue.submit(Settings(epochs=lesson.MAX_EPOCHS + 1))
    with pytest.raises(ValueError):
        queue.submit(Settings(train_size=lesson.MAX_TRAIN_SIZE + 1))
    jobs = [queue.submit(settings(i)) for i in range(3)]  # one runs, two wait
    wait_for(lambda: len(gate.started) == 1)
    with pytest.raises(lesson.QueueFull):
        queue.submit(settings(9))
    gate.release.set()
    for job in jobs:
        queue.join(job, 10)
    wait_for(lambda: all(j.snapshot().finished for j in jobs))

    def broken(settings, **_):
        raise RuntimeError("boom")

    failing = lesson.TrainingQueue(1, runner=broken)
    job = failing.submit(settings(0))
    failing.join(job, 10)
    wait_for(lambda: job.snapshot().finished)
    assert job.snapshot().status == lesson.FAILED and "boom" in job.snapshot().error
    assert failing.running == 0


def test_eta_comes_from_the_pace_since_the_first_batch():
    clock = Clock()
    job = lesson.TrainingJob(Settings(epochs=4), clock)
    job.status, job.started_at = lesson.RUNNING, clock.now
    clock.now += 30  # start-up (process, drawings) does not count in the pace
    job._on_batch(1, 1, 10)
    assert job.snapshot().eta is None
    clock.now += 7
    job._on_batch(1, 8, 10)  # 7 batches in 7 s, 32 to go
    snap = job.snapshot()
    assert snap.elapsed == 37 and snap.eta == pytest.approx(32.0)


def test_settings_are_checked():
    for bad in ({"arch": "vgg"}, {"optimizer": "sgd"}, {"epochs": 0}, {"lr": 2.0}):
        with pytest.raises(ValueError):
            Settings(**bad)
    assert lesson.check_settings(lesson.DEFAULTS) is lesson.DEFAULTS
    assert lesson.check_settings(lesson.OVERFIT) is lesson.OVERFIT


# --- determinism ------------------------------------------------------------------------------------

def _curves(result: FitResult) -> list[tuple]:
    return [(r.train_loss, r.train_accuracy, r.val_loss, r.val_accuracy) for r in result.history]


def _in_thread(fn):
    out = {}

    def run():
        torch.set_num_threads(1)
        out["r"] = fn()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return out["r"]


def test_same_seed_same_settings_same_curves_and_weights():
    a = _in_thread(lambda: fit(TINY))
    b = _in_thread(lambda: fit(TINY))
    assert _curves(a) == _curves(b) and a.weights == b.weights and a.best_epoch == b.best_epoch
    assert all(np.array_equal(x.filters, y.filters) for x, y in zip(a.history, b.history, strict=True))
    c = _in_thread(lambda: fit(Settings(**{**TINY.__dict__, "seed": 5})))
    assert _curves(c) != _curves(a)


def test_concurrent_runs_do_not_disturb_each_other():
    """Two runs at once in the real queue (each with its own generators) give the curves a
    lone run gives: nothing random is drawn from the process-wide generator."""
    alone = _in_thread(lambda: fit(TINY))
    queue = lesson.TrainingQueue(2, abandon_after=1e9)  # nobody polls in this test
    jobs = [queue.submit(TINY), queue.submit(TINY)]
    torch.rand(1000)  # the main thread drawing meanwhile changes nothing either
    for job in jobs:
        queue.join(job, 120)
    wait_for(lambda: all(j.snapshot().finished for j in jobs), 120)
    for job in jobs:
        result = job.snapshot().result
        assert job.snapshot().status == lesson.DONE
        assert _curves(result) == _curves(alone) and result.weights == alone.weights


def test_best_epoch_weights_are_kept():
    result = _in_thread(lambda: fit(Settings(**{**TINY.__dict__, "epochs": 3})))
    best = max(result.history, key=lambda r: (r.val_accuracy, -r.val_loss))
    assert result.best_epoch == best.epoch
    assert [r.epoch for r in result.history if r.best][-1] == best.epoch
    state = load(result.weights)
    model = build("shapes")
    model.load_state_dict(state, strict=True)
    assert np.array_equal(first_layer_kernels(model), best.filters)
    card = result.card()
    assert card["best_epoch"] == best.epoch and card["val_accuracy"] == round(best.val_accuracy, 5)


def test_initial_weights_come_from_the_seed_only_and_dropout_is_seeded():
    gen = torch.Generator().manual_seed(0)
    state = torch.get_rng_state()
    model = make_model("shapes", 7, True, gen)
    assert torch.equal(state, torch.get_rng_state())  # the global generator was not touched
    torch.manual_seed(123)
    again = make_model("shapes", 7, True, gen)
    other = make_model("shapes", 8, True, gen)
    pairs = zip(model.state_dict().values(), again.state_dict().values(), strict=True)
    assert all(torch.equal(a, b) for a, b in pairs)
    assert not torch.equal(model.features.conv1.weight, other.features.conv1.weight)
    assert model.state_dict().keys() == build("shapes").state_dict().keys()
    assert float(model.features.conv1.weight.std()) == pytest.approx((2 / 27) ** 0.5, rel=0.25)
    drops = [m for m in model.modules() if isinstance(m, SeededDropout)]
    assert [d.p for d in drops] == [0.25, 0.25, 0.25, 0.5]
    assert not any(isinstance(m, torch.nn.Dropout) for m in model.modules())
    off = make_model("shapes", 7, False, gen)
    assert all(m.p == 0.0 for m in off.modules() if isinstance(m, SeededDropout))
    x = torch.ones(2, 100)
    d = SeededDropout(0.5, torch.Generator().manual_seed(1)).train()
    y1 = d(x)
    d.generator.manual_seed(1)
    assert torch.equal(y1, d(x)) and set(y1.unique().tolist()) <= {0.0, 2.0}
    assert torch.equal(d.eval()(x), x)


def test_separable_first_layer_kernels_are_the_equivalent_full_convolution():
    torch.manual_seed(0)
    model = build("shapes_separable").eval()
    x = torch.rand(2, 3, 28, 28)
    kernels = torch.from_numpy(first_layer_kernels(model))
    first = model.features[0]
    bias = first.pointwise.bias
    expected = first(x)
    got = torch.nn.functional.conv2d(x, kernels, bias, padding=1)
    assert kernels.shape == (32, 3, 3, 3)
    torch.testing.assert_close(got, expected, atol=1e-5, rtol=1e-4)


# --- over-fitting detector ----------------------------------------------------------------------------

def test_overfitting_detected_where_validation_turns():
    train = [1.0, 0.7, 0.5, 0.35, 0.25, 0.15, 0.1, 0.05]
    val = [1.0, 0.8, 0.6, 0.55, 0.62, 0.7, 0.8, 0.95]
    found = lesson.detect_overfitting(train, val)
    assert found is not None and found.turn_epoch == 4
    assert (found.best_val_loss, found.last_val_loss) == (0.55, 0.95)
    assert (found.train_loss_at_turn, found.last_train_loss) == (0.35, 0.05)


@pytest.mark.parametrize(("train", "val"), [
    ([1.0, 0.7, 0.5, 0.4, 0.3, 0.2], [1.0, 0.8, 0.6, 0.5, 0.45, 0.4]),  # both still falling
    ([1.0, 0.7, 0.5, 0.4, 0.3, 0.2], [1.0, 0.8, 0.6, 0.9, 0.55, 0.5]),  # one noisy epoch
    ([1.0, 0.7, 0.5, 0.4, 0.3, 0.2], [1.0, 0.8, 0.6, 0.5, 0.52, 0.53]),  # a rise within noise
    ([1.0, 0.8, 0.7, 0.9, 1.0, 1.2], [1.0, 0.8, 0.7, 0.9, 1.0, 1.2]),  # training diverges too
    ([1.0, 0.5, 0.2], [1.0, 0.5, 0.9]),  # too short to tell
])
def test_no_overfitting_reported_without_a_lasting_turn(train, val):
    assert lesson.detect_overfitting(train, val) is None


# --- charts -------------------------------------------------------------------------------------------

LABELS = {k: k.upper() for k in draw.CURVE_LABELS}


def test_curves_figure_draws_both_curves_best_epoch_and_overfitting():
    fig = draw.curves_figure([1, 2, 3], [1.0, 0.5, 0.3], [1.1, 0.6, 0.9], [0.3, 0.7, 0.9],
                             [0.3, 0.6, 0.5], n_epochs=8, best_epoch=2, turn_epoch=2,
                             labels=LABELS)
    names = [tr.name for tr in fig.data]
    assert names.count("TRAIN") == 2 and names.count("VAL") == 2 and "BEST" in names
    star = next(tr for tr in fig.data if tr.name == "BEST")
    assert list(star.x) == [2] and list(star.y) == pytest.approx([60.0])
    assert list(fig.data[2].y) == pytest.approx([30.0, 70.0, 90.0])  # accuracy in percent
    assert tuple(fig.layout.xaxis.range) == (0.5, 8.5)
    assert len(fig.layout.shapes) == 4  # two tinted regions and two best-epoch lines


def test_filters_strip_rows_and_stretching():
    k = np.zeros((2, 3, 3, 3), np.float32)
    k[0, 0, 0, 0], k[0, 1, 1, 1] = 1.0, -1.0
    rgb = draw.kernel_rgb(k)
    assert rgb.shape == (2, 3, 3, 3) and rgb[0, 0, 0, 0] == 255 and rgb[0, 1, 1, 1] == 0
    assert rgb[0, 2, 2, 2] == 128  # zero sits halfway between -1 and 1
    strip = draw.filters_strip([k, k, k], cell=4, gap=2)
    assert strip.shape == (3 * (12 + 2) + 2, 2 * (12 + 2) + 2, 3)
    fig = draw.filters_figure([k, k], ["e0", "e1"], cell=4, gap=2)
    assert list(fig.layout.yaxis.ticktext) == ["e0", "e1"]


def test_the_real_runner_trains_in_a_nicer_process():
    """process_runner: a spawned process, ``NICENESS`` nicer than its parent (capped at 19, as
    the kernel does), reporting every batch and epoch, and returning the run."""
    import multiprocessing
    import os

    seen: list[int] = []

    def on_batch(*_):
        if not seen:
            child = next(p for p in multiprocessing.active_children() if p.name == "cnnviz-training")
            seen.append(os.getpriority(os.PRIO_PROCESS, child.pid))

    epochs: list[EpochRecord] = []
    result = lesson.process_runner(TINY, on_batch=on_batch, on_epoch=epochs.append,
                                   should_stop=lambda: False)
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert seen == [min(19, own + lesson.NICENESS)]
    assert [r.epoch for r in epochs] == [1, 2] and [r.epoch for r in result.history] == [1, 2]
    same = fit(TINY)  # the same run here: the same curves (to float tolerance)
    assert [r.val_loss for r in result.history] == pytest.approx([r.val_loss for r in same.history])
