"""The translation catalogs (geo/locales/*.toml): both languages have the same keys and
placeholders, no empty text, every key is used, and a broken catalog fails in one line.

A key counts as used when code in geo/, views/, ui/ or app.py names it in quotes, or
when it starts with one of the prefixes below, which code completes at run time
(t("m_" + measure, lang) and the like)."""

import re
import string
from pathlib import Path

import pytest

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
        text += f.read_text(encoding="utf-8")
    return text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_both_languages_have_the_same_keys():
    cats = i18n.catalogs()
    assert set(cats) == set(i18n.LANGS)
    assert set(cats["en"]) - set(cats["fr"]) == set(), "keys missing in fr.toml"
    assert set(cats["fr"]) - set(cats["en"]) == set(), "keys missing in en.toml"
    assert len(cats["en"]) > 300


def test_every_key_has_the_same_placeholders_in_both_languages():
    cats = i18n.catalogs()
    differ = {k: (placeholders(v), placeholders(cats["fr"][k])) for k, v in cats["en"].items()}
    assert not {k: v for k, v in differ.items() if v[0] != v[1]}


def test_no_text_is_empty():
    cats = i18n.catalogs()
    assert not [(lang, k) for lang, c in cats.items() for k, v in c.items() if not v.strip()]


def test_french_texts_have_their_no_break_spaces():
    for key, text in i18n.catalogs()["fr"].items():
        assert not re.search("[ \u202f][:;!?»]|«[ \u202f]", text), (key, text)


def test_catalogs_are_read_once():
    assert i18n.catalogs() is i18n.catalogs()
    assert i18n.locale("fr") is i18n.locale("fr")


@pytest.fixture
def catalog_dir(tmp_path, monkeypatch):
    """A copy of the catalogs in tmp_path, read afresh by i18n."""
    for lang in i18n.LANGS:
        src = i18n.CATALOGS / f"{lang}.toml"
        (tmp_path / f"{lang}.toml").write_bytes(src.read_bytes())
    monkeypatch.setattr(i18n, "CATALOGS", tmp_path)
    i18n.catalogs.cache_clear()
    yield tmp_path
    i18n.catalogs.cache_clear()


def test_a_copy_of_the_catalogs_reads_the_same(catalog_dir):
    assert i18n.t("no_data", "fr") == "aucune donnée"


@pytest.mark.parametrize(
    "text, message",
    [
        (None, r"translation catalog .*fr\.toml is missing$"),
        ('no_data = "x"\nno data\n', r"fr\.toml cannot be read: .*\(at line 2, column \d+\)$"),
        ("no_data = 3\n", r"fr\.toml: 'no_data' is not a text$"),
        (b'no_data = "\xff"\n', r"fr\.toml cannot be read: .*codec can't decode"),
    ],
)
def test_a_missing_or_broken_catalog_fails_with_one_line(catalog_dir, text, message):
    path = catalog_dir / "fr.toml"
    if text is None:
        path.unlink()
    else:
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(i18n.CatalogError, match=message) as err:
        i18n.t("no_data", "en")
    assert "\n" not in str(err.value)


def test_every_key_is_used():
    used = set(re.findall(r"""["']([a-z][a-z0-9_]*)["']""", code()))
    unused = [k for k in i18n.catalogs()["en"] if k not in used and not k.startswith(DYNAMIC)]
    assert not unused, f"keys no code uses (remove them, or add a prefix to DYNAMIC): {unused}"


def test_every_dynamic_prefix_is_built_in_code():
    text = code()
    for prefix in DYNAMIC:
        assert re.search(rf"""["']{prefix}["']\s*\+|f["']{prefix}\{{""", text), prefix


def test_the_app_and_the_cli_name_a_broken_catalog_in_one_line(catalog_dir, tmp_path, capsys):
    from streamlit.testing.v1 import AppTest

    from geo.cli import main

    (catalog_dir / "fr.toml").write_text('no_data = "x"\nno data\n', encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"translation catalog {catalog_dir / 'fr.toml'} cannot be read: "
        "Expected '=' after a key in a key/value pair (at line 2, column 4)"
    ]
    out = tmp_path / "map.svg"
    capsys.readouterr()  # what the app run printed
    assert main(["export", "--quarter", "2024-10-01", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "fr.toml cannot be read" in err and not out.exists()
