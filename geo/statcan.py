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
from geo.provinces import PRUID_BY_DGUID

START = "2022-01-01"  # the first quarter the app shows
KEEP_FROM = "2021-07-01"  # comparable NPR estimates begin here; earlier rows are dropped
CANADA_DGUID = "2021A000011124"
GEO_DGUIDS = {CANADA_DGUID, *PRUID_BY_DGUID}

NPR = "17-10-0121-01"
POP = "17-10-0009-01"
CMA = "17-10-0149-01"


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
        """The English page: the source_url written into the snapshot."""
        return self.page_url_in("en")

    def page_url_in(self, lang: str) -> str:
        """The table's page on Statistics Canada's site, in the language."""
        return f"https://www150.statcan.gc.ca/t1/tbl1/{lang}/tv.action?pid={self.pid}01"

    def doi_url(self, lang: str) -> str:
        return f"https://doi.org/10.25318/{self.pid}01-{'fra' if lang == 'fr' else 'eng'}"


TABLES = {
    NPR: Table(
        NPR,
        "17100121",
        "npr_quarterly.csv",
        "Estimates of the number of non-permanent residents by type, quarterly",
    ),
    POP: Table(POP, "17100009", "population_quarterly.csv", "Population estimates, quarterly"),
    CMA: Table(
        CMA,
        "17100149",
        "npr_net_cma.csv",
        "Components of population change by census metropolitan area and census "
        "agglomeration, 2021 boundaries",
    ),
}


NPR_TYPES = {
    "Total, non-permanent residents": "total",
    "Total, asylum claimants, protected persons and related groups": "asylum",
    "Asylum claimants, protected persons and related groups with work permit only": ("asylum_work"),
    "Asylum claimants, protected persons and related groups with study permit only": (
        "asylum_study"
    ),
    "Asylum claimants, protected persons and related groups with work and study permits": (
        "asylum_work_study"
    ),
    "Asylum claimants, protected persons and related groups without work or study permits": (
        "asylum_no_permit"
    ),
    "Total, permit holders and their family members": "permit_total",
    "Work permit holders only": "work_only",
    "Study permit holders only": "study_only",
    "Work and study permit holders": "work_study",
    "Other": "other",
}
"""Our code for each member of 17-10-0121-01's "Non-permanent resident types" (all 11)."""


def classify_npr_type(member: str) -> str | None:
    """Our type code for a member name of 17-10-0121-01 (NPR_TYPES), or None if unknown.

    Matching ignores case, hyphens and repeated spaces; a member's name may also be given
    without its "Total, " prefix."""

    def norm(text: str) -> str:
        return " ".join(text.lower().replace("-", " ").split())

    m = norm(member)
    for name, code in NPR_TYPES.items():
        n = norm(name)
        if m == n or (n.startswith("total, ") and m == n[len("total, ") :]):
            return code
    return None


FULL_COLUMNS = ["REF_DATE", "GEO", "DGUID", "VALUE"]
NPR_TYPE_COLUMN = "Non-permanent resident types"
COMPONENT_COLUMN = "Components of population growth"
NET_NPR = "Net non-permanent residents"
CMA_DGUID_RE = r"2021S0503(\d{3})"  # a whole CMA; its part in a province: 2021S0505PPxxx
CMA_PART_DGUID_RE = r"2021S0505(\d{2})(\d{3})"
MISSING_STATUS = {"..", "...", "x", "X", "F"}
# a figure and where it comes from: the last columns of every snapshot file (provenance)
VALUE_COLUMNS = ["value", "status", "table", "release_date", "source_url", "source_title", "note"]
SNAPSHOT_COLUMNS = ["ref_date", "geo", "dguid", "npr_type", *VALUE_COLUMNS]


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
    for col in ("STATUS", "SYMBOL"):  # extracts of a table may leave them out
        if col not in frame.columns:
            frame[col] = ""
    return frame


def identify_table(frame: pd.DataFrame, name: str = "file") -> str:
    """Which of our tables a parsed full-table frame holds."""
    if NPR_TYPE_COLUMN in frame.columns:
        return NPR
    if COMPONENT_COLUMN in frame.columns:
        return CMA
    extra = set(frame.columns) - {
        "REF_DATE", "GEO", "DGUID", "UOM", "UOM_ID", "SCALAR_FACTOR", "SCALAR_ID", "VECTOR",
        "COORDINATE", "VALUE", "STATUS", "SYMBOL", "TERMINATED", "DECIMALS",
    }  # fmt: skip
    if not extra and frame["DGUID"].isin(GEO_DGUIDS).any():
        return POP
    raise DataError(
        f"{name}: this is not table 17-10-0121-01, 17-10-0009-01 or 17-10-0149-01 "
        f"(unexpected column(s): {', '.join(sorted(extra)) or 'none'})"
    )


