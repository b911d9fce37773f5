"""Pooling lesson: max, average, Lp and min pooling side by side, on numbers and on a photo;
tolerance to small shifts; pooling versus a strided convolution; global and adaptive pooling.

A thin view: widgets -> plain values -> cnnviz (numbers, arrays, figures) -> st.* calls.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from cnnviz import i18n, ui
from cnnviz.functional import POOL_KINDS
from cnnviz.geometry import GeometryError, pool_output_size
from cnnviz.images import fit, to_array
from cnnviz.lessons import pooling as po
from cnnviz.lessons import pooling_compare as pool_compare
from cnnviz.render import files, pictures, raster, shift_chart, stage, stage_ahead
from cnnviz.render import pooling as pool_pictures

# Longest side of the photo the lesson pools (small, so pooled pixels stay visible).
PHOTO_SIDE = 128
SLIDER_BOUNDS = {"pool_k": (1, 6), "pool_s": (1, 6), "pool_p": (0, 3), "pool_n": (2, 10),
                 "pool_lpp": (1, 6), "pool_seed": (0, 20)}  # the settings' sliders: key -> range
# The typical layer of the pooling-versus-convolution comparison (a ResNet stage).
LAYER_CHANNELS, LAYER_SIZE = 64, 56

TABLE_CSS = ("<style>.st-key-pool_vs_table table { display: block; max-width: 100%; overflow-x: auto; }"
             " .st-key-pool_vs_table code { white-space: normal; }</style>")

t = ui.t


# --- cached computations (keyed on primitives; the image by its key) ---------------------------

@st.cache_data(max_entries=8, show_spinner=False)
def photo_array(image_key: str, _image):
    """The shared photo reduced to PHOTO_SIDE, as a (3, H, W) float array in [0, 1]."""
    return to_array(fit(_image, PHOTO_SIDE))


@st.cache_data(max_entries=32, show_spinner=False)
def pooled_photo(image_key: str, _image, kinds: tuple[str, ...], k: int, stride: int | None,
                 pad: int, ceil: bool, cip: bool, p: int):
    outputs = po.pool_photo(photo_array(image_key, _image), kinds, k, stride, pad, ceil, cip, p)
    arrays = {kind: out for kind, out in outputs.items() if not isinstance(out, GeometryError)}
    errors = [out for out in outputs.values() if isinstance(out, GeometryError)]
    return arrays, errors


# cache_resource, not cache_data: the pictures would be unpickled on every rerun; never mutated.
@st.cache_resource(max_entries=16, show_spinner=False)
def photo_view(image_key: str, _image, kinds: tuple[str, ...], k: int, stride: int | None,
               pad: int, ceil: bool, cip: bool, p: int, lang: str) -> dict:
    """Everything the photo section shows, drawn and encoded once per setting and language
    (st.image encoded the pictures on every rerun, as JPEG at quality 100): the labelled panels,
    their PNG bytes (lossless, and a fifth of those JPEG bytes for these blocky pictures) and
    widths, the kinds torch refused, and the comparison of two pooled photos (or ``None``)."""
    tr = i18n.translator(lang)
    image = photo_array(image_key, _image)
    arrays, errors = pooled_photo(image_key, _image, kinds, k, stride, pad, ceil, cip, p)
    # drawn larger than shown, so the browser shrinks the blocks rather than blurring them
    factor = pictures.display_factor(image.shape[2], target=768)
    panels = pictures.labelled(po.photo_panels(image, arrays, k, p, tr), factor)
    return {"errors": errors, "factor": factor, "panels": panels,
            "pngs": [files.png(pic) for _, pic in panels],
            "widths": [pic.width for _, pic in panels], "cmp": comparison(arrays, p, factor, tr)}


def comparison(arrays: dict, p: int, factor: int, tr) -> dict | None:
    """The max-vs-average comparison's texts and pictures (PNG bytes), for :func:`differences`."""
    cmp = pool_compare.compare(arrays)
    if cmp is None:
        return None
    names = [po.kind_name(tr, kind, p) for kind in cmp.kinds]
    a, b = (name[0].lower() + name[1:] for name in names)  # inside a sentence: "max pooling"
    _, _, bh, bw = cmp.box
    zoom = pool_compare.zoom(max(bh, bw))
    crops = [pictures.to_picture(crop, 0.0, 1.0, zoom) for crop in cmp.crops]
    diff_pic = pool_pictures.difference_picture(cmp.diff, cmp.box, factor)
    return {
        "title": tr("pooling.cmp.title", a=a, b=b),
        "widths": [bw * zoom, bw * zoom, round(1.3 * bw * zoom)],
        "pngs": [files.png(pic) for pic in (*crops, diff_pic)],
        "captions": [*(tr("pooling.cmp.crop", name=name, h=bh, w=bw, zoom=zoom) for name in names),
                     tr("pooling.cmp.map", a=a, b=b)],
        "numbers": tr("pooling.cmp.numbers", a=names[0], b=b, mean=tr.num(cmp.mean_levels, 1),
                      max=tr.num(cmp.max_levels, 1), box=tr.num(cmp.box_levels, 1)),
    }


