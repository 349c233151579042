"""Shared fixtures: the spaCy model is loaded once per session; stores are per test.

Every test that takes the ``store`` or ``db_url`` fixture runs once on SQLite and once on a
throwaway PostgreSQL cluster that the session starts on 127.0.0.1 (``initdb`` in a temp
folder, removed afterwards). ``--backends sqlite`` runs SQLite only; where PostgreSQL's server
binaries are missing the PostgreSQL runs are skipped with one line saying how to get them.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from sitroom.config import Config
from sitroom.nlp.pipeline import Pipeline
from sitroom.store import Store
from sitroom.store.throwaway import ClusterUnavailable, ThrowawayCluster

# The brief keeps quote vectors in the user's cache dir (resolve/statements/vectors.py): tests,
# and the commands they run in subprocesses, use a cache of their own, removed at exit.
if "SITROOM_CACHE_DIR" not in os.environ:
    _cache = tempfile.mkdtemp(prefix="sitroom-test-cache-")
    os.environ["SITROOM_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, True)

# No per-example deadline: these machines are shared and noisy, and a slow example is not a bug
# (speed is measured in benchmarks/, never in tests).
settings.register_profile("sitroom", deadline=None)
settings.load_profile("sitroom")

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"


@pytest.fixture(scope="session")
def config() -> Config:
    return Config.load()


@pytest.fixture(scope="session")
def pipeline(config: Config) -> Pipeline:
    return Pipeline(config)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--backends", default="sqlite,postgresql",
                     help="store backends that store tests run on (comma-separated: sqlite,postgresql)")  # fmt: skip


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        wanted = [b.strip() for b in metafunc.config.getoption("backends").split(",") if b.strip()]
        # Module scope: a module's shared store (the API tests') is built once per backend.
        metafunc.parametrize("backend", wanted, scope="module")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayCluster | None]:
    """One PostgreSQL server for the whole session, or None (with the reason) when it cannot start."""
    try:
        cluster = ThrowawayCluster().start()
    except ClusterUnavailable as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty store URL on the backend under test."""
    yield from _fresh_store_url(backend, tmp_path / "test.db", request)


@pytest.fixture(scope="module")
def module_db_url(backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[str]:
    """Like ``db_url``, for a store that every test of a module shares."""
    yield from _fresh_store_url(backend, tmp_path_factory.mktemp("module-store") / "shared.db", request)


def _fresh_store_url(backend: str, sqlite_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A SQLite file, or a new database on the session's PostgreSQL cluster, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{sqlite_path}"
        return
    cluster: ThrowawayCluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.engine.dispose()


@pytest.fixture(autouse=True)
def _no_user_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's real store: the default path points into a temp dir."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.delenv("SITROOM_DB", raising=False)
