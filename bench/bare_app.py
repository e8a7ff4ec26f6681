"""A bare Streamlit page with one slider: the baseline rerun for `make bench`."""

import streamlit as st

value = st.select_slider("Quarter", [f"q{i}" for i in range(19)], value="q10", key="quarter")
st.write(value)
