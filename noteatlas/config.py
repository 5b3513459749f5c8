"""Configuration: ``noteatlas.toml`` or ``[tool.noteatlas]`` in ``pyproject.toml`` at the corpus root."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from noteatlas.linkcheck.config import CheckConfig, error_message
from noteatlas.schema.errors import ConfigError

CONFIG_FILE = "noteatlas.toml"


class Config(BaseModel):
    """Build settings. Every field has a default, so no file is needed."""

    model_config = ConfigDict(extra="forbid")

    exclude: list[str] = Field(default_factory=list)
    """``.gitignore``-style patterns of files and folders to skip (hidden ones are always skipped)."""
    vocabulary: list[str] = Field(default_factory=list)
    """Extra vocabulary files, relative to the corpus root (``concepts.yaml`` at the root is always read)."""
    builtin_vocabulary: bool = True
    """Use the built-in vocabulary (``content/concepts.yaml``)."""
    jobs: int | None = Field(default=None, ge=1, strict=True)
    """Worker processes for per-note work, at least 1; None means one per CPU. More than the
    CPUs this process may use is capped at them (the command line says so)."""
    cache: bool = True
    """Keep the incremental cache under ``.noteatlas/``."""
    check: CheckConfig = Field(default_factory=CheckConfig)
    """Link-check settings."""

    def digest(self) -> str:
        """Hash of the settings that change build output (cache key part)."""
        data = self.model_dump_json(exclude={"jobs", "cache", "check"})
        return hashlib.sha256(data.encode()).hexdigest()[:16]


def _valid_keys(model: type[BaseModel]) -> str:
    return ", ".join(sorted(model.model_fields))


def parse_config(data: dict[str, Any], source: str) -> Config:
    """Validate a config mapping; errors name the bad key and list the valid ones."""
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            model: type[BaseModel] = CheckConfig if loc.startswith("check.") else Config
            raise ConfigError(
                f"Invalid key '{loc}' in {source}.",
                f"Keys must be one of {{{_valid_keys(model)}}}.",
            ) from None
        raise ConfigError(f"Invalid value for '{loc}' in {source}: {error_message(err)}.") from None


def _is_file(file: Path) -> bool:
    try:
        return file.is_file()
    except OSError as exc:  # a folder on the way that may not be searched
        raise ConfigError(
            f"Cannot read config file {file}: {exc.strerror or exc}.",
            "Make it readable, or point --config at another file.",
        ) from None


def _read_toml(file: Path) -> dict[str, Any]:
    """A TOML file's tables; ConfigError when it cannot be read or parsed."""
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file} is not valid TOML: {exc}.") from None
    except OSError as exc:  # permissions, a folder, a file gone since is_file()
        raise ConfigError(
            f"Cannot read config file {file}: {exc.strerror or exc}.",
            "Make it readable, or point --config at another file.",
        ) from None


def _pyproject_section(data: dict[str, Any], file: Path) -> dict[str, Any] | None:
    """``[tool.noteatlas]`` of a pyproject.toml, None when absent; ConfigError when not a table."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(
            f"'tool' in {file} is a {type(tool).__name__}, not a table.",
            "Write it as [tool] sections, e.g. [tool.noteatlas].",
        )
    section = tool.get("noteatlas")
    if section is not None and not isinstance(section, dict):
        raise ConfigError(
            f"'tool.noteatlas' in {file} is a {type(section).__name__}, not a table.",
            "Write the settings under a [tool.noteatlas] header.",
        )
    return section


def load_config(root: Path, path: Path | None = None) -> Config:
    """Read the config for a corpus: an explicit file, else ``noteatlas.toml``, else pyproject."""
    candidates = [path] if path else [root / CONFIG_FILE, root / "pyproject.toml"]
    for file in candidates:
        if file is None or not _is_file(file):
            if path is not None:
                raise ConfigError(f"Config file {path} does not exist.")
            continue
        data = _read_toml(file)
        if file.name == "pyproject.toml" and path is None:
            section = _pyproject_section(data, file)
            if section is None:
                continue
            return parse_config(section, f"{file} [tool.noteatlas]")
        return parse_config(data, str(file))
    return Config()


# Settings whose command-line option has another name than the key.
_OPTION_NAMES = {"per_host_concurrency": "max-concurrency-per-host"}


def with_options(config: Config, **options: Any) -> Config:
    """``config`` with command-line options on top, validated by the same rules as the file:
    ``-j 0`` and ``jobs = 0`` get the same answer. Option names are the fields' names."""
    data = config.model_dump()
    data.update(options)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise ConfigError(
            f"Invalid value for --{loc.replace('_', '-')}: {error_message(err)}."
        ) from None


def parse_check_overrides(check: CheckConfig, overrides: dict[str, Any]) -> CheckConfig:
    """Apply command-line options (None means "not given") on top of the ``[check]`` table."""
    data = check.model_dump()
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return CheckConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        option = _OPTION_NAMES.get(loc, loc.replace("_", "-"))
        raise ConfigError(f"Invalid value for --{option}: {error_message(err)}.") from None
