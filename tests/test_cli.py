"""The CLI in-process: exit codes, outputs, one-line errors, --help matching the README."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from noteatlas.cli import main
from noteatlas.schema.layout import OUTPUT_MARKER

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli") / "notes"
    shutil.copytree(FIXTURES / "vault", root)
    return root


@pytest.fixture(scope="module")
def site(vault: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    code, stdout, stderr = run("build", str(vault), "-o", str(out))
    assert code == 0, stderr
    assert "notes" in stdout and "Diagnostics:" in stdout
    return out


def test_build_writes_every_output(site: Path) -> None:
    for name in ("atlas.json", "report.md", "explorer.html", "mindmap.mm.md", "mindmap.html",
                 "links.md", "links.json", "links.csv"):  # fmt: skip
        assert (site / name).is_file(), name
    report = (site / "report.md").read_text(encoding="utf-8")
    assert "link-unresolved" in report and "| note |" in report
    assert not list(site.glob(".*.tmp*")), "temporary files left behind"


def test_build_quiet_prints_nothing(vault: Path, tmp_path: Path) -> None:
    code, out, _err = run("build", str(vault), "-o", str(tmp_path), "-q")
    assert (code, out) == (0, "")


def test_timings_name_every_stage_in_order(vault: Path, site: Path, tmp_path: Path) -> None:
    code, out, err = run("build", str(vault), "-o", str(tmp_path / "a"), "-q", "--timings")
    assert (code, out) == (0, "")
    (line,) = err.splitlines()
    stages = [part.split(" ")[0] for part in line.removeprefix("Timings: ").split(", ")]
    assert stages[0] == "read" and stages[-1] == "total"
    for earlier, later in [("read", "documents"), ("documents", "concepts"), ("atlas", "json"),
                           ("json", "explorer"), ("links", "report")]:  # fmt: skip
        assert stages.index(earlier) < stages.index(later), line
    assert "concepts " in line and "(mentions " in line  # the mentions pass runs inside concepts
    code, out, err = run("export", str(site / "atlas.json"), "--format", "links",
                         "-o", str(tmp_path / "b"), "--timings")  # fmt: skip
    assert code == 0 and err.startswith("Timings: load ") and ", links " in err
    assert "Timings" not in run("build", str(vault), "-o", str(tmp_path / "c"), "-q")[2]


def test_stats_json_on_corpus_and_atlas(vault: Path, site: Path) -> None:
    code, out, _ = run("stats", str(vault), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["nodes"]["note"] == 11  # the vault, with the essay of 04-随笔
    # Each section counts one thing: node kinds, edge kinds, severities; totals apart.
    from noteatlas.atlas import load
    from noteatlas.schema import EdgeKind, NodeKind, Severity

    atlas = load(site / "atlas.json")
    assert set(data["nodes"]) == {k.value for k in NodeKind}
    assert set(data["edges"]) <= {k.value for k in EdgeKind}
    assert set(data["diagnostics"]) == {s.value for s in Severity}
    assert data["totals"] == {
        "nodes": len(atlas.nodes()),
        "edges": len(atlas.edges()),
        "diagnostics": len(atlas.diagnostics),
    }
    assert sum(data["edges"].values()) == data["totals"]["edges"]
    code, out2, _ = run("stats", str(site / "atlas.json"), "--json")
    assert code == 0 and json.loads(out2) == data


def test_build_inside_the_notes_folder_never_reads_its_own_outputs(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`noteatlas build . -o site` from inside the notes, twice: the second build and `check`
    see the same notes as the first, not site/ (mindmap.mm.md, links.md, report.md ...)."""
    notes = tmp_path / "notes"
    shutil.copytree(vault, notes)
    monkeypatch.chdir(notes)
    counts = []
    for _ in range(2):
        code, out, err = run("build", ".", "-o", "site", "--json")
        assert code == 0, err
        counts.append(json.loads(out)["nodes"])
    assert counts[0] == counts[1] and counts[0]["note"] == 11
    assert (notes / "site" / "mindmap.mm.md").is_file()
    code, out, _ = run("check", ".", "--offline", "--format", "json")
    cited = {o["file"] for r in json.loads(out)["results"] for o in r["occurrences"]}
    assert cited and not any(f.startswith(("site/", ".noteatlas/")) for f in cited), cited
    code, _, err = run("build", ".", "-o", ".")
    assert code == 3 and "is the folder of notes itself" in err


