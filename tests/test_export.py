"""geo.export: CSV, SVG, PNG, HTML and embed code of a map view, without Streamlit."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from geo import DATA_DIR, data, export, i18n, layers, metrics, style
from geo import quarters as qtr
from geo.i18n import t

QUARTER = "2024-10-01"


@pytest.fixture(scope="module")
def b() -> data.Bundle:
    return data.load(DATA_DIR)


@pytest.fixture(scope="module")
def brk(b):
    return layers.all_breaks(b.panel)


def _read_csv(raw: bytes) -> tuple[list[str], pd.DataFrame]:
    text = raw.decode("utf-8")
    head = [line for line in text.splitlines() if line.startswith("# ")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    df = pd.read_csv(io.StringIO(body), dtype={"pruid": str}, keep_default_na=True)
    return head, df


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_csv_equals_metrics_table(b, lang):
    raw = export.export("csv", b.panel, b.provinces, QUARTER, "npr_total", lang)
    head, got = _read_csv(raw)
    assert head and "17-10-0121-01" in head[0] and "Natural Earth" in head[0]
    want = metrics.table(b.panel, b.provinces, QUARTER)
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for col in want.columns:
        w = want[col]
        g = got[col]
        if not pd.api.types.is_numeric_dtype(w):
            assert list(g.fillna("").astype(str)) == list(w.fillna("").astype(str)), col
        else:
            pd.testing.assert_series_equal(
                g.astype("float64"), w.astype("float64"), check_names=False, atol=1e-9
            )


def test_csv_release_dates_come_from_data(b):
    raw = export.table_csv(b.panel, b.provinces, QUARTER, "en")
    rel = export.releases(b.panel, [QUARTER])["npr"]
    assert rel
    for r in rel:
        assert r in raw.decode("utf-8").splitlines()[0]


def test_ui_csv_with_source_uses_export():
    df = pd.DataFrame({"a": [1, 2]})
    assert export.csv_with_source(df, "line one\nline two") == b"# line one\n# line two\na\n1\n2\n"


def test_bad_quarter_and_measure(b):
    with pytest.raises(export.ExportError, match="unknown quarter '2024-11-01'"):
        export.export("csv", b.panel, b.provinces, "2024-11-01", "npr_total", "en")
    with pytest.raises(export.ExportError, match="unknown measure 'nope'"):
        export.export("html", b.panel, b.provinces, QUARTER, "nope", "en")
    with pytest.raises(export.ExportError, match="unknown format"):
        export.export("pdf", b.panel, b.provinces, QUARTER, "npr_total", "en")


def _svg_words(raw: bytes) -> str:
    """All text of an SVG, whitespace (and no-break spaces) collapsed to single spaces."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(raw)
    text = " ".join("".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_svg_has_legend_source_and_size(b, brk, lang):
    raw = export.svg_bytes(b.panel, b.provinces, QUARTER, "npr_per_100", lang, brk, b.events)
    text = raw.decode("utf-8")
    words = _svg_words(raw)
    w_in, h_in = export.FIG_SIZE
    assert f'width="{w_in * 72:g}pt"' in text
    assert f'height="{h_in * 72:g}pt"' in text
    assert f'viewBox="0 0 {w_in * 72:g} {h_in * 72:g}"' in text
    # svg.fonttype none: real text (lines wrapped into separate <text> elements)
    assert "17-10-0121-01" in words
    assert "Natural Earth" in words
    assert t("no_data", lang).capitalize() in words
    assert t("m_npr_per_100", lang) in words
    for low, high, _ in brk["npr_per_100"].ranges():
        span = style.format_range(low, high, "npr_per_100", lang)
        assert span.replace("\u00a0", " ") in words
    assert qtr.label(QUARTER, lang) in words


def test_svg_draws_policy_changes_as_rings_as_the_map_does(b, brk):
    """Every policy change shown is a white dot with a ring of its colour, the legend's
    policy row too; every other event a filled dot (the map and its legend draw them so)."""
    from geo import events

    raw = export.svg_bytes(b.panel, b.provinces, QUARTER, "npr_total", "en", brk, b.events)
    markers = re.findall(r'<use [^>]*style="fill: (#[0-9a-f]{6}); stroke: (#[0-9a-f]{6})',
                         raw.decode("utf-8"))  # fmt: skip
    shown = events.until(b.events, QUARTER)
    policy = shown["event_type"].isin(events.POLICY_TYPES)
    assert policy.any() and (~policy).any()
    colours = {style.event_colour(e).lower() for e in shown["event_type"]}
    rings = [m for m in markers if m[0] == "#ffffff" and m[1] in colours]
    dots = [m for m in markers if m[0] in colours and m[1] == "#ffffff"]
    groups = {k for k, types in style.EVENT_GROUPS if shown["event_type"].isin(types).any()}
    ring_groups = {k for k, types in style.EVENT_GROUPS if types[0] in events.POLICY_TYPES}
    assert len(rings) == policy.sum() + len(groups & ring_groups)  # + their legend rows
    assert len(dots) == (~policy).sum() + len(groups - ring_groups)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_svg_has_every_province_label_as_text(b, brk, lang):
    """The exports carry the map's province labels (geo.labels): real text, the full name
    (maybe on two lines) or the code, white only over a dark fill, dark text elsewhere."""
    import xml.etree.ElementTree as ET

    from geo import classes, labels

    raw = export.svg_bytes(b.panel, b.provinces, QUARTER, "npr_total", lang, brk, b.events)
    ns = "{http://www.w3.org/2000/svg}"
    groups = {
        g.get("id").removeprefix("label-"): g
        for g in ET.fromstring(raw).iter(ns + "g")
        if (g.get("id") or "").startswith("label-")
    }
    assert sorted(groups) == sorted(b.provinces["code"])
    view = metrics.table(b.panel, b.provinces, QUARTER).set_index("code")
    fills = {c: brk["npr_total"].colour_of(v) for c, v in view["npr_total"].dropna().items()}
    whites, names = [], 0
    for code, name in zip(b.provinces["code"], b.provinces[f"name_{lang}"], strict=True):
        texts = list(groups[code].iter(ns + "text"))
        assert texts, code
        got = "\n".join("".join(el.itertext()) for el in texts)
        assert got in (name, labels.two_lines(name), code), (code, got)
        names += got != code
        white = all("fill: #ffffff" in el.get("style") for el in texts)
        assert white or all("fill: #141414" in el.get("style") for el in texts), code
        if white:
            assert classes.is_dark(fills[code]), code
            whites.append(code)
    assert whites  # the darkest class has light text
    assert names > len(groups) // 2  # full names where they fit, codes for a few


def test_png_size_and_pixels(b, brk):
    from PIL import Image

    raw = export.png_bytes(b.panel, b.provinces, QUARTER, "npr_total", "en", brk, None)
    img = Image.open(io.BytesIO(raw)).convert("RGB")
    assert img.size == (int(export.FIG_SIZE[0] * 300), int(export.FIG_SIZE[1] * 300))
    small = img.resize((240, 210))
    colours = set(small.get_flattened_data())
    non_white = sum(1 for p in small.get_flattened_data() if p != (255, 255, 255))
    assert non_white > 0.15 * 240 * 210
    for hex_colour in brk["npr_total"].colours[-2:]:
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in set(img.get_flattened_data()), hex_colour
    assert len(colours) > 20


def test_alt_text_from_data(b):
    en = export.alt_text(b.panel, b.provinces, QUARTER, "npr_total", "en", b.events)
    fr = export.alt_text(b.panel, b.provinces, QUARTER, "npr_total", "fr", b.events)
    canada = metrics.canada_view(b.panel, QUARTER)["npr_total"]
    assert i18n.fmt_int(canada, "en") in en
    assert i18n.fmt_int(canada, "fr") in fr
    view = metrics.province_view(b.panel, b.provinces, QUARTER)
    top = view.sort_values("npr_total", ascending=False).iloc[0]
    assert top["name_en"] in en and top["name_fr"] in fr
    missing = int(view["npr_total"].isna().sum())
    if missing:
        assert f"{missing} of 13" in en


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "action", "poster"):
                self.refs.append((tag, name, value or ""))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_html_self_contained(b, brk, lang):
    quarters = metrics.quarters(b.panel)
    doc = export.html_view(
        b.panel, b.provinces, quarters, QUARTER, "npr_per_100", lang, brk, b.events
    )
    assert len(doc.encode("utf-8")) <= 3 * 1024 * 1024
    assert f'<html lang="{lang}">' in doc
    for q in quarters:
        assert qtr.label(q, lang) in doc, q
    refs = _Refs()
    refs.feed(doc)
    external = [r for r in refs.refs if re.match(r"(?i)\s*(https?:)?//", r[2])]
    assert external, "source links expected"
    assert all(tag == "a" and name == "href" for tag, name, _ in external), external
    assert not [r for r in refs.refs if r[0] in ("script", "link", "img", "iframe")]
    assert "<script src" not in doc.lower()
    assert "@import" not in doc and "url(http" not in doc
    assert doc.count('<path class="p"') == 13
    assert 'type="range"' in doc and 'aria-live="polite"' in doc
    assert "17-10-0121-01" in doc and "Natural Earth" in doc
    assert t("no_data", lang).capitalize() in doc


