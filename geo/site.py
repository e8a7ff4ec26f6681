"""A static site of embeddable maps: `python -m geo build-site --out DIR [--base-url URL]`.

For high-traffic articles: no app server behind the embed, any static host or CDN in
front of it. One page per measure and language (geo.export.html_view: inline SVG, every
quarter's figures, its own slider, no request outside the page), and with the CMA layer
for the measures of all NPRs (CMA_MEASURES: the CMA figure is a change in all NPRs, so it
is not paired with one type of permit). On top of the export, each page has:

- an "open the full map" link to the live app (--base-url) that follows the slider;
- `#quarter=YYYY-MM-DD` in its address picks the quarter it opens at;
- a postMessage {type: HEIGHT_MESSAGE, height} to the parent page whenever its height
  changes, so the article's iframe can fit it (embed_code() carries the listener).

Pages are named by content hash (cache them forever); index.html and manifest.json keep
their names (cache them briefly). A rebuild leaves earlier pages in place, so articles
that embed them keep working; the manifest names the current ones.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from geo import cmaflows, data, export, i18n, layers, markup, metrics, state
from geo.i18n import t

CMA_MEASURES = ("npr_total", "npr_per_100", "change_prev", "change_2022")
MANIFEST = "manifest.json"
INDEX = "index.html"
HEIGHT_MESSAGE = "npr-map-height"
ENV_URL = "NPR_STATIC_SITE_URL"  # where the app's share dialog finds the hosted site
# (min viewport width px, iframe height px) before the page reports its height
EMBED_HEIGHTS = ((0, 1250), (700, 1050))
PAGE_NAME = re.compile(r"[a-z0-9_]+-[a-z]{2}(-cmas)?-[0-9a-f]{6,64}\.html")
BUILD_COMMAND = "python -m geo build-site --out site --base-url https://YOUR-APP/"


class SiteError(ValueError):
    """A bad option or an unwritable folder; the message says which."""


@dataclass(frozen=True)
class Page:
    measure: str
    lang: str
    cmas: bool
    file: str
    bytes: int


_JS = """
(function(){
var D=JSON.parse(document.getElementById('npr-data').textContent).extra;
var r=document.getElementById('q'),a=document.getElementById('open-full');
function link(){if(a){a.href=D.links[+r.value];}}
var m=/(?:^#|&)quarter=([0-9-]{10})/.exec(location.hash),i=m?D.quarters.indexOf(m[1]):-1;
if(i>=0){r.value=i;r.dispatchEvent(new Event('input'));}
r.addEventListener('input',link);link();
var last=0;
function post(){
 var h=Math.ceil(document.body.getBoundingClientRect().bottom+window.scrollY);
 if(h!==last&&window.parent!==window){last=h;
  window.parent.postMessage({type:'MSG',height:h},'*');}
}
if(window.ResizeObserver){new ResizeObserver(post).observe(document.body);}
window.addEventListener('load',post);window.addEventListener('resize',post);
document.addEventListener('toggle',post,true);post();
})();
""".replace("MSG", HEIGHT_MESSAGE)

# The article's side of the height message: fit each static-embed iframe to its page.
_LISTENER = (
    "<script>addEventListener('message',function(e){"
    "var d=e.data,f=document.querySelectorAll('iframe.npr-map-static');"
    "for(var i=0;i<f.length;i++){if(f[i].contentWindow===e.source&&d&&d.type==='MSG'"
    "&&d.height>200&&d.height<6000){f[i].style.height=d.height+'px';}}});</script>"
).replace("MSG", HEIGHT_MESSAGE)


def check_base_url(base_url: str | None) -> str | None:
    """The live app's address (http or https, with a host), or SiteError."""
    if not base_url:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SiteError(f"--base-url must be an http(s) address, got {base_url!r}")
    return base_url


def page_html(
    bundle: data.Bundle,
    quarters: list[str],
    measure: str,
    lang: str,
    breaks: dict,
    cma_layer: export.CmaLayer | None,
    base_url: str | None,
) -> str:
    """One embeddable page: the HTML export of the measure with events (the app's default
    layers), plus the link to the live app and the height message."""
    chosen = ("provinces", "cmas", "events") if cma_layer else state.DEFAULT_LAYERS
    links = [
        export.view_url(base_url, state.to_params(state.View(q, measure, chosen, lang=lang)))
        for q in quarters
        if base_url
    ]
    html = ""
    if base_url:
        link = markup.tag(
            "a", t("site_open_full", lang) + " →", id="open-full", href=links[-1],
            target="_blank", rel="noopener",
        )  # fmt: skip
        html = markup.tag("p", link, class_="source")
    extras = export.PageExtras(html, {"quarters": quarters, "links": links}, _JS)
    return export.html_view(
        bundle.panel, bundle.provinces, quarters, quarters[-1], measure, lang, breaks,
        bundle.events, cma_layer, extras,
    )  # fmt: skip


def page_name(measure: str, lang: str, cmas: bool, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:12]
    return f"{measure}-{lang}{'-cmas' if cmas else ''}-{digest}.html"


def index_html(pages: list[Page]) -> str:
    """A page listing every map, in English then French, with the same CSP as the maps."""
    sections = []
    for lang in i18n.LANGS:
        mine = {(p.measure, p.cmas): p.file for p in pages if p.lang == lang}
        rows = [
            (t("m_" + measure, lang),
             [(t(key, lang), mine.get((measure, cmas)))
              for cmas, key in ((False, "site_map"), (True, "site_with_cmas"))])
            for measure in dict.fromkeys(p.measure for p in pages if p.lang == lang)
        ]  # fmt: skip
        sections.append(
            {"lang": lang, "title": t("site_title", lang), "intro": t("site_intro", lang),
             "measure_word": t("measure", lang), "rows": rows}
        )  # fmt: skip
    return str(
        markup.render(
            "site_index.html",
            title=f"{t('app_title', 'en')} · {t('app_title', 'fr')}",
            heading=t("app_title", "en"),
            sections=sections,
            manifest=MANIFEST,
        )
    )


def build(
    bundle: data.Bundle,
    out: Path,
    base_url: str | None = None,
    measures: list[str] | None = None,
) -> list[Page]:
    """Write every page (of `measures`, default all that have data), then index.html and
    manifest.json (last: it never names a page that is not there yet). Returns the pages.
    SiteError on a bad option or folder."""
    base_url = check_base_url(base_url)
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise SiteError(f"cannot create {out}: {e}") from e
    quarters = metrics.quarters(bundle.panel)
    breaks = layers.all_breaks(bundle.panel, bundle.cma_flows)
    cma_layer = export.CmaLayer(
        bundle.cma_polygons, bundle.cma_flows, breaks[cmaflows.MEASURE], bundle.cma_estimates
    )
    pages = []
    for lang in i18n.LANGS:
        for measure in measures or metrics.available_measures(bundle.panel):
            for cmas in (False, True) if measure in CMA_MEASURES else (False,):
                doc = page_html(
                    bundle, quarters, measure, lang, breaks, cma_layer if cmas else None, base_url
                )
                raw = doc.encode("utf-8")
                page = Page(measure, lang, cmas, page_name(measure, lang, cmas, raw), len(raw))
                _write(out / page.file, raw)
                pages.append(page)
    _write(out / INDEX, index_html(pages).encode("utf-8"))
    manifest = {
        "release": bundle.release,
        "quarters": quarters,
        "base_url": base_url,
        "pages": [asdict(p) for p in pages],
    }
    _write(out / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode("utf-8"))
    return pages


def _write(path: Path, raw: bytes) -> None:
    """Write through a temporary file and rename, so a host never serves half a file."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(raw)
        tmp.replace(path)
    except OSError as e:
        raise SiteError(f"cannot write {path}: {e}") from e


def page_for(manifest: dict, measure: str, lang: str, cmas: bool) -> str | None:
    """The file name of a page in a manifest (None when the site has no such page, or
    names it oddly: only names build() writes are taken)."""
    for p in manifest.get("pages", []):
        if not isinstance(p, dict):
            continue
        if p.get("measure") == measure and p.get("lang") == lang and bool(p.get("cmas")) == cmas:
            file = p.get("file")
            return file if isinstance(file, str) and PAGE_NAME.fullmatch(file) else None
    return None


def page_url(site_url: str, file: str, quarter: str | None = None) -> str:
    """The address of a page on the hosted site, opening at `quarter`."""
    return site_url.rstrip("/") + "/" + file + (f"#quarter={quarter}" if quarter else "")


def embed_code(url: str, title: str, lang: str) -> str:
    """The iframe of a static page and the few lines that fit its height to the page."""
    iframe = export.embed_code(
        url, title, lang, css_class="npr-map-static", heights=EMBED_HEIGHTS, resize=False
    )
    return f"{iframe}\n{_LISTENER}"
