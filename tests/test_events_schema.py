"""The event-row schema (events.EventRow): each column's rule with its one-line message, and
the validator and the loader giving the same verdict on a hostile file."""

import csv
import io
from datetime import date

import pytest
from pydantic import ValidationError

from geo import DATA_DIR, data, events
from geo.cli import main

CMAS = data.cma_ids(DATA_DIR)
TODAY = date(2026, 11, 27)
GOOD = {
    "id": "e1", "date": "2024-05-09", "date_precision": "day", "end_date": "2024-05-10",
    "title_en": "Rally", "title_fr": "Rassemblement", "event_type": "rally",
    "actor_type": "student_group", "organizers": "Group", "city": "Charlottetown",
    "province": "PE", "cma": "", "latitude": "46.24", "longitude": "-63.13",
    "attendance": "hundreds", "summary_en": "s", "summary_fr": "s",
    "source_url": "https://example.org/a", "source_title": "t", "source_date": "2024-05-10",
}  # fmt: skip
FORMULA = "starts with '=', which a spreadsheet reads as a formula; reword it or start with another character"  # fmt: skip

# (column, bad value, the one message its rule gives)
RULES = [
    ("id", "bad id", "'bad id' must be letters, digits, '-', '_' or '.'"),
    ("id", "", "missing"),
    ("date", "2024-13-01", "bad date '2024-13-01' (expected YYYY-MM-DD)"),
    ("date", "2024-05", "bad date '2024-05' (expected YYYY-MM-DD)"),
    ("date", "2026-11-28", "2026-11-28 is in the future"),
    ("date", "2021-12-31", "2021-12-31 is before 2022-01-01"),
    ("date", "", "missing"),
    ("date_precision", "year", "unknown date_precision (day or month) 'year'"),
    ("end_date", "2024-05-08", "2024-05-08 is before date 2024-05-09"),
    ("end_date", "2026-11-28", "2026-11-28 is in the future"),
    ("end_date", "10/05/2024", "bad date '10/05/2024' (expected YYYY-MM-DD)"),
    ("source_date", "2024-5-10", "bad date '2024-5-10' (expected YYYY-MM-DD)"),
    ("event_type", "party", "unknown event_type 'party'"),
    ("event_type", "", "missing"),
    ("actor_type", "Union", "unknown actor_type 'Union'"),
    ("province", " PE", "unknown province ' PE'"),
    ("province", "", "missing"),
    ("cma", "999", "unknown CMA '999'"),
    ("latitude", "1e1", "'1e1' is not a number of degrees such as -63.13"),
    ("latitude", "10", "coordinates (10.0, -63.13) are outside Canada"),
    ("latitude", "", "missing"),
    ("longitude", "-63,13", "'-63,13' is not a number of degrees such as -63.13"),
    ("longitude", "", "missing"),
    ("source_url", "javascript:alert(1)", "'javascript:alert(1)' is not an http(s) address"),
    ("source_url", "https://a.org/x y", "'https://a.org/x y' is not an http(s) address"),
    ("source_url", "", "missing source"),
    ("title_en", "", "missing"),
    ("title_fr", "=1+1", FORMULA),
    ("organizers", "x\u202ey", "holds an invisible control character (U+202E)"),
    ("city", " =SUM(A1)", FORMULA),
    ("attendance", "nul\x00", "holds an invisible control character (U+0000)"),
    ("summary_en", "x" * 131_073, "131,073 characters, over the limit of 131,072"),
    ("summary_fr", "Montr\udce9al", "not UTF-8 text (byte 0xE9); save the file as UTF-8"),
    ("source_title", "", "missing"),
    ("source_title", "{message} {x}", None),  # braces are text, not a template: valid
]


def errors(raw: dict) -> list[tuple[str, str]]:
    try:
        events.EventRow.model_validate(raw, context={"cmas": CMAS, "today": TODAY})
    except ValidationError as e:
        return [(err["loc"][0], err["msg"]) for err in e.errors(include_url=False)]
    return []


def test_every_column_has_one_rule():
    assert sorted(events.EventRow.model_fields) == sorted(events.COLUMNS)
    assert errors(GOOD) == []


