"""Receptive-field lesson: a stack of layers and the field of each, one output's field on the
photo (click a position), the effective field of the shapes CNN by gradients, and one 5×5
against two 3×3 against a dilated 3×3.

A thin view: widgets -> plain values -> cnnviz.lessons.receptive_field (numbers) ->
cnnviz.render.receptive_field (figures) -> st.* calls.
"""

from __future__ import annotations

import streamlit as st

from cnnviz import i18n, ui
from cnnviz.geometry import GeometryError
from cnnviz.images import fit, to_array
from cnnviz.lessons import receptive_field as rfl
from cnnviz.render import receptive_field as rfr
from cnnviz.render import stage

PHOTO_SIDE = 192
PRESETS = (*rfl.PRESETS, "custom")
CLICK_KEY = "rf_click"
POSITION_KEY = "rf_at"

t = ui.t


# --- cached computations (keyed on primitives; the image by its key) ---------------------------

@st.cache_data(max_entries=8, show_spinner=False)
def photo_array(image_key: str, side: int, _image):
    """The shared photo reduced to ``side``, as a (3, H, W) float array in [0, 1]."""
    return to_array(fit(_image, side))


@st.cache_data(max_entries=32, show_spinner=False)
def stack_rows(text: str, size: tuple[int, int]):
    """The parsed stack and its per-layer table, or the error as ``(code, values)``."""
    try:
        layers = rfl.parse_stack(text)
        return layers, rfl.stack_table(layers, size), None
    except GeometryError as exc:
        return None, None, (exc.code, dict(exc.values))


@st.cache_resource(max_entries=32, show_spinner=False)
def field_figure(image_key: str, _photo, text: str, row: int, col: int, lang: str):
    _, rows, _ = stack_rows(text, tuple(_photo.shape[1:]))
    last = rows[-1]
    box = rfl.field_box(last.rf, last.out_size, tuple(_photo.shape[1:]), row, col)
    return rfr.field_figure(_photo, last.out_size, last.rf.stride, last.rf.padding,
                            last.rf.size, box, i18n.translator(lang)), box


@st.cache_resource(max_entries=2, show_spinner=False)
def shapes_features(name: str):
    from models import load_model

    return load_model(name).features


@st.cache_data(max_entries=16, show_spinner=False)
def effective(image_key: str, _photo, name: str, row: int, col: int):
    return rfl.effective_field(shapes_features(name), _photo, row, col)


@st.cache_data(max_entries=8, show_spinner=False)
def comparison(image_key: str, _photo):
    size = tuple(_photo.shape[1:])
    return ({name: rfl.coverage(name, size) for name in rfl.COMPARE},
            {name: rfr.to_image(rfl.blur(_photo, name), 2) for name in rfl.COMPARE})


# --- sections -----------------------------------------------------------------------------------

def signed(value: int) -> str:
    """An integer with a true minus sign (−7, not -7)."""
    return ui.num(value).replace("-", "\u2212")


def layer_label(layer: rfl.Layer) -> str:
    return t(f"rf.kind.{layer.kind}", k=layer.kernel, s=layer.stride, p=layer.padding,
             d=layer.dilation)


def stack_section() -> str | None:
    """Preset or own stack; returns the stack's text, or ``None`` after an error sentence."""
    st.subheader(t("rf.stack.title"))
    c1, c2 = st.columns([1, 1.4], gap="large")
    preset = ui.choice("rf_preset", t("rf.stack.preset"), PRESETS, "shapes",
                       format_func=lambda o: t(f"rf.preset.{o}"), container=c1, kind="radio")
    if preset != "custom":
        text = rfl.PRESETS[preset]
        c2.markdown(f"**{t('rf.stack.layers')}**")
        c2.code(text, language=None, wrap_lines=True)
        return text
    if "rf_stack" not in st.session_state and "rf_stack" not in st.query_params:
        st.session_state["rf_stack"] = rfl.PRESETS["shapes"]
    text = c2.text_input(t("rf.stack.own"), key="rf_stack", max_chars=200,
                         help=t("rf.stack.syntax"), bind="query-params")
    c2.caption(t("rf.stack.syntax"))
    return text


def table_section(rows, size) -> None:
    st.subheader(t("rf.table.title"))
    st.latex(r"r_L = 1 + \sum_{l=1}^{L} \big(d_l(k_l - 1)\big)\prod_{i<l} s_i \qquad "
             r"S_L = \prod_{l=1}^{L} s_l \qquad P_L = \sum_{l=1}^{L} p_l \prod_{i<l} s_i")
    previous_r, previous_s, previous_p = 1, 1, 0
    columns = [t("rf.col.layer"), t("rf.col.out"), t("rf.col.rf"), t("rf.col.stride"),
               t("rf.col.padding")]
    data: dict[str, list] = {c: [] for c in columns}
    for row in rows:
        layer = row.layer
        span = layer.dilation * (layer.kernel - 1)
        r, s, p = row.rf.size[0], row.rf.stride[0], row.rf.padding[0]
        values = (f"{row.index}. {layer_label(layer)}", f"{row.out_size[0]}×{row.out_size[1]}",
                  f"{previous_r} + {span}·{previous_s} = {r}",
                  f"{previous_s}·{layer.stride} = {s}",
                  f"{previous_p} + {layer.padding}·{previous_s} = {p}")
        for column, value in zip(columns, values, strict=True):
            data[column].append(value)
        previous_r, previous_s, previous_p = r, s, p
    # a plain table: its headers wrap (no sideways scrolling at 1280 px) and no data-grid script
    st.table(data, hide_index=True)
    st.caption(t("rf.table.caption", h=size[0], w=size[1]))