def test_caches_never_show_in_git_status(vault: Path, tmp_path: Path) -> None:
    """The build cache and the link cache sit in NOTES/.noteatlas/, which ignores itself."""
    from httpfaults import FaultServer, html

    repo = tmp_path / "repo"
    notes = repo / "notes"
    shutil.copytree(vault / "02-NLP", notes)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    with FaultServer("127.0.0.1") as server:
        url = server.route("/page", html("<p>ok</p>"))
        (notes / "linked.md").write_text(f"# linked\n\n<{url}>\n", encoding="utf-8")
        # Only the local page is asked; the vault's other links are excluded, not fetched.
        (notes / "noteatlas.toml").write_text(
            "[check]\ninclude = ['^http://127\\.0\\.0\\.1:']\n", encoding="utf-8"
        )
        code, out, err = run("check", str(notes), "--allow-private", "--format", "json")
    assert server.count("/page") >= 1, out + err
    assert code in (0, 2), err
    code, _, err = run("build", str(notes), "-o", str(tmp_path / "site"), "-q")
    assert code == 0, err
    cache = notes / ".noteatlas"
    assert {p.name for p in cache.iterdir()} >= {".gitignore", "build-cache.sqlite", "links.sqlite"}
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert "notes/linked.md" in status and ".noteatlas" not in status, status


def test_build_json_is_the_stats_summary_plus_outputs(vault: Path, tmp_path: Path) -> None:
    code, out, err = run("build", str(vault), "-o", str(tmp_path), "--json")
    assert code == 0, err
    data = json.loads(out)
    stats = json.loads(run("stats", str(vault), "--json")[1])
    assert {k: v for k, v in data.items() if k != "outputs"} == stats
    assert sorted(Path(p).name for p in data["outputs"]) == sorted(
        ["atlas.json", "atlas.index", "explorer.html", "mindmap.mm.md", "mindmap.html",
         "links.md", "links.json", "links.csv", "report.md"]
    )  # fmt: skip
    assert all(Path(p).is_file() for p in data["outputs"])


class Terminal(io.StringIO):
    """Captured output that says it is a terminal, as a person's shell is."""

    def isatty(self) -> bool:
        return True


def test_colour_and_tables_on_a_terminal_plain_text_when_piped(site: Path) -> None:
    atlas = str(site / "atlas.json")
    piped = run("stats", atlas)[1]
    assert "\x1b[" not in piped and piped.startswith("Atlas of 'notes': 11 notes")
    out = Terminal()
    assert main(["stats", atlas], out, io.StringIO()) == 0
    shown = out.getvalue()
    assert "\x1b[" in shown and "edges by kind" in shown and "│" in shown
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert plain.splitlines()[0] == piped.splitlines()[0]  # same words, coloured


def test_timeline_with_nothing_in_range_says_so(site: Path) -> None:
    code, out, err = run("timeline", "--start", "2030", "-i", str(site / "atlas.json"))
    assert (code, out) == (0, "")
    assert err == "No nodes between 2030 and the latest year known.\n"
    code, out, err = run("timeline", "--start", "2030", "--end", "2040", "--kind", "paper",
                         "-i", str(site / "atlas.json"), "--json")  # fmt: skip
    assert (code, json.loads(out)) == (0, [])


def test_check_quiet_prints_failures_only(vault: Path) -> None:
    code, loud, _ = run("check", str(vault), "--offline")
    code_quiet, quiet, _err = run("check", str(vault), "--offline", "-q")
    assert code == code_quiet == 2
    assert "Checked" in loud and "Checked" not in quiet
    assert "missing_anchor" in quiet and len(quiet) < len(loud)


def test_completion_scripts_come_from_the_parser() -> None:
    for shell in ("bash", "zsh", "tcsh"):
        code, out, _ = run("completion", shell)
        assert code == 0 and "noteatlas" in out
        for command in ("build", "check", "timeline", "completion", "--out"):
            assert command in out, (shell, command)
    assert "_shtab_compgen_dirs" in run("completion", "bash")[1]  # notes folders complete


