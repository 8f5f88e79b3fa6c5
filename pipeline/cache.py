"""Derived data kept between runs: a pickle per key in a cache folder.

Loading jieba's dictionary with the lexicons, or parsing and analysing every rule, costs
each run a few tenths of a second before its first document; both are pure functions
of files we can hash, so their results are kept here under a key of those hashes. A
missing, stale, damaged or unwritable cache only means building the value again.

Compiled regexes are stored with their compiled code: re's own pickling compiles them
again on load, which was 0.09 s of the 0.10 s a cached rule set took. Keys include the
Python version, since that code is CPython's private format.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pipeline.sre import COMPILER, ENGINE, PARSER, code_of, from_code

log = logging.getLogger(__name__)

CACHE_ENV = "BULLETIN_CACHE_DIR"
KEEP = 4  # newest files kept per kind: a few rule sets in use, not every one ever edited
T = TypeVar("T")


def cache_dir() -> Path:
    """$BULLETIN_CACHE_DIR, else $XDG_CACHE_HOME/bulletin, else ~/.cache/bulletin (the
    temp folder when there is no home, as for some service accounts)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "bulletin"
    home = os.path.expanduser("~")
    base = Path(home) / ".cache" if home != "~" else Path(tempfile.gettempdir())
    return base / "bulletin"


def key_of(parts: Iterable[str | bytes]) -> str:
    """A short digest of everything a cached value depends on (and of this Python)."""
    digest = hashlib.sha256(sys.version.encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:20]


def cached(kind: str, key: str, kind_type: type[T], build: Callable[[], T]) -> T:
    """The value cached as `kind` under `key`, else `build()` (then cached)."""
    path = cache_dir() / f"{kind}-{key}.pickle"
    try:
        with path.open("rb") as f:
            value = pickle.load(f)
        if isinstance(value, kind_type):
            return value
    except FileNotFoundError:
        pass
    except Exception as exc:  # a damaged cache is rebuilt, never trusted
        log.warning("cache file %s unreadable (%s); rebuilding it", path, exc)
    value = build()
    _save(path, value)
    return value


class _Pickler(pickle.Pickler):
    """A pickler that stores a compiled regex as CPython's compiled code."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is not re.Pattern or None in (PARSER, COMPILER, ENGINE):
            return NotImplemented
        return from_code, (obj.pattern, obj.flags, code_of(obj), obj.groups, dict(obj.groupindex))


def _save(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            _Pickler(f, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        os.replace(tmp, path)
        kind = path.name.rsplit("-", 1)[0]
        older = sorted(path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in older[KEEP:]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError) as exc:
        log.info("cache file %s not written (%s)", path, exc)
