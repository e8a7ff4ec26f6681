"""A small pydeck map of a set of events over the provinces (land only), in the same
display projection as the main map (EPSG:3347 through inverse Web Mercator, as
projection.project_points; events in one place are fanned out as on the main map).
Tooltips are plain text (deck.gl's `text` tooltip), so nothing in them is read as markup."""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from geo import classes, layers, projection, style
from geo.events import POLICY_TYPES


def points(events: pd.DataFrame, lang: str) -> list[dict]:
    """Events in display coordinates with colour, outline and tooltip text."""
    if events.empty:
        return []
    x, y = projection.to_lambert(
        events["longitude"].to_numpy(float), events["latitude"].to_numpy(float)
    )
    place = events["latitude"].round(2).astype(str) + "," + events["longitude"].round(2).astype(str)
    off = layers.spread_offsets(place.reset_index(drop=True))  # fan out events in one city
    lon, lat = projection.lambert_lonlat(x + off[:, 0], y + off[:, 1])
    out = []
    for i, (_, ev) in enumerate(events.iterrows()):
        colour = style.event_colour(ev["event_type"])
        policy = ev["event_type"] in POLICY_TYPES
        out.append(
            {
                "id": ev["id"],
                "position": [round(float(lon[i]), 4), round(float(lat[i]), 4)],
                "fill": classes.rgb("#FFFFFF" if policy else colour, 220),
                "line": classes.rgb(colour if policy else "#FFFFFF", 255),
                "width": 3 if policy else 1,
                "tip": layers.event_tip(ev, lang),
            }
        )
    return out


def deck(
    files: layers.StaticFiles,
    events: pd.DataFrame,
    lang: str,
    height: int = 420,
    fit_width: int = 500,
) -> pdk.Deck:
    """Land (the provinces static file, grey) and the events as dots."""
    dots = pdk.Layer(
        "ScatterplotLayer",
        data=points(events, lang),
        id="events",
        pickable=True,
        get_position="position",
        radius_units="'pixels'",
        get_radius=7,
        stroked=True,
        filled=True,
        line_width_units="'pixels'",
        get_line_width="width",
        get_fill_color="fill",
        get_line_color="line",
    )
    v = projection.fit(files.bounds, fit_width, height)
    return pdk.Deck(
        layers=[*layers.land_layers(files), dots],
        initial_view_state=pdk.ViewState(
            longitude=v.longitude, latitude=v.latitude, zoom=v.zoom, min_zoom=1, max_zoom=9
        ),
        map_provider=None,  # no basemap; pydeck's default map_style tells Streamlit so
        tooltip={
            "text": "{tip}",
            "style": {
                "whiteSpace": "pre-line",
                "maxWidth": "320px",
                "fontSize": "13px",
                "backgroundColor": "#1f2430",
                "color": "#ffffff",
            },
        },
    )
