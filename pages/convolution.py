"""Convolution lesson: a kernel sliding over a small grid of numbers (stride, padding, padding
modes, dilation), the output-size formula with numbers, the transposed convolution in stages,
and the same settings applied to a photo.

A thin view: widgets -> plain values -> :mod:`cnnviz.lessons.convolution` -> :mod:`cnnviz.render`
(the stage) -> st.* calls. Every control lives in the URL, so a lecturer can bookmark a slide's exact setting.
"""

from __future__ import annotations

import streamlit as st
from PIL import Image

from cnnviz import i18n, kernels, ui
from cnnviz.geometry import GeometryError
from cnnviz.kernels import KernelParseError
from cnnviz.lessons import convolution as conv_fig
from cnnviz.render import files, raster, stage, stage_ahead
from cnnviz.render.pictures import enlarge, to_picture

t = ui.t
PHOTO_SIDE = 256
MAX_SIZE = 32
PADDINGS = ("valid", "same", "full", "custom")
MODES = ("zeros", "reflect", "replicate", "circular")
VIEWS = ("conv", "transposed")
CUSTOM_KERNEL = "custom"
# each view's sliders: URL key -> (position in the demo's arguments, lowest, highest)
CONV_SLIDERS = {"n": (0, 3, MAX_SIZE), "k": (1, 1, 7), "s": (2, 1, 4), "d": (3, 1, 4), "p": (4, 0, 4)}
TR_SLIDERS = {"tn": (0, 2, 6), "k": (1, 1, 5), "s": (2, 1, 4), "d": (3, 1, 3), "tp": (4, 0, 4),
              "top": (5, 0, 3)}
SEED = (0, 9)  # the seed slider's range
DEFAULT_CUSTOM = "1 0 -1; 2 0 -2; 1 0 -1"


def kernel_label(name: str) -> str:
    """A classic kernel's name (shared table), or "My own kernel…"."""
    return t("conv.kname.custom") if name == CUSTOM_KERNEL else t(f"kernel.{name}")


# --- cached computations (keyed on primitives; figures, arrays and bytes out) ---------------

@st.cache_data(max_entries=64, show_spinner=False)
def conv_demo(n: tuple[int, int], k: tuple[int, int], s: tuple[int, int], d: tuple[int, int],
              padding: str | tuple[int, int], mode: str, seed: int, lang: str) -> conv_fig.ConvDemo:
    x, w = conv_fig.demo_values(n, k, seed)
    return conv_fig.conv_demo(x, w, s, padding, d, mode, t=i18n.translator(lang))


@st.cache_data(max_entries=64, show_spinner=False)
def transposed_demo(n: tuple[int, int], k: tuple[int, int], s: tuple[int, int],
                    d: tuple[int, int], p: tuple[int, int], op: tuple[int, int], seed: int,
                    lang: str) -> conv_fig.TransposedDemo:
    x, w = conv_fig.demo_values(n, k, seed)
    return conv_fig.transposed_demo(x, w, s, p, op, d, t=i18n.translator(lang))


# cache_resource, not cache_data: the payload would be unpickled on every rerun; it is never
# mutated.
@st.cache_resource(max_entries=192, show_spinner=False)
def stage_payload(view: str, args: tuple, lang: str) -> dict:
    demo = conv_demo(*args, lang) if view == "conv" else transposed_demo(*args, lang)
    return stage.payload(demo.anim, i18n.translator(lang))


@st.cache_data(max_entries=16, show_spinner=False)
def animation_gif(view: str, args: tuple, lang: str) -> bytes:
    demo = conv_demo(*args, lang) if view == "conv" else transposed_demo(*args, lang)
    return raster.gif(demo.anim, lang)


@st.cache_data(max_entries=32, show_spinner=False)
def filtered_photo(image_key: str, _image: Image.Image, kernel: tuple[tuple[float, ...], ...],
                   s: tuple[int, int], padding: str | tuple[int, int], d: tuple[int, int], mode: str,
                   gray: bool) -> tuple[tuple[bytes, int], tuple[bytes, int], int, tuple, tuple]:
    """Input and output as (JPEG bytes, width) enlarged by one common scale, encoded once."""
    photo = conv_fig.filtered_photo(_image, kernel, s, padding, d, mode, gray, PHOTO_SIDE)
    shown_in, shown_out = to_picture(photo.input, 0.0, 1.0), to_picture(photo.output)
    scale = conv_fig.display_scale(shown_in.width)  # the same for both: a stride shows
    return ((files.jpeg(enlarge(shown_in, factor=scale)), shown_in.width * scale),
            (files.jpeg(enlarge(shown_out, factor=scale)), shown_out.width * scale), scale,
            photo.in_shape, photo.out_shape)


