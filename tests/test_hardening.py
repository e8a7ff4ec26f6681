"""Issue 15: no text becomes markup, no file takes the server down, one bad row loses one
row. Each reproduction from the issue, run against the library, the CLI and the pages."""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo import DATA_DIR, ROOT, data, events, explore, export, safe, statcan
from geo import quarters as qtr
from geo.cli import main
from tests.notices import notices
from tests.statcan_fixtures import as_zip, full_table

APP = ROOT / "app.py"
CMAS = data.cma_ids(DATA_DIR)
TODAY = date(2026, 11, 27)
PHISH = (
    ":red[**OFFICIAL NOTICE**] [log in here](http://127.0.0.2:9/phish) "
    "![x](http://127.0.0.2:9/t.png)"
)
GOOD = {
    "id": "e1", "date": "2024-05-09", "date_precision": "day", "end_date": "",
    "title_en": "Rally", "title_fr": "Rassemblement", "event_type": "rally",
    "actor_type": "student_group", "organizers": "Group", "city": "Charlottetown",
    "province": "PE", "cma": "", "latitude": "46.24", "longitude": "-63.13",
    "attendance": "", "summary_en": "s", "summary_fr": "s",
    "source_url": "https://example.org/a", "source_title": "t", "source_date": "2024-05-10",
}  # fmt: skip


def csv_text(rows: list[dict], quoting: int = csv.QUOTE_MINIMAL) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=events.COLUMNS, lineterminator="\n", quoting=quoting)
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def row(i: int, **change) -> dict:
    return {**GOOD, "id": f"e{i}", **change}


