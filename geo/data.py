"""Load everything the pages need from data/ once: geography, series, panel, events."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import boundaries, events, metrics, statcan, vintages

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
        event_problems: list[str] = []
        ev = events.load_events(
            data_dir / "events" / "events.csv", set(cmas["cmauid"]), event_problems
        )
    except (ValueError, OSError) as e:
        raise LoadError(f"{e}. To fix: {REBUILD_HELP}.") from e
    panel = metrics.build_panel(npr, population)
    return Bundle(
        provinces, cmas, npr, population, panel, ev, tuple(event_problems), earlier, release
    )


def cma_table(bundle: Bundle, quarter: str) -> pd.DataFrame:
    """CMAs for a quarter. Statistics Canada publishes no quarterly NPR counts by CMA, so
    the figure columns are empty ('no data') rather than invented."""
    df = pd.DataFrame(bundle.cmas.drop(columns="geometry", errors="ignore"))
    df = df[[c for c in ("cmauid", "name_en", "name_fr", "pruid") if c in df.columns]].copy()
    df["quarter"] = quarter
    df["npr_total"] = pd.array([pd.NA] * len(df), dtype="Int64")
    return df
