"""The Python API and the spaCy components; the README's library examples run here."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline import extract, load_rules
from tests.conftest import ROOT

SAMPLE = "广州还拥有丰富的人才资源储备，在校大学生 165 万人，规模稳居全国第一。"


def readme_blocks() -> list[str]:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Use as a library", 1)[1]
    return re.findall(r"```python\n(.*?)```", section.split("\n## ", 1)[0], flags=re.S)


@pytest.mark.parametrize("block", readme_blocks())
def test_readme_library_examples_run(block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    exec(compile(block, "README.md", "exec"), {})


def test_text_source_gives_typed_frames() -> None:
    result = extract(SAMPLE)
    assert list(result.documents["doc_id"]) == ["text"]
    assert result.figures["value"].dtype == "Float64"
    assert result.figures["start"].dtype == "Int64"
    assert result.figures["page"].isna().all()
    assert result.figures["value_max"].isna().all()


def test_folder_source_matches_the_cli_tables(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    result = extract(ROOT / "samples")
    result.to_csv(tmp_path / "api")
    CliRunner().invoke(main, ["extract", str(ROOT / "samples"), "-o", str(tmp_path / "cli")])
    for table in ("documents", "figures", "entities", "mentions", "claims", "errors"):
        api = (tmp_path / "api" / f"{table}.csv").read_bytes()
        assert api == (tmp_path / "cli" / f"{table}.csv").read_bytes(), table
    assert isinstance(result.documents, pd.DataFrame) and len(result.documents) == 4


def test_user_rules_layer_over_the_built_in_ones(tmp_path: Path) -> None:
    folder = tmp_path / "my-rules" / "metadata"
    folder.mkdir(parents=True)
    (folder / "editor.yaml").write_text(
        """
rules:
  - id: metadata.editor.footer
    description: This report series names its editor after 主编.
    pattern: '主编[:：](?P<value>[\\u4e00-\\u9fff]{2,4})'
    set: {field: editor}
    examples:
      - text: "主编：王小明"
        rows: [{editor: 王小明}]
    counterexamples: ["责任编辑：柴永鹏"]
""",
        encoding="utf-8",
    )
    rules = load_rules(tmp_path / "my-rules")
    assert len(rules.rules) == len(load_rules().rules)
    assert extract("主编：王小明\n\n正文。", rules=rules).documents["editor"][0] == "王小明"
    assert pd.isna(extract("责任编辑：柴永鹏", rules=tmp_path / "my-rules").documents["editor"][0])


def test_spacy_components_put_results_on_the_doc() -> None:
    import spacy
    from spacy import displacy

    nlp = spacy.blank("zh")
    for name in ("bulletin_figures", "bulletin_entities", "bulletin_claims"):
        nlp.add_pipe(name)
    doc = nlp(
        "在穗工作的外籍人才数量比２０１９年底增长４０％，居全国第三。中山大学获批两大基础科学中心项目。"
    )
    figures = {span.text: span for span in doc.spans["figures"]}
    assert (
        figures["４０％"]._.value == 40
        and figures["４０％"]._.unit == "%"
        and figures["４０％"].label_ == "percent"
    )
    assert ("中山大学", "ORG") in {(ent.text, ent.label_) for ent in doc.ents}
    assert {span.label_ for span in doc.spans["claims"]} >= {"change", "rank"}
    html = displacy.render(doc, style="span")
    assert "ORG" in html and "percent" in html
