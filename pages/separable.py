"""Separable convolution: a depthwise stage, then a pointwise 1×1 stage (Keras SeparableConv2D,
MobileNet), on the picked photo; the savings in parameters and multiply-adds; an animation of a
depthwise window vs. a standard kernel; spatially separable kernels; a model.summary() table.

A thin view: widgets -> plain values -> :mod:`cnnviz.lessons.separable` -> :mod:`cnnviz.render`
-> st.* calls.
"""

from __future__ import annotations

import streamlit as st

from cnnviz import i18n, kernels, ui
from cnnviz.geometry import GeometryError
from cnnviz.images import fit, to_array, to_gray_array
from cnnviz.lessons import separable as sep
from cnnviz.lessons import separable_animation as sep_anim
from cnnviz.lessons import separable_weights as wts
from cnnviz.render import separable as figs
from cnnviz.render import stage, stage_ahead

t = ui.t
PAD_OPTIONS = ["same", "valid"]


# --- cached computations (keyed on primitives; return numpy arrays, dataclasses, figures) ---------

def _input_array(picked: ui.PickedImage, source: str, channels: int, resolution: int):
    if source == "synthetic":
        return sep.synthetic_input(channels, resolution)
    return to_array(fit(picked.image, resolution))


@st.cache_data(max_entries=32, show_spinner=False)
def _stages(image_key: str, _picked: ui.PickedImage, source: str, channels: int, resolution: int,
            kmode: str, names: tuple[str, ...], ksize: int, seed: int, dm: int, stride: int,
            padding: str, pw: tuple[tuple[float, ...], ...]) -> sep.Stages:
    x = _input_array(_picked, source, channels, resolution)
    dw, _ = sep.depthwise_kernels(x.shape[0], dm, kmode, names, ksize, seed)
    return sep.compute_stages(x, dw, pw, stride, padding)


def _export(stages: sep.Stages, lang: str, names: tuple[str, ...], kind: str):
    """The download's bytes, made only when the button is clicked (a GIF of the stages took
    a tenth of a language switch when it was made on every rerun)."""
    def make() -> bytes:
        tr = i18n.translator(lang)
        if kind == "gif":
            return figs.stages_gif(stages, tr, list(names))
        return figs.stages_png(stages, tr, list(names))

    return make


@st.cache_data(max_entries=64, show_spinner=False)
def _costs(m: int, n: int, k: int, size: int, dm: int) -> sep.Costs:
    return sep.compare_costs(m, n, k, size, 1, "same", 1, dm)


# cache_resource, not cache_data: the stage payloads would be unpickled on every rerun; they are
# never mutated.
@st.cache_resource(max_entries=64, show_spinner=False)
def _animations(channels: int, size: int, stride: int, padding: str, seed: int, lang: str):
    tr = i18n.translator(lang)
    ex = sep.animation_example(channels, size, 3, stride, padding, seed)
    names = [str(c + 1) for c in range(channels)]
    payloads = {"dw": stage.payload(sep_anim.depthwise_grid(ex, tr, names), tr, interval_ms=700),
                "std": stage.payload(sep_anim.standard_grid(ex, tr, names), tr, interval_ms=700)}
    return payloads, ex.dw_out.shape, ex.std_out.shape, sep.animation_costs(ex), ex.dw.shape[-2:]


@st.cache_data(max_entries=16, show_spinner=False)
def _two_pass(image_key: str, _picked: ui.PickedImage, name: str, resolution: int):
    split = kernels.spatial_split(name)
    gray = to_gray_array(fit(_picked.image, resolution))
    return split, (kernels.two_pass(gray, split) if split.separable else None), gray


@st.cache_data(max_entries=16, show_spinner=False)
def _layer_tables(filters: int, kernel: int):
    return (sep.layer_table("separable", filters=filters, kernel=kernel),
            sep.layer_table("conv", filters=filters, kernel=kernel))


# --- small page-local helpers -------------------------------------------------------------------

