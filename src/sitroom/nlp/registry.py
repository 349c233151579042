"""Registered pipeline stages: versioned names, and what each requires and provides.

A stage factory takes the run's Config and returns a callable
``AnnotatedArticle -> AnnotatedArticle``. Changing what a stage outputs means registering
a new version (``entities.v2``), so the store can tell which rows came from which code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sitroom.errors import PipelineError

if TYPE_CHECKING:
    from sitroom.config import Config

StageFactory = Callable[["Config"], Callable[[Any], Any]]

# What the spaCy parse gives every stage before any stage runs.
BASE_PROVIDES = frozenset({"article", "doc"})


@dataclass(frozen=True)
class StageInfo:
    key: str  # "entities.v1"
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    factory: StageFactory
    doc: str


STAGES: dict[str, StageInfo] = {}


def register_stage(key: str, requires: tuple[str, ...], provides: tuple[str, ...]) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under a versioned ``name.vN`` key."""
    if "." not in key or not key.rsplit(".", 1)[1].startswith("v"):
        raise PipelineError(f"stage name {key!r} has no version", "register it as name.vN, e.g. entities.v1")

    def wrap(factory: StageFactory) -> StageFactory:
        if key in STAGES:
            raise PipelineError(f"stage {key} is registered twice", "give the new code a new version")
        STAGES[key] = StageInfo(key, requires, provides, factory, (factory.__doc__ or "").strip().split("\n")[0])
        return factory

    return wrap


def get_stage(key: str) -> StageInfo:
    _load_builtin_stages()
    if key not in STAGES:
        known = ", ".join(sorted(STAGES))
        raise PipelineError(f"unknown stage {key!r}", f"registered stages: {known}")
    return STAGES[key]


def check_chain(keys: list[str]) -> list[StageInfo]:
    """Fail before any article runs if a stage needs something no earlier stage provides."""
    infos = [get_stage(k) for k in keys]
    have = set(BASE_PROVIDES)
    for info in infos:
        missing = [r for r in info.requires if r not in have]
        if missing:
            raise PipelineError(
                f"stage {info.key} requires {', '.join(missing)}, which no earlier stage provides",
                "reorder nlp.stages or add the stage that provides it",
            )
        have.update(info.provides)
    return infos


def _load_builtin_stages() -> None:
    """Import every module in ``sitroom.nlp.stages``: importing runs its @register_stage."""
    import importlib
    import pkgutil

    from sitroom.nlp import stages

    for module in pkgutil.iter_modules(stages.__path__):
        importlib.import_module(f"sitroom.nlp.stages.{module.name}")
