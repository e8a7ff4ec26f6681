"""Load everything the pages need from data/ once: geography, series, panel, events."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import boundaries, cmaflows, events, metrics, statcan, vintages

REBUILD_HELP = (
    "restore the file with `git checkout -- data/`, or rebuild it: "
    "`python -m geo build-boundaries` (geography), `python -m geo refresh` (StatCan series)"
)


class LoadError(RuntimeError):
    """A shipped data file is missing or corrupt; the message names it and the fix."""


@dataclass(frozen=True)
class Bundle:
    provinces: gpd.GeoDataFrame  # EPSG:4326, pruid, code, name_en, name_fr
    cmas: gpd.GeoDataFrame  # EPSG:4326 points, cmauid, name_en, name_fr, pruid
    npr: pd.DataFrame  # snapshot rows of 17-10-0121-01
    population: pd.DataFrame  # snapshot rows of 17-10-0009-01
    panel: pd.DataFrame  # metrics.build_panel
    events: pd.DataFrame  # events.load_events
    event_problems: tuple[str, ...] = ()  # rows of events.csv left out, and why
    vintages: pd.DataFrame | None = None  # earlier releases of 17-10-0121-01
    release: str = ""  # the release of the snapshot (both tables)
    cma_polygons: gpd.GeoDataFrame | None = None  # the 41 CMAs, EPSG:4326
    cma_flows: pd.DataFrame | None = None  # 17-10-0149-01 net NPRs (statcan.CMA_COLUMNS)
    cma_estimates: str = ""  # the 17-10-0121-01 release the flows belong to ("" unknown)


def cma_ids(data_dir: Path) -> set[str]:
    try:
        return set(boundaries.load_cmas(data_dir)["cmauid"])
    except (ValueError, OSError):
        return set()


def load(data_dir: Path) -> Bundle:
    """Read and validate every shipped file; LoadError names the first broken one."""
    data_dir = Path(data_dir)
    try:
        provinces = boundaries.load_provinces(data_dir)
        cmas = boundaries.load_cmas(data_dir)
        npr = statcan.load_snapshot(data_dir, statcan.NPR)
        population = statcan.load_snapshot(data_dir, statcan.POP)
        release = vintages.current_release(npr)
        earlier = statcan.load_vintages(data_dir)
        cma_polygons = boundaries.load_cma_polygons(data_dir)
        cma_flows = statcan.load_cma_flows(data_dir)
        event_problems: list[str] = []
        ev = events.load_events(
            data_dir / "events" / "events.csv", set(cmas["cmauid"]), event_problems
        )
    except (ValueError, OSError) as e:
        raise LoadError(f"{e}. To fix: {REBUILD_HELP}.") from e
    panel = metrics.build_panel(npr, population)
    all_npr = pd.concat([npr, earlier], ignore_index=True)
    return Bundle(
        provinces,
        cmas,
        npr,
        population,
        panel,
        ev,
        tuple(event_problems),
        earlier,
        release,
        cma_polygons,
        cma_flows,
        cmaflows.estimates_release(cma_flows, all_npr),
    )


def cma_table(bundle: Bundle, year: str) -> pd.DataFrame:
    """The 41 CMAs' net change in NPRs over one year (July 1 to June 30), with the release
    of 17-10-0149-01 and the vintage of the estimates it belongs to."""
    flows = cmaflows.values_for(bundle.cma_flows, year)
    names = pd.DataFrame(bundle.cmas.drop(columns="geometry", errors="ignore"))
    names = names[["cmauid", "name_en", "name_fr", "pruid", "pruids"]]
    out = names.merge(flows, on="cmauid", how="left")
    out["value"] = out["value"].round(0).astype("Int64")
    out = out.rename(columns={"value": "net_npr"})
    out["estimates_release"] = bundle.cma_estimates
    cols = ["cmauid", "name_en", "name_fr", "pruid", "pruids", "year", "period_start",
            "period_end", "net_npr", "preliminary", "release_date", "estimates_release"]  # fmt: skip
    return out[cols]
