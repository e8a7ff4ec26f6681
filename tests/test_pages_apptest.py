"""AppTest of the profile, events and sources pages: URL state, bad codes, empty filters."""

import pytest
from streamlit.testing.v1 import AppTest

from geo import DATA_DIR, ROOT, data, i18n, metrics, profile, sources, statcan
from tests.notices import notices

APP = ROOT / "app.py"


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


def run(page: str, **params) -> AppTest:
    """The app with `params` in the URL, switched to pages/<page>.py."""
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params.update(params)
    at.run()
    at.switch_page(f"views/{page}.py")
    at.query_params.clear()  # the map page wrote its own view into the URL
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += notices(at) + [i.value for i in at.info]
    return " ".join(str(p) for p in parts)


# ---------------------------------------------------------------- profiles


def test_profile_from_url(bundle):
    at = run("province", province="qc", quarter="2024-10-01")
    assert not notices(at)
    assert at.session_state["pp_province"] == "QC"
    assert at.session_state["pp_quarter"] == "2024-10-01"
    assert at.query_params["province"] == "QC"
    info = profile.province_info(bundle.provinces, "QC")
    assert profile.summary(bundle.panel, info, "2024-10-01", "en") in texts(at)
    assert any(h.value == "Quebec" for h in at.header)
    npr = next(m.value for m in at.metric if m.label == "NPRs")
    row = profile.row(bundle.panel, "24", "2024-10-01")
    assert npr == i18n.fmt_int(row.get("npr_total"), "en")
    has_counts = len(profile.type_series(bundle.panel, "24", metrics.quarters(bundle.panel)))
    assert len(at.get("vega_lite_chart")) == (2 if has_counts else 1)  # no empty chart
    assert len(at.dataframe) >= 2  # chart data and CMAs
    assert "no quarterly NPR counts for CMAs" in texts(at)


def test_profile_default_quarter_and_french(bundle):
    at = run("province", province="MB", lang="fr")
    quarters = metrics.quarters(bundle.panel)
    assert at.session_state["pp_quarter"] == profile.default_quarter(bundle.panel, "46", quarters)
    assert at.title[0].value == "Profils provinciaux"
    assert "Manitoba" in texts(at)


def test_profile_bad_code_shows_notice_and_chooser():
    at = run("province", province="ZZ<script>")
    notice = " ".join(notices(at))
    assert "No province or territory has the code “ZZ<script>”" in notice
    assert at.session_state["pp_province"] is None
    assert "Pick a province or territory" in texts(at)
    assert len(at.selectbox) >= 1
    at = run("province", province="XX", lang="fr")
    assert "Aucune province ni aucun territoire n’a le code « XX »" in notices(at)[0]


def test_profile_bad_quarter_falls_back_with_notice(bundle):
    at = run("province", province="ON", quarter="1999-01-01")
    assert "“quarter”" in " ".join(notices(at))
    quarters = metrics.quarters(bundle.panel)
    assert at.session_state["pp_quarter"] == profile.default_quarter(bundle.panel, "35", quarters)


def test_profile_province_without_events_or_cmas():
    at = run("province", province="NU")
    assert "No mapped events in Nunavut." in texts(at)
    assert "Nunavut has no census metropolitan area." in texts(at)


def test_profile_choosing_a_province_writes_the_url():
    at = run("province")
    at.selectbox(key="pp_province").set_value("BC").run()
    assert not at.exception
    assert at.query_params["province"] == "BC"
    assert any(h.value == "British Columbia" for h in at.header)


def test_profile_policy_toggle_adds_rules():
    at = run("province", province="QC")
    before = len(str(at.get("vega_lite_chart")[0].proto.spec))
    at.toggle(key="pp_policy").set_value(True).run()
    assert not at.exception
    assert len(str(at.get("vega_lite_chart")[0].proto.spec)) > before


# ---------------------------------------------------------------- events


def test_events_filters_from_url(bundle):
    at = run("events", type="rally,protest", province="ON")
    assert at.session_state["ex_types"] == ["rally", "protest"]
    assert at.session_state["ex_provinces"] == ["ON"]
    ev = bundle.events
    n = len(ev[ev["event_type"].isin(["rally", "protest"]) & (ev["province"] == "ON")])
    assert f"{n} of {len(ev)} events match." in texts(at)
    assert len(at.get("deck_gl_json_chart")) == 1
    assert not notices(at)


def test_events_nothing_matches_is_an_empty_state():
    at = run("events", q="zzz-no-such-event-zzz", lang="fr")
    assert not at.exception
    assert any("Aucun événement ne correspond" in i.value for i in at.info)
    assert not at.get("deck_gl_json_chart")
    at.button(key="ex_clear_empty").click().run()
    assert not at.exception and not at.info
    assert "q" not in at.query_params


def test_events_bad_params_notice():
    at = run("events", type="nope", province="XX")
    text = " ".join(notices(at))
    assert "“type”" in text and "“province”" in text


def test_events_search_writes_url():
    at = run("events")
    at.text_input(key="ex_q").input("PEQ").run()
    assert at.query_params["q"] == "PEQ"


# ---------------------------------------------------------------- sources


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sources_page(bundle, lang):
    at = run("sources", lang=lang)
    assert at.title[0].value == i18n.t("page_sources", lang)
    codes = " ".join(c.value for c in at.code)
    assert sources.table_citation(statcan.NPR, lang) in codes
    assert sources.attribution(statcan.NPR, bundle.npr, lang) in codes
    endorse = "endorsement" if lang == "en" else "approbation"
    assert endorse in codes
    body = texts(at)
    assert "python -m geo refresh" in body and "python -m geo build-boundaries" in body
    assert "CC BY 4.0" in body
    for r in sources.releases(bundle.npr)["release_date"]:
        assert any(r in str(df.value.to_string()) for df in at.dataframe)