# cache_resource, not cache_data: the payload would be unpickled on every rerun; it is never
# mutated.
@st.cache_resource(max_entries=128, show_spinner=False)
def demo_stage(n: int, seed: int, kinds: tuple[str, ...], k: int, stride: int | None, pad: int,
               ceil: bool, cip: bool, p: int, lang: str):
    """The stage payload of the window animation (opens on the first window), or why torch
    refuses the setting."""
    tr = i18n.translator(lang)
    try:
        demo = po.pool_demo(po.demo_grid(n, seed), kinds, k, stride, pad, ceil, cip, p, tr)
    except GeometryError as exc:
        return None, exc, []
    payload = stage.payload(demo.animation, tr) if demo.outputs else None
    return payload, None, list(demo.skipped.values())


def window_gif(n: int, seed: int, kinds: tuple[str, ...], k: int, stride: int | None, pad: int,
               ceil: bool, cip: bool, p: int, lang: str) -> bytes:
    """GIF of the window animation; run only when the download is clicked (no Streamlit call)."""
    tr = i18n.translator(lang)
    demo = po.pool_demo(po.demo_grid(n, seed), kinds, k, stride, pad, ceil, cip, p, tr)
    return raster.gif(demo.animation, lang)


@st.cache_data(max_entries=16, show_spinner=False)
def shift_curves(image_key: str, _image, kinds: tuple[str, ...], k: int, stride: int | None,
                 pad: int, ceil: bool, cip: bool, p: int, max_shift: int) -> dict[str, list[float]]:
    return po.shift_curves(photo_array(image_key, _image), kinds, k, stride, pad, ceil, cip, p,
                           max_shift)


@st.cache_data(max_entries=16, show_spinner=False)
def conv_check(image_key: str, _image, k: int, stride: int | None, pad: int, ceil: bool,
               cip: bool) -> tuple[tuple[int, int], tuple[int, int], float]:
    return po.avg_pool_as_conv(photo_array(image_key, _image), k, stride, pad, ceil, cip)


@st.cache_data(max_entries=16, show_spinner=False)
def layers(k: int, stride: int | None, pad: int, ceil: bool) -> list[po.DownsamplingLayer]:
    return po.downsampling_layers(LAYER_CHANNELS, LAYER_SIZE, k, stride, pad, ceil)


@st.cache_data(max_entries=16, show_spinner=False)
def adaptive(image_key: str, _image, size: int):
    return po.adaptive_photo(photo_array(image_key, _image), size)


@st.cache_data(max_entries=16, show_spinner=False)
def global_colors(image_key: str, _image) -> dict:
    return po.global_colors(photo_array(image_key, _image))


def layers_table(rows: list[po.DownsamplingLayer], tr) -> str:
    """The layers as a Markdown table (texts from the table and torch's module reprs, as code;
    a ``|`` would end a cell, so none is left unescaped)."""
    def line(cells) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    head = [tr(f"pooling.vs.{col}") for col in ("method", "module", "out", "params")]
    body = [line([tr(f"pooling.vs.row.{row.name}"), f"`{row.module}`",
                  "×".join(str(d) for d in row.out_shape), tr.num(row.params)]) for row in rows]
    return "\n".join([line(head), line(["---", "---", "---", "---:"]), *body])


# --- the sections ------------------------------------------------------------------------------

