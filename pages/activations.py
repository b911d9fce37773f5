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

import hashlib
from functools import partial

import streamlit as st
from PIL import Image

import models
from cnnviz import i18n, ui
from cnnviz.lessons import activations as view
from cnnviz.lessons import drawing, looksee
from cnnviz.render import charts, files, pictures
from cnnviz.summary import is_separable

t = ui.t
SHAPES = tuple(models.CLASSES)
SOURCES = ("canvas", "drawing", "photo")
SESSION = "session"
RESOLUTIONS = ("28", "full")
SHOW = ("all", "conv", "relu", "pool")
RANGES = ("channel", "layer", "global")
PREVIEW_SIDE = 280  # the input photo's preview (Streamlit shows st.image at 1× its width)
COLUMN_PIXELS = 1180  # width of the main column on a 1600-px window with the sidebar open


ACTIVATION_CACHE_BYTES = 256 * 1024 * 1024
"""Activation sets kept for all sessions (about four 256-px photos); older ones are recomputed."""


# --- cached computations (keyed on primitives; numpy, bytes and figures out) ---------------------

@st.cache_resource(max_entries=8, show_spinner=False)
def get_model(name: str, _weights: bytes | None = None, _arch: str = ""):
    if name.startswith("session:"):  # trained on the Training page, keyed by its weights' hash
        return looksee.session_model(_arch, _weights)
    return models.load_model(name)


def model_of(key: str):
    """The model behind a cache key (a shipped name, or ``session:<hash>``)."""
    record = ui.session_model() or {} if key.startswith("session:") else {}
    return get_model(key, record.get("weights"), record.get("arch", ""))


@st.cache_data(max_entries=64, show_spinner=False)
def canvas_pixels(data: bytes) -> tuple[Image.Image, bool]:
    return looksee.canvas_picture(data)


@st.cache_resource(max_entries=6, show_spinner=False)
def dataset_maxima(model_key: str):
    return looksee.dataset_maxima(model_of(model_key), looksee.cached_dataset()[0])


@st.cache_data(max_entries=64, show_spinner=False)
def top_drawings(model_key: str, layer: str, channel: int):
    images, labels = looksee.cached_dataset()
    return looksee.top_drawings(dataset_maxima(model_key), images, labels, layer, channel)


@st.cache_data(max_entries=128, show_spinner=False)
def opened(model_key: str, source_key: str, res: str, layer: str, channel: int, unit, _rgb):
    return looksee.opened_channel(model_of(model_key), layer, channel, tuple(unit), _rgb)


@st.cache_resource(max_entries=16, show_spinner=False)
def look_pictures(source_key: str, pair: tuple[str, ...], target: int, layer: str,
                  _image: Image.Image):
    return looksee.where_it_looked_pictures({k: model_of(k) for k in pair}, _image, target, layer)


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
    acts = view.compute(model_of(model_name), _image, res)
    for record in acts.layers:  # shared between sessions: make sure nobody writes to them
        record.maps.flags.writeable = False
    return acts


@st.cache_data(max_entries=256, show_spinner=False)
def layer_png(source_key: str, model_name: str, res: str, layer: str, mode: str, cmap: str,
              vmin: float, vmax: float, max_side: int, _maps) -> bytes:
    return files.png(pictures.layer_picture(_maps, mode, cmap, vmin, vmax, max_side=max_side))


@st.cache_data(max_entries=16, show_spinner=False)
def preview(source_key: str, _image: Image.Image) -> bytes:
    """The photo's 280-px preview, encoded once per photo (not the whole photo on every rerun)."""
    return files.preview_jpeg(_image, PREVIEW_SIDE)


@st.cache_data(max_entries=8, show_spinner=False)
def filters_png(model_name: str) -> tuple[bytes, int, int, int]:
    filters = view.first_layer_filters(model_of(model_name))
    count, kh, kw = filters.shape[:3]
    return files.png(pictures.filters_picture(filters, pad=1, side=360)), count, kh, kw


@st.cache_data(max_entries=8, show_spinner=False)
def training_change(trained_name: str) -> tuple[float, float]:
    return view.weight_change(model_of(trained_name), model_of(f"{trained_name}_untrained"))


