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
    assert set(rows["ref_date"]) == {"2022-01-01", "2022-04-01"}  # 2021 dropped
    assert set(rows["npr_type"]) == {
        "total",
        "asylum",
        "work_only",
        "study_only",
        "work_study",
        "other",
    }
    assert rows.groupby("ref_date").size().eq(14 * 6).all()
    assert (rows["release_date"] == "2025-12-17").all()


def test_population_csv_recognized(tmp_path):
    path = tmp_path / "17100009.csv"
    path.write_bytes(full_table(statcan.POP))
    table, frame, release = statcan.read_download(path)
    assert table == statcan.POP and release is None
    rows = statcan.to_snapshot(table, frame, release)
    assert len(rows) == 2 * 14
    assert rows["value"].notna().all()


@pytest.mark.parametrize("symbol", ["..", "x", "F"])
def test_missing_symbols_stay_missing_not_zero(tmp_path, symbol):
    key = ("2022-01", statcan.CANADA_DGUID, None)
    path = tmp_path / "pop.csv"
    path.write_bytes(full_table(statcan.POP, status={key: symbol}))
    table, frame, _ = statcan.read_download(path)
    rows = statcan.to_snapshot(table, frame, None)
    cell = rows[(rows["ref_date"] == "2022-01-01") & (rows["dguid"] == statcan.CANADA_DGUID)]
    assert cell["value"].isna().all() and cell["status"].iloc[0] == symbol


def test_estimate_flag_keeps_value(tmp_path):
    key = ("2022-01", statcan.CANADA_DGUID, None)
    path = tmp_path / "pop.csv"
    path.write_bytes(full_table(statcan.POP, status={key: "E"}))
    rows = statcan.to_snapshot(*statcan.read_download(path)[:2], None)
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


def test_shipped_snapshot_has_sources_for_every_row():
    for table in (statcan.NPR, statcan.POP):
        snap = statcan.load_snapshot(DATA_DIR, table)
        assert snap["source_url"].str.startswith("http").all()
        assert snap["release_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
        assert (snap["table"] == table).all()
        assert snap["ref_date"].min() >= "2022-01-01"
        assert not snap.duplicated(["ref_date", "dguid", "npr_type"]).any()


def test_shipped_population_provinces_sum_to_canada_within_a_release():
    pop = statcan.load_snapshot(DATA_DIR, statcan.POP)
    for (q, rel), g in pop.groupby(["ref_date", "release_date"]):
        prov = g[g["dguid"] != statcan.CANADA_DGUID]
        canada = g[g["dguid"] == statcan.CANADA_DGUID]
        if len(prov) == 13 and len(canada) == 1:
            assert prov["value"].sum() == canada["value"].iloc[0], (q, rel)


def test_member_names_map_to_types():
    from tests.statcan_fixtures import NPR_MEMBERS

    got = {m: statcan.classify_npr_type(m) for m in NPR_MEMBERS}
    assert got["Total, non-permanent residents"] == "total"
    assert got["Total, asylum claimants, protected persons and related groups"] == "asylum"
    assert got["Total, permit holders and their family members"] is None  # a subtotal
    assert got["Work permit holders only"] == "work_only"
    assert got["Study permit holders only"] == "study_only"
    assert got["Work and study permit holders"] == "work_study"
    assert got["Other"] == "other"
    splits = [m for m in NPR_MEMBERS if m.startswith("Asylum claimants")]
    assert all(got[m] is None for m in splits)


def test_import_reference_rebuilds_the_shipped_population(tmp_path, capsys):
    from geo import ROOT

    ref = ROOT.parent / "shared" / "reference" / "statcan_17100009_population_quarterly.csv"
    if not ref.exists():
        pytest.skip("shared/reference is not beside this checkout")
    assert main(["import-reference", str(ref), "--data-dir", str(tmp_path)]) == 0
    built = (tmp_path / "statcan" / "population_quarterly.csv").read_bytes()
    assert built == (DATA_DIR / "statcan" / "population_quarterly.csv").read_bytes()
    assert main(["import-reference", str(tmp_path / "nope.csv"), "--data-dir", str(tmp_path)]) == 1
    assert "import-reference failed" in capsys.readouterr().err
