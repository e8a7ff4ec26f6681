"""Altair charts for the profile and events pages, and policy-change reference lines.

Colours are Okabe-Ito (colour-blind safe, geo/style.py). Every value shown on hover is pre-formatted
per language in the data itself (so French gets "1 234,5"), and a missing figure is a
gap, never a zero.
"""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd

from geo import i18n, metrics, style
from geo import quarters as qtr
from geo.events import POLICY_TYPES
from geo.i18n import t
from geo.style import OKABE_ITO, RULE_COLOUR, TYPE_COLOURS

# Dates are days ("2024-10-01"), which browsers read as UTC midnight: every time scale is
# UTC, so that a reader west of Greenwich (all of Canada) does not see them on the day, and
# in the month, before
UTC = alt.Scale(type="utc")
YEARS_ONLY_AFTER = 24  # months: a longer axis labels only its years


def time_x(field: str, lang: str, first: str, end: str) -> alt.X:
    """A date x axis from `first` to `end` (ISO days) labelled in the language. Up to two
    years: the year under January, short months between. Longer: a tick per quarter, the
    year under each January and nothing else (on a phone, months crowded the years out),
    and the axis starts on the first year's January, so that its year is shown."""
    months = "[" + ",".join(f"'{m}'" for m in i18n.month_names(lang)) + "]"
    m, y = "utcmonth(datum.value)", "utcyear(datum.value)"
    if not (isinstance(first, str) and isinstance(end, str)):  # no data: no dates to show
        return alt.X(field, title=None, scale=UTC)
    span = (int(end[:4]) - int(first[:4])) * 12 + int(end[5:7]) - int(first[5:7])
    if span > YEARS_ONLY_AFTER:
        axis = alt.Axis(labelExpr=f"{m} == 0 ? '' + {y} : ''", title=None,
                        tickCount={"interval": "month", "step": 3})  # fmt: skip
        first = first[:4] + "-01-01"
    else:
        axis = alt.Axis(labelExpr=f"{m} == 0 ? '' + {y} : {months}[{m}]", title=None)
    return alt.X(field, title=None, scale=alt.Scale(type="utc", domain=[first, end]), axis=axis)


def legend(labels: list[str], columns: int, wrap: int) -> alt.Legend:
    """A legend under the chart whose labels longer than `wrap` characters take two lines
    or more (Vega cuts a long label, and the columns of a wide legend went past a phone's
    screen)."""
    lines = {x: textwrap.wrap(x, wrap) for x in labels if len(x) > wrap}
    expr = f"{json.dumps(lines, ensure_ascii=False)}[datum.label] || datum.label"
    return alt.Legend(title=None, orient="bottom", columns=columns, labelExpr=expr, labelLimit=0)


def month_span(months: pd.Series) -> tuple[str | None, str | None]:
    """(the first month, the first day after the last month) of "YYYY-MM-01" days."""
    if months.empty:
        return None, None
    y, m = int(months.max()[:4]), int(months.max()[5:7])
    return months.min(), f"{y + m // 12}-{m % 12 + 1:02d}-01"


def sized(chart, height: int):
    """The chart `height` px tall as drawn, its legend and axes below that: Streamlit fits
    the whole chart, legend included, into the height otherwise (a legend of a few rows,
    as on a phone, left the bars no room)."""
    return chart.properties(
        height=height, autosize=alt.AutoSizeParams(type="fit-x", contains="padding")
    )


def compact_number(lang: str) -> str:
    """A Vega expression labelling an axis value compactly: 1.4M, or 1,4 M in French."""
    if lang == "fr":
        return "replace(replace(format(datum.value, '~s'), '.', ','), /([kMG])$/, '\u00a0$1')"
    return "format(datum.value, '~s')"


