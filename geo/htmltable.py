"""A small, accessible, sortable HTML table: formatted cells, raw values to sort by.

Every cell is escaped (templates/sortable_table.html); missing values show the given 'no data' text and sort last.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
from markupsafe import Markup

from geo import markup

SORT_JS = """
<script>
(() => {
  const root = document.currentScript ? document.currentScript.parentElement : document;
  root.querySelectorAll('table.sortable').forEach((table) => {
    if (table.dataset.ready) return;
    table.dataset.ready = '1';
    table.querySelectorAll('th button').forEach((btn, col) => {
      btn.addEventListener('click', () => {
        const th = btn.parentElement;
        const asc = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('th').forEach((h) => h.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        const body = table.tBodies[0];
        const rows = [...body.rows];
        const key = (r) => r.cells[col].dataset.v;
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          if (x === '' && y === '') return 0;
          if (x === '') return 1;
          if (y === '') return -1;
          const nx = Number(x), ny = Number(y);
          const c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return asc ? c : -c;
        });
        rows.forEach((r) => body.appendChild(r));
      });
    });
  });
})();
</script>
"""

CSS = """
<style>
table.sortable{border-collapse:collapse;width:100%;font-size:0.92rem}
table.sortable caption{text-align:left;font-weight:600;padding:0 0 0.3rem 0}
table.sortable th,table.sortable td{padding:0.25rem 0.5rem;border-bottom:1px solid #ddd}
table.sortable td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.sortable td.missing{color:#666;font-style:italic}
table.sortable th button{all:unset;cursor:pointer;font-weight:600}
table.sortable th button:focus-visible{outline:2px solid #2c7fb8}
table.sortable th[aria-sort=ascending] button::after{content:" ▲"}
table.sortable th[aria-sort=descending] button::after{content:" ▼"}
.table-wrap{overflow-x:auto;max-width:100%}
</style>
"""


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
            css=Markup(CSS),
            js=Markup(SORT_JS),
            caption=caption,
            labels=[labels.get(c, c) for c in df.columns],
            sort_hint=sort_hint,
            rows=rows,
        )
    )
