"""Activations lesson: a small trained CNN opened up. Its prediction on a drawing or a photo,
every convolution / ReLU / pooling output as one tiled picture per layer, one channel up close,
where the network looked, the first layer's filters and the model summary.

A thin view over :mod:`cnnviz.lessons.activations` and :mod:`cnnviz.lessons.looksee`. The model
loads once per process; activations are computed once per (image, model, resolution).
"""
from __future__ import annotations

from functools import partial

import streamlit as st
from PIL import Image

import models
from cnnviz import ui
from cnnviz.lessons import activations as view
from cnnviz.lessons import channels, drawing, filter_change, looksee
from cnnviz.lessons import prediction as first
from cnnviz.render import closeup, files, pictures

t = ui.t
SHAPES = tuple(models.CLASSES)
SOURCES = ("canvas", "drawing", "photo")
SESSION = "session"
RESOLUTIONS = ("28", "full")
SHOW = ("all", "conv", "relu", "pool")
RANGES = ("channel", "layer", "global")
PREVIEW_SIDE = 280  # the input photo's preview (Streamlit shows st.image at 1× its width)
ACTIVATION_CACHE_BYTES = 256 * 1024 * 1024  # activation sets for all sessions (about 4 photos)


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


# Kept, not pickled (unpickling cost 100s of ms), bounded in bytes (64 MB a 256-px photo), read-only.
@ui.bounded_cache(max_bytes=ACTIVATION_CACHE_BYTES, max_entries=12)
def get_activations(source_key: str, model_name: str, res: str, _image: Image.Image) \
        -> view.Activations:
    """One forward pass per (image, model, res); ``source_key``: an upload's SHA-256, a sample..."""
    acts = view.compute(model_of(model_name), _image, res)
    for record in acts.layers:  # shared between sessions: make sure nobody writes to them
        record.maps.flags.writeable = False
    return acts


@st.cache_data(max_entries=64, show_spinner=False)  # the 28×28 prediction alone: shown first
def get_prediction(source_key: str, model_name: str, res: str, _image: Image.Image):
    return first.predict(model_of(model_name), _image, res)


@ui.bounded_cache(max_bytes=64 * 1024 * 1024, max_entries=256)  # bytes kept, never unpickled
def layer_png(source_key: str, model_name: str, res: str, layer: str, mode: str, cmap: str,
              vmin: float, vmax: float, max_side: int, _maps) -> bytes:
    return files.indexed_png(pictures.layer_picture(_maps, mode, cmap, vmin, vmax, max_side=max_side))


@st.cache_data(max_entries=16, show_spinner=False)
def preview(source_key: str, _image: Image.Image) -> bytes:
    """The photo's 280-px preview, encoded once per photo (not the whole photo on every rerun)."""
    return files.preview_jpeg(_image, PREVIEW_SIDE)


@st.cache_data(max_entries=8, show_spinner=False)
def first_filters(model_name: str) -> looksee.Filters:
    return looksee.first_filters(model_of(model_name))


@st.cache_data(max_entries=8, show_spinner=False)
def training_change(trained_name: str) -> filter_change.FilterChange:
    return filter_change.filter_change(model_of(trained_name), model_of(f"{trained_name}_untrained"))


@st.cache_resource(max_entries=8, show_spinner=False)
def layer_rows(model_name: str) -> list:
    """Shapes, parameters, multiply-adds: once per model, not once per language."""
    return view.layer_rows(model_of(model_name))


@st.cache_data(max_entries=8, show_spinner=False)
def samples(model_name: str) -> list[tuple[str, bytes, list[float]]]:  # PNGs: encoded once
    return [(k, files.png(px), p) for k, px, p in view.sample_drawings(model_of(model_name))]


# --- small page helpers --------------------------------------------------------------------------

def class_name(key: str) -> str:
    return t(f"act.class.{key}")


def model_label(key: str) -> str:
    return looksee.model_label(key, ui.translator())


def named(prefix: str):
    """``format_func`` of a choice whose options are named ``<prefix>.<option>``."""
    return lambda option: t(f"{prefix}.{option}")


# --- the input: model, resolution, and a drawing, the canvas or the photo ------------------------

