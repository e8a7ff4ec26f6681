"""Streamlit-free library behind the story map: data, metrics, layers, state, i18n."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The shipped snapshot; NPR_DATA_DIR points the app at another copy (tests use it).
DATA_DIR = Path(os.environ.get("NPR_DATA_DIR") or ROOT / "data")
