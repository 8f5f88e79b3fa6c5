"""Many documents: plan the tasks, run them on an engine, keep each result, assemble
the run's tables. One bad file never stops the run; `resume` skips documents whose
input bytes and rules are unchanged since the last run into the same folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.engines import Task, default_jobs, run_inline, run_local
from pipeline.ingest import doc_ids
from pipeline.model import DocumentResult
from pipeline.progress import Progress
from pipeline.rules import load_rules
from pipeline.store import FragmentStore
from pipeline.tables import write_tables


@dataclass(frozen=True)
class BatchOptions:
    rule_dirs: tuple[Path, ...] = ()
    jobs: int = 1
    timeout: float = 300.0
    resume: bool = False
    dask: str | None = None
    progress: bool = False
    formats: tuple[str, ...] = ("csv",)


@dataclass(frozen=True)
class Summary:
    documents: int
    failed: int
    warnings: int
    skipped: int

    def describe(self, out: Path) -> str:
        ok = self.documents - self.failed
        resumed = f" ({self.skipped} unchanged, not redone)" if self.skipped else ""
        return (
            f"{self.documents} document(s): {ok} ok, {self.failed} failed, {self.warnings} warning(s)"
            f"{resumed}; tables in {out}"
        )


def plan(files: Sequence[Path]) -> list[Task]:
    """One task per input file, with its doc_id and the sha256 of its bytes."""
    ids = doc_ids([str(f) for f in files])
    return [Task(str(f), str(f), ids[str(f)], _sha256(f)) for f in files]


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def run_batch(files: Sequence[Path], out: Path, options: BatchOptions | None = None) -> Summary:
    """Process `files` and write every table under `out`."""
    options = options or BatchOptions()
    dirs = tuple(str(d) for d in options.rule_dirs)
    store = FragmentStore(out, load_rules(*dirs).version)
    tasks = plan(files)
    todo = [t for t in tasks if not (options.resume and store.is_current(t.doc_id, t.sha256))]
    progress = Progress(len(todo), enabled=options.progress)
    for task, result in zip_by_id(todo, _engine(todo, dirs, options)):
        result.document = replace(result.document, sha256=result.document.sha256 or task.sha256)
        store.save(result, task.sha256)
        progress.advance(failed=result.document.status != "ok")
    progress.close()
    tally = Tally()
    ordered = (tally.count(store.load(t.doc_id)) for t in sorted(tasks, key=lambda t: t.doc_id))
    write_tables(ordered, out, store.rules_version, options.formats)
    return Summary(len(tasks), tally.failed, tally.warnings, skipped=len(tasks) - len(todo))


@dataclass
class Tally:
    """Counts failed documents and warnings as the results stream past."""

    failed: int = 0
    warnings: int = 0

    def count(self, result: DocumentResult) -> DocumentResult:
        self.failed += result.document.status != "ok"
        self.warnings += sum(e.severity == "warning" for e in result.errors)
        return result


def _engine(tasks: Sequence[Task], dirs: tuple[str, ...], options: BatchOptions) -> Iterable[DocumentResult]:
    if options.dask:
        from pipeline.cluster import run_dask

        return run_dask(tasks, dirs, options.timeout, options.dask, options.jobs or default_jobs())
    if options.jobs <= 1 or len(tasks) <= 1:
        return run_inline(tasks, dirs, options.timeout)
    return run_local(tasks, dirs, options.timeout, options.jobs)


def zip_by_id(
    tasks: Sequence[Task], results: Iterable[DocumentResult]
) -> Iterator[tuple[Task, DocumentResult]]:
    """Pair each result with its task (results arrive in the order they finish)."""
    by_id = {t.doc_id: t for t in tasks}
    for result in results:
        yield by_id[result.document.doc_id], result