def input_controls(col) -> tuple[str, Image.Image | None, str, str, str]:
    """Model, source, resolution, drawing/canvas controls: (model key, image|None, key, res, source)."""
    record = ui.session_model()
    names = models.available() + ([SESSION] if record else [])
    source = ui.choice("act_src", t("act.ctl.source"), SOURCES, "canvas", kind="segmented",
                       format_func=lambda s: t(f"look.src.{s}" if s == "canvas" else f"act.src.{s}"))
    c1, c2 = st.columns(2)
    model_name = ui.choice("act_model", t("act.ctl.model"), names, "shapes" if "shapes" in names
                           else names[0], format_func=named("act.model"),
                           help=t("act.help.model"), container=c1)
    if model_name == SESSION:
        model_name = looksee.session_key(record["weights"])
    res = ui.choice("act_res", t("act.ctl.res"), RESOLUTIONS, "full", format_func=named("act.res"),
                    help=t("act.help.res"), container=c2, kind="segmented")
    if source == "canvas":
        image, source_key = canvas_input(col)
    elif source == "drawing":
        d1, d2, d3, d4 = st.columns([1.3, 1, 1, 0.5], vertical_alignment="bottom")
        shape = ui.choice("act_shape", t("act.ctl.shape"), SHAPES, "triangle",
                          format_func=class_name, container=d1, kind="segmented")
        size = ui.slider("act_size", t("act.ctl.size"), 30, 90, 60, container=d2)
        rotation = ui.slider("act_rot", t("act.ctl.rotation"), 0, 359, 0, container=d3)
        filled = ui.flag("act_fill", t("act.ctl.filled"), False, container=d4)
        image = drawing_image(shape, size, rotation, filled)
        source_key = looksee.drawing_key(shape, size, rotation, filled)
    else:
        picked = ui.current_image()
        st.info(t("act.photo_note"), icon=":material/info:")
        image, source_key = picked.image, picked.key
    return model_name, image, source_key, res, source


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
    return image, looksee.canvas_key(data)


# --- the prediction --------------------------------------------------------------------------------

def prediction(acts: first.Prediction, image: Image.Image, source: str, model_name: str,
               columns, source_key: str) -> None:
    """What was done to the input (notes), the input, what the model sees and what it says."""
    for sentence, quiet in looksee.visible_notes(acts.notes, source, image.size, ui.translator()):
        if quiet:  # ordinary for photos: a quiet caption
            st.caption(sentence)
        else:
            st.info(sentence, icon=":material/photo_size_select_large:")
    c1, c2, c3 = columns
    w, h = image.size
    with c1:
        if source != "canvas":
            label = ui.current_image().label if source == "photo" else ""
            st.markdown(t("act.pred.input", w=w, h=h) if source == "drawing"
                        else t("act.pred.input_photo", label=label, w=w, h=h))
            shown = looksee.shown_input(image, 280)  # a small input enlarged, else the preview
            st.image(shown if isinstance(shown, bytes) else preview(source_key, image),
                     width=PREVIEW_SIDE)
    with c2:
        st.markdown(t("act.pred.sees"))
        st.image(acts.seen_png, width="stretch", output_format="PNG")
    with c3:
        st.metric(t("look.metric"), class_name(acts.top), help=t("look.metric.help"))
        st.markdown(t("act.pred.chart"))
        st.html(first.probability_bars(acts, ui.translator()))  # plain bars: no Plotly bundle
        st.markdown(looksee.says_sentence(acts, ui.translator()))
        if model_name.endswith("_untrained"):
            st.caption(t("act.pred.untrained"))


def sample_gallery(model_name: str, expanded: bool) -> None:
    with st.expander(t("act.samples.title"), expanded=expanded):
        cols = st.columns(len(view.SAMPLE_STYLES))
        for col, (truth, pixels, probs) in zip(cols, samples(model_name), strict=True):
            col.image(pixels, width=112, output_format="PNG")
            col.markdown(view.sample_caption(truth, probs, ui.translator()))


@ui.section
def where_it_looked(source_key: str, model_name: str, image: Image.Image, top: str) -> None:
    """Grad-CAM and occlusion for the trained model and its twin, side by side."""
    st.header(t("look.where.title"))
    st.markdown(t("look.where.how", w=6))
    layers = looksee.grad_cam_layers(model_of(model_name))
    c1, c2 = st.columns(2)
    target = ui.choice("look_cls", t("look.ctl.class"), ["auto", *SHAPES], "auto", container=c1,
                       format_func=lambda c: t("look.class.auto", label=class_name(top))
                       if c == "auto" else class_name(c), kind="segmented")
    layer = ui.choice("look_layer", t("look.ctl.layer"), layers, layers[-1],
                      help=t("look.help.layer"), container=c2)
    target = top if target == "auto" else target
    pair = looksee.compared(model_name, ui.session_model())
    found = look_pictures(source_key, pair, SHAPES.index(target), layer, image)
    for col, key in zip(st.columns(2, gap="large"), pair, strict=False):
        a = found[key]
        with col:
            st.markdown(looksee.model_sentence(key, target, a.probability, ui.translator()))
            g, o = st.columns(2)
            grad_cam, occlusion = looksee.look_sentences(a, layer, ui.translator())
            g.image(a.grad_cam_png, width="stretch", output_format="PNG")
            for sentence in grad_cam:
                g.caption(sentence)
            o.image(a.occlusion_png, width="stretch", output_format="PNG")
            o.caption(occlusion)
    st.info(t("look.where.sanity" if len(pair) == 2 else "look.where.no_twin"),
            icon=":material/science:")


