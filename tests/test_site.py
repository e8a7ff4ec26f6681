"""geo.site: the static embeds (`python -m geo build-site`), without a browser."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from geo import DATA_DIR, data, i18n, metrics, site
from geo.i18n import t
from geo.safe import html as esc
from tests.conftest import SITE_BASE_URL

VOID = {"meta", "br", "input", "img", "link", "hr", "wbr", "source", "col", "area"}
SVG_VOID = {"rect", "path", "circle"}  # self-closed or closed: both fine


class _Strict(HTMLParser):
    """Tags, references and text of a page; problems lists unbalanced tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.refs: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "action", "poster", "xlink:href"):
                self.refs.append((tag, name, value or ""))
            if name == "id":
                self.ids.add(value)
        self._in_script = tag == "script"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, text):
        if self._in_script:
            self.scripts.append(text)
            self._in_script = False


def parse(doc: str) -> _Strict:
    p = _Strict()
    p.feed(doc)
    p.close()
    assert not p.problems, p.problems[:5]
    assert p.stack == [], p.stack
    return p


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


def test_every_measure_and_language_has_a_page(built_site, bundle):
    out, pages = built_site
    manifest = json.loads((out / site.MANIFEST).read_text(encoding="utf-8"))
    keys = {(p["measure"], p["lang"], p["cmas"]) for p in manifest["pages"]}
    want = {(m, lang, False) for m in metrics.MEASURES for lang in i18n.LANGS}
    want |= {(m, lang, True) for m in site.CMA_MEASURES for lang in i18n.LANGS}
    assert keys == want
    assert len(manifest["pages"]) == len(pages) == len(want)
    assert manifest["quarters"] == metrics.quarters(bundle.panel)
    assert manifest["release"] == bundle.release and manifest["base_url"] == SITE_BASE_URL
    for p in manifest["pages"]:
        raw = (out / p["file"]).read_bytes()
        assert len(raw) == p["bytes"]
        digest = hashlib.sha256(raw).hexdigest()[:12]
        cmas = "-cmas" if p["cmas"] else ""
        assert p["file"] == f"{p['measure']}-{p['lang']}{cmas}-{digest}.html"
        assert site.page_for(manifest, p["measure"], p["lang"], p["cmas"]) == p["file"]
    assert site.page_for(manifest, "npr_total", "de", False) is None
    odd = {"pages": [{"measure": "npr_total", "lang": "en", "cmas": False, "file": "../x.html"}]}
    assert site.page_for(odd, "npr_total", "en", False) is None
    names = {p.name for p in out.iterdir()}
    assert names == {p["file"] for p in manifest["pages"]} | {site.INDEX, site.MANIFEST}


def test_pages_parse_and_request_nothing_outside(built_site):
    out, pages = built_site
    for page in pages:
        doc = (out / page.file).read_text(encoding="utf-8")
        p = parse(doc)
        assert f'<html lang="{page.lang}">' in doc
        assert "Content-Security-Policy" in doc and "default-src 'none'" in doc
        # nothing is loaded: no src at all; links are only <a href> (clicked, not fetched)
        assert all(tag == "a" and name == "href" for tag, name, _ in p.refs), page.file
        assert not re.search(r"(?i)url\(\s*['\"]?(https?:)?//|@import", doc), page.file
        payload = json.loads(doc.split('id="npr-data">')[1].split("</script>")[0])
        assert (
            payload["extra"]["quarters"]
            == json.loads((out / site.MANIFEST).read_text(encoding="utf-8"))["quarters"]
        )
        assert len(payload["extra"]["links"]) == len(payload["labels"])
        assert {"q", "now", "open-full", "npr-data"} <= p.ids
        assert doc.count('<path class="p"') == 13
        assert doc.count('<path class="c"') == (41 if page.cmas else 0)
        assert esc(t("m_" + page.measure, page.lang)) in doc
        assert t("site_open_full", page.lang) in doc
        assert "17-10-0121-01" in doc and "Natural Earth" in doc
        assert site.HEIGHT_MESSAGE in doc


def test_full_map_link_follows_the_view(built_site):
    out, pages = built_site
    page = next(p for p in pages if p.measure == "npr_per_100" and p.lang == "fr" and p.cmas)
    doc = (out / page.file).read_text(encoding="utf-8")
    links = json.loads(doc.split('id="npr-data">')[1].split("</script>")[0])["extra"]["links"]
    assert links[0] == (
        f"{SITE_BASE_URL}?quarter=2022-01-01&measure=npr_per_100&lang=fr"
        "&layers=provinces%2Ccmas%2Cevents"
    )
    assert f'href="{links[-1].replace("&", "&amp;")}"' in doc  # the latest quarter first


