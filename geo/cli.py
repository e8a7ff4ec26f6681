"""Command line: `python -m geo COMMAND`. The data pipeline and the numbers, no Streamlit."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from geo import DATA_DIR


def _cmd_build_boundaries(a: argparse.Namespace) -> int:
    from geo import boundaries

    out = Path(a.data_dir) / "boundaries"
    try:
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
        lines = statcan.refresh(Path(a.data_dir), Path(a.from_file) if a.from_file else None)
    except statcan.DataError as e:
        print(f"refresh failed: {e}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


def _cmd_import_reference(a: argparse.Namespace) -> int:
    from geo import statcan

    try:
        table_id, rows = statcan.from_reference(Path(a.file))
        print(statcan.replace_snapshot(Path(a.data_dir), table_id, rows))
    except statcan.DataError as e:
        print(f"import-reference failed: {e}", file=sys.stderr)
        return 1
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
    from geo import data, metrics, safe

    bundle = _bundle(a)
    if bundle is None:
        return 1
    quarters = metrics.quarters(bundle.panel)
    quarter = a.quarter or quarters[-1]
    if quarter not in quarters:
        print(
            f"unknown quarter {quarter!r}; available: {quarters[0]} to {quarters[-1]}",
            file=sys.stderr,
        )
        return 1
    if a.level == "cma":
        df = data.cma_table(bundle, quarter)
    else:
        df = metrics.table(bundle.panel, bundle.provinces, quarter)
    if a.format == "csv":
        safe.csv_frame(df).to_csv(sys.stdout, index=False)  # formula cells neutralised
    elif a.format == "json":
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
    try:
        raw = export.export(fmt, bundle.panel, bundle.provinces, a.quarter, a.measure, a.lang, ev)
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
    b.set_defaults(func=_cmd_build_boundaries)

    r = sub.add_parser(
        "refresh", parents=[common], help="replace the StatCan snapshot (download or --from-file)"
    )
    r.add_argument("--from-file", help="a downloaded full-table CSV or zip of either table")
    r.set_defaults(func=_cmd_refresh)

    i = sub.add_parser(
        "import-reference",
        parents=[common],
        help="replace a snapshot from a reference file of figures read from a StatCan table",
    )
    i.add_argument(
        "file", help="e.g. ../shared/reference/statcan_17100009_population_quarterly.csv"
    )
    i.set_defaults(func=_cmd_import_reference)

    v = sub.add_parser(
        "validate-events", parents=[common], help="check an events CSV; exit 1 on problems"
    )
    v.add_argument("file")
    v.set_defaults(func=_cmd_validate_events)

    t = sub.add_parser("table", parents=[common], help="print the numbers for one quarter")
    t.add_argument("--quarter", help="YYYY-MM-DD (default: latest)")
    t.add_argument("--level", choices=["province", "cma"], default="province")
    t.add_argument("--format", choices=["csv", "json", "text"], default="text")
    t.set_defaults(func=_cmd_table)

    e = sub.add_parser("export", parents=[common], help="write a view as HTML, PNG, SVG or CSV")
    e.add_argument("--quarter", required=True, help="YYYY-MM-DD, e.g. 2024-10-01")
    e.add_argument("--measure", default="npr_total", help="npr_total, npr_per_100, …")
    e.add_argument("--lang", choices=["en", "fr"], default="en")
    e.add_argument("--format", choices=["html", "png", "svg", "csv"],
                   help="default: from the --out suffix")  # fmt: skip
    e.add_argument("--events", action="store_true", help="draw events up to the quarter")
    e.add_argument("--out", required=True, help="output file")
    e.set_defaults(func=_cmd_export)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    a = parser.parse_args(argv)
    try:
        return a.func(a)
    except BrokenPipeError:  # output piped into e.g. `head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
