"""French typography built in code: a label and its value are joined by i18n.colon."""

import re

import pandas as pd

from geo import i18n, layers

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
