"""Panels more than one view could use: how the estimates were revised; share, embed and
cite a view; export it (HTML, PNG, SVG, CSV)."""

from __future__ import annotations

import json
import os
import urllib.request
from urllib.parse import urlsplit

import streamlit as st
from markupsafe import Markup

from geo import export, markup, safe, site, vintages
from geo.i18n import t
from ui.cache import breaks, bundle, cma_layer, loaded


def revisions_section(dguid: str, place: str, quarter: str | None, lang: str) -> None:
    """'How the estimates were revised': a sentence read from the data, a chart with one
    line per release, and the same figures as a table."""
    b = loaded()
    rev = vintages.revisions(b.npr, b.vintages, dguid)
    st.subheader(t("rev_title", lang))
    st.caption(t("rev_intro", lang))
    revised = vintages.revised_quarters(rev)
    if not revised:
        st.caption(t("rev_none", lang))
        return
    q = quarter if quarter in revised else vintages.most_revised_quarter(rev)
    st.markdown(
        markup.tag("p", vintages.sentence(rev, q, place, lang), class_="revision-sentence"),
        unsafe_allow_html=True,
    )
    from geo import charts  # altair: only the pages that chart pay for its import

    st.altair_chart(charts.revisions_chart(rev, lang), width="stretch")
    with st.expander(t("rev_table_caption", lang, place=place)):
        st.dataframe(vintages.table(rev, lang), hide_index=True, width="stretch")


# ---------------------------------------------------------------- share, embed, export


def _page_url() -> str | None:
    """The address of the current page as the browser sees it (no query), if known."""
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest, bare mode)
        return None
    return url if url and url.startswith(("http://", "https://")) else None


def share_panel(
    view_params: dict[str, str],
    lang: str,
    title: str,
    *,
    cite,
    key: str = "share",
    expanded: bool = False,
    static_page: tuple[str, bool, str] | None = None,
) -> None:
    """Share, embed and cite the current page's view, in an expander.

    view_params: the page's URL parameters for the view (e.g. state.to_params(view));
    'lang' is added for French. title: the iframe title and the citation's title.
    cite: the text to cite, given the link to the view (None when the page's address is
    not known), e.g. from geo.export.citation.
    static_page: (measure, with CMAs, quarter) to offer the static embed of (geo.site)."""
    params = {k: str(v) for k, v in view_params.items() if k not in ("embed", "lang")}
    if lang != "en":
        params["lang"] = lang
    base = _page_url()
    link = export.view_url(base, params)
    embed_url = export.view_url(base, params, embed=True)
    with st.expander(t("share_title", lang), expanded=expanded):
        st.markdown(f"**{safe.markdown(t('share_link', lang))}**")
        st.code(link, language=None, wrap_lines=True)
        if base is None:
            st.caption(t("share_relative", lang))
        st.markdown(f"**{safe.markdown(t('embed_code', lang))}**")
        presets = dict(export.EMBED_PRESETS)
        choice = st.segmented_control(
            t("embed_size", lang),
            list(presets),
            default="responsive",
            format_func=lambda k: t("embed_size_" + k, lang, **_size_words(presets[k])),
            key=f"{key}_size_{lang}",
        )
        size = presets.get(choice or "responsive")
        st.code(export.embed_code(embed_url, title, lang, size), language="html", wrap_lines=True)
        if static_page is not None:
            static_embed(*static_page, lang, title)
        if st.toggle(t("embed_preview", lang), key=f"{key}_preview"):
            if base is None:
                st.info(t("embed_no_preview", lang))
            else:
                width, height = size or (None, export.EMBED_HEIGHTS[-1][1])
                st.iframe(embed_url, width=width or "stretch", height=height)
        st.markdown(f"**{safe.markdown(t('citation', lang))}**")
        st.code(cite(link if base else None), language=None, wrap_lines=True)


def _size_words(size: tuple[int, int] | None) -> dict[str, int]:
    return {"width": size[0], "height": size[1]} if size else {}


