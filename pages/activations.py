"""Activations lesson: a small trained CNN opened up. Its prediction on a drawing or a photo,
every convolution / ReLU / pooling output as one tiled picture per layer (at 28×28 or at the
image's own size), one channel up close, the first layer's filters (trained vs untrained) and
the model summary.

A thin view: widgets -> plain values -> :mod:`cnnviz.lessons.activations` (numbers) ->
:mod:`cnnviz.render` (pictures, Plotly) -> st.* calls. The model loads once per process;
activations are computed once per (image, model, resolution) and only redrawn when a display
option changes. Every control lives in the URL.
"""

from __future__ import annotations

import streamlit as st
from PIL import Image

import models
from cnnviz import i18n, ui
from cnnviz.lessons import activations as view
from cnnviz.render import charts, files, pictures
from cnnviz.summary import is_separable

t = ui.t
SHAPES = tuple(models.CLASSES)
SOURCES = ("drawing", "photo")
RESOLUTIONS = ("28", "full")
SHOW = ("all", "conv", "relu", "pool")
RANGES = ("channel", "layer", "global")
COLUMN_PIXELS = 1180  # width of the main column on a 1600-px window with the sidebar open


ACTIVATION_CACHE_BYTES = 256 * 1024 * 1024
"""Activation sets kept for all sessions (about four 256-px photos); older ones are recomputed."""


# --- cached computations (keyed on primitives; numpy, bytes and figures out) ---------------------

@st.cache_resource(max_entries=8, show_spinner=False)
def get_model(name: str):
    return models.load_model(name)


@st.cache_data(max_entries=32, show_spinner=False)
def drawing_image(shape: str, size: int, rotation: int, filled: bool) -> Image.Image:
    return view.drawing(shape, size, rotation, filled)


# Kept, not pickled (unpickling a large activation set on every rerun cost hundreds of ms), and
# bounded in bytes: a set for a 256-px photo takes about 64 MB; never mutated (read-only arrays).
@ui.bounded_cache(max_bytes=ACTIVATION_CACHE_BYTES, max_entries=12)
def get_activations(source_key: str, model_name: str, res: str, _image: Image.Image) \
        -> view.Activations:
    """One forward pass per (image, model, resolution); ``source_key`` identifies the image (the
    SHA-256 of an upload, a sample's name or the drawing's parameters)."""
    acts = view.compute(get_model(model_name), _image, res)
    for record in acts.layers:  # shared between sessions: make sure nobody writes to them
        record.maps.flags.writeable = False
    return acts


@st.cache_data(max_entries=256, show_spinner=False)
def layer_png(source_key: str, model_name: str, res: str, layer: str, mode: str, cmap: str,
              vmin: float, vmax: float, max_side: int, _maps) -> bytes:
    return files.png(pictures.layer_picture(_maps, mode, cmap, vmin, vmax, max_side=max_side))


@st.cache_data(max_entries=8, show_spinner=False)
def filters_png(model_name: str) -> tuple[bytes, int, int, int]:
    filters = view.first_layer_filters(get_model(model_name))
    count, kh, kw = filters.shape[:3]
    return files.png(pictures.filters_picture(filters, pad=1, side=360)), count, kh, kw


@st.cache_data(max_entries=8, show_spinner=False)
def training_change(trained_name: str) -> tuple[float, float]:
    return view.weight_change(get_model(trained_name), get_model(f"{trained_name}_untrained"))


@st.cache_data(max_entries=8, show_spinner=False)
def summary(model_name: str, lang: str) -> tuple[list[dict[str, str]], int, int]:
    tr = i18n.translator(lang)
    headers = [tr(f"act.summary.{h}") for h in ("layer", "kind", "shape", "params", "madds")]
    return view.summary_table(get_model(model_name), headers, tr.num, tr("act.summary.total"))


@st.cache_data(max_entries=8, show_spinner=False)
def samples(model_name: str) -> list[tuple[str, object, list[float]]]:
    return view.sample_drawings(get_model(model_name))


# --- small page helpers --------------------------------------------------------------------------

def class_name(key: str) -> str:
    return t(f"act.class.{key}")


