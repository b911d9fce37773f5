"""Placeholder while the lesson is being written (replaced by its issue's work)."""

import streamlit as st

from cnnviz import ui

st.title(ui.t("nav.convolution"))
