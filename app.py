"""Entry point: page config, navigation, and the shared sidebar (language switch)."""

import streamlit as st

from geo import i18n, state
from geo.i18n import t
from ui import page, url
from ui.notices import show_notices

st.set_page_config(
    page_title="Temporary residents in Canada · Résidents temporaires au Canada",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="auto",
)

try:
    i18n.catalogs()  # the texts of every page; a broken catalog is named in one line
except i18n.CatalogError as e:
    st.error(str(e))
    st.stop()

page.style("app")  # every page's CSS (static/css/app.css)

params = url.query_dict()
url_lang, lang_notice = state.parse_lang(params)
st.session_state.setdefault("lang", url_lang)  # the session's language: one source of truth
embed = bool(state.flag(str(params.get("embed", [""])[-1])))
embed = embed or url.embed_requested()  # st.query_params hides Streamlit's own ?embed=

lang = st.session_state["lang"]
pages = [
    st.Page(
        "views/map.py",
        title=t("page_map", lang),
        icon=":material/map:",
        url_path="map",
        default=True,
    ),
    st.Page(
        "views/story.py", title=t("page_story", lang), icon=":material/menu_book:", url_path="story"
    ),
    st.Page(
        "views/province.py",
        title=t("page_province", lang),
        icon=":material/location_on:",
        url_path="province",
    ),
    st.Page(
        "views/events.py",
        title=t("page_events", lang),
        icon=":material/campaign:",
        url_path="events",
    ),
    st.Page(
        "views/sources.py",
        title=t("page_sources", lang),
        icon=":material/library_books:",
        url_path="sources",
    ),
]
nav = st.navigation(pages, position="hidden" if embed else "sidebar")

# The URL's language wins when it changed from outside on the same page (back / forward,
# an edited link) or when it names one; the menu's page switches drop the query and keep
# the session's language.
here = (nav.url_path, tuple(params.get("lang", [])))
seen = st.session_state.get("_lang_seen")
if seen and here != seen and (here[1] or here[0] == seen[0]) and url_lang != lang:
    st.session_state["lang"] = url_lang
    st.rerun()  # page titles above were drawn in the other language

if not embed:
    with st.sidebar:
        st.radio(
            "Language · Langue",
            ["en", "fr"],
            format_func={"en": "English", "fr": "Français"}.get,
            horizontal=True,
            **url.bound("lang", lang),
        )
        st.caption(t("app_subtitle", st.session_state["lang"]))

if lang_notice:
    show_notices([lang_notice], st.session_state["lang"])
if st.session_state["lang"] != "en":
    st.query_params["lang"] = st.session_state["lang"]
elif "lang" in st.query_params:
    del st.query_params["lang"]
st.session_state["_lang_seen"] = (nav.url_path, tuple(st.query_params.get_all("lang")))

nav.run()
page.rerun_after_reconnect()  # a reconnect to another replica reruns the page from its URL
