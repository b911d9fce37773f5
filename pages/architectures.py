"""Architectures lesson: a network from the zoo, layer by layer (output shape, parameters,
multiply-adds, receptive field), how its shape flows, ResNet's skips, U-Net's copy-and-crop and
MobileNet's separable blocks; any input size, with a sentence when a feature map would vanish.

A thin view: widgets -> plain values -> cnnviz.lessons.architectures (numbers) ->
cnnviz.render.architectures (figures) -> st.* calls.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from cnnviz import i18n, ui
from cnnviz.geometry import GeometryError
from cnnviz.lessons import architectures as arch
from cnnviz.render import architectures as arch_fig
from cnnviz.render import stage
from models import zoo

MIN_SIZE, MAX_SIZE = 8, 1024
STACK = "stack"  # the stack of the Receptive field lesson
STACK_SIZE = 128

t = ui.t


# --- cached computations (keyed on primitives) ------------------------------------------------

@st.cache_data(max_entries=32, show_spinner=False)
def layer_table(name: str, size: int, text: str | None = None):
    """The network's table (``text``: the lesson's stack), or why it cannot run at this size as
    ``(code, values)``."""
    try:
        table = arch.stack_table(text, size) if name == STACK else arch.layer_table(name, size)
        return table, None
    except GeometryError as exc:
        return None, (exc.code, dict(exc.values))


@st.cache_resource(max_entries=32, show_spinner=False)
def flow_figure(name: str, size: int, text: str | None, lang: str):
    table, _ = layer_table(name, size, text)
    tr = i18n.translator(lang)
    return arch_fig.flow_figure(arch.shape_flow(table), tr, tr.num)


# --- helpers -------------------------------------------------------------------------------------

def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(ui.num(v) for v in shape)


def giga(value: int) -> str:
    return ui.num(value / 1e9, 2)


def lesson_url(row: arch.Row) -> str | None:
    link = arch.lesson_link(row)
    if link is None:
        return None
    page, query = link
    if ui.lang() != i18n.DEFAULT_LANGUAGE:
        query["lang"] = ui.lang()
    return f"/{page}?{urlencode(query)}"


def rf_text(row: arch.Row) -> str:
    if row.rf is None:
        return "—" if row.kind not in ("global", "linear", "flatten") else t("arch.rf.all")
    return f"{row.rf.size[0]}×{row.rf.size[1]}"


# --- sections ------------------------------------------------------------------------------------

def lesson_stack() -> str:
    """The stack chosen on the Receptive field page (this session, else this URL's
    ``rf_preset``/``rf_stack``), else the shapes CNN's."""
    from cnnviz.lessons.receptive_field import PRESETS

    preset = st.session_state.get("_value_rf_preset") or st.query_params.get("rf_preset")
    if preset in PRESETS:
        return PRESETS[preset]
    if preset == "custom":
        text = st.session_state.get("rf_stack") or st.query_params.get("rf_stack")
        if text:
            return str(text)[:200]
    return PRESETS["shapes"]


def controls() -> tuple[str, int, bool]:
    c1, c2, c3 = st.columns([1.3, 1.6, 1], gap="large", vertical_alignment="bottom")
    name = ui.choice("arch_net", t("arch.net"), (*zoo.NAMES, STACK), "resnet18",
                     format_func=lambda o: t(f"arch.name.{o}"), container=c1)
    channels, default = zoo.INPUTS.get(name, (3, STACK_SIZE))
    size = ui.slider(f"arch_size_{name}", t("arch.size"), MIN_SIZE, MAX_SIZE, default,
                     help=t("arch.size_help", default=default, c=channels), container=c2)
    detail = ui.flag("arch_all", t("arch.detail"), False, help=t("arch.detail_help"), container=c3)
    return name, size, detail


def totals_section(table: arch.Table) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric(t("arch.total.params"), ui.num(table.params))
    c2.metric(t("arch.total.macs"), t("arch.giga", value=giga(table.macs)))
    c3.metric(t("arch.total.out"), shape_text(table.output_shape))
    match = arch.matches_published(table)
    if table.name in arch.PUBLISHED and match is not None:
        params, gmacs, source = arch.PUBLISHED[table.name]
        values = {"source": source, "params": ui.num(params), "macs": ui.num(gmacs, 2)}
        if match:
            st.success(t("arch.published.ok", **values), icon=":material/verified:")
        else:
            st.warning(t("arch.published.differs", **values), icon=":material/info:")
    elif table.name in arch.PUBLISHED:
        st.caption(t("arch.published.other_size"))
    st.caption(t("arch.total.note"))


