"""Quarters: the one place that knows what a quarter is.

A quarter is named by its reference date, an ISO string on the first day of its first
month ("2024-10-01" is Q4 2024), as StatCan's REF_DATE gives it. Everything that steps,
counts, parses or labels quarters does it here, on those strings.
"""

from __future__ import annotations

from datetime import date

from geo import i18n


def _ym(quarter: str) -> tuple[int, int]:
    d = date.fromisoformat(quarter)
    return d.year, d.month


def containing(day: str | date) -> str:
    """The quarter an ISO date (or a date) falls in: 2024-11-15 -> 2024-10-01."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return date(d.year, (d.month - 1) // 3 * 3 + 1, 1).isoformat()


def index(quarter: str) -> int:
    """A running number, one a quarter: consecutive quarters differ by 1."""
    y, m = _ym(quarter)
    return y * 4 + (m - 1) // 3


def from_index(i: int) -> str:
    return date(i // 4, i % 4 * 3 + 1, 1).isoformat()


def step(quarter: str, n: int) -> str:
    """The quarter n quarters later (earlier when n < 0)."""
    return from_index(index(quarter) + n)


def after(quarter: str) -> str:
    """The next quarter; also where `quarter` ends (its reference date + 3 months)."""
    return step(quarter, 1)


def before(quarter: str) -> str:
    """The previous quarter."""
    return step(quarter, -1)


def span(first: str, last: str) -> list[str]:
    """Every quarter from first to last, both included, oldest first."""
    return [from_index(i) for i in range(index(first), index(last) + 1)]


def parse(text: str) -> str | None:
    """A quarter written as 2024-10-01, 2024-10 or 2024Q4 (any case, spaces ignored), as
    its reference date; None when the text names no quarter."""
    t = text.upper().replace(" ", "")
    if len(t) == 6 and t[4] == "Q" and t[:4].isdigit() and t[5] in "1234":
        t = f"{t[:4]}-{(int(t[5]) - 1) * 3 + 1:02d}-01"
    elif len(t) == 7 and t[4] == "-":
        t = t + "-01"
    try:
        d = date.fromisoformat(t)
    except ValueError:
        return None
    return t if len(t) == 10 and d.day == 1 and d.month % 3 == 1 else None


def label(quarter: str, lang: str) -> str:
    """'Q4 2024 (1 October 2024)' / 'T4 2024 (1er octobre 2024)' for 2024-10-01."""
    return f"{short(quarter, lang)} ({i18n.fmt_date(quarter, lang)})"


def short(quarter: str, lang: str) -> str:
    """'Q4 2024' / 'T4 2024' for 2024-10-01."""
    return i18n.fmt_quarter(quarter, lang)
