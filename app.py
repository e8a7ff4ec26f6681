"""Entry point: page config, navigation, and the shared sidebar (language switch)."""

import streamlit as st

import ui
from geo import state
from geo.i18n import t

st.set_page_config(
    page_title="Temporary residents in Canada · Résidents temporaires au Canada",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="auto",
)

params = ui.query_dict()
url_lang, lang_notice = state.parse_lang(params)
if "lang" not in st.session_state:
    st.session_state["lang"] = url_lang
embed = str(params.get("embed", [""])[-1]).lower() in ("true", "1", "yes")
embed = embed or ui.embed_requested()  # st.query_params hides Streamlit's own ?embed=

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

if not embed:
    with st.sidebar:
        st.radio(
            "Language · Langue",
            ["en", "fr"],
            key="lang",
            format_func={"en": "English", "fr": "Français"}.get,
            horizontal=True,
        )
        st.caption(t("app_subtitle", st.session_state["lang"]))

if lang_notice:
    ui.show_notices([lang_notice], st.session_state["lang"])
if st.session_state["lang"] != "en":
    st.query_params["lang"] = st.session_state["lang"]
elif "lang" in st.query_params:
    del st.query_params["lang"]

nav.run()
