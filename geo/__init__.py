"""Streamlit-free library behind the story map: data, metrics, layers, state, i18n."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
