"""AppTest of the map page: URL state, bad parameters, numbers that follow the data."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo import DATA_DIR, ROOT, data, htmltable, i18n, metrics
from geo import quarters as qtr
from tests.notices import notices, scrub_data, shown

APP = ROOT / "app.py"


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


def run(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def metric(at, label, body: str | None = None):
    """The value shown under a headline label (the headline is one HTML block, in the
    side the map's browser part shows at the page's quarter, or in `body`)."""
    import re

    body = shown(at, "side") if body is None else body
    pattern = rf'hl-label">{re.escape(label)}</div><div class="hl-value">([^<]*)<'
    return re.search(pattern, body).group(1)


def test_url_state_round_trips():
    at = run(quarter="2024-10-01", measure="npr_per_100", province="ON", layers="provinces")
    qp = {k: at.query_params[k] for k in at.query_params}
    assert qp["quarter"] == "2024-10-01"
    assert qp["measure"] == "npr_per_100"
    assert qp["province"] == "ON"
    assert qp["layers"] == "provinces"
    assert not notices(at)
    assert at.session_state["map_view"].quarter == "2024-10-01"


def test_bad_parameters_fall_back_with_notice(bundle):
    at = run(quarter="2099-01-01", measure="nope", province="XX", lang="de")
    text = " ".join(notices(at))
    for name in ("quarter", "measure", "province", "lang"):
        assert f"“{name}”" in text
    latest = metrics.quarters(bundle.panel)[-1]
    assert at.session_state["map_view"].quarter == latest
    assert at.session_state["map_view"].measure == "npr_total"


def test_quarter_changes_headline_as_data_says(bundle):
    for q in ("2024-10-01", "2023-01-01"):
        at = run(quarter=q)
        expected = metrics.canada_view(bundle.panel, q)["npr_total"]
        assert metric(at, "NPRs in Canada") == i18n.fmt_int(expected, "en")


def test_every_quarter_the_page_can_switch_to_says_what_the_data_says(bundle):
    """The page sends every quarter's parts at once and the browser switches between them
    (ui.scrub): each quarter's heading, map colours, headline and table are that
    quarter's, not the first one's."""
    at = run(quarter="2024-10-01", measure="npr_per_100")
    the_map, side, table = (scrub_data(at, role) for role in ("map", "side", "table"))
    quarters = metrics.quarters(bundle.panel)
    assert [part["quarter"] for part in the_map["quarters"]] == quarters
    assert the_map["index"] == side["index"] == table["index"] == quarters.index("2024-10-01")
    assert len(side["html"]) == len(table["html"]) == len(quarters)
    for i, q in enumerate(quarters):
        part = the_map["quarters"][i]
        assert part["label"] == qtr.label(q, "en")
        fills = [la["getFillColor"] for la in part["layers"] if la["id"] == "provinces"]
        assert fills == [f"@@=properties['c|{q}|npr_per_100']"]
        canada = metrics.canada_view(bundle.panel, q)
        assert metric(at, "NPRs in Canada", side["html"][i]) == i18n.fmt_int(
            canada["npr_total"], "en"
        )
        assert qtr.label(q, "en") in table["html"][i]


def test_french_view():
    at = run(quarter="2024-10-01", lang="fr")
    assert metric(at, "RNP au Canada")
    assert shown(at, "map")["label"] == "T4 2024 (1er octobre 2024)"


def table_html(at) -> str:
    return shown(at, "table")


def test_measure_and_quarter_change_the_table(bundle):
    for q, measure in (("2024-10-01", "asylum"), ("2023-04-01", "work_only")):
        at = run(quarter=q, measure=measure)
        html = table_html(at)
        assert i18n.t("m_" + measure, "en") in html
        view = metrics.table(bundle.panel, bundle.provinces, q).set_index("code")
        for code in ("QC", "CA"):
            value = view.loc[code, measure]
            expected = i18n.fmt_int(None if value is pd.NA else value, "en")
            assert f">{expected}</td>" in html


def test_table_has_every_province_and_escapes(bundle):
    at = run(quarter="2024-10-01", measure="asylum_work")
    html = table_html(at)
    assert ">no data</td>" not in html  # every province has a figure in this release
    assert html.count("<tr") == 1 + 13 + 1  # header, provinces, Canada
    assert "Asylum claimants and related groups: work permit only" in html
    assert "<script>alert" not in html


def test_table_says_no_data_for_a_missing_figure():
    frame = pd.DataFrame({"code": ["ON"], "name": ["Ontario <b>"], "npr_total": [float("nan")]})
    html = htmltable.sortable_table(
        frame,
        {"code": "", "name": "Name", "npr_total": "NPRs"},
        {"npr_total": str},
        "cap",
        "no data",
        "sort",
    )
    assert ">no data</td>" in html and "Ontario &lt;b&gt;" in html


def test_broken_data_shows_a_clear_page(tmp_path, monkeypatch):
    from ui import cache

    def broken(_):
        raise data.LoadError("data/statcan/npr_quarterly.csv is missing; restore it")

    monkeypatch.setattr(data, "load", broken)
    cache.loaded.clear()
    try:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        assert not at.exception
        assert any("could not be loaded" in e for e in notices(at, "error"))
    finally:
        cache.loaded.clear()
