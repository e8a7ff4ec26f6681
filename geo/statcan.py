"""Statistics Canada tables: parse full-table downloads, load and refresh the snapshot.

Snapshot files (data/statcan/), one row per figure, long format:
    ref_date (YYYY-MM-DD quarter start), geo, dguid, [npr_type], value (persons, empty when
    missing), status (StatCan symbol or empty), table, release_date, source_url,
    source_title, note
"""

from __future__ import annotations

import io
import os
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo import safe

START = "2022-01-01"
CANADA_DGUID = "2021A000011124"
PROVINCE_DGUIDS = {
    f"2021A0002{p}": p
    for p in ("10", "11", "12", "13", "24", "35", "46", "47", "48", "59", "60", "61", "62")
}
GEO_DGUIDS = {CANADA_DGUID, *PROVINCE_DGUIDS}

NPR = "17-10-0121-01"
POP = "17-10-0009-01"


@dataclass(frozen=True)
class Table:
    table_id: str
    pid: str
    file: str
    title: str

    @property
    def download_url(self) -> str:
        return f"https://www150.statcan.gc.ca/n1/tbl/csv/{self.pid}-eng.zip"

    @property
    def page_url(self) -> str:
        return f"https://www150.statcan.gc.ca/t1/tbl1/en/tv.action?pid={self.pid}01"


TABLES = {
    NPR: Table(
        NPR,
        "17100121",
        "npr_quarterly.csv",
        "Estimates of the number of non-permanent residents by type, quarterly",
    ),
    POP: Table(POP, "17100009", "population_quarterly.csv", "Population estimates, quarterly"),
}


def classify_npr_type(member: str) -> str | None:
    """Our type code for a member name of 17-10-0121-01, or None for one we do not show.

    Members: "Total, non-permanent residents" -> total; "Total, asylum claimants, protected
    persons and related groups" -> asylum (its four splits by permit are skipped);
    "Total, permit holders and their family members" (a subtotal) is skipped; "Work permit
    holders only" -> work_only; "Study permit holders only" -> study_only; "Work and study
    permit holders" -> work_study; "Other" -> other.
    """
    m = " ".join(member.lower().replace("-", " ").split())
    if "asylum" in m:
        whole = (
            m.startswith("total") or m == "asylum claimants, protected persons and related groups"
        )
        return "asylum" if whole else None
    if m.startswith("total"):
        return "total" if "non permanent" in m else None
    if "work" in m and "study" in m:
        return "work_study"
    if "work permit" in m and "only" in m:
        return "work_only"
    if "study permit" in m and "only" in m:
        return "study_only"
    if m == "other" or m.endswith(", other"):
        return "other"
    return None


FULL_COLUMNS = ["REF_DATE", "GEO", "DGUID", "VALUE", "STATUS", "SYMBOL"]
NPR_TYPE_COLUMN = "Non-permanent resident types"
MISSING_STATUS = {"..", "...", "x", "X", "F"}
SNAPSHOT_COLUMNS = [
    "ref_date",
    "geo",
    "dguid",
    "npr_type",
    "value",
    "status",
    "table",
    "release_date",
    "source_url",
    "source_title",
    "note",
]


class DataError(ValueError):
    """A data file or download that cannot be used; the message says why, in one line."""


# ---------------------------------------------------------------- parsing full tables


# Limits on what refresh reads, far above the real tables (17-10-0121-01: a CSV of about
# 0.5 MB and 3,300 rows; 17-10-0009-01 back to 1946: about 4,500 rows):
# a file past one of them is refused with one line before it can fill the disk or memory.
# Read at call time, so tests (or a user with a much larger table) can set them.
MAX_DOWNLOAD_BYTES = 50_000_000  # a download or --from-file file, as stored (zipped)
MAX_CSV_BYTES = 100_000_000  # a CSV once unzipped
MAX_ROWS = 500_000  # rows of a table


def _limit_error(e: safe.Refused) -> DataError:
    return DataError(f"{e}; the snapshot is unchanged")


