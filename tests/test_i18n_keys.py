"""The string table: both languages have every key, and every key is used.

A key counts as used when code in geo/, views/, ui/ or app.py names it in quotes, or
when it starts with one of the prefixes below, which code completes at run time
(t("m_" + measure, lang) and the like)."""

import re
from pathlib import Path

from geo import i18n

ROOT = Path(__file__).resolve().parent.parent
DYNAMIC = (
    "m_",  # measures: t("m_" + measure)
    "et_",  # event types
    "at_",  # actor types
    "layer_",  # map layers
    "speed_",  # playback speeds
    "src_def_",  # measure definitions on the sources page
    "embed_size_",  # embed sizes
    "dl_",  # download formats
)


def code() -> str:
    files = [*(ROOT / "geo").glob("*.py"), *(ROOT / "views").glob("*.py")]
    files += [*(ROOT / "ui").glob("*.py"), ROOT / "app.py"]
    text = ""
    for f in files:
        src = f.read_text(encoding="utf-8")
        if f.name == "i18n.py":  # the table itself does not count as a use
            src = src[src.index("\n}\n", src.index("STRINGS:")) :]
        text += src
    return text


def test_both_languages_have_every_key():
    missing = [(k, lang) for k, v in i18n.STRINGS.items() for lang in i18n.LANGS if not v.get(lang)]
    assert not missing


def test_every_key_is_used():
    used = set(re.findall(r"""["']([a-z][a-z0-9_]*)["']""", code()))
    unused = [k for k in i18n.STRINGS if k not in used and not k.startswith(DYNAMIC)]
    assert not unused, f"keys no code uses (remove them, or add a prefix to DYNAMIC): {unused}"


def test_every_dynamic_prefix_is_built_in_code():
    text = code()
    for prefix in DYNAMIC:
        assert re.search(rf"""["']{prefix}["']\s*\+|f["']{prefix}\{{""", text), prefix
