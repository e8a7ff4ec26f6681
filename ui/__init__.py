"""Streamlit glue shared by the pages, one job a module (everything else lives in geo/):

- cache: the data and what is built from it, once per process
- url: each page's view from and to its URL, kept in the session and shown by widgets
- notices: notices whose text stays text
- page: what every page draws around itself (CSS, embed script, reconnects, screen size)
- html: the HTML snippets shared by the pages (legend, headline, an event's source link)
- panels: the revisions section, and the share, embed and export panels
"""
