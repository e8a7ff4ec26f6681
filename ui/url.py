"""Each page's view, kept in step with its URL, the session and its widgets.

A page gives a pure contract (in geo/: parse(params) -> (view, notices) and
to_params(view)) to one PageState, which
- reads the view from the URL once per session, and again whenever the URL is not what
  the page last read or wrote (back, forward, an edited link): read();
- keeps it in st.session_state, the one source of truth, which no widget owns, and
  gives each widget the keyword arguments that show a part of it and write a change
  back: bound();
- writes the URL when the reader changed the view (not on a read: a link stays as it
  came), in one message to the browser: sync().
The language (?lang=, kept by app.py) and the size (?size=) stay in the URL as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs

import streamlit as st

from geo import i18n, state

KEPT = ("lang", "size")  # in the URL, but not part of a page's view


def query_dict() -> dict[str, list[str]]:
    """The URL's parameters, less ?size= (how large to draw, not what: see page.map_size)."""
    return {k: st.query_params.get_all(k) for k in st.query_params if k != "size"}


def embed_requested() -> bool:
    """True for ?embed=true. Streamlit reserves ?embed= for its own embed mode (no header,
    toolbar or padding) and hides it from st.query_params (it cannot be set either), so
    it is read from the raw query string of this run."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        query = (ctx.query_string if ctx else "") or ""
    except Exception:  # noqa: BLE001 - an internal API: fall back to "not embedded"
        return False
    values = parse_qs(query).get("embed", [])
    return bool(state.flag(values[-1] if values else ""))


def current_lang() -> str:
    """Language from the session (set by the sidebar switch) or the URL."""
    if "lang" in st.session_state and st.session_state["lang"] in i18n.LANGS:
        return st.session_state["lang"]
    lang, _ = state.parse_lang(query_dict())
    return lang


def _widget(key: str, shown: Any, write: Callable[[Any], None], then=None) -> dict:
    """Keyword arguments (key, on_change) for a widget that shows `shown` and hands a
    change to `write` (then calls `then`).

    Streamlit keeps a widget's value as its formatted label: after a language switch an
    English label matches no French option (the measure box kept its label, the slider
    fell back to its first quarter), and it deletes the state of a widget that a run did
    not draw (the layers in the popover, after Play). So the widget has its own key per
    language, is given the value before each draw, and copies a change back."""
    st.session_state[key] = list(shown) if isinstance(shown, (list, tuple)) else shown

    def changed() -> None:
        write(st.session_state[key])
        if then is not None:
            then()

    return {"key": key, "on_change": changed}


def bound(name: str, lang: str, then=None) -> dict:
    """A widget for st.session_state[name], a value of the session that is in no URL (the
    language, which app.py keeps, and the map's playback speed)."""
    return _widget(
        f"w_{name}_{lang}",
        st.session_state[name],
        lambda value: st.session_state.__setitem__(name, value),
        then,
    )


@dataclass(frozen=True)
class PageState:
    """One page's view in the session (st.session_state[name]) and its URL.

    parse: query parameters ({name: [values]}, ?embed= included when set) -> (view,
    notices); to_params: view -> query parameters. Widgets are keyed w_{prefix}{part}_{lang}.
    """

    name: str
    parse: Callable[[dict], tuple[Any, list[state.Notice]]]
    to_params: Callable[[Any], dict[str, str]]
    prefix: str = ""

    @property
    def _seen(self) -> str:  # the parameters last read from or written to the URL
        return f"_{self.name}_seen"

    @property
    def _named(self) -> str:  # the view's parameters the URL names (for sync)
        return f"_{self.name}_named"

    @property
    def _notices(self) -> str:
        return f"_{self.name}_notices"

    def read(self):
        """The page's view, read again from the URL when the URL is not what this page last
        read or wrote (a first visit, back, forward, an edited link). Call it once, at the
        top of the page's run: in a fragment or a callback the query string can be a step
        behind the view, which view() returns as it is."""
        ss = st.session_state
        params = {k: v for k, v in query_dict().items() if k not in KEPT}
        if ss.get(self._seen) != params or self.name not in ss:
            given = {**params, "embed": ["true"]} if embed_requested() else params
            ss[self.name], ss[self._notices] = self.parse(given)
            ss[self._seen] = params
            # the URL stands for the view it gave (defaults left out, a notice's value):
            # it is written when the reader changes the view, not now, as a write is a
            # history entry of its own and Back would land on it first (a reader coming
            # from an article needs one press to go back to it)
            ss[self._named] = self._params(ss[self.name])
        return ss[self.name]

    def view(self):
        """The page's view as the session holds it."""
        return st.session_state[self.name]

    def notices(self) -> list[state.Notice]:
        """What was not valid in the URL the view was read from (until cleared)."""
        return st.session_state.get(self._notices, [])

    def clear_notices(self) -> None:
        st.session_state[self._notices] = []

    def update(self, **changes) -> None:
        """Change parts of the view (a button, a click on the map, Play)."""
        st.session_state[self.name] = replace(st.session_state[self.name], **changes)

    def bound(self, part: str, lang: str, *, then=None, show=None, read=None) -> dict:
        """Keyword arguments (key, on_change) for a widget that shows a part of the view
        and writes a change back (then calls `then`): the field `part`, or what show(view)
        returns, a change going back as the fields read(value) returns."""
        view = st.session_state[self.name]
        shown = show(view) if show is not None else getattr(view, part)

        def write(value) -> None:
            if read is not None:
                self.update(**read(value))
            else:  # a tuple stays a tuple, so that views compare and hash as before
                self.update(**{part: tuple(value) if isinstance(shown, tuple) else value})

        return _widget(f"w_{self.prefix}{part}_{lang}", shown, write, then)

    def sync(self) -> None:
        """Make the URL's parameters (but lang and size) those of the view, writing only
        when the view is not the one the URL names (it changed since the URL was read or
        written). ?embed= is left to Streamlit, which keeps it and refuses to set it."""
        new = self._params(st.session_state[self.name])
        if new == st.session_state.get(self._named):
            return
        keep = {k: st.query_params[k] for k in KEPT if k in st.query_params}
        st.query_params.from_dict({**new, **keep})  # one message to the browser
        st.session_state[self._seen] = {k: [v] for k, v in new.items()}
        st.session_state[self._named] = new

    def _params(self, view) -> dict[str, str]:
        """The view's URL parameters that sync() writes (not ?embed=, ?lang=, ?size=)."""
        return {k: v for k, v in self.to_params(view).items() if k not in ("embed", *KEPT)}
