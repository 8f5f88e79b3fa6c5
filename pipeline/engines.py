"""Where documents are processed: in this process, in local worker processes, or on a
Dask cluster. Each engine takes tasks and yields one Fragment per task (the document's
rows already as CSV text, made by the worker), in the order they finish; each worker
loads jieba and the rules once.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import FrameType

from pipeline.model import DocumentResult, DocumentRow
from pipeline.rules import RuleSet, load_rules
from pipeline.run import Pipeline, failed
from pipeline.store import Fragment


@dataclass(frozen=True)
class Task:
    """One input document to process."""

    path: str
    source: str
    doc_id: str
    sha256: str
    size: int = 0  # bytes, to start big documents first


class DocumentTimeout(BaseException):
    """Raised inside a worker when one document takes longer than the limit.

    A BaseException, so that the pipeline's own error handling does not swallow it."""


@lru_cache(maxsize=2)
def loaded_rules(rule_dirs: tuple[str, ...]) -> RuleSet:
    """The built-in rules and `rule_dirs`, loaded once per process."""
    return load_rules(*rule_dirs)


@lru_cache(maxsize=2)
def worker_pipeline(rule_dirs: tuple[str, ...]) -> Pipeline:
    """The pipeline of this worker process (built-in rules and `rule_dirs`), loaded on
    first use and then reused. What it loaded is then frozen out of the garbage
    collector's reach: jieba's dictionary alone holds hundreds of thousands of objects
    that every full collection would otherwise walk again."""
    pipeline = Pipeline(loaded_rules(rule_dirs))
    gc.freeze()
    return pipeline


def process_task(
    task: Task, rule_dirs: tuple[str, ...], timeout: float, data: bytes | None = None
) -> DocumentResult:
    """Process one document under a time limit; a hang becomes an error row.

    The limit is a SIGALRM timer, so it holds in a process's main thread (inline runs
    and local workers); Dask runs tasks in worker threads, where it is not applied.
    """
    pipeline = worker_pipeline(rule_dirs)
    if threading.current_thread() is not threading.main_thread():
        return _process(pipeline, task, data)

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return _process(pipeline, task, data)
    except DocumentTimeout:
        message = f"{task.source}: processing took longer than the {timeout:g} s limit (--timeout); skipped"
        return failed(DocumentRow(task.doc_id, task.source), "extract", message)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fragment_task(
    task: Task, rule_dirs: tuple[str, ...], timeout: float, data: bytes | None = None
) -> Fragment:
    """Process one document (as `process_task`) and turn its rows into table text."""
    result = process_task(task, rule_dirs, timeout, data)
    return Fragment.of(result, task.sha256, worker_pipeline(rule_dirs).rules.version)


def _process(pipeline: Pipeline, task: Task, data: bytes | None) -> DocumentResult:
    if data is None:
        return pipeline.process(Path(task.path), task.source, task.doc_id)
    return pipeline.process_bytes(data, Path(task.path).suffix, task.source, task.doc_id)


def run_inline(tasks: Sequence[Task], rule_dirs: tuple[str, ...], timeout: float) -> Iterator[Fragment]:
    """Process the tasks one after another in this process."""
    for task in tasks:
        yield fragment_task(task, rule_dirs, timeout)


def run_local(
    tasks: Sequence[Task], rule_dirs: tuple[str, ...], timeout: float, jobs: int
) -> Iterator[Fragment]:
    """Process the tasks in `jobs` worker processes, at most 2 per worker in flight.

    The pipeline is loaded here first: forked workers inherit it instead of loading it.
    """
    worker_pipeline(rule_dirs)
    with ProcessPoolExecutor(max_workers=jobs, initializer=worker_pipeline, initargs=(rule_dirs,)) as pool:
        pending: set[Future[Fragment]] = set()
        queue = iter(tasks)
        for task in queue:
            pending.add(pool.submit(fragment_task, task, rule_dirs, timeout))
            if len(pending) >= 2 * jobs:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        for future in pending:
            yield future.result()


def default_jobs() -> int:
    """The machine's cores available to this process."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
