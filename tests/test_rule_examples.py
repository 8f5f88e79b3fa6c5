"""Every rule's examples and counterexamples, one parametrized test (STYLE habit 1)."""

from __future__ import annotations

import pytest

from pipeline.examples import check_rule
from pipeline.rules import load_rules
from pipeline.run import Pipeline

RULES = load_rules().rules


def test_every_rule_carries_evidence() -> None:
    missing = [r.id for r in RULES if not r.examples or not r.counterexamples]
    assert not missing, f"rules without examples or counterexamples: {missing}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(pipeline: Pipeline, rule) -> None:  # type: ignore[no-untyped-def]
    assert check_rule(pipeline, rule) == []
