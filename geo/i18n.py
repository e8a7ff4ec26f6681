"""English and French: every user-facing string, and numbers and dates per language.

The texts live in translation catalogs, one file per language (geo/locales/en.toml and
fr.toml), read once per process. Numbers, percentages and dates are formatted by Babel
with the locales en_CA and fr_CA.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, parse_pattern

LANGS = ("en", "fr")
LOCALES = {"en": "en_CA", "fr": "fr_CA"}  # Babel's locale per language
CATALOGS = Path(__file__).with_name("locales")  # <lang>.toml per language
NBSP = "\u00a0"
MINUS = "\u2212"  # a real minus sign, in both languages


class CatalogError(Exception):
    """A translation catalog is missing or cannot be read (a one-line message)."""


@functools.cache
def catalogs() -> dict[str, dict[str, str]]:
    """{lang: {key: text}} from geo/locales/<lang>.toml, read once per process, with each
    language's typography applied (see `typography`)."""
    out: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        path = CATALOGS / f"{lang}.toml"
        try:
            with path.open("rb") as f:
                table = tomllib.load(f)
        except FileNotFoundError:
            raise CatalogError(f"translation catalog {path} is missing") from None
        except (OSError, ValueError) as e:  # TOMLDecodeError and UnicodeDecodeError
            msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise CatalogError(f"translation catalog {path} cannot be read: {msg}") from None
        bad = next((k for k, v in table.items() if not isinstance(v, str)), None)
        if bad is not None:
            raise CatalogError(f"translation catalog {path}: {bad!r} is not a text")
        out[lang] = {k: typography(v, lang) for k, v in table.items()}
    return out


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` ('en' or 'fr'), with {placeholders} filled."""
    cats = catalogs()
    text = cats.get(lang, {}).get(key) or cats["en"][key]
    return text.format(**values) if values else text


_FR_BEFORE = re.compile("[ \u00a0\u202f]+([:;!?»])")
_FR_AFTER = re.compile("«[ \u00a0\u202f]+")


def typography(text: str, lang: str) -> str:
    """French spacing: the space before : ; ! ? and » and after « becomes a no-break
    space, so a line never starts with the sign ("Source : x" -> "Source\u00a0: x").
    Only a space that is there changes: "https://" and "1:10m" stay as they are. Both
    languages: a spaced dash keeps to the word before it ("a – b" -> "a\u00a0– b")."""
    if lang == "fr":
        text = _FR_AFTER.sub("«" + NBSP, _FR_BEFORE.sub(NBSP + r"\1", text))
    return re.sub(" ([–—]) ", NBSP + r"\1 ", text)


def colon(lang: str) -> str:
    """The colon as the language writes it: "Source:" / "Source\u00a0:" (French puts a
    no-break space before it). Every label-colon-value built in code goes through here."""
    return NBSP + ":" if lang == "fr" else ":"


def semicolon(lang: str) -> str:
    """The semicolon as the language writes it (French: a no-break space before it)."""
    return NBSP + ";" if lang == "fr" else ";"


def span(low: str, high: str) -> str:
    """A range, "1,000 – 2,000": an en dash between spaces, kept to the first number."""
    return typography(f"{low} – {high}", "en")


def join_list(parts: list[str], lang: str) -> str:
    """'a, b and c' / 'a, b et c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {t('and', lang)} " + parts[-1]


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@functools.cache
def locale(lang: str) -> Locale:
    """Babel's locale for 'en' or 'fr' (en_CA, fr_CA), parsed once."""
    return Locale.parse(LOCALES[lang])


@functools.cache
def _pattern(decimals: str, plus: bool, suffix: str) -> NumberPattern:
    """A Babel number pattern, parsed once: a real minus sign; a plus sign when `plus`."""
    body = f"#,##0{decimals}{suffix}"
    return parse_pattern(f"{'+' if plus else ''}{body};{MINUS}{body}")


def _number(value: float, lang: str, decimals: str, signed: bool, suffix: str = "") -> str:
    """`value` with the language's grouping and decimal signs (Babel)."""
    return _pattern(decimals, signed and value > 0, suffix).apply(value, locale(lang))


def fmt_int(value: float | None, lang: str, signed: bool = False) -> str:
    """3,241,000 in English, 3 241 000 (no-break spaces) in French; missing -> 'no data'."""
    if is_missing(value):
        return t("no_data", lang)
    return _number(int(round(float(value))), lang, "", signed)


def fmt_dec(value: float | None, lang: str, digits: int = 1, signed: bool = False) -> str:
    """A decimal number, 7.5 / 7,5; missing -> 'no data'."""
    if is_missing(value):
        return t("no_data", lang)
    v = round(float(value), digits) + 0.0  # + 0.0: no "−0.0"
    return _number(v, lang, "." + "0" * digits if digits else "", signed)


def fmt_pct(value: float | None, lang: str, digits: int = 1, signed: bool = False) -> str:
    """Percent (of 100): 7.5% / 7,5 % (the language's percent pattern)."""
    if is_missing(value):
        return t("no_data", lang)
    pattern = locale(lang).percent_formats[None].pattern  # "#,##0%", "#,##0\u00a0%"
    decimals = "." + "0" * digits if digits else ""
    v = round(float(value), digits) + 0.0
    return _number(v / 100, lang, decimals, signed, pattern[pattern.rindex("0") + 1 :])


def _day(day: date | str) -> date:
    return date.fromisoformat(day) if isinstance(day, str) else day


def fmt_date(day: date | str, lang: str) -> str:
    """1 October 2024 / 1er octobre 2024."""
    d = _day(day)
    first = "'er'" if lang == "fr" and d.day == 1 else ""  # le 1er du mois
    return format_date(d, f"d{first} MMMM y", locale=locale(lang))


def fmt_event_day(day: str, precision: str, lang: str) -> str:
    """An event's date as precise as its source: '9 May 2024', or 'May 2024'."""
    return fmt_month(day, lang) if precision == "month" else fmt_date(day, lang)


def fmt_quarter(day: date | str, lang: str) -> str:
    """Q4 2024 / T4 2024 (trimestre) for a day of the quarter."""
    return format_date(_day(day), "QQQ y", locale=locale(lang))


def fmt_month(day: date | str, lang: str) -> str:
    """May 2024 / mai 2024."""
    return format_date(_day(day), "MMMM y", locale=locale(lang))


def fmt_millions(value: float | None, lang: str, digits: int = 2) -> str:
    """3.20 million / 3,20 millions (the language's word and plural for a million)."""
    if is_missing(value):
        return t("no_data", lang)
    loc = locale(lang)
    n = float(value) / 1e6
    unit = loc.compact_decimal_formats["long"][loc.plural_form(abs(round(n, digits)))]
    text = unit["1000000"].pattern.replace("0", fmt_dec(n, lang, digits), 1)
    return text.replace(" ", NBSP) if lang == "fr" else text


def month_names(lang: str) -> list[str]:
    """Short month names, January first: Jan ... / janv. ..."""
    return list(locale(lang).months["format"]["abbreviated"].values())
