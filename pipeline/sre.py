"""CPython's own regex parser, compiler and opcode constants, where this Python has them.

Private modules of CPython 3.11+ (`re._parser`, `re._compiler`, `re._constants`, `_sre`);
the pattern helpers that read parsed patterns, and the cache that stores compiled
patterns, fall back to plain behaviour when they are missing.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping, Sequence
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


def code_of(regex: re.Pattern[str]) -> list[int]:
    """The engine code `re.compile` gives `regex` (plain ints: the named opcodes do not pickle)."""
    return [int(op) for op in COMPILER._code(PARSER.parse(regex.pattern, regex.flags), regex.flags)]


def from_code(
    pattern: str, flags: int, code: Sequence[int], groups: int, groupindex: Mapping[str, int]
) -> re.Pattern[str]:
    """A regex with this source, flags and groups, run by `code` (what `re.compile` ends
    with, minus the parsing and compiling)."""
    names: list[str | None] = [None] * (groups + 1)
    for name, index in groupindex.items():
        names[index] = name
    found: re.Pattern[str] = ENGINE.compile(
        pattern, flags, list(code), groups, dict(groupindex), tuple(names)
    )
    return found
