"""Entry point: ``streamlit run app.py``.

Draws the shared frame (language, image picker) on every page, then runs the page the URL names.
Pages live in ``pages/``, one thin file per lesson.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cnnviz import ui
from cnnviz.warmup import freeze_imports_soon

# once per process, in the background: the garbage collector skips the imports from then on
freeze_imports_soon(packages=("cnnviz", "models"))

# The tab icon is a local file (a :material/ icon would be fetched from a font CDN).
# "auto": open on a laptop or projector, folded on a phone; lecture mode (?lecture=1) folds it.
st.set_page_config(page_title="CNN playground",
                   page_icon=str(Path(__file__).resolve().parent / "assets" / "favicon.png"),
                   layout="wide",
                   initial_sidebar_state="collapsed" if ui.lecture_requested() else "auto")
ui.begin_frame()

PAGES = {  # url path -> (file, icon)
    "convolution": ("pages/convolution.py", ":material/grid_on:"),
    "separable": ("pages/separable.py", ":material/layers:"),
    "pooling": ("pages/pooling.py", ":material/compress:"),
    "activations": ("pages/activations.py", ":material/psychology:"),
    "receptive_field": ("pages/receptive_field.py", ":material/center_focus_strong:"),
    "architectures": ("pages/architectures.py", ":material/account_tree:"),
    "training": ("pages/training.py", ":material/model_training:"),
}


def home() -> None:
    """Home page: what each lesson teaches, with links, and why convolutions at all."""
    t = ui.t
    st.title(t("app.title"))
    st.write(t("app.tagline"))
    st.info(t("home.picker_hint"), icon=":material/image:")
    st.header(t("home.pages"))
    columns = st.columns(2)
    for i, (name, page) in enumerate(lesson_pages.items()):
        with columns[i % 2].container(border=True):
            st.page_link(page, label=f"**{t(f'nav.{name}')}**", icon=PAGES[name][1])
            st.write(t(f"home.{name}"))
    st.header(t("home.why_title"))
    inputs, units, filters = 224 * 224 * 3, 1024, 32
    st.write(t("home.why_body", inputs=ui.num(inputs), units=ui.num(units),
               dense=ui.num(inputs * units), filters=filters,
               conv=ui.num(3 * 3 * 3 * filters + filters)))
    with st.expander(t("home.credits")):
        st.markdown(_credits())
    ui.prefetch_lessons()  # the lessons' front-end code, fetched while the visitor reads


@st.cache_data
def _credits() -> str:
    from cnnviz.images import SAMPLES_DIR

    text = (SAMPLES_DIR / "CREDITS.md").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("# "))


ui.language_selector()
lesson_pages = {
    name: st.Page(path, title=ui.t(f"nav.{name}"), icon=icon, url_path=name)
    for name, (path, icon) in PAGES.items()
}
navigation = st.navigation(
    [st.Page(home, title=ui.t("nav.home"), icon=":material/home:", default=True), *lesson_pages.values()]
)
ui.image_picker()
try:
    navigation.run()
except Exception as exc:  # noqa: BLE001 - a sentence with a reference id, never a traceback
    ui.report_error(exc)