def read_download(path: Path) -> tuple[str, pd.DataFrame, str | None]:
    """Read a StatCan full-table CSV or zip. Returns (table id, raw frame, release date).

    Only a regular file is read (a folder, pipe or device is refused before it is opened
    for reading), and only within MAX_DOWNLOAD_BYTES, MAX_CSV_BYTES and MAX_ROWS."""
    path = Path(path)
    try:
        data = safe.read_file(path, MAX_DOWNLOAD_BYTES)
    except safe.Refused as e:
        raise _limit_error(e) from None
    if not data.strip():
        raise DataError(f"{path.name}: the file is empty")
    release = None
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = z.namelist()
                csvs = [n for n in names if n.endswith(".csv") and "MetaData" not in n]
                if not csvs:
                    raise DataError(f"{path.name}: the zip holds no data CSV")
                meta = [n for n in names if "MetaData" in n]
                if meta:
                    release = _release_from_metadata(_read_member(z, meta[0], path.name))
                data = _read_member(z, csvs[0], path.name)
        except zipfile.BadZipFile as e:
            raise DataError(f"{path.name}: not a readable zip file ({e})") from e
        except (zipfile.LargeZipFile, EOFError, OSError) as e:
            raise DataError(f"{path.name}: the zip is damaged or truncated ({e})") from e
        except (NotImplementedError, RuntimeError) as e:  # unknown compression, encrypted
            raise DataError(f"{path.name}: the zip cannot be read ({e})") from e
    elif len(data) > MAX_CSV_BYTES:
        raise DataError(
            f"{path.name}: over the limit of {safe.size_text(MAX_CSV_BYTES)} for a CSV; "
            "the snapshot is unchanged"
        )
    rows = data.count(b"\n") - 1  # a StatCan table has no line break inside a field
    if rows > MAX_ROWS:
        raise DataError(
            f"{path.name}: over {MAX_ROWS:,} rows, the limit for a table; the snapshot is unchanged"
        )
    frame = parse_full_table(data, path.name)
    return identify_table(frame, path.name), frame, release


def _read_member(z: zipfile.ZipFile, name: str, zip_name: str) -> bytes:
    """One member of a zip, refused when its header says it is over MAX_CSV_BYTES and
    read with the same cap, since a header can lie."""
    what = f"{zip_name}: {name} unzipped"
    if z.getinfo(name).file_size > MAX_CSV_BYTES:
        raise DataError(
            f"{what} would be over the limit of {safe.size_text(MAX_CSV_BYTES)}; "
            "the snapshot is unchanged"
        )
    try:
        with z.open(name) as fh:
            return safe.read_capped(fh, MAX_CSV_BYTES, what)
    except safe.Refused as e:
        raise _limit_error(e) from None


def _release_from_metadata(raw: bytes) -> str | None:
    """The 'Release Time' of a StatCan _MetaData.csv, as YYYY-MM-DD, when present."""
    try:
        text = raw.decode("utf-8-sig")
        meta = pd.read_csv(io.StringIO(text), nrows=1, dtype=str, on_bad_lines="skip")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    for col in meta.columns:
        if col.strip().lower() == "release time" and len(meta):
            value = str(meta[col].iloc[0])[:10]
            try:
                return pd.Timestamp(value).date().isoformat()
            except ValueError:
                return None
    return None


