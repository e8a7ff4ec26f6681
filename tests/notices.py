"""The notices a page shows (ui.notices.notice: escaped HTML in st.html), read back as plain text."""

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
