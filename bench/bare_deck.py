"""A bare Streamlit page with one pydeck polygon: the first-paint floor for `make bench`."""

import pydeck as pdk
import streamlit as st

triangle = [{"p": [[-100, 50], [-80, 50], [-80, 60]]}]
layer = pdk.Layer("PolygonLayer", data=triangle, get_polygon="p", get_fill_color=[44, 127, 184])
view = pdk.ViewState(longitude=-90, latitude=55, zoom=3)
st.pydeck_chart(pdk.Deck(layers=[layer], initial_view_state=view, map_provider=None), height=560)
