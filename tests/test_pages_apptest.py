"""AppTest of the profile, events and sources pages: URL state, bad codes, empty filters."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from geo import DATA_DIR, ROOT, cmaflows, data, i18n, metrics, profile, safe, sources, statcan
from geo import quarters as qtr
from tests.notices import notices

APP = ROOT / "app.py"


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


def run(page: str, **params) -> AppTest:
    """The app with `params` in the URL, switched to views/<page>.py."""
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


def unescaped(markdown: str) -> str:
    """Markdown source as read: the backslash escapes of safe.markdown taken out."""
    return re.sub(r"\\([!-/:-@[-`{-~])", r"\1", markdown)


# ---------------------------------------------------------------- profiles


def test_profile_from_url(bundle):
    at = run("province", province="qc", quarter="2024-10-01")
    assert not notices(at)
    assert at.session_state["pp_view"].province == "QC"
    assert at.session_state["pp_view"].quarter == "2024-10-01"
    assert at.query_params["province"] == "qc"  # the link as it came, until a change
    info = profile.province_info(bundle.provinces, "QC")
    assert profile.summary(bundle.panel, info, "2024-10-01", "en") in texts(at)
    assert any(h.value == "Quebec" for h in at.header)
    npr = next(m.value for m in at.metric if m.label == "NPRs")
    row = profile.row(bundle.panel, "24", "2024-10-01")
    assert npr == i18n.fmt_int(row.get("npr_total"), "en")
    has_counts = len(profile.type_series(bundle.panel, "24", metrics.quarters(bundle.panel)))
    assert len(at.get("vega_lite_chart")) == (3 if has_counts else 2)  # no empty chart
    rev = (
        "Quebec, 1 October 2024: 614,677 as first printed (17 December 2024), 568,751 in the "
        "release of 24 September 2025 and 553,727 in the release of 23 September 2026, the one "
        "this app shows."
    )
    assert rev in texts(at)
    assert len(at.dataframe) >= 2  # chart data and CMAs
    assert "net change over each year from July 1 to June 30" in texts(at)
    assert "release of 14 January 2026, from the estimates released on 24 September 2025" in texts(
        at
    )
    cma_table = next(df.value for df in at.dataframe if "CMA code" in df.value.columns)
    montreal = cma_table[cma_table["CMA code"] == "462"].iloc[0]
    assert montreal["Net change in NPRs, 2023/2024"] == "+98,757"
    ottawa = cma_table[cma_table["CMA code"] == "505"].iloc[0]
    assert ottawa["Name"] == "Ottawa - Gatineau (part in this province)"
    assert ottawa["Net change in NPRs, 2023/2024"] == "+4,675"  # the Quebec part


def test_profile_default_quarter_and_french(bundle):
    at = run("province", province="MB", lang="fr")
    quarters = metrics.quarters(bundle.panel)
    assert at.session_state["pp_view"].quarter == profile.default_quarter(
        bundle.panel, "46", quarters
    )
    assert at.title[0].value == "Profils provinciaux"
    assert "Manitoba" in texts(at)


def test_profile_bad_code_shows_notice_and_chooser():
    at = run("province", province="ZZ<script>")
    notice = " ".join(notices(at))
    assert "No province or territory has the code “ZZ<script>”" in notice
    assert at.session_state["pp_view"].province is None
    assert "Pick a province or territory" in texts(at)
    assert len(at.selectbox) >= 1
    at = run("province", province="XX", lang="fr")
    assert "Aucune province ni aucun territoire n’a le code « XX »" in notices(at)[0]


def test_profile_bad_quarter_falls_back_with_notice(bundle):
    at = run("province", province="ON", quarter="1999-01-01")
    assert "“quarter”" in " ".join(notices(at))
    quarters = metrics.quarters(bundle.panel)
    assert at.session_state["pp_view"].quarter == profile.default_quarter(
        bundle.panel, "35", quarters
    )


def test_profile_province_without_events_or_cmas():
    at = run("province", province="NU")
    assert "No mapped events in Nunavut." in texts(at)
    assert "Nunavut has no census metropolitan area." in texts(at)


def test_profile_choosing_a_province_writes_the_url():
    at = run("province")
    at.selectbox(key="w_pp_province_en").set_value("BC").run()
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
    assert at.session_state["ex_view"].types == ["rally", "protest"]
    assert at.session_state["ex_view"].provinces == ["ON"]
    ev = bundle.events
    n = len(ev[ev["event_type"].isin(["rally", "protest"]) & (ev["province"] == "ON")])
    assert safe.markdown(f"{n} of {len(ev)} events match.") in texts(at)  # Markdown source
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
    at.text_input(key="w_ex_text_en").input("PEQ").run()
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
    body = unescaped(texts(at))
    assert "python -m geo refresh" in body and "python -m geo build-boundaries" in body
    assert "CC BY 4.0" in body
    for r in sources.releases(bundle.npr)["release_date"]:
        assert any(r in str(df.value.to_string()) for df in at.dataframe)
    revised = {
        "en": "Canada, 1 October 2024: 3,049,277 as first printed (17 December 2024), 3,149,131 "
        "in the release of 24 September 2025 and 2,984,285 in the release of 23 September 2026",
        "fr": "Canada, 1er octobre 2024\u00a0: 3\u00a0049\u00a0277 à la première publication "
        "(17 décembre 2024), 3\u00a0149\u00a0131 dans la diffusion du 24 septembre 2025 et "
        "2\u00a0984\u00a0285 dans la diffusion du 23 septembre 2026",
    }[lang]
    assert revised in body
    # coverage of the app's quarters, as the grid of the snapshot's totals gives it
    quarters = metrics.quarters(bundle.panel)
    cells = sources.coverage_grid(bundle.npr, bundle.provinces, quarters).drop(columns="quarter")
    present = int((cells == "●").sum().sum())
    coverage = i18n.t(
        "src_coverage", lang, quarters=len(quarters), geos=cells.shape[1],
        first=qtr.short(quarters[0], lang), last=qtr.short(quarters[-1], lang),
        present=i18n.fmt_int(present, lang), pct=i18n.fmt_pct(present / cells.size * 100, lang, 0),
    )  # fmt: skip
    assert coverage in body
    # the number of CMAs is read from the data: the boundary file's and the flows' own
    cmas = i18n.t("src_cma_measures", lang, cmas=len(bundle.cmas))
    assert cmas in body
    held = cmaflows.whole_cmas(bundle.cma_flows)["cmauid"].nunique()
    assert {"en": f"each of the {held} CMAs", "fr": f"chacune des {held} RMR"}[lang] in body


def test_events_filtered_by_cma():
    at = run("events", cma="535")
    assert not at.warning
    assert at.session_state["ex_view"].cmas == ["535"]
    assert at.query_params["cma"] == "535"
    from geo import DATA_DIR, data

    n = int((data.load(DATA_DIR).events["cma"] == "535").sum())
    assert f"{n} of " in texts(at) or f"{n} sur " in texts(at)
