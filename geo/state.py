"""The view state in the URL: parse query parameters into a valid view, and back.

Bad values never raise: they fall back to defaults and come back as notices
(name, value, fallback) for the page to show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from geo import quarters as qtr
from geo.metrics import MEASURES
from geo.provinces import PROVINCE_CODES

LAYERS = ("provinces", "cmas", "events")
DEFAULT_LAYERS = ("provinces", "events")
MAX_PARAM = 200  # characters kept from any parameter value when reporting it
TRUE = ("true", "1", "yes", "on")
FALSE = ("false", "0", "no", "off", "")


def flag(text: str | None) -> bool | None:
    """A yes/no value from a URL (?embed=true): True for true/1/yes/on, False for
    false/0/no/off or nothing, None for anything else (the caller shows a notice).
    Every on/off parameter of every page is read here."""
    t = (text or "").strip().lower()
    return True if t in TRUE else False if t in FALSE else None


@dataclass(frozen=True)
class View:
    quarter: str
    measure: str = "npr_total"
    layers: tuple[str, ...] = DEFAULT_LAYERS
    province: str | None = None
    lang: str = "en"
    embed: bool = False
    cma: str | None = None  # a selected CMA (CMAUID)


@dataclass
class Notice:
    name: str
    value: str
    fallback: str
    message: str = "bad_param"  # the i18n key that says it: {name}, {value} (or {code}), {fallback}


class Parsed(NamedTuple):  # a page's parse(params) -> (view, notices)
    view: View
    notices: list[Notice]


def param(value: object) -> str:
    """A query parameter's value ({name: str or list of str}) as text without surrounding
    spaces: the last one when the parameter is repeated (?a=1&a=2 -> "2"), "" for none."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip()


def parse_lang(params: dict) -> tuple[str, Notice | None]:
    if "lang" not in params:
        return "en", None
    raw = param(params["lang"]).lower()
    if raw in ("en", "fr"):
        return raw, None
    return "en", Notice("lang", raw[:MAX_PARAM], "en")


def parse(
    params: dict,
    quarters: list[str],
    default_quarter: str | None = None,
    measures: list[str] | tuple[str, ...] = MEASURES,
    cma_ids: tuple[str, ...] | set[str] = (),
) -> Parsed:
    """A View from query parameters ({name: str or list of str}); invalid -> defaults.
    `measures`: those with data (a measure without any is refused like an unknown one)."""
    notices: list[Notice] = []
    lang, n = parse_lang(params)
    if n:
        notices.append(n)
    default_q = default_quarter or quarters[-1]
    view = View(quarter=default_q, lang=lang)

    def get(name: str) -> str | None:
        return param(params[name]) if name in params else None

    q = get("quarter")
    if q is not None:
        match = qtr.parse(q)
        if match in quarters:
            view = replace(view, quarter=match)
        else:
            notices.append(Notice("quarter", q[:MAX_PARAM], default_q))
    m = get("measure")
    if m is not None:
        if m in measures:
            view = replace(view, measure=m)
        else:
            notices.append(Notice("measure", m[:MAX_PARAM], view.measure))
    lay = get("layers")
    if lay is not None:
        parts = [p.strip() for p in lay.split(",") if p.strip()]
        good = tuple(p for p in LAYERS if p in parts)
        if len(good) != len(set(parts)) or (parts and not good):
            notices.append(Notice("layers", lay[:MAX_PARAM], ",".join(good or DEFAULT_LAYERS)))
        if good or lay == "":
            view = replace(view, layers=good if parts else ())
    p = get("province")
    if p is not None and p != "":
        code = p.upper()
        if code in PROVINCE_CODES:
            view = replace(view, province=code)
        else:
            notices.append(Notice("province", p[:MAX_PARAM], ""))
    c = get("cma")
    if c is not None and c != "":
        if c in cma_ids:
            view = replace(view, cma=c)
        else:
            notices.append(Notice("cma", c[:MAX_PARAM], ""))
    e = get("embed")
    if e is not None:
        on = flag(e)
        if on:
            view = replace(view, embed=True)
        elif on is None:
            notices.append(Notice("embed", e[:MAX_PARAM], "false"))
    return Parsed(view, notices)


def to_params(view: View) -> dict[str, str]:
    """Query parameters for a view. Quarter and measure are always written, so a link
    keeps showing the same view after the data gains a newer quarter."""
    out: dict[str, str] = {"quarter": view.quarter, "measure": view.measure}
    if view.lang != "en":
        out["lang"] = view.lang
    if tuple(view.layers) != DEFAULT_LAYERS:
        out["layers"] = ",".join(view.layers)
    if view.province:
        out["province"] = view.province
    if view.cma:
        out["cma"] = view.cma
    if view.embed:
        out["embed"] = "true"
    return out
