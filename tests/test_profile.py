"""Province profiles: summary text, chart series, tables and findings from tiny panels."""

import math

import pandas as pd
import pytest

from geo import charts, i18n, metrics, profile

CA = "2021A000011124"
QC = "2021A000224"
PROVINCES = pd.DataFrame(
    {
        "pruid": ["24", "46"],
        "code": ["QC", "MB"],
        "name_en": ["Quebec", "Manitoba"],
        "name_fr": ["Québec", "Manitoba"],
    }
)
QUARTERS = ["2022-01-01", "2022-04-01", "2022-07-01", "2022-10-01"]


def _rows(dguid, ref, typ, value, release="2024-09-25"):
    return {
        "ref_date": ref, "dguid": dguid, "npr_type": typ, "value": value,
        "release_date": release, "source_url": "https://example.org", "source_title": "t",
        "status": "", "note": "",
    }  # fmt: skip


@pytest.fixture
def panel():
    npr = pd.DataFrame(
        [
            _rows(CA, "2022-01-01", "total", 1000.0),
            _rows(CA, "2022-04-01", "total", 1100.0),
            _rows(CA, "2022-10-01", "total", 1300.0, "2025-09-24"),
            _rows(QC, "2022-01-01", "total", 200.0),
            _rows(QC, "2022-04-01", "total", 260.0),
            _rows(QC, "2022-04-01", "asylum", 60.0),
            _rows(QC, "2022-04-01", "work_only", 120.0),
            _rows(QC, "2022-10-01", "total", 250.0, "2024-12-17"),
        ]
    )
    pop = pd.DataFrame(
        [_rows(d, q, "", v) for d, v in ((CA, 20000.0), (QC, 5000.0)) for q in QUARTERS[:3]]
        + [_rows("2021A000246", q, "", 1400.0) for q in QUARTERS[:3]]
    ).drop(columns="npr_type")
    return metrics.build_panel(npr, pop)


def info(code="QC"):
    return profile.province_info(PROVINCES, code)


def test_province_info_accepts_any_case_and_rejects_unknown():
    assert info("qc")["pruid"] == "24"
    assert profile.province_info(PROVINCES, "ZZ") is None
    assert profile.province_info(PROVINCES, "") is None
    assert profile.province_info(PROVINCES, None) is None


def test_default_quarter_is_latest_with_a_figure(panel):
    assert profile.default_quarter(panel, "24", QUARTERS) == "2022-10-01"
    # no provincial NPR figure: the latest with its population and Canada's figure
    assert profile.default_quarter(panel, "46", QUARTERS) == "2022-04-01"
    assert profile.default_quarter(panel, "46", QUARTERS[:1]) == "2022-01-01"
    # nothing for the province at all: Canada's latest, never a quarter without data
    assert profile.default_quarter(panel, "59", QUARTERS) == "2022-10-01"
    assert profile.default_quarter(panel[panel["pruid"] == "59"], "59", QUARTERS) == QUARTERS[-1]


def test_summary_with_figures_reads_numbers_from_the_panel(panel):
    text = profile.summary(panel, info(), "2022-04-01", "en")
    # 260 / 5000 * 100 = 5.20; Canada 1100 / 20000 * 100 = 5.50
    assert text.startswith("On 1 April 2022, Quebec had 260 non-permanent residents")
    assert "5.20 per 100 residents, 0.30 points below the national rate of 5.50." in text
    assert "+60" in text  # change since the previous quarter (same release)
    fr = profile.summary(panel, info(), "2022-04-01", "fr")
    assert fr.startswith("Québec, au 1er avril 2022\u00a0: 260 résidents non permanents")
    assert "5,20 pour 100 habitants, 0,30 point au-dessous du taux national de 5,50." in fr


def test_summary_above_national_rate(panel):
    text = profile.summary(panel, info(), "2022-01-01", "en")
    # 200/5000 = 4.00 against 1000/20000 = 5.00
    assert "1.00 point below" in text
    panel2 = panel.copy()
    panel2.loc[(panel2["pruid"] == "24") & (panel2["quarter"] == "2022-01-01"), "npr_per_100"] = 6
    assert "1.00 point above the national rate of 5.00" in profile.summary(
        panel2, info(), "2022-01-01", "en"
    )


def test_summary_without_figures_says_what_is_known(panel):
    mb = info("MB")
    text = profile.summary(panel, mb, "2022-04-01", "en")
    assert "no NPR count for Manitoba on 1 April 2022 (no data)" in text
    assert "Its population was 1,400." in text
    assert "Canada as a whole had 1,100 NPRs (5.50 per 100 residents)." in text
    assert " 0 " not in text and "0 non-permanent" not in text
    fr = profile.summary(panel, mb, "2022-04-01", "fr")
    assert "aucune donnée" in fr and "1\u00a0400" in fr


