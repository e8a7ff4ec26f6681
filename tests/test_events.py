"""Events: validation messages, the shipped file, HTML kept as text."""

import csv
from datetime import date

import pytest

from geo import DATA_DIR, data, events
from geo.cli import main

CMAS = data.cma_ids(DATA_DIR)
GOOD = {
    "id": "e1", "date": "2024-05-09", "date_precision": "day", "end_date": "",
    "title_en": "Rally", "title_fr": "Rassemblement", "event_type": "rally",
    "actor_type": "student_group", "organizers": "Group", "city": "Charlottetown",
    "province": "PE", "cma": "", "latitude": "46.24", "longitude": "-63.13",
    "attendance": "", "summary_en": "s", "summary_fr": "s",
    "source_url": "https://example.org/a", "source_title": "t", "source_date": "2024-05-10",
}  # fmt: skip


def write(tmp_path, rows):
    path = tmp_path / "events.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=events.COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return path


def test_shipped_events_are_valid_and_sourced():
    good, problems = events.check_file(DATA_DIR / "events" / "events.csv", CMAS)
    assert problems == []
    rows = good
    assert len(rows) >= 40
    assert len({r["province"] for r in rows}) >= 6
    years = {r["date"][:4] for r in rows}
    assert {"2022", "2023", "2024", "2025", "2026"} <= years
    assert all(r["source_url"].startswith("http") for r in rows)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"date": "2024-13-01"}, "line 2, date: bad date '2024-13-01'"),
        ({"date": "2099-01-01"}, "line 2, date: 2099-01-01 is in the future"),
        ({"latitude": "10", "longitude": "10"}, "outside Canada"),
        ({"province": "ZZ"}, "line 2, province: unknown province 'ZZ'"),
        ({"cma": "999"}, "line 2, cma: unknown CMA '999'"),
        ({"source_url": ""}, "line 2, source_url: missing source"),
        ({"event_type": "party"}, "line 2, event_type: unknown event_type 'party'"),
        ({"source_url": "javascript:alert(1)"}, "not an http(s) address"),
    ],
)
def test_validation_messages(tmp_path, change, message):
    path = write(tmp_path, [{**GOOD, **change}])
    problems = events.validate_file(path, CMAS, today=date(2026, 11, 27))
    assert any(message in p for p in problems), problems


def test_duplicate_id_names_both_lines(tmp_path):
    path = write(tmp_path, [GOOD, {**GOOD}])
    assert events.validate_file(path, CMAS) == [
        "events.csv line 3, id: duplicate id 'e1' (first on line 2)"
    ]


def test_cli_exit_codes(tmp_path, capsys):
    good = write(tmp_path, [GOOD])
    assert main(["validate-events", str(good)]) == 0
    bad = write(tmp_path, [GOOD, {**GOOD, "id": "e2", "province": "XX", "date": "nope"}])
    assert main(["validate-events", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "events.csv line 3, date: bad date 'nope' (expected YYYY-MM-DD)" in out
    assert "events.csv line 3, province: unknown province 'XX'" in out


def test_html_is_data(tmp_path):
    evil = {**GOOD, "title_en": "<img src=x onerror=alert(1)>", "organizers": "<script>x</script>"}
    path = write(tmp_path, [evil])
    assert events.validate_file(path, CMAS) == []
    df = events.load_events(path, CMAS)
    assert df.loc[0, "title_en"] == "<img src=x onerror=alert(1)>"
    assert events.safe_url("javascript:alert(1)") is None
    assert events.safe_url("https://example.org") == "https://example.org"


def test_until_includes_the_whole_quarter():
    df = events.load_events(DATA_DIR / "events" / "events.csv", CMAS)
    q = events.until(df, "2024-04-01")
    assert q["date"].max() < "2024-07-01"
    assert (df["date"] < "2024-07-01").sum() == len(q)