def test_startup_imports_no_completion_or_terminal_library() -> None:
    """Completion must not slow down normal start-up: shtab loads for `completion` only, rich
    for a terminal only."""
    script = (
        "import sys, io\n"
        "from noteatlas.cli import main\n"
        "main(['--help'], io.StringIO(), io.StringIO())\n"
        "main(['biuld'], io.StringIO(), io.StringIO())\n"
        "print(sorted(m for m in ('shtab', 'argcomplete', 'rich') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


def test_stats_counts_concepts_and_relations_by_source(vault: Path, tmp_path: Path) -> None:
    code, out, _ = run("stats", str(vault), "--json")
    sources = json.loads(out)["sources"]
    concepts, relations = sources["concepts"], sources["relations"]
    total = sum(concepts[k] for k in ("defined", "mentioned", "vocabulary_only"))
    assert total == concepts["builtin"] + concepts["own"] == json.loads(out)["nodes"]["concept"]
    assert concepts["defined"] >= 2  # concepts/ELMo.md and concepts/BERT.md define theirs
    assert relations["from_notes"] > 0 and relations["vocabulary_only"] > 0
    by_kind = relations["by_kind"]
    assert sum(k["from_notes"] for k in by_kind.values()) == relations["from_notes"]
    assert by_kind["prerequisite_of"]["vocabulary_only"] == 0  # only notes have 前置知识
    # without the built-in vocabulary nothing is vocabulary only
    code, out, _ = run("stats", str(vault), "--json", "--no-builtin-vocabulary")
    quiet = json.loads(out)["sources"]
    assert quiet["relations"]["vocabulary_only"] == 0 == quiet["concepts"]["builtin"]
    code, text, _ = run("stats", str(vault))
    assert code == 0
    assert f"Concepts: {concepts['defined']} defined in the notes" in text
    line = next(x for x in text.splitlines() if x.startswith("Relations:"))
    assert line == (
        f"Relations: {relations['from_notes']} stated in the notes, "
        f"{relations['vocabulary_only']} from the vocabulary only"
    )


def test_show_and_path_say_where_each_relation_comes_from(vault: Path) -> None:
    code, out, _ = run("show", "ELMo", "-i", str(vault))
    assert code == 0
    assert "  -improves_on-> word2vec   [concepts/ELMo.md:17; also vocabulary]" in out
    assert "  <-improves_on- GPT-1   [vocabulary only]" in out
    assert (
        "  <-improves_on- BERT   [04-随笔/读书笔记：表示学习的演进.md:25; also vocabulary]" in out
    )
    code, out, _ = run("path", "word2vec", "BERT", "-i", str(vault), "--json")
    steps = json.loads(out)
    assert steps and all("from_notes" in s for s in steps)
    code, text, _ = run("path", "word2vec", "BERT", "-i", str(vault))
    for step, line in zip(steps, text.splitlines(), strict=True):
        assert line.endswith("[vocabulary only]") is not step["from_notes"], line


def test_schema_is_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "noteatlas atlas document"
    assert "nodes" in schema["properties"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["build", "/no/such/folder"], 1, "does not exist"),
        (["stats", "/no/such/folder"], 1, "does not exist"),
        (["frobnicate"], 64, "invalid choice"),
        (["build"], 64, "required"),
        (["build", ".", "--quite"], 64, "unrecognized arguments"),
    ],
)
def test_errors_are_one_line_without_traceback(argv: list[str], code: int, message: str) -> None:
    got, _out, err = run(*argv)
    assert got == code
    assert err.startswith("Error: ") and message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["biuld", "notes"], "Did you mean 'build'?"),
        (["chekc", "notes"], "Did you mean 'check'?"),
        (["build", "notes", "--quite"], "Did you mean '--quiet'?"),
        (["export", "x", "--format", "mindmp"], "Did you mean 'mindmap'?"),
        (["check", "x", "--format", "junti"], "Did you mean 'junit'?"),
    ],
)
def test_mistyped_command_choice_or_option_gets_a_suggestion(
    argv: list[str], suggestion: str
) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (64, "")
    assert suggestion in err.splitlines()[0]
    assert "Did you mean" not in run("frobnicate")[2]  # nothing close: no guess


def test_an_option_of_another_command_says_whose_it_is() -> None:
    code, _out, err = run("stats", "-i", "x")
    assert code == 64
    first = err.splitlines()[0]
    assert "Did you mean '-i'" not in first
    assert "-i is an option of" in first and "show" in first and "not of this command" in first


