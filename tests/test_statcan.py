"""Parsing StatCan full tables, missing symbols, and the atomic refresh."""

import hashlib
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo import DATA_DIR, statcan
from geo.cli import main
from tests.statcan_fixtures import as_zip, full_table


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the shipped statcan snapshot to refresh."""
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR / "statcan", d / "statcan")
    return d


def digest(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (d / "statcan").iterdir()}


def test_parse_npr_zip_with_bom_quotes_and_release(tmp_path):
    path = tmp_path / "17100121-eng.zip"
    path.write_bytes(as_zip(statcan.NPR, full_table(statcan.NPR)))
    table, frame, release = statcan.read_download(path)
    assert table == statcan.NPR and release == "2025-12-17"
    rows = statcan.to_snapshot(table, frame, release)
    assert set(rows["ref_date"]) == {"2021-10-01", "2022-01-01", "2022-04-01"}
    assert set(rows["npr_type"]) == set(statcan.NPR_TYPES.values())  # all 11 members
    assert rows.groupby("ref_date").size().eq(14 * 11).all()
    assert (rows["release_date"] == "2025-12-17").all()


@pytest.mark.parametrize("refs", [("2021-10", "2022-01"), ("2021-10-01", "2022-01-01")])
def test_both_ref_date_layouts_read(tmp_path, refs):
    path = tmp_path / "pop.csv"
    path.write_bytes(full_table(statcan.POP, refs=refs))
    rows = statcan.to_snapshot(*statcan.read_download(path)[:2], "2026-09-23")
    assert sorted(set(rows["ref_date"])) == ["2021-10-01", "2022-01-01"]


@pytest.mark.parametrize("ref", ["2022-13", "2022-01-15", "22-01", "Q1 2022"])
def test_unreadable_ref_date_is_named(tmp_path, ref):
    path = tmp_path / "pop.csv"
    path.write_bytes(full_table(statcan.POP, refs=("2022-01", ref)))
    with pytest.raises(statcan.DataError, match="unreadable REF_DATE"):
        statcan.to_snapshot(*statcan.read_download(path)[:2], "2026-09-23")


def test_bare_csv_needs_a_release_date(tmp_path, data_dir, capsys):
    path = tmp_path / "17100009.csv"
    path.write_bytes(full_table(statcan.POP))
    before = digest(data_dir)
    assert main(["refresh", "--from-file", str(path), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--release-date" in err
    assert digest(data_dir) == before
    args = ["refresh", "--from-file", str(path), "--data-dir", str(data_dir)]
    assert main([*args, "--release-date", "26-09"]) == 1
    assert "not a date" in capsys.readouterr().err
    assert main([*args, "--release-date", "2026-09-23"]) == 0
    pop = statcan.load_snapshot(data_dir, statcan.POP)
    assert (pop["release_date"] == "2026-09-23").all()


def test_zip_release_must_agree_with_the_given_one(tmp_path, data_dir, capsys):
    path = tmp_path / "17100121-eng.zip"
    path.write_bytes(as_zip(statcan.NPR, full_table(statcan.NPR), release="2026-09-23"))
    before = digest(data_dir)
    args = ["refresh", "--from-file", str(path), "--data-dir", str(data_dir)]
    assert main([*args, "--release-date", "2025-09-24"]) == 1
    assert "metadata says release 2026-09-23" in capsys.readouterr().err
    assert digest(data_dir) == before


def test_refresh_keeps_the_replaced_release_as_a_vintage(tmp_path, capsys):
    d = tmp_path / "data"
    for release in ("2025-09-24", "2026-09-23", "2026-09-23"):
        path = tmp_path / f"{release}.zip"
        path.write_bytes(as_zip(statcan.NPR, full_table(statcan.NPR), release=release))
        assert main(["refresh", "--from-file", str(path), "--data-dir", str(d)]) == 0
    assert "kept as a vintage" in capsys.readouterr().out
    snap = statcan.load_snapshot(d, statcan.NPR)
    kept = statcan.load_vintages(d)
    assert set(snap["release_date"]) == {"2026-09-23"}
    assert set(kept["release_date"]) == {"2025-09-24"}  # refreshing the same release adds none
    assert len(kept) == len(snap)


def test_population_csv_recognized(tmp_path):
    path = tmp_path / "17100009.csv"
    path.write_bytes(full_table(statcan.POP))
    table, frame, release = statcan.read_download(path)
    assert table == statcan.POP and release is None
    rows = statcan.to_snapshot(table, frame, "2026-09-23")
    assert len(rows) == 3 * 14
    assert rows["value"].notna().all()


@pytest.mark.parametrize("symbol", ["..", "x", "F"])
def test_missing_symbols_stay_missing_not_zero(tmp_path, symbol):
    key = ("2022-01", statcan.CANADA_DGUID, None)
    path = tmp_path / "pop.csv"
    path.write_bytes(full_table(statcan.POP, status={key: symbol}))
    table, frame, _ = statcan.read_download(path)
    rows = statcan.to_snapshot(table, frame, "2026-09-23")
    cell = rows[(rows["ref_date"] == "2022-01-01") & (rows["dguid"] == statcan.CANADA_DGUID)]
    assert cell["value"].isna().all() and cell["status"].iloc[0] == symbol


def test_estimate_flag_keeps_value(tmp_path):
    key = ("2022-01", statcan.CANADA_DGUID, None)
    path = tmp_path / "pop.csv"
    path.write_bytes(full_table(statcan.POP, status={key: "E"}))
    rows = statcan.to_snapshot(*statcan.read_download(path)[:2], "2026-09-23")
    cell = rows[(rows["ref_date"] == "2022-01-01") & (rows["dguid"] == statcan.CANADA_DGUID)]
    assert cell["value"].notna().all() and cell["status"].iloc[0] == "E"


def test_refresh_from_file_replaces_snapshot(tmp_path, data_dir, capsys):
    path = tmp_path / "17100121-eng.zip"
    path.write_bytes(as_zip(statcan.NPR, full_table(statcan.NPR), release="2026-09-23"))
    before = digest(data_dir)
    assert main(["refresh", "--from-file", str(path), "--data-dir", str(data_dir)]) == 0
    after = digest(data_dir)
    assert after["npr_quarterly.csv"] != before["npr_quarterly.csv"]
    assert after["population_quarterly.csv"] == before["population_quarterly.csv"]
    snap = statcan.load_snapshot(data_dir, statcan.NPR)
    assert (snap["release_date"] == "2026-09-23").all()
    assert "17-10-0121-01" in capsys.readouterr().out
    assert not list((data_dir / "statcan").glob(".*"))  # no temp file left


def _truncated(tmp_path):
    raw = full_table(statcan.NPR)
    return raw[: int(len(raw) * 0.7)]


BAD_FILES = {
    "empty": lambda tmp: b"",
    "truncated": _truncated,
    "truncated zip": lambda tmp: as_zip(statcan.NPR, full_table(statcan.NPR))[:400],
    "wrong encoding": lambda tmp: full_table(statcan.POP).decode("utf-8").encode("utf-16"),
    "wrong columns": lambda tmp: b"a,b,c\n1,2,3\n",
    "wrong table": lambda tmp: full_table(statcan.POP).replace(b'"DECIMALS"', b'"DECIMALS","Sex"'),
    "not csv": lambda tmp: b"\x00\x01\x02garbage\xff",
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_file_leaves_snapshot_untouched(tmp_path, data_dir, capsys, kind):
    path = tmp_path / "bad.csv"
    path.write_bytes(BAD_FILES[kind](tmp_path))
    before = digest(data_dir)
    assert main(["refresh", "--from-file", str(path), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("refresh failed:") and "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert digest(data_dir) == before


def test_offline_download_fails_cleanly(data_dir, capsys, monkeypatch):
    import urllib.request

    def refuse(*a, **k):
        raise urllib.error.URLError("network is unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    before = digest(data_dir)
    assert main(["refresh", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "could not download" in err and "unchanged" in err
    assert digest(data_dir) == before


class Response(io.BytesIO):
    """A stand-in for urlopen's response: a stream with headers."""

    def __init__(self, body: bytes, length: str | None = None):
        super().__init__(body)
        self.headers = {"Content-Length": length} if length else {}