def settings_panel(picked: ui.PickedImage, lecture: bool) -> dict:
    """The shared settings, beside the window animation (its column comes back as ``stage``):
    the main ones in a compact column (lecture mode: one row above a full-width stage), the
    secondary ones at its foot (lecture mode: hidden, their URL values kept). Checked once on the
    photo: one sentence instead of one per section. ``ready`` says whether the sections can
    run."""
    if lecture:
        slots = list(st.columns(5, gap="small"))
        stage_col, foot = st.container(), None
    else:
        stage_col, control_col = st.columns([3.4, 1], gap="medium")
        slots, foot = [control_col.container()] * 5, control_col.container()
    k = ui.slider("pool_k", t("pooling.size"), *SLIDER_BOUNDS["pool_k"], 2, help=t("pooling.size_help"),
                  container=slots[0])
    with slots[1]:
        auto_stride = ui.flag("pool_sauto", t("pooling.stride_auto"), True,
                              help=t("pooling.stride_auto_help"))
        stride = None if auto_stride else ui.slider("pool_s", t("pooling.stride"),
                                                    *SLIDER_BOUNDS["pool_s"], 2)
    pad = ui.slider("pool_p", t("pooling.padding"), *SLIDER_BOUNDS["pool_p"], 0,
                    help=t("pooling.padding_help"), container=slots[2])
    n = ui.slider("pool_n", t("pooling.num.size"), *SLIDER_BOUNDS["pool_n"], 6, container=slots[3])
    with slots[4]:
        chosen = {"max": ui.flag("pool_max", po.kind_name(t, "max"), True),
                  "avg": ui.flag("pool_avg", po.kind_name(t, "avg"), True)}
    if foot is None:
        chosen["lp"], chosen["min"] = ui.url_flag("pool_lp"), ui.url_flag("pool_min")
        norm = ui.url_int("pool_lpp", *SLIDER_BOUNDS["pool_lpp"], 2)
        ceil, cip = ui.url_flag("pool_ceil"), ui.url_flag("pool_cip", True)
        seed = ui.url_int("pool_seed", *SLIDER_BOUNDS["pool_seed"], 0)
    else:
        with foot:
            chosen["lp"] = ui.flag("pool_lp", t("pooling.kind_lp_check"), False)
            chosen["min"] = ui.flag("pool_min", po.kind_name(t, "min"), False)
            norm = ui.slider("pool_lpp", t("pooling.norm"), *SLIDER_BOUNDS["pool_lpp"], 2,
                             help=t("pooling.norm_help"), disabled=not chosen["lp"])
            ceil = ui.flag("pool_ceil", t("pooling.ceil"), False, help=t("pooling.ceil_help"))
            cip = ui.flag("pool_cip", t("pooling.cip"), True, help=t("pooling.cip_help"))
            seed = ui.slider("pool_seed", t("pooling.num.seed"), *SLIDER_BOUNDS["pool_seed"], 0)
    kinds = tuple(kind for kind in POOL_KINDS if chosen[kind])
    image = photo_array(picked.key, picked.image)
    settings_error, shape_line = None, None
    with stage_col:
        try:
            out_h, out_w = pool_output_size(image.shape[1:], k, stride, pad, ceil)
        except GeometryError as exc:
            settings_error = exc
            st.error(ui.explain(exc, "pooling"), icon=":material/error:")
        else:
            shape_line = t("pooling.shape", oh=out_h, ow=out_w, h=image.shape[1], w=image.shape[2])
        if not kinds:
            st.info(t("pooling.no_kind"), icon=":material/check_box:")
    return {"kinds": kinds, "k": k, "stride": stride, "pad": pad, "ceil": ceil, "cip": cip,
            "norm": norm, "step": po.effective_stride(k, stride), "valid": settings_error is None,
            "ready": settings_error is None and bool(kinds), "picked": picked, "image": image,
            "n": n, "seed": seed, "stage": stage_col, "lecture": lecture, "shape_line": shape_line}


def pool_args(s: dict) -> tuple:
    """The settings every pooling computation takes, in order."""
    return s["kinds"], s["k"], s["stride"], s["pad"], s["ceil"], s["cip"], s["norm"]


def waiting(s: dict) -> None:
    """What an empty section says while the settings are impossible or no kind is ticked."""
    st.caption(t("pooling.no_kind") if s["valid"] else t("pooling.waiting"))


def stage_ahead_of(s: dict) -> dict:
    """The window animation's payloads one step of each of its sliders away
    (:mod:`cnnviz.render.stage_ahead`): drawn in the browser at once when that slider moves."""
    names = {"pool_k": "k", "pool_p": "pad", "pool_n": "n"}
    if s["stride"] is not None:
        names["pool_s"] = "stride"
    if not s["lecture"] and "lp" in s["kinds"]:  # hidden in lecture mode; not the seed's
        names["pool_lpp"] = "norm"
    values = {key: s[name] for key, name in names.items()}
    lang = ui.lang()

    def build(new: dict[str, int]) -> dict | None:
        c = {**s, **{name: new[key] for key, name in names.items()}}
        return demo_stage(c["n"], c["seed"], *pool_args(c), lang)[0]

    return stage_ahead.ahead(build, values, {key: SLIDER_BOUNDS[key] for key in names})


