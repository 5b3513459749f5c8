"""mindmap.html in a real browser (Debian chromium, offline): it draws, safely, with no network."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from browser import PageWatch, watch_page

from noteatlas.atlas import Atlas, load
from noteatlas.exporters.mindmap import (
    CDN_SCRIPTS,
    find_assets,
    to_mindmap,
    write_mindmap,
    write_mindmap_output,
)
from noteatlas.exporters.mindmap_render import (
    count_nodes,
    first_view_level,
    markmap_options,
    to_markmap_json,
)
from noteatlas.exporters.options import ExportOptions

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "exporters" / "nlp_atlas.json"
EVIL_NOTE = "<script>alert(1)</script>"
EVIL_CONCEPT = '"><img src=x onerror="window.__pwned=1">'
MODES = [("concepts", None), ("outline", None), ("lineage", "BERT"), ("year", None)]


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load(FIXTURE)


@pytest.fixture(scope="module")
def assets_dir() -> Path:
    """The repo root when `make assets` has run; skip (or fail in CI) otherwise."""
    if find_assets(REPO) is None:
        reason = "node_modules with d3 and markmap-view is missing (run `make assets`)"
        if os.environ.get("NOTEATLAS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return REPO


def visible(node: dict[str, Any], level: int, depth: int = 1) -> int:
    """Nodes markmap draws at first: a folded node (or one at the deepest open level) is drawn,
    its descendants are not."""
    if node.get("payload", {}).get("fold") or depth >= level:
        return 1
    return 1 + sum(visible(c, level, depth + 1) for c in node["children"])


def open_map(watch: PageWatch, path: Path) -> Any:
    watch.goto(path)
    page = watch.page
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.get_attribute("body", "data-ready") == "1", page.inner_text("body")
    return page


@pytest.mark.parametrize(("mode", "root"), MODES)
def test_mindmap_draws_every_initially_open_node(
    chromium_page: PageWatch, atlas: Atlas, assets_dir: Path, tmp_path: Path, mode: str, root: str
) -> None:
    result = write_mindmap_output(
        atlas, tmp_path, ExportOptions(mindmap_mode=mode, mindmap_root=root, assets_dir=assets_dir)
    )
    assert result.inlined
    tree = to_mindmap(atlas, mode, root)
    page = open_map(chromium_page, tmp_path / "mindmap.html")
    drawn = page.locator("g.markmap-node").count()
    level = first_view_level(tree, markmap_options(mode))
    assert drawn == visible(to_markmap_json(tree), level)
    assert drawn < count_nodes(tree)  # every map starts partly folded
    assert page.get_attribute("body", "data-mode") == mode
    page.screenshot(path=f"/tmp/mindmap-{mode}.png")
    if mode == "concepts":
        page.screenshot(path="/tmp/mindmap.png")
    chromium_page.assert_clean()


def test_expand_all_draws_the_whole_tree(
    chromium_page: PageWatch, atlas: Atlas, assets_dir: Path, tmp_path: Path
) -> None:
    write_mindmap(atlas, tmp_path, ExportOptions(assets_dir=assets_dir))
    page = open_map(chromium_page, tmp_path / "mindmap.html")
    total = count_nodes(to_mindmap(atlas))
    page.click("#expand")
    page.wait_for_function(
        "n => document.querySelectorAll('g.markmap-node').length === n", arg=total
    )
    assert page.locator("g.markmap-node").count() == total
    page.screenshot(path="/tmp/mindmap-expanded.png", full_page=True)
    chromium_page.assert_clean()


@pytest.mark.parametrize(("mode", "root"), MODES)
def test_hostile_titles_show_as_text(
    chromium_page: PageWatch, atlas: Atlas, assets_dir: Path, tmp_path: Path, mode: str, root: str
) -> None:
    write_mindmap(
        atlas,
        tmp_path,
        ExportOptions(
            mindmap_mode=mode, mindmap_root=root, note_base="../notes/", assets_dir=assets_dir
        ),
    )
    page = open_map(chromium_page, tmp_path / "mindmap.html")
    if mode == "outline":
        page.click("#expand")
        page.wait_for_selector(f"text={EVIL_NOTE}")
    texts = page.eval_on_selector_all(".markmap-foreign", "els => els.map(e => e.textContent)")
    if mode != "outline":
        page.click("#expand")
        page.wait_for_selector("body[data-view='expanded']", state="attached")
    evil = EVIL_NOTE if mode == "outline" else EVIL_CONCEPT
    assert any(evil in t for t in texts)
    assert page.locator("svg script, svg img").count() == 0
    assert page.evaluate("window.__pwned") is None
    hrefs = page.eval_on_selector_all("svg a", "els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith(("https://", "../notes/")) for h in hrefs)
    assert hrefs or mode == "lineage"  # the lineage map has concepts only, and no papers
    chromium_page.assert_clean()


def test_page_without_assets_says_it_needs_the_network(
    chromium_browser: Any, atlas: Atlas, tmp_path: Path
) -> None:
    write_mindmap(atlas, tmp_path, ExportOptions(assets_dir=tmp_path))
    context, watch = watch_page(chromium_browser)
    try:
        watch.goto(tmp_path / "mindmap.html")
        watch.page.wait_for_selector("body[data-ready='error']", state="attached")
        notice = watch.page.inner_text("#notice")
    finally:
        context.close()
    assert "network" in notice
    assert sorted(set(watch.blocked)) == sorted(url for url, _ in CDN_SCRIPTS)
    assert not watch.page_errors and not watch.dialogs