# --- the layer maps and one channel up close -------------------------------------------------------

def on_tile(layer: str, count: int, h: int, w: int, max_side: int) -> None:
    """A click on a layer's picture of ``count`` maps: open the channel (and unit) under it."""
    xy = ui.clicked(f"tp_{layer}")
    hit = channels.pick_tile(count, h, w, max_side, *xy) if xy else None
    if hit is not None:
        st.session_state.update({"act_layer": layer, "_value_act_layer": layer, "act_ch": hit[0],
                                 "look_row": hit[1], "look_col": hit[2]})


def layer_tile(keys: tuple[str, str, str], record: view.LayerMaps, mode: str, cmap: str,
               vmin: float, vmax: float, max_side: int, opened_ch: int | None) -> None:
    """One layer's clickable picture and numbers; ``opened_ch``: the opened channel, or None."""
    png = layer_png(*keys, record.name, mode, cmap, vmin, vmax, max_side, record.maps)
    c, h, w = record.shape
    label, numbers = looksee.layer_sentences(record, ui.translator())
    mark = channels.selected_box(c, h, w, max_side, opened_ch) if opened_ch is not None else None
    ui.tile_picker(looksee.data_uri(png), t("look.maps.alt", name=record.name, channels=c), mark,
                   f"tp_{record.name}", partial(on_tile, record.name, c, h, w, max_side),
                   label=label, caption=numbers)


@ui.section
def maps_view(source_key: str, model_name: str, res: str, image: Image.Image) -> None:
    """Display options, the layer grids, one channel up close: redrawn from cached activations."""
    acts = get_activations(source_key, model_name, res, image)
    (c1, c2), (c3, c4, _) = st.columns(2), st.columns(3)  # two rows: no choice cut off at 1280 px
    show = ui.choice("act_show", t("act.ctl.show"), SHOW, "all", format_func=named("act.show"),
                     container=c1, kind="segmented")
    mode = ui.choice("act_range", t("act.ctl.range"), RANGES, "channel",
                     format_func=named("act.range"), help=t("act.help.range"), container=c2,
                     kind="segmented")
    cmap = ui.choice("act_cmap", t("act.ctl.cmap"), list(pictures.CMAPS), "viridis",
                     format_func=named("act.cmap"), help=t("act.help.cmap"), container=c3)
    per_row = ui.slider("act_cols", t("act.ctl.cols"), 1, 5, 3, help=t("act.help.cols"),
                        container=c4)
    st.markdown(t("look.maps.click"))
    names = [r.name for r in acts.layers]
    opened_layer = st.session_state.get("_value_act_layer", names[0])
    opened_ch = int(st.session_state.get("act_ch", 0) or 0)
    shown = [r for r in acts.layers if show == "all" or r.group == show]
    max_side = looksee.map_side(per_row)
    for start in range(0, len(shown), per_row):
        cols = st.columns(per_row, gap="medium")
        for col, record in zip(cols, shown[start:start + per_row], strict=False):
            with col:
                layer_tile((source_key, model_name, res), record, mode, cmap,
                           *acts.color_range(record, mode), max_side,
                           opened_ch if record.name == opened_layer else None)
    channel_detail(acts, source_key, model_name, res, mode, cmap)