def rendered_as_markdown(at) -> str:
    """Everything in the run that Streamlit renders as Markdown."""
    parts = []
    for kind in ("markdown", "caption", "warning", "error", "info", "success", "title",
                 "header", "subheader"):  # fmt: skip
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the app (AppTest) reads instead of the shipped one."""
    import geo
    from ui import cache
    from views._map_parts import map_views

    caches = (cache.loaded, cache.static_files, cache.quarter_frames, cache.breaks, map_views)
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d)
    monkeypatch.setenv("NPR_DATA_DIR", str(d))
    importlib.reload(geo)
    cache.DATA_DIR = geo.DATA_DIR
    for c in caches:
        c.clear()
    yield d
    cache.DATA_DIR = geo.DATA_DIR = DATA_DIR  # later tests read the shipped data
    for c in caches:
        c.clear()


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params.update(params)
    at.run()
    if page != "map":
        at.switch_page(f"views/{page}.py")
        at.query_params.clear()
        at.query_params.update(params)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# ---------------------------------------------------------------- 1. URL text stays text


@pytest.mark.parametrize(
    "page, param",
    [("map", "quarter"), ("map", "measure"), ("province", "province"), ("events", "type"),
     ("story", "chapter")],
)  # fmt: skip
def test_markdown_in_a_url_is_shown_as_text(page, param):
    at = open_page(page, **{param: PHISH})
    assert "127.0.0.2" not in rendered_as_markdown(at)
    shown = " ".join(notices(at))
    assert ":red[**OFFICIAL NOTICE**] [log in here](http://" in shown  # verbatim, cut
    html = " ".join(h.value for h in at.html if "npr-notice" in h.value)
    assert "<a" not in html and "<img" not in html and "[log in here]" in html


def test_a_long_url_value_is_cut_with_an_ellipsis():
    at = open_page("map", quarter="9" * 5000, measure="<b>" * 2000)
    shown = notices(at)
    assert len(shown) == 2 and all(len(n) < 300 and "…" in n for n in shown)


# ---------------------------------------------------------------- 2. event text stays text


def test_event_markdown_stays_text_and_left_out_rows_are_short(data_copy):
    path = data_copy / "events" / "events.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    on = [r for r in rows if r["province"] == "ON"][-1]
    on["title_en"] = "[phish](http://127.0.0.2:9/p) ![t](http://127.0.0.2:9/t.png)"
    bad = {**rows[0], "id": "huge", "province": "Z" * 100_000}  # a 100 KB bad value
    path.write_text(csv_text([*rows, bad]), encoding="utf-8")
    bad_line = csv_text(rows).count("\n") + 1
    q = qtr.containing(on["date"])
    at = open_page("map", quarter=q, province="ON")
    assert "[phish]" in " ".join(h.value for h in at.html)  # shown, as text
    assert "127.0.0.2" not in rendered_as_markdown(at)
    left_out = notices(at)
    assert len(left_out) == 1 and "left out" in left_out[0] and "province" in left_out[0]
    assert f"events.csv line {bad_line}, province: unknown province 'ZZZ" in left_out[0]
    assert len(left_out[0]) < 1000  # the 100 KB value is not echoed


# ---------------------------------------------------------------- 3. CSV formula cells


FORMULAS = ['=HYPERLINK("http://127.0.0.2/x","click")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_csv_exports_neutralise_formula_cells_and_keep_numbers():
    df = pd.DataFrame(
        {
            "title": [*FORMULAS, "plain"],
            "change_prev": pd.array([-12345, 1, -2, 3, None, 0, 7], dtype="Int64"),
            "rate": [-1.5, 2.0, None, 0.1, 0.2, 0.3, 0.4],
        }
    )
    raw = export.csv_with_source(df, "source")
    got = list(csv.reader(io.StringIO(raw.decode("utf-8").split("\n", 1)[1], newline="")))
    titles = [r[0] for r in got[1:]]
    assert titles == ["'" + f.replace("\r", "\n") for f in FORMULAS] + ["plain"]
    assert [r[1] for r in got[1:]][:3] == ["-12345", "1", "-2"]  # numbers stay numbers
    assert got[1][2] == "-1.5"


def test_events_download_neutralises_formula_text():
    df = events.load_events(DATA_DIR / "events" / "events.csv", CMAS).head(2).copy()
    df.loc[df.index[0], "title_en"] = FORMULAS[0]
    raw = export.csv_with_source(explore.download_frame(df, "en"), "src")
    body = raw.decode("utf-8").split("\n", 1)[1]
    table = list(csv.DictReader(io.StringIO(body, newline="")))
    assert table[0]["title"] == "'" + FORMULAS[0]
    cells = [c for r in table for c in r.values()]
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert any(c.startswith("-") for c in cells)  # longitudes: negative numbers


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_validator_flags_formula_cells(tmp_path, start):
    path = tmp_path / "events.csv"
    text = csv_text([row(1, title_en=f"{start}HYPERLINK(1)")], csv.QUOTE_ALL)
    path.write_bytes(text.encode("utf-8"))
    problems = events.validate_file(path, CMAS, TODAY)
    assert any("line 2, title_en:" in p and "formula" in p for p in problems), problems


# ---------------------------------------------------------------- 4. refresh limits


@pytest.fixture
def snapshot(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR / "statcan", d / "statcan")
    return d


def digest(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (d / "statcan").iterdir()}


def refresh_fails(
    snapshot: Path, capsys, source: str | None, *words: str, unchanged: bool = True
) -> str:
    before = digest(snapshot)
    args = ["refresh", "--data-dir", str(snapshot)] + (["--from-file", source] if source else [])
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("refresh failed:") and len(err.splitlines()) == 1, err
    assert ("unchanged" in err or not unchanged) and all(w in err for w in words), err
    assert digest(snapshot) == before
    return err


def test_refresh_refuses_a_folder_and_a_device(snapshot, capsys, tmp_path):
    refresh_fails(snapshot, capsys, str(tmp_path), "folder")
    refresh_fails(snapshot, capsys, "/dev/zero", "not a regular file")


def test_refresh_refuses_a_fifo_without_blocking(snapshot, tmp_path):
    fifo = tmp_path / "pipe.zip"
    os.mkfifo(fifo)
    before = digest(snapshot)
    run = subprocess.run(
        [sys.executable, "-m", "geo", "refresh", "--from-file", str(fifo),
         "--data-dir", str(snapshot)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 1 and "not a regular file" in run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert digest(snapshot) == before


def test_refresh_limits_compressed_size(snapshot, capsys, tmp_path, monkeypatch):
    path = tmp_path / "17100121-eng.zip"
    path.write_bytes(as_zip(statcan.NPR, full_table(statcan.NPR)))
    monkeypatch.setattr(statcan, "MAX_DOWNLOAD_BYTES", path.stat().st_size - 1)
    refresh_fails(snapshot, capsys, str(path), "over the limit")


def test_refresh_limits_expanded_size(snapshot, capsys, tmp_path, monkeypatch):
    """A small zip that expands far (the zip bomb of the issue, scaled down)."""
    body = full_table(statcan.NPR) + b"\n" * 2_000_000
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("17100121.csv", body)
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(statcan, "MAX_CSV_BYTES", 1_000_000)
    refresh_fails(snapshot, capsys, str(path), "unzipped", "over the limit")


def test_refresh_does_not_trust_a_zip_header_that_lies(snapshot, capsys, tmp_path, monkeypatch):
    body = full_table(statcan.NPR) * 20
    raw = bytearray(as_zip(statcan.NPR, body))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
        info = z.getinfo("17100121.csv")
    size = len(body).to_bytes(4, "little")
    small = (1000).to_bytes(4, "little")
    for offset in (0, bytes(raw).index(b"PK\x01\x02")):  # local header, central directory
        at = offset + (22 if offset == 0 else 24)  # "uncompressed size" in each
        assert raw[at : at + 4] == size
        raw[at : at + 4] = small
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(raw))
    monkeypatch.setattr(statcan, "MAX_CSV_BYTES", info.file_size // 2)
    err = refresh_fails(snapshot, capsys, str(path), "liar.zip", unchanged=False)
    assert "CRC" in err or "over the limit" in err


def test_refresh_limits_rows(snapshot, capsys, tmp_path, monkeypatch):
    path = tmp_path / "17100121.csv"
    path.write_bytes(full_table(statcan.NPR))
    monkeypatch.setattr(statcan, "MAX_ROWS", 100)
    refresh_fails(snapshot, capsys, str(path), "rows")


class Response(io.BytesIO):
    """A stand-in for urlopen's response; read_to: how far it was read."""

    def __init__(self, body: bytes, length: str | None = None):
        super().__init__(body)
        self.headers = {"Content-Length": length} if length else {}
        self.read_to = 0

    def read(self, n: int = -1) -> bytes:
        chunk = super().read(n)
        self.read_to += len(chunk)
        return chunk


