"""The progress line: files done, files/s, errors so far, and an ETA from bytes done."""

from __future__ import annotations

import time

from pipeline.progress import Progress


def after(seconds: float, progress: Progress) -> Progress:
    progress.started = time.monotonic() - seconds
    return progress


def test_the_eta_counts_bytes_left_not_files_left() -> None:
    progress = Progress(total=10, total_bytes=1000, enabled=False)
    progress.advance(failed=True, size=900)  # the big file first: 9 files left, but only 100 bytes
    line = after(90, progress).line()
    assert line.startswith("1/10 files  0.0 files/s  errors 1  ")
    assert "ETA 0:10" in line


def test_empty_files_fall_back_to_files_per_second() -> None:
    progress = Progress(total=4, total_bytes=0, enabled=False)
    progress.advance(failed=False, size=0)
    assert "ETA 0:30" in after(10, progress).line()
