"""Story mode: the narrative in chapters, each sending the map to its place and time.

URL: ?chapter=N (1-based), ?presenter=true (the audience's projector view: large, no controls,
no notes), ?notes=true (the speaker's view: the notes first; opened in a second window, it
keeps the same chapter as the audience's), ?contrast=high, ?embed=true, ?lang=fr.
Keyboard: ← / → click the Previous / Next buttons (keys story_prev / story_next).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from geo import DATA_DIR, export, i18n, layers, markup, metrics, projection, safe, story, style
from geo import quarters as qtr
from geo.i18n import t
from ui import cache, page, url
from ui.html import cma_legend_html
from ui.notices import notice, show_notices

# normal, presenter: in presenter mode the national map is 1.6 times the map page's
# (layers.MAP_SIZES), with the same room around it, so its labels (placed for that page)
# stay apart at 1.6 times their size, which is about as much larger as the text
MAP_HEIGHT = {False: 560, True: 768}
MAP_WIDTH = {False: 360, True: 800}  # map column width in px less room for long labels at the edges
LABEL_PX = {False: 11, True: 19}

b = cache.bundle()
files = cache.static_files()
breaks = cache.breaks()
lang = url.current_lang()


@st.cache_resource(show_spinner=False)
def chapters(language: str) -> tuple[list[story.Chapter], list[str]]:
    chs = story.load_chapters(DATA_DIR, language)
    return chs, story.validate_all(chs, b)


@st.cache_resource(show_spinner=False)
def view_box(view, width: int, height: int) -> projection.ViewBox:
    return story.view_box(view, b.provinces, b.cmas, width, height)


try:
    chs, problems = chapters(lang)
except story.StoryError as e:
    chs, problems = [], [str(e)]
if problems or not chs:
    notice("; ".join(safe.shorten(p, 300) for p in problems), "error", t("story_error", lang))
    notice(t("story_error_fix", lang), "info")
    st.stop()
n = len(chs)

# ---- the view (chapter, modes) from the URL, in the session
here = url.PageState("story_view", partial(story.parse, n_chapters=n), story.to_params, "story_")
view = here.read()
if not 1 <= view.chapter <= n:  # fewer chapters in this language
    here.update(chapter=max(1, min(n, view.chapter)))
    view = here.view()
idx = view.chapter - 1
presenter, contrast, show_notes, embed = view.presenter, view.contrast, view.notes, view.embed
# three views: the reader's; the audience's (presenter: projector-sized, no controls, never
# the notes); the speaker's (notes: the notes first, for a second window that follows
# the audience's chapter and leads it, see SYNC_JS)
speaker = show_notes and not embed
audience = presenter and not speaker
# on a phone the chapter's map comes right under its title, before the text; the
# Previous / Next buttons and the view options come after the chapter
phone = page.is_phone() and not audience
ch = chs[idx]

page.page_css(embed)
page.page_script("preload.html", urls=layers.data_urls(files, ch.layers))
page.style(
    "story",
    *(["story-audience"] if audience else []),  # everything scales with the text
    *(["story-speaker"] if speaker else []),
    *(["story-contrast"] if contrast else []),
)
show_notices(here.notices(), lang)

# ← / → click the Previous / Next buttons, except while typing or using a widget or the map.
st.html(
    """<script>
