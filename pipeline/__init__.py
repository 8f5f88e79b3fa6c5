"""bulletin: Chinese bulletins -> tables of figures, entities and claims.

`from pipeline import extract, load_rules` — imported on first use, so that the
command line starts fast.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Result", "extract", "load_rules"]


def __getattr__(name: str) -> Any:
    if name in ("extract", "Result"):
        from pipeline import api

        return getattr(api, name)
    if name == "load_rules":
        from pipeline.rules import load_rules

        return load_rules
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
