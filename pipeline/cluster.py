"""Documents on a Dask cluster: the scheduler is Dask distributed's, not ours.

`address` is a scheduler address (`tcp://HOST:8786`) or `local` for a LocalCluster on
this machine. Each document's bytes travel with its task, so workers need no access to
the input files; at most a few tasks per worker are in flight, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from pipeline.engines import Task, fragment_task
from pipeline.store import Fragment


def run_dask(
    tasks: Sequence[Task], rule_dirs: tuple[str, ...], timeout: float, address: str, jobs: int
) -> Iterator[Fragment]:
    """Process the tasks on the Dask cluster at `address` (or a LocalCluster)."""
    from distributed import Client, LocalCluster, as_completed

    with ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(
                LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
            )
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(Client(address))
        rule_dirs = tuple(str(Path(d).resolve()) for d in rule_dirs)
        window = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
        queue = iter(tasks)
        running = as_completed([_submit(client, t, rule_dirs, timeout) for t in _take(queue, window)])
        for future in running:
            yield future.result()
            future.release()
            for task in _take(queue, 1):
                running.add(_submit(client, task, rule_dirs, timeout))


def _submit(client: Any, task: Task, rule_dirs: tuple[str, ...], timeout: float) -> Any:
    data = Path(task.path).read_bytes() if Path(task.path).is_file() else b""
    return client.submit(_remote, task, rule_dirs, timeout, data, pure=False, key=f"bulletin-{task.doc_id}")


def _remote(task: Task, rule_dirs: tuple[str, ...], timeout: float, data: bytes) -> Fragment:
    """Runs on a Dask worker (in its main thread only SIGALRM timeouts work)."""
    return fragment_task(task, rule_dirs, timeout, data)


def _take(queue: Iterator[Task], n: int) -> list[Task]:
    return [task for _, task in zip(range(n), queue, strict=False)]