@st.cache_resource(max_entries=8, show_spinner=False)
def layer_rows(model_name: str) -> list:
    """Shapes, parameters, multiply-adds: once per model, not once per language."""
    return view.layer_rows(model_of(model_name))


@st.cache_data(max_entries=8, show_spinner=False)
def summary(model_name: str, lang: str) -> tuple[list[dict[str, str]], int, int]:
    tr = i18n.translator(lang)
    headers = [tr(f"act.summary.{h}") for h in ("layer", "kind", "shape", "params", "madds")]
    return view.summary_rows(layer_rows(model_name), headers, tr.num, tr("act.summary.total"))


@st.cache_data(max_entries=8, show_spinner=False)
def samples(model_name: str) -> list[tuple[str, object, list[float]]]:
    return view.sample_drawings(model_of(model_name))


# --- small page helpers --------------------------------------------------------------------------

def class_name(key: str) -> str:
    return t(f"act.class.{key}")


def percent(p: float) -> str:
    return ui.num(100 * float(p), 1)


def model_label(key: str) -> str:
    return t("act.model.session") if key.startswith("session:") else t(f"act.model.{key}")


def twin(name: str) -> str:
    """The trained model for an untrained one and vice versa (a session model: its
    architecture, untrained)."""
    if name.startswith("session:"):
        return f"{(ui.session_model() or {}).get('arch', 'shapes')}_untrained"
    return name[: -len("_untrained")] if name.endswith("_untrained") else f"{name}_untrained"


def input_controls(col) -> tuple[str, Image.Image | None, str, str, str]:
    """Model, source and resolution controls, and the drawing's or the canvas's own controls
    (the canvas itself in ``col``). Returns (model cache key, input image or None when there is
    nothing to run, source key for caches, resolution, source)."""
    record = ui.session_model()
    names = models.available() + ([SESSION] if record else [])
    tr = ui.translator()
    source = ui.choice("act_src", t("act.ctl.source"), SOURCES, "canvas", kind="segmented",
                       format_func=lambda s: tr(f"look.src.{s}" if s == "canvas" else f"act.src.{s}"))
    c1, c2 = st.columns(2)
    model_name = ui.choice("act_model", t("act.ctl.model"), names, "shapes" if "shapes" in names
                           else names[0], format_func=lambda n: tr(f"act.model.{n}"),
                           help=t("act.help.model"), container=c1)
    if model_name == SESSION:
        model_name = "session:" + hashlib.sha256(record["weights"]).hexdigest()[:16]
    res = ui.choice("act_res", t("act.ctl.res"), RESOLUTIONS, "full",
                    format_func=lambda r: tr(f"act.res.{r}"), help=t("act.help.res"),
                    container=c2, kind="segmented")
    if source == "canvas":
        return (model_name, *canvas_input(col), res, source)
    if source == "drawing":
        d1, d2, d3, d4 = st.columns([1.3, 1, 1, 0.5], vertical_alignment="bottom")
        shape = ui.choice("act_shape", t("act.ctl.shape"), SHAPES, "triangle",
                          format_func=lambda s: tr(f"act.class.{s}"), container=d1,
                          kind="segmented")
        size = ui.slider("act_size", t("act.ctl.size"), 30, 90, 60, container=d2)
        rotation = ui.slider("act_rot", t("act.ctl.rotation"), 0, 359, 0, container=d3)
        filled = ui.flag("act_fill", t("act.ctl.filled"), False, container=d4)
        image = drawing_image(shape, size, rotation, filled)
        return model_name, image, f"drawing:{shape}:{size}:{rotation}:{int(filled)}", res, source
    picked = ui.current_image()
    st.info(t("act.photo_note"), icon=":material/info:")
    return model_name, picked.image, picked.key, res, source