def test_usage_errors_have_their_own_exit_code_listed_in_help() -> None:
    """CI must tell a mistyped flag (64) from broken links (2); --help says which is which."""
    from noteatlas.schema.exits import EXIT_HELP, Exit

    assert len({int(code) for code in Exit}) == len(Exit)  # no two meanings share a code
    assert Exit.USAGE == 64 and Exit.BROKEN == 2
    for command in ([], ["check"]):
        code, out, _ = run(*command, "--help")
        assert code == 0
        table = out.split("exit codes:\n", 1)[1]
        for exit_code, meaning in EXIT_HELP.items():
            assert f"  {int(exit_code):<4}{meaning}" in table
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for exit_code in Exit:
        assert re.search(rf"\|\s*{int(exit_code)}\s*\|", readme), f"README lacks exit {exit_code}"


def test_unwritable_output_is_an_error(vault: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run("build", str(vault), "-o", str(blocker / "sub"))
    assert code == 1 and err.startswith("Error: Cannot write")


def test_bad_config_exits_3(vault: Path, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("bogus = 1\n")
    code, _, err = run("build", str(vault), "-o", str(tmp_path / "o"), "--config", str(config))
    assert code == 3
    assert "Invalid key 'bogus'" in err and "exclude" in err


def test_check_offline_reports_local_problems(vault: Path) -> None:
    code, out, _ = run("check", str(vault), "--offline", "--format", "json")
    assert code == 2
    data = json.loads(out)
    statuses = {(r["status"], r["url"]) for r in data["results"]}
    assert ("missing_anchor", "02-NLP/RNN与LSTM.md#不存在") in statuses
    assert ("ok", "02-NLP/RNN与LSTM.md#双向rnn") in statuses
    assert any(s == "email_as_path" for s, _ in statuses)
    assert any(s == "missing_file" and u == "02-NLP/GPT.md" for s, u in statuses)


def test_check_github_annotations(vault: Path) -> None:
    code, out, _ = run("check", str(vault), "--offline", "--format", "github")
    assert code == 2
    assert re.search(r"^::error file=.*RNN与LSTM\.md,line=20", out, re.M)


def test_python_dash_m_and_console_script() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "noteatlas", "--help"], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0 and "build" in proc.stdout


def test_readme_cli_reference_matches_help() -> None:
    """The README's CLI reference is `noteatlas <cmd> --help` verbatim."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- help:(\S*) -->\n```text\n(.*?)```", readme, re.S)
    assert blocks, "README has no CLI reference blocks"
    from noteatlas.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert {c for c, _ in blocks} == {"", *sub.choices}, "a command lacks its README block"
    for command, text in blocks:
        code, out, _ = run(*([command] if command else []), "--help")
        assert code == 0
        assert text == out, (
            f"README help for {command or 'noteatlas'!r} is stale: run `make readme`"
        )


def test_query_commands_on_atlas_json(site: Path) -> None:
    atlas = str(site / "atlas.json")
    code, out, _ = run("show", "Bert", "-i", atlas)
    assert code == 0 and out.startswith("BERT · model · 2018")
    code, out, _ = run("show", "Bert", "-i", atlas, "--json")
    assert json.loads(out)["concept"]["year"] == 2018
    code, out, _ = run("path", "word2vec", "BERT", "-i", atlas, "--json")
    steps = json.loads(out)
    assert (
        code == 0 and steps[0]["source_label"] == "word2vec" and steps[-1]["target_label"] == "BERT"
    )
    code, out, _ = run(
        "timeline", "--kind", "paper", "--start", "2013", "--end", "2014", "-i", atlas
    )
    years = {int(line.split()[0]) for line in out.splitlines()}
    assert code == 0 and years == {2013, 2014}
    code, out, _ = run("search", "双向", "-i", atlas, "--json")
    assert code == 0 and any(h["label"] == "BiRNN" for h in json.loads(out))
    code, out, _ = run("prereqs", "BERT", "-i", atlas, "--json")
    assert code == 0 and {"RNN", "Transformer"} <= {c["name"] for c in json.loads(out)}


def test_prereqs_of_a_concept_without_any_says_so_and_how_to_state_them(site: Path) -> None:
    """An empty answer printed an empty line (exit 0): it now says there are none."""
    atlas = str(site / "atlas.json")
    code, out, _ = run("prereqs", "word2vec", "-i", atlas, "--json")
    assert (code, json.loads(out)) == (0, [])  # the sample vault states none for word2vec
    code, out, _ = run("prereqs", "word2vec", "-i", atlas)
    assert code == 0
    assert out.startswith("No prerequisites of word2vec are stated.") and "前置知识" in out


def test_query_unknown_concept_suggests(site: Path) -> None:
    code, _, err = run("show", "Bertt", "-i", str(site / "atlas.json"))
    assert code == 1
    assert err.startswith("Error: ") and "BERT" in err


def test_query_on_a_corpus_folder(vault: Path) -> None:
    code, out, _ = run("show", "双向RNN", "-i", str(vault))
    assert code == 0 and out.startswith("BiRNN")


@pytest.mark.parametrize(
    ("fmt", "extra", "files"),
    [
        ("graphml", [], ["atlas.graphml"]),
        ("gexf", [], ["atlas.gexf"]),
        ("links", [], ["links.md", "links.json", "links.csv"]),
        ("mindmap", ["--mode", "lineage", "--root", "BERT"], ["mindmap.mm.md", "mindmap.html"]),
    ],
)
def test_export_one_format(
    site: Path, tmp_path: Path, fmt: str, extra: list[str], files: list[str]
) -> None:
    code, _out, err = run(
        "export", str(site / "atlas.json"), "--format", fmt, "-o", str(tmp_path), *extra
    )
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*files, OUTPUT_MARKER])


def test_lineage_mind_map_root_as_show_finds_it(site: Path, tmp_path: Path) -> None:
    """`show ＢＥＲＴ` worked while `export --mode lineage --root ＢＥＲＴ` raised NotFoundError."""
    atlas = str(site / "atlas.json")
    for name in ("ＢＥＲＴ", "BERT模型"):
        assert run("show", name, "-i", atlas)[0] == 0
        code, _out, err = run(
            "export", atlas, "--format", "mindmap", "--mode", "lineage", "--root", name,
            "-o", str(tmp_path),
        )  # fmt: skip
        assert code == 0, err
        assert (tmp_path / "mindmap.mm.md").read_text(encoding="utf-8").startswith("---")
        assert "# BERT" in (tmp_path / "mindmap.mm.md").read_text(encoding="utf-8")


def test_export_graphml_reads_back_with_networkx(site: Path, tmp_path: Path) -> None:
    import networkx as nx

    from noteatlas.atlas import load

    assert (
        run("export", str(site / "atlas.json"), "--format", "graphml", "-o", str(tmp_path))[0] == 0
    )
    graph = nx.read_graphml(tmp_path / "atlas.graphml")
    atlas = load(site / "atlas.json")
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (
        atlas.graph.number_of_nodes(),
        atlas.graph.number_of_edges(),
    )


def test_build_loads_neither_the_http_engine_nor_networkx(vault: Path, tmp_path: Path) -> None:
    """Start-up time is part of every build: what a build never uses is not imported. (The
    explorer reads vis-network from the pyvis package without importing it: pyvis imports
    IPython, jinja2 and networkx.) ``--help`` needs not even pydantic."""
    heavy = ("requests", "networkx", "pyvis", "IPython", "jinja2", "rich", "ftfy")
    script = (
        "import sys\n"
        "from noteatlas.cli import main\n"
        "main(['--help'])\n"
        "print('pydantic' in sys.modules)\n"
        "import noteatlas\n"
        f"noteatlas.build({str(vault)!r})\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
        f"assert main(['build', {str(vault)!r}, '-o', {str(tmp_path)!r}, '-q']) == 0\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-3:] == ["False", "[]", "[]"]


def test_a_build_says_its_errors_where_they_are_and_what_to_do(tmp_path: Path) -> None:
    """ "Diagnostics: 1 errors" alone sent people to report.md: the errors are printed on
    standard error with file:line and the fix, with -q too; warnings stay in the report."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ok.md").write_text("# Fine\n\nBERT uses the Transformer.\n", encoding="utf-8")
    (notes / "bad.md").write_text("---\ntitle: [unclosed\n---\n# Bad\n", encoding="utf-8")
    site = tmp_path / "site"
    for quiet in ([], ["-q"]):
        code, out, err = run("build", str(notes), "-o", str(site), *quiet)
        assert code == 0
        first, fix, pointer = err.splitlines()
        assert first.startswith("error: bad.md:2: front matter is not valid YAML")
        assert fix.startswith("  fix: ") and str(site / "report.md") in pointer
        assert ("Diagnostics: 1 errors" in out) is not bool(quiet)
    code, out, err = run("build", str(notes), "-o", str(site), "--json")
    assert err == "" and json.loads(out)["errors"][0]["file"] == "bad.md"
