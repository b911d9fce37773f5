"""Training lesson: train the shapes CNN (or its separable twin) live and watch it learn.

A thin view: widgets -> Settings -> a job in the server's training queue (a worker thread does
the training) -> this page polls the job once a second (a fragment) and draws its curves.
"""

from __future__ import annotations

import streamlit as st

from cnnviz import i18n, ui
from cnnviz.lessons import training as lesson
from cnnviz.render import training as draw
from models.training import ARCHS, OPTIMIZERS, Settings, machine, parameters_of

JOB_KEY = "_training_job"
SHOWN_KEY = "_training_shown"  # id of the finished job whose model was handed to the session
POLL_SECONDS = 1.0
DEFAULTS = lesson.DEFAULTS

t = ui.t


# --- cached resources ------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def training_queue() -> lesson.TrainingQueue:
    """The one queue of this server process: one training per CPU core, the rest wait."""
    return lesson.TrainingQueue()


@st.cache_resource(show_spinner=False)
def parameter_count(arch: str) -> int:
    return parameters_of(arch)


@st.cache_resource(show_spinner=False)
def this_machine() -> dict:
    return machine()


# --- settings ------------------------------------------------------------------------------------

WIDGETS = {  # settings field -> (URL key, kind)
    "arch": ("tr_arch", "choice"), "epochs": ("tr_epochs", "slider"), "lr": ("tr_lr", "choice"),
    "optimizer": ("tr_opt", "choice"), "dropout": ("tr_dropout", "flag"),
    "train_size": ("tr_n", "choice"), "seed": ("tr_seed", "slider"),
}


def _widget_value(field: str, settings: Settings):
    value = getattr(settings, field)
    if field == "lr":
        return next(v for v in lesson.LEARNING_RATES if float(v) == value)
    if field == "train_size":
        return str(value)
    return value


def apply_preset(name: str) -> None:
    """Button callback: put a preset's values in the widgets (before they are drawn)."""
    for field, (key, kind) in WIDGETS.items():
        value = _widget_value(field, lesson.PRESETS[name])
        st.session_state[key] = value
        if kind == "flag":
            st.session_state[f"_value_{key}"] = "1" if value else "0"
        elif kind == "choice":
            st.session_state[f"_value_{key}"] = value


def settings_panel(disabled: bool) -> Settings:
    tr = ui.translator()
    st.subheader(t("training.settings"))
    presets = st.columns(2)
    for column, name in zip(presets, lesson.PRESETS, strict=True):
        column.button(t(f"training.preset.{name}"), on_click=apply_preset, args=(name,),
                      disabled=disabled, width="stretch", key=f"tr_preset_{name}")
    left, middle, right = st.columns(3)
    arch = ui.choice("tr_arch", t("training.arch"), ARCHS, DEFAULTS.arch, container=left,
                     format_func=lambda a: tr(f"training.arch.{a}", n=tr.num(parameter_count(a))))
    epochs = ui.slider("tr_epochs", t("training.epochs"), 1, lesson.MAX_EPOCHS, DEFAULTS.epochs,
                       help=t("training.epochs_help", max=lesson.MAX_EPOCHS), container=left)
    size = ui.choice("tr_n", t("training.train_size"), [str(n) for n in lesson.TRAIN_SIZES],
                     str(DEFAULTS.train_size), format_func=lambda n: tr.num(int(n)),
                     container=middle)
    seed = ui.slider("tr_seed", t("training.seed"), 0, 99, DEFAULTS.seed,
                     help=t("training.seed_help"), container=middle)
    optimizer = ui.choice("tr_opt", t("training.optimizer"), OPTIMIZERS, DEFAULTS.optimizer,
                          format_func=lambda o: tr(f"training.optimizer.{o}"), container=right,
                          kind="radio")
    lr = ui.choice("tr_lr", t("training.lr"), lesson.LEARNING_RATES,
                   _widget_value("lr", DEFAULTS), container=right,
                   format_func=lambda v: tr.num(float(v), len(v.split(".")[1])))
    dropout = ui.flag("tr_dropout", t("training.dropout"), DEFAULTS.dropout,
                      help=t("training.dropout_help"), container=right)
    return Settings(arch=arch, epochs=epochs, lr=float(lr), optimizer=optimizer, dropout=dropout,
                    train_size=int(size), val_size=DEFAULTS.val_size, seed=seed)