def policy_rules(
    events: pd.DataFrame, lang: str, start: str | None = None, end: str | None = None
) -> pd.DataFrame:
    """Policy changes and court rulings as (date, label, type) rows for reference lines,
    between start and end (ISO dates, inclusive) when given."""
    ev = events[events["event_type"].isin(POLICY_TYPES)]
    if start:
        ev = ev[ev["date"] >= start]
    if end:
        ev = ev[ev["date"] <= end]
    return pd.DataFrame(
        {
            "date": ev["date"].astype(str).to_numpy(),
            "label": ev[f"title_{lang}"].astype(str).to_numpy(),
            "type": [t("et_" + k, lang) for k in ev["event_type"]],
            "day": [i18n.fmt_date(d, lang) for d in ev["date"]],
        }
    )


def _rules_layer(rules: pd.DataFrame, lang: str) -> alt.Chart:
    return (
        alt.Chart(rules)
        .mark_rule(color=RULE_COLOUR, strokeDash=[4, 3], strokeWidth=1.5, opacity=0.7)
        .encode(
            x=alt.X("date:T", scale=UTC),
            tooltip=[
                alt.Tooltip("day:N", title=t("date", lang)),
                alt.Tooltip("type:N", title=t("type", lang)),
                alt.Tooltip("label:N", title=t("ch_policy", lang)),
            ],
        )
    )


def types_chart(
    series: pd.DataFrame,
    quarters: list[str],
    lang: str,
    rules: pd.DataFrame | None = None,
    height: int = 200,
) -> alt.LayerChart:
    """Stacked bars of NPRs by type where the split exists, and the total as a black line
    with points. `series` is profile.type_series (quarter, type, value)."""
    df = series.copy()
    df["end"] = df["quarter"].map(qtr.after)
    df["label"] = df["type"].map(lambda k: t("m_" + k, lang))
    df["shown"] = [i18n.fmt_int(v, lang) for v in df["value"]]
    df["when"] = [qtr.short(q, lang) for q in df["quarter"]]
    keys = ["npr_total", *metrics.TYPES]
    domain = [t("m_" + k, lang) for k in keys]
    colour = alt.Color(
        "label:N",
        scale=alt.Scale(domain=domain, range=[TYPE_COLOURS[k] for k in keys]),
        legend=legend(domain, columns=1, wrap=40),
    )
    tips = [
        alt.Tooltip("when:N", title=t("quarter", lang)),
        alt.Tooltip("label:N", title=t("type", lang)),
        alt.Tooltip("shown:N", title=t("npr_short", lang)),
    ]
    compact = alt.Axis(labelExpr=compact_number(lang))
    y = alt.Y("value:Q", title=t("npr_short", lang), axis=compact)
    x = time_x("quarter:T", lang, quarters[0], qtr.after(quarters[-1]))
    parts = df[df["type"] != "npr_total"].copy()
    # stack by hand (bars span the quarter along x, so Vega-Lite would not stack them on y)
    parts["_o"] = parts["type"].map({k: i for i, k in enumerate(metrics.TYPES)})
    parts = parts.sort_values(["quarter", "_o"])
    parts["y1"] = parts.groupby("quarter")["value"].cumsum()
    parts["y0"] = parts["y1"] - parts["value"]
    bars = (
        alt.Chart(parts.drop(columns="_o"))
        .mark_bar(opacity=0.85, stroke="#FFFFFF", strokeWidth=0.5)
        .encode(
            x=x,
            x2="end:T",
            y=alt.Y("y0:Q", title=t("npr_short", lang), axis=compact),
            y2="y1:Q",
            color=colour,
            tooltip=tips,
        )
    )
    total = df[df["type"] == "npr_total"]
    line = (
        alt.Chart(total)
        .mark_line(invalid="break-paths-show-domains", strokeWidth=2)
        .encode(x=x, y=y, color=colour, tooltip=tips)
    )
    points = (
        alt.Chart(total)
        .mark_point(filled=True, size=40)
        .encode(x=x, y=y, color=colour, tooltip=tips)
    )
    chart = bars + line + points
    if rules is not None and len(rules):
        chart = chart + _rules_layer(rules, lang)
    return sized(chart, height).interactive(bind_y=False)


