"""What every command needs: the config its options make, the atlas it asks about, JSON output."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from noteatlas.atlas import Atlas
    from noteatlas.config import Config


def config_of(args: argparse.Namespace, root: Path, err: TextIO | None = None) -> Config:
    """The corpus's config with the command line's options on top, its ``jobs`` capped at the
    CPUs (a warning on ``err`` says what was asked and what is used)."""
    from noteatlas.config import load_config, with_options
    from noteatlas.pipeline.jobs import worker_count

    config = load_config(root, args.config) if root.is_dir() or args.config else None
    if config is None:
        from noteatlas.config import Config

        config = Config()
    options: dict[str, object] = {}
    if getattr(args, "no_builtin_vocabulary", False):
        options["builtin_vocabulary"] = False
    if getattr(args, "jobs", None) is not None:
        options["jobs"] = args.jobs
    if getattr(args, "no_build_cache", False):
        options["cache"] = False
    if options:
        config = with_options(config, **options)
    used, capped = worker_count(config.jobs)
    if capped is not None:
        if err is not None and not getattr(args, "quiet", False):
            err.write(f"Warning: {capped.message} {capped.hint}\n")
        config = config.model_copy(update={"jobs": used})
    return config


def atlas_of(args: argparse.Namespace, err: TextIO) -> Atlas:
    """Load an atlas.json, or build a corpus folder."""
    from noteatlas.atlas import load

    if args.path is None:
        default = os.environ.get("NOTEATLAS_ATLAS") or (
            "site/atlas.json" if Path("site/atlas.json").is_file() else "."
        )
        args.path = default
    path = Path(args.path).expanduser()
    if path.is_file() and path.suffix == ".json":
        return load(path)
    from noteatlas.pipeline.inputs import corpus_root
    from noteatlas.pipeline.reuse import build_or_reuse  # here: loading an atlas.json never builds

    root = corpus_root(path)
    return build_or_reuse(root, config_of(args, root, err))


def dump_json(value: Any, out: TextIO) -> None:
    """Print a query's pydantic answer as sorted, indented JSON."""
    from pydantic import TypeAdapter

    data = TypeAdapter(type(value) if not isinstance(value, list) else list[Any]).dump_python(
        value, mode="json"
    )
    out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


__all__ = ["atlas_of", "config_of", "dump_json"]
