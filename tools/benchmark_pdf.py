"""PDF ingestion time against pdfplumber's bare `extract_text()` over the same pages.

Usage: .venv/bin/python tools/benchmark_pdf.py [PDF or folder …]   (default: the corpus PDFs)
Prints, per file and in total, both times and their ratio (ingest / bare).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from pipeline.ingest import IngestError
from pipeline.ingest.pdf import read_pdf

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs" / "pdf"
REPEAT = 3


def bare(path: Path) -> None:
    """pdfplumber's plain text extraction, page by page."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def ingest(path: Path) -> None:
    """The project's PDF reader (layout repair included)."""
    with contextlib.suppress(IngestError):
        read_pdf(path.read_bytes(), str(path), path.stem)


def best_time(run: Callable[[Path], None], path: Path) -> float:
    """The fastest of a few runs, in seconds."""
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        run(path)
        times.append(time.perf_counter() - start)
    return min(times)


def main(args: list[str]) -> None:
    roots = [Path(a) for a in args] or [DEFAULT]
    paths = sorted(p for r in roots for p in ([r] if r.is_file() else r.glob("*.pdf")))
    total_bare = total_ingest = 0.0
    print(f"{'file':55} {'bare s':>8} {'ingest s':>9} {'ratio':>6}")
    for path in paths:
        b, i = best_time(bare, path), best_time(ingest, path)
        total_bare, total_ingest = total_bare + b, total_ingest + i
        print(f"{path.name[:55]:55} {b:8.3f} {i:9.3f} {i / b if b else 0:6.2f}")
    if total_bare:
        print(f"{'total':55} {total_bare:8.3f} {total_ingest:9.3f} {total_ingest / total_bare:6.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
