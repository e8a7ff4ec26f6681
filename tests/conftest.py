"""Fixtures shared by the unit and browser tests."""

from __future__ import annotations

import pytest

SITE_BASE_URL = "https://maps.example.org/map"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """(folder, pages): `python -m geo build-site` of the shipped data, built once."""
    from geo import DATA_DIR, data, site

    out = tmp_path_factory.mktemp("site")
    pages = site.build(data.load(DATA_DIR), out, SITE_BASE_URL)
    return out, pages
