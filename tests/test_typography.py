"""Typography and formats per language: a label and its value are joined by i18n.colon,
French spaces are no-break ones, numbers and dates come from Babel, colours and measure
formats from geo/style.py."""

import re
from datetime import date

import pandas as pd

from geo import i18n, layers, style

EVENT = pd.Series(
    {
        "date": "2024-05-09",
        "date_precision": "day",
        "title_en": "Rally",
        "title_fr": "Rassemblement",
        "event_type": "rally",
        "city": "Toronto",
        "province": "ON",
        "organizers": "Group",
        "attendance": "hundreds",
        "summary_en": "Summary.",
        "summary_fr": "Résumé.",
        "source_title": "A paper",
    }
)
PROVINCE = pd.Series(
    {
        "name_en": "Ontario",
        "name_fr": "Ontario",
        "npr_total": 1000.0,
        "npr_per_100": 5.0,
        "change_prev": float("nan"),
        "change_2022": 10.0,
        "population": 20000.0,
        "npr_release_date": "2025-09-24",
    }
)


def test_colon():
    assert i18n.colon("en") == ":"
    assert i18n.colon("fr") == "\u00a0:"


def test_tooltips_put_a_no_break_space_before_a_french_colon():
    for tip in (layers.event_tip(EVENT, "fr"), layers.province_tip(PROVINCE, "2024-10-01", "fr")):
        assert "Source\u00a0: " in tip
        assert not re.search("[^\u00a0]:", tip), tip  # every colon has its space
    for tip in (layers.event_tip(EVENT, "en"), layers.province_tip(PROVINCE, "2024-10-01", "en")):
        assert "Source: " in tip and "\u00a0:" not in tip


def test_source_line_semicolons_and_colons_keep_to_their_word_in_french():
    from geo import export

    fr = export.source_line("fr", ["2026-09-23"])
    assert ";" in fr and not re.search("[^\u00a0][;:]", fr), fr
    en = export.source_line("en", ["2026-09-23"])
    assert "; " in en and "\u00a0;" not in en


# ---- numbers and dates per language (Babel, en_CA and fr_CA)

NB = "\u00a0"


def test_whole_numbers():
    assert i18n.fmt_int(3241000.4, "en") == "3,241,000"
    assert i18n.fmt_int(3241000.4, "fr") == f"3{NB}241{NB}000"
    assert i18n.fmt_int(-44792, "en") == "\u221244,792"  # a real minus sign
    assert i18n.fmt_int(48200, "fr", signed=True) == f"+48{NB}200"
    assert i18n.fmt_int(0, "en", signed=True) == "0"


def test_decimals_and_percentages():
    assert i18n.fmt_dec(7.456, "en", 2) == "7.46"
    assert i18n.fmt_dec(1234.5, "fr") == f"1{NB}234,5"
    assert i18n.fmt_dec(-0.3, "fr", 2, signed=True) == "\u22120,30"
    assert i18n.fmt_dec(-0.001, "en", 1) == "0.0"  # never "−0.0"
    assert i18n.fmt_pct(7.5, "en") == "7.5%"
    assert i18n.fmt_pct(7.5, "fr") == f"7,5{NB}%"
    assert i18n.fmt_pct(42, "fr", 0) == f"42{NB}%"


def test_missing_is_no_data_never_zero():
    for f in (i18n.fmt_int, i18n.fmt_dec, i18n.fmt_pct, i18n.fmt_millions):
        assert f(None, "en") == "no data"
        assert f(float("nan"), "fr") == "aucune donnée"
    assert style.format_measure(float("nan"), "change_prev", "en") == "no data"


def test_dates():
    assert i18n.fmt_date("2024-10-01", "en") == "1 October 2024"
    assert i18n.fmt_date("2024-10-01", "fr") == "1er octobre 2024"
    assert i18n.fmt_date(date(2024, 5, 9), "fr") == "9 mai 2024"
    assert i18n.fmt_month("2024-08-01", "fr") == "août 2024"
    assert i18n.fmt_event_day("2024-05-09", "month", "en") == "May 2024"
    assert i18n.fmt_event_day("2024-05-09", "day", "en") == "9 May 2024"
    assert i18n.month_names("fr")[0] == "janv." and len(i18n.month_names("en")) == 12


def test_millions():
    assert i18n.fmt_millions(3.2e6, "en") == "3.20 million"
    assert i18n.fmt_millions(3.2e6, "fr") == f"3,20{NB}millions"
    assert i18n.fmt_millions(1.4e6, "fr") == f"1,40{NB}million"


# ---- the typography helper


def test_french_spaces_become_no_break():
    fr = i18n.typography("Source : « x » ; oui ! non ? a – b", "fr")
    assert fr == f"Source{NB}: «{NB}x{NB}»{NB}; oui{NB}! non{NB}? a{NB}– b"
    url = "Voir https://www.statcan.gc.ca/a?b=1 et 1:10m"
    assert i18n.typography(url, "fr") == url  # only a space that is there changes
    assert i18n.typography("Source: x; y", "en") == "Source: x; y"
    assert i18n.span("1", "2") == f"1{NB}– 2"


# ---- style: the one owner of colours and measure formats


def test_format_measure_per_measure():
    assert style.format_measure(7.456, "npr_per_100", "fr") == "7,46"
    assert style.format_measure(1200, "change_2022", "en") == "+1,200"
    assert style.format_measure(-1200, "cma_net", "en") == "\u22121,200"
    assert style.format_measure(1200, "npr_total", "en") == "1,200"
    assert style.format_range(-5, 5, "change_prev", "en") == f"\u22125{NB}– +5"


def test_diverging_measures_and_event_colours():
    assert style.is_diverging("change_prev") and style.is_diverging("cma_net")
    assert not style.is_diverging("npr_total")
    assert style.event_colour("policy_change") == style.OKABE_ITO["black"]
    assert style.event_colour("unknown") == style.OTHER_EVENT
    grouped = [t for _, types in style.EVENT_GROUPS for t in types]
    assert sorted(grouped) == sorted(style.EVENT_COLOURS)
