"""geo/quarters.py: the one owner of quarter arithmetic and labels."""

import pytest

from geo import quarters as qtr


@pytest.mark.parametrize(
    ("day", "quarter"),
    [("2024-01-01", "2024-01-01"), ("2024-03-31", "2024-01-01"), ("2024-11-15", "2024-10-01")],
)
def test_containing(day, quarter):
    assert qtr.containing(day) == quarter


def test_steps_cross_years():
    assert qtr.after("2024-10-01") == "2025-01-01"
    assert qtr.before("2025-01-01") == "2024-10-01"
    assert qtr.step("2024-04-01", 5) == "2025-07-01"
    assert qtr.step("2024-04-01", -6) == "2022-10-01"
    assert qtr.index("2025-01-01") - qtr.index("2024-10-01") == 1
    assert qtr.from_index(qtr.index("2023-07-01")) == "2023-07-01"


def test_span():
    assert qtr.span("2024-07-01", "2025-01-01") == ["2024-07-01", "2024-10-01", "2025-01-01"]
    assert qtr.span("2024-07-01", "2024-07-01") == ["2024-07-01"]
    assert qtr.span("2025-01-01", "2024-07-01") == []


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("2024-10-01", "2024-10-01"),
        ("2024-10", "2024-10-01"),
        ("2024Q4", "2024-10-01"),
        ("2024 q1", "2024-01-01"),
        ("2024-11-01", None),  # not the first month of a quarter
        ("2024-10-02", None),
        ("2024Q5", None),
        ("20241001", None),
        ("latest", None),
        ("", None),
    ],
)
def test_parse(text, quarter):
    assert qtr.parse(text) == quarter


def test_labels():
    assert qtr.label("2024-10-01", "en") == "Q4 2024 (1 October 2024)"
    assert qtr.label("2024-10-01", "fr") == "T4 2024 (1er octobre 2024)"
    assert qtr.short("2024-04-01", "en") == "Q2 2024"
    assert qtr.short("2024-04-01", "fr") == "T2 2024"