def test_summary_without_canada_or_population(panel):
    text = profile.summary(panel, info("MB"), "2022-07-01", "en")
    assert "no Canada-wide figure" in text
    # figure but no population: no rate, said plainly
    text = profile.summary(panel, info(), "2022-10-01", "en")
    assert "250" in text and "no rate per 100 residents" in text


def test_summary_flags_mixed_releases(panel):
    p = panel.copy()
    p.loc[p["pruid"] == "24", "population"] = 5000.0
    p["npr_per_100"] = p["npr_total"] / p["population"] * 100
    p.loc[p["pruid"] == "", "npr_per_100"] = 6.5
    text = profile.summary(p, info(), "2022-10-01", "en")
    assert "release of 2024-12-17" in text and "2025-09-24" in text


def test_type_series_has_only_published_figures(panel):
    s = profile.type_series(panel, "24", QUARTERS)
    assert set(s["quarter"]) == {"2022-01-01", "2022-04-01", "2022-10-01"}  # 2022-07: no row
    assert not (s["value"] == 0).any()
    q2 = s[s["quarter"] == "2022-04-01"].set_index("type")["value"]
    assert q2.to_dict() == {"npr_total": 260.0, "work_only": 120.0, "asylum": 60.0}


def test_rate_series_keeps_gaps_as_nan(panel):
    r = profile.rate_series(panel, info(), QUARTERS, "fr")
    assert len(r) == 2 * len(QUARTERS)
    assert set(r["geo"]) == {"Québec", "Canada"}
    qc = r[r["geo"] == "Québec"].set_index("quarter")["value"]
    assert qc["2022-01-01"] == pytest.approx(4.0)
    assert math.isnan(qc["2022-07-01"]) and math.isnan(qc["2022-10-01"])


def test_table_formats_and_says_no_data(panel):
    tb = profile.table(panel, info(), QUARTERS, "en")
    assert list(tb["Quarter"]) == ["Q1 2022", "Q2 2022", "Q3 2022", "Q4 2022"]
    assert list(tb["Non-permanent residents"]) == ["200", "260", "no data", "250"]
    assert tb["Per 100 residents, Quebec"].iloc[1] == "5.20"
    assert tb["Per 100 residents, Canada"].iloc[2] == "no data"
    fr = profile.table(panel, info(), QUARTERS, "fr")
    assert fr["Résidents non permanents"].iloc[2] == "aucune donnée"


def test_findings(panel):
    text = profile.total_finding(panel, info(), QUARTERS, "en")
    assert "200 NPRs on 1 January 2022, 250 on 1 October 2022 (3 quarters" in text
    assert "highest figure was 260 on 1 April 2022" in text
    assert "no NPR figures for Manitoba" in profile.total_finding(panel, info("MB"), QUARTERS, "en")
    rate = profile.rate_finding(panel, info(), QUARTERS, "en")
    assert "above Canada’s in 0 of the 2 quarters" in rate
    assert "5.20 against 5.50" in rate


def test_cmas_include_shared_areas():
    cmas = pd.DataFrame(
        {
            "cmauid": ["505", "462", "602"],
            "name_en": ["Ottawa - Gatineau", "Montréal", "Winnipeg"],
            "name_fr": ["Ottawa - Gatineau", "Montréal", "Winnipeg"],
            "pruid": ["35", "24", "46"],
            "pruids": ["35;24", "24", "46"],
        }
    )
    assert list(profile.province_cmas(cmas, "24")["cmauid"]) == ["462", "505"]
    assert list(profile.province_cmas(cmas, "46")["cmauid"]) == ["602"]
    assert profile.province_cmas(cmas, "62").empty


def test_headline_share_only_within_one_release(panel):
    h = profile.headline(panel, "24", "2022-04-01")
    assert h["share_of_canada"] == pytest.approx(260 / 1100 * 100)
    assert math.isnan(profile.headline(panel, "24", "2022-10-01")["share_of_canada"])


def test_charts_build_without_zero_filling(panel):
    s = profile.type_series(panel, "24", QUARTERS)
    spec = charts.types_chart(s, QUARTERS, "fr").to_dict()
    assert "layer" in spec
    r = profile.rate_series(panel, info(), QUARTERS, "en")
    rc = charts.rate_chart(r, "en").to_dict()
    assert rc["layer"][0]["mark"]["invalid"] == "break-paths-show-domains"
    assert i18n.t("no_data", "en") not in str(spec)  # formatted values only for real figures
