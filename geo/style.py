"""Colours and number formats: the one owner of the palettes (maps, charts, events), the
event colours and legend groups, and how a measure's value is written in each language.

Every palette is colour-blind safe: ColorBrewer for the maps, Okabe-Ito for charts and
events.
"""

from __future__ import annotations

from geo import i18n
from geo.cmaflows import MEASURE as CMA_MEASURE
from geo.metrics import CHANGE_MEASURES

# ---------------------------------------------------------------- maps

# ColorBrewer YlGnBu (sequential: counts and rates) and PuOr (diverging around zero:
# changes, and the CMAs' net flows).
SEQUENTIAL = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
DIVERGING = ["#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"]
NO_DATA = "#d4d4d4"  # the plain grey of a place without a figure ("no data", never 0)


def is_diverging(measure: str) -> bool:
    """True for a measure drawn with the diverging palette (it has a sign)."""
    return measure in CHANGE_MEASURES or measure == CMA_MEASURE


# ---------------------------------------------------------------- charts and events

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
TYPE_COLOURS = {  # the lines of the NPR types in charts
    "work_only": OKABE_ITO["blue"],
    "study_only": OKABE_ITO["orange"],
    "work_study": OKABE_ITO["sky"],
    "asylum": OKABE_ITO["purple"],
    "other": OKABE_ITO["green"],
    "npr_total": OKABE_ITO["black"],
}
RULE_COLOUR = "#555555"  # the policy-change lines of charts

EVENT_COLOURS = {  # per event type
    "rally": OKABE_ITO["vermillion"],
    "protest": OKABE_ITO["vermillion"],
    "march": OKABE_ITO["vermillion"],
    "strike": OKABE_ITO["purple"],
    "campaign": OKABE_ITO["orange"],
    "statement": OKABE_ITO["green"],
    "report": OKABE_ITO["sky"],
    "policy_change": OKABE_ITO["black"],
    "court_ruling": OKABE_ITO["blue"],
}
OTHER_EVENT = "#777777"  # a type without a colour of its own
EVENT_GROUPS = [  # legend rows: (i18n key, types)
    ("et_rally", ("rally", "protest", "march")),
    ("et_strike", ("strike",)),
    ("et_campaign", ("campaign",)),
    ("et_statement", ("statement",)),
    ("et_report", ("report",)),
    ("et_policy_change", ("policy_change",)),
    ("et_court_ruling", ("court_ruling",)),
]


def event_colour(event_type: str) -> str:
    """The colour of an event type (grey for a type the legend does not name)."""
    return EVENT_COLOURS.get(event_type, OTHER_EVENT)


# ---------------------------------------------------------------- numbers


def format_measure(value: float | None, measure: str, lang: str) -> str:
    """A measure's value as the map shows it: a rate with two decimals, a change (or the
    CMAs' net flow) with its sign, a count as a whole number; missing -> 'no data'."""
    if measure == "npr_per_100":
        return i18n.fmt_dec(value, lang, 2)
    return i18n.fmt_int(value, lang, signed=is_diverging(measure))


def format_range(low: float, high: float, measure: str, lang: str) -> str:
    """A legend class, "1,000 – 2,000" / "1 000 – 2 000"."""
    return i18n.span(format_measure(low, measure, lang), format_measure(high, measure, lang))