def parse_full_table(raw: bytes, name: str = "file") -> pd.DataFrame:
    """Parse the bytes of a StatCan full-table CSV (UTF-8 with BOM, every field quoted)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataError(
            f"{name}: not UTF-8 text (byte {e.start}); expected a Statistics Canada CSV"
        ) from e
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise DataError(f"{name}: not a readable CSV ({str(e).splitlines()[0]})") from e
    missing = [c for c in FULL_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(
            f"{name}: missing column(s) {', '.join(missing)}; expected a Statistics Canada "
            "full-table CSV (REF_DATE, GEO, DGUID, …, VALUE, STATUS, SYMBOL, …)"
        )
    return frame


def identify_table(frame: pd.DataFrame, name: str = "file") -> str:
    """Which of our two tables a parsed full-table frame holds."""
    if NPR_TYPE_COLUMN in frame.columns:
        return NPR
    extra = set(frame.columns) - {
        "REF_DATE", "GEO", "DGUID", "UOM", "UOM_ID", "SCALAR_FACTOR", "SCALAR_ID", "VECTOR",
        "COORDINATE", "VALUE", "STATUS", "SYMBOL", "TERMINATED", "DECIMALS",
    }  # fmt: skip
    if not extra and frame["DGUID"].isin(GEO_DGUIDS).any():
        return POP
    raise DataError(
        f"{name}: this is not table 17-10-0121-01 or 17-10-0009-01 "
        f"(unexpected column(s): {', '.join(sorted(extra)) or 'none'})"
    )


def to_snapshot(
    table_id: str, frame: pd.DataFrame, release_date: str | None, name: str = "file"
) -> pd.DataFrame:
    """Normalize a parsed full table to snapshot rows (Canada and provinces, 2022 on)."""
    table = TABLES[table_id]
    df = frame[frame["DGUID"].isin(GEO_DGUIDS)].copy()
    if df.empty:
        raise DataError(f"{name}: no rows for Canada or its provinces and territories")
    ref = pd.to_datetime(df["REF_DATE"].str.strip() + "-01", format="%Y-%m-%d", errors="coerce")
    if ref.isna().any():
        bad = df.loc[ref.isna(), "REF_DATE"].iloc[0]
        raise DataError(f"{name}: unreadable REF_DATE {bad!r} (expected YYYY-MM)")
    df["ref_date"] = ref.dt.strftime("%Y-%m-%d")
    df = df[df["ref_date"] >= START]
    if df.empty:
        raise DataError(f"{name}: no figures from {START} on")
    if table_id == NPR:
        df["npr_type"] = df[NPR_TYPE_COLUMN].map(classify_npr_type)
        df = df[df["npr_type"].notna()]
        if df.empty:
            raise DataError(f"{name}: none of the expected non-permanent resident types")
    else:
        df["npr_type"] = ""
    status = df["STATUS"].str.strip()
    value = pd.to_numeric(df["VALUE"].str.strip(), errors="coerce")
    bad_value = value.isna() & (df["VALUE"].str.strip() != "")
    if bad_value.any():
        raise DataError(f"{name}: non-numeric VALUE {df.loc[bad_value, 'VALUE'].iloc[0]!r}")
    value[status.isin(MISSING_STATUS)] = float("nan")
    out = pd.DataFrame(
        {
            "ref_date": df["ref_date"],
            "geo": df["GEO"],
            "dguid": df["DGUID"],
            "npr_type": df["npr_type"],
            "value": value.astype("Float64").round(0).astype("Int64"),
            "status": status,
            "table": table_id,
            "release_date": release_date or "",
            "source_url": table.download_url,
            "source_title": f"Statistics Canada, Table {table_id}, {table.title}",
            "note": "" if release_date else "release date not in file",
        }
    )
    out = out.drop_duplicates(["ref_date", "dguid", "npr_type"], keep="last")
    check_complete(out, name)
    return out.sort_values(["ref_date", "dguid", "npr_type"]).reset_index(drop=True)


def check_complete(df: pd.DataFrame, name: str) -> None:
    """Every quarter has Canada and all 13 provinces (for every type): catches truncation."""
    expected = len(GEO_DGUIDS) * max(1, df["npr_type"].nunique())
    counts = df.groupby("ref_date").size()
    short = counts[counts < expected]
    if len(short):
        q = short.index[-1]
        raise DataError(
            f"{name}: incomplete at {q} ({short.iloc[-1]} of {expected} rows); "
            "the file looks truncated or filtered"
        )


# ---------------------------------------------------------------- the snapshot


def snapshot_path(data_dir: Path, table_id: str) -> Path:
    return Path(data_dir) / "statcan" / TABLES[table_id].file


def load_snapshot(data_dir: Path, table_id: str) -> pd.DataFrame:
    """Load a snapshot file; raises DataError naming the file and the rebuild command."""
    path = snapshot_path(data_dir, table_id)
    fix = "restore it from git or run `python -m geo refresh`"
    if not path.exists():
        raise DataError(f"{path} is missing; {fix}")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise DataError(f"{path} is unreadable ({str(e).splitlines()[0]}); {fix}") from e
    need = ["ref_date", "geo", "dguid", "value", "table", "release_date", "source_url"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise DataError(f"{path} lacks column(s) {', '.join(missing)}; {fix}")
    for col in SNAPSHOT_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    value = pd.to_numeric(df["value"], errors="coerce")
    if (value.isna() & (df["value"].str.strip() != "")).any():
        raise DataError(f"{path} has non-numeric values; {fix}")
    df["value"] = value.astype("Float64")
    if not df["ref_date"].str.fullmatch(r"\d{4}-(01|04|07|10)-01").all():
        raise DataError(f"{path} has a ref_date that is not a quarter start; {fix}")
    if df.empty:
        raise DataError(f"{path} holds no rows; {fix}")
    return df[SNAPSHOT_COLUMNS]


def write_atomic(df: pd.DataFrame, path: Path) -> None:
    """Write CSV to a temporary file beside `path`, then replace it in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            df.to_csv(fh, index=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- refresh


def download(table_id: str, dest: Path, timeout: float = 60) -> Path:
    """Download a table's full CSV zip to `dest`, streamed and stopped past
    MAX_DOWNLOAD_BYTES; DataError with one line when it fails."""
    url = TABLES[table_id].download_url
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            expected = resp.headers.get("Content-Length")
            if expected and expected.isdigit() and int(expected) > MAX_DOWNLOAD_BYTES:
                raise DataError(
                    f"{url} is {safe.size_text(int(expected))}, over the limit of "
                    f"{safe.size_text(MAX_DOWNLOAD_BYTES)}; the snapshot is unchanged"
                )
            data = safe.read_capped(resp, MAX_DOWNLOAD_BYTES, f"download of {url}")
    except safe.Refused as e:
        raise _limit_error(e) from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise DataError(f"could not download {url} ({reason}); the snapshot is unchanged") from e
    if expected and expected.isdigit() and len(data) != int(expected):
        raise DataError(
            f"download of {url} stopped early ({len(data)} of {expected} bytes); "
            "the snapshot is unchanged"
        )
    dest.write_bytes(data)
    return dest


def refresh(
    data_dir: Path, from_file: Path | None = None, tables: tuple[str, ...] = (NPR, POP)
) -> list[str]:
    """Replace snapshot file(s) from a given file or a fresh download, after validation.

    Returns one line per table replaced. Raises DataError (and changes nothing) on any problem.
    """
    if from_file is not None:
        table_id, frame, release = read_download(Path(from_file))
        rows = to_snapshot(table_id, frame, release, Path(from_file).name)
        return [replace_snapshot(data_dir, table_id, rows)]
    prepared = []
    with tempfile.TemporaryDirectory() as tmp:
        for table_id in tables:
            path = download(table_id, Path(tmp) / f"{TABLES[table_id].pid}-eng.zip")
            got, frame, release = read_download(path)
            if got != table_id:
                raise DataError(f"download for {table_id} held table {got}")
            prepared.append((table_id, to_snapshot(table_id, frame, release, path.name)))
    return [replace_snapshot(data_dir, table_id, rows) for table_id, rows in prepared]


def replace_snapshot(data_dir: Path, table_id: str, rows: pd.DataFrame) -> str:
    cols = SNAPSHOT_COLUMNS if table_id == NPR else [c for c in SNAPSHOT_COLUMNS if c != "npr_type"]
    path = snapshot_path(data_dir, table_id)
    try:
        write_atomic(rows[cols], path)
    except OSError as e:
        raise DataError(f"could not write {path} ({e.strerror}); the snapshot is unchanged") from e
    quarters = rows["ref_date"]
    return f"{table_id}: {len(rows)} rows, {quarters.min()} to {quarters.max()} -> {path}"


def from_reference(path: Path) -> tuple[str, pd.DataFrame]:
    """Snapshot rows from a reference file of figures read from StatCan tables.

    The file has ref_date, geo, dguid, value, table, release_date, note (and npr_type for
    17-10-0121-01); source_url and source_title are filled from the table when absent.
    """
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise DataError(f"{path.name}: unreadable ({e})") from e
    tables = set(df.get("table", pd.Series(dtype=str)))
    if len(tables) != 1 or (table_id := tables.pop()) not in TABLES:
        raise DataError(f"{path.name}: expected one table id among {', '.join(TABLES)}")
    table = TABLES[table_id]
    for col in SNAPSHOT_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    df.loc[df["source_url"] == "", "source_url"] = table.page_url
    df.loc[df["source_title"] == "", "source_title"] = (
        f"Statistics Canada, Table {table_id}, {table.title}"
    )
    return table_id, df[SNAPSHOT_COLUMNS]
