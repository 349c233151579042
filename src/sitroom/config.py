"""Configuration: the commented defaults in ``default_config.toml``, overridable per run."""

from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sitroom.errors import ConfigError

Settings = dict[str, dict[str, Any]]


def load_defaults() -> Settings:
    """Read the packaged default configuration."""
    text = resources.files("sitroom").joinpath("default_config.toml").read_text("utf-8")
    return tomllib.loads(text)


def merge_settings(base: Settings, override: Settings) -> Settings:
    """Return ``base`` updated section by section with ``override``; unknown keys are errors."""
    merged = copy.deepcopy(base)
    for section, values in override.items():
        if section not in merged:
            raise ConfigError(f"unknown config section [{section}]", "see default_config.toml")
        for key, value in values.items():
            if key not in merged[section]:
                raise ConfigError(
                    f"unknown setting {section}.{key}", "see default_config.toml for the settings"
                )
            merged[section][key] = value
    return merged


def parse_assignment(text: str) -> Settings:
    """Parse one ``section.key=value`` override; the value is read as TOML, else as a string."""
    if "=" not in text or "." not in text.split("=", 1)[0]:
        raise ConfigError(f"cannot read --set {text!r}", "write it as section.key=value")
    dotted, raw = text.split("=", 1)
    section, key = dotted.strip().split(".", 1)
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return {section: {key: value}}


def default_db_path() -> Path:
    """Per-user data path of the embedded store (XDG base directory convention)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sitroom" / "sitroom.db"


@dataclass
class Config:
    """All options of a run, travelling as one object."""

    settings: Settings = field(default_factory=load_defaults)

    @classmethod
    def load(cls, path: str | Path | None = None, assignments: tuple[str, ...] = ()) -> Config:
        """Defaults, then a TOML file, then ``section.key=value`` assignments."""
        settings = load_defaults()
        if path:
            try:
                settings = merge_settings(settings, tomllib.loads(Path(path).read_text("utf-8")))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"cannot read config file {path}: {exc}", "check --config") from exc
        for item in assignments:
            settings = merge_settings(settings, parse_assignment(item))
        return cls(settings)

    def get(self, dotted: str) -> Any:
        section, key = dotted.split(".", 1)
        return self.settings[section][key]

    def set(self, dotted: str, value: Any) -> None:
        self.settings = merge_settings(self.settings, {dotted.split(".", 1)[0]: {dotted.split(".", 1)[1]: value}})

    def store_url(self, db: str | None = None) -> str:
        """Resolve the store URL: ``--db``, then SITROOM_DB, then the config, then the default."""
        chosen = db or os.environ.get("SITROOM_DB") or self.get("store.url")
        if not chosen:
            path = default_db_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{path}"
        if "://" in chosen:
            return str(chosen)
        path = Path(chosen).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