def table_section(table: arch.Table, detail: bool) -> None:
    st.subheader(t("arch.table.title"))
    rows = arch.main_rows(table, detail)
    columns = [t("arch.col.layer"), t("arch.col.kind"), t("arch.col.out"), t("arch.col.params"),
               t("arch.col.macs"), t("arch.col.rf"), t("arch.col.open")]
    data: dict[str, list] = {c: [] for c in columns}
    for row in rows:
        values = (row.name, t(f"arch.kind.{row.kind}"), shape_text(row.out_shape),
                  ui.num(row.params), ui.num(row.macs), rf_text(row), lesson_url(row))
        for column, value in zip(columns, values, strict=True):
            data[column].append(value)
    st.dataframe(data, hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 520),
                 column_config={columns[-1]: st.column_config.LinkColumn(
                     columns[-1], display_text=t("arch.open"), help=t("arch.open_help"))})
    st.caption(t("arch.table.caption"))


def flow_section(table: arch.Table) -> None:
    st.subheader(t("arch.flow.title"))
    st.write(t("arch.flow.intro", first=shape_text(table.input_shape[1:] + table.input_shape[:1])))
    text = lesson_stack() if table.name == STACK else None
    st.plotly_chart(flow_figure(table.name, table.input_shape[-1], text, ui.lang()), theme=None,
                    config={"displayModeBar": False, "scrollZoom": False})


def skips_section(table: arch.Table) -> None:
    skips = arch.resnet_skips(table)
    if not skips:
        return
    st.subheader(t("arch.skip.title"))
    st.write(t("arch.skip.intro"))
    data = {t("arch.skip.block"): [s.block for s in skips],
            t("arch.skip.in"): [shape_text(s.in_shape) for s in skips],
            t("arch.skip.out"): [shape_text(s.out_shape) for s in skips],
            t("arch.skip.shortcut"): [t("arch.skip.identity") if s.projection is None
                                      else t("arch.skip.projection", name=s.projection)
                                      for s in skips]}
    st.dataframe(data, hide_index=True, width="stretch")


def crops_section(table: arch.Table) -> None:
    crops = arch.unet_crops(table)
    if not crops:
        return
    st.subheader(t("arch.crop.title"))
    first = crops[0]
    st.write(t("arch.crop.intro", enc=f"{first.encoder[-2]}×{first.encoder[-1]}",
               dec=f"{first.decoder[-2]}×{first.decoder[-1]}", m=first.margin))
    data = {t("arch.crop.level"): [c.level for c in crops],
            t("arch.crop.encoder"): [shape_text(c.encoder) for c in crops],
            t("arch.crop.decoder"): [shape_text(c.decoder) for c in crops],
            t("arch.crop.margin"): [c.margin for c in crops]}
    st.dataframe(data, hide_index=True, width="stretch")


def savings_section(table: arch.Table) -> None:
    savings = arch.mobilenet_savings(table)
    if not savings:
        return
    st.subheader(t("arch.sep.title"))
    total, standard = sum(s.macs for s in savings), sum(s.standard_macs for s in savings)
    st.write(t("arch.sep.intro", n=len(savings), macs=giga(total), standard=giga(standard),
               ratio=ui.num(standard / max(total, 1), 1)))
    st.page_link("pages/separable.py", label=t("arch.sep.link"), icon=":material/layers:")
    data = {t("arch.sep.block"): [s.depthwise.rsplit(".", 2)[0] for s in savings],
            t("arch.sep.params"): [ui.num(s.params) for s in savings],
            t("arch.sep.std_params"): [ui.num(s.standard_params) for s in savings],
            t("arch.sep.macs"): [ui.num(s.macs) for s in savings],
            t("arch.sep.std_macs"): [ui.num(s.standard_macs) for s in savings]}
    st.dataframe(data, hide_index=True, width="stretch")


# --- the page ---------------------------------------------------------------------------------

def stack_header(name: str) -> str | None:
    """For the Receptive field lesson's stack: show it and return its text."""
    if name != STACK:
        return None
    text = lesson_stack()
    st.caption(t("arch.stack.caption", filters=arch.STACK_FILTERS))
    st.code(text, language=None, wrap_lines=True)
    st.page_link("pages/receptive_field.py", label=t("arch.stack.link"),
                 icon=":material/center_focus_strong:")
    return text


def show_error(name: str, code: str, values: dict) -> None:
    if "kind" in values:
        values["layer"] = f"{values['layer']} ({t('arch.kind.' + values.pop('kind'))})"
    section = "arch" if code in ("vanish", "mismatch") else "rf"  # a stack's own errors
    st.error(ui.explain(GeometryError(code, code, **values), section=section),
             icon=":material/error:")
    if code in ("vanish", "mismatch"):
        st.info(t("arch.fix", default=zoo.INPUTS.get(name, (3, STACK_SIZE))[1]),
                icon=":material/tune:")


def main() -> None:
    ui.require_frame()
    st.html(stage.page_style(False))  # the lessons' page layout: no empty band at the top
    st.title(t("arch.title"))
    st.write(t("arch.intro"))
    name, size, detail = controls()
    stack_text = stack_header(name)
    table, error = layer_table(name, size, stack_text)
    if error is not None:
        show_error(name, *error)
        return
    totals_section(table)
    table_section(table, detail)
    flow_section(table)
    skips_section(table)
    crops_section(table)
    savings_section(table)


main()