def canvas_input(col) -> tuple[Image.Image | None, str]:
    """Pen width, Clear, and the canvas in ``col``: (drawing or None, cache key)."""
    d1, d2, d3 = st.columns([1, 0.75, 1.35], vertical_alignment="center")
    pen = ui.slider("look_pen", t("look.pen"), 6, 40, drawing.DEFAULT_WIDTH,
                    help=t("look.help.pen"), container=d1)
    d3.caption(t("look.canvas.how"))
    with col:
        st.markdown(t("look.canvas.title"))
        data, cleared = ui.drawing_canvas("look_canvas", drawing.CANVAS, pen,
                                          looksee.starter_drawing(), d2, t("look.clear"))
    if data is None and not cleared:  # not reported yet: the starting drawing, painted here
        return looksee.starter_picture(), "canvas:starter"
    try:
        image, blank = canvas_pixels(data) if data is not None else (None, True)
    except ValueError:
        st.error(t("look.canvas_error"), icon=":material/error:")
        return None, ""
    if blank:
        st.info(t("look.blank"), icon=":material/draw:")
        return None, ""
    return image, "canvas:" + hashlib.sha256(data).hexdigest()[:16]


def show_notes(acts: view.Activations, image: Image.Image, source: str) -> None:
    w, h = image.size
    for note in acts.notes:
        if (note == "grayscale" and source != "photo") or (note == "shrunk" and source == "canvas"):
            continue  # black on white / the canvas's fixed size: nothing to say
        if note == "shrunk":  # ordinary for photos: a quiet caption
            st.caption(t("act.note.shrunk", w=w, h=h))
        else:
            st.info(t(f"act.note.{note}", w=w, h=h), icon=":material/photo_size_select_large:")


def prediction(acts: view.Activations, image: Image.Image, source: str, label: str,
               model_name: str, columns, source_key: str) -> None:
    c1, c2, c3 = columns
    w, h = image.size
    with c1:
        if source != "canvas":
            st.markdown(t("act.pred.input", w=w, h=h) if source == "drawing"
                        else t("act.pred.input_photo", label=label, w=w, h=h))
            st.image(files.png(pictures.enlarge(image, 280)) if max(w, h) < 140
                     else preview(source_key, image), width=PREVIEW_SIDE)
    with c2:
        st.markdown(t("act.pred.sees"))
        st.image(files.png(pictures.enlarge(acts.input28, 280)), width="stretch",
                 output_format="PNG")
    with c3:
        st.metric(t("look.metric"), class_name(acts.top), help=t("look.metric.help"))
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