def parse_ref_date(text: pd.Series) -> pd.Series:
    """StatCan REF_DATE (YYYY-MM in older downloads, YYYY-MM-DD in current ones) as
    YYYY-MM-DD; NaN where unreadable or not the first of a month."""
    t = text.str.strip()
    t = t.where(~t.str.fullmatch(r"\d{4}-\d{2}"), t + "-01")
    ref = pd.to_datetime(t, format="%Y-%m-%d", errors="coerce")
    return ref.dt.strftime("%Y-%m-%d").where(ref.dt.day == 1)


def check_release_date(text: str | None, name: str = "file") -> str:
    """A release date as YYYY-MM-DD; DataError when it is absent or not a date."""
    if not text:
        raise DataError(
            f"{name}: the release date is not in the file; give it with "
            "--release-date YYYY-MM-DD (Statistics Canada's release, e.g. 2026-09-23)"
        )
    try:
        return pd.Timestamp(str(text).strip()).date().isoformat()
    except ValueError:
        raise DataError(f"{name}: release date {text!r} is not a date (YYYY-MM-DD)") from None


def _value_columns(df: pd.DataFrame, table_id: str, release_date: str, name: str) -> dict:
    """VALUE_COLUMNS of rows of a full table: the VALUE as whole persons (missing where
    STATUS says so), the STATUS, and where the figures come from. DataError when a VALUE
    is not a number."""
    status = df["STATUS"].str.strip()
    value = pd.to_numeric(df["VALUE"].str.strip(), errors="coerce")
    bad_value = value.isna() & (df["VALUE"].str.strip() != "")
    if bad_value.any():
        raise DataError(f"{name}: non-numeric VALUE {df.loc[bad_value, 'VALUE'].iloc[0]!r}")
    value[status.isin(MISSING_STATUS)] = float("nan")
    table = TABLES[table_id]
    return {
        "value": value.astype("Float64").round(0).astype("Int64"),
        "status": status,
        "table": table_id,
        "release_date": release_date,
        "source_url": table.page_url,
        "source_title": f"Statistics Canada, Table {table_id}, {table.title}",
        "note": "",
    }


def to_snapshot(
    table_id: str, frame: pd.DataFrame, release_date: str | None, name: str = "file"
) -> pd.DataFrame:
    """Normalize a parsed full table to snapshot rows: Canada and the provinces and
    territories, every quarter from KEEP_FROM on, every type; the release is required."""
    release_date = check_release_date(release_date, name)
    if table_id == CMA:
        return cma_to_snapshot(frame, release_date, name)
    df = frame[frame["DGUID"].isin(GEO_DGUIDS)].copy()
    if df.empty:
        raise DataError(f"{name}: no rows for Canada or its provinces and territories")
    ref = parse_ref_date(df["REF_DATE"])
    if ref.isna().any():
        bad = df.loc[ref.isna(), "REF_DATE"].iloc[0]
        raise DataError(f"{name}: unreadable REF_DATE {bad!r} (expected YYYY-MM or YYYY-MM-DD)")
    df["ref_date"] = ref
    df = df[df["ref_date"] >= KEEP_FROM]
    if df.empty:
        raise DataError(f"{name}: no figures from {KEEP_FROM} on")
    if table_id == NPR:
        df["npr_type"] = df[NPR_TYPE_COLUMN].map(classify_npr_type)
        df = df[df["npr_type"].notna()]
        if df.empty:
            raise DataError(f"{name}: none of the expected non-permanent resident types")
    else:
        df["npr_type"] = ""
    out = pd.DataFrame(
        {
            "ref_date": df["ref_date"],
            "geo": df["GEO"],
            "dguid": df["DGUID"],
            "npr_type": df["npr_type"],
            **_value_columns(df, table_id, release_date, name),
        }
    )
    out = out.drop_duplicates(["ref_date", "dguid", "npr_type"], keep="last")
    check_complete(out, name)
    return out.sort_values(["ref_date", "dguid", "npr_type"]).reset_index(drop=True)


CMA_COLUMNS = [
    "year",
    "period_start",
    "period_end",
    "geo",
    "dguid",
    "cmauid",
    "part_pruid",
    *VALUE_COLUMNS,
]
N_CMAS = 41


