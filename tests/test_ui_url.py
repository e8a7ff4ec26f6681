"""ui.url.PageState, the one helper that keeps each page's view, its URL and its widgets in
step, on a page of its own (a toy contract); and the map's serialized deck."""

from streamlit.testing.v1 import AppTest


def toy_page():
    """A page whose view is a number ?n= (1 to 9) and a flag ?big=true."""
    from dataclasses import dataclass

    import streamlit as st

    from geo import state
    from ui import url
    from ui.notices import show_notices

    @dataclass(frozen=True)
    class Toy:
        n: int = 1
        big: bool = False

    def parse(params):
        raw = (params.get("n") or ["1"])[-1]
        if raw in list("123456789"):
            return Toy(int(raw), "big" in params), []
        return Toy(big="big" in params), [state.Notice("n", raw, "1")]

    def to_params(view):
        return {"n": str(view.n), **({"big": "true"} if view.big else {})}

    here = url.PageState("toy_view", parse, to_params, "toy_")
    lang = st.session_state.setdefault("lang", "en")
    here.read()
    show_notices(here.notices(), lang)
    st.selectbox("n", range(1, 10), **here.bound("n", lang, then=here.clear_notices))
    st.button("bigger", on_click=lambda: here.update(big=True))
    st.write(f"view {here.view().n} {here.view().big}")
    here.sync()


def shown(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("view "))


def test_the_view_comes_from_the_url_and_goes_back_to_it():
    at = AppTest.from_function(toy_page)
    at.query_params.update(n="3", lang="fr", size="large")
    at.run()
    assert shown(at) == "view 3 False" and not at.html
    at.selectbox(key="w_toy_n_en").set_value(5).run()
    assert shown(at) == "view 5 False"
    assert at.query_params["n"] in ("5", ["5"])
    assert at.query_params["lang"] in ("fr", ["fr"])  # kept as it was
    assert at.query_params["size"] in ("large", ["large"])
    at.button[0].click().run()
    assert shown(at) == "view 5 True" and at.query_params["big"] in ("true", ["true"])


def test_the_url_is_left_as_it_came_until_the_reader_changes_the_view():
    """No write on a first visit, defaults left out, another spelling or a bad value alike
    (a write is a history entry of its own, which Back would land on first)."""
    at = AppTest.from_function(toy_page)
    at.run()
    assert shown(at) == "view 1 False" and "n" not in at.query_params
    at.button[0].click().run()
    assert at.query_params["n"] in ("1", ["1"]) and at.query_params["big"] in ("true", ["true"])
    at = AppTest.from_function(toy_page)
    at.query_params.update(n="x", big="yes")
    at.run()
    assert shown(at) == "view 1 True" and len(at.html) == 1  # the notice
    assert at.query_params["n"] in ("x", ["x"]) and at.query_params["big"] in ("yes", ["yes"])
    at.selectbox(key="w_toy_n_en").set_value(2).run()
    assert at.query_params["n"] in ("2", ["2"]) and at.query_params["big"] in ("true", ["true"])


def test_a_bad_value_keeps_its_notice_until_the_reader_changes_the_view():
    at = AppTest.from_function(toy_page)
    at.query_params.update(n="<b>x</b>")
    at.run()
    assert shown(at) == "view 1 False"
    assert "“&lt;b&gt;x&lt;/b&gt;”" in at.html[0].value
    at.button[0].click().run()  # a rerun: the URL is now the view's, the notice stays
    assert at.query_params["n"] in ("1", ["1"]) and len(at.html) == 1
    at.selectbox(key="w_toy_n_en").set_value(2).run()
    assert not at.html


def test_a_url_changed_from_outside_is_read_again():
    at = AppTest.from_function(toy_page)
    at.query_params.update(n="4")
    at.run()
    at.selectbox(key="w_toy_n_en").set_value(6).run()
    at.query_params["n"] = "8"  # back, forward, an edited link
    at.run()
    assert shown(at) == "view 8 False"
    assert at.selectbox(key="w_toy_n_en").value == 8


def test_a_widget_keeps_the_view_across_a_language_switch():
    at = AppTest.from_function(toy_page)
    at.query_params.update(n="7")
    at.run()
    at.session_state["lang"] = "fr"
    at.run()
    assert at.selectbox(key="w_toy_n_fr").value == 7
    at.selectbox(key="w_toy_n_fr").set_value(2).run()
    at.session_state["lang"] = "en"
    at.run()
    assert at.selectbox(key="w_toy_n_en").value == 2 and shown(at) == "view 2 False"