@pytest.mark.parametrize("announced", [None, "5000"], ids=["streamed", "content-length"])
def test_download_stops_at_the_limit(snapshot, capsys, monkeypatch, announced):
    import urllib.request

    served = []

    def urlopen(*a, **k):
        served.append(Response(b"PK" + b"\0" * 4998, announced))
        return served[-1]

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    monkeypatch.setattr(statcan, "MAX_DOWNLOAD_BYTES", 1000)
    refresh_fails(snapshot, capsys, None, "over the limit")
    assert served[0].read_to <= 1001  # stopped reading one byte past the limit


def test_the_real_tables_fit_the_default_limits():
    ref = ROOT.parent / "shared" / "reference"
    files = sorted(ref.glob("statcan_17100121_release_*.csv")) if ref.exists() else []
    if not files:
        pytest.skip("shared/reference is not beside this checkout")
    for path in files:
        table_id, frame, _ = statcan.read_download(path)
        assert table_id == statcan.NPR
        assert len(frame) * 100 < statcan.MAX_ROWS
        assert path.stat().st_size * 100 < statcan.MAX_CSV_BYTES


def test_capped_read_stops_whatever_the_stream():
    assert safe.read_capped(io.BytesIO(b"x" * 10), 10, "m") == b"x" * 10
    with pytest.raises(safe.Refused, match="over the limit"):
        safe.read_capped(io.BytesIO(b"x" * 11), 10, "m")


# ---------------------------------------------------------------- 5. and 6. event files