def rate_chart(
    rates: pd.DataFrame,
    lang: str,
    rules: pd.DataFrame | None = None,
    height: int = 220,
) -> alt.LayerChart:
    """NPRs per 100 residents: the province (solid vermillion) against Canada (dashed
    blue). `rates` is profile.rate_series (quarter, geo, value) with NaN gaps."""
    df = rates.copy()
    df["shown"] = [i18n.fmt_dec(v, lang, 2) for v in df["value"]]
    df["when"] = [qtr.short(q, lang) for q in df["quarter"]]
    geos = list(dict.fromkeys(df["geo"]))
    colour = alt.Color(
        "geo:N",
        scale=alt.Scale(domain=geos, range=[OKABE_ITO["vermillion"], OKABE_ITO["blue"]]),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    dash = alt.StrokeDash(
        "geo:N", scale=alt.Scale(domain=geos, range=[[1, 0], [6, 3]]), legend=None
    )
    tips = [
        alt.Tooltip("when:N", title=t("quarter", lang)),
        alt.Tooltip("geo:N", title=t("name", lang)),
        alt.Tooltip("shown:N", title=t("per_100", lang)),
    ]
    x = time_x("quarter:T", lang, df["quarter"].min(), df["quarter"].max())
    y = alt.Y("value:Q", title=t("per_100", lang))
    line = (
        alt.Chart(df)
        .mark_line(invalid="break-paths-show-domains", strokeWidth=2)
        .encode(x=x, y=y, color=colour, strokeDash=dash, tooltip=tips)
    )
    points = (
        alt.Chart(df[df["value"].notna()])
        .mark_point(filled=True, size=40)
        .encode(x=x, y=y, color=colour, shape=alt.Shape("geo:N", legend=None), tooltip=tips)
    )
    chart = line + points
    if rules is not None and len(rules):
        chart = chart + _rules_layer(rules, lang)
    return sized(chart, height)


def sparkline(
    series: pd.DataFrame, quarter: str, quarters: list[str], lang: str, height: int = 150
) -> alt.LayerChart:
    """One geography's NPRs over every quarter (a gap where there is no figure), the
    quarter on the map marked, with a year on each January tick. `series` is
    metrics.series (quarter, npr_total, ...)."""
    df = pd.DataFrame(
        {
            "quarter": series["quarter"].astype(str),
            "value": pd.to_numeric(series["npr_total"], errors="coerce").astype("float64"),
        }
    )
    df["shown"] = [i18n.fmt_int(v, lang) for v in df["value"]]
    df["when"] = [qtr.short(q, lang) for q in df["quarter"]]
    tips = [
        alt.Tooltip("when:N", title=t("quarter", lang)),
        alt.Tooltip("shown:N", title=t("npr_short", lang)),
    ]
    years = alt.Axis(
        format="%Y", tickCount={"interval": "year", "step": 1}, title=None, labelFontSize=13,
        grid=False,
    )  # fmt: skip
    x = alt.X(
        "quarter:T", scale=alt.Scale(type="utc", domain=[quarters[0], quarters[-1]]), axis=years
    )
    y = alt.Y(
        "value:Q",
        title=None,
        axis=alt.Axis(labelExpr=compact_number(lang), tickCount=3, labelFontSize=12),
        scale=alt.Scale(zero=False),
    )
    colour = TYPE_COLOURS["npr_total"]
    line = (
        alt.Chart(df)
        .mark_line(invalid="break-paths-show-domains", strokeWidth=2, color=colour)
        .encode(x=x, y=y, tooltip=tips)
    )
    points = (
        alt.Chart(df[df["value"].notna()])
        .mark_point(filled=True, size=25, color=colour)
        .encode(x=x, y=y, tooltip=tips)
    )
    now = (
        alt.Chart(df[df["quarter"] == quarter]).mark_rule(color=OKABE_ITO["vermillion"]).encode(x=x)
    )
    return (line + points + now).properties(height=height)


def group_of(event_type: str) -> str:
    """The legend group key (style.EVENT_GROUPS) of an event type."""
    for key, types in style.EVENT_GROUPS:
        if event_type in types:
            return key
    return "et_report"


def timeline_chart(
    monthly: pd.DataFrame,
    lang: str,
    rules: pd.DataFrame | None = None,
    height: int = 170,
) -> alt.LayerChart:
    """Events per month, stacked by type group in the map's event colours.
    `monthly` is explore.per_month (month, type, label, count)."""
    df = monthly.copy()
    df["group"] = df["type"].map(lambda k: t(group_of(k), lang))
    df = df.groupby(["month", "group"], as_index=False)["count"].sum()
    df["when"] = [i18n.fmt_month(m, lang) for m in df["month"]]
    domain = [t(k, lang) for k, _ in style.EVENT_GROUPS]
    rng = [style.EVENT_COLOURS[types[0]] for _, types in style.EVENT_GROUPS]
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=time_x("utcyearmonth(month):T", lang, *month_span(df["month"])),
            y=alt.Y(
                "sum(count):Q",
                title=t("ex_events_per_month", lang),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),  # fmt: skip
            color=alt.Color(
                "group:N",
                scale=alt.Scale(domain=domain, range=rng),
                legend=legend(domain, columns=2, wrap=18),
            ),
            tooltip=[
                alt.Tooltip("when:N", title=t("ex_month", lang)),
                alt.Tooltip("group:N", title=t("type", lang)),
                alt.Tooltip("count:Q", title=t("ex_count", lang)),
            ],
        )
    )
    chart = bars
    if rules is not None and len(rules):
        chart = chart + _rules_layer(rules, lang)
    return sized(chart, height)