def test_html_escapes_event_text(b, brk):
    ev = b.events.copy()
    ev.loc[ev.index[0], "title_en"] = '<img src=x onerror="alert(1)">Rally</script>'
    ev.loc[ev.index[0], "source_url"] = "javascript:alert(1)"
    quarters = metrics.quarters(b.panel)
    doc = export.html_view(b.panel, b.provinces, quarters, QUARTER, "npr_total", "en", brk, ev)
    assert "<img src=x" not in doc
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Rally&lt;/script&gt;" in doc
    assert "javascript:" not in doc
    payload = doc.split('id="npr-data">')[1].split("</script>")[0]
    assert "<" not in payload


def test_citation_names_sources_and_releases(b):
    cite = export.citation(b.panel, b.events, QUARTER, "npr_total", "fr", url="https://x/map")
    rel = export.releases(b.panel, [QUARTER])
    for r in rel["npr"] + rel["pop"]:
        assert r in cite
    assert "17-10-0121-01" in cite and "17-10-0009-01" in cite and "Natural Earth" in cite
    shown = b.events[b.events["date"] < "2025-01-01"]
    assert f"({len(shown)})" in cite
    assert shown.iloc[-1]["source_title"] in cite
    assert "https://x/map" in cite
    no_events = export.citation(b.panel, None, QUARTER, "npr_total", "en")
    assert shown.iloc[-1]["source_title"] not in no_events