(function () {
  var w = window, doc = document;
  var skip = 'input, textarea, select, [contenteditable="true"], [role="slider"], ' +
    '[role="combobox"], [role="listbox"], [role="option"], [data-baseweb="select"], ' +
    '[data-testid="stDeckGlJsonChart"]';
  function onKey(e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    var el = e.target;
    if (el && el.closest && el.closest(skip)) return;
    var key = e.key === 'ArrowRight' ? 'story_next' : 'story_prev';
    var btn = doc.querySelector('.st-key-' + key + ' button');
    if (!btn || btn.disabled) return;
    e.preventDefault();
    btn.click();
  }
  if (w.__storyKeys) doc.removeEventListener('keydown', w.__storyKeys);
  w.__storyKeys = onKey;
  doc.addEventListener('keydown', onKey);
})();
</script>""",
    unsafe_allow_javascript=True,
)


def go(delta: int) -> None:
    here.update(chapter=max(1, min(n, here.view().chapter + delta)))
    here.clear_notices()


# The audience's and the speaker's windows (same browser) show the same chapter: each
# tells the other its chapter after a change made in it, and follows the other's through
# the URL (Streamlit reruns the page on a history change).
SYNC_JS = """<script>
(function () {
  var w = window, chapter = %d;
  if (!('BroadcastChannel' in w)) return;
  if (!w.__storySync) {
    w.__storySync = {channel: new BroadcastChannel('npr-story-chapter'), chapter: 0, follow: 0};
    w.__storySync.channel.onmessage = function (e) {
      var n = e.data && e.data.chapter;
      if (!n || n === w.__storySync.chapter) return;
      w.__storySync.follow = n;
      var url = new URL(w.location.href);
      url.searchParams.set('chapter', String(n));
      w.history.pushState(null, '', url);
      w.dispatchEvent(new PopStateEvent('popstate'));
    };
  }
  var s = w.__storySync;
  if (s.chapter === chapter) return;
  s.chapter = chapter;
  if (s.follow === chapter) { s.follow = 0; return; }
  s.channel.postMessage({chapter: chapter});
})();
</script>"""


# ---- navigation: previous, chapter list, next; progress
if not embed and not audience:
    heading = f"{t('app_title', lang)} · {t('page_story', lang)}"
    st.markdown(markup.tag("h1", heading, class_="app-title"), unsafe_allow_html=True)


def prev_next(c0, c2) -> None:
    c0.button(t("story_prev", lang), key="story_prev", on_click=go, args=(-1,),
              disabled=idx == 0, width="stretch")  # fmt: skip
    c2.button(t("story_next", lang), key="story_next", on_click=go, args=(1,),
              disabled=idx == n - 1, width="stretch")  # fmt: skip


if phone:
    c1 = st.container()
else:
    c0, c1, c2 = st.columns([1, 4, 1], vertical_alignment="bottom")
    prev_next(c0, c2)
c1.selectbox(
    t("story_chapters", lang),
    list(range(n)),
    format_func=lambda i: f"{i + 1}. {chs[i].title}",
    **here.bound(
        "idx",
        lang,
        show=lambda v: v.chapter - 1,
        read=lambda i: {"chapter": i + 1},
        then=here.clear_notices,
    ),
)
st.markdown(
    markup.tag(
        "p", t("story_chapter_of", lang, n=idx + 1, total=n), class_="story-progress",
        aria_live="polite",
    ),
    unsafe_allow_html=True,
)  # fmt: skip
st.progress((idx + 1) / n)

lang_q = {"lang": lang} if lang != "en" else {}


def view_url(**modes: bool) -> str:
    """A relative link to this chapter in another view (opened in a new window)."""
    from urllib.parse import urlencode

    p = replace(view, presenter=modes.get("presenter", False), notes=modes.get("notes", False))
    return "story?" + urlencode({**story.to_params(replace(p, embed=False)), **lang_q})


if presenter or speaker:
    st.html(SYNC_JS % (idx + 1), unsafe_allow_javascript=True)


def view_options() -> None:
    # one row that wraps where it has to: columns of fixed shares cut the notes' button
    row = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    if speaker:
        row.markdown(f"**{safe.markdown(t('story_speaker_view', lang))}**")
        row.link_button(t("story_open_audience", lang), view_url(presenter=True),
                       icon=":material/open_in_new:")  # fmt: skip
    else:
        row.toggle(t("story_presenter", lang), **here.bound("presenter", lang))
        row.toggle(t("story_contrast", lang), **here.bound("contrast", lang))
        row.link_button(t("story_open_notes", lang), view_url(notes=True),
                       icon=":material/open_in_new:")  # fmt: skip
    if not phone:
        row.caption(t("story_keys_hint", lang))


if not embed and not audience and not phone:
    view_options()

# ---- the chapter: text on the left, map on the right (on a phone: title, map, text)
if phone:
    fit_width, height = page.map_size()
    title_box, map_col, text_col = st.container(), st.container(), st.container()
else:
    fit_width, height = MAP_WIDTH[audience], MAP_HEIGHT[audience]
    text_col, map_col = st.columns([2, 3] if audience else [5, 7], gap="large")
    title_box = text_col
body = story.fill(ch.body, b.panel, b.provinces, lang, b.events, cache.all_releases(), b.cma_flows)
text, sources = story.split_sources(body)
title_box.markdown(markup.tag("h2", ch.title, class_="story-title"), unsafe_allow_html=True)
with text_col:
    if speaker and ch.notes:
        st.markdown(
            markup.render("story_notes.html", title=t("story_notes", lang), notes=ch.notes),
            unsafe_allow_html=True,
        )
    with st.container(key="story_text"):
        st.markdown(text)  # Markdown without HTML: chapter files cannot inject markup
    if ch.events:
        with st.container(key="story_events"):
            st.markdown(f"**{safe.markdown(t('story_events', lang))}**")
            rows = b.events[b.events["id"].isin(ch.events)]  # rows left out stay out
            for _, e in rows.iterrows():
                item = markup.event_item(e, lang)
                st.html(markup.events([item], lang, "brief", class_="story-event"))
    if sources:
        with st.container(key="story_sources"):
            st.markdown(f"**{safe.markdown(t('sources', lang))}**\n\n{sources}")

with map_col:
    box = view_box(ch.view, fit_width, height)
    deck = layers.deck(files, ch.quarter, ch.measure, ch.layers, lang, selected=ch.provinces,
                       view=box, height=height, fit_width=fit_width,
                       label_size=LABEL_PX[audience])  # fmt: skip
    alt = t(
        "story_map_alt",
        lang,
        n=idx + 1,
        title=ch.title,
        measure=t("m_" + ch.measure, lang),
        quarter=qtr.label(ch.quarter, lang),
    )
    # on a projector the legend stands beside the map, so the slide shows both whole
    map_area, key_col = st.columns([3.2, 1]) if audience else (st.container(), st.container())
    map_area.pydeck_chart(deck, height=height, key="story_map", alt=alt)
    with key_col:
        now = f"{qtr.label(ch.quarter, lang)} · {t('m_' + ch.measure, lang)}"
        st.markdown(markup.tag("p", now, class_="quarter-now"), unsafe_allow_html=True)
        pview = metrics.province_view(b.panel, b.provinces, ch.quarter)
        if pview[ch.measure].isna().any():
            st.caption(t("story_no_data_note", lang))
        st.html(
            markup.legend(breaks[ch.measure], ch.measure, lang, "events" in ch.layers)
            + (cma_legend_html(ch.quarter, lang) if "cmas" in ch.layers else "")
        )
        canada = metrics.canada_view(b.panel, ch.quarter)
        releases = [canada.get("npr_release_date") or ""] + list(pview["npr_release_date"].dropna())
        st.markdown(markup.source_line(export.source_line(lang, releases)), unsafe_allow_html=True)

if phone:
    prev_next(*st.columns(2))
    if not embed:
        view_options()

# ---- the numbers on the map, as a table (the map's text alternative)
if not audience:
    caption = t("table_caption", lang, quarter=qtr.label(ch.quarter, lang))
    with st.expander(caption):
        table = metrics.table(b.panel, b.provinces, ch.quarter)
        num = {  # Int64 with <NA> -> float with NaN, which the formatters show as "no data"
            c: pd.to_numeric(table[c], errors="coerce").astype("float64")
            for c in ("npr_total", "npr_per_100", "population", ch.measure)
        }
        shown = pd.DataFrame(
            {
                t("name", lang): table[f"name_{lang}"],
                t("m_npr_total", lang): [i18n.fmt_int(v, lang) for v in num["npr_total"]],
                t("m_npr_per_100", lang): [i18n.fmt_dec(v, lang, 2) for v in num["npr_per_100"]],
                t("m_" + ch.measure, lang): [
                    style.format_measure(v, ch.measure, lang) for v in num[ch.measure]
                ],
                t("population", lang): [i18n.fmt_int(v, lang) for v in num["population"]],
            }
        )
        shown = shown.loc[:, ~shown.columns.duplicated()]
        st.dataframe(shown, hide_index=True, width="stretch")
    if not embed:
        qp = {"quarter": ch.quarter, "measure": ch.measure, "layers": ",".join(ch.layers)}
        if lang != "en":
            qp["lang"] = lang
        st.page_link(
            "views/map.py", label=t("story_open_map", lang), icon=":material/map:", query_params=qp
        )

if audience:  # out of the way, under the slide
    st.button(
        t("story_leave_presenter", lang),
        key="story_leave",
        on_click=lambda: here.update(presenter=False),
    )

# ---- the view -> URL (chapter, modes); the app keeps lang, Streamlit keeps ?embed=
here.sync()
