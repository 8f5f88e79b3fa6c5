"""Load, validate and compile the rule files under `rules/` (see rules/README.md).

Rule files are plain YAML read at run time. The schema is strict: an unknown key, an
unknown fragment or lexicon name, a bad regex or a duplicate id fails at load with a
`RuleError` that names the file and the rule id.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from pipeline import model, regex_lead, regex_scan, sre
from pipeline.cache import cached, key_of
from pipeline.model import TABLES, columns
from pipeline.regex_lead import opens_with_literal, with_first_chars
from pipeline.regex_scan import Scanner, scanner

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
FAMILIES = ("metadata", "figures", "entities", "claims")
ACTIONS = ("emit", "veto")
RULE_KEYS = {"id", "description", "pattern", "action", "set", "priority", "examples", "counterexamples"}
RULE_FILE_KEYS = {"description", "fragments", "rules"}
LEXICON_KEYS = {"lexicon", "description", "source", "tag", "segment", "freq", "terms", "aliases"}
EXAMPLE_KEYS = {"text", "rows"}
# the modules whose code shapes a loaded RuleSet: a change to any of them is a new cache key
_BUILDERS = (sys.modules[__name__], model, regex_lead, regex_scan, sre)
# What a rule's `set:` may name, per family: the fields its extractor reads.
SET_KEYS: dict[str, set[str]] = {
    "metadata": {"field", "split"},
    "figures": {"kind", "unit", "qualifier", "change", "role", "value"},
    "entities": {"type", "subtype", "title", "role", "lexicon", "maxlen", "edges", "join", "over"},
    "claims": {"type", "role", "rank", "noscope"},
}
TABLE_OF_FAMILY = {"metadata": "documents", "figures": "figures", "entities": "entities", "claims": "claims"}
# libyaml's loader when PyYAML was built with it: the gazetteers load several times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REFERENCE = re.compile(r"\{(lex:)?([A-Za-z_][A-Za-z0-9_]*)\}")
T = TypeVar("T")


class RuleError(ValueError):
    """A rule file that cannot be used, with the file and rule named in the message."""


@dataclass(frozen=True)
class Example:
    text: str
    rows: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Rule:
    """One compiled rule: where it came from, what it matches and what it sets."""

    id: str
    family: str
    file: str
    description: str
    pattern: str
    regex: re.Pattern[str]
    action: str = "emit"
    set: Mapping[str, Any] = field(default_factory=dict)
    priority: int = 0
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[str, ...] = ()
    scanner: Scanner | None = field(default=None, compare=False, repr=False)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of `regex` over `text`, searched near the literals they need."""
        return self.scanner.finditer(text) if self.scanner else self.regex.finditer(text)


@dataclass(frozen=True)
class Lexicon:
    """A word list: terms, aliases (alias -> canonical term) and per-term attributes."""

    name: str
    file: str
    description: str
    terms: tuple[str, ...]
    aliases: Mapping[str, str]
    attributes: Mapping[str, Mapping[str, Any]]
    tag: str = ""
    segment: bool = False
    freq: int | None = None

    def words(self) -> list[str]:
        """Terms and aliases, longest first (the order a regex alternation needs)."""
        return sorted(set(self.terms) | set(self.aliases), key=lambda w: (-len(w), w))

    def canonical(self, word: str) -> str:
        return self.aliases.get(word, word)