# --- small page helpers ------------------------------------------------------------------------

def pair_slider(key: str, name: str, lo: int, hi: int, default: int, rect: bool,
                container) -> tuple[int, int]:
    """One slider (square) or two (height, width) bound to ``key`` and ``key + 'w'``."""
    help_text = t(f"conv.help.{name}")
    if not rect:
        v = ui.slider(key, t(f"conv.ctl.{name}"), lo, hi, default, help=help_text, container=container)
        return v, v
    h = ui.slider(key, t(f"conv.ctl.{name}_h"), lo, hi, default, help=help_text, container=container)
    w = ui.slider(key + "w", t(f"conv.ctl.{name}_w"), lo, hi, default, help=help_text,
                  container=container)
    return h, w


def shape_text(shape: tuple[int, ...]) -> str:
    return " × ".join(str(v) for v in shape)


def show_formulas(formulas: tuple[conv_fig.AxisFormula, conv_fig.AxisFormula]) -> None:
    columns = st.columns(2, gap="large")
    for column, f in zip(columns, formulas, strict=True):
        with column:
            st.markdown(f"**{t('conv.formula.axis', axis=t(f'axis.{f.axis}'))}**")
            st.latex(r" \\ ".join(f.lines) if len(f.lines) == 1 else
                     r"\begin{aligned}" + r" \\ ".join("&" + line for line in f.lines)
                     + r"\end{aligned}")


def ahead(view: str, args: tuple, rect: bool, lang: str) -> dict:
    """The stage's payloads one step of each slider away (:mod:`cnnviz.render.stage_ahead`):
    drawn in the browser at once when that slider moves. A pair's sliders are ``key`` (height, or
    both when square) and ``key + 'w'``. Not the seed's (a secondary control): each payload sent
    ahead costs every rerun bytes, and a language switch or a first visit builds them."""
    sliders = dict(CONV_SLIDERS if view == "conv" else TR_SLIDERS)
    if view == "conv" and not isinstance(args[4], tuple):
        del sliders["p"]  # padding by name (valid, same, full): no amount slider
    values, bounds = {}, {}
    for key, (pos, lo, hi) in sliders.items():
        pair = args[pos] if isinstance(args[pos], tuple) else (args[pos],)
        for name, v in zip((key, key + "w") if rect and len(pair) == 2 else (key,), pair, strict=False):
            values[name], bounds[name] = v, (lo, hi)

    def build(new: dict[str, int]) -> dict:
        changed = list(args)
        for key, (pos, _, _) in sliders.items():
            if isinstance(args[pos], tuple):
                changed[pos] = (new[key], new[key + "w"] if rect else new[key])
            else:
                changed[pos] = new[key]
        return stage_payload(view, tuple(changed), lang)

    return stage_ahead.ahead(build, values, bounds)


def show_animation(view: str, args: tuple, demo, out_shape: tuple[int, int], lecture: bool,
                   rect: bool) -> None:
    lang = ui.lang()
    ui.stage(stage_payload(view, args, lang), key=f"stage_{view}", lecture=lecture,
             ahead=ahead(view, args, rect, lang))
    if lecture:  # a secondary control
        return
    name = "convolution" if view == "conv" else "transposed_convolution"
    st.download_button(t("word.download_gif"), data=lambda: animation_gif(view, args, lang),
                       file_name=f"{name}_{out_shape[0]}x{out_shape[1]}.gif", mime="image/gif",
                       icon=":material/download:", help=t("conv.gif_help"), key=f"gif_{view}")


# --- the two views -----------------------------------------------------------------------------

def control_slots(lecture: bool, count: int):
    """Where the controls go: ``(slots, stage column, foot)``. One compact column beside the
    stage (its foot, below the main controls, holds the secondary ones), or in lecture mode one
    row of ``count`` controls above a full-width stage."""
    if lecture:
        return list(st.columns(count, gap="small")), st.container(), None
    stage_col, control_col = st.columns([3.4, 1], gap="medium")
    main, foot = control_col.container(), control_col.container()
    return [main] * count, stage_col, foot


def seed_control(lecture: bool, container) -> int:
    if lecture or container is None:  # a secondary control: hidden, its URL value kept
        return ui.url_int("seed", *SEED, 0)
    return ui.slider("seed", t("conv.ctl.seed"), *SEED, 0, help=t("conv.help.seed"),
                     container=container)


