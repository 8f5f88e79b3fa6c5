"""Many documents: run each through the pipeline and write the run's tables."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from pipeline.ingest import doc_ids
from pipeline.model import DocumentResult
from pipeline.rules import base_and, load_rules
from pipeline.run import Pipeline
from pipeline.tables import write_run


@dataclass(frozen=True)
class Summary:
    documents: int
    failed: int
    warnings: int

    def describe(self, out: Path) -> str:
        ok = self.documents - self.failed
        return (
            f"{self.documents} document(s): {ok} ok, {self.failed} failed, {self.warnings} warning(s); "
            f"tables in {out}"
        )


def run_batch(
    files: Sequence[Path], out: Path, rule_dirs: Iterable[Path] = (), progress: bool = False
) -> Summary:
    """Process `files` and write every table under `out`; one bad file never stops the run."""
    pipeline = Pipeline(load_rules(*base_and(rule_dirs)))
    sources = [str(f) for f in files]
    ids = doc_ids(sources)
    results: list[DocumentResult] = []
    with click.progressbar(files, label="documents", file=sys.stderr, hidden=not progress) as bar:
        for path in bar:
            results.append(pipeline.process(path, str(path), ids[str(path)]))
    write_run(results, out, pipeline.rules.version)
    return Summary(
        documents=len(results),
        failed=sum(r.document.status != "ok" for r in results),
        warnings=sum(e.severity == "warning" for r in results for e in r.errors),
    )

