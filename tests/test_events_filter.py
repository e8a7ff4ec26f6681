"""Events explorer: filter_events, URL filters, monthly counts, policy lines, event map."""

import pandas as pd

from geo import charts, eventmap, explore
from geo.events import filter_events


def _ev(i, day, etype, actor, prov, city, title, summary="", organizers=""):
    return {
        "id": f"e{i}", "date": day, "date_precision": "day", "end_date": "",
        "title_en": title, "title_fr": title + " (fr)", "event_type": etype,
        "actor_type": actor, "organizers": organizers, "city": city, "province": prov,
        "cma": "", "latitude": 45.5, "longitude": -73.6, "attendance": "",
        "summary_en": summary, "summary_fr": "résumé " + summary,
        "source_url": "https://example.org/" + str(i), "source_title": f"Source {i}",
        "source_date": day,
    }  # fmt: skip


EVENTS = pd.DataFrame(
    [
        _ev(1, "2023-03-25", "policy_change", "federal_government", "CA", "Ottawa", "STCA"),
        _ev(2, "2024-09-14", "rally", "migrant_group", "ON", "Toronto", "Rally for status",
            organizers="Migrant Workers Alliance for Change"),
        _ev(3, "2024-09-20", "protest", "student_group", "PE", "Charlottetown", "Students"),
        _ev(4, "2026-02-07", "rally", "union", "QC", "Montréal", "PEQ rallies",
            summary="Unions march in Québec"),
    ]
)  # fmt: skip


def test_no_filters_returns_everything():
    assert len(filter_events(EVENTS)) == 4


def test_dates_are_inclusive():
    out = filter_events(EVENTS, "2024-09-14", "2024-09-20")
    assert list(out["id"]) == ["e2", "e3"]


def test_types_actors_provinces():
    assert list(filter_events(EVENTS, types=["rally"])["id"]) == ["e2", "e4"]
    assert list(filter_events(EVENTS, types=["rally"], provinces=["QC"])["id"]) == ["e4"]
    assert list(filter_events(EVENTS, actors=["student_group"])["id"]) == ["e3"]
    assert filter_events(EVENTS, types=["rally"], provinces=["PE"]).empty


def test_text_is_case_and_accent_insensitive_over_fields():
    assert list(filter_events(EVENTS, text="QUEBEC")["id"]) == ["e4"]  # summary, no accent
    assert list(filter_events(EVENTS, text="montreal")["id"]) == ["e4"]  # city
    assert list(filter_events(EVENTS, text="alliance")["id"]) == ["e2"]  # organizers
    assert list(filter_events(EVENTS, text="(fr)", lang="fr")["id"]) == ["e1", "e2", "e3", "e4"]
    assert filter_events(EVENTS, text="(fr)", lang="en").empty  # current language only
    assert filter_events(EVENTS, text="nothing like this").empty
    assert len(filter_events(EVENTS, text="   ")) == 4


def test_regex_characters_are_literal():
    assert filter_events(EVENTS, text="[").empty
    assert filter_events(EVENTS, text=".*").empty


def test_parse_url_filters_and_notices():
    f, notices = explore.parse(
        {"type": ["rally,protest"], "province": ["on"], "q": ["status"]}, EVENTS
    )
    assert f.types == ["rally", "protest"] and f.provinces == ["ON"] and f.text == "status"
    assert (f.start, f.end) == ("2023-03-25", "2026-02-07")
    assert notices == []
    f, notices = explore.parse({"type": ["rally,bogus"], "from": ["yesterday"]}, EVENTS)
    assert f.types == ["rally"]
    assert {n.name for n in notices} == {"type", "from"}
    f, notices = explore.parse({"from": ["2025-01-01"], "to": ["2024-01-01"]}, EVENTS)
    assert (f.start, f.end) == ("2023-03-25", "2026-02-07") and notices


def test_params_round_trip():
    f, _ = explore.parse({"type": ["rally"], "province": ["QC"], "from": ["2024-01-01"]}, EVENTS)
    p = explore.to_params(f, EVENTS)
    assert p == {"from": "2024-01-01", "type": "rally", "province": "QC"}
    f2, notices = explore.parse({k: [v] for k, v in p.items()}, EVENTS)
    assert f2 == f and not notices
    assert explore.to_params(explore.parse({}, EVENTS)[0], EVENTS) == {}


def test_per_month_counts_only_existing_months():
    m = explore.per_month(EVENTS, "fr")
    sept = m[m["month"] == "2024-09-01"].set_index("type")["count"]
    assert sept.to_dict() == {"protest": 1, "rally": 1}
    assert (m["count"] > 0).all() and len(m) == 4
    assert explore.per_month(EVENTS.iloc[0:0], "en").empty


def test_policy_rules():
    r = charts.policy_rules(EVENTS, "fr")
    assert list(r["date"]) == ["2023-03-25"] and r["label"].iloc[0] == "STCA (fr)"
    assert charts.policy_rules(EVENTS, "en", start="2024-01-01").empty


def test_timeline_chart_and_event_points():
    spec = charts.timeline_chart(explore.per_month(EVENTS, "en"), "en").to_dict()
    assert spec["mark"]["type"] == "bar"
    pts = eventmap.points(EVENTS, "en")
    assert len(pts) == 4 and all(len(p["position"]) == 2 for p in pts)
    assert "Source 4" in pts[3]["tip"]
    assert eventmap.points(EVENTS.iloc[0:0], "en") == []


def test_download_frame_keeps_sources():
    d = explore.download_frame(EVENTS, "fr")
    assert {"title", "summary", "source_url", "source_title"} <= set(d.columns)
    assert d["title"].iloc[0] == "STCA (fr)"


def test_filter_by_cma():
    from geo import DATA_DIR, data, explore
    from geo import events as ev

    b = data.load(DATA_DIR)
    ids = tuple(b.cmas["cmauid"])
    f, notices = explore.parse({"cma": ["535,462,zz"]}, b.events, ids)
    assert f.cmas == ["462", "535"] and [n.name for n in notices] == ["cma"]
    assert explore.to_params(f, b.events)["cma"] == "462,535"
    shown = ev.filter_events(b.events, cmas=f.cmas)
    assert len(shown) and set(shown["cma"]) <= {"462", "535"}
    assert len(shown) == b.events["cma"].isin(["462", "535"]).sum()
