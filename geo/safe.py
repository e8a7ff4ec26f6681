"""Text from a URL, a data file or a user, made safe for where it lands. Streamlit-free.

The one owner of these rules:
- shorten(): a long value cut with an ellipsis, for notices and messages;
- html(): text for HTML, escaped as the templates escape it (geo.markup, markupsafe);
- markdown(): text for Streamlit calls that render Markdown (labels, headers), with every
  ASCII punctuation mark backslash-escaped, so no link, image, emphasis, colour or HTML;
- csv_cell() / csv_frame(): spreadsheet formula cells neutralised (OWASP CSV injection);
- formula_start(): whether a text would be read as a formula by a spreadsheet;
- read_file(): a regular file's bytes up to a limit (no folder, pipe or device).
"""

from __future__ import annotations

import os
import re
import stat
import string
from pathlib import Path

import pandas as pd
from markupsafe import escape

ELLIPSIS = "…"
NOTICE_CHARS = 80  # characters of a value quoted in a notice

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: cells a spreadsheet may evaluate
_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
NO_BREAK = "\u00a0\u2007\u202f"  # no-break spaces: French typography keeps them
_BREAKING_SPACE = re.compile(f"[^\\S{NO_BREAK}]+")


def _breaks_line(ch: str) -> bool:
    """A space or a control character that is not a no-break space."""
    return ch not in NO_BREAK and (ch.isspace() or not ch.isprintable())


def shorten(text: object, limit: int = NOTICE_CHARS) -> str:
    """`text` as one line of at most `limit` characters, cut with an ellipsis; line breaks
    and other control characters become spaces so a value cannot fake a new paragraph."""
    s = "" if text is None else str(text)
    s = "".join(" " if _breaks_line(ch) else ch for ch in s)
    return s if len(s) <= limit else s[: max(0, limit - 1)].rstrip() + ELLIPSIS


def html(text: object) -> str:
    """Text for HTML: <, >, &, and both quotes escaped (markupsafe, as Jinja2's autoescape
    in geo.markup does: the same text gives the same markup everywhere)."""
    return str(escape("" if text is None else str(text)))


def markdown(text: object) -> str:
    """Text for a Streamlit call that renders Markdown (st.header, a widget label…): one
    line, every ASCII punctuation mark backslash-escaped. Prefer st.html with html() or
    st.text for free text: Streamlit still turns ':smile:'-like words into emoji."""
    one_line = _BREAKING_SPACE.sub(" ", "" if text is None else str(text)).strip(" ")
    return _MD_SPECIAL.sub(r"\\\1", one_line)


def formula_start(text: str) -> bool:
    """True when a spreadsheet could read the text as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_START)


def csv_cell(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula, with a ' in front, and any
    CR in it made a line break (\\n, which the CSV writer quotes; a bare CR is left
    unquoted and ends the row in some readers). Anything else, numbers included (so
    -12345 stays a number), unchanged."""
    if not isinstance(value, str):
        return value
    value = "'" + value if formula_start(value) else value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell passed through csv_cell; numeric columns untouched."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col]):
            continue
        out[col] = out[col].map(csv_cell)
    out.columns = [csv_cell(c) for c in out.columns]
    return out


# ---------------------------------------------------------------- files


class Refused(ValueError):
    """A file that is not read; the message says why in one line."""


def size_text(n: int) -> str:
    """'50 MB' for 50_000_000, '1,024 bytes' below a megabyte."""
    return f"{n / 1e6:g} MB" if n >= 1e6 else f"{n:,} bytes"


def read_file(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A folder, pipe, device or
    socket is refused before anything is read (a pipe never blocks: it is opened
    non-blocking and checked), and reading stops one byte past the limit."""
    path = Path(path)
    try:
        kind = os.stat(path).st_mode
    except FileNotFoundError:
        raise Refused(f"{path}: no such file") from None
    except OSError as e:
        raise Refused(f"{path}: cannot be read ({e.strerror})") from None
    if stat.S_ISDIR(kind):
        raise Refused(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(kind):
        raise Refused(f"{path}: not a regular file (a device, pipe or socket)")
    try:  # non-blocking and checked again: the path could change between stat and open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise Refused(f"{path}: cannot be read ({e.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{path}: not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise Refused(
                f"{path.name}: {size_text(info.st_size)}, over the limit of {size_text(limit)}"
            )
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise Refused(f"{path.name}: over the limit of {size_text(limit)}")
    return data


def read_capped(stream, limit: int, what: str) -> bytes:
    """At most `limit` bytes from a stream (a zip member, a download), read in chunks;
    Refused as soon as there are more, whatever a header said the size would be."""
    chunks, total = [], 0
    while chunk := stream.read(min(1 << 20, limit + 1 - total)):
        total += len(chunk)
        if total > limit:
            raise Refused(f"{what}: over the limit of {size_text(limit)}")
        chunks.append(chunk)
    return b"".join(chunks)