@ui.section(fragment=False, errors="pooling")
def numbers_demo(s: dict) -> None:
    """The window animation on a small grid of numbers (the stage), in the settings' column."""
    with s["stage"]:
        if not s["ready"]:
            waiting(s)
            return
        n, seed, lecture = s["n"], s["seed"], s["lecture"]
        payload, error, skipped = demo_stage(n, seed, *pool_args(s), ui.lang())
        if error is not None:
            st.error(ui.explain(error, "pooling"), icon=":material/error:")
            return
        for exc in skipped:
            st.warning(ui.explain(exc, "pooling"), icon=":material/info:")
        if payload is None:
            return
        ui.stage(payload, key="pool_stage", lecture=lecture, ahead=stage_ahead_of(s))
        # one caption element, a paragraph per note (each element costs the browser a render)
        notes = [t("pooling.num.explain") if not lecture else None,
                 t("pooling.num.pad_note") if s["pad"] or s["ceil"] else None, s["shape_line"]]
        if any(notes):
            st.caption("\n\n".join(note for note in notes if note))
        if lecture:
            return
        # downloads are drawn only when clicked (deferred data), without rerunning the page
        st.download_button(t("word.download_gif"),
                           partial(window_gif, n, seed, *pool_args(s), ui.lang()),
                           file_name="pooling-window.gif", mime="image/gif",
                           icon=":material/download:", on_click="ignore")


@ui.section(fragment=False, errors="pooling")
def photo_section(s: dict) -> None:
    st.header(t("pooling.photo.header"))
    if not s["ready"]:
        waiting(s)
        return
    picked, image = s["picked"], s["image"]
    view = photo_view(picked.key, picked.image, *pool_args(s), ui.lang())
    for exc in view["errors"]:
        st.warning(ui.explain(exc, "pooling"), icon=":material/info:")
    st.caption(t("pooling.photo.note", w=image.shape[2], h=image.shape[1]))
    # one row also on a phone, the columns exactly as wide as the pictures: one pixel scale
    # one style element for both rows of pictures (each element costs the browser a render)
    st.html(pictures.same_scale_css("same_scale_pool", view["widths"]) + (pictures.same_scale_css(
        "same_scale_crops", view["cmp"]["widths"]) if view["cmp"] else ""))
    columns = st.container(key="same_scale_pool").columns(view["widths"], gap="small")
    for column, (label, _), data in zip(columns, view["panels"], view["pngs"], strict=True):
        column.markdown(f"**{label}**")
        column.image(data, width="stretch", output_format="PNG")  # sent as they are
    differences(view["cmp"])
    d_png = d_gif = st.container(horizontal=True, gap="medium")  # one block, not three columns
    d_png.download_button(t("word.download_png"), partial(pictures.comparison_png, view["panels"]),
                          file_name="pooling.png", mime="image/png", icon=":material/download:",
                          on_click="ignore")
    frames = partial(po.shift_frames, image, *pool_args(s), s["k"], ui.translator())
    factor = view["factor"]
    d_gif.download_button(t("pooling.photo.gif"), lambda: pictures.comparison_gif(frames(), factor),
                          file_name="pooling-shift.gif", mime="image/gif", icon=":material/download:",
                          on_click="ignore")


def differences(cmp: dict | None) -> None:
    """Two pooled photos look alike at display size: the window where they differ most, both
    cropped and enlarged at one scale, beside the difference map, with the measured numbers."""
    if cmp is None:
        return
    st.markdown(f"**{cmp['title']}**")
    columns = st.container(key="same_scale_crops").columns(cmp["widths"], gap="small")
    for column, data, caption in zip(columns, cmp["pngs"], cmp["captions"], strict=True):
        column.image(data, width="stretch", caption=caption, output_format="PNG")
    st.write(cmp["numbers"])


