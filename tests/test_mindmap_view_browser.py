"""mindmap.html as a reader meets it, in Debian chromium (offline, 1440×900): the first view of a
big collection is readable (two or three levels, text of 12 px or more), expanding pans instead of
shrinking, the concept map comes first with the outline a click away, and note links work.

Text sizes are measured on the page: the font size of each drawn text node times the scale its
``foreignObject`` is drawn at (``getScreenCTM``), with the height of its ``getBoundingClientRect``.
Screenshots go to ``/tmp/mindmap-view-*.png``.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from browser import PageWatch

import noteatlas
from noteatlas.atlas import Atlas
from noteatlas.cli import main
from noteatlas.config import Config
from noteatlas.exporters.mindmap import find_assets, write_mindmap, write_mindmap_output
from noteatlas.exporters.options import ExportOptions

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
sys.path.append(str(REPO / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

MIN_TEXT_PX = 12.0
SHOTS = "/tmp/mindmap-view"

# Every drawn text node: its text, font size times the drawing scale, the height of its box, and
# whether it is on screen and a detail (kind, year) rather than a name.
MEASURE = """() => {
  const out = [];
  for (const fo of document.querySelectorAll("svg#mindmap foreignObject")) {
    const k = fo.getScreenCTM().a;
    const walker = document.createTreeWalker(fo, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(t);
      const box = range.getBoundingClientRect();
      const px = parseFloat(getComputedStyle(t.parentElement).fontSize) * k;
      const onScreen = box.right > 0 && box.bottom > 0 && box.left < innerWidth &&
        box.top < innerHeight;
      out.push({ text: t.textContent, px, height: box.height, onScreen,
        detail: !!t.parentElement.closest(".na-meta") });
    }
  }
  return out;
}"""


@dataclass
class Sizes:
    """What ``MEASURE`` found."""

    texts: list[dict[str, Any]]

    @property
    def smallest(self) -> float:
        return min(t["px"] for t in self.texts)

    @property
    def on_screen(self) -> int:
        return sum(t["onScreen"] for t in self.texts)

    def summary(self) -> str:
        names = [t for t in self.texts if not t["detail"]]
        return (
            f"{len(self.texts)} texts ({self.on_screen} on screen); names "
            f"{min(t['px'] for t in names):.1f}-{max(t['px'] for t in names):.1f} px, "
            f"boxes ≥ {min(t['height'] for t in names):.0f} px; smallest text {self.smallest:.1f} px"
        )


def measure(page: Any) -> Sizes:
    return Sizes(page.evaluate(MEASURE))


def scale(page: Any) -> float:
    return float(page.evaluate("() => d3.zoomTransform(document.getElementById('mindmap')).k"))


def depth(page: Any) -> int:
    """Deepest level drawn (the root is 1)."""
    return int(
        page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('g.markmap-node')]"
            ".map(g => +g.getAttribute('data-depth')))"
        )
    )


def settle(page: Any, view: str) -> None:
    page.wait_for_selector(f"body[data-view='{view}']", state="attached")
    page.wait_for_timeout(400)  # markmap's transitions (300 ms) end


def open_map(watch: PageWatch, path: Path) -> Any:
    watch.goto(path)
    page = watch.page
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.get_attribute("body", "data-ready") == "1", page.inner_text("body")
    settle(page, "first")
    return page


def report(name: str, line: str) -> None:
    """Measured numbers, shown with ``pytest -s`` (and kept next to the screenshots)."""
    print(f"{name}: {line}")
    with open(f"{SHOTS}-sizes.txt", "a", encoding="utf-8") as f:
        f.write(f"{name}: {line}\n")


@pytest.fixture(scope="module")
def assets_dir() -> Path:
    if find_assets(REPO) is None:
        reason = "node_modules with d3 and markmap-view is missing (run `make assets`)"
        if os.environ.get("NOTEATLAS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return REPO


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Atlas]:
    """A generated 120-note collection, the bundled content/ and the sample vault."""
    base = tmp_path_factory.mktemp("corpora")
    make_corpus(base / "c120", 120)
    shutil.copytree(REPO / "content", base / "content", ignore=shutil.ignore_patterns("__*"))
    config = Config(cache=False)
    return {
        "c120": noteatlas.build(base / "c120", config),
        "content": noteatlas.build(base / "content", config),
        "vault": noteatlas.build(FIXTURES / "vault", config),
    }


VIEWS = [
    ("c120", "concepts", None),
    ("c120", "outline", None),
    ("content", "concepts", None),
    ("content", "outline", None),
    ("content", "lineage", "BERT"),
    ("vault", "concepts", None),
    ("vault", "outline", None),
]


@pytest.mark.parametrize(("corpus", "mode", "root"), VIEWS)
def test_first_view_and_expand_all_stay_readable(
    chromium_page: PageWatch,
    corpora: dict[str, Atlas],
    assets_dir: Path,
    tmp_path: Path,
    corpus: str,
    mode: str,
    root: str | None,
) -> None:
    write_mindmap(
        corpora[corpus],
        tmp_path,
        ExportOptions(mindmap_mode=mode, mindmap_root=root, assets_dir=assets_dir),
    )
    page = open_map(chromium_page, tmp_path / "mindmap.html")
    name = f"{corpus}-{mode}"
    first = measure(page)
    page.screenshot(path=f"{SHOTS}-{name}-first.png")
    report(
        f"{name} first view", f"{depth(page)} levels, scale {scale(page):.2f}, {first.summary()}"
    )
    assert 2 <= depth(page) <= 3
    assert page.locator("g.markmap-node.markmap-fold").count() > 0  # the rest is folded
    assert first.smallest >= MIN_TEXT_PX
    # The first view fits the window; a lineage's two branches open a level more (two windows).
    assert first.on_screen == len(first.texts) or (
        mode == "lineage" and first.on_screen >= len(first.texts) / 2
    )

    page.click("#expand")
    settle(page, "expanded")
    expanded = measure(page)
    page.screenshot(path=f"{SHOTS}-{name}-expanded.png")
    report(f"{name} expanded", f"scale {scale(page):.2f}, {expanded.summary()}")
    assert len(expanded.texts) > len(first.texts)
    assert scale(page) >= 1 and expanded.smallest >= MIN_TEXT_PX  # not shrunk to fit
    assert expanded.on_screen > 10  # the top of the map is in view

    page.click("#collapse")
    settle(page, "first")
    assert len(measure(page).texts) == len(first.texts)
    chromium_page.assert_clean()


def test_opening_a_branch_pans_to_it_and_keeps_the_scale(
    chromium_page: PageWatch, corpora: dict[str, Atlas], assets_dir: Path, tmp_path: Path
) -> None:
    write_mindmap(corpora["content"], tmp_path, ExportOptions(assets_dir=assets_dir))
    page = open_map(chromium_page, tmp_path / "mindmap.html")
    before = scale(page)
    folded = page.locator("g.markmap-node.markmap-fold")
    last = folded.nth(folded.count() - 1)  # the lowest era: what it opens starts below
    drawn = page.locator("g.markmap-node").count()
    last.locator("circle").click()
    page.wait_for_function("n => document.querySelectorAll('g.markmap-node').length > n", arg=drawn)
    page.wait_for_timeout(700)  # the toggle's and the pan's transitions
    assert scale(page) == pytest.approx(before)
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('g.markmap-node')].map(g => {
             const b = g.getBoundingClientRect();
             return {depth: +g.getAttribute('data-depth'), top: b.top, bottom: b.bottom,
                     left: b.left, right: b.right};
           })"""
    )
    svg = page.evaluate("() => document.getElementById('mindmap').getBoundingClientRect().top")
    opened = [b for b in boxes if b["depth"] == 3]
    visible = [b for b in opened if b["top"] >= svg and b["bottom"] <= 900 and b["right"] <= 1440]
    assert opened and len(visible) >= min(len(opened), 10)
    page.screenshot(path=f"{SHOTS}-content-opened.png")
    assert measure(page).smallest >= MIN_TEXT_PX
    chromium_page.assert_clean()


