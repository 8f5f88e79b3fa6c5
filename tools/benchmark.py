"""Benchmark: whole-pipeline throughput beside bare `jieba.lcut` on the same text, in
the same run; the share of each stage; --jobs scaling; peak memory.

usage: python tools/benchmark.py [CORPUS_DIR] [--repeat N] [--scale]

CORPUS_DIR defaults to ../shared/corpus/docs/txt. Figures are printed, not asserted:
quote them in the README.
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import jieba

from pipeline.extractors import Context, claims, entities, figures, metadata
from pipeline.ingest import discover, read_document
from pipeline.model import RawDocument
from pipeline.run import Pipeline
from pipeline.text import canonicalize

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "docs" / "txt"


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of `repeat` timings of `work`, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def stage_times(pipeline: Pipeline, docs: list[RawDocument]) -> dict[str, float]:
    """Seconds spent in each stage over all documents (one pass)."""
    spent = dict.fromkeys(("text", "segment", "metadata", "figures", "entities", "claims"), 0.0)
    for raw in docs:
        clock = time.perf_counter()
        canonical = canonicalize(raw.text)
        spent["text"] += time.perf_counter() - clock
        clock = time.perf_counter()
        seg = pipeline.segmenter.segment(canonical.text, canonical.sentences)
        spent["segment"] += time.perf_counter() - clock
        ctx = Context(raw.doc_id, canonical, seg, pipeline.rules)
        clock = time.perf_counter()
        metadata.extract(ctx)
        spent["metadata"] += time.perf_counter() - clock
        clock = time.perf_counter()
        found = figures.extract(ctx)
        spent["figures"] += time.perf_counter() - clock
        clock = time.perf_counter()
        ents, mentions = entities.extract(ctx)
        spent["entities"] += time.perf_counter() - clock
        clock = time.perf_counter()
        claims.extract(ctx, found, ents, mentions)
        spent["claims"] += time.perf_counter() - clock
    return spent


def run_cli(corpus: Path, jobs: int) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, largest process) of `bulletin extract -j N`."""
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    command = [sys.executable, "-m", "pipeline", "extract", str(corpus), "-o", str(out), "-j", str(jobs)]
    subprocess.run(command, check=False, capture_output=True)
    wall = time.perf_counter() - started
    shutil.rmtree(out)
    return wall, max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)


def repeated_corpus(corpus: Path, times: int) -> Path:
    """A temp folder holding every corpus file `times` times under distinct names."""
    folder = Path(tempfile.mkdtemp(prefix="bench-in-"))
    for n in range(times):
        for f in discover([corpus]):
            shutil.copy(f, folder / f"{n:02d}-{f.name}")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--scale", action="store_true", help="also time --jobs 1/2 and memory on the corpus ×10"
    )
    args = parser.parse_args()
    if args.scale:
        scale(args.corpus, args.repeat)
    docs = [read_document(f, str(f), f.stem) for f in discover([args.corpus])]
    texts = [canonicalize(d.text).text for d in docs]
    chars = sum(len(t) for t in texts)
    bare = jieba.Tokenizer()
    bare.initialize()
    pipeline = Pipeline()
    gc.freeze()  # as a batch worker does once loaded; both contenders gain from it
    # the first pass fills what the pipeline keeps between documents (WordCut's scores of
    # dictionary words, the rules' derived plans, re's cache): timed on its own too
    first_s = best_of(1, lambda: [pipeline.analyze(d) for d in docs])
    jieba_s = best_of(args.repeat, lambda: [bare.lcut(t) for t in texts])
    pipeline_s = best_of(args.repeat, lambda: [pipeline.analyze(d) for d in docs])
    print(f"corpus: {len(docs)} documents, {chars} characters ({args.corpus})")
    print(f"bare jieba.lcut:      {chars / jieba_s:10,.0f} chars/s")
    ratio = jieba_s / pipeline_s
    print(f"whole pipeline:       {chars / pipeline_s:10,.0f} chars/s  (ratio {ratio:.2f} of jieba)")
    print(f"  its first pass:     {chars / first_s:10,.0f} chars/s  (ratio {jieba_s / first_s:.2f})")
    spent = stage_times(pipeline, docs)
    total = sum(spent.values())
    print("stage shares:        " + ", ".join(f"{k} {v / total:.0%}" for k, v in spent.items()))


def scale(corpus: Path, repeat: int) -> None:
    """-j 1/-j 2 wall times, start-up alone, the corpus x10, and peak RSS of the runs.

    Run before this process loads anything big: a child's peak RSS counts the memory it
    shares with its parent between fork and exec."""
    one = Path(tempfile.mkdtemp(prefix="bench-one-"))
    (one / "one.txt").write_text("全年新增就业3892人。\n", encoding="utf-8")
    startup = min(run_cli(one, 1)[0] for _ in range(repeat))
    shutil.rmtree(one)
    print(f"bulletin extract of one sentence (start-up, writing, exit): {startup:.2f} s")
    wall1, rss1 = min(run_cli(corpus, 1) for _ in range(repeat))
    wall2, _ = min(run_cli(corpus, 2) for _ in range(repeat))
    print(speed_up("corpus", wall1, wall2, startup))
    big = repeated_corpus(corpus, 10)
    big1, rss10 = run_cli(big, 1)
    big2, _ = run_cli(big, 2)
    shutil.rmtree(big)
    print(speed_up("corpus x10", big1, big2, startup))
    print(f"peak RSS -j 1: corpus {rss1 / 1024:.0f} MB; corpus x10 {rss10 / 1024:.0f} MB")


def speed_up(name: str, wall1: float, wall2: float, startup: float) -> str:
    """-j 1 against -j 2, over the whole run and over what follows start-up."""
    documents = (wall1 - startup) / (wall2 - startup)
    return (
        f"bulletin extract {name}: -j 1 {wall1:.2f} s, -j 2 {wall2:.2f} s: {wall1 / wall2:.2f}x "
        f"({documents:.2f}x after start-up)"
    )


if __name__ == "__main__":
    main()