# --- the run ---------------------------------------------------------------------------------------

def start(settings: Settings) -> None:
    queue = training_queue()
    try:
        st.session_state[JOB_KEY] = queue.submit(settings)
    except lesson.QueueFull:
        st.session_state["_training_full"] = True


def stop(job: lesson.TrainingJob) -> None:
    training_queue().cancel(job)


def curves(snap: lesson.Snapshot, turn: int | None) -> None:
    records = snap.records
    labels = {"loss": t("training.loss"), "accuracy": t("training.accuracy"),
              "epoch": t("training.epoch"), "train": t("training.train_curve"),
              "val": t("training.val_curve"), "best": t("training.best"),
              "overfit": t("training.overfit_mark")}
    figure = draw.curves_figure(
        [r.epoch for r in records], [r.train_loss for r in records],
        [r.val_loss for r in records], [r.train_accuracy for r in records],
        [r.val_accuracy for r in records], n_epochs=snap.settings.epochs,
        best_epoch=snap.best_epoch, turn_epoch=turn, labels=labels,
        percent_suffix=t("training.percent", p=""),
        separators=i18n.plotly_separators(ui.lang()))
    st.subheader(t("training.curves"))
    st.plotly_chart(figure, width="stretch", config={"displayModeBar": False},
                    key=f"tr_curves_{len(records)}")


def filters(snap: lesson.Snapshot) -> None:
    if snap.result is None and not snap.records:
        return
    rows = [r.filters for r in snap.records]
    if snap.result is not None:
        rows = [snap.result.initial_filters, *rows]
        names = [t("training.row", n=i) for i in range(len(rows))]
    else:
        names = [t("training.row", n=r.epoch) for r in snap.records]
    st.subheader(t("training.filters"))
    st.caption(t("training.filters_caption"))
    if snap.settings.arch == "shapes_separable":
        st.caption(t("training.filters_separable"))
    st.plotly_chart(draw.filters_figure(rows, names), width="stretch",
                    config={"displayModeBar": False}, key=f"tr_filters_{len(rows)}")


def overfitting(snap: lesson.Snapshot) -> int | None:
    """Say whether the curves show over-fitting; return the epoch where validation turned."""
    found = lesson.detect_overfitting([r.train_loss for r in snap.records],
                                      [r.val_loss for r in snap.records])
    if found is not None:
        st.warning(t("training.overfit", turn=found.turn_epoch, best=ui.num(found.best_val_loss, 3),
                     last=ui.num(found.last_val_loss, 3),
                     train_turn=ui.num(found.train_loss_at_turn, 3),
                     train_last=ui.num(found.last_train_loss, 3),
                     n=ui.num(snap.settings.train_size)), icon=":material/trending_up:")
        return found.turn_epoch
    if snap.finished and len(snap.records) >= 4:
        st.caption(t("training.no_overfit"))
    return None


def progress(job: lesson.TrainingJob, snap: lesson.Snapshot) -> None:
    queue = training_queue()
    if snap.status == lesson.QUEUED:
        st.info(t("training.queued", cores=queue.capacity, pos=queue.position(job)),
                icon=":material/hourglass_top:")
    else:
        done = ((snap.epoch - 1) * snap.n_batches + snap.batch) / max(
            snap.settings.epochs * snap.n_batches, 1) if snap.n_batches else 0.0
        text = t("training.starting") if not snap.n_batches else t(
            "training.progress", epoch=snap.epoch, epochs=snap.settings.epochs,
            batch=snap.batch, batches=snap.n_batches, elapsed=ui.num(snap.elapsed))
        if snap.eta is not None:
            text += t("training.eta", eta=ui.num(snap.eta))
        st.progress(min(max(done, 0.0), 1.0), text=text)
    st.button(t("training.stop"), on_click=stop, args=(job,), icon=":material/stop:",
              key="tr_stop")
    st.caption(t("training.keep_open", seconds=ui.num(queue.abandon_after)))