@ui.section(fragment=False, errors="pooling")
def shift_section(s: dict) -> None:
    st.header(t("pooling.shift.header"))
    if not s["ready"]:
        waiting(s)
        return
    max_shift, step = s["k"], s["step"]
    st.write(t("pooling.shift.intro", k=max_shift, s=step))
    curves = shift_curves(s["picked"].key, s["picked"].image, *pool_args(s), max_shift)
    chart, verdict = st.columns([2.2, 1], gap="large")
    names = po.curve_names(curves, step, s["norm"], ui.translator())
    # an SVG drawn in Python: no Plotly bundle on this page (4.7 MB of JavaScript)
    chart.image(shift_chart.shift_svg(curves, names, ui.translator()), width="stretch")
    verdict.markdown("#### " + t("pooling.shift.verdict", ranking=" < ".join(
        t("pooling.shift.item", name=names[kind], value=ui.num(value, 1))
        for value, kind in po.shift_ranking(curves))))
    if step <= max_shift:
        verdict.caption(t("pooling.shift.period", s=step))


@ui.section(fragment=False, errors="pooling")
def versus_section(s: dict) -> None:
    st.header(t("pooling.vs.header"))
    if not s["valid"]:
        waiting(s)
        return
    k, stride, pad, ceil, cip, step = s["k"], s["stride"], s["pad"], s["ceil"], s["cip"], s["step"]
    rows = layers(k, stride, pad, ceil)
    st.write(t("pooling.vs.intro", s=step, c=LAYER_CHANNELS, h=LAYER_SIZE, w=LAYER_SIZE))
    # a Markdown table: st.table's pandas/Arrow conversion was a fifth of a slider's rerun. On a
    # phone the module reprs wrap at their spaces and the table scrolls inside itself.
    st.container(key="pool_vs_table").markdown(layers_table(rows, ui.translator()))
    st.success(t("pooling.vs.zero"), icon=":material/check_circle:")
    pool_hw, conv_hw, diff = conv_check(s["picked"].key, s["picked"].image, k, stride, pad, ceil, cip)
    if diff >= 1e-5:
        st.write(t("pooling.vs.not_equal", diff=ui.num(diff, 3)))
    elif pool_hw != conv_hw:
        st.write(t("pooling.vs.ceil", ph=pool_hw[0], pw=pool_hw[1], ch=conv_hw[0], cw=conv_hw[1]))
    elif diff:
        st.write(t("pooling.vs.equal", s=step, k=k, kk=k * k, diff=ui.num(diff, 7)))
    else:  # not "differ by at most 0"
        st.write(t("pooling.vs.identical", s=step, k=k, kk=k * k))


@ui.section
def adaptive_demo(picked: ui.PickedImage) -> None:
    st.header(t("pooling.adapt.header"))
    st.write(t("pooling.adapt.intro"))
    c_size, c_avg, c_max, c_global = st.columns([1, 1, 1, 1], gap="large")
    size = ui.slider("pool_ao", t("pooling.adapt.size"), 1, 12, 4, container=c_size)
    maps = adaptive(picked.key, picked.image, size)
    show = max(1, 192 // size)
    c_avg.markdown(f"**{t('pooling.adapt.avg', h=size, w=size)}**")
    c_avg.image(pictures.to_picture(maps["avg"], factor=show), width="content")
    c_max.markdown(f"**{t('pooling.adapt.max', h=size, w=size)}**")
    c_max.image(pictures.to_picture(maps["max"], factor=show), width="content")
    colors = global_colors(picked.key, picked.image)
    for name, kind in (("pooling.adapt.swatch_avg", "avg"), ("pooling.adapt.swatch_max", "max")):
        c_global.markdown(f"**{t(name)}**")
        c_global.image(pictures.swatch(colors[kind]), width="content")
    c_size.write(t("pooling.adapt.global", avg=", ".join(ui.num(v) for v in colors["avg"]),
                   max=", ".join(ui.num(v) for v in colors["max"])))


# --- the page ------------------------------------------------------------------------------------

@ui.section(errors="pooling")
def lesson(picked: ui.PickedImage, lecture: bool) -> None:
    """The settings and the four sections that read them, as one fragment: moving a setting
    reruns these only, not the frame (sidebar, navigation, language) nor the adaptive section,
    which read none of them. The photo and the lecture mode change only on a full rerun."""
    settings = settings_panel(picked, lecture)
    numbers_demo(settings)
    for section in (photo_section, shift_section, versus_section):
        section(settings)


def main() -> None:
    ui.require_frame()
    head = st.columns([3, 1], vertical_alignment="center")
    lecture = ui.lecture_toggle(head[1])
    head[0].title(t("pooling.title"))
    if not lecture:
        st.write(t("pooling.intro"))
    picked = ui.current_image()
    st.html(TABLE_CSS)  # static: once per full run, outside the settings' fragment
    lesson(picked, lecture)
    adaptive_demo(picked)


main()