def channel_detail(acts: view.Activations, source_key: str, model_name: str, res: str,
                   mode: str, cmap: str) -> None:
    """The opened channel: its map, the unit's receptive field, its kernels, its favourite drawings."""
    st.header(t("act.detail.title"))
    d1, d2 = st.columns([1, 2])
    names = [r.name for r in acts.layers]
    layer_name = ui.choice("act_layer", t("act.ctl.layer"), names, names[0], container=d1)
    record = acts.layer(layer_name)
    channel = ui.bounded_slider("act_ch", t("act.ctl.channel", last=record.channels - 1),
                                record.channels - 1, 0, d2)
    hh, ww = record.maps[channel].shape
    left, right = st.columns([1.4, 1], gap="large")
    with right:
        u1, u2 = st.columns(2)
        row = ui.bounded_slider("look_row", t("look.ctl.row"), hh - 1, hh // 2, u1)
        col = ui.bounded_slider("look_col", t("look.ctl.col"), ww - 1, ww // 2, u2)
        o = opened(model_name, source_key, res, layer_name, channel, (row, col), acts.input_maps)
        st.markdown("#### " + t("look.rf.title", h=o.rf_size[0], w=o.rf_size[1]))
        st.image(o.rf_png, width=300, output_format="PNG")
        for sentence in looksee.field_sentences(o, layer_name, ui.translator()):
            st.caption(sentence)
    with left:
        st.markdown(t("look.detail.opened", name=layer_name, channel=channel, row=row, col=col))
        v = first.channel_closeup(acts, record, channel, mode, cmap, ui.translator(), (row, col))
        st.markdown("#### " + v.heading)
        st.image(v.png, output_format="PNG")
        st.caption(v.scale)
        for column, (label, value) in zip(st.columns(3), v.numbers, strict=True):
            column.metric(label, value)
        if v.dead:
            st.warning(t("act.detail.dead"), icon=":material/dark_mode:")
    channel_sources(model_name, record, layer_name, channel, o)


def channel_sources(model_name: str, record: view.LayerMaps, layer_name: str, channel: int,
                    o: looksee.OpenedChannel) -> None:
    """The opened channel's kernels and the 9 generated drawings that make it fire most."""
    k1, k2 = st.columns([1, 1.4], gap="large")
    with k1:
        st.markdown("#### " + t("look.kernels.title"))
        st.image(o.kernels_png, width=300, output_format="PNG")
        for sentence in looksee.kernel_sentences(o, channel, ui.translator()):
            st.caption(sentence)
    with k2:
        st.markdown("#### " + t("look.top.title", channel=channel, layer=layer_name))
        n = ui.num(looksee.DATASET_SIZE)
        st.caption(t("look.top.how", n=n))
        picture, responses, classes = top_drawings(model_name, layer_name, channel)
        if looksee.is_silent(responses, record.group):
            st.info(t("look.top.dead", n=n), icon=":material/dark_mode:")
        else:
            st.image(picture, width=300, output_format="PNG")
            st.caption(looksee.top_sentence(responses, classes, ui.translator()))


# --- the filters and the summary -----------------------------------------------------------------

def filters_section(model_name: str) -> None:
    st.header(t("act.filters.title"))
    separable = first_filters(model_name).separable
    st.write(t("act.filters.how_separable" if separable else "act.filters.how"))
    pair = looksee.compared(model_name, ui.session_model())
    for col, name in zip(st.columns(2, gap="large"), pair, strict=False):
        filters = first_filters(name)
        with col:
            st.markdown(t("act.filters.caption", model=model_label(name), count=filters.count,
                          kh=filters.size[0], kw=filters.size[1]))
            st.image(filters.png, width=360, output_format="PNG")
    accuracy = looksee.trained_accuracy(model_name)
    if accuracy is not None:
        change = training_change(model_name.removesuffix("_untrained"))
        said, caption = filter_change.change_sentences(change, accuracy, ui.translator())
        st.info(said, icon=":material/compare_arrows:")
        st.image(change.png, caption=caption, output_format="PNG")


def summary_section(model_name: str) -> None:
    st.header(t("act.summary.title"))
    st.write(t("act.summary.how"))
    rows, params, madds = looksee.summary(layer_rows(model_name), ui.translator())  # formatting only
    c2, c3, c4 = st.columns([1, 1.3, 2], vertical_alignment="center")
    c2.metric(t("act.summary.params"), ui.num(params))
    c3.metric(t("act.summary.madds"), ui.num(madds))
    c4.caption(looksee.accuracy_sentence(model_name, ui.translator(), ui.session_model()))
    st.markdown(closeup.markdown_table(rows, list(rows[0])[3:], scroll=True), unsafe_allow_html=True)


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
    try:  # progressive: the prediction first (28×28), then every layer, then where it looked
        pred = get_prediction(source_key, model_name, res, image)
        prediction(pred, image, source, model_name, columns, source_key)
        sample_gallery(model_name, expanded=source == "drawing")
        where = st.container()
        acts = get_activations(source_key, model_name, res, image)
    except (ValueError, RuntimeError):
        st.error(t("act.compute_error"), icon=":material/error:")
        return
    st.header(t("act.maps.title"))
    for sentence in looksee.maps_sentences(acts, res, ui.translator()):
        st.write(sentence)
    maps_view(source_key, model_name, res, image)
    with where:
        where_it_looked(source_key, model_name, image, acts.top)
    filters_section(model_name)
    summary_section(model_name)


main()