def result(snap: lesson.Snapshot) -> None:
    best = snap.best_epoch
    status = snap.status
    if status == lesson.FAILED:
        st.error(t("training.status.failed"), icon=":material/error:")
        return
    if status == lesson.ABANDONED:
        st.warning(t("training.status.abandoned"), icon=":material/link_off:")
    elif best:
        st.success(t(f"training.status.{status}", best=best,
                     seconds=ui.num(training_queue().max_seconds)), icon=":material/check:")
    if not best:
        st.info(t("training.no_epoch"))
        return
    record = next(r for r in snap.records if r.epoch == best)
    a, b, c = st.columns(3)
    a.metric(t("training.val_acc"), t("training.percent", p=ui.num(100 * record.val_accuracy, 1)),
             help=t("training.val_acc_help"))
    b.metric(t("training.best_epoch"), f"{best} / {len(snap.records)}")
    c.metric(t("training.run_time"), t("training.seconds", s=ui.num(snap.elapsed, 1)))
    if ui.session_model() is not None and status != lesson.ABANDONED:
        st.caption(t("training.use"))


def hand_over(job: lesson.TrainingJob, snap: lesson.Snapshot) -> None:
    """Once per finished job: the best weights go to the Activations page for this session."""
    if st.session_state.get(SHOWN_KEY) == job.id:
        return
    st.session_state[SHOWN_KEY] = job.id
    if snap.result is not None and snap.result.weights and snap.status != lesson.ABANDONED:
        st.session_state[ui.SESSION_MODEL_KEY] = lesson.session_record(snap.result, this_machine())


def live() -> None:
    """Polled once a second while a run is queued or running (a fragment)."""
    job: lesson.TrainingJob | None = st.session_state.get(JOB_KEY)
    if job is None:
        return
    with ui.guarded(None):
        live_job(job)


def live_job(job: lesson.TrainingJob) -> None:
    snap = job.snapshot()
    if not snap.finished:
        training_queue().heartbeat(job)
        progress(job, snap)
    else:
        if st.session_state.get(SHOWN_KEY) != job.id:
            hand_over(job, snap)
            st.rerun()  # the whole page: stop polling, enable Train again
        result(snap)
    turn = overfitting(snap)
    if snap.records:
        curves(snap, turn)
    filters(snap)
    if snap.finished and snap.result is not None and snap.result.weights:
        with st.expander(t("training.card")):
            st.json(lesson.session_record(snap.result, this_machine())["card"], expanded=False)


def main() -> None:
    ui.require_frame()
    st.title(t("training.title"))
    st.write(t("training.intro", val=ui.num(DEFAULTS.val_size)))
    job: lesson.TrainingJob | None = st.session_state.get(JOB_KEY)
    active = job is not None and not job.snapshot().finished
    settings = settings_panel(disabled=active)
    queue = training_queue()
    go, info = st.columns([1, 3], vertical_alignment="center")
    go.button(t("training.train"), type="primary", icon=":material/play_arrow:", disabled=active,
              width="stretch", key="tr_train", on_click=start, args=(settings,))
    info.caption(t("training.busy", running=queue.running, cores=queue.capacity,
                   waiting=queue.waiting))
    if st.session_state.pop("_training_full", False):
        st.error(t("training.queue_full"), icon=":material/group:")
    st.fragment(run_every=POLL_SECONDS if active else None)(live)()
    with st.expander(t("training.repro_title")):
        facts = this_machine()
        st.write(t("training.repro", capability=facts["cpu_capability"],
                   torch=facts["torch_version"]))


main()