@dataclass(frozen=True)
class RuleSet:
    """Every rule and lexicon, compiled once; `version` hashes the rule files.

    `cache` holds what extractors derive from the rules (readers, plans), built once per
    rule set by `derived`."""

    rules: tuple[Rule, ...]
    lexicons: Mapping[str, Lexicon]
    version: str
    _by_id: dict[str, Rule] = field(init=False, repr=False, compare=False)
    _families: dict[str, tuple[Rule, ...]] = field(init=False, repr=False, compare=False)
    cache: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        families: dict[str, list[Rule]] = {}
        for rule in self.rules:
            families.setdefault(rule.family, []).append(rule)
        object.__setattr__(self, "_by_id", {r.id: r for r in self.rules})
        object.__setattr__(self, "_families", {k: tuple(v) for k, v in families.items()})
        object.__setattr__(self, "cache", {})

    def family(self, name: str) -> tuple[Rule, ...]:
        return self._families.get(name, ())

    def get(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def lexicon(self, name: str) -> Lexicon:
        return self.lexicons[name]

    def derived(self, key: str, build: Callable[[RuleSet], T]) -> T:
        """`build(self)`, computed once per rule set and kept under `key`."""
        if key not in self.cache:
            self.cache[key] = build(self)
        return cast(T, self.cache[key])


def load_rules(*extra: Path | str) -> RuleSet:
    """The built-in rules with the user's rule folders `extra` layered on top."""
    return load_folders(RULES_DIR, *extra)


def load_folders(*dirs: Path | str) -> RuleSet:
    """Load exactly the rule folders given; later folders add rules and lexicons, and
    override earlier ones with the same id or name.

    A rule set once built is cached (pipeline/cache.py) under a key of its folders, its
    files' bytes and the code that builds it; only a valid rule set is ever cached."""
    folders = [Path(d).resolve() for d in dirs]
    files = [f for d in folders for f in _yaml_files(d)]
    version = _version(files)
    code = [Path(m.__file__ or "").read_bytes() for m in _BUILDERS]
    key = key_of([*map(str, folders), version, *code])
    return cached("rules", key, RuleSet, lambda: _build(files, version))


def _build(files: list[Path], version: str) -> RuleSet:
    docs = {f: _read_yaml(f) for f in files}
    lexicons: dict[str, Lexicon] = {}
    for f in files:
        if f.parent.name == "lexicons":
            lex = _lexicon(f, docs[f])
            lexicons[lex.name] = lex
    fragments = _fragments(files, docs, lexicons)
    rules: dict[str, Rule] = {}
    for f in files:
        if f.parent.name in FAMILIES:
            for rule in _rules_of(f, docs[f], fragments, lexicons, seen=rules):
                rules[rule.id] = rule
    return RuleSet(tuple(rules.values()), lexicons, version)


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise RuleError(f"{folder}: rules folder not found")
    return sorted(p for p in folder.rglob("*.yaml") if p.parent.name in (*FAMILIES, "lexicons", folder.name))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping at the top level")
    return data


def _check_keys(where: str, data: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise RuleError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )


def _lexicon(path: Path, data: Mapping[str, Any]) -> Lexicon:
    where = f"{path} (lexicon {data.get('lexicon', '?')})"
    _check_keys(where, data, LEXICON_KEYS)
    if not isinstance(data.get("lexicon"), str):
        raise RuleError(f"{where}: missing `lexicon` name")
    raw_terms = data.get("terms") or []
    attributes: dict[str, Mapping[str, Any]] = {}
    if isinstance(raw_terms, Mapping):
        attributes = {str(k): dict(v or {}) for k, v in raw_terms.items()}
        terms = tuple(attributes)
    else:
        terms = tuple(str(t) for t in raw_terms)
    aliases = {str(k): str(v) for k, v in (data.get("aliases") or {}).items()}
    if not all(t.strip() == t and t for t in (*terms, *aliases)):
        raise RuleError(f"{where}: empty term or term with surrounding spaces")
    freq = data.get("freq")
    if freq is not None and (not isinstance(freq, int) or isinstance(freq, bool) or freq < 0):
        raise RuleError(f"{where}: freq must be a whole number, 0 or more (0: never one word)")
    return Lexicon(
        name=data["lexicon"],
        file=str(path),
        description=str(data.get("description", "")),
        terms=terms,
        aliases=aliases,
        attributes=attributes,
        tag=str(data.get("tag", "")),
        segment=bool(data.get("segment", False)),
        freq=freq,
    )


def _fragments(
    files: Iterable[Path], docs: Mapping[Path, Mapping[str, Any]], lexicons: Mapping[str, Lexicon]
) -> dict[str, str]:
    """Every named fragment, with references to other fragments and lexicons expanded."""
    raw: dict[str, tuple[str, Path]] = {}
    for f in files:
        for name, pattern in (docs[f].get("fragments") or {}).items():
            raw[str(name)] = (str(pattern), f)
    expanded: dict[str, str] = {}
    for name in raw:
        expanded[name] = _expand_fragment(name, raw, expanded, lexicons, ())
    return expanded


def _expand_fragment(
    name: str,
    raw: Mapping[str, tuple[str, Path]],
    done: dict[str, str],
    lexicons: Mapping[str, Lexicon],
    stack: tuple[str, ...],
) -> str:
    if name in done:
        return done[name]
    pattern, path = raw[name]
    if name in stack:
        raise RuleError(f"{path} (fragment {name}): refers to itself through {' -> '.join(stack)}")

    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            return _lexicon_alternation(m.group(2), lexicons, f"{path} (fragment {name})")
        if m.group(2) not in raw:
            raise RuleError(f"{path} (fragment {name}): unknown fragment {{{m.group(2)}}}")
        return "(?:" + _expand_fragment(m.group(2), raw, done, lexicons, (*stack, name)) + ")"

    done[name] = _REFERENCE.sub(sub, pattern)
    return done[name]


def _lexicon_alternation(name: str, lexicons: Mapping[str, Lexicon], where: str) -> str:
    if name not in lexicons:
        raise RuleError(f"{where}: unknown lexicon {{lex:{name}}}")
    return "(?:" + "|".join(re.escape(w) for w in lexicons[name].words()) + ")"


def expand(pattern: str, fragments: Mapping[str, str], lexicons: Mapping[str, Lexicon], where: str) -> str:
    """Replace `{fragment}` and `{lex:name}` references in a rule pattern."""

    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            return _lexicon_alternation(m.group(2), lexicons, where)
        if m.group(2) not in fragments:
            raise RuleError(f"{where}: unknown fragment {{{m.group(2)}}}")
        return "(?:" + fragments[m.group(2)] + ")"

    return _REFERENCE.sub(sub, pattern)


def _rules_of(
    path: Path,
    data: Mapping[str, Any],
    fragments: Mapping[str, str],
    lexicons: Mapping[str, Lexicon],
    seen: Mapping[str, Rule],
) -> Iterable[Rule]:
    _check_keys(str(path), data, RULE_FILE_KEYS)
    ids_here: set[str] = set()
    for item in data.get("rules") or []:
        rule = _rule(path, item, fragments, lexicons)
        if rule.id in ids_here or (
            rule.id in seen and _folder_of(Path(seen[rule.id].file)) == _folder_of(path)
        ):
            raise RuleError(f"{path} (rule {rule.id}): duplicate rule id")
        ids_here.add(rule.id)
        yield rule


def _folder_of(path: Path) -> Path:
    """The rules folder a rule file belongs to (its family folder's parent)."""
    return path.parent.parent


def _rule(path: Path, item: Any, fragments: Mapping[str, str], lexicons: Mapping[str, Lexicon]) -> Rule:
    if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
        raise RuleError(f"{path}: every rule needs an `id`")
    where = f"{path} (rule {item['id']})"
    _check_keys(where, item, RULE_KEYS)
    action = item.get("action", "emit")
    if action not in ACTIONS:
        raise RuleError(f"{where}: action must be one of {', '.join(ACTIONS)}")
    for required in ("pattern", "description"):
        if not isinstance(item.get(required), str) or not item[required].strip():
            raise RuleError(f"{where}: missing `{required}`")
    family = path.parent.name
    _check_keys(f"{where} set", item.get("set") or {}, SET_KEYS[family])
    pattern = expand(item["pattern"], fragments, lexicons, where)
    try:
        regex = re.compile(with_first_chars(pattern))
    except re.error as exc:
        raise RuleError(f"{where}: bad pattern: {exc}") from exc
    return Rule(
        id=item["id"],
        family=family,
        file=str(path),
        description=str(item.get("description", "")),
        pattern=pattern,
        regex=regex,
        action=action,
        set=dict(item.get("set") or {}),
        priority=int(item.get("priority", 0)),
        examples=tuple(_example(where, e, family) for e in item.get("examples") or []),
        counterexamples=tuple(str(c) for c in item.get("counterexamples") or []),
        scanner=None if opens_with_literal(regex.pattern) else scanner(regex),
    )


def _example(where: str, item: Any, family: str) -> Example:
    if not isinstance(item, Mapping) or "text" not in item:
        raise RuleError(f"{where}: an example needs `text` (and `rows`)")
    _check_keys(f"{where} example", item, EXAMPLE_KEYS)
    rows = item.get("rows") or []
    allowed = set(columns(TABLES[TABLE_OF_FAMILY[family]]))
    for row in rows:
        if not isinstance(row, Mapping):
            raise RuleError(f"{where}: example rows must be mappings of column to value")
        _check_keys(f"{where} example row", row, allowed)
    return Example(str(item["text"]), tuple(dict(r) for r in rows))


def _version(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:12]
