"""The `bulletin` command: extract tables from bulletins, check and test the rules.

Heavy imports (jieba, spaCy, pandas) happen inside the commands so `--help` is fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.review.commands import diff_command, eval_command, review_command

DEFAULT_TIMEOUT = 300.0


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Turn Chinese bulletins into tables of figures, entities and claims."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the tables and docs/<doc_id>/text.txt.",
)
@click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Extra rule folder layered over the built-in rules (repeatable).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [default: the machine's cores]."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds one document may take before it is reported as an error.",
)
@click.option(
    "--resume", is_flag=True, help="Skip documents unchanged (bytes and rules) since the last run into OUT."
)
@click.option(
    "--dask",
    envvar="DASK_SCHEDULER_ADDRESS",
    metavar="ADDRESS",
    help="Run on the Dask cluster at ADDRESS (tcp://HOST:8786), or 'local' for a LocalCluster.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["xlsx", "jsonl", "parquet"]),
    help="Also write the tables as an Excel workbook, JSON lines or Parquet (repeatable).",
)
def extract(
    paths: tuple[Path, ...],
    out: Path,
    rule_dirs: tuple[Path, ...],
    jobs: int | None,
    timeout: float,
    resume: bool,
    dask: str | None,
    formats: tuple[str, ...],
) -> None:
    """Extract documents, figures, entities, mentions, claims and errors from PATHS.

    PATHS are files or folders (searched recursively). Exit code 0 when every
    document is ok, 1 when some failed (the others are still written).
    """
    from pipeline.batch import BatchOptions, run_batch
    from pipeline.engines import default_jobs
    from pipeline.ingest import discover

    files = discover(paths)
    if not files:
        raise click.UsageError("no input files found in the paths given")
    jobs = jobs or default_jobs()
    progress = sys.stderr.isatty()
    options = BatchOptions(rule_dirs, jobs, timeout, resume, dask, progress, formats=("csv", *formats))
    summary = run_batch(files, out, options)
    click.echo(summary.describe(out), err=True)
    sys.exit(0 if summary.failed == 0 else 1)


@main.group()
def rules() -> None:
    """Check the rule files and run their examples."""


@rules.command("check")
@click.option(
    "--rules", "rule_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
def rules_check(rule_dirs: tuple[Path, ...]) -> None:
    """Load and validate every rule file; report the first problem."""
    from pipeline.rules import RuleError, load_rules

    try:
        ruleset = load_rules(*rule_dirs)
    except RuleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"{len(ruleset.rules)} rules and {len(ruleset.lexicons)} lexicons OK (version {ruleset.version})"
    )


@rules.command("test")
@click.argument("rule_ids", nargs=-1)
@click.option(
    "--rules", "rule_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
def rules_test(rule_ids: tuple[str, ...], rule_dirs: tuple[Path, ...]) -> None:
    """Run the examples and counterexamples of RULE_IDS (default: every rule)."""
    from pipeline.examples import check_rule
    from pipeline.rules import load_rules
    from pipeline.run import Pipeline

    pipeline = Pipeline(load_rules(*rule_dirs))
    unknown = set(rule_ids) - {r.id for r in pipeline.rules.rules}
    if unknown:
        raise click.UsageError(f"unknown rule id(s): {', '.join(sorted(unknown))}")
    chosen = [r for r in pipeline.rules.rules if not rule_ids or r.id in rule_ids]
    problems = [p for rule in chosen for p in check_rule(pipeline, rule)]
    for problem in problems:
        click.echo(problem)
    click.echo(f"{len(chosen)} rules tested, {len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


for _command in (review_command, diff_command, eval_command):
    main.add_command(_command)
