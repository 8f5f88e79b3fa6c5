"""Many documents: plan the tasks, run them on an engine, keep each result, assemble
the run's tables. One bad file never stops the run; `resume` skips documents whose
input bytes and rules are unchanged since the last run into the same folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.engines import Task, default_jobs, loaded_rules, run_inline, run_local
from pipeline.ingest import doc_ids
from pipeline.progress import Progress
from pipeline.store import Fragment, FragmentStore
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
    """One task per input file, with its doc_id, the sha256 of its bytes and its size."""
    ids = doc_ids([str(f) for f in files])
    return [Task(str(f), str(f), ids[str(f)], *_digest(f)) for f in files]


def _digest(path: Path) -> tuple[str, int]:
    try:
        data = path.read_bytes()
    except OSError:
        return "", 0
    return hashlib.sha256(data).hexdigest(), len(data)


def run_batch(files: Sequence[Path], out: Path, options: BatchOptions | None = None) -> Summary:
    """Process `files` and write every table under `out`."""
    options = options or BatchOptions()
    dirs = tuple(str(d) for d in options.rule_dirs)
    store = FragmentStore(out, loaded_rules(dirs).version)
    tasks = plan(files)
    todo = [t for t in tasks if not (options.resume and store.is_current(t.doc_id, t.sha256))]
    # biggest first, so that no worker is left with a big document while the others idle
    todo.sort(key=lambda t: -t.size)
    sizes = {t.doc_id: t.size for t in todo}
    progress = Progress(len(todo), sum(sizes.values()), enabled=options.progress)
    for fragment in _engine(todo, dirs, options):
        store.save(fragment)
        progress.advance(failed=fragment.status != "ok", size=sizes[fragment.doc_id])
    progress.close()
    tally = Tally()
    ordered = (tally.count(_saved(store, t.doc_id)).tables for t in sorted(tasks, key=lambda t: t.doc_id))
    write_tables(ordered, out)
    _export(out, [fmt for fmt in options.formats if fmt != "csv"])
    return Summary(len(tasks), tally.failed, tally.warnings, skipped=len(tasks) - len(todo))


def _export(out: Path, formats: Sequence[str]) -> None:
    """The run's tables in other formats beside the CSVs (pandas is imported only then)."""
    if formats:
        from pipeline.frames import export

        for fmt in formats:
            export(out, fmt)


def _saved(store: FragmentStore, doc_id: str) -> Fragment:
    fragment = store.load(doc_id)
    if fragment is None:
        raise FileNotFoundError(store.path(doc_id))
    return fragment


@dataclass
class Tally:
    """Counts failed documents and warnings as the fragments stream past."""

    failed: int = 0
    warnings: int = 0

    def count(self, fragment: Fragment) -> Fragment:
        self.failed += fragment.status != "ok"
        self.warnings += fragment.warnings
        return fragment


def _engine(tasks: Sequence[Task], dirs: tuple[str, ...], options: BatchOptions) -> Iterable[Fragment]:
    if options.dask:
        from pipeline.cluster import run_dask

        return run_dask(tasks, dirs, options.timeout, options.dask, options.jobs or default_jobs())
    if options.jobs <= 1 or len(tasks) <= 1:
        return run_inline(tasks, dirs, options.timeout)
    return run_local(tasks, dirs, options.timeout, options.jobs)
