"""``sitroom eval``: score the pipeline against gold annotations."""

from __future__ import annotations

import importlib

import click

from sitroom.cli.common import CliState, echo_json
from sitroom.eval.gold import GOLD_SETS

KINDS = ("quotes", "figures", "dates", "events", "claims", "story", "pages")
# Kinds whose gold exists only for some sets: story gold for the sample and the second
# and third held-out crises and the blind development crisis, page gold for the sample's pages only.
GOLD_FOR = {"story": ("sample", "heldout2", "heldout3", "dev2"), "pages": ("sample",)}
# Scored on real news in ../shared/data only, and slow (a temporary store per run): not in "all".
REAL_KINDS = {"real-story": "ecb_story", "options": "options_gold"}


@click.command("eval")
@click.argument("kind", type=click.Choice([*KINDS, *REAL_KINDS, "all"]))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@click.option("--no-external", is_flag=True, help="Only the sample corpus gold, not ../shared/data corpora.")
@click.option("--gold", "gold_set", type=click.Choice(GOLD_SETS), default="sample", show_default=True,
              help="Score on the development gold, or on a held-out set never used for tuning (heldout, heldout2, heldout3).")
@click.pass_obj
def eval_cmd(state: CliState, kind: str, fmt: str, no_external: bool, gold_set: str) -> None:
    """Score a stage against gold: the sample corpus, and public corpora in ../shared/data if present.

    Each kind reports precision, recall and F1 plus field accuracies; see docs/benchmarks.md.
    """
    from sitroom.eval.runner import use_gold_set

    if gold_set not in GOLD_FOR.get(kind, (gold_set,)):
        raise click.UsageError(f"there is no {kind} gold in the {gold_set} set; use --gold {' or '.join(GOLD_FOR[kind])}")
    use_gold_set(gold_set)
    results = {}
    kinds = [k for k in (KINDS if kind == "all" else (kind,)) if gold_set in GOLD_FOR.get(k, (gold_set,))]
    try:
        for k in kinds:
            module = importlib.import_module(f"sitroom.eval.{REAL_KINDS.get(k, k)}")
            results[k] = module.evaluate(state.config, external=not no_external)
    finally:
        use_gold_set("sample")  # the scorers' default, for anything else run in this process
    if fmt == "json":
        echo_json(results if kind == "all" else results[kind])
        return
    for k, result in results.items():
        click.echo(f"== {k}")
        _print_nested(result, "")


def _print_nested(value: object, indent: str) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            if isinstance(sub, dict | list):
                click.echo(f"{indent}{key}:")
                _print_nested(sub, indent + "  ")
            else:
                click.echo(f"{indent}{key}: {sub}")
    elif isinstance(value, list):
        for sub in value:
            _print_nested(sub, indent + "- ")
    else:
        click.echo(f"{indent}{value}")