def convolution_view(rect: bool, lecture: bool, slots: list, stage_col, foot) -> dict | None:
    """Controls, animation and formula of the ordinary convolution; returns the settings the
    photo section uses (or ``None`` when they are impossible)."""
    n = pair_slider("n", "size", *CONV_SLIDERS["n"][1:], 7, rect, slots[0])
    k = pair_slider("k", "kernel", *CONV_SLIDERS["k"][1:], 3, rect, slots[1])
    s = pair_slider("s", "stride", *CONV_SLIDERS["s"][1:], 1, rect, slots[2])
    d = pair_slider("d", "dilation", *CONV_SLIDERS["d"][1:], 1, rect, slots[3])
    padding_kind = ui.choice("pad", t("conv.ctl.padding"), PADDINGS, "valid",
                             format_func=lambda o: t(f"conv.pad.{o}"), container=slots[4],
                             help=t("conv.help.padding"))
    if padding_kind == "custom":
        padding = pair_slider("p", "pad_amount", *CONV_SLIDERS["p"][1:], 1, rect, slots[4])
    else:
        padding = padding_kind
        if not lecture:
            slots[4].caption(t(f"conv.pad_note.{padding_kind}"))
    mode = ui.choice("pmode", t("conv.ctl.pmode"), MODES, "zeros",
                     format_func=lambda o: t(f"conv.pmode.{o}"), container=slots[5],
                     help=t("conv.help.pmode"))
    seed = seed_control(lecture, foot)

    args = (n, k, s, d, padding, mode, seed)
    with stage_col:
        try:
            demo = conv_demo(*args, ui.lang())
            formulas = conv_fig.conv_formulas(n, k, s, padding, d, t=ui.translator())
        except GeometryError as exc:
            ui.show_error(exc)
            st.info(t("conv.fix_hint"), icon=":material/tune:")
            return None
        out_shape = demo.output.shape
        show_animation("conv", args, demo, out_shape, lecture, rect)
        st.markdown("#### " + t("conv.shape_line", n=shape_text(n), o=shape_text(out_shape)))
        positions, taps, total = conv_fig.cost_numbers(demo, k)
        st.caption(t("conv.cost_line", positions=ui.num(positions), taps=ui.num(taps),
                     total=ui.num(total)))
    st.subheader(t("conv.formula.title"))
    show_formulas(formulas)
    if padding_kind == "same":
        st.caption(t("conv.same_note"))
    return {"s": s, "d": d, "padding": padding, "mode": mode}


def transposed_view(rect: bool, lecture: bool, slots: list, stage_col, foot) -> None:
    n = pair_slider("tn", "size", *TR_SLIDERS["tn"][1:], 3, rect, slots[0])
    k = pair_slider("k", "kernel", *TR_SLIDERS["k"][1:], 3, rect, slots[1])
    s = pair_slider("s", "stride", *TR_SLIDERS["s"][1:], 2, rect, slots[2])
    d = pair_slider("d", "dilation", *TR_SLIDERS["d"][1:], 1, rect, slots[3])
    p = pair_slider("tp", "tr_padding", *TR_SLIDERS["tp"][1:], 0, rect, slots[4])
    op = pair_slider("top", "output_padding", *TR_SLIDERS["top"][1:], 0, rect, slots[5])
    seed = seed_control(lecture, foot)
    args = (n, k, s, d, p, op, seed)
    with stage_col:
        try:
            demo = transposed_demo(*args, ui.lang())
            formulas = conv_fig.transposed_formulas(n, k, s, p, op, d, t=ui.translator())
        except GeometryError as exc:
            ui.show_error(exc)
            st.info(t("conv.fix_hint"), icon=":material/tune:")
            return
        out_shape = demo.output.shape
        show_animation("transposed", args, demo, out_shape, lecture, rect)
        st.markdown("#### " + t("conv.shape_line", n=shape_text(n), o=shape_text(out_shape)))
        if demo.matches_torch:
            st.caption(t("conv.tr.checked"))
        else:  # never expected: say it rather than hide it
            st.warning(t("conv.tr.mismatch"))
        if not lecture:
            st.write(t("conv.tr.intro"))
    st.subheader(t("conv.formula.title"))
    show_formulas(formulas)


# --- the photo -----------------------------------------------------------------------------------