def percent(p: float) -> str:
    return ui.num(100 * float(p), 1)


def twin(name: str) -> str:
    """The trained model for an untrained one and vice versa."""
    return name[: -len("_untrained")] if name.endswith("_untrained") else f"{name}_untrained"


def input_controls() -> tuple[str, Image.Image, str, str]:
    """Model, source and resolution controls, and the drawing's own controls.
    Returns (model name, input image, source key for caches, resolution)."""
    names = models.available()
    default_model = "shapes" if "shapes" in names else names[0]
    tr = ui.translator()
    c1, c2, c3 = st.columns([1.2, 1.1, 1.1])
    model_name = ui.choice("act_model", t("act.ctl.model"), names, default_model,
                           format_func=lambda n: tr(f"act.model.{n}"), help=t("act.help.model"),
                           container=c1)
    source = ui.choice("act_src", t("act.ctl.source"), SOURCES, "drawing",
                       format_func=lambda s: tr(f"act.src.{s}"), container=c2, kind="segmented")
    res = ui.choice("act_res", t("act.ctl.res"), RESOLUTIONS, "full",
                    format_func=lambda r: tr(f"act.res.{r}"), help=t("act.help.res"),
                    container=c3, kind="segmented")
    if source == "drawing":
        d1, d2, d3, d4 = st.columns([1.3, 1, 1, 0.5], vertical_alignment="bottom")
        shape = ui.choice("act_shape", t("act.ctl.shape"), SHAPES, "triangle",
                          format_func=lambda s: tr(f"act.class.{s}"), container=d1,
                          kind="segmented")
        size = ui.slider("act_size", t("act.ctl.size"), 30, 90, 60, container=d2)
        rotation = ui.slider("act_rot", t("act.ctl.rotation"), 0, 359, 0, container=d3)
        filled = ui.flag("act_fill", t("act.ctl.filled"), False, container=d4)
        image = drawing_image(shape, size, rotation, filled)
        return model_name, image, f"drawing:{shape}:{size}:{rotation}:{int(filled)}", res
    picked = ui.current_image()
    st.info(t("act.photo_note"), icon=":material/info:")
    return model_name, picked.image, picked.key, res


def show_notes(acts: view.Activations, image: Image.Image, source: str) -> None:
    w, h = image.size
    for note in acts.notes:
        if note == "grayscale" and source == "drawing":  # black on white, nothing to say
            continue
        if note == "shrunk":  # ordinary for photos: a quiet caption
            st.caption(t("act.note.shrunk", w=w, h=h))
        else:
            st.info(t(f"act.note.{note}", w=w, h=h), icon=":material/photo_size_select_large:")


def prediction(acts: view.Activations, image: Image.Image, source: str, label: str,
               model_name: str) -> None:
    st.header(t("act.pred.title"))
    c1, c2, c3 = st.columns([1, 1, 1.4], gap="large")
    w, h = image.size
    with c1:
        st.markdown(t("act.pred.input", w=w, h=h) if source == "drawing"
                    else t("act.pred.input_photo", label=label, w=w, h=h))
        st.image(files.png(pictures.enlarge(image, 280)) if max(w, h) < 140 else image, width=280,
                 output_format="PNG")
    with c2:
        st.markdown(t("act.pred.sees"))
        st.image(files.png(pictures.enlarge(acts.input28, 280)), width=280, output_format="PNG")
    with c3:
        labels = [class_name(c) for c in acts.classes]
        fig = charts.probability_bar(acts.classes, acts.probs, labels=labels, title=None,
                                     axis_title=t("act.pred.axis"), height=340,
                                     texts=[f"{percent(p)} %" for p in acts.probs],
                                     separators=ui.translator().separators)
        st.markdown(t("act.pred.chart"))
        st.plotly_chart(fig, config={"displayModeBar": False}, key="act_probs", theme=None)
        st.markdown(t("act.pred.says", label=class_name(acts.top), p=percent(acts.top_probability)))
        if model_name.endswith("_untrained"):
            st.caption(t("act.pred.untrained"))


