"""A one-line progress display on stderr: files done, files/s, errors so far, ETA.

The ETA comes from bytes done, not files done: big files are started first, so early
files/s would overstate what remains."""

from __future__ import annotations

import sys
import time


class Progress:
    """Redraws one stderr line per finished document; silent when not enabled."""

    def __init__(self, total: int, total_bytes: int, enabled: bool) -> None:
        self.total = total
        self.total_bytes = total_bytes
        self.enabled = enabled and total > 1
        self.done = 0
        self.done_bytes = 0
        self.errors = 0
        self.started = time.monotonic()

    def advance(self, failed: bool, size: int) -> None:
        self.done += 1
        self.done_bytes += size
        self.errors += int(failed)
        if self.enabled:
            sys.stderr.write("\r" + self.line())
            sys.stderr.flush()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        byte_rate = self.done_bytes / elapsed
        left = self.total_bytes - self.done_bytes
        eta = left / byte_rate if byte_rate else (self.total - self.done) / rate if rate else 0.0
        return (
            f"{self.done}/{self.total} files  {rate:.1f} files/s  errors {self.errors}  "
            f"ETA {int(eta) // 60}:{int(eta) % 60:02d} "
        )

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
