"""Click commands `review`, `diff` and `eval`, registered on the `bulletin` group by the CLI.

Only click is imported at module level; the work happens in report.py, diff.py and evaluate.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

_OUT = click.Path(exists=True, file_okay=False, path_type=Path)


def _minimums(pairs: tuple[str, ...]) -> dict[str, float]:
    """`figures=0.8` pairs as a mapping; a malformed pair is a usage error."""
    out: dict[str, float] = {}
    for pair in pairs:
        table, _, value = pair.partition("=")
        try:
            out[table] = float(value)
        except ValueError as exc:
            raise click.BadParameter(f"expected TABLE=F1, got {pair!r}", param_hint="--min-f1") from exc
    return out


@click.command("eval")
@click.argument("out", type=_OUT)
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print the full result as JSON (misses and extras included)."
)
@click.option("--limit", type=int, default=None, help="List at most this many misses and extras per table.")
@click.option(
    "--min-f1", "min_f1", multiple=True, metavar="TABLE=F", help="Exit 1 when a table's F1 is lower."
)
def eval_command(
    out: Path, gold: tuple[Path, ...], as_json: bool, limit: int | None, min_f1: tuple[str, ...]
) -> None:
    """Score the run in OUT against gold YAML files (or folders of them), as SPEC §5 defines.

    Prints precision, recall and F1 per table (micro and macro over documents), the accuracy
    of each field on matched rows, then the misses and extras. Same numbers as
    ../shared/eval/score.py.
    """
    from pipeline.review.evaluate import below_minimum, detail_lines, load_gold, score, summary_lines

    minimums = _minimums(min_f1)
    result = score(out, load_gold(gold))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(summary_lines(result) + detail_lines(result, limit)))
    short = below_minimum(result, minimums)
    if short:
        click.echo("; ".join(short))
        sys.exit(1)


@click.command("diff")
@click.argument("old", type=_OUT)
@click.argument("new", type=_OUT)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), help="Where to write diff.csv.")
@click.option(
    "--limit", type=int, default=10, show_default=True, help="Changes listed per table on the terminal."
)
def diff_command(old: Path, new: Path, out: Path | None, limit: int) -> None:
    """Rows added, removed and changed between two runs (OLD and NEW output folders).

    Rows are keyed by doc_id + text + start + kind/type (entities by doc_id + name + type).
    Prints a summary per table and document and writes every change to NEW/diff.csv.
    """
    from pipeline.review.diff import diff_runs, summary, write_diff

    changes = diff_runs(old, new)
    target = out or new / "diff.csv"
    write_diff(changes, target)
    click.echo(summary(changes, old, new, limit))
    click.echo(f"{len(changes)} change line(s) written to {target}")


@click.command("review")
@click.argument("out", type=_OUT)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: OUT/report.html."
)
def review_command(out: Path, output: Path | None) -> None:
    """Write one self-contained HTML page to review the run in OUT.

    Per document: the text with figures, entity mentions and claims highlighted, and
    sortable, filterable tables; plus a corpus overview. Opens offline in any browser.
    """
    from pipeline.review.report import write_report

    target = output or out / "report.html"
    write_report(out, target)
    click.echo(f"report written to {target}")