def test_view_url_and_embed_code():
    params = {"quarter": "2024-10-01", "measure": "npr_per_100", "lang": "fr", "embed": "x"}
    assert export.view_url(None, params) == "?quarter=2024-10-01&measure=npr_per_100&lang=fr"
    assert export.view_url("http://h:8501", {"quarter": "q"}) == "http://h:8501/?quarter=q"
    url = export.view_url("https://example.org/map", params, embed=True)
    assert (
        url == "https://example.org/map?quarter=2024-10-01&measure=npr_per_100&lang=fr&embed=true"
    )
    code = export.embed_code(url, 'Map "NPR" <x>', "fr")
    assert 'src="https://example.org/map?quarter=2024-10-01&amp;measure=npr_per_100' in code
    assert 'title="Map &#34;NPR&#34; &lt;x&gt;"' in code
    assert 'lang="fr"' in code and "width:100%" in code and "@media (min-width:" in code
    assert export.EMBED_MESSAGE in code and "iframe.npr-map-embed" in code  # fits its height
    for key, size in export.EMBED_PRESETS:
        sized = export.embed_code(url, "Map", "en", size)
        if size:
            assert f'width="{size[0]}" height="{size[1]}"' in sized, key
            assert f"max-width:{size[0]}px;height:{size[1]}px" in sized, key
    assert all(500 <= h <= 800 for _, h in export.EMBED_HEIGHTS)  # an article-sized map


def test_cli_export(tmp_path, capsys):
    from geo.cli import main

    out = tmp_path / "view.csv"
    args = ["export", "--quarter", QUARTER, "--measure", "npr_per_100", "--lang", "fr"]
    assert main([*args, "--format", "csv", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"# Sources")
    html_out = tmp_path / "view.html"
    assert main([*args, "--out", str(html_out)]) == 0  # format from the suffix
    assert html_out.read_text(encoding="utf-8").startswith("<!doctype html>")
    capsys.readouterr()
    bad = ["export", "--quarter", "2024-11-01", "--measure", "npr_total", "--out", str(out)]
    assert main([*bad, "--format", "csv"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown quarter '2024-11-01'" in err[0]
    assert main([*args[:3], "--measure", "nope", "--format", "png", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown measure 'nope'" in err[0]


def test_map_page_share_panel_apptest(b):
    """The map page's share panel: relative link (no browser URL in AppTest), embed code,
    citation with the quarter's release dates, and the four download buttons."""
    from streamlit.testing.v1 import AppTest

    from geo import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["quarter"] = QUARTER
    at.query_params["measure"] = "npr_per_100"
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    assert not at.code  # nothing of the panel is sent until it is opened
    at.button(key="share_open").click().run()
    assert not at.exception, at.exception
    codes = [c.value for c in at.code]
    link = "?quarter=2024-10-01&measure=npr_per_100&lang=fr"
    assert link in codes
    embed = next(c for c in codes if "<iframe" in c)
    assert "embed=true" in embed and 'lang="fr"' in embed and "title=" in embed
    cite = next(c for c in codes if "17-10-0121-01" in c)
    for r in export.releases(b.panel, [QUARTER])["npr"]:
        assert r in cite
    assert any(t("share_relative", "fr") in c.value for c in at.caption)
    alt = export.alt_text(b.panel, b.provinces, QUARTER, "npr_per_100", "fr", b.events)
    assert alt in codes


def test_exports_carry_the_cma_layer():
    from geo import DATA_DIR, cmaflows, data, export, layers

    b = data.load(DATA_DIR)
    brk = layers.all_breaks(b.panel, b.cma_flows)
    cmas = export.CmaLayer(b.cma_polygons, b.cma_flows, brk[cmaflows.MEASURE], b.cma_estimates)
    doc = export.export("html", b.panel, b.provinces, "2024-10-01", "npr_total", "en", cmas=cmas)
    text = doc.decode("utf-8")
    assert text.count('<path class="c"') == 41
    assert "1 July 2024 to 30 June 2025 (preliminary)" in text
    assert "Metropolitan areas: net change in NPRs over the year" in text
    assert "no CMA figure for this date" in text  # a later quarter, in the scrubber's data
    svg = export.export("svg", b.panel, b.provinces, "2024-10-01", "npr_total", "fr", cmas=cmas)
    plain = export.export("svg", b.panel, b.provinces, "2024-10-01", "npr_total", "fr")
    assert b"provisoire" in svg and b"provisoire" not in plain
