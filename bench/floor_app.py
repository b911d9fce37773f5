"""The floor: the cheapest Streamlit app that has what the benchmark's cases need, measured
alternately with the real app in the same run (``python -m bench.browser``).

Two pages (for a page switch), a language switch in the sidebar, a file uploader (one line says
how many bytes arrived), and on each page one slider and one line of text. Nothing else: any time
the real app takes beyond this is the app's own.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="floor", layout="wide", initial_sidebar_state="expanded")

WORDS = {"en": "The slider is at {v}.", "fr": "Le curseur est à {v}."}


def _page(name: str) -> None:
    lang = st.session_state.get("floor_lang") or "en"
    st.title(name)
    v = st.slider("value", 0, 100, 50, key=f"floor_v_{name}")
    st.write(WORDS[lang].format(v=v))


def floor() -> None:
    _page("floor")


def floor2() -> None:
    _page("floor2")


st.sidebar.segmented_control("Language / Langue", ["en", "fr"], default="en", required=True,
                             key="floor_lang")
upload = st.sidebar.file_uploader("upload", key="floor_upload")
if upload is not None:
    st.sidebar.write(f"{len(upload.getvalue())} bytes")
st.navigation([st.Page(floor, default=True),
               st.Page(floor2, url_path="floor2")]).run()