def write_events(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "events.csv"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


BAD_DATES = {
    "iso week": ("2024-W18-3", "date"),
    "leading space": (" 2024-05-01", "date"),
    "trailing space": ("2024-05-01 ", "date"),
    "compact": ("20240501", "date"),
    "ordinal": ("2024-122", "date"),
    "month without month precision": ("2024-05", "date"),
}


@pytest.mark.parametrize("kind", list(BAD_DATES))
def test_dates_the_app_cannot_show_are_rejected_by_the_validator(tmp_path, kind):
    value, field = BAD_DATES[kind]
    path = write_events(tmp_path, csv_text([row(1), row(2, date=value), row(3)]))
    assert events.validate_file(path, CMAS, TODAY) == [
        f"events.csv line 3, {field}: bad date {value!r} (expected YYYY-MM-DD)"
    ]
    left_out: list[str] = []
    df = events.load_events(path, CMAS, left_out)
    assert list(df["id"]) == ["e1", "e3"] and len(left_out) == 1


def test_a_month_is_a_date_when_the_precision_is_month(tmp_path):
    path = write_events(tmp_path, csv_text([row(1, date="2024-05", date_precision="month")]))
    assert events.validate_file(path, CMAS, TODAY) == []
    df = events.load_events(path, CMAS)
    assert df.loc[0, "date"] == "2024-05-01" and df.loc[0, "quarter"] == "2024-04-01"


def malformed_files() -> dict[str, tuple[str | bytes, list[str]]]:
    """name: (file content, the problems validate_file must report, in order)."""
    head = csv_text([])
    good = [csv_text([row(i)]).split("\n", 1)[1] for i in range(1, 6)]
    multi = csv_text([row(9, summary_en="one\ntwo\nthree")]).split("\n", 1)[1]
    huge = csv_text([row(7, summary_en="x" * 131_073)]).split("\n", 1)[1]
    cr = good[1].replace("Charlottetown", "Charlotte\rtown")
    extra = good[1].rstrip("\n") + ",extra\n"
    latin = (head + good[0]).encode() + good[1].replace("Rally", "Ral\xe9").encode("latin-1")
    return {
        "field over 131,072 characters": (
            head + good[0] + huge + good[2],
            ["events.csv line 3, summary_en: 131,073 characters, over the limit of 131,072"],
        ),
        "stray CR in an unquoted field": (
            head + good[0] + cr + good[2],
            [
                "events.csv line 3: unreadable row: a line break (CR) inside a field that is "
                "not in quotes"
            ],
        ),  # fmt: skip
        "extra field": (
            head + good[0] + extra + good[2],
            ["events.csv line 3: 21 fields where the header has 20"],
        ),
        "multi-line quoted field shifts nothing": (
            head + good[0] + multi + good[1].replace("2024-05-09", "2024-W18-3"),
            ["events.csv line 6, date: bad date '2024-W18-3' (expected YYYY-MM-DD)"],
        ),
        "latin-1 byte on line 3": (
            latin + good[2].encode(),
            ["events.csv line 3, title_en: not UTF-8 text (byte 0xE9); save the file as UTF-8"],
        ),
    }


@pytest.mark.parametrize("name", list(malformed_files()))
def test_a_malformed_row_costs_that_row_only(tmp_path, capsys, name):
    content, expected = malformed_files()[name]
    path = write_events(tmp_path, content)
    assert events.validate_file(path, CMAS, TODAY) == expected
    left_out: list[str] = []
    df = events.load_events(path, CMAS, left_out)
    assert left_out == expected and len(df) == 2  # the good rows around it all load
    assert main(["validate-events", str(path)]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == expected and "Traceback" not in out.err


def test_latin1_byte_on_line_2_is_reported_on_line_2(tmp_path):
    text = csv_text([row(1, city="Montr\xe9al")])
    path = write_events(tmp_path, text.encode("latin-1"))
    problems = events.validate_file(path, CMAS, TODAY)
    assert problems == [
        "events.csv line 2, city: not UTF-8 text (byte 0xE9); save the file as UTF-8"
    ]


def test_validate_events_refuses_a_folder_and_a_fifo(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for target, words in ((tmp_path, "folder"), (fifo, "not a regular file")):
        run = subprocess.run(
            [sys.executable, "-m", "geo", "validate-events", str(target)],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
        )  # fmt: skip
        assert run.returncode == 1 and words in run.stdout and "Traceback" not in run.stderr


def test_pages_show_the_file_with_bad_rows_left_out(data_copy):
    """Dates that once passed validate-events but crashed the map and events pages, a
    leading space that refused the whole file, an extra field that stopped every event."""
    path = data_copy / "events" / "events.csv"
    text = path.read_text(encoding="utf-8")
    body = text.split("\n", 1)[1]
    n = len(list(csv.reader(io.StringIO(text)))) - 1
    lines = body.splitlines(keepends=True)
    first = lines[0]
    bad = [
        first.replace(first.split(",")[1], "2024-W18-3", 1).replace(first.split(",")[0], "w1", 1),
        first.replace(first.split(",")[1], " 2024-05-01", 1).replace(first.split(",")[0], "w2", 1),
        first.rstrip("\n") + ",extra\n",
    ]
    path.write_text(text + "".join(bad), encoding="utf-8")
    for page in ("map", "events", "province", "story"):
        at = open_page(page, province="ON")
        shown = " ".join(notices(at))
        assert "3 problem(s)" in shown and "events.csv line" in shown, (page, shown)
    at = open_page("events")
    shown = " ".join(str(m.value) for m in at.markdown)  # Markdown source: text escaped
    assert safe.markdown(f"{n} of {n} events match.") in shown


def test_safe_helpers():
    assert safe.shorten("a\nb\x07c" + "x" * 200, 10) == "a b cxxxx…"
    assert safe.shorten("short") == "short"
    assert safe.shorten("T1\u00a02024\u2028x") == "T1\u00a02024 x"
    escaped = safe.markdown(PHISH + " <b>&amp; $x$ \n# h")
    assert "\n" not in escaped
    assert all(escaped[i - 1] == "\\" for i, ch in enumerate(escaped) if ch in "[]()*:<>&$#!")
    # one line, but French no-break spaces stay (a label never breaks before its colon)
    assert safe.markdown(" Taux\u00a0:\n«\u00a0x\u00a0» 1\u202f000 ") == (
        "Taux\u00a0\\: «\u00a0x\u00a0» 1\u202f000"
    )
    assert safe.html('<a href="x">') == "&lt;a href=&#34;x&#34;&gt;"
    assert [safe.csv_cell(v) for v in ("=1", "-1", -1, 2.5, None, "ok")] == [
        "'=1", "'-1", -1, 2.5, None, "ok"
    ]  # fmt: skip