def chosen_position(out_size: tuple[int, int]) -> tuple[int, int]:
    """The clicked position (chart selection, then ``?rf_at=row,col``, then the centre)."""
    centre = (out_size[0] // 2, out_size[1] // 2)
    state = st.session_state.get(CLICK_KEY)
    points = []
    try:
        points = state["selection"]["points"] if state else []
    except (KeyError, TypeError):
        points = []
    if points and points[0].get("customdata") is not None:
        r, c = (int(v) for v in points[0]["customdata"][:2])
        signature = (r, c)
        if st.session_state.get("_rf_last_click") != signature:
            st.session_state["_rf_last_click"] = signature
            st.query_params[POSITION_KEY] = f"{r},{c}"
    raw = st.query_params.get(POSITION_KEY)
    if raw is None:
        return centre
    try:
        r, c = (int(v) for v in raw.split(","))
        if not (0 <= r < out_size[0] and 0 <= c < out_size[1]):
            raise ValueError
    except ValueError:
        st.warning(t("rf.field.bad_position", value=ui.quote(raw, 20), h=out_size[0] - 1,
                     w=out_size[1] - 1), icon=":material/link:")
        return centre
    return r, c


def field_section(picked, photo, text: str, rows) -> tuple[int, int]:
    st.subheader(t("rf.field.title"))
    last = rows[-1]
    row, col = chosen_position(last.out_size)
    figure, box = field_figure(picked.key, photo, text, row, col, ui.lang())
    left, right = st.columns([2.2, 1], gap="medium")
    with left:
        st.plotly_chart(figure, key=CLICK_KEY, on_select="rerun", selection_mode="points",
                        theme=None, config={"displayModeBar": False, "scrollZoom": False})
    top, lft, bottom, rgt = box.box
    with right:
        st.markdown(t("rf.field.hint", h=last.out_size[0], w=last.out_size[1]))
        st.metric(t("rf.field.position"), f"({row}, {col})")
        st.write(t("rf.field.box", r=last.rf.size[0], top=signed(top), bottom=signed(bottom),
                   left=signed(lft), right=signed(rgt)))
        if box.overhang:
            ct, cl, cb, cr = box.clipped
            shown = (cb - ct + 1) * (cr - cl + 1)
            st.write(t("rf.field.overhang", shown=ui.num(shown),
                       total=ui.num(last.rf.size[0] * last.rf.size[1])))
        st.write(t("rf.field.neighbours", s=last.rf.stride[0]))
        if last.rf.size[0] > max(photo.shape[1:]):
            st.info(t("rf.field.whole"), icon=":material/fullscreen:")
    return row, col


def effective_section(picked, photo, text: str, position: tuple[int, int]) -> None:
    st.subheader(t("rf.erf.title"))
    st.write(t("rf.erf.intro"))
    shapes_rows = rfl.stack_table(rfl.SHAPES_LAYERS, tuple(photo.shape[1:]))
    out = shapes_rows[-1].out_size
    row, col = position if text == rfl.PRESETS["shapes"] else (out[0] // 2, out[1] // 2)
    if text != rfl.PRESETS["shapes"]:
        st.caption(t("rf.erf.centre"))
    trained = effective(picked.key, photo, "shapes", row, col)
    untrained = effective(picked.key, photo, "shapes_untrained", row, col)
    r = shapes_rows[-1].rf.size[0]
    st.plotly_chart(rfr.effective_figure([(t("rf.erf.trained_short"), trained.heat),
                                          (t("rf.erf.untrained_short"), untrained.heat)], t),
                    theme=None, config={"displayModeBar": False, "staticPlot": True})
    for label, e in ((t("rf.erf.trained"), trained), (t("rf.erf.untrained"), untrained)):
        st.write(t("rf.erf.side90", model=label, a=e.side90, r=r,
                   pct=ui.num(100 * e.side90 ** 2 / r ** 2)))
    st.info(t("rf.erf.class", r=r), icon=":material/visibility:")


def comparison_section(picked, photo) -> None:
    st.subheader(t("rf.cmp.title"))
    st.write(t("rf.cmp.intro"))
    coverages, blurred = comparison(picked.key, photo)
    names = list(rfl.COMPARE)
    st.plotly_chart(rfr.coverage_figure([(t(f"rf.cmp.{n}_short"), coverages[n].paths)
                                         for n in names], t),
                    theme=None, config={"displayModeBar": False, "staticPlot": True})
    h, w = photo.shape[1:]
    columns = st.columns(3)
    for column, name in zip(columns, names, strict=True):
        c = coverages[name]
        with column:
            st.markdown(f"**{t(f'rf.cmp.{name}')}**")
            st.write(t("rf.cmp.costs", field=c.field, weights=c.weights, macs=ui.num(c.macs),
                       h=h, w=w))
            st.image(blurred[name], width="stretch")
    st.caption(t("rf.cmp.caption"))


# --- the page ---------------------------------------------------------------------------------

def main() -> None:
    ui.require_frame()
    st.html(stage.page_style(False))  # the lessons' page layout: no empty band at the top
    st.title(t("rf.title"))
    st.write(t("rf.intro"))
    picked = ui.current_image()
    photo = photo_array(picked.key, PHOTO_SIDE, picked.image)
    size = tuple(photo.shape[1:])
    text = stack_section()
    _, rows, error = stack_rows(text, size) if text is not None else (None, None, None)
    if error is not None:
        code, values = error
        st.error(ui.explain(GeometryError(code, code, **values), section="rf"),
                 icon=":material/error:")
        st.info(t("rf.stack.fix"), icon=":material/tune:")
        return
    table_section(rows, size)
    st.divider()
    position = field_section(picked, photo, text, rows)
    st.divider()
    effective_section(picked, photo, text, position)
    st.divider()
    comparison_section(picked, photo)


main()
