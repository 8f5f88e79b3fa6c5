"""CPython's own regex parser, compiler and opcode constants, where this Python has them.

Private modules of CPython 3.11+ (`re._parser`, `re._compiler`, `re._constants`, `_sre`);
the pattern helpers that read parsed patterns, and the cache that stores compiled
patterns, fall back to plain behaviour when they are missing.
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
COMPILER: Any = _private("re._compiler")
OPS: Any = _private("re._constants")
ENGINE: Any = _private("_sre")
