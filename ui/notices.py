"""Notices whose text stays text: a bad URL value, a left-out data row, an error."""

from __future__ import annotations

import streamlit as st

from geo import markup, safe, state
from geo.i18n import t

SIGNS = {"warning": "⚠", "error": "⛔", "info": "ℹ"}  # colours: static/css/app.css


def notice(body: str, kind: str = "warning", title: str | None = None) -> None:
    """A notice box whose text stays text: whatever it holds (a value from the URL, a row
    of a data file, an error message) is HTML-escaped and rendered with st.html, which
    reads no Markdown, so nothing in it becomes a link, an image, colour or markup."""
    st.html(markup.render("notice.html", kind=kind, title=title, body=body, sign=SIGNS[kind]))


def show_notices(notices: list[state.Notice], lang: str) -> None:
    """One notice per URL parameter that was not valid, its value cut to one short line
    (in the notice's own message: "bad_param" unless the page chose another)."""
    for n in notices:
        value = safe.shorten(n.value)
        fallback = n.fallback or t("default", lang)
        notice(
            t(
                n.message,
                lang,
                name=safe.shorten(n.name, 40),
                value=value,
                code=value,
                fallback=safe.shorten(fallback),
            )
        )
