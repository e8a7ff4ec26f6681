"""The 13 provinces and territories: the one table of their codes, ids and names.

Light on purpose (no geopandas): boundaries, statcan, events, state and story all read it.
"""

from __future__ import annotations

PROVINCE_COLUMNS = ("pruid", "code", "name_en", "name_fr", "dguid")
# name_en is the English name as Statistics Canada writes it (Quebec, no accent).
PROVINCES: tuple[dict[str, str], ...] = tuple(
    dict(zip(PROVINCE_COLUMNS, (pruid, code, en, fr, f"2021A0002{pruid}"), strict=True))
    for pruid, code, en, fr in (
        ("10", "NL", "Newfoundland and Labrador", "Terre-Neuve-et-Labrador"),
        ("11", "PE", "Prince Edward Island", "Île-du-Prince-Édouard"),
        ("12", "NS", "Nova Scotia", "Nouvelle-Écosse"),
        ("13", "NB", "New Brunswick", "Nouveau-Brunswick"),
        ("24", "QC", "Quebec", "Québec"),
        ("35", "ON", "Ontario", "Ontario"),
        ("46", "MB", "Manitoba", "Manitoba"),
        ("47", "SK", "Saskatchewan", "Saskatchewan"),
        ("48", "AB", "Alberta", "Alberta"),
        ("59", "BC", "British Columbia", "Colombie-Britannique"),
        ("60", "YT", "Yukon", "Yukon"),
        ("61", "NT", "Northwest Territories", "Territoires du Nord-Ouest"),
        ("62", "NU", "Nunavut", "Nunavut"),
    )
)
PRUIDS: tuple[str, ...] = tuple(p["pruid"] for p in PROVINCES)
PROVINCE_CODES: tuple[str, ...] = tuple(p["code"] for p in PROVINCES)
PRUID_BY_CODE: dict[str, str] = {p["code"]: p["pruid"] for p in PROVINCES}
PRUID_BY_DGUID: dict[str, str] = {p["dguid"]: p["pruid"] for p in PROVINCES}
