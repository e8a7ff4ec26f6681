"""Command line: `python -m geo COMMAND`. The data pipeline and the numbers, no Streamlit."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from geo import DATA_DIR, i18n


def _cmd_build_boundaries(a: argparse.Namespace) -> int:
    from geo import boundaries

    out = Path(a.data_dir) / "boundaries"
    try:
        if a.cmas_only:
            if not a.cmas:
                print("build-boundaries failed: --cmas-only needs --cmas FILE", file=sys.stderr)
                return 1
            result = boundaries.build_cmas(out, Path(a.cmas))
        else:
            result = boundaries.build_all(out, a.provinces, a.cmas)
    except (boundaries.BoundaryBuildError, ValueError, OSError) as e:
        print(f"build-boundaries failed: {e}", file=sys.stderr)
        return 1
    for key, value in result.items():
        print(f"{key}: {value}")
    return 0


def _cmd_refresh(a: argparse.Namespace) -> int:
    from geo import statcan

    try:
        lines = statcan.refresh(
            Path(a.data_dir),
            Path(a.from_file) if a.from_file else None,
            tables=tuple(a.table or (statcan.NPR, statcan.POP)),
            release_date=a.release_date,
        )
    except statcan.DataError as e:
        print(f"refresh failed: {e}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


def _cmd_validate_events(a: argparse.Namespace) -> int:
    from geo import data, events

    path = Path(a.file)
    if not path.exists():
        print(f"line 0: {path} does not exist")
        return 1
    problems = events.validate_file(path, data.cma_ids(Path(a.data_dir)))
    for p in problems:
        print(p)
    if not problems:
        print(f"{path}: valid")
    return 1 if problems else 0


def _bundle(a: argparse.Namespace):
    """The data in --data-dir, or None after printing why it cannot be loaded."""
    from geo import data

    try:
        return data.load(Path(a.data_dir))
    except data.LoadError as e:
        print(str(e), file=sys.stderr)
        return None


def _cmd_table(a: argparse.Namespace) -> int:
    from geo import data, metrics, vintages

    bundle = _bundle(a)
    if bundle is None:
        return 1
    if a.level == "cma":
        from geo import cmaflows

        held = cmaflows.years(bundle.cma_flows)
        year = a.year or held[-1]
        if year not in held:
            print(f"unknown year {year!r}; available: {', '.join(held)}", file=sys.stderr)
            return 1
        return _print(data.cma_table(bundle, year), a.format)
    panel = bundle.panel
    if a.release and a.release != bundle.release:
        stored = vintages.releases(bundle.vintages)
        if a.release not in stored:
            known = ", ".join([*stored, bundle.release])
            print(f"unknown release {a.release!r}; stored: {known}", file=sys.stderr)
            return 1
        panel = vintages.panel(bundle.vintages, a.release)
    quarters = metrics.quarters(panel)
    quarter = a.quarter or quarters[-1]
    if quarter not in quarters:
        print(
            f"unknown quarter {quarter!r}; available: {quarters[0]} to {quarters[-1]}",
            file=sys.stderr,
        )
        return 1
    return _print(metrics.table(panel, bundle.provinces, quarter), a.format)


def _print(df, fmt: str) -> int:
    from geo import safe

    if fmt == "csv":
        safe.csv_frame(df).to_csv(sys.stdout, index=False)  # formula cells neutralised
    elif fmt == "json":
        print(df.to_json(orient="records", force_ascii=False, indent=1))
    else:
        print(df.to_string(index=False))
    return 0


def _cmd_export(a: argparse.Namespace) -> int:
    from geo import export

    bundle = _bundle(a)
    if bundle is None:
        return 1
    fmt = a.format or Path(a.out).suffix.lstrip(".").lower()
    ev = bundle.events if a.events else None
    cmas = None
    if a.cmas:
        from geo import cmaflows, layers

        brk = layers.all_breaks(bundle.panel, bundle.cma_flows)[cmaflows.MEASURE]
        cmas = export.CmaLayer(bundle.cma_polygons, bundle.cma_flows, brk, bundle.cma_estimates)
    try:
        raw = export.export(
            fmt, bundle.panel, bundle.provinces, a.quarter, a.measure, a.lang, ev, cmas=cmas
        )
    except export.ExportError as e:
        print(f"export failed: {e}", file=sys.stderr)
        return 1
    try:
        Path(a.out).write_bytes(raw)
    except OSError as e:
        print(f"export failed: cannot write {a.out}: {e}", file=sys.stderr)
        return 1
    print(f"{a.out}: {fmt}, {len(raw):,} bytes")
    if fmt in ("png", "svg"):
        alt = export.alt_text(bundle.panel, bundle.provinces, a.quarter, a.measure, a.lang, ev)
        print(f"alt text: {alt}")
    return 0


def _cmd_build_site(a: argparse.Namespace) -> int:
    from geo import export, site

    try:
        site.check_base_url(a.base_url)
    except site.SiteError as e:
        print(f"build-site failed: {e}", file=sys.stderr)
        return 1
    bundle = _bundle(a)
    if bundle is None:
        return 1
    try:
        pages = site.build(bundle, Path(a.out), a.base_url)
    except (site.SiteError, export.ExportError) as e:
        print(f"build-site failed: {e}", file=sys.stderr)
        return 1
    size = sum(p.bytes for p in pages)
    print(f"{a.out}: {len(pages)} pages ({size / 1e6:.1f} MB), {site.INDEX}, {site.MANIFEST}")
    if not a.base_url:
        print("no --base-url: the pages have no 'open the full map' link")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=str(DATA_DIR), help="data folder (default: data/)")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser(
        "build-boundaries", parents=[common], help="rebuild data/boundaries from sources"
    )
    b.add_argument("--provinces", help="StatCan lpr_000b21a_e file (default: Natural Earth)")
    b.add_argument("--cmas", help="StatCan lcma000b21a_e file (CMA polygons)")
    b.add_argument(
        "--cmas-only",
        action="store_true",
        help="write only cmas.geojson, clipped to the provinces already built",
    )
    b.set_defaults(func=_cmd_build_boundaries)

    r = sub.add_parser(
        "refresh", parents=[common], help="replace the StatCan snapshot (download or --from-file)"
    )
    r.add_argument("--from-file", help="a downloaded full-table CSV or zip of one table")
    r.add_argument(
        "--table",
        action="append",
        choices=["17-10-0121-01", "17-10-0009-01", "17-10-0149-01"],
        help="download this table (repeatable; default: 17-10-0121-01 and 17-10-0009-01; "
        "17-10-0149-01, by CMA, is large: see README's Limits)",
    )
    r.add_argument(
        "--release-date",
        help="YYYY-MM-DD: Statistics Canada's release of a bare CSV (a zip carries its own)",
    )
    r.set_defaults(func=_cmd_refresh)

    v = sub.add_parser(
        "validate-events", parents=[common], help="check an events CSV; exit 1 on problems"
    )
    v.add_argument("file")
    v.set_defaults(func=_cmd_validate_events)

    t = sub.add_parser("table", parents=[common], help="print the numbers for one quarter")
    t.add_argument("--quarter", help="YYYY-MM-DD (default: latest)")
    t.add_argument("--level", choices=["province", "cma"], default="province")
    t.add_argument(
        "--release", help="YYYY-MM-DD: an earlier release kept as a vintage (default: current)"
    )
    t.add_argument(
        "--year",
        help="with --level cma: a year July 1 to June 30, e.g. 2023/2024 (default: latest)",
    )
    t.add_argument("--format", choices=["csv", "json", "text"], default="text")
    t.set_defaults(func=_cmd_table)

    e = sub.add_parser("export", parents=[common], help="write a view as HTML, PNG, SVG or CSV")
    e.add_argument("--quarter", required=True, help="YYYY-MM-DD, e.g. 2024-10-01")
    e.add_argument("--measure", default="npr_total", help="npr_total, npr_per_100, …")
    e.add_argument("--lang", choices=["en", "fr"], default="en")
    e.add_argument("--format", choices=["html", "png", "svg", "csv"],
                   help="default: from the --out suffix")  # fmt: skip
    e.add_argument("--events", action="store_true", help="draw events up to the quarter")
    e.add_argument(
        "--cmas", action="store_true", help="draw the CMAs' net change for the quarter's year"
    )
    e.add_argument("--out", required=True, help="output file")
    e.set_defaults(func=_cmd_export)

    s = sub.add_parser(
        "build-site",
        parents=[common],
        help="write the static embeds: a page per measure and language, index, manifest",
    )
    s.add_argument("--out", required=True, help="output folder (created; old pages are kept)")
    s.add_argument(
        "--base-url", help="the live app's address, for each page's 'open the full map' link"
    )
    s.set_defaults(func=_cmd_build_site)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    a = parser.parse_args(argv)
    try:
        return a.func(a)
    except BrokenPipeError:  # output piped into e.g. `head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except i18n.CatalogError as e:
        print(str(e), file=sys.stderr)
        return 1