def revisions_chart(rev: pd.DataFrame, lang: str, height: int = 210) -> alt.LayerChart:
    """A geography's series in each release held, side by side: one line per release that
    has two or more quarters (the current one in black), and figures a release gave for a
    single quarter as points. Lines never join two releases. `rev` is
    vintages.revisions."""
    df = rev.copy()
    df["release"] = [
        t("rev_release_label", lang, release=i18n.fmt_date(r, lang))
        + (f" ({t('rev_current_short', lang)})" if c else "")
        for r, c in zip(df["release_date"], df["current"], strict=True)
    ]
    size = df.groupby("release_date")["quarter"].transform("nunique")
    df.loc[size < 2, "release"] = t("rev_single", lang)
    df["shown"] = [i18n.fmt_int(v, lang) for v in df["value"]]
    df["when"] = [qtr.short(q, lang) for q in df["quarter"]]
    df["day"] = [i18n.fmt_date(r, lang) for r in df["release_date"]]
    order = df[size >= 2].sort_values("release_date")["release"].drop_duplicates().tolist()
    domain = order + ([t("rev_single", lang)] if (size < 2).any() else [])
    palette = [OKABE_ITO[k] for k in ("orange", "sky", "green", "purple", "vermillion", "blue")]
    rng = [
        OKABE_ITO["black"] if d.endswith(f"({t('rev_current_short', lang)})") else palette[i % 6]
        for i, d in enumerate(domain)
    ]
    colour = alt.Color(
        "release:N",
        sort=domain,
        scale=alt.Scale(domain=domain, range=rng),
        legend=legend(domain, columns=1, wrap=40),
    )
    tips = [
        alt.Tooltip("when:N", title=t("quarter", lang)),
        alt.Tooltip("day:N", title=t("rev_release_col", lang)),
        alt.Tooltip("shown:N", title=t("npr_short", lang)),
    ]
    x = time_x("quarter:T", lang, df["quarter"].min(), df["quarter"].max())
    y = alt.Y(
        "value:Q",
        title=t("npr_short", lang),
        axis=alt.Axis(labelExpr=compact_number(lang)),
        scale=alt.Scale(zero=False),
    )
    lines = (
        alt.Chart(df[size >= 2])
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=colour, detail="release_date:N", tooltip=tips)
    )
    points = (
        alt.Chart(df)
        .mark_point(filled=True, size=45)
        .encode(x=x, y=y, color=colour, shape=alt.Shape("release:N", legend=None), tooltip=tips)
    )
    return sized(lines + points, height)
