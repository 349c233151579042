"""Shared fixtures: the spaCy model is loaded once per session; stores are per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.config import Config
from sitroom.nlp.pipeline import Pipeline
from sitroom.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"


@pytest.fixture(scope="session")
def config() -> Config:
    return Config.load()


@pytest.fixture(scope="session")
def pipeline(config: Config) -> Pipeline:
    return Pipeline(config)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'test.db'}")


@pytest.fixture(autouse=True)
def _no_user_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's real store: the default path points into a temp dir."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.delenv("SITROOM_DB", raising=False)
