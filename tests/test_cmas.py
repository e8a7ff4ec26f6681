"""CMA figures (17-10-0149-01 net NPRs) and CMA polygons."""

import csv
import io
from contextlib import redirect_stdout

import pandas as pd
import pytest
import shapely

from geo import DATA_DIR, boundaries, cmaflows, data
from geo.cli import main

RAW = DATA_DIR / "raw" / "statcan" / "statcan_17100149_net_npr_by_cma_release_2026-01-14.csv"


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


def raw_rows() -> list[dict]:
    with open(RAW, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_table_cli_prints_41_cmas_per_year_equal_to_the_reference():
    raw = {(r["REF_DATE"], r["DGUID"]): int(r["VALUE"]) for r in raw_rows()}
    for year in ("2021/2022", "2022/2023", "2023/2024", "2024/2025"):
        buf = io.StringIO()
        with redirect_stdout(buf):
            assert main(["table", "--level", "cma", "--year", year, "--format", "csv"]) == 0
        df = pd.read_csv(io.StringIO(buf.getvalue()), dtype={"cmauid": str})
        assert len(df) == 41 and df["net_npr"].notna().all()
        for _, r in df.iterrows():
            assert r["net_npr"] == raw[(year, f"2021S0503{r['cmauid']}")], (year, r["cmauid"])
        assert (df["preliminary"] == (year == "2024/2025")).all()
        assert (df["estimates_release"] == "2025-09-24").all()
        assert (df["release_date"] == "2026-01-14").all()


def test_flows_add_up_and_belong_to_the_2025_release(bundle):
    f = bundle.cma_flows
    for year, g in f.groupby("year"):
        whole = g[(g["cmauid"] != "") & (g["part_pruid"] == "")]
        all_cmas = g[g["geo"] == "All census metropolitan areas, Canada"]["value"].iloc[0]
        assert whole["value"].sum() == all_cmas, year
        parts = g[g["part_pruid"] != ""]["value"].sum()
        assert parts == whole[whole["cmauid"] == "505"]["value"].iloc[0], year
    assert bundle.cma_estimates == "2025-09-24"  # Canada's flows = changes in that release
    negative = cmaflows.values_for(f, "2024/2025")["value"] < 0
    assert negative.sum() == 16


@pytest.mark.parametrize(
    ("quarter", "year"),
    [("2021-07-01", "2021/2022"), ("2022-04-01", "2021/2022"), ("2024-10-01", "2024/2025"),
     ("2025-04-01", "2024/2025"), ("2025-07-01", None), ("2021-04-01", None)],
)  # fmt: skip
def test_a_quarter_maps_to_the_year_that_contains_it(bundle, quarter, year):
    assert cmaflows.year_of(quarter, cmaflows.years(bundle.cma_flows)) == year


def test_province_parts_list_ottawa_gatineau_by_its_part(bundle):
    on = cmaflows.province_parts(bundle.cma_flows, bundle.cmas, "35")
    qc = cmaflows.province_parts(bundle.cma_flows, bundle.cmas, "24")
    ott_on = on[(on["cmauid"] == "505") & (on["year"] == "2023/2024")]
    ott_qc = qc[(qc["cmauid"] == "505") & (qc["year"] == "2023/2024")]
    assert ott_on["part"].all() and ott_qc["part"].all()
    assert ott_on["value"].iloc[0] + ott_qc["value"].iloc[0] == 21750
    assert "535" in set(on["cmauid"]) and "535" not in set(qc["cmauid"])


def test_cma_polygons_inside_their_provinces_and_small(bundle):
    polys = bundle.cma_polygons
    assert len(polys) == 41 and polys.geometry.is_valid.all()
    assert not polys.geometry.is_empty.any()
    prov = {r["pruid"]: r.geometry for _, r in bundle.provinces.iterrows()}
    for _, r in polys.iterrows():
        land = shapely.union_all([prov[p] for p in r["pruids"].split(";")])
        outside = shapely.difference(r.geometry, land.buffer(1e-6)).area
        assert outside < 0.01 * r.geometry.area, r["cmauid"]  # rounding to 0.001°
    total = sum(
        (DATA_DIR / "boundaries" / n).stat().st_size for n in ("provinces.geojson", "cmas.geojson")
    )
    assert total <= 200_000


def test_cma_polygons_rebuild_byte_identical(tmp_path):
    (tmp_path / "boundaries").mkdir()
    for name in ("provinces.geojson", "provinces.csv", "cmas.csv"):
        (tmp_path / "boundaries" / name).write_bytes((DATA_DIR / "boundaries" / name).read_bytes())
    src = DATA_DIR / "raw" / "boundaries" / "cma_2021_boundaries_simplified.geojson"
    assert (
        main(["build-boundaries", "--cmas", str(src), "--cmas-only", "--data-dir", str(tmp_path)])
        == 0
    )
    built = (tmp_path / "boundaries" / "cmas.geojson").read_bytes()
    assert built == (DATA_DIR / "boundaries" / "cmas.geojson").read_bytes()


def test_truncated_cma_file_is_refused(tmp_path, capsys):
    lines = RAW.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "cma.csv"
    bad.write_text("\n".join(x for x in lines if "Toronto" not in x) + "\n", encoding="utf-8")
    d = tmp_path / "data"
    args = [
        "refresh",
        "--from-file",
        str(bad),
        "--release-date",
        "2026-01-14",
        "--data-dir",
        str(d),
    ]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "40 of 41 CMAs" in err and len(err.strip().splitlines()) == 1
    assert not (d / "statcan" / "npr_net_cma.csv").exists()
    with pytest.raises(boundaries.BoundaryBuildError):
        boundaries.build_cma_polygons(RAW)  # not a boundary file


def test_cma_layer_colours_the_year_that_contains_the_quarter(bundle):
    from geo import classes, layers, metrics

    breaks = layers.all_breaks(bundle.panel, bundle.cma_flows)
    cma = breaks[cmaflows.MEASURE]
    assert cma.lower < 0 < cma.bounds[-1] and 0.0 in cma.bounds  # diverging, zero a break
    quarters = metrics.quarters(bundle.panel)
    fc = layers.cmas_geojson(
        bundle.cma_polygons, bundle.cma_flows, quarters, cma, bundle.cma_estimates
    )
    toronto = next(f["properties"] for f in fc["features"] if f["properties"]["cmauid"] == "535")
    assert toronto["c|2024-10-01|cma_net"] == classes.rgb(cma.colour_of(-44792), 235)
    assert toronto["c|2023-10-01|cma_net"] == classes.rgb(cma.colour_of(228025), 235)
    assert toronto["c|2025-07-01|cma_net"][3] == 0  # no year holds this quarter: no colour
    tip = toronto["t|2024-10-01|en"]
    assert "Toronto" in tip and "1 July 2024 to 30 June 2025 (preliminary): −44,792" in tip
    assert "estimates of 2025-09-24" in tip
    assert "no CMA figure for this date" in toronto["t|2026-07-01|en"]
    assert "du 1er juillet 2023 au 30 juin 2024\u00a0: +228\u00a0025" in toronto["t|2023-10-01|fr"]


def test_cma_in_the_url(bundle):
    from geo import state

    ids = set(bundle.cmas["cmauid"])
    p = state.parse({"cma": ["535"]}, ["2024-10-01"], cma_ids=ids)
    assert p.view.cma == "535" and not p.notices
    assert state.to_params(p.view)["cma"] == "535"
    bad = state.parse({"cma": ["<b>999</b>"]}, ["2024-10-01"], cma_ids=ids)
    assert bad.view.cma is None and [n.name for n in bad.notices] == ["cma"]
