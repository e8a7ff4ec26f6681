"""A bare Streamlit page with one slider: the baseline rerun for `make bench`."""

import streamlit as st

value = st.select_slider(
    "Quarter", [f"q{i}" for i in range(19)], value="q10", key="w_quarter_en"
)  # the map page's slider key (ui.url.PageState.bound)
st.write(value)
