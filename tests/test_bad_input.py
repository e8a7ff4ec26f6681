"""Bad input never breaks a page: random URL parameters on every page (hypothesis),
HTML in events as text, and a missing or corrupt data file at start-up."""

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from geo import DATA_DIR, ROOT
from tests.notices import notices

APP = ROOT / "app.py"
PAGES = ["map", "story", "province", "events", "sources"]
PARAMS = ["quarter", "measure", "layers", "province", "lang", "embed", "chapter", "presenter",
          "contrast", "notes", "from", "to", "type", "actor", "q"]  # fmt: skip

values = st.one_of(
    st.text(max_size=40),  # unicode, empty
    st.text(alphabet="0123456789-Q", max_size=12),  # date-like
    st.sampled_from(
        [
            "2024-10-01",
            "ON",
            "fr",
            "true",
            "99999",
            "-1",
            "0",
            "<script>x</script>",
            "javascript:alert(1)",
            "provinces,events",
            "%00",
            "é" * 3,
            "🙂",
        ]
    ),  # fmt: skip
    st.just("x" * 5000),  # huge
)
params = st.dictionaries(
    st.sampled_from(PARAMS), st.lists(values, min_size=1, max_size=3), max_size=5
)


def open_page(page: str, query: dict[str, list[str]]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    for k, vs in query.items():
        at.query_params[k] = vs  # repeated values stay repeated
    at.run()
    if page != "map":
        at.switch_page(f"views/{page}.py")
        for k, vs in query.items():
            at.query_params[k] = vs
        at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=params)
def test_random_url_parameters_never_raise(page, query):
    at = open_page(page, query)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not notices(at, "error"), notices(at, "error")


def test_bad_parameter_is_named_in_a_notice():
    at = open_page("map", {"quarter": ["<b>2030</b>"]})
    notice = " ".join(notices(at))
    assert "“quarter”" in notice and "2030" in notice


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d)
    monkeypatch.setenv("NPR_DATA_DIR", str(d))
    return d


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: (d / "statcan" / "npr_quarterly.csv").unlink(),
        lambda d: (d / "statcan" / "population_quarterly.csv").write_bytes(b"\xff\xfe garbage"),
        lambda d: (d / "boundaries" / "provinces.geojson").write_text("{ not json"),
        lambda d: (d / "events" / "events.csv").write_text("id,date\n1,2"),
    ],
    ids=["missing npr", "corrupt population", "corrupt geometry", "wrong events columns"],
)
def test_broken_data_file_at_startup_gives_a_clear_page(data_copy, damage):
    import importlib

    import geo
    from ui import cache

    damage(data_copy)
    importlib.reload(geo)
    try:
        cache.DATA_DIR = geo.DATA_DIR
        cache.loaded.clear()
        # serve.py's preload returns the problem (its readiness reason) without raising,
        # and leaves it to the page too
        assert "To fix" in cache.warm()
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        message = " ".join(notices(at, "error") + notices(at, "info"))
        assert "could not be loaded" in message
        assert "git checkout -- data/" in message or "python -m geo" in message
    finally:
        cache.DATA_DIR = geo.DATA_DIR = DATA_DIR  # later tests read the shipped data
        cache.loaded.clear()
