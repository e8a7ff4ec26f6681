"""`geo table` against the raw reference tables, read here independently with csv."""

import csv
import io
from contextlib import redirect_stdout

import pandas as pd

from geo import DATA_DIR, metrics, statcan
from geo.cli import main

RAW = DATA_DIR / "raw" / "statcan"


def raw_values(name: str, member: str | None) -> dict[tuple[str, str], int]:
    """{(quarter, dguid): value} from a raw full-table CSV (YYYY-MM or YYYY-MM-DD)."""
    out = {}
    with open(RAW / name, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if member and row["Non-permanent resident types"] != member:
                continue
            ref = row["REF_DATE"] if len(row["REF_DATE"]) == 10 else row["REF_DATE"] + "-01"
            out[(ref, row["DGUID"])] = int(row["VALUE"])
    return out


def table(*args: str) -> pd.DataFrame:
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["table", "--format", "csv", *args]) == 0
    return pd.read_csv(io.StringIO(buf.getvalue()), dtype={"pruid": str})


def test_every_quarter_gives_all_13_provinces_equal_to_the_reference():
    npr = raw_values("statcan_17100121_release_2026-09-23.csv", "Total, non-permanent residents")
    pop = raw_values("statcan_17100009_release_2026-09-23.csv", None)
    quarters = [q for q in sorted({q for q, _ in npr}) if q >= "2022-01-01"]
    assert quarters[0] == "2022-01-01" and quarters[-1] == "2026-07-01"
    for q in quarters:
        df = table("--quarter", q)
        prov = df[df["code"] != "CA"]
        assert len(prov) == 13
        assert prov[["npr_total", "population", "npr_per_100"]].notna().all().all(), q
        assert (df["npr_release_date"] == "2026-09-23").all()
        assert (df["pop_release_date"] == "2026-09-23").all()
        for _, r in df.iterrows():
            dguid = statcan.CANADA_DGUID if r["code"] == "CA" else f"2021A0002{r['pruid']}"
            assert r["npr_total"] == npr[(q, dguid)], (q, r["code"])
            assert r["population"] == pop[(q, dguid)], (q, r["code"])
            assert abs(r["npr_per_100"] - npr[(q, dguid)] / pop[(q, dguid)] * 100) < 0.006


def test_an_earlier_release_prints_on_its_own(capsys):
    old = raw_values("statcan_17100121_release_2025-09-24.csv", "Total, non-permanent residents")
    df = table("--release", "2025-09-24", "--quarter", "2024-10-01")
    ca = df[df["code"] == "CA"].iloc[0]
    assert ca["npr_total"] == old[("2024-10-01", statcan.CANADA_DGUID)]
    assert df["population"].isna().all() and df["npr_per_100"].isna().all()  # never mixed
    assert main(["table", "--release", "2001-01-01"]) == 1
    assert "unknown release" in capsys.readouterr().err
    assert (
        metrics.quarters(
            metrics.build_panel(
                statcan.load_snapshot(DATA_DIR, statcan.NPR),
                statcan.load_snapshot(DATA_DIR, statcan.POP),
            )
        )[-1]
        == "2026-07-01"
    )