def test_index_lists_every_page(built_site):
    out, pages = built_site
    doc = (out / site.INDEX).read_text(encoding="utf-8")
    p = parse(doc)
    hrefs = [v for tag, name, v in p.refs if tag == "a"]
    assert sorted(hrefs) == sorted([page.file for page in pages] + [site.MANIFEST])
    assert "default-src 'none'" in doc
    for lang in i18n.LANGS:
        assert esc(t("site_title", lang)) in doc and esc(t("m_asylum_study", lang)) in doc


def test_build_is_deterministic_and_keeps_old_pages(built_site, bundle, tmp_path):
    out, pages = built_site
    stale = tmp_path / "npr_total-en-000000000000.html"
    stale.parent.mkdir(exist_ok=True)
    stale.write_text("an earlier build")
    again = site.build(bundle, tmp_path, SITE_BASE_URL, measures=["npr_total"])
    assert {p.file for p in again} == {p.file for p in pages if p.measure == "npr_total"}
    assert stale.exists()  # an article may still embed it
    bare = site.build(bundle, tmp_path / "bare", measures=["npr_total"])  # no base URL
    assert {p.file for p in bare}.isdisjoint({p.file for p in again})
    assert 'id="open-full"' not in (tmp_path / "bare" / bare[0].file).read_text(encoding="utf-8")


def test_static_embed_code():
    url = site.page_url("https://cdn.example.org/npr/", "npr_total-fr-abc.html", "2024-10-01")
    assert url == "https://cdn.example.org/npr/npr_total-fr-abc.html#quarter=2024-10-01"
    code = site.embed_code(url, 'Carte "RNP" <x>', "fr")
    assert 'class="npr-map-static"' in code and 'lang="fr"' in code
    assert 'title="Carte &#34;RNP&#34; &lt;x&gt;"' in code
    assert f"'{site.HEIGHT_MESSAGE}'" in code and "e.source" in code


def test_cli_build_site(tmp_path, capsys):
    from geo.cli import main

    assert main(["build-site", "--out", str(tmp_path / "s"), "--base-url", "ftp://x"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--base-url must be an http(s) address" in err[0]
    assert not (tmp_path / "s").exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["build-site", "--out", str(blocker / "s")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("build-site failed: cannot create")


@pytest.fixture
def hosted(tmp_path):
    """A folder served by a plain static web server: (folder, its address)."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{httpd.server_address[1]}/npr/"
    httpd.shutdown()
    httpd.server_close()


def _share_dialog(layers: str = "provinces,events"):
    """The map page in French at a quarter, with its share dialog open: (code blocks, the
    other texts)."""
    from streamlit.testing.v1 import AppTest

    from geo import ROOT
    from ui import panels

    panels.static_manifest.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(quarter="2024-10-01", measure="asylum", lang="fr", layers=layers)
    at.run()
    at.button(key="share_open").click().run()
    assert not at.exception, at.exception
    html = " ".join(h.proto.body for h in at.get("html"))
    return [c.value for c in at.code], html + " ".join(c.value for c in at.caption)


def test_share_dialog_offers_the_static_embed(hosted, monkeypatch):
    folder, url = hosted
    (folder / "npr").mkdir()
    pages = [{"measure": "asylum", "lang": "fr", "cmas": False, "file": "asylum-fr-0123ab.html"}]
    (folder / "npr" / site.MANIFEST).write_text(json.dumps({"pages": pages}))
    monkeypatch.setenv(site.ENV_URL, url)
    codes, texts = _share_dialog("provinces,cmas,events")
    assert t("static_embed_no_cmas", "fr") in texts  # asylum: no page with the CMA layer
    static = [c for c in codes if "npr-map-static" in c]
    assert len(static) == 1
    assert f'src="{url}asylum-fr-0123ab.html#quarter=2024-10-01"' in static[0]
    assert any("embed=true" in c for c in codes)  # the live embed stays next to it


def test_share_dialog_says_how_to_get_a_static_site(hosted, monkeypatch):
    monkeypatch.delenv(site.ENV_URL, raising=False)
    codes, html = _share_dialog()
    assert not [c for c in codes if "npr-map-static" in c]
    assert "build-site" in html and site.ENV_URL in html
    folder, url = hosted  # configured, but nothing hosted there
    monkeypatch.setenv(site.ENV_URL, url)
    codes, html = _share_dialog()
    assert not [c for c in codes if "npr-map-static" in c]
    assert "manifest.json" in html and "404" in html
    (folder / "npr").mkdir()
    (folder / "npr" / site.MANIFEST).write_text(json.dumps({"pages": []}))
    codes, html = _share_dialog()
    assert "build-site" in html and not [c for c in codes if "npr-map-static" in c]
