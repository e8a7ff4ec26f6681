"""Each page's contract with its URL (ui.url.PageState runs it): a pure
parse(params) -> (view, notices) and to_params(view), with parse(to_params(view)) == view
and a notice for every value it could not use."""

import pytest

from geo import DATA_DIR, data, explore, metrics, profile, sources, state, story
from tests.test_profile import PROVINCES, QUARTERS
from tests.test_profile import panel as panel  # noqa: F401 - the fixture


def as_url(params: dict[str, str]) -> dict[str, list[str]]:
    return {k: [v] for k, v in params.items()}


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


def test_map_contract_round_trips(bundle):
    quarters = metrics.quarters(bundle.panel)
    ids = set(bundle.cmas["cmauid"])
    for view in (
        state.View(quarters[0]),
        state.View(quarters[-1], "asylum", ("provinces",), "ON"),
        state.View(quarters[3], "npr_per_100", ("provinces", "cmas", "events"), cma="535"),
        state.View(quarters[3], layers=(), embed=True),
    ):
        back, notices = state.parse(as_url(state.to_params(view)), quarters, cma_ids=ids)
        assert (back, notices) == (view, [])


def test_story_contract_round_trips_and_names_bad_values():
    for view in (
        story.StoryParams(),
        story.StoryParams(4, presenter=True),
        story.StoryParams(10, contrast=True, notes=True, embed=True),
    ):
        assert story.parse(as_url(story.to_params(view)), 10) == (view, [])
    view, notices = story.parse(as_url({"chapter": "11", "notes": "sure"}), 10)
    assert view == story.StoryParams()
    assert [(n.name, n.value, n.fallback) for n in notices] == [
        ("chapter", "11", "1"),
        ("notes", "sure", "false"),
    ]


def test_profile_contract(panel):  # noqa: F811 - the fixture
    def parse(**params):
        return profile.parse(as_url(params), PROVINCES, panel, QUARTERS)

    view, notices = parse(province="qc", quarter="2022-04-01")
    assert (view, notices) == (profile.ProfileView("QC", "2022-04-01", True), [])
    assert profile.to_params(view) == {"province": "QC", "quarter": "2022-04-01"}
    assert parse(**profile.to_params(view)) == (view, [])
    # no quarter: the province's own latest figures, and a new province may move it
    view, notices = parse(province="MB")
    assert (view, notices) == (profile.ProfileView("MB", "2022-04-01", False), [])
    # a bad quarter: the default, with the usual notice; not a chosen quarter
    view, notices = parse(province="QC", quarter="1999-01-01")
    assert view == profile.ProfileView("QC", "2022-10-01", False)
    assert [(n.name, n.message) for n in notices] == [("quarter", "bad_param")]
    # a code of no province: none chosen (the page asks to pick one), its own message
    view, notices = parse(province="ZZ<b>", quarter="2022-01-01")
    assert view == profile.ProfileView(None, "2022-01-01", True)
    assert [(n.name, n.value, n.message) for n in notices] == [("province", "ZZ<b>", "pf_bad_code")]
    assert profile.to_params(view) == {}


def test_events_contract_round_trips(bundle):
    ids = tuple(bundle.cmas["cmauid"])
    lo, hi = explore.date_bounds(bundle.events)
    f = explore.Filters(lo, "2025-06-30", ["rally"], ["union"], ["QC", "CA"], "PEQ", ["462"])
    back, notices = explore.parse(as_url(explore.to_params(f, bundle.events)), bundle.events, ids)
    assert (back, notices) == (f, [])
    assert explore.parse({}, bundle.events, ids) == (explore.Filters(lo, hi), [])


def test_sources_contract_has_no_parameters():
    view, notices = sources.parse(as_url({"quarter": "2024-10-01", "x": "<b>"}))
    assert (view, notices) == (sources.SourcesView(), [])
    assert sources.to_params(view) == {}