def _channel_names(source: str, channels: int, short: bool = False) -> list[str]:
    """The input channels' names: ``R (red)`` …, or (``short``) one letter; numbers for a
    synthetic input."""
    if source == "photo":
        return [t(f"sep.{'letter' if short else 'ch'}_{c}") for c in "rgb"][:channels]
    return [str(c + 1) for c in range(channels)]


def _kernel(container, k, caption: str) -> None:
    # the picture's own width (cells of 44 px and a border), as kernel_image draws it
    container.image(figs.kernel_jpeg(k, 44, ui.lang()), caption=caption, width=k.shape[-1] * 44 + 1)


# URL keys of the pointwise weights, one line of numbers per output (kept only when edited)
PW_KEYS = tuple(f"sep_pw{j + 1}" for j in range(sep.MAX_OUT))


def _typed_weights(default_rows: list[list[float]], signature: str) -> list[str]:
    """One text field per output map for its pointwise weights, starting from the URL's line
    (``?sep_pw1=0.5 0.5 0``), else this session's last edit (a page switch clears the URL), else
    the default weights written in the page's language; an edited line is kept in the URL.
    Changing ``signature`` (the number of depthwise maps, the weights' mode or seed) starts from
    the new default weights again. Returns the typed lines."""
    edits = st.session_state.setdefault("_sep_pw_edits", {})
    if st.session_state.get("_sep_pw_signature", signature) != signature:
        edits.clear()  # other settings: their own default weights
        for key in PW_KEYS:
            if key in st.query_params:
                del st.query_params[key]
    st.session_state["_sep_pw_signature"] = signature
    lang, typed = ui.lang(), []
    for j, row in enumerate(default_rows):
        key = PW_KEYS[j]
        ui.URL_KEYS.add(key)
        default = wts.row_text(row, lang)
        start = str(st.query_params.get(key) or edits.get(key) or default)[:wts.MAX_CHARS]
        # a new field for new settings or another language (the edited line comes from the URL)
        text = st.text_input(t("sep.pw_row", j=j + 1), value=start,
                             key=f"_{key}_{signature}_{lang}", max_chars=wts.MAX_CHARS)
        if text.strip() == default:
            edits.pop(key, None)
            if key in st.query_params:
                del st.query_params[key]
        else:
            edits[key] = text
            if st.query_params.get(key) != text:
                st.query_params[key] = text
        typed.append(text)
    return typed


def _shape(shape) -> str:
    return "(" + ", ".join("None" if s is None else str(s) for s in shape) + ")"


# --- section 1: the two stages on a photo --------------------------------------------------------

