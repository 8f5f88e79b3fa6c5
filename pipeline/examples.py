"""Run a rule's `examples` and `counterexamples` (the evidence each rule carries).

An example holds when the rule fires on its text and every row it lists is found among
the rows of the rule's table (a listed row matches when each column it names agrees;
`rows: []` means the table must stay empty). A counterexample holds when the rule does
not fire on its text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from pipeline.rules import Example, Rule
from pipeline.run import Analysis, Pipeline
from pipeline.tables import format_cell


def rows_of(family: str, analysis: Analysis) -> list[dict[str, Any]]:
    """The rows a family's table got from one analysed text."""
    result = analysis.result
    tables: Mapping[str, Sequence[Any]] = {
        "metadata": [result.document],
        "figures": result.figures,
        "entities": result.entities,
        "claims": result.claims,
    }
    return [asdict(row) for row in tables[family]]


def cell_matches(want: Any, got: Any) -> bool:
    if isinstance(want, int | float) and not isinstance(want, bool) and isinstance(got, int | float):
        return math.isclose(float(want), float(got), rel_tol=1e-6, abs_tol=1e-9)
    return format_cell(want) == format_cell(got)


def check_example(pipeline: Pipeline, rule: Rule, example: Example) -> list[str]:
    """Problems with one example (empty when it holds)."""
    analysis = pipeline.analyze_text(example.text)
    rows = rows_of(rule.family, analysis)
    problems = [] if rule.id in analysis.context.fired else [f"{rule.id} did not fire on {example.text!r}"]
    if not example.rows and rule.family != "metadata" and rows:
        problems.append(
            f"{rule.id}: expected no {rule.family} rows from {example.text!r}, got {_brief(rows)}"
        )
    for want in example.rows:
        if not any(all(cell_matches(v, row.get(k)) for k, v in want.items()) for row in rows):
            problems.append(f"{rule.id}: no row like {dict(want)} from {example.text!r}; got {_brief(rows)}")
    return problems


def check_counterexample(pipeline: Pipeline, rule: Rule, text: str) -> list[str]:
    analysis = pipeline.analyze_text(text)
    if rule.id in analysis.context.fired:
        return [f"{rule.id} fired on counterexample {text!r}"]
    return []


def check_rule(pipeline: Pipeline, rule: Rule) -> list[str]:
    """Problems with all of a rule's examples and counterexamples."""
    problems = [p for e in rule.examples for p in check_example(pipeline, rule, e)]
    return problems + [p for c in rule.counterexamples for p in check_counterexample(pipeline, rule, c)]


def _brief(rows: list[dict[str, Any]]) -> str:
    keys = ("text", "value", "unit", "kind", "type", "name", "title", "subtype")
    return (
        "; ".join(str({k: r[k] for k in keys if k in r and r[k] not in (None, "")}) for r in rows[:6])
        or "nothing"
    )
