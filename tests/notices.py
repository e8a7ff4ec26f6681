"""What a page shows, read back from an AppTest run: its notices (ui.notices.notice: escaped
HTML in st.html) as plain text, and the map page's browser part (ui.scrub)."""

from __future__ import annotations

import html
import re


def notices(at, kind: str = "warning") -> list[str]:
    """The text of each ui.notices.notice of `kind` (warning, error, info) in an AppTest run."""
    out = []
    for element in at.html:
        body = element.value
        if f'class="npr-notice npr-{kind}"' in body:
            shown = re.sub(r"<[^>]+>", " ", body.split("</span>", 1)[1])
            out.append(" ".join(html.unescape(shown).split()))
    return out


def scrub_data(at, role: str) -> dict:
    """The data the map page gave its browser part (ui.scrub) of `role` ("map": the map
    and its quarters; "side", "table": every quarter's HTML) in an AppTest run."""
    import json

    for element in at.get("bidi_component"):
        if element.proto.component_name == "npr_quarter_map":
            data = json.loads(element.proto.json)
            if data["role"] == role:
                return data
    raise LookupError(f"no map part {role!r} on the page")


def shown(at, role: str):
    """What that part shows first: the quarter's parts of the map (label, layers,
    tooltip), or the quarter's side or table (HTML)."""
    data = scrub_data(at, role)
    return (data["quarters"] if role == "map" else data["html"])[data["index"]]
