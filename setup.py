"""The build hook; the project's metadata lives in pyproject.toml.

Before an sdist or a wheel is built, ``scripts/jsassets.py`` puts the mind map's JavaScript
(d3, markmap-view, as package-lock.json pins them) into ``exporters/assets/``, so an installed
noteatlas writes a mind map that works offline. Editable installs skip it: they run from the
source checkout, whose ``node_modules`` (``make assets``) the mind map uses.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "scripts"))

from jsassets import AssetError, bundle  # noqa: E402  (found through the line above)


def _bundle() -> None:
    try:
        bundle(HERE, log=lambda message: print(f"noteatlas: {message}", file=sys.stderr))
    except AssetError as exc:
        raise SystemExit(f"error: {exc}") from None


class BuildPy(build_py):
    """build_py that bundles the mind map's JavaScript first (not for editable installs)."""

    def run(self) -> None:
        if not self.editable_mode:
            _bundle()
            self.__dict__.pop("data_files", None)  # listed before the files were there
        super().run()


class Sdist(sdist):
    """sdist that bundles the mind map's JavaScript first, so the archive carries it."""

    def run(self) -> None:
        _bundle()
        super().run()


setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