def sample_gallery(model_name: str, expanded: bool) -> None:
    with st.expander(t("act.samples.title"), expanded=expanded):
        cols = st.columns(len(view.SAMPLE_STYLES))
        for col, (truth, pixels, probs) in zip(cols, samples(model_name), strict=True):
            top, p = view.top_class(probs)
            col.image(pixels, width=112, output_format="PNG")
            col.markdown(t("act.samples.caption", truth=class_name(truth),
                           label=class_name(models.CLASSES[top]), p=ui.num(100 * p)))


def sparsity_sentence(acts: view.Activations) -> None:
    relus = view.relu_sparsity(acts)
    if len(relus) < 2:
        return
    (_, first, _, _), (last_name, last, dead, channels) = relus[0], relus[-1]
    key = "act.sparse.grows" if last - first >= 0.15 else "act.sparse.flat"
    st.markdown(t(key, first=ui.num(100 * first), last=ui.num(100 * last), last_name=last_name,
                  dead=dead, channels=channels))


@ui.section
def maps_view(source_key: str, model_name: str, res: str, image: Image.Image) -> None:
    """Display options, the layer grids and one channel up close: a change here redraws from
    the cached activations (no new forward pass)."""
    acts = get_activations(source_key, model_name, res, image)
    tr = ui.translator()
    c1, c2, c3, c4 = st.columns([1.35, 1.35, 0.8, 0.9])
    show = ui.choice("act_show", t("act.ctl.show"), SHOW, "all",
                     format_func=lambda s: tr(f"act.show.{s}"), container=c1, kind="segmented")
    mode = ui.choice("act_range", t("act.ctl.range"), RANGES, "channel",
                     format_func=lambda s: tr(f"act.range.{s}"), help=t("act.help.range"),
                     container=c2, kind="segmented")
    cmap = ui.choice("act_cmap", t("act.ctl.cmap"), list(pictures.CMAPS), "viridis",
                     format_func=lambda s: tr(f"act.cmap.{s}"), help=t("act.help.cmap"),
                     container=c3)
    per_row = ui.slider("act_cols", t("act.ctl.cols"), 1, 5, 3, help=t("act.help.cols"),
                        container=c4)

    shown = [r for r in acts.layers if show == "all" or r.group == show]
    max_side = max(200, min(900, COLUMN_PIXELS // per_row - 30))
    for start in range(0, len(shown), per_row):
        cols = st.columns(per_row, gap="medium")
        for col, record in zip(cols, shown[start:start + per_row], strict=False):
            vmin, vmax = acts.color_range(record, mode)
            png = layer_png(source_key, model_name, res, record.name, mode, cmap, vmin, vmax,
                            max_side, record.maps)
            with col:
                st.markdown(t("act.layer.label", name=record.name, kind=record.kind,
                              shape=view.format_shape(record.shape)))
                st.image(png, width="stretch", output_format="PNG")
                st.caption(t("act.layer.stats", dead=record.dead, channels=record.channels,
                             vmin=ui.num(record.vmin, 2), vmax=ui.num(record.vmax, 2)))

    st.header(t("act.detail.title"))
    names = [r.name for r in acts.layers]
    d1, d2 = st.columns([1, 2])
    layer_name = ui.choice("act_layer", t("act.ctl.layer"), names, names[0], container=d1)
    record = acts.layer(layer_name)
    last = record.channels - 1
    if int(st.session_state.get("act_ch", 0) or 0) > last:  # a layer with fewer channels
        st.session_state["act_ch"] = last
    channel = ui.slider("act_ch", t("act.ctl.channel", last=last), 0, last, 0, container=d2)
    channel = max(0, min(channel, last))
    values = record.maps[channel]
    stats = view.channel_stats(values)
    lo, hi = acts.color_range(record, mode, channel)
    left, right = st.columns([1, 2], gap="large")
    with left:
        h, w = acts.input_maps.shape[:2]
        st.markdown(t("act.detail.input", w=w, h=h))
        st.image(files.png(pictures.enlarge(acts.input_maps, 360)), width="stretch",
                 output_format="PNG")
        m1, m2, m3 = st.columns(3)
        m1.metric(t("act.detail.min"), ui.num(stats.min, 3))
        m2.metric(t("act.detail.max"), ui.num(stats.max, 3))
        m3.metric(t("act.detail.zeros"), f"{ui.num(100 * stats.zero_fraction)} %")
        if stats.dead:
            st.warning(t("act.detail.dead"), icon=":material/dark_mode:")
    with right:
        hh, ww = values.shape
        st.markdown("#### " + t("act.detail.heading", name=record.name, channel=channel,
                                h=hh, w=ww))
        fig = charts.channel_figure(values, cmap, lo, hi, num=ui.num,
                                    value_label=t("act.detail.value"), x_label=t("act.detail.col"),
                                    y_label=t("act.detail.row"), height=480,
                                    separators=ui.translator().separators)
        st.plotly_chart(fig, config={"displayModeBar": False}, key="act_channel", theme=None)
        st.caption(t("act.detail.scale", lo=ui.num(lo, 2), hi=ui.num(hi, 2),
                     range=t(f"act.range.{mode}").lower()))


def filters_section(model_name: str) -> None:
    st.header(t("act.filters.title"))
    model = get_model(model_name)
    separable = any(is_separable(m) for m in model.modules())
    st.write(t("act.filters.how_separable" if separable else "act.filters.how"))
    pair = [model_name] + [n for n in [twin(model_name)] if n in models.available()]
    for col, name in zip(st.columns(2, gap="large"), pair, strict=False):
        png, count, kh, kw = filters_png(name)
        with col:
            st.markdown(t("act.filters.caption", model=t(f"act.model.{name}"), count=count,
                          kh=kh, kw=kw))
            st.image(png, width=360, output_format="PNG")
    trained = model_name.removesuffix("_untrained")
    card = models.model_card(trained) if len(pair) == 2 else {}
    if card.get("torch_seed") == models.UNTRAINED_SEED and "test_accuracy" in card:
        first, overall = training_change(trained)
        st.info(t("act.filters.change", first=ui.num(100 * first), overall=ui.num(100 * overall),
                  acc=ui.num(100 * float(card["test_accuracy"]), 1)),
                icon=":material/compare_arrows:")


def summary_section(model_name: str) -> None:
    st.header(t("act.summary.title"))
    st.write(t("act.summary.how"))
    rows, params, madds = summary(model_name, ui.lang())
    c1, c2, c3 = st.columns([3, 1, 1])
    with c1:
        st.dataframe(rows, hide_index=True, width="stretch", height=35 * (len(rows) + 1) + 3)
    c2.metric(t("act.summary.params"), ui.num(params))
    c3.metric(t("act.summary.madds"), ui.num(madds))
    card = models.model_card(model_name)
    if card.get("trained"):
        c2.caption(t("act.summary.accuracy", n=ui.num(card.get("test_size", 0)),
                     acc=ui.num(100 * float(card.get("test_accuracy", 0.0)), 1),
                     epochs=card.get("epochs", "?")))
    else:
        c2.caption(t("act.summary.random"))


# --- the page ------------------------------------------------------------------------------------

def main() -> None:
    ui.require_frame()
    st.title(t("nav.activations"))
    st.write(t("act.intro"))
    model_name, image, source_key, res = input_controls()
    source = "drawing" if source_key.startswith("drawing:") else "photo"
    try:
        get_model(model_name)
    except (FileNotFoundError, ValueError):
        st.error(t("act.model_error", name=t(f"act.model.{model_name}")), icon=":material/error:")
        return
    try:
        acts = get_activations(source_key, model_name, res, image)
    except (ValueError, RuntimeError):
        st.error(t("act.compute_error"), icon=":material/error:")
        return
    show_notes(acts, image, source)
    label = ui.current_image().label if source == "photo" else ""
    prediction(acts, image, source, label, model_name)
    sample_gallery(model_name, expanded=source == "drawing")
    st.header(t("act.maps.title"))
    st.write(t("act.maps.how"))
    h, w = acts.input_maps.shape[:2]
    st.write(t("act.maps.res28") if res == "28" else t("act.maps.resfull", w=w, h=h))
    sparsity_sentence(acts)
    maps_view(source_key, model_name, res, image)
    filters_section(model_name)
    summary_section(model_name)


main()