@ui.section
def stages_demo() -> None:
    st.header(t("sep.stages_title"))
    st.write(t("sep.stages_intro"))
    picked = ui.current_image()
    with st.container(border=True):
        c1, c2, c3, c4 = st.columns([1, 1.45, 1, 1], gap="medium")  # c2: the kernel names
        source = ui.choice("sep_src", t("sep.source"), ["photo", "synthetic"], "photo",
                           format_func=lambda o: t(f"sep.source_{o}"), container=c1, kind="radio")
        if source == "synthetic":
            channels = ui.slider("sep_ch", t("sep.channels"), 1, sep.MAX_CHANNELS, 3, container=c1)
        else:
            channels = 3
            c1.caption(t("sep.photo_channels", name=picked.label))
        resolution = ui.slider("sep_res", t("sep.resolution"), 16, 192, 96, container=c1,
                               help=t("sep.resolution_help"))
        kmode = ui.choice("sep_kmode", t("sep.kmode"), ["classic", "random"], "classic",
                          format_func=lambda o: t(f"sep.kmode_{o}"), container=c2, kind="radio")
        names: tuple[str, ...] = sep.RGB_DEFAULTS
        ksize, seed = 3, 0
        ch_names = _channel_names(source, channels)
        if kmode == "classic":
            names = tuple(
                ui.choice(f"sep_k{c + 1}", t("sep.kernel_for", c=ch_names[c]),
                          list(sep.DEPTHWISE_CLASSICS), sep.RGB_DEFAULTS[c],
                          format_func=lambda o: t(f"kernel.{o}"), container=c2)
                for c in range(channels))
        else:
            ksize = ui.slider("sep_ks", t("sep.ksize"), 1, 7, 3, container=c2)
            seed = ui.slider("sep_seed", t("sep.seed"), 0, 99, 0, container=c2)
        dm = ui.slider("sep_dm", t("sep.dm"), 1, sep.MAX_MULTIPLIER, 1, container=c3,
                       help=t("sep.dm_help"))
        stride = ui.slider("sep_s", t("sep.stride"), 1, 3, 1, container=c3)
        padding = ui.choice("sep_pad", t("sep.padding"), PAD_OPTIONS, "same",
                            format_func=lambda o: t(f"sep.pad_{o}"), container=c3, kind="radio")
        n_out = ui.slider("sep_out", t("sep.n_out"), 1, sep.MAX_OUT, 2, container=c4)
        pw_mode = ui.choice("sep_pw", t("sep.pw_mode"), ["mix", "random"], "mix",
                            format_func=lambda o: t(f"sep.pw_{o}"), container=c4, kind="radio")
        pw_seed = ui.slider("sep_pwseed", t("sep.pw_seed"), 0, 99, 0, container=c4,
                            disabled=pw_mode != "random")

    mid = channels * dm
    letters = _channel_names(source, channels, short=True)
    map_names = [t("sep.dmap", c=letters[i // dm], m=i % dm + 1) for i in range(mid)]
    default_w = sep.pointwise_weights(n_out, mid, pw_mode, pw_seed)

    # The depthwise stage does not depend on the pointwise weights: compute it with the defaults
    # first, so the editor below can sit after the depthwise pictures.
    try:
        stages = _stages(picked.key, picked, source, channels, resolution, kmode, names, ksize, seed,
                         dm, stride, padding, tuple(map(tuple, default_w.tolist())))
    except GeometryError as exc:
        ui.show_error(exc)
        return

    st.subheader(t("sep.dw_title"))
    sizes = sep.stage_sizes(stages)
    st.write(t("sep.dw_explain", c=channels, dm=dm, mid=mid, k=sep.kernel_size_text(stages),
               shape_in=sizes["in"], shape_mid=sizes["mid"]))
    _, labels = sep.depthwise_kernels(channels, dm, kmode, names, ksize, seed)
    side = {1: 280, 2: 210}.get(dm, 150)  # as large as the row allows, for the projector
    for c in range(channels):
        widths = [1.3] + [0.8, 1.3] * dm + [max(0.0, 3 - 2.1 * dm) + 0.01]
        cols = st.columns(widths, vertical_alignment="center")
        cols[0].image(figs.map_jpeg(stages.input[c], side, signed=False),
                      caption=t("sep.in_caption", c=ch_names[c]))
        for m in range(dm):
            i = c * dm + m
            kname = labels[i]
            kcap = t("sep.kernel_caption", m=m + 1) + (f" · {t('kernel.' + kname)}" if kname else "")
            cols[1 + 2 * m].image(figs.kernel_jpeg(stages.dw_kernels[i], 34 if ksize <= 5 else 22,
                                                   ui.lang()),
                                  caption=kcap, width="stretch")  # never wider than its column
            cols[2 + 2 * m].image(figs.map_jpeg(stages.depthwise[i], side), caption=map_names[i])
    st.caption(t("sep.colour_legend"))

    st.subheader(t("sep.pw_title"))
    st.write(t("sep.pw_explain", mid=mid, n=n_out))
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.caption(t("sep.pw_editor_help", names=" ".join(map_names)))
        typed = _typed_weights(default_w.tolist(), f"{mid}-{pw_mode}-{pw_seed}")
    weights, problems = wts.parse_rows(typed, mid)
    for j, problem in problems:
        st.warning(wts.problem_sentence(problem, j + 1, ui.translator()), icon=":material/edit:")
    stages = _stages(picked.key, picked, source, channels, resolution, kmode, names, ksize, seed, dm,
                     stride, padding, tuple(map(tuple, weights.tolist())))
    with right:
        sizes = sep.stage_sizes(stages)
        st.markdown(t("sep.shapes_line", shape_in=sizes["in"], shape_mid=sizes["mid"],
                      shape_out=sizes["out"]))
    for j in range(n_out):
        terms = i18n.signed_sum([f"{ui.num(float(w), 2)}·{map_names[i]}"
                                 for i, w in enumerate(weights[j])])
        st.markdown(f"**{t('sep.out_label', j=j + 1)}** = {terms}")
        shown = min(mid, 8)
        cols = st.columns([1] * shown + [0.25, 1.6], vertical_alignment="center")
        for i in range(shown):
            cols[i].image(figs.map_jpeg(stages.depthwise[i], 110),
                          caption=f"× {ui.num(float(weights[j, i]), 2)}")
        cols[shown].markdown("## =")
        cols[shown + 1].image(figs.map_jpeg(stages.output[j], 190), caption=t("sep.out_label", j=j + 1))
        if mid > shown:
            st.caption(t("sep.more_terms", n=mid - shown))

    st.markdown(f"**{t('sep.export_title')}**")
    e1, e2, _ = st.columns([1, 1, 2])
    lang = ui.lang()
    e1.download_button(t("sep.download_png"), _export(stages, lang, tuple(ch_names), "png"),
                       file_name="separable-stages.png", mime="image/png", icon=":material/image:")
    e2.download_button(t("sep.download_gif"), _export(stages, lang, tuple(ch_names), "gif"),
                       file_name="separable-stages.gif", mime="image/gif", icon=":material/gif:")


# --- section 2: the savings ------------------------------------------------------------------------

@ui.section
def savings_demo() -> None:
    st.header(t("sep.savings_title"))
    st.write(t("sep.savings_intro"))
    c1, c2, c3, c4, c5 = st.columns(5)
    m = ui.slider("sep_m", t("sep.m"), 1, 512, 32, container=c1)
    n = ui.slider("sep_n", t("sep.n"), 1, 512, 64, container=c2)
    k = ui.slider("sep_ck", t("sep.ck"), 1, 7, 3, container=c3)
    size = ui.slider("sep_hw", t("sep.hw"), 1, 224, 112, container=c4)
    dm = ui.slider("sep_cdm", t("sep.dm"), 1, sep.MAX_MULTIPLIER, 1, container=c5)
    try:
        costs = _costs(m, n, k, size, dm)
    except GeometryError as exc:
        ui.show_error(exc)
        return
    oh, ow = costs.out_size
    # plain HTML bars, their numbers and ratios written out: no Plotly bundle for one chart
    st.html(figs.costs_html(costs, ui.translator()))
    st.markdown(t("sep.params_formula", k=k, m=m, n=n, dm=dm,
                  std=ui.num(costs.params_standard), dw=ui.num(costs.params_depthwise),
                  pw=ui.num(costs.params_pointwise), sep=ui.num(costs.params_separable)))
    st.markdown(t("sep.macs_formula", k=k, m=m, n=n, dm=dm, h=oh, w=ow,
                  std=ui.num(costs.macs_standard), dw=ui.num(costs.macs_depthwise),
                  pw=ui.num(costs.macs_pointwise), sep=ui.num(costs.macs_separable)))
    # typeset in HTML: no KaTeX bundle for one formula
    st.html(figs.ratio_formula_html(costs, ui.translator()))
    st.info(t("sep.ratio_line", measured=ui.num(costs.macs_ratio, 4),
              formula=ui.num(costs.formula_ratio, 4), times=ui.num(1 / costs.macs_ratio, 1),
              pratio=ui.num(costs.params_ratio, 4)), icon=":material/calculate:")


# --- the stage: depthwise window vs. standard kernel, step by step ---------------------------------

# the stage's sliders: URL key -> (lowest, highest)
ANIM_SLIDERS = {"sep_ac": (1, 3), "sep_an": (3, 7), "sep_as": (1, 3), "sep_aseed": (0, 99)}


def _stage_ahead(view: str, values: dict[str, int], padding: str, seed: int) -> dict:
    """The stage's payloads one step of each slider away (:mod:`cnnviz.render.stage_ahead`):
    drawn in the browser at once when that slider moves (not the seed's, a secondary control)."""
    lang = ui.lang()

    def build(v: dict[str, int]) -> dict:
        return _animations(v["sep_ac"], v["sep_an"], v["sep_as"], padding, seed, lang)[0][view]

    return stage_ahead.ahead(build, values, {key: ANIM_SLIDERS[key] for key in values})


@ui.section
def animation_demo() -> None:
    """The page's first screen: the stage, a compact control column beside it (lecture mode: one
    row above a full-width stage), the multiplications of both ways right under it."""
    lecture = ui.lecture_requested()
    if lecture:  # one row of controls above a full-width stage
        view_slot, *slots = st.columns([1.4, 1, 1.3, 0.7, 1.4], gap="small")
        stage_col, more = st.container(), None
    else:
        stage_col, control_col = st.columns([4.2, 1], gap="medium")
        slots, view_slot, more = [control_col] * 4, control_col, control_col
    view = ui.choice("sep_aview", t("sep.anim_view"), ("dw", "std"), "dw",
                     format_func=lambda o: t(f"sep.anim_{o}_short"), container=view_slot,
                     kind="selectbox" if lecture else "radio")  # lecture mode: one line
    channels = ui.slider("sep_ac", t("sep.channels"), *ANIM_SLIDERS["sep_ac"], 3, container=slots[0])
    size = ui.slider("sep_an", t("sep.anim_size"), *ANIM_SLIDERS["sep_an"], 5, container=slots[1])
    stride = ui.slider("sep_as", t("sep.stride"), *ANIM_SLIDERS["sep_as"], 1, container=slots[2])
    padding = ui.choice("sep_ap", t("sep.padding"), PAD_OPTIONS, "same",
                        format_func=lambda o: t(f"sep.pad_{o}"), container=slots[3],
                        kind="selectbox" if lecture else "radio")
    if more is None:  # a secondary control: hidden in lecture mode, its URL value kept
        seed = ui.url_int("sep_aseed", *ANIM_SLIDERS["sep_aseed"], 0)
    else:
        seed = ui.slider("sep_aseed", t("sep.seed"), *ANIM_SLIDERS["sep_aseed"], 0,
                         container=more.expander(t("sep.more_settings")))
    with stage_col:
        try:
            payloads, dw_shape, std_shape, (dw_mults, std_mults), (kh, _) = _animations(
                channels, size, stride, padding, seed, ui.lang())
        except GeometryError as exc:
            ui.show_error(exc)
            return
        ui.stage(payloads[view], key=f"sep_stage_{view}", lecture=lecture,
                 ahead=_stage_ahead(view, {"sep_ac": channels, "sep_an": size, "sep_as": stride},
                                    padding, seed))
        dw_line = t("sep.anim_dw_summary", c=channels, k=kh, shape="×".join(map(str, dw_shape)),
                    mults=ui.num(dw_mults))
        std_line = t("sep.anim_std_summary", c=channels, k=kh,
                     shape="×".join(map(str, (1, *std_shape))), mults=ui.num(std_mults))
        st.markdown(f"**{dw_line}**  \n{std_line}" if view == "dw" else f"{dw_line}  \n**{std_line}**")
        if not lecture:
            st.write(t("sep.intro"))
            st.caption(t("sep.anim_intro"))


# --- section 4: spatially separable kernels -------------------------------------------------------

@ui.section
def spatial_demo() -> None:
    st.header(t("sep.spatial_title"))
    st.write(t("sep.spatial_intro"))
    picked = ui.current_image()
    options = list(kernels.CLASSIC)
    c1, c2 = st.columns([1, 3])
    name = ui.choice("sep_sk", t("sep.spatial_kernel"), options, "sobel_x",
                     format_func=lambda o: t(f"kernel.{o}"), container=c1)
    split, result, gray = _two_pass(picked.key, picked, name, 192)
    with c2:
        if split.separable:
            cols = st.columns([1.2, 0.3, 0.5, 0.3, 1.2], vertical_alignment="center")
            _kernel(cols[0], split.kernel, t("kernel." + name))
            cols[1].markdown("## =")
            _kernel(cols[2], split.column, t("sep.column"))
            cols[3].markdown("## ×")
            _kernel(cols[4], split.row.reshape(1, -1), t("sep.row"))
            kh, kw = split.kernel.shape
            st.success(t("sep.is_separable", kh=kh, kw=kw, one=result.mults_one, two=result.mults_two),
                       icon=":material/check_circle:")
        else:
            cols = st.columns([1.2, 3], vertical_alignment="center")
            _kernel(cols[0], split.kernel, t("kernel." + name))
            cols[1].warning(t("sep.not_separable", rank=split.rank), icon=":material/block:")
    if split.separable:
        i1, i2, i3, i4 = st.columns(4)
        i1.image(figs.map_jpeg(gray, 300, signed=False), caption=t("sep.gray_input"))
        i2.image(figs.map_jpeg(result.one_pass, 300), caption=t("sep.one_pass"))
        i3.image(figs.map_jpeg(result.column_pass, 300), caption=t("sep.column_pass"))
        i4.image(figs.map_jpeg(result.two_pass, 300), caption=t("sep.two_pass"))
        st.write(t("sep.max_diff", diff=f"{result.max_difference:.1e}"))
    rows = []
    for s in kernels.separability_table():
        rows.append({
            t("sep.col_kernel"): t(f"kernel.{s.name}"),
            t("sep.col_size"): f"{s.kernel.shape[0]}×{s.kernel.shape[1]}",
            t("sep.col_rank"): s.rank,
            t("sep.col_separable"): t("sep.yes") if s.separable else t("sep.no"),
            t("sep.col_column"): sep.vector_text(s.column, ui.lang()),
            t("sep.col_row"): sep.vector_text(s.row, ui.lang()),
        })
    # a plain HTML table: no data-frame grid or Arrow JavaScript for ten rows of text
    st.html(figs.html_table(rows))


# --- section 5: model.summary() --------------------------------------------------------------------

@ui.section
def summary_demo() -> None:
    st.header(t("sep.summary_title"))
    st.write(t("sep.summary_intro"))
    c1, c2, _ = st.columns([1, 1, 2])
    filters = ui.slider("sep_tf", t("sep.filters"), 1, 64, 16, container=c1)
    kernel = ui.slider("sep_tk", t("sep.ck"), 1, 7, 3, container=c2)
    try:
        sep_rows, conv_rows = _layer_tables(filters, kernel)
    except GeometryError as exc:
        ui.show_error(exc)
        return
    left, right = st.columns(2, gap="large")
    for col, rows, title in ((left, sep_rows, "sep.summary_sep"), (right, conv_rows, "sep.summary_conv")):
        with col:
            st.subheader(t(title, f=filters, k=kernel))
            table = [{t("sep.col_layer"): r.keras_kind,
                      t("sep.col_keras_shape"): _shape(r.keras_shape),
                      t("sep.col_torch_shape"): _shape(r.torch_shape),
                      t("sep.col_params"): ui.num(r.params)} for r in rows]
            st.html(figs.html_table(table, right=[t("sep.col_params")]))
            st.markdown(t("sep.total_params", n=ui.num(sum(r.params for r in rows))))
    st.info(t("sep.summary_note", sep=ui.num(sep_rows[0].params), conv=ui.num(conv_rows[0].params),
              dense=ui.num(sep_rows[-1].params)), icon=":material/lightbulb:")


# --- the page ------------------------------------------------------------------------------------

def main() -> None:
    ui.require_frame()
    head = st.columns([3, 1], vertical_alignment="center")
    ui.lecture_toggle(head[1])
    head[0].title(t("nav.separable"))
    animation_demo()  # the stage first, the page's introduction right under it
    st.divider()
    for section in (stages_demo, savings_demo, spatial_demo, summary_demo):
        section()
        st.divider()


main()
