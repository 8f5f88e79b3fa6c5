"""The rule loader's strict schema: problems fail at load, naming the file and rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.rules import RuleError, load_folders, load_rules

GOOD_RULE = """
rules:
  - id: metadata.test.editor
    description: test rule
    pattern: '编辑[:：](?P<value>\\S+)'
    set: {field: editor}
    examples:
      - text: "编辑：张三"
        rows: [{editor: 张三}]
    counterexamples: ["编辑部"]
"""


def write_rules(tmp_path: Path, text: str, family: str = "metadata", name: str = "test.yaml") -> Path:
    folder = tmp_path / "rules" / family
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "rules"


def test_a_valid_rule_loads(tmp_path: Path) -> None:
    ruleset = load_folders(write_rules(tmp_path, GOOD_RULE))
    assert [r.id for r in ruleset.rules] == ["metadata.test.editor"]
    assert ruleset.get("metadata.test.editor").regex.search("编辑：张三")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("description: test rule", "descripton: test rule"), "unknown key(s) descripton"),
        (("pattern: '编辑", "pattern: '{nosuch}编辑"), "unknown fragment {nosuch}"),
        (("pattern: '编辑", "pattern: '{lex:nosuch}编辑"), "unknown lexicon {lex:nosuch}"),
        (("set: {field: editor}", "set: {feild: editor}"), "unknown key(s) feild"),
        (("rows: [{editor: 张三}]", "rows: [{editr: 张三}]"), "unknown key(s) editr"),
        (("pattern: '编辑", "pattern: '(编辑"), "bad pattern"),
    ],
)
def test_a_broken_rule_fails_naming_file_and_rule(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    folder = write_rules(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RuleError) as err:
        load_folders(folder)
    assert message in str(err.value)
    assert "test.yaml" in str(err.value)
    assert "metadata.test.editor" in str(err.value)


def test_duplicate_ids_fail(tmp_path: Path) -> None:
    write_rules(tmp_path, GOOD_RULE, name="a.yaml")
    folder = write_rules(tmp_path, GOOD_RULE, name="b.yaml")
    with pytest.raises(RuleError, match="duplicate rule id"):
        load_folders(folder)


def test_a_later_folder_overrides_by_id(tmp_path: Path) -> None:
    base = write_rules(tmp_path / "base", GOOD_RULE)
    user = write_rules(tmp_path / "user", GOOD_RULE.replace("编辑[:：]", "主编[:：]"))
    ruleset = load_folders(base, user)
    assert len(ruleset.rules) == 1
    assert ruleset.get("metadata.test.editor").regex.search("主编：李四")


def test_fragments_and_lexicons_expand(tmp_path: Path) -> None:
    folder = write_rules(tmp_path, GOOD_RULE.replace("pattern: '编辑", "pattern: '{role}"))
    (folder / "fragments.yaml").write_text("fragments:\n  role: '{lex:roles}'\n", encoding="utf-8")
    write_rules(tmp_path, "lexicon: roles\nterms: [编辑, 责任编辑]\n", family="lexicons", name="roles.yaml")
    rule = load_folders(folder).get("metadata.test.editor")
    assert rule.regex.search("责任编辑：张三")


def test_the_built_in_rules_load() -> None:
    ruleset = load_rules()
    assert ruleset.family("metadata") and ruleset.version
