"""noteatlas as a user installs it: built from a fresh clone, installed into a new venv, run from
another folder, its mind map opened offline in Chromium.

The build is PyPA's ``build`` without isolation (the backend comes from this venv, so no index is
asked) and npm offline (the tarballs come from npm's cache that ``make assets`` filled): nothing
in this test touches the network. The new venv gets noteatlas from the wheel only; the third-party
dependencies are this venv's, reached through a ``.pth`` path entry (which does not run this
venv's editable-install hook), since installing them would need an index.
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
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from browser import PageWatch, unavailable

REPO = Path(__file__).resolve().parent.parent
VAULT = Path(__file__).parent / "fixtures" / "vault"
#: npm package -> the file of its tarball the mind map inlines, and where the wheel keeps it.
SHIPPED = {
    "d3": ("package/dist/d3.min.js", "noteatlas/exporters/assets/d3/dist/d3.min.js"),
    "markmap-view": (
        "package/dist/browser/index.js",
        "noteatlas/exporters/assets/markmap-view/dist/browser/index.js",
    ),
}


def _sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _locked_file(name: str, member: str, tmp: Path, env: dict[str, str]) -> bytes:
    """``member`` from the npm tarball of ``name`` at the version and integrity the lock pins."""
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    pin = lock["packages"][f"node_modules/{name}"]
    dest = tmp / f"pack-{name}"
    dest.mkdir()
    subprocess.run(
        ["npm", "pack", f"{name}@{pin['version']}", "--silent", "--pack-destination", str(dest)],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    (tarball,) = dest.glob("*.tgz")
    data = tarball.read_bytes()
    assert _sri(data) == pin["integrity"], f"{name} tarball does not match package-lock.json"
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        extracted = tar.extractfile(member)
        assert extracted is not None
        return extracted.read()


@pytest.mark.slow
def test_wheel_from_a_fresh_clone_installs_an_offline_mind_map(
    chromium_page: PageWatch, tmp_path: Path
) -> None:
    if shutil.which("npm") is None or shutil.which("git") is None:
        unavailable("npm and git are needed to build noteatlas from a clone")
    env = {**os.environ, "npm_config_offline": "true", "PIP_NO_INDEX": "1"}
    env.pop("PYTHONPATH", None)

    # 1. A fresh clone (what is committed, no node_modules), built into an sdist, then a wheel
    # from that sdist, as `python -m build` does.
    clone, dist = tmp_path / "clone", tmp_path / "dist"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, env=env)
    assert not (clone / "node_modules").exists() and not (clone / "exporters/assets").exists()
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(clone)],
        cwd=tmp_path, capture_output=True, text=True, env=env,  # a build/ folder would shadow
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    log = built.stdout + built.stderr
    assert "deprecated" not in log.lower() and "Package would be ignored" not in log
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")

    # 2. Both carry the files, byte for byte those of the tarballs package-lock.json pins.
    with zipfile.ZipFile(wheel) as zf:
        in_wheel = {name: zf.read(path) for name, (_m, path) in SHIPPED.items()}
        names = set(zf.namelist())
    with tarfile.open(sdist) as tar:
        prefix = tar.getnames()[0].split("/")[0]
        in_sdist = {}
        for name, (_m, path) in SHIPPED.items():
            member = tar.extractfile(f"{prefix}/{path.removeprefix('noteatlas/')}")
            assert member is not None
            in_sdist[name] = member.read()
    for name, (member, _path) in SHIPPED.items():
        locked = _locked_file(name, member, tmp_path, env)
        assert in_wheel[name] == locked == in_sdist[name], name
    assert {"noteatlas/py.typed", "noteatlas-0.1.0.dist-info/licenses/LICENSE"} <= names
    metadata = zipfile.ZipFile(wheel).read("noteatlas-0.1.0.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata and "Classifier: Typing :: Typed" in metadata

    # 3. A new venv with noteatlas from the wheel only.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         str(wheel)],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    notes, elsewhere = tmp_path / "notes", tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import noteatlas; print(noteatlas.__file__)"],
        cwd=elsewhere, check=True, capture_output=True, text=True, env=env,
    ).stdout.strip()  # fmt: skip
    assert Path(where).resolve().is_relative_to(venv.resolve()), where

    # 4. Its console script, run from another folder on a small corpus.
    shutil.copytree(VAULT, notes)
    done = subprocess.run(
        [str(venv / "bin" / "noteatlas"), "build", str(notes), "-o", "site"],
        cwd=elsewhere, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "mindmap.html" in done.stdout and "network" not in done.stderr, done.stderr

    # 5. The mind map draws offline: no request at all, markmap's nodes on the page.
    chromium_page.goto(elsewhere / "site" / "mindmap.html")
    page = chromium_page.page
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.get_attribute("body", "data-ready") == "1", page.inner_text("body")
    assert page.locator("svg g.markmap-node").count() > 3
    assert page.locator("#notice").count() == 0
    page.screenshot(path="/tmp/mindmap-installed.png")
    chromium_page.assert_clean()
