"""Bundle the mind map's JavaScript (d3, markmap-view) into the package at build time.

``setup.py`` calls ``bundle`` before building an sdist or a wheel, so ``pip install`` gives a
mind map that works offline. The versions are the ones ``package-lock.json`` pins. The lock holds
the sha512 of each package's npm tarball, so the files are taken from that tarball once its hash
matched the lock: from npm's cache when it holds it (``make assets`` / ``npm ci`` fill it), else
fetched with ``npm pack``. They land in ``exporters/assets/`` (ignored by git) with
``manifest.json``, the sha512 of every file; an sdist carries them, and a build from an sdist
checks them against that manifest and the lock instead of asking npm again.

Run it by hand with ``python scripts/jsassets.py``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

#: npm package -> the files of its tarball the mind map needs (paths inside ``package/``).
FILES = {
    "d3": ("dist/d3.min.js", "LICENSE", "package.json"),
    "markmap-view": ("dist/browser/index.js", "LICENSE", "package.json"),
}
ASSETS_DIR = Path("exporters") / "assets"
"""Where the files go, relative to the project root (package data of ``noteatlas.exporters``)."""
MANIFEST = "manifest.json"
SKIP_ENV = "NOTEATLAS_SKIP_JS_ASSETS"
"""Set to 1 to build without the files (the mind map then loads them from a CDN and says so)."""


class AssetError(Exception):
    """The files cannot be bundled; the message says what is missing and what to do."""


def pinned(project: Path) -> dict[str, tuple[str, str]]:
    """Package -> (version, integrity) as ``package-lock.json`` pins them."""
    lock_path = project / "package-lock.json"
    try:
        packages = json.loads(lock_path.read_text(encoding="utf-8"))["packages"]
        return {
            name: (packages[f"node_modules/{name}"]["version"],
                   packages[f"node_modules/{name}"]["integrity"])
            for name in FILES
        }  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AssetError(
            f"Cannot read the pinned versions of {', '.join(FILES)} from {lock_path}: {exc!r}. "
            "Build from a complete source tree (a git clone or an sdist)."
        ) from None


def sri(data: bytes) -> str:
    """Subresource-integrity form of a sha512, as npm's lock writes it."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def bundled(project: Path) -> bool:
    """Whether ``exporters/assets`` holds every file, matching its manifest and the lock."""
    dest = project / ASSETS_DIR
    try:
        manifest = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
        lock = pinned(project)
        if manifest["packages"] != {name: list(pin) for name, pin in lock.items()}:
            return False
        expected = {f"{name}/{rel}" for name, rels in FILES.items() for rel in rels}
        if set(manifest["files"]) != expected:
            return False
        return all(
            sri((dest / rel).read_bytes()) == digest for rel, digest in manifest["files"].items()
        )
    except (OSError, ValueError, KeyError, TypeError, AssetError):
        return False


def _cache_dir() -> Path:
    # npm reads its settings from npm_config_* variables, in either case.
    configured = os.environ.get("npm_config_cache") or os.environ.get("NPM_CONFIG_CACHE")  # noqa: SIM112
    return Path(configured).expanduser() if configured else Path.home() / ".npm"


def _from_npm_cache(integrity: str) -> bytes | None:
    """The tarball with this integrity from npm's content-addressed cache (cacache), if there."""
    algorithm, _, digest = integrity.partition("-")
    try:
        hexdigest = base64.b64decode(digest).hex()
        path = _cache_dir() / "_cacache" / "content-v2" / algorithm
        return (path / hexdigest[:2] / hexdigest[2:4] / hexdigest[4:]).read_bytes()
    except (OSError, ValueError):
        return None


def _npm_pack(npm: str, name: str, version: str, log: Callable[[str], None]) -> bytes | None:
    """``npm pack name@version``: npm fetches the tarball (its cache first) into a temp dir."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [npm, "pack", f"{name}@{version}", "--prefer-offline", "--silent",
                   "--pack-destination", tmp]  # fmt: skip
        log(" ".join(["npm", *command[1:4]]))
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        tarballs = list(Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or len(tarballs) != 1:
            log(f"npm pack {name}@{version} failed: {done.stderr.strip()[-500:]}")
            return None
        return tarballs[0].read_bytes()


def _tarball(name: str, version: str, integrity: str, log: Callable[[str], None]) -> bytes:
    """The package's tarball, checked against the lock's integrity."""
    data = _from_npm_cache(integrity)
    if data is None and (npm := shutil.which("npm")):
        data = _npm_pack(npm, name, version, log)
    if data is None:
        raise AssetError(_missing_message())
    if sri(data) != integrity:
        raise AssetError(
            f"The npm tarball of {name}@{version} does not match package-lock.json "
            f"(expected {integrity}, got {sri(data)}). Clear npm's cache (npm cache clean "
            "--force) and build again."
        )
    return data


def _missing_message() -> str:
    names = ", ".join(FILES)
    return (
        f"The mind map's JavaScript ({names}, pinned in package-lock.json) is not bundled in "
        f"{ASSETS_DIR}/ and npm is not there to fetch it (or could not). Install Node.js with npm "
        "and build again, or build from an sdist (it carries the files). To build without them "
        f"anyway, set {SKIP_ENV}=1: mindmap.html then loads them from a CDN and needs the network."
    )


def bundle(project: Path, log: Callable[[str], None] = print) -> bool:
    """Put the pinned files into ``exporters/assets``; True when they are there and verified.

    Raises AssetError when they are missing and cannot be fetched, unless ``SKIP_ENV`` is set
    (then returns False). Files already there are kept when they match manifest and lock.
    """
    project = project.resolve()
    if bundled(project):
        log(f"mind-map assets in {ASSETS_DIR}/ match package-lock.json")
        return True
    try:
        lock = pinned(project)
        tarballs = {name: _tarball(name, *lock[name], log) for name in FILES}
    except AssetError:
        if os.environ.get(SKIP_ENV) == "1":
            log(f"{SKIP_ENV}=1: building without the mind map's JavaScript")
            return False
        raise
    dest = project / ASSETS_DIR
    files: dict[str, str] = {}
    with tempfile.TemporaryDirectory(dir=project) as tmp:
        staged = Path(tmp)
        for name, data in tarballs.items():
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
                for rel in FILES[name]:
                    member = tar.extractfile(f"package/{rel}")
                    if member is None:
                        raise AssetError(f"{name}@{lock[name][0]} has no {rel}.")
                    content = member.read()
                    target = staged / name / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(content)
                    files[f"{name}/{rel}"] = sri(content)
        manifest = {"packages": {n: list(pin) for n, pin in lock.items()}, "files": files}
        (staged / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        shutil.rmtree(dest, ignore_errors=True)
        staged.rename(dest)
        staged.mkdir()  # TemporaryDirectory removes what is at its path
    log(f"bundled {', '.join(f'{n} {lock[n][0]}' for n in FILES)} into {ASSETS_DIR}/")
    return True


if __name__ == "__main__":
    try:
        bundle(Path(__file__).resolve().parent.parent)
    except AssetError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)