@ui.section
def photo_section(settings: dict) -> None:
    st.header(t("conv.photo.title"))
    st.write(t("conv.photo.intro"))
    picked = ui.current_image()
    c = st.columns([1.3, 1.7, 0.8], gap="medium")
    options = [*kernels.CLASSIC, CUSTOM_KERNEL]
    name = ui.choice("fk", t("conv.photo.kernel"), options, "sobel_x",
                     format_func=kernel_label, container=c[0])
    gray = ui.flag("fgray", t("conv.photo.gray"), True, container=c[2], help=t("conv.photo.gray_help"))
    kernel = None
    with c[1]:
        if name == CUSTOM_KERNEL:
            text = ui.text("fkt", t("conv.photo.custom"), DEFAULT_CUSTOM, max_chars=400,
                           help=t("conv.photo.custom_help"))
            try:
                kernel = kernels.parse(text or "")
            except KernelParseError as exc:
                ui.show_error(exc)
        else:
            kernel = kernels.get(name)
        if kernel is not None:
            st.latex(conv_fig.kernel_latex(kernel, ui.translator()))
    if kernel is None:
        return
    try:
        shown_in, shown_out, scale, in_shape, out_shape = filtered_photo(
            picked.key, picked.image, tuple(map(tuple, kernel.tolist())),
            settings["s"], settings["padding"], settings["d"], settings["mode"], gray)
    except GeometryError as exc:
        ui.show_error(exc)
        return
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t('word.input')}** — {t('conv.photo.shape', shape=shape_text(in_shape))}")
        st.image(shown_in[0], width=shown_in[1])
    with right:
        st.markdown(f"**{t('word.output')}** — {t('conv.photo.shape', shape=shape_text(out_shape))}")
        st.image(shown_out[0], width=shown_out[1])
    st.caption(t("conv.photo.caption", kernel=kernel_label(name), scale=scale))


# --- the page ------------------------------------------------------------------------------------
# The demo (controls, stage, formulas) is a fragment: moving one of its controls reruns only it,
# not the frame (sidebar, navigation) nor the photo. When the view or a setting the photo uses
# changes (stride, padding, dilation, padding mode), the demo reruns the whole page so the photo
# section follows.
DRAWN = "_conv_drawn"  # (view, photo settings) the last whole-page run drew the photo with
FULL_RUN = "_conv_full_run"  # true while the whole page runs (not a fragment rerun)


def view_choice(container, lecture: bool) -> str:
    return ui.choice("view", t("conv.ctl.view"), VIEWS, "conv", format_func=lambda o: t(f"conv.view.{o}"),
                     container=container, kind="radio", horizontal=lecture)


@ui.section
def demo(lecture_view: str | None, lecture: bool) -> None:
    """``lecture_view``: the view chosen on the title line (lecture mode), else ``None`` and the
    view is chosen at the top of the control column."""
    slots, stage_col, foot = control_slots(lecture, 6)
    view = lecture_view or view_choice(slots[0], lecture)
    rect = ui.url_flag("rect") if lecture else False
    if not lecture:  # a secondary control, at the foot of the control column
        rect = ui.flag("rect", t("conv.ctl.rect"), False, help=t("conv.help.rect"), container=foot)
    if view != "conv":
        settings = None
        transposed_view(rect, lecture, slots, stage_col, foot)
    else:
        settings = convolution_view(rect, lecture, slots, stage_col, foot)
    drawn = (view, settings)
    if not st.session_state.get(FULL_RUN) and st.session_state.get(DRAWN, drawn) != drawn:
        st.rerun(scope="app")
    st.session_state[DRAWN] = drawn


def main() -> None:
    ui.require_frame()
    # lecture mode: title, view and toggle on one line, so the stage keeps the height it needs
    lecture_head = ui.lecture_requested()
    head = st.columns([2.2, 2.2, 1] if lecture_head else [3, 0.01, 1], vertical_alignment="center")
    lecture = ui.lecture_toggle(head[2])
    head[0].title(t("conv.title"))
    if not lecture:
        st.write(t("conv.intro"))
    st.session_state[FULL_RUN] = True
    try:
        demo(view_choice(head[1], True) if lecture else None, lecture)
    finally:
        st.session_state[FULL_RUN] = False
    view, settings = st.session_state.get(DRAWN, ("conv", None))
    if view != "conv":
        return
    st.divider()
    if settings is None:
        st.header(t("conv.photo.title"))
        st.info(t("conv.photo.needs_valid"), icon=":material/image:")
    else:
        photo_section(settings)

main()
