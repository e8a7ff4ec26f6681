"""Joins, derived measures, the table command and URL state."""

import io

import pandas as pd
import pytest

from geo import DATA_DIR, data, i18n, metrics, state, story
from geo import quarters as qtr
from geo.cli import main


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


def test_thirteen_provinces_every_quarter(bundle):
    qs = metrics.quarters(bundle.panel)
    assert qs[0] == "2022-01-01"
    for q in qs:
        view = metrics.province_view(bundle.panel, bundle.provinces, q)
        assert len(view) == 13 and view["pruid"].is_unique


def test_provinces_sum_to_canada_where_one_release_has_all(bundle):
    p = bundle.panel
    for q in metrics.quarters(p):
        rows = p[p["quarter"] == q]
        prov = rows[rows["pruid"] != ""]
        canada = rows[rows["pruid"] == ""]
        same = (
            prov["npr_release_date"].nunique() == 1
            and len(canada)
            and (prov["npr_release_date"].iloc[0] == canada["npr_release_date"].iloc[0])
        )
        if prov["npr_total"].notna().sum() == 13 and same:
            assert prov["npr_total"].sum() == canada["npr_total"].iloc[0]


def test_changes_never_cross_releases():
    npr = pd.DataFrame(
        {
            "ref_date": ["2022-01-01", "2022-04-01", "2022-07-01"],
            "dguid": ["2021A000011124"] * 3,
            "npr_type": ["total"] * 3,
            "value": [100.0, 110.0, 150.0],
            "release_date": ["2023-01-01", "2023-01-01", "2024-01-01"],
            "source_url": ["u"] * 3, "source_title": ["t"] * 3, "status": [""] * 3,
            "note": [""] * 3,
        }
    )  # fmt: skip
    pop = npr.assign(value=[1000.0, 1000.0, 1000.0])
    panel = metrics.build_panel(npr, pop)
    c = panel.set_index("quarter")
    assert c.loc["2022-04-01", "change_prev"] == 10
    assert pd.isna(c.loc["2022-07-01", "change_prev"])  # a release jump is not growth
    assert pd.isna(c.loc["2022-07-01", "change_2022"])
    assert c.loc["2022-04-01", "npr_per_100"] == pytest.approx(11.0)


def test_table_command_csv(capsys, bundle):
    q = metrics.quarters(bundle.panel)[-1]
    assert main(["table", "--quarter", q, "--level", "province", "--format", "csv"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"pruid": str})
    need = {"pruid", "code", "name_en", "name_fr", "quarter", "npr_total", "population",
            "npr_per_100", *metrics.TYPES}  # fmt: skip
    assert need <= set(df.columns)
    assert len(df) == 14 and "Québec" in set(df["name_fr"])
    expected = metrics.table(bundle.panel, bundle.provinces, q)
    canada = expected[expected["code"] == "CA"]["npr_total"].iloc[0]
    assert df[df["code"] == "CA"]["npr_total"].iloc[0] == canada


def test_table_command_bad_quarter(capsys):
    assert main(["table", "--quarter", "1999-01-01"]) == 1
    assert "unknown quarter" in capsys.readouterr().err


def test_number_formats():
    assert i18n.fmt_int(3241000, "en") == "3,241,000"
    assert i18n.fmt_int(3241000, "fr") == "3\u00a0241\u00a0000"
    assert i18n.fmt_int(float("nan"), "fr") == "aucune donnée"
    assert i18n.fmt_int(None, "en") == "no data"
    assert i18n.fmt_int(48200, "en", signed=True) == "+48,200"
    assert i18n.fmt_dec(7.5, "fr") == "7,5"
    assert qtr.label("2024-10-01", "fr") == "T4 2024 (1er octobre 2024)"


QS = ["2022-01-01", "2022-04-01", "2024-10-01"]


def test_state_round_trip():
    v = state.View("2024-10-01", "npr_per_100", ("provinces",), "ON", "fr", True)
    params = state.to_params(v)
    assert state.parse({k: [x] for k, x in params.items()}, QS).view == v


@pytest.mark.parametrize(
    "params, name",
    [
        ({"quarter": ["2030-01-01"]}, "quarter"),
        ({"measure": ["<script>"]}, "measure"),
        ({"province": ["ZZ"]}, "province"),
        ({"layers": ["provinces,bogus"]}, "layers"),
        ({"lang": ["de"]}, "lang"),
        ({"embed": ["maybe"]}, "embed"),
    ],
)
def test_bad_params_fall_back_with_notice(params, name):
    parsed = state.parse(params, QS)
    assert [n.name for n in parsed.notices] == [name]
    assert parsed.view.quarter in QS


def test_quarter_aliases():
    assert state.parse({"quarter": ["2024Q4"]}, QS).view.quarter == "2024-10-01"
    assert state.parse({"quarter": ["2024-10"]}, QS).view.quarter == "2024-10-01"


def test_fisher_jenks_matches_mapclassify(bundle):
    import mapclassify
    import numpy as np

    from geo import classes

    prov = bundle.panel[bundle.panel["pruid"] != ""]
    rng = np.random.default_rng(7)
    samples = [prov[m].dropna().to_numpy() for m in metrics.MEASURES]
    samples += [rng.lognormal(10, 1.5, 200), rng.integers(0, 50, 120).astype(float)]
    for v in samples:
        v = v[~np.isnan(v)]
        if len(np.unique(v)) < 5:
            continue
        ours = classes.fisher_jenks(v, 5)
        ref = mapclassify.FisherJenks(v, k=5).bins
        np.testing.assert_allclose(ours, ref)


def test_a_measure_without_figures_is_not_offered(bundle):
    from geo import state

    panel = bundle.panel.copy()
    panel.loc[panel["pruid"] != "", "asylum_study"] = float("nan")
    offered = metrics.available_measures(panel)
    assert "asylum_study" not in offered and "npr_total" in offered
    assert metrics.available_measures(bundle.panel) == list(metrics.MEASURES)
    parsed = state.parse({"measure": "asylum_study"}, ["2024-10-01"], measures=offered)
    assert parsed.view.measure == "npr_total"
    assert [n.name for n in parsed.notices] == ["measure"]


def test_flag_one_reading_of_yes_and_no():
    for text in ("true", "1", "yes", "on", " TRUE ", "Yes"):
        assert state.flag(text) is True, text
    for text in ("false", "0", "no", "off", "", None, " No "):
        assert state.flag(text) is False, text
    for text in ("maybe", "2", "truee"):
        assert state.flag(text) is None, text
    # the map and the story read embed (and the story its switches) the same way
    assert state.parse({"embed": "on"}, ["2024-10-01"]).view.embed is True
    assert story.parse({"embed": "on", "notes": "off"}, 3)[0].embed is True
    assert [n.name for n in state.parse({"embed": "maybe"}, ["2024-10-01"]).notices] == ["embed"]


def test_a_repeated_or_padded_parameter_is_read_the_same_way_by_map_and_story():
    assert state.param(["1", " 2 "]) == "2" and state.param([]) == "" and state.param(" x ") == "x"
    assert (
        state.parse({"measure": ["npr_total", " change_prev "]}, QS).view.measure == "change_prev"
    )
    assert story.parse({"chapter": ["1", " 3 "]}, 10)[0].chapter == 3
