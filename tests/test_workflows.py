"""The GitHub side: action.yml (the link check other repositories reuse) and the workflows.

Every action they use is pinned by a full commit SHA, with its release tag in a comment: a tag
can be moved to other code, a commit cannot.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
TAG_COMMENT = re.compile(r"uses:\s*(\S+)\s+#\s*v\d+(\.\d+)*\s*$")


def _steps(document: dict[str, Any]) -> list[dict[str, Any]]:
    if "runs" in document:
        steps: list[dict[str, Any]] = document["runs"]["steps"]
        return steps
    return [step for job in document["jobs"].values() for step in job.get("steps", [])]


def _uses(path: Path) -> list[str]:
    return [s["uses"] for s in _steps(yaml.safe_load(path.read_text())) if "uses" in s]


def test_every_action_is_pinned_by_commit_with_its_tag_noted() -> None:
    assert WORKFLOWS, "no workflows found"
    for path in [ACTION, *WORKFLOWS]:
        text = path.read_text(encoding="utf-8")
        for uses in _uses(path):
            if uses.startswith("./"):  # this repository's own action: the same commit
                continue
            assert PINNED.match(uses), f"{path.name}: {uses} is not pinned to a commit"
            line = next(x for x in text.splitlines() if f"uses: {uses}" in x)
            assert TAG_COMMENT.search(line), f"{path.name}: say which release {uses} is"


def test_one_commit_per_action_everywhere() -> None:
    """The same action is never pinned to two commits (easy to miss when updating)."""
    seen: dict[str, str] = {}
    for path in [ACTION, *WORKFLOWS]:
        for uses in _uses(path):
            if uses.startswith("./"):
                continue
            name, sha = uses.split("@")
            repo = "/".join(name.split("/")[:2])
            assert seen.setdefault(repo, sha) == sha, f"{repo} pinned to two commits"


def test_action_installs_itself_and_checks_with_its_inputs() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"path", "format", "args"}
    assert action["inputs"]["format"]["default"] == "github"
    runs = [s["run"] for s in action["runs"]["steps"] if "run" in s]
    assert any('pip install --quiet "$GITHUB_ACTION_PATH"' in r for r in runs)
    check = next(s for s in action["runs"]["steps"] if "noteatlas check" in s.get("run", ""))
    assert "${{" not in check["run"], "inputs reach the script through env, not pasted in"
    assert check["env"] == {
        "NOTES": "${{ inputs.path }}",
        "FORMAT": "${{ inputs.format }}",
        "ARGS": "${{ inputs.args }}",
    }
    save = next(s for s in action["runs"]["steps"] if "cache/save" in s.get("uses", ""))
    assert save["if"] == "always()"  # a failing check still keeps what it learned


def test_workflows_cache_by_their_lock_files() -> None:
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    setups = {s["uses"].split("@")[0]: s.get("with", {}) for s in _steps(ci) if "uses" in s}
    assert setups["actions/setup-python"]["cache-dependency-path"] == "pyproject.toml"
    assert setups["actions/setup-node"]["cache-dependency-path"] == "package-lock.json"
    links = yaml.safe_load((ROOT / ".github" / "workflows" / "links.yml").read_text())
    assert any(s.get("uses") == "./" for s in _steps(links)), "links.yml uses action.yml"
