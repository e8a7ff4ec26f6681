"""A small, accessible, sortable HTML table: formatted cells, raw values to sort by. Its look
is in static/css/app.css, its sorting in templates/sort_script.html (one delegated script per
page, so a table that changes at every scrub step is plain HTML).

Every cell is escaped (templates/sortable_table.html); missing values show the given 'no data' text and sort last.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from geo import markup


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def sortable_table(
    df: pd.DataFrame,
    labels: dict[str, str],
    formats: dict[str, Callable[[object], str]],
    caption: str,
    no_data: str,
    sort_hint: str = "",
) -> str:
    """HTML for df's columns (in order) with header buttons that sort by raw values."""
    rows = []
    for _, row in df.iterrows():
        cells = []
        for c in df.columns:
            v = row[c]
            if c not in formats:
                text = "" if _missing(v) else str(v)
                cells.append((text, text, False, False))
            elif _missing(v):
                cells.append((no_data, "", True, True))
            else:
                cells.append((formats[c](v), repr(float(v)), True, False))
        rows.append(cells)
    return str(
        markup.render(
            "sortable_table.html",
            caption=caption,
            labels=[labels.get(c, c) for c in df.columns],
            sort_hint=sort_hint,
            rows=rows,
        )
    )
