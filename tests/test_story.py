"""Story chapters: front matter, placeholders, links, EN/FR parity, and the claims in prose."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo import DATA_DIR, claims, data, i18n, layers, metrics, projection, statcan, story

LANGS = ("en", "fr")


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


@pytest.fixture(scope="module")
def chapters():
    return {lang: story.load_chapters(DATA_DIR, lang) for lang in LANGS}


def test_chapter_count_and_front_matter_validates(bundle, chapters):
    for lang in LANGS:
        assert 8 <= len(chapters[lang]) <= 12
        assert story.validate_all(chapters[lang], bundle) == []


def test_every_placeholder_resolves_to_a_number(bundle, chapters):
    for lang in LANGS:
        for ch in chapters[lang]:
            revised = story.all_releases(bundle)
            missing = story.missing_figures(
                ch, bundle.panel, bundle.provinces, revised, bundle.cma_flows
            )
            assert missing == [], ch.slug
            filled = story.fill(
                ch.body,
                bundle.panel,
                bundle.provinces,
                lang,
                bundle.events,
                revised,
                bundle.cma_flows,
            )
            assert "{{" not in filled and i18n.t("no_data", lang) not in filled, ch.slug


def test_en_and_fr_have_the_same_chapters(chapters):
    en, fr = chapters["en"], chapters["fr"]
    assert [c.slug for c in en] == [c.slug for c in fr]
    for a, b in zip(en, fr, strict=True):
        for f in ("quarter", "view", "measure", "layers", "provinces", "events"):
            assert getattr(a, f) == getattr(b, f), (a.slug, f)
        assert sorted(p.text for p in story.placeholders(a.body)) == sorted(
            p.text for p in story.placeholders(b.body)
        ), a.slug
        assert bool(a.notes) == bool(b.notes), a.slug


FIGURE_IN_PROSE = re.compile(r"\d[\d,]*[.,]\d|\d{5,}|\d\s*%|\d\s*million|\$\s*\d", re.IGNORECASE)


def test_no_figure_is_typed_in_prose(chapters):
    """Numbers come from placeholders; prose keeps only dates and names (e.g. Bill C-12)."""
    for lang in LANGS:
        for ch in chapters[lang]:
            text = story.PLACEHOLDER_RE.sub("", ch.body)
            text = story.LINK_RE.sub(lambda m: m.group(1), text)  # drop URLs, keep link text
            text = text.replace("17-10-0121-01", "").replace("17-10-0009-01", "")
            assert not FIGURE_IN_PROSE.findall(text), (
                ch.lang,
                ch.slug,
                FIGURE_IN_PROSE.findall(text),
            )


def test_every_link_is_taken_from_the_data(bundle, chapters):
    allowed = {t.page_url for t in statcan.TABLES.values()}
    for f in (DATA_DIR / "statcan").glob("*"):
        allowed |= set(re.findall(r"https://[^\s,)\"\]]+", f.read_text(encoding="utf-8")))
    allowed |= set(bundle.events["source_url"])
    for lang in LANGS:
        for ch in chapters[lang]:
            filled = story.fill(ch.body, bundle.panel, bundle.provinces, lang, bundle.events)
            links = story.links(filled)
            assert links, ch.slug
            for text, url in links:
                assert url in allowed, (ch.slug, text, url)
            _, sources = story.split_sources(filled)
            assert sources, f"{ch.slug} has no Sources section"


def test_every_claim_holds_in_the_data(bundle, chapters):
    """Each sentence that compares figures carries a {{claim:...}} checked here: a refresh
    that makes one false fails this test instead of shipping the sentence."""
    for lang in LANGS:
        found = 0
        for ch in chapters[lang]:
            found += len(claims.find(ch.body))
            assert story.false_claims(ch, bundle.panel, bundle.provinces, bundle.cma_flows) == []
        assert found >= 20, lang


COMPARES = {
    "en": r"\b(highest|lowest|largest|smallest|most|fewest|peak\w*|record|climb\w*|rose|ris\w+"
    r"|fell|fall\w*|grew|drop\w*|declin\w*|eased|edged|more than|fewer than|less than|above"
    r"|below|second|exception|shrank)\b",
    "fr": r"\b(plus (?:élevé|forte?|grand)|moins|sommet|record|augment\w*|hausse|bais\w+|recul\w*"
    r"|culmin\w*|dépass\w*|deuxième|diminu\w*|remont\w*)\b",
}


def test_sentences_that_compare_figures_carry_a_claim_or_a_source(chapters):
    """A sentence with a comparison word states a fact about the series unless it cites an
    event: it must then carry a claim the data check."""
    for lang in LANGS:
        for ch in chapters[lang]:
            text, _ = story.split_sources(ch.body)
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                words = re.findall(COMPARES[lang], story.LINK_RE.sub("", sentence), re.I)
                if words and "](event:" not in sentence:
                    assert "{{claim:" in sentence, (lang, ch.slug, words, sentence[:120])


def test_claims_catch_false_statements(bundle):
    p, prov = bundle.panel, bundle.provinces
    true = [
        "peak:npr_total:CA:2024-10-01", "rises:npr_total:CA:2022-01-01:2024-10-01",
        "falls:study_only:CA:2024-01-01:2026-07-01", "more:npr_total:ON:2024-10-01:QC:2024-10-01",
        "highest:npr_per_100:2024-10-01:BC", "lowest:npr_per_100:2024-10-01:NU",
        "rank:npr_per_100:2024-10-01:ON:2", "count:npr_per_100:2024-10-01:gt:8:2",
    ]  # fmt: skip
    false = [
        "peak:npr_total:CA:2025-10-01", "rises:npr_total:CA:2022-01-01:2025-10-01",
        "falls:npr_total:CA:2024-10-01:2025-10-01", "more:npr_total:QC:2024-10-01:ON:2024-10-01",
        "highest:npr_per_100:2024-10-01:ON", "rank:npr_per_100:2024-10-01:ON:1",
        "count:npr_per_100:2024-10-01:gt:8:3", "peak:nope:CA:2024-10-01",
        "peak:npr_total:ZZ:2024-10-01", "peak:npr_total:CA:1999-01-01", "bogus:npr_total:CA",
    ]  # fmt: skip
    for c in true:
        assert claims.check("{{claim:" + c + "}}", p, prov) == [], c
    for c in false:
        assert len(claims.check("{{claim:" + c + "}}", p, prov)) == 1, c
    assert claims.remove("a{{claim:peak:npr_total:CA:2024-10-01}} b") == "a b"
    f = bundle.cma_flows
    for c in ("cmahighest:cma_net:2023/2024:535", "cmalowest:cma_net:2024/2025:535",
              "cmaloss:cma_net:2024/2025:535", "cmacount:cma_net:2024/2025:lt:0:16"):  # fmt: skip
        assert claims.check("{{claim:" + c + "}}", p, prov, f) == [], c
    for c in ("cmahighest:cma_net:2024/2025:535", "cmagain:cma_net:2024/2025:535",
              "cmacount:cma_net:2024/2025:lt:0:15", "cmaloss:npr_total:2024/2025:535"):  # fmt: skip
        assert len(claims.check("{{claim:" + c + "}}", p, prov, f)) == 1, c
    body = "{{cma_net:535:2024/2025}} {{cma_net:535:2024/2025|abs}} {{cma_net:999:2024/2025}}"
    assert story.fill(body, p, prov, "en", flows=f) == "−44,792 44,792 no data"


def test_every_chapter_opens_on_a_figure_for_every_province(bundle, chapters):
    for ch in chapters["en"]:
        view = metrics.province_view(bundle.panel, bundle.provinces, ch.quarter)
        assert view[ch.measure].notna().all(), (ch.slug, ch.measure, ch.quarter)


def test_highlighted_provinces_that_differ_get_different_colours(bundle, chapters):
    breaks = layers.all_breaks(bundle.panel)
    for ch in chapters["en"]:
        view = metrics.province_view(bundle.panel, bundle.provinces, ch.quarter)
        values = view.set_index("code")[ch.measure]
        for a in ch.provinces:
            for b in ch.provinces:
                va, vb = values[a], values[b]
                if a < b and abs(va - vb) > 0.15 * max(abs(va), abs(vb)):
                    colours = {breaks[ch.measure].colour_of(v) for v in (va, vb)}
                    assert len(colours) == 2, (ch.slug, a, b, va, vb)


def test_first_printed_figures_fill_from_earlier_releases(bundle):
    revised = story.all_releases(bundle)
    body = "{{npr_total:CA:2024-10-01@first}} {{npr_total:CA:2024-10-01@2025-09-24}} {{npr_total:CA:2024-10-01}}"
    got = story.fill(body, bundle.panel, bundle.provinces, "en", revised=revised)
    assert got == "3,049,277 3,149,131 2,984,285"
    assert (
        story.fill(
            "{{npr_total:NU:2024-10-01@first}}",
            bundle.panel,
            bundle.provinces,
            "fr",
            revised=revised,
        )
        == "aucune donnée"
    )


def test_fill_formats_per_language_and_missing_is_no_data(bundle):
    body = (
        "{{npr_total:CA:2024-10-01}} / {{npr_per_100:CA:2024-10-01}} / {{npr_total:NU:2024-10-01}}"
    )
    v = metrics.canada_view(bundle.panel, "2024-10-01")
    panel = bundle.panel.copy()
    nu = (panel["pruid"] == "62") & (panel["quarter"] == "2024-10-01")
    panel.loc[nu, "npr_total"] = float("nan")  # as a suppressed figure would be
    en = story.fill(body, panel, bundle.provinces, "en")
    fr = story.fill(body, panel, bundle.provinces, "fr")
    assert (
        en
        == f"{i18n.fmt_int(v['npr_total'], 'en')} / {i18n.fmt_dec(v['npr_per_100'], 'en', 1)} / no data"
    )
    assert fr.endswith("/ aucune donnée") and "\u00a0" in fr
    assert story.format_figure(2_984_285, "npr_total", "fr", "m") == "2,98\u00a0millions"
    assert story.format_figure(1_500_000, "npr_total", "en", "m") == "1.50 million"
    assert story.format_figure(-5, "change_prev", "en") == "−5"


def test_front_matter_parser_and_errors(tmp_path):
    meta, body = story.parse_front_matter(
        "---\ntitle: A: b\nlayers: [provinces, events]\nview: [-80, 42, -70, 47]\n"
        "notes: one\n  two\n---\nBody {{npr_total:CA:2024-10-01}}\n"
    )
    assert meta["title"] == "A: b" and meta["layers"] == ["provinces", "events"]
    assert meta["notes"] == "one two" and body.startswith("Body")
    for bad in (
        "no front matter",
        "---\ntitle: x\n",
        "---\nnot a pair\n---\n",
        "---\na: 1\na: 2\n---\n",
    ):
        with pytest.raises(story.StoryError):
            story.parse_front_matter(bad)
    f = tmp_path / "01-x.md"
    f.write_text("---\ntitle: x\nquarter: 2024-10-01\n---\nbody\n", encoding="utf-8")
    with pytest.raises(story.StoryError, match="missing view, measure, layers"):
        story.read_chapter(f, 1, "en")


def test_validate_reports_each_problem(bundle):
    quarters = metrics.quarters(bundle.panel)
    ch = story.Chapter(
        slug="x", number=1, lang="en", title="T", quarter="1999-01-01", view="ZZ",
        measure="nope", layers=("provinces", "roads"), provinces=("XX",), events=("no-such",),
        body="{{npr_total:CA:1999-01-01}} {{bogus}} [a](javascript:alert(1)) [b](event:nope)",
    )  # fmt: skip
    problems = " ".join(story.validate(ch, quarters, set(bundle.cmas["cmauid"]), set()))
    for word in ("quarter '1999-01-01'", "view 'ZZ'", "measure 'nope'", "layer 'roads'",
                 "'XX'", "event 'no-such'", "malformed placeholder {{bogus}}",
                 "not an http(s) address", "unknown event 'event:nope'"):  # fmt: skip
        assert word in problems, word


def test_views_resolve_to_boxes_inside_the_map(bundle, chapters):
    canada = projection.fit(story.view_bounds("canada", bundle.provinces, bundle.cmas), 500, 500)
    for ch in chapters["en"]:
        vb = story.view_box(ch.view, bundle.provinces, bundle.cmas, 420, 560)
        assert 1 <= vb.zoom <= 9, ch.slug
        assert vb.zoom >= canada.zoom - 0.5
    on = story.view_bounds("ON", bundle.provinces, bundle.cmas)
    toronto = story.view_bounds("535", bundle.provinces, bundle.cmas)
    assert on[0] < toronto[0] < toronto[2] < on[2]
    with pytest.raises(story.StoryError):
        story.view_bounds("999", bundle.provinces, bundle.cmas)


def test_url_params_parse_with_notices():
    p, notices = story.parse({"chapter": ["3"], "presenter": ["true"], "contrast": ["high"]}, 10)
    assert (p.chapter, p.presenter, p.contrast, notices) == (3, True, True, [])
    assert story.to_params(p) == {"chapter": "3", "presenter": "true", "contrast": "high"}
    for bad in ("0", "11", "abc", "-1", "3.5", ""):
        p, notices = story.parse({"chapter": [bad]}, 10)
        assert p.chapter == 1 and [n.name for n in notices] == ["chapter"], bad
    p, notices = story.parse({"presenter": ["maybe"], "contrast": ["loud"]}, 10)
    assert not p.presenter and not p.contrast and len(notices) == 2


def test_highlight_several_provinces_in_the_deck(bundle):
    files = layers.StaticFiles("p", "bo", "l", "e", "c", (0, 0, 1, 1), {}, "ab")
    d = layers.deck(files, "2024-10-01", "npr_total", ("provinces",), "en", selected=("ON", "QC"))
    borders = {layer.id: layer for layer in d.layers}["borders"]
    assert "a == 'ON' || b == 'ON' || a == 'QC' || b == 'QC'" in str(borders.get_color)
    one = layers.deck(files, "2024-10-01", "npr_total", ("provinces",), "en", selected="ON")
    assert "a == 'ON' || b == 'ON'" in str({x.id: x for x in one.layers}["borders"].get_width)
    none = layers.deck(files, "2024-10-01", "npr_total", ("provinces",), "en")
    assert {x.id: x for x in none.layers}["borders"].get_color == [255] * 4
    assert pd.notna(bundle.panel["quarter"]).all()