def test_partial_download_detected(data_dir, capsys, monkeypatch):
    import urllib.request

    monkeypatch.setattr(
        urllib.request, "urlopen", lambda *a, **k: Response(b"PK\x03\x04short", "999999")
    )
    before = digest(data_dir)
    assert main(["refresh", "--data-dir", str(data_dir)]) == 1
    assert "stopped early" in capsys.readouterr().err
    assert digest(data_dir) == before


def test_disk_full_write_leaves_snapshot(tmp_path, data_dir, capsys, monkeypatch):
    path = tmp_path / "17100121-eng.zip"
    path.write_bytes(as_zip(statcan.NPR, full_table(statcan.NPR)))
    before = digest(data_dir)

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    assert main(["refresh", "--from-file", str(path), "--data-dir", str(data_dir)]) == 1
    assert "No space left" in capsys.readouterr().err
    assert digest(data_dir) == before
    assert not list((data_dir / "statcan").glob(".*"))


def test_shipped_snapshot_is_one_release_with_sources_for_every_row():
    for table in (statcan.NPR, statcan.POP):
        snap = statcan.load_snapshot(DATA_DIR, table)
        assert snap["source_url"].str.startswith("http").all()
        assert set(snap["release_date"]) == {"2026-09-23"}
        assert (snap["table"] == table).all()
        assert snap["ref_date"].max() == "2026-07-01"
        assert not snap.duplicated(["ref_date", "dguid", "npr_type"]).any()
    vintages = statcan.load_vintages(DATA_DIR)
    assert vintages["source_url"].str.startswith("http").all()
    assert not vintages.duplicated(statcan.VINTAGE_KEY).any()
    assert "2026-09-23" not in set(vintages["release_date"])


