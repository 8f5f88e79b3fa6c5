"""spaCy pipeline components: `bulletin_figures`, `bulletin_entities`, `bulletin_claims`.

Registered through the `spacy_factories` entry point, so on any `zh` pipeline
`nlp.add_pipe("bulletin_figures")` works once the project is installed. Each component
runs the bulletin extractors over `doc.text` (once per Doc, shared by the three) and
puts its results on the Doc: figures on `doc.spans["figures"]`, entities on `doc.ents`,
claims on `doc.spans["claims"]`; all of them also on `doc.spans["sc"]`, which
`displacy.render(doc, style="span")` shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.model import DocumentResult
from pipeline.rules import load_rules
from pipeline.run import Analysis, Pipeline

FIGURE_FIELDS = ("value", "value_max", "unit", "kind", "qualifier", "change", "subject", "time", "rule")
CLAIM_FIELDS = ("cue", "subject", "scope", "rank", "figure_ids", "hedge", "rule")
ENTITY_FIELDS = ("name", "subtype", "title", "rule")
for _field in dict.fromkeys((*FIGURE_FIELDS, *CLAIM_FIELDS, *ENTITY_FIELDS)):
    if not Span.has_extension(_field):
        Span.set_extension(_field, default=None)


@lru_cache(maxsize=4)
def shared_pipeline(rule_dirs: tuple[str, ...]) -> Pipeline:
    """One loaded pipeline per set of rule folders, shared by all components."""
    return Pipeline(load_rules(*rule_dirs))


def analysis_of(doc: Doc, rule_dirs: tuple[str, ...]) -> tuple[Analysis, Callable[[int, int], Span | None]]:
    """The extractors' results for `doc` (computed once per Doc) and a function that
    turns canonical-text offsets into a Span of `doc`."""
    key = "bulletin:" + "|".join(rule_dirs)
    if key not in doc.user_data:
        doc.user_data[key] = shared_pipeline(rule_dirs).analyze_text(doc.text)
    analysis: Analysis = doc.user_data[key]
    canonical = analysis.context.canonical

    def span(start: int, end: int) -> Span | None:
        first, last = canonical.to_raw(start), canonical.to_raw(end - 1) + 1
        return doc.char_span(first, last, alignment_mode="expand")

    return analysis, span


class _Component:
    """Shared plumbing: the rule folders and how to put spans on the Doc."""

    def __init__(self, rules: Iterable[str] | None) -> None:
        self.rule_dirs = tuple(rules or ())

    def spans(self, doc: Doc, rows: Iterable[Any], label_field: str, fields: tuple[str, ...]) -> list[Span]:
        _, to_span = analysis_of(doc, self.rule_dirs)
        found = []
        for row in rows:
            span = to_span(row.start, row.end)
            if span is None:
                continue
            span = Span(doc, span.start, span.end, label=str(getattr(row, label_field)))
            for name, value in asdict(row).items():
                if name in fields:
                    span._.set(name, value)
            found.append(span)
        return found

    def result(self, doc: Doc) -> DocumentResult:
        return analysis_of(doc, self.rule_dirs)[0].result


class FiguresComponent(_Component):
    def __call__(self, doc: Doc) -> Doc:
        spans = self.spans(doc, self.result(doc).figures, "kind", FIGURE_FIELDS)
        doc.spans["figures"] = spans
        doc.spans["sc"] = [*doc.spans.get("sc", []), *spans]
        return doc


class EntitiesComponent(_Component):
    def __call__(self, doc: Doc) -> Doc:
        result = self.result(doc)
        by_id = {e.entity_id: e for e in result.entities}
        spans = []
        for mention in result.mentions:
            entity = by_id[mention.entity_id]
            for span in self.spans(doc, [mention], "entity_id", ()):
                span = Span(doc, span.start, span.end, label=entity.type)
                for name in ENTITY_FIELDS:
                    span._.set(name, getattr(entity, name))
                spans.append(span)
        doc.ents = filter_spans([*doc.ents, *spans])
        doc.spans["sc"] = [*doc.spans.get("sc", []), *spans]
        return doc


class ClaimsComponent(_Component):
    def __call__(self, doc: Doc) -> Doc:
        spans = self.spans(doc, self.result(doc).claims, "type", CLAIM_FIELDS)
        doc.spans["claims"] = spans
        doc.spans["sc"] = [*doc.spans.get("sc", []), *spans]
        return doc


@Language.factory("bulletin_figures", default_config={"rules": None})
def make_figures(nlp: Language, name: str, rules: list[str] | None) -> FiguresComponent:
    return FiguresComponent(rules)


@Language.factory("bulletin_entities", default_config={"rules": None})
def make_entities(nlp: Language, name: str, rules: list[str] | None) -> EntitiesComponent:
    return EntitiesComponent(rules)


@Language.factory("bulletin_claims", default_config={"rules": None})
def make_claims(nlp: Language, name: str, rules: list[str] | None) -> ClaimsComponent:
    return ClaimsComponent(rules)