@st.cache_resource(ttl=60, show_spinner=False)  # read-only: shared, not copied
def static_manifest(site_url: str) -> dict | str:
    """The hosted static site's manifest.json (geo.site), or why it cannot be read."""
    url = site.page_url(site_url, site.MANIFEST)
    if urlsplit(url).scheme not in ("http", "https"):
        return f"{site.ENV_URL} is not an http(s) address"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            manifest = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as e:  # unreachable, HTTP error, not JSON
        return f"{type(e).__name__}: {e}"
    if not isinstance(manifest, dict) or not isinstance(manifest.get("pages"), list):
        return "not a manifest of geo build-site"
    return manifest


def static_embed(measure: str, cmas: bool, quarter: str, lang: str, title: str) -> None:
    """The static embed of the view: an iframe of the page for the measure and language on
    the site at $NPR_STATIC_SITE_URL, opening at the quarter; or how to build and host it."""
    st.markdown(f"**{safe.markdown(t('static_embed', lang))}**")
    code = {"build": site.BUILD_COMMAND, "env": site.ENV_URL}

    def with_code(key: str) -> Markup:  # the text escaped, the commands in <code>
        text = Markup.escape(t(key, lang, **{k: f"{{{k}}}" for k in code}))
        return text.format(**{k: markup.tag("code", v) for k, v in code.items()})

    site_url = os.environ.get(site.ENV_URL, "").strip()
    if not site_url:
        st.html(markup.tag("p", with_code("static_embed_unset"), class_="source-line"))
        return
    manifest = static_manifest(site_url)
    if isinstance(manifest, str):
        text = t("static_embed_unreadable", lang, url=site.page_url(site_url, site.MANIFEST),
                 reason=manifest)  # fmt: skip
        st.html(markup.tag("p", text, class_="notice", role="note"))
        return
    with_cmas = cmas and measure in site.CMA_MEASURES
    file = site.page_for(manifest, measure, lang, with_cmas)
    if file is None:
        st.html(markup.tag("p", with_code("static_embed_missing"), class_="notice", role="note"))
        return
    st.caption(t("static_embed_help", lang))
    if cmas and not with_cmas:
        st.caption(t("static_embed_no_cmas", lang))
    snippet = site.embed_code(site.page_url(site_url, file, quarter), title, lang)
    st.code(snippet, language="html", wrap_lines=True)


@st.cache_resource(show_spinner=False, max_entries=64)  # bytes: shared, never copied
def export_file(
    fmt: str, quarter: str, measure: str, lang: str, with_events: bool, with_cmas: bool = False
) -> bytes:
    """One export of a view (geo.export.export), cached per quarter/measure/lang/layers."""
    b = loaded()
    ev = b.events if with_events else None
    cmas = cma_layer() if with_cmas else None
    return export.export(fmt, b.panel, b.provinces, quarter, measure, lang, ev, breaks(), cmas)


EXPORT_MIME = {
    "html": "text/html",
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
}


def export_panel(
    quarter: str, measure: str, lang: str, with_events: bool, with_cmas: bool = False
) -> None:
    """Download buttons for HTML, PNG, SVG and CSV of the view. Files are generated only
    when a button is clicked (deferred data), so scrubbing stays fast."""
    with st.expander(t("exports_title", lang)):
        st.caption(t("exports_help", lang))
        cols = st.columns(4)
        for col, fmt in zip(cols, export.FORMATS, strict=True):
            col.download_button(
                t("dl_" + fmt, lang),
                data=lambda f=fmt: export_file(f, quarter, measure, lang, with_events, with_cmas),
                file_name=f"npr-{measure}-{quarter}-{lang}.{fmt}",
                mime=EXPORT_MIME[fmt],
                key=f"dl_{fmt}",
                on_click="ignore",
                width="stretch",
            )
        b = bundle()
        alt = export.alt_text(
            b.panel, b.provinces, quarter, measure, lang, b.events if with_events else None
        )
        st.markdown(f"**{safe.markdown(t('alt_text', lang))}**")
        st.code(alt, language=None, wrap_lines=True)