def test_shipped_tables_add_up_within_each_release():
    """Types add up to their totals, provinces to Canada, in every release held."""
    npr = pd.concat(
        [statcan.load_snapshot(DATA_DIR, statcan.NPR), statcan.load_vintages(DATA_DIR, False)]
    )
    wide = npr.pivot_table(
        index=["release_date", "ref_date", "dguid"], columns="npr_type", values="value"
    )
    parts = ["work_only", "study_only", "work_study", "other"]
    splits = ["asylum_work", "asylum_study", "asylum_work_study", "asylum_no_permit"]
    assert (wide[parts].sum(axis=1) == wide["permit_total"]).all()
    assert (wide[splits].sum(axis=1) == wide["asylum"]).all()
    assert (wide["permit_total"] + wide["asylum"] == wide["total"]).all()
    for table in (npr, statcan.load_snapshot(DATA_DIR, statcan.POP)):
        geo = table.assign(canada=table["dguid"] == statcan.CANADA_DGUID)
        sums = geo.groupby(["release_date", "ref_date", "npr_type", "canada"])["value"].sum()
        prov, canada = sums.xs(False, level="canada"), sums.xs(True, level="canada")
        assert (prov == canada).all()


def test_first_printed_figures_agree_with_the_full_release_where_both_exist():
    """The figures collected from The Daily were checked against the 2025-09-24 table."""
    first = statcan.load_vintages(DATA_DIR)
    full = statcan.load_vintages(DATA_DIR, first_printed=False)
    both = first.merge(full, on=statcan.VINTAGE_KEY, suffixes=("", "_full"))
    assert (both["value"] == both["value_full"]).all()
    row = first[
        (first["ref_date"] == "2024-10-01")
        & (first["release_date"] == "2024-12-17")
        & (first["dguid"] == statcan.CANADA_DGUID)
    ]
    assert row["value"].tolist() == [3049277]


def test_member_names_map_to_types():
    from tests.statcan_fixtures import NPR_MEMBERS

    got = {m: statcan.classify_npr_type(m) for m in NPR_MEMBERS}
    assert got["Total, non-permanent residents"] == "total"
    assert got["Total, asylum claimants, protected persons and related groups"] == "asylum"
    assert got["Total, permit holders and their family members"] == "permit_total"
    assert got["Work permit holders only"] == "work_only"
    assert got["Study permit holders only"] == "study_only"
    assert got["Work and study permit holders"] == "work_study"
    assert got["Other"] == "other"
    assert (
        statcan.classify_npr_type("asylum claimants, protected persons and related groups")
        == "asylum"
    )
    assert statcan.classify_npr_type("Something else") is None
    splits = [m for m in NPR_MEMBERS if m.startswith("Asylum claimants")]
    assert {got[m] for m in splits} == {
        "asylum_work", "asylum_study", "asylum_work_study", "asylum_no_permit"
    }  # fmt: skip


def test_shipped_snapshot_is_what_refresh_builds_from_the_raw_files(tmp_path, capsys, monkeypatch):
    """`make snapshot`: the shipped StatCan files are exactly what refresh makes of the raw
    copies in data/raw/statcan (the vetted reference tables)."""
    from geo import ROOT

    monkeypatch.chdir(ROOT)
    d = tmp_path / "data"
    (d / "statcan").mkdir(parents=True)
    shutil.copy(DATA_DIR / "statcan" / statcan.FIRST_PRINTED_FILE, d / "statcan")
    for args in snapshot_steps(ROOT / "Makefile") * 2:  # twice: a rebuild changes nothing
        assert main([*args, "--data-dir", str(d)]) == 0, capsys.readouterr().err
    for name in (
        "npr_quarterly.csv",
        "npr_vintages.csv",
        "population_quarterly.csv",
        "npr_net_cma.csv",
    ):
        built = (d / "statcan" / name).read_bytes()
        assert built == (DATA_DIR / "statcan" / name).read_bytes(), name


def snapshot_steps(makefile: Path) -> list[list[str]]:
    """The `python -m geo refresh ...` lines of the Makefile's snapshot target."""
    lines = makefile.read_text().split("\nsnapshot:", 1)[1].split("\n\n", 1)[0].splitlines()
    steps = [line.split("-m geo ", 1)[1].split() for line in lines if "-m geo refresh" in line]
    assert len(steps) == 4
    return steps


def test_raw_files_are_the_reference_tables():
    from geo import ROOT

    ref = ROOT.parent / "shared" / "reference"
    if not ref.exists():
        pytest.skip("shared/reference is not beside this checkout")
    for raw in (DATA_DIR / "raw" / "statcan").glob("*.csv"):
        assert raw.read_bytes() == (ref / raw.name).read_bytes(), raw.name
