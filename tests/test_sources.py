"""Sources page facts computed from the snapshot: releases, coverage, citations."""

import pandas as pd

from geo import sources, statcan

PROVINCES = pd.DataFrame(
    {"pruid": ["24", "10"], "code": ["QC", "NL"], "name_en": ["Quebec", "NL"],
     "name_fr": ["Québec", "T.-N.-L."]}
)  # fmt: skip
NPR = pd.DataFrame(
    {
        "ref_date": ["2022-01-01", "2022-04-01", "2022-04-01", "2022-04-01"],
        "dguid": [statcan.CANADA_DGUID, statcan.CANADA_DGUID, "2021A000224", "2021A000224"],
        "npr_type": ["total", "total", "total", "asylum"],
        "value": [10.0, 11.0, 3.0, 1.0],
        "release_date": ["2024-09-25", "2025-09-24", "2025-09-24", "2025-09-24"],
        "source_url": ["https://a", "https://b", "https://b", "https://b"],
        "source_title": ["A", "B", "B", "B"],
    }
)


def test_releases_count_figures_per_vintage():
    r = sources.releases(NPR)
    assert list(r["release_date"]) == ["2025-09-24", "2024-09-25"]
    assert list(r["figures"]) == [3, 1]
    assert r["first_quarter"].iloc[0] == "2022-04-01"


def test_coverage_per_geography():
    c = sources.coverage(NPR, PROVINCES, "fr", "npr_type").set_index("geo")
    assert c.loc["Canada", "quarters"] == 2
    assert c.loc["Québec", "quarters"] == 1 and c.loc["Québec", "type_figures"] == 1
    assert c.loc["T.-N.-L.", "quarters"] == 0 and c.loc["T.-N.-L.", "first"] == ""


def test_coverage_grid():
    g = sources.coverage_grid(NPR, PROVINCES, ["2022-01-01", "2022-04-01"]).set_index("quarter")
    assert list(g.columns) == ["CA", "NL", "QC"]
    assert g.loc["2022-01-01", "CA"] == "●" and g.loc["2022-01-01", "QC"] == ""
    assert g.loc["2022-04-01", "QC"] == "●"


def test_read_from_and_citations():
    rf = sources.read_from(NPR)
    assert rf.iloc[0]["source_title"] == "B" and rf.iloc[0]["figures"] == 3
    att = sources.attribution(statcan.NPR, NPR, "en")
    assert att.startswith("Source: Statistics Canada, Table 17-10-0121-01")
    assert "2024-09-25\u00a0– 2025-09-24" in att
    assert "This does not constitute an endorsement by Statistics Canada" in att
    assert "Ceci ne constitue pas une approbation" in sources.attribution(statcan.NPR, NPR, "fr")
    cite = sources.table_citation(statcan.POP, "fr")
    assert cite == (
        "Statistique Canada. Tableau 17-10-0009-01 Estimations de la population, "
        "trimestrielles. DOI\u00a0: https://doi.org/10.25318/1710000901-fra"
    )
    app = sources.app_citation(NPR, NPR, "", "en", "2026-02-01")
    assert "  " not in app and "(accessed 1 February 2026)" in app
    assert "https://x.test/ (accessed" in sources.app_citation(
        NPR, NPR, "https://x.test/", "en", "2026-02-01"
    )
    assert statcan.TABLES[statcan.NPR].page_url_in("fr").endswith("/fr/tv.action?pid=1710012101")
