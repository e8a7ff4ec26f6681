"""Tiny StatCan-format full tables, made by hand for tests (values are test values)."""

from __future__ import annotations

import io
import zipfile

from geo import statcan
from geo.provinces import PRUID_BY_DGUID

GEOS = [("Canada", statcan.CANADA_DGUID)] + [
    (f"Province {p}", dguid) for dguid, p in PRUID_BY_DGUID.items()
]
NPR_MEMBERS = [  # the member names of 17-10-0121-01
    "Total, non-permanent residents",
    "Total, asylum claimants, protected persons and related groups",
    "Asylum claimants, protected persons and related groups with work permit only",
    "Asylum claimants, protected persons and related groups with study permit only",
    "Asylum claimants, protected persons and related groups with work and study permits",
    "Asylum claimants, protected persons and related groups without work or study permits",
    "Total, permit holders and their family members",
    "Work permit holders only",
    "Study permit holders only",
    "Work and study permit holders",
    "Other",
]
BASE = ["UOM", "UOM_ID", "SCALAR_FACTOR", "SCALAR_ID", "VECTOR", "COORDINATE"]
TAIL = ["VALUE", "STATUS", "SYMBOL", "TERMINATED", "DECIMALS"]


def _q(fields: list[str]) -> str:
    return ",".join('"' + f.replace('"', '""') + '"' for f in fields)


def full_table(table: str, refs=("2021-10", "2022-01", "2022-04"), status=None) -> bytes:
    """A full-table CSV (UTF-8 BOM, all fields quoted) for NPR or POP."""
    npr = table == statcan.NPR
    header = ["REF_DATE", "GEO", "DGUID"] + (["Non-permanent resident types"] if npr else [])
    lines = [_q(header + BASE + TAIL)]
    members = NPR_MEMBERS if npr else [None]
    n = 0
    for r, ref in enumerate(refs):
        for g, (geo, dguid) in enumerate(GEOS):
            for m, member in enumerate(members):
                n += 1
                value = str(1000 * (g + 1) + 10 * m + r)
                stat = ""
                if status and (ref, dguid, member) in status:
                    stat = status[(ref, dguid, member)]
                    value = "" if stat in ("..", "x", "F") else value
                row = [ref, geo, dguid] + ([member] if npr else [])
                row += ["Persons", "249", "units", "0", f"v{n}", f"{g + 1}.{m + 1}"]
                row += [value, stat, "", "", "0"]
                lines.append(_q(row))
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def as_zip(table: str, csv_bytes: bytes, release: str = "2025-12-17") -> bytes:
    pid = statcan.TABLES[table].pid
    meta = _q(["Cube Title", "Product Id", "CANSIM Id", "URL", "Cube Notes", "Archive Status",
               "Frequency", "Start Reference Period", "End Reference Period", "Total number of dimensions",
               "Release Time"]) + "\n" + _q(["t", pid, "", "", "", "CURRENT", "Quarterly",
                                               "1971-01-01", "2025-10-01", "2", f"{release}T08:30"])  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(f"{pid}.csv", csv_bytes)
        z.writestr(f"{pid}_MetaData.csv", "\ufeff" + meta)
    return buf.getvalue()