def cma_to_snapshot(frame: pd.DataFrame, release_date: str, name: str = "file") -> pd.DataFrame:
    """Rows of 17-10-0149-01's "Net non-permanent residents" (both genders, all ages when
    the table has those dimensions): one per year (July 1 to June 30) and geography.

    Geographies kept: every CMA (cmauid), its part in a province (part_pruid), Canada and
    StatCan's aggregates (no DGUID; kept for checks). Values are persons, a net flow."""
    df = frame[frame[COMPONENT_COLUMN].str.strip() == NET_NPR].copy()
    for col, total in (
        ("Gender", "Total - gender"),
        ("Sex", "Both sexes"),
        ("Age group", "All ages"),
    ):
        if col in df.columns:
            df = df[df[col].str.strip() == total]
    if df.empty:
        raise DataError(f"{name}: no rows of {NET_NPR!r}")
    year = df["REF_DATE"].str.strip()
    ok = year.str.fullmatch(r"(\d{4})/(\d{4})")
    bad = ~ok | (
        year.str[5:].str.extract(r"(\d{4})")[0].astype(float)
        != year.str[:4].str.extract(r"(\d{4})")[0].astype(float) + 1
    )
    if bad.any():
        raise DataError(f"{name}: unreadable REF_DATE {year[bad].iloc[0]!r} (expected YYYY/YYYY)")
    dguid = df["DGUID"].str.strip()
    whole = dguid.str.extract(f"^{CMA_DGUID_RE}$")[0]
    part = dguid.str.extract(f"^{CMA_PART_DGUID_RE}$")
    out = pd.DataFrame(
        {
            "year": year,
            "period_start": year.str[:4] + "-07-01",
            "period_end": year.str[5:] + "-07-01",
            "geo": df["GEO"].str.strip(),
            "dguid": dguid,
            "cmauid": whole.fillna(part[1]).fillna(""),
            "part_pruid": part[0].fillna(""),
            **_value_columns(df, CMA, release_date, name),
        }
    )
    out = out[(out["cmauid"] != "") | (out["dguid"] == "") | out["geo"].eq("Canada")]
    out = out.drop_duplicates(["year", "dguid", "geo"], keep="last")
    whole_cmas = out[(out["cmauid"] != "") & (out["part_pruid"] == "")]
    counts = whole_cmas.groupby("year")["cmauid"].nunique()
    short = counts[counts < N_CMAS]
    if len(short) or counts.empty:
        raise DataError(
            f"{name}: {int(short.iloc[0]) if len(short) else 0} of {N_CMAS} CMAs in "
            f"{short.index[0] if len(short) else 'any year'}; the file looks truncated or filtered"
        )
    return out.sort_values(["year", "cmauid", "part_pruid", "geo"]).reset_index(drop=True)


def load_cma_flows(data_dir: Path) -> pd.DataFrame:
    """The CMA flows snapshot (CMA_COLUMNS); DataError naming the file when it is broken."""
    path = snapshot_path(data_dir, CMA)
    df = _read_table_csv(path, CMA_COLUMNS)
    if df["release_date"].eq("").any():
        raise DataError(f"{path} has rows without a release date; {REBUILD}")
    return df[CMA_COLUMNS]


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
    df = _read_snapshot_file(path)
    if df["release_date"].eq("").any():
        raise DataError(f"{path} has rows without a release date; {REBUILD}")
    return df


REBUILD = "restore it from git or run `python -m geo refresh`"


def _read_table_csv(path: Path, need: list[str]) -> pd.DataFrame:
    """A snapshot CSV as text columns, `value` as numbers (missing stays missing);
    DataError naming the file when it is missing, unreadable, empty, lacks a column of
    `need` or has a non-numeric value."""
    if not path.exists():
        raise DataError(f"{path} is missing; {REBUILD}")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise DataError(f"{path} is unreadable ({str(e).splitlines()[0]}); {REBUILD}") from e
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise DataError(f"{path} lacks column(s) {', '.join(missing)}; {REBUILD}")
    if df.empty:
        raise DataError(f"{path} holds no rows; {REBUILD}")
    value = pd.to_numeric(df["value"], errors="coerce")
    if (value.isna() & (df["value"].str.strip() != "")).any():
        raise DataError(f"{path} has non-numeric values; {REBUILD}")
    df["value"] = value.astype("Float64")
    return df


