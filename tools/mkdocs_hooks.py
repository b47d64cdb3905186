"""MkDocs hook: draw the charts from the installed data before every build."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

import charts  # noqa: E402


def on_pre_build(config: Any, **kwargs: Any) -> None:
    charts.draw_all(Path(config["docs_dir"]) / "img")
