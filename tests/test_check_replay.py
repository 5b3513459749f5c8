"""A check replayed from the caches (``pipeline.replay``): the same report as the full check,
without pydantic or the notes' readers, and never when anything it depends on has changed."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from enum import IntEnum
from pathlib import Path

import pytest
from httpfaults import FaultServer, Reply, html, redirect
from pydantic_core import to_json

from noteatlas.cli import main
from noteatlas.linkcheck.render import _indented
from noteatlas.linkcheck.results import LinkResult, LinkStatus, Occurrence
from noteatlas.linkcheck.verdicts import PlainOccurrence, PlainResult
from noteatlas.pipeline.replay import RECORD_FILE

FORMATS = ["text", "json", "markdown", "junit", "github"]


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as srv:
        yield srv


def _notes(root: Path, server: FaultServer, prefix: str) -> dict[str, str]:
    """Notes citing a fine page, a gone one, a moved one, a refusing one (twice), an unsafe
    link, a local file that is missing and an anchor, in two folders with Chinese names."""
    urls = {
        "ok": server.route(f"{prefix}/ok", html('<h1 id="top">t</h1>')),
        "gone": server.route(f"{prefix}/gone", Reply(404)),
        "moved": server.route(f"{prefix}/moved", redirect(f"{prefix}/ok", 301)),
        "blocked": server.route(f"{prefix}/blocked", Reply(403)),
    }
    (root / "基础").mkdir(parents=True)
    (root / "笔记").mkdir()
    (root / "基础" / "a.md").write_text(
        f"# A\n\n- [ok]({urls['ok']}#top)\n- [gone]({urls['gone']})\n"
        f"- [moved]({urls['moved']})\n- [bad](javascript:alert(1))\n- [B](../笔记/b.md#b)\n",
        encoding="utf-8",
    )
    (root / "笔记" / "b.md").write_text(
        f"# B\n\n见 [blocked]({urls['blocked']}) 和 [missing](nowhere.md), "
        f"again [gone]({urls['gone']}).\n",
        encoding="utf-8",
    )
    return urls


def _check(root: Path, *options: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(root), "--allow-private", *options], out, err)
    return code, out.getvalue(), err.getvalue()


def _probe(root: Path, *options: str) -> tuple[int, bool, str]:
    """Exit code, whether pydantic or the notes' discovery was loaded, and stdout of a check
    in a process of its own."""
    probe = (
        "import io, sys\n"
        "from noteatlas.cli import main\n"
        "out = io.StringIO()\n"
        f"code = main(['check', {str(root)!r}, '--allow-private', *{list(options)!r}], out)\n"
        "heavy = 'pydantic' in sys.modules or 'noteatlas.graph.read.discover' in sys.modules\n"
        "sys.stdout.write(f'{code} {heavy}\\n' + out.getvalue())\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    first, _, rest = done.stdout.partition("\n")
    code, heavy = first.split()
    return int(code), heavy == "True", rest


def _steady(text: str) -> str:
    """A JSON report without the times of the answers made anew by each check (unsafe links)."""
    data = json.loads(text)
    for result in data["results"]:
        if not result["from_cache"]:
            result["checked_at"] = 0
    return json.dumps(data)


@pytest.fixture
def corpus(tmp_path: Path, server: FaultServer, request: pytest.FixtureRequest) -> Path:
    root = tmp_path / "notes"
    _notes(root, server, f"/{request.node.name.replace('[', '-').replace(']', '')}")
    return root


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_replayed_check_says_what_the_full_check_says(corpus: Path, fmt: str) -> None:
    cold = _check(corpus, "--format", fmt)
    assert cold[0] == 2 and (corpus / ".noteatlas" / RECORD_FILE).is_file()
    code, heavy, text = _probe(corpus, "--format", fmt)
    assert not heavy  # replayed: no model, no discovery
    # A full check that reads the notes anew (no build cache), its answers from the link cache:
    full = _check(corpus, "--format", fmt, "--no-build-cache")
    again = _check(corpus, "--format", fmt)
    assert code == full[0] == again[0] == 2
    assert again[2] == full[2] == ""
    if fmt == "json":
        assert _steady(text) == _steady(full[1]) == _steady(again[1])
        assert '"from_cache": true' in text
    else:
        assert text == full[1] == again[1]
    assert "(cached)" in text or fmt != "text"


def test_options_and_quiet_and_offline_replay_the_same(corpus: Path) -> None:
    for options in (["--strict", "-q"], ["--offline"], ["--max-age", "2h", "--format", "github"]):
        _check(corpus, *options)
        full = _check(corpus, *options, "--no-build-cache")
        code, heavy, text = _probe(corpus, *options)
        assert (code, heavy, text) == (full[0], False, full[1]), options


@pytest.mark.parametrize("change", ["edit", "new folder", "vocabulary", "output marker"])
def test_a_change_to_the_notes_is_never_replayed(corpus: Path, change: str) -> None:
    _check(corpus)
    note = corpus / "笔记" / "b.md"
    if change == "edit":
        note.write_text(note.read_text(encoding="utf-8") + "[x](also-missing.md)\n", "utf-8")
    elif change == "new folder":
        (corpus / "新").mkdir()
        (corpus / "新" / "c.md").write_text("# C\n\n[x](also-missing.md)\n", encoding="utf-8")
    elif change == "vocabulary":
        (corpus / "concepts.yaml").write_text("concepts: []\n", encoding="utf-8")
    else:  # a folder that was an output folder (skipped) becomes notes
        (corpus / "site").mkdir()
        (corpus / "site" / ".noteatlas-output").write_text("", encoding="utf-8")
        (corpus / "site" / "c.md").write_text("# C\n\n[x](also-missing.md)\n", encoding="utf-8")
        assert "also-missing.md" not in _check(corpus)[1]
        (corpus / "site" / ".noteatlas-output").unlink()
    _, heavy, text = _probe(corpus)
    assert heavy  # the full check ran
    if change != "vocabulary":
        assert "also-missing.md" in text
    assert _check(corpus)[1] == text


def test_a_missing_answer_is_asked_again(corpus: Path, server: FaultServer) -> None:
    _check(corpus)
    gone = next(p for p in server.routes if p.startswith("/test_a_missing") and "gone" in p)
    (corpus / ".noteatlas" / "links.sqlite").unlink()
    before = server.count(gone)
    code, heavy, _ = _probe(corpus)
    assert (code, heavy) == (2, True)
    assert server.count(gone) > before


def test_a_config_error_is_still_reported(corpus: Path) -> None:
    _check(corpus)
    (corpus / "noteatlas.toml").write_text("[check]\nmax_concurrency = 0\n", encoding="utf-8")
    code, out, err = _check(corpus)
    assert code == 3 and out == ""
    assert "Error: Invalid value for 'check.max_concurrency'" in err
    (corpus / "noteatlas.toml").unlink()
    assert _check(corpus)[0] == 2
    code, out, err = _check(corpus, "--max-concurrency", "0")
    assert (code, out) == (3, "")
    assert err.startswith("Error: Invalid value for --max-concurrency: must be between 1 and 256")


def test_a_damaged_record_is_read_past(corpus: Path) -> None:
    _check(corpus)
    full = _check(corpus)  # the answers from the link cache
    record = corpus / ".noteatlas" / RECORD_FILE
    for damage in ("not json", '{"format": 1}', "[]", json.dumps({"format": 1, "settings": 3})):
        record.write_text(damage, encoding="utf-8")
        assert _check(corpus) == full
        assert json.loads(record.read_text(encoding="utf-8"))["format"] == 1  # recorded anew


def test_the_plain_forms_dump_as_the_models_do() -> None:
    place = {"file": "a/笔记.md", "line": 3, "column": 5, "target": "x", "kind": "inline"}
    fields = {
        "url": "https://e.org/ü?q=1#top",
        "status": LinkStatus.REDIRECTED,
        "code": 301,
        "detail": 'HTTP 301 "Moved"',
        "hint": "",
        "final_url": "https://e.org/new",
        "redirects": ["https://e.org/new"],
        "checked_at": 1796328360.188253,
        "from_cache": True,
    }
    model = LinkResult(**fields, occurrences=[Occurrence(**place)])  # type: ignore[arg-type]
    plain = PlainResult(**fields, occurrences=[PlainOccurrence(**place)])  # type: ignore[arg-type]
    assert plain.as_json() == model.model_dump(mode="json")
    assert plain.fix_hint() == model.fix_hint() == "update the link to https://e.org/new"


class _Code(IntEnum):
    BROKEN = 2


def test_the_json_writer_writes_what_json_and_pydantic_core_write() -> None:
    document = {
        "text": 'quote " backslash \\ tab \t newline \n nul \x00 del \x7f 中文 😀 \u2028',
        "numbers": [0, -1, 2**40, 0.0, 1.5, 1796328360.188253, 1e-3],
        "flags": [True, False, None],
        "empty": [{}, [], ""],
        "nested": {"a": [{"b": [1, {"c": []}]}], "d": {}},
        "code": _Code.BROKEN,
        "status": LinkStatus.OK,
    }
    expected = json.dumps(document, ensure_ascii=False, indent=2)
    assert _indented(document) == expected
    assert to_json(document, indent=2).decode() == expected


def test_what_a_check_never_reads_does_not_stop_a_replay(corpus: Path) -> None:
    """An editor's settings folder (hidden, never walked) and the check's own caches change
    between two checks: the second is still replayed."""
    (corpus / ".obsidian").mkdir()
    _check(corpus)
    (corpus / ".obsidian" / "workspace.json").write_text("{}", encoding="utf-8")
    (corpus / ".noteatlas" / "scratch").write_text("", encoding="utf-8")
    code, heavy, _ = _probe(corpus)
    assert (code, heavy) == (2, False)
