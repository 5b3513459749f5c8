"""What a command loads before it knows it needs it: the answers that come from what an earlier
run left (a site as it was, a question asked of an atlas.json, a check of unchanged notes) load
neither the notes' readers nor the Chinese segmenter."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from noteatlas.cli import main

FIXTURES = Path(__file__).parent / "fixtures"

#: Loaded only to read notes: the pipeline's build, Markdown parsing, segmentation.
READERS = ("noteatlas.pipeline.build", "noteatlas.graph.extract.note", "markdown_it", "rjieba")


def _loaded(argv: list[str]) -> dict[str, bool]:
    """Run the CLI with ``argv`` in a fresh interpreter; which of READERS it imported."""
    probe = (
        "import json, sys\n"
        "from noteatlas.cli import main\n"
        f"code = main({argv!r})\n"
        f"print(json.dumps({{m: m in sys.modules for m in {list(READERS)!r}}}))\n"
        "sys.exit(code)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode in (0, 2), out.stderr
    loaded: dict[str, bool] = json.loads(out.stdout.strip().splitlines()[-1])
    return loaded


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("imports") / "notes"
    shutil.copytree(FIXTURES / "vault", root, ignore=shutil.ignore_patterns(".noteatlas"))
    site = root.parent / "site"
    assert main(["build", str(root), "-o", str(site), "-q", "-j", "1"]) == 0
    return root, site


def test_a_build_of_a_site_as_it_was_reads_nothing(built: tuple[Path, Path]) -> None:
    root, site = built
    loaded = _loaded(["build", str(root), "-o", str(site), "-q", "-j", "1"])
    assert not any(loaded.values()), loaded


def test_a_question_asked_of_an_atlas_loads_no_reader(built: tuple[Path, Path]) -> None:
    _, site = built
    loaded = _loaded(["show", "BERT", "-i", str(site / "atlas.json")])
    assert not any(loaded.values()), loaded


def test_a_build_after_an_edit_does_read(built: tuple[Path, Path]) -> None:
    """The other side: the probe sees the readers when they are needed."""
    root, site = built
    note = sorted(root.rglob("*.md"))[0]
    note.write_text(note.read_text(encoding="utf-8") + "\n注意力机制的一种变体。\n", "utf-8")
    loaded = _loaded(["build", str(root), "-o", str(site), "-q", "-j", "1"])
    assert loaded["noteatlas.pipeline.build"] and loaded["markdown_it"] and loaded["rjieba"]