def _read_snapshot_file(path: Path) -> pd.DataFrame:
    need = ["ref_date", "geo", "dguid", "value", "table", "release_date", "source_url"]
    df = _read_table_csv(path, need)
    for col in SNAPSHOT_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    if not df["ref_date"].str.fullmatch(r"\d{4}-(01|04|07|10)-01").all():
        raise DataError(f"{path} has a ref_date that is not a quarter start; {REBUILD}")
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
        os.chmod(tmp, 0o644)
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
    data_dir: Path,
    from_file: Path | None = None,
    tables: tuple[str, ...] = (NPR, POP),
    release_date: str | None = None,
) -> list[str]:
    """Replace snapshot file(s) from a given file or a fresh download, after validation.

    The release date comes from the zip's _MetaData.csv; `release_date` gives it for a bare
    CSV (and must agree with the metadata when both exist). The replaced NPR release is
    kept in the vintages file. Returns one line per file written. Raises DataError (and
    changes nothing) on any problem.
    """
    if from_file is not None:
        table_id, frame, release = read_download(Path(from_file))
        release = _one_release(release, release_date, Path(from_file).name)
        rows = to_snapshot(table_id, frame, release, Path(from_file).name)
        return replace_snapshot(data_dir, table_id, rows)
    prepared = []
    with tempfile.TemporaryDirectory() as tmp:
        for table_id in tables:
            path = download(table_id, Path(tmp) / f"{TABLES[table_id].pid}-eng.zip")
            got, frame, release = read_download(path)
            if got != table_id:
                raise DataError(f"download for {table_id} held table {got}")
            prepared.append((table_id, to_snapshot(table_id, frame, release, path.name)))
    return [
        line for table_id, rows in prepared for line in replace_snapshot(data_dir, table_id, rows)
    ]


def _one_release(in_file: str | None, given: str | None, name: str) -> str:
    if in_file and given and check_release_date(given, name) != in_file:
        raise DataError(
            f"{name}: its metadata says release {in_file}, not {given}; leave out --release-date"
        )
    return check_release_date(in_file or given, name)


VINTAGES_FILE = "npr_vintages.csv"
VINTAGE_KEY = ["release_date", "ref_date", "dguid", "npr_type"]


def replace_snapshot(data_dir: Path, table_id: str, rows: pd.DataFrame) -> list[str]:
    """Write `rows` as the table's snapshot. For 17-10-0121-01, the release it replaces is
    first added to the vintages file (earlier releases are kept, never mixed)."""
    cols = {
        NPR: SNAPSHOT_COLUMNS,
        POP: [c for c in SNAPSHOT_COLUMNS if c != "npr_type"],
        CMA: CMA_COLUMNS,
    }[table_id]
    path = snapshot_path(data_dir, table_id)
    out = []
    try:
        if table_id == NPR and path.exists():
            old = load_snapshot(data_dir, NPR)
            older = old[~old["release_date"].isin(set(rows["release_date"]))]
            if len(older):
                out.append(add_vintages(data_dir, older, set(rows["release_date"])))
        write_atomic(rows[cols], path)
    except OSError as e:
        raise DataError(f"could not write {path} ({e.strerror}); the snapshot is unchanged") from e
    quarters = rows["year" if table_id == CMA else "ref_date"]
    release = ", ".join(sorted(set(rows["release_date"])))
    out.append(
        f"{table_id}: {len(rows)} rows, {quarters.min()} to {quarters.max()}, "
        f"release {release} -> {path}"
    )
    return out


def add_vintages(data_dir: Path, rows: pd.DataFrame, current: set[str]) -> str:
    """Add earlier-release NPR rows to the vintages file (one row per release, quarter,
    geography and type; rows already there are kept as they are). The `current` releases
    are taken out: the vintages never hold the snapshot's own release."""
    path = Path(data_dir) / "statcan" / VINTAGES_FILE
    kept = load_vintages(data_dir, first_printed=False)
    kept = kept[~kept["release_date"].isin(current)]
    both = pd.concat([kept, rows[SNAPSHOT_COLUMNS]], ignore_index=True)
    both["value"] = both["value"].astype("Float64").round(0).astype("Int64")
    both = both.drop_duplicates(VINTAGE_KEY, keep="first")
    both = both.sort_values(VINTAGE_KEY).reset_index(drop=True)
    write_atomic(both, path)
    releases = ", ".join(sorted(set(rows["release_date"])))
    return f"{NPR}: release {releases} kept as a vintage -> {path}"


FIRST_PRINTED_FILE = "npr_first_printed.csv"


def load_vintages(data_dir: Path, first_printed: bool = True) -> pd.DataFrame:
    """Earlier releases of 17-10-0121-01 (snapshot columns): the full tables kept by
    refresh and, with `first_printed`, the figures collected as first printed in The Daily
    (each with its own source). Empty when there are none."""
    parts = [Path(data_dir) / "statcan" / VINTAGES_FILE]
    if first_printed:
        parts.append(Path(data_dir) / "statcan" / FIRST_PRINTED_FILE)
    frames = [_read_snapshot_file(p) for p in parts if p.exists()]
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype=str) for c in SNAPSHOT_COLUMNS})
        empty["value"] = empty["value"].astype("Float64")
        return empty
    return pd.concat(frames, ignore_index=True)
