"""Charts (geo/charts.py) as Vega-Lite specs: dates on UTC scales, axes in the language."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import DATA_DIR, charts, data, explore, metrics, profile, statcan, vintages


@pytest.fixture(scope="module")
def b() -> data.Bundle:
    return data.load(DATA_DIR)


def specs(b, lang: str) -> dict[str, dict]:
    """Every chart of the app, with the policy-change rules where a page can show them."""
    quarters = metrics.quarters(b.panel)
    info = profile.province_info(b.provinces, "ON")
    rules = charts.policy_rules(b.events, lang, quarters[0])
    series = metrics.series(b.panel, info["pruid"])
    built = {
        "types": charts.types_chart(
            profile.type_series(b.panel, info["pruid"], quarters), quarters, lang, rules
        ),
        "rate": charts.rate_chart(profile.rate_series(b.panel, info, quarters, lang), lang, rules),
        "sparkline": charts.sparkline(series, quarters[-1], quarters, lang),
        "timeline": charts.timeline_chart(explore.per_month(b.events, lang), lang, rules),
        "revisions": charts.revisions_chart(
            vintages.revisions(b.npr, b.vintages, statcan.CANADA_DGUID), lang
        ),
    }
    return {name: chart.to_dict() for name, chart in built.items()}


def walk(node, key: str):
    """Every value under `key` anywhere in a spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from walk(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v, key)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_dates_are_placed_and_labelled_in_utc(b, lang):
    """The data's days are UTC midnight in a browser: on a local scale a reader in Canada
    saw April's events in March's bar, and each quarter's point the evening before."""
    for name, spec in specs(b, lang).items():
        temporal = [
            enc
            for enc in walk(spec, "x")
            if isinstance(enc, dict) and enc.get("type") == "temporal"
        ]
        assert temporal, name
        for enc in temporal:
            assert enc.get("scale", {}).get("type") == "utc", (name, enc)
            assert str(enc.get("timeUnit", "utc")).startswith("utc"), (name, enc)
        for expr in walk(spec, "labelExpr"):
            local = expr.replace("utcmonth(", "").replace("utcyear(", "")
            assert "month(" not in local and "year(" not in local, (name, expr)


def test_french_axes_write_numbers_the_french_way(b):
    """No axis of a French chart uses d3's English number format (1.5M): its compact
    numbers come from charts.compact_number (1,5 M)."""
    for name, spec in specs(b, "fr").items():
        assert "~s" not in list(walk(spec, "format")), name


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_long_axes_show_every_year_and_legends_fit_a_phone(b, lang):
    """Over more than two years, every tick label is a year (months crowded them out on a
    phone) and the axis starts on a January, so its first year is named; a legend's labels
    are never cut (long ones take two lines) and do not take the bars' height."""
    for name, spec in specs(b, lang).items():
        if name == "sparkline":  # years only, its own axis
            continue
        x = next(e for e in walk(spec, "x") if isinstance(e, dict) and "axis" in e)
        assert (
            x["axis"]["labelExpr"] == "utcmonth(datum.value) == 0 ? '' + utcyear(datum.value) : ''"
        )
        assert x["scale"]["domain"][0].endswith("-01-01"), name
        assert spec["autosize"]["type"] == "fit-x", name
        for leg in walk(spec, "legend"):
            if leg and "labelExpr" in leg:
                assert leg["labelLimit"] == 0, name


def test_short_axes_name_the_months():
    spec = charts.timeline_chart(
        pd.DataFrame({"month": ["2024-03-01", "2024-05-01"], "type": ["rally", "strike"],
                      "label": ["", ""], "count": [1, 2]}), "fr"
    ).to_dict()  # fmt: skip
    x = next(e for e in walk(spec, "x") if isinstance(e, dict) and "axis" in e)
    assert "'mars'" in x["axis"]["labelExpr"]
    assert x["scale"]["domain"] == ["2024-03-01", "2024-06-01"]