@pytest.mark.parametrize("column, value, message", RULES)
def test_each_rule_rejects_a_bad_value_with_its_message(column, value, message):
    assert errors({**GOOD, column: value}) == ([(column, message)] if message else [])


def test_the_values_of_a_valid_row():
    row = events.EventRow.model_validate(
        {**GOOD, "date": "2024-05", "date_precision": "month", "end_date": "",
         "actor_type": "", "city": "  Halifax \r\n", "source_title": "a\r\nb"},
        context={"cmas": CMAS, "today": TODAY},
    )  # fmt: skip
    assert row.date == "2024-05-01" and row.end_date == "" and row.actor_type == ""
    assert (row.latitude, row.longitude) == (46.24, -63.13)
    assert row.city == "Halifax" and row.source_title == "a\nb"
    blank = events.EventRow.model_validate(
        {**GOOD, "date_precision": ""}, context={"cmas": CMAS, "today": TODAY}
    )
    assert blank.date_precision == "day"


def test_a_row_reports_every_bad_field():
    bad = {**GOOD, "id": "", "province": "ZZ", "latitude": "north", "source_url": "ftp://x"}
    assert [column for column, _ in errors(bad)] == ["id", "province", "latitude", "source_url"]


HOSTILE = [
    {**GOOD, "id": "ok1", "title_en": "<script>alert(1)</script>",
     "summary_en": ":red[**OFFICIAL**] [log in](http://127.0.0.2:9/p)"},
    {**GOOD, "id": "ok2", "organizers": '"quoted, with comma"', "summary_fr": "a\nb\nc"},
    {**GOOD, "id": "bad-formula", "title_fr": '=HYPERLINK("http://x","click")'},
    {**GOOD, "id": "bad-bidi", "city": "x\u202ey"},
    {**GOOD, "id": "bad-url", "source_url": "javascript:alert(1)"},
    {**GOOD, "id": "bad-many", "date": "2024-W18-3", "province": "<b>", "latitude": "nan"},
    {**GOOD, "id": "ok1"},  # a duplicate of a valid row
    {**GOOD, "id": "bad id", "date": "2099-01-01"},
    {**GOOD, "id": "ok3", "date": "2024-05", "date_precision": "month", "end_date": ""},
    {**GOOD, "id": "bad-nul", "summary_en": "nul\x00"},
    {**GOOD, "id": "bad-latin", "city": "Montr\xe9al"},  # written as latin-1 below
    {**GOOD, "id": "ok4", "source_title": "{message}"},
]  # fmt: skip


@pytest.fixture
def hostile_file(tmp_path):
    """HOSTILE as a CSV file, plus a row with an extra field and a stray CR, a blank line
    and a row that runs over two lines; rows ok1 to ok4 are the only valid ones."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=events.COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(HOSTILE)
    text = buf.getvalue()
    last = text.splitlines(keepends=True)[-1]
    text += last.replace("ok4", "bad-extra").rstrip("\n") + ",extra\n\n"
    text += last.replace("ok4", "bad-cr").replace("Charlottetown", "Charlotte\rtown")
    raw = text.encode("utf-8").replace("Montr\xe9al".encode(), b"Montr\xe9al")
    path = tmp_path / "events.csv"
    path.write_bytes(raw)
    return path


def test_validator_and_loader_give_the_same_verdict(hostile_file, capsys):
    problems = events.validate_file(hostile_file, CMAS)
    left_out: list[str] = []
    df = events.load_events(hostile_file, CMAS, left_out)
    assert left_out == problems
    assert sorted(df["id"]) == ["ok1", "ok2", "ok3", "ok4"]
    assert main(["validate-events", str(hostile_file)]) == 1
    assert capsys.readouterr().out.splitlines() == problems
    # each bad row is named once or more by its line, and no good row is
    lines = {int(p.split()[2].rstrip(",:")) for p in problems}
    assert lines == {6, 7, 8, 9, 10, 11, 13, 14, 16, 18}  # ok2 runs over lines 3-5
    assert all(p.startswith("events.csv line ") and "\n" not in p for p in problems)
    assert "events.csv line 10, id: duplicate id 'ok1' (first on line 2)" in problems
    with pytest.raises(ValueError, match="problem"):
        events.load_events(hostile_file, CMAS)  # without a list, a bad row stops the load
