"""CPython's own regex parser and its opcode constants, where this Python has them.

Private modules of CPython 3.11+ (`re._parser`, `re._constants`); the pattern helpers
that read parsed patterns do nothing when they are missing.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


def _private(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


PARSER: Any = _private("re._parser")
OPS: Any = _private("re._constants")