def test_the_outline_is_one_click_away(
    chromium_page: PageWatch, corpora: dict[str, Atlas], assets_dir: Path, tmp_path: Path
) -> None:
    write_mindmap(corpora["vault"], tmp_path, ExportOptions(assets_dir=assets_dir))
    page = open_map(chromium_page, tmp_path / "mindmap.html")
    assert page.get_attribute("body", "data-mode") == "concepts"
    assert page.get_attribute("#modes button[data-mode='concepts']", "aria-pressed") == "true"
    concepts = [t["text"] for t in measure(page).texts]
    page.click("#modes button[data-mode='outline']")
    page.wait_for_selector("body[data-mode='outline']", state="attached")
    settle(page, "first")
    outline = [t["text"] for t in measure(page).texts]
    assert "02-NLP/" in outline and "02-NLP/" not in concepts
    assert page.get_attribute("#modes button[data-mode='outline']", "aria-pressed") == "true"
    assert measure(page).smallest >= MIN_TEXT_PX
    chromium_page.assert_clean()


def test_a_collection_without_concepts_shows_its_outline_and_says_why(
    chromium_page: PageWatch, assets_dir: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# 购物清单\n\n- 牛奶\n", encoding="utf-8")
    (notes / "b.md").write_text("# Trip\n\n## Day one\n", encoding="utf-8")
    atlas = noteatlas.build(notes, Config(cache=False, builtin_vocabulary=False))
    result = write_mindmap_output(atlas, tmp_path / "site", ExportOptions(assets_dir=assets_dir))
    assert result.mode == "outline"
    page = open_map(chromium_page, tmp_path / "site" / "mindmap.html")
    assert page.get_attribute("body", "data-mode") == "outline"
    assert "fewer than 3 concepts" in page.inner_text("#map-notice")
    assert page.locator("#modes button").count() == 0  # nothing else to switch to
    page.screenshot(path=f"{SHOTS}-no-concepts.png")
    chromium_page.assert_clean()


def test_note_links_reach_the_notes_beside_the_output(
    chromium_page: PageWatch, assets_dir: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "vault", repo / "notes")
    site = repo / "site"
    assert main(["build", str(repo / "notes"), "-o", str(site), "-q", "--no-build-cache"]) == 0
    page = open_map(chromium_page, site / "mindmap.html")
    for mode in ("concepts", "outline"):
        page.click(f"#modes button[data-mode='{mode}']")
        page.wait_for_selector(f"body[data-mode='{mode}']", state="attached")
        page.click("#expand")
        settle(page, "expanded")
        hrefs = page.eval_on_selector_all(
            "svg a", "els => els.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"
        )
        local = [h for h in hrefs if h.startswith("file:")]
        assert local, mode
        for href in local:
            assert Path(unquote(urlsplit(href).path)).is_file(), href
    # A click on a note opens it (a local file: no network).
    with page.context.expect_page() as opened:
        # The link may sit outside the window (the map pans, the page does not scroll).
        page.locator("svg a[href$='BERT.md']").first.dispatch_event("click")
    note = opened.value
    note.wait_for_load_state()
    assert note.url.endswith("/repo/notes/concepts/BERT.md")
    chromium_page.assert_clean()


def test_published_links_use_the_link_base(
    chromium_page: PageWatch, assets_dir: Path, tmp_path: Path
) -> None:
    base = "https://github.com/u/notes/blob/main/"
    code = main(
        [
            "build",
            str(FIXTURES / "vault"),
            "-o",
            str(tmp_path / "site"),
            "-q",
            "--no-build-cache",
            "--link-base",
            base,
        ]
    )
    assert code == 0
    page = open_map(chromium_page, tmp_path / "site" / "mindmap.html")
    page.click("#modes button[data-mode='outline']")
    page.wait_for_selector("body[data-mode='outline']", state="attached")
    page.click("#expand")
    settle(page, "expanded")
    hrefs = page.eval_on_selector_all("svg a", "els => els.map(a => a.getAttribute('href'))")
    notes = [h for h in hrefs if h.startswith("https://github.com/u/")]
    assert notes and all(h.startswith(base) for h in notes)
    assert base + "02-NLP/%E8%AF%8D%E5%90%91%E9%87%8F.md#word2vec" in notes
    assert not [h for h in hrefs if not h.startswith("https://")]
    chromium_page.assert_clean()