def on_tile(layer: str, channels: int, h: int, w: int, max_side: int) -> None:
    """A click on a layer's picture: open the channel (and the unit) under it."""
    xy = ui.clicked(f"tp_{layer}")
    hit = looksee.pick_tile(channels, h, w, max_side, *xy) if xy else None
    if hit is not None:
        st.session_state.update({"act_layer": layer, "_value_act_layer": layer, "act_ch": hit[0],
                                 "look_row": hit[1], "look_col": hit[2]})


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
    st.markdown(t("look.maps.click"))
    names = [r.name for r in acts.layers]
    opened_layer = st.session_state.get("_value_act_layer", names[0])
    opened_ch = int(st.session_state.get("act_ch", 0) or 0)
    shown = [r for r in acts.layers if show == "all" or r.group == show]
    max_side = max(200, min(900, COLUMN_PIXELS // per_row - 30))
    for start in range(0, len(shown), per_row):
        cols = st.columns(per_row, gap="medium")
        for col, record in zip(cols, shown[start:start + per_row], strict=False):
            vmin, vmax = acts.color_range(record, mode)
            png = layer_png(source_key, model_name, res, record.name, mode, cmap, vmin, vmax,
                            max_side, record.maps)
            c, h, w = record.shape
            with col:
                st.markdown(t("act.layer.label", name=record.name, kind=record.kind,
                              shape=view.format_shape(record.shape)))
                ui.tile_picker(looksee.data_uri(png), t("look.maps.alt", name=record.name,
                               channels=c), looksee.selected_box(c, h, w, max_side, opened_ch)
                               if record.name == opened_layer else None, f"tp_{record.name}",
                               partial(on_tile, record.name, c, h, w, max_side))
                st.caption(t("act.layer.stats", dead=record.dead, channels=record.channels,
                             vmin=ui.num(record.vmin, 2), vmax=ui.num(record.vmax, 2)))

    st.header(t("act.detail.title"))
    d1, d2 = st.columns([1, 2])
    layer_name = ui.choice("act_layer", t("act.ctl.layer"), names, names[0], container=d1)
    record = acts.layer(layer_name)
    channel = ui.bounded_slider("act_ch", t("act.ctl.channel", last=record.channels - 1),
                             record.channels - 1, 0, d2)
    values = record.maps[channel]
    stats = view.channel_stats(values)
    lo, hi = acts.color_range(record, mode, channel)
    hh, ww = values.shape
    left, right = st.columns([1.4, 1], gap="large")
    with right:
        u1, u2 = st.columns(2)
        row = ui.bounded_slider("look_row", t("look.ctl.row"), hh - 1, hh // 2, u1)
        col = ui.bounded_slider("look_col", t("look.ctl.col"), ww - 1, ww // 2, u2)
        o = opened(model_name, source_key, res, layer_name, channel, (row, col), acts.input_maps)
        st.markdown("#### " + t("look.rf.title", h=o.rf_size[0], w=o.rf_size[1]))
        st.image(o.rf_png, width=300, output_format="PNG")
        top, lft, bottom, rgt = o.box
        st.caption(t("look.rf.how", row=row, col=col, layer=layer_name, top=top, bottom=bottom - 1,
                     left=lft, right=rgt - 1, stride=o.rf_stride[0]))
        if (bottom - top, rgt - lft) != o.rf_size:
            st.caption(t("look.rf.clipped", h=o.rf_size[0], w=o.rf_size[1]))
    with left:
        st.markdown(t("look.detail.opened", name=layer_name, channel=channel, row=row, col=col))
        st.markdown("#### " + t("act.detail.heading", name=record.name, channel=channel,
                                h=hh, w=ww))
        fig = charts.channel_figure(values, cmap, lo, hi, num=ui.num,
                                    value_label=t("act.detail.value"), x_label=t("act.detail.col"),
                                    y_label=t("act.detail.row"), height=440,
                                    separators=ui.translator().separators)
        st.plotly_chart(fig, config={"displayModeBar": False}, key="act_channel", theme=None)
        st.caption(t("act.detail.scale", lo=ui.num(lo, 2), hi=ui.num(hi, 2),
                     range=t(f"act.range.{mode}").lower()))
        m1, m2, m3 = st.columns(3)
        m1.metric(t("act.detail.min"), ui.num(stats.min, 3))
        m2.metric(t("act.detail.max"), ui.num(stats.max, 3))
        m3.metric(t("act.detail.zeros"), f"{ui.num(100 * stats.zero_fraction)} %")
        if stats.dead:
            st.warning(t("act.detail.dead"), icon=":material/dark_mode:")
    channel_sources(model_name, record, layer_name, channel, o)


def channel_sources(model_name: str, record, layer_name: str, channel: int, o) -> None:
    """The opened channel's kernels and the 9 generated drawings that make it fire most."""
    k1, k2 = st.columns([1, 1.4], gap="large")
    with k1:
        st.markdown("#### " + t("look.kernels.title"))
        st.image(o.kernels_png, width=300, output_format="PNG")
        st.caption(t("look.kernels.how", channel=channel, conv=o.conv, count=o.kernel_count,
                     kh=o.kernel_size[0], kw=o.kernel_size[1], peak=ui.num(o.kernel_peak, 3)))
        if is_separable(getattr(model_of(model_name).features, o.conv)):
            st.caption(t("look.kernels.separable"))
    with k2:
        st.markdown("#### " + t("look.top.title", channel=channel, layer=layer_name))
        n = ui.num(looksee.DATASET_SIZE)
        st.caption(t("look.top.how", n=n))
        picture, responses, classes = top_drawings(model_name, layer_name, channel)
        if max(responses) <= 0 and record.group != "conv":
            st.info(t("look.top.dead", n=n), icon=":material/dark_mode:")
        else:
            st.image(picture, width=300, output_format="PNG")
            st.caption(t("look.top.values", values=", ".join(ui.num(v, 2) for v in responses),
                         classes=", ".join(class_name(c) for c in classes)))


@ui.section
def where_it_looked(source_key: str, model_name: str, image: Image.Image, top: str) -> None:
    """Grad-CAM and occlusion for the trained model and its twin, side by side."""
    st.header(t("look.where.title"))
    st.markdown(t("look.where.how", w=6))
    tr = ui.translator()
    layers = looksee.grad_cam_layers(model_of(model_name))
    c1, c2 = st.columns(2)
    target = ui.choice("look_cls", t("look.ctl.class"), ["auto", *SHAPES], "auto", container=c1,
                       format_func=lambda c: tr("look.class.auto", label=tr(f"act.class.{top}"))
                       if c == "auto" else tr(f"act.class.{c}"), kind="segmented")
    layer = ui.choice("look_layer", t("look.ctl.layer"), layers, layers[-1],
                      help=t("look.help.layer"), container=c2)
    target = top if target == "auto" else target
    pair = (model_name, twin(model_name)) if twin(model_name) in models.available() \
        else (model_name,)
    found = look_pictures(source_key, pair, SHAPES.index(target), layer, image)
    for col, key in zip(st.columns(2, gap="large"), pair, strict=False):
        a = found[key]
        with col:
            st.markdown(t("look.where.model", model=model_label(key), label=class_name(target),
                          p=percent(a.probability)))
            g, o = st.columns(2)
            g.image(a.grad_cam_png, width="stretch", output_format="PNG")
            g.caption(t("look.where.gradcam", layer=layer, peak=ui.num(a.grad_cam_peak, 2)))
            if a.grad_cam_peak == 0:
                g.caption(t("look.where.empty"))
            o.image(a.occlusion_png, width="stretch", output_format="PNG")
            o.caption(t("look.where.occlusion", peak=ui.num(a.occlusion_peak, 2)))
    st.info(t("look.where.sanity") if len(pair) == 2 else t("look.where.no_twin"),
            icon=":material/science:")


def filters_section(model_name: str) -> None:
    st.header(t("act.filters.title"))
    model = model_of(model_name)
    separable = any(is_separable(m) for m in model.modules())
    st.write(t("act.filters.how_separable" if separable else "act.filters.how"))
    pair = [model_name] + [n for n in [twin(model_name)] if n in models.available()]
    for col, name in zip(st.columns(2, gap="large"), pair, strict=False):
        png, count, kh, kw = filters_png(name)
        with col:
            st.markdown(t("act.filters.caption", model=model_label(name), count=count,
                          kh=kh, kw=kw))
            st.image(png, width=360, output_format="PNG")
    trained = model_name.removesuffix("_untrained")
    card = models.model_card(trained) if len(pair) == 2 and trained in models.available() else {}
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
    card = {} if model_name.startswith("session:") else models.model_card(model_name)
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
    top_row = st.container()
    st.header(t("act.pred.title"))
    columns = st.columns([1.45, 0.8, 1.45], gap="medium")
    with top_row:
        model_name, image, source_key, res, source = input_controls(columns[0])
    try:
        model_of(model_name)
    except (FileNotFoundError, ValueError, RuntimeError):
        st.error(t("act.model_error", name=model_label(model_name)), icon=":material/error:")
        return
    if image is None:
        return
    try:
        acts = get_activations(source_key, model_name, res, image)
    except (ValueError, RuntimeError):
        st.error(t("act.compute_error"), icon=":material/error:")
        return
    show_notes(acts, image, source)
    label = ui.current_image().label if source == "photo" else ""
    prediction(acts, image, source, label, model_name, columns, source_key)
    sample_gallery(model_name, expanded=source == "drawing")
    where_it_looked(source_key, model_name, image, acts.top)
    st.header(t("act.maps.title"))
    st.write(t("act.maps.how"))
    h, w = acts.input_maps.shape[:2]
    st.write(t("act.maps.res28") if res == "28" else t("act.maps.resfull", w=w, h=h))
    sparsity_sentence(acts)
    maps_view(source_key, model_name, res, image)
    filters_section(model_name)
    summary_section(model_name)


main()
