"""The explorer's first view is the user's collection, at every size: in real chromium, offline.

A generated paper digest (1,100 papers over three years in weekly tables, reading notes dated
three ways) and the sample vault: what the first view at 1440x900 draws, labels and bins, what
zooming in on a month shows, where notes sit, what only the vocabulary knows, the path box's
suggestions, and a view saved and restored.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from browser import PageWatch
from fixtures.explorer.make_atlas import many_papers_atlas
from test_explorer import nodes_of, payload

from noteatlas import build
from noteatlas.atlas import Atlas
from noteatlas.errors import NotFoundError
from noteatlas.exporters.explorer import write_explorer
from noteatlas.exporters.explorer_data import default_visible
from noteatlas.exporters.options import ExportOptions

sys.path.append(str(Path(__file__).resolve().parent.parent / "benchmarks"))

from make_digest import Digest, make_digest

VAULT = Path(__file__).parent / "fixtures" / "vault"
AXIS_H = 52
READABLE_PX = 11


def open_explorer(watch: PageWatch, path: Path) -> Any:
    watch.goto(path)
    watch.page.wait_for_function("window.noteatlasReady === true", timeout=60_000)
    return watch.page


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[Any, Any]]:
    return [
        (a.get("id", a.get("text")), b.get("id", b.get("text")))
        for n, a in enumerate(boxes)
        for b in boxes[n + 1 :]
        if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]
    ]


def fields(path: Path) -> dict[str, dict[str, Any]]:
    """Each node's record as the page decodes it (name, year, prominence, keyReasons ...)."""
    return {n["id"]: n for n in nodes_of(payload(path.read_text(encoding="utf-8")))}


def first_view_is_readable(page: Any) -> list[dict[str, Any]]:
    """The labels of the view: legible, apart, below the axis, clear of the bins' counts."""
    labels = page.evaluate("noteatlas.labels()")
    bins = page.evaluate("noteatlas.binLabels()")
    assert labels
    assert all(label["px"] >= READABLE_PX for label in labels)
    assert overlapping(labels) == []
    assert overlapping(bins) == []
    assert overlapping([*labels, *bins]) == []
    assert all(label["y0"] >= AXIS_H for label in labels)
    return list(labels)


# ---------------------------------------------------------------- a digest of 1,100 papers


@pytest.fixture(scope="module")
def digest(tmp_path_factory: pytest.TempPathFactory) -> tuple[Digest, Atlas, Path]:
    corpus = tmp_path_factory.mktemp("digest") / "digest"
    made = make_digest(corpus, papers=1100)
    atlas = build(corpus)
    out = tmp_path_factory.mktemp("digest-site") / "explorer.html"
    write_explorer(atlas, out.parent)
    return made, atlas, out


def test_the_digest_spans_three_years_of_weekly_tables(
    digest: tuple[Digest, Atlas, Path],
) -> None:
    made, atlas, _ = digest
    assert len(atlas.papers()) == len(made.papers) >= 1000
    weeks = sorted({p.week for p in made.papers})
    assert len(weeks) == 3 * 52 and (weeks[-1] - weeks[0]).days == 7 * (3 * 52 - 1)
    readme = atlas.get("note:README.md")
    heads = [h.text for h in readme.outline]  # type: ignore[union-attr]
    assert sum(h.startswith("Top ML Papers of the Week") for h in heads) == len(weeks)


def test_digest_first_view_shows_the_collection_with_bins(
    chromium_page: PageWatch, digest: tuple[Digest, Atlas, Path]
) -> None:
    made, _atlas, out = digest
    page = open_explorer(chromium_page, out)
    labels = first_view_is_readable(page)
    own = [label for label in labels if label["id"].startswith(("paper:", "note:"))]
    assert len(own) >= 50
    # where the papers would overlap, bins say how many they hold and do not show
    bins = page.evaluate("noteatlas.bins()")
    paper_bins = [b for b in bins if b["lane"] == "paper"]
    assert paper_bins and all(b["count"] > b["shown"] for b in paper_bins)
    drawn = set(page.evaluate("noteatlas.drawnNodes()"))
    on = set(page.evaluate("noteatlas.visibleNodes()"))
    papers_on = {i for i in on if i.startswith("paper:")}
    papers_drawn = {i for i in drawn if i.startswith("paper:")}
    assert len(papers_on) == len(made.papers)
    assert sum(b["count"] - b["shown"] for b in paper_bins) == len(papers_on - papers_drawn)
    shown_counts = page.evaluate("noteatlas.binLabels()")
    assert sum(
        int(re.match(r"\+(\d+)", b["text"])[1]) for b in shown_counts if b["lane"] == "paper"
    ) == len(papers_on - papers_drawn)  # type: ignore[index]
    binned = int(page.text_content("#count-binned"))
    assert binned == len(on - drawn) > 0 and page.locator("#binned").is_visible()
    # the fifty papers the notes stress most are drawn (any of those tied at the fiftieth place
    # may stand for it), the milestones among them
    info = fields(out)
    stress = {i: info[i].get("prominence", 0) for i in papers_on}
    fiftieth = sorted(stress.values(), reverse=True)[49]
    assert {i for i, s in stress.items() if s > fiftieth} <= papers_drawn
    assert sum(1 for i in papers_drawn if stress[i] >= fiftieth) >= 50
    assert {f"paper:arxiv:{a}" for a in made.milestones} <= papers_drawn
    assert all(
        "listed under ‘Milestone papers (must read)’" in info[f"paper:arxiv:{a}"]["keyReasons"]
        for a in made.milestones
    )
    # the axis gives a three-year digest months, with their years over them
    axis = page.evaluate("noteatlas.axis()")
    assert sum(a["level"] == "month" for a in axis) >= 24
    chromium_page.assert_clean()


def test_zooming_in_on_a_month_shows_its_papers_by_title(
    chromium_page: PageWatch, digest: tuple[Digest, Atlas, Path]
) -> None:
    made, _atlas, out = digest
    page = open_explorer(chromium_page, out)
    assert page.evaluate("noteatlas.showPeriod('2024-05')")
    may = {f"paper:arxiv:{p.arxiv}" for p in made.papers if p.arxiv.startswith("2405.")}
    assert len(may) >= 25
    drawn = set(page.evaluate("noteatlas.drawnNodes()"))
    assert may <= drawn
    assert not [
        b
        for b in page.evaluate("noteatlas.bins()")
        if b["lane"] == "paper" and b["year"] == 2024 and b["month"] == 5
    ]
    labels = first_view_is_readable(page)
    titled = {label["id"] for label in labels}
    assert may <= titled
    # by title: a label is the start of the paper's title as the digest wrote it
    texts = page.evaluate("ids => ids.map(id => noteatlas.nodeLabel(id))", sorted(may))
    titles = {f"paper:arxiv:{p.arxiv}": p.title for p in made.papers}
    for node_id, text in zip(sorted(may), texts, strict=True):
        assert titles[node_id].startswith(text.rstrip("…").split(") ", 1)[-1][:12]), (node_id, text)
    # the axis shows May's weeks under their month
    axis = page.evaluate("noteatlas.axis()")
    assert [a["text"] for a in axis if a["level"] == "week" and a["month"] == 5][:4] == [
        "1–7",
        "8–14",
        "15–21",
        "22–31",
    ]
    chromium_page.assert_clean()


def test_zoom_and_pan_open_and_close_bins(
    chromium_page: PageWatch, digest: tuple[Digest, Atlas, Path]
) -> None:
    _, _, out = digest
    page = open_explorer(chromium_page, out)
    fitted = page.evaluate("noteatlas.view().z")
    before = len(page.evaluate("noteatlas.drawnNodes()"))
    papers_binned = page.evaluate("noteatlas.bins().filter(b => b.lane === 'paper').length")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(8):
        page.mouse.wheel(0, -200)
        page.wait_for_timeout(40)
    page.wait_for_timeout(100)
    assert page.evaluate("noteatlas.view().z") > 4 * fitted
    # zoomed in: the bins on screen are finer or open, and what is drawn stays readable
    on_screen = page.evaluate(
        "noteatlas.bins().filter(b => b.lane === 'paper' && b.x1 > 0 && b.x0 < innerWidth)"
    )
    assert all(b["level"] in ("month", "week") for b in on_screen)
    assert len(on_screen) < papers_binned
    first_view_is_readable(page)
    u0 = page.evaluate("noteatlas.view().u0")
    page.mouse.move(box["x"] + 600, box["y"] + 400)
    page.mouse.down()
    page.mouse.move(box["x"] + 300, box["y"] + 400, steps=5)
    page.mouse.up()
    assert page.evaluate("noteatlas.view().u0") > u0  # dragged left: later in time
    page.click("#fit")
    assert page.evaluate("noteatlas.view().z") == fitted
    assert len(page.evaluate("noteatlas.drawnNodes()")) == before
    chromium_page.assert_clean()


def test_notes_sit_on_the_timeline_by_their_own_dates(
    chromium_page: PageWatch, digest: tuple[Digest, Atlas, Path]
) -> None:
    _, atlas, out = digest
    info = fields(out)
    daily = [n for n in atlas.notes() if n.path.startswith("notes/daily/")]
    dated = [n for n in atlas.notes() if n.front_matter.get("date")]
    topics = [n for n in atlas.notes() if n.path.startswith("notes/topics/")]
    assert daily and dated and topics
    for note in daily:
        _y, m, d = map(int, note.path.rsplit("/", 1)[1][:10].split("-"))
        rec = info[note.id]
        assert (rec.get("month"), rec.get("day"), rec["dateSource"]) == (m, d, "file name")
    for note in dated:
        assert (
            info[note.id]["dateSource"] == "front matter date"
            and "dateInferred" not in info[note.id]
        )
    for note in topics:
        assert info[note.id]["dateInferred"] == 1 and info[note.id]["dateSource"].startswith(
            "median year"
        )
    page = open_explorer(chromium_page, out)
    assert set(page.evaluate("noteatlas.visibleNodes()")) >= {n.id for n in atlas.notes()}
    page.evaluate("id => noteatlas.select(id)", daily[0].id)
    body = page.locator("#details-body")
    assert "date from the file name" in body.text_content()
    heads = [h.text_content() for h in body.locator("h3").all()]
    assert "papers" in heads and "relations" in heads  # its papers, concepts and links
    assert body.locator(".relations li", has_text="mentions").count() == 1
    assert body.locator(".relations li", has_text="cites").count() == 1
    page.evaluate("id => noteatlas.select(id)", topics[0].id)
    assert page.locator(".badge.year.inferred").text_content().startswith("≈ ")
    chromium_page.assert_clean()


# ---------------------------------------------------------------- the sample vault


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Atlas, Path]:
    corpus = tmp_path_factory.mktemp("vault") / "vault"
    shutil.copytree(VAULT, corpus)
    atlas = build(corpus)
    out = tmp_path_factory.mktemp("vault-site") / "explorer.html"
    write_explorer(atlas, out.parent, ExportOptions(note_base="../vault"))
    return atlas, out


def test_vault_first_view_draws_every_paper_and_note(
    chromium_page: PageWatch, vault: tuple[Atlas, Path]
) -> None:
    """Fewer than fifty papers and notes: all of them drawn one by one, most labelled; no bin."""
    atlas, out = vault
    page = open_explorer(chromium_page, out)
    labels = first_view_is_readable(page)
    own = {n.id for n in [*atlas.papers(), *atlas.notes()]}
    assert own <= set(page.evaluate("noteatlas.drawnNodes()"))
    assert page.evaluate("noteatlas.bins()") == []
    labelled = {label["id"] for label in labels} & own
    assert len(labelled) >= 0.8 * len(own)
    # the notes index links a note under "2013年 word2vec 的提出": it sits in 2013
    info = fields(out)
    assert info["note:02-NLP/词向量.md"]["dateSource"].startswith("heading ‘2013年")
    assert page.evaluate("noteatlas.nodeYear('note:02-NLP/词向量.md')") == 2013
    chromium_page.assert_clean()


def test_papers_known_by_id_show_the_name_the_notes_give(
    chromium_page: PageWatch, vault: tuple[Atlas, Path]
) -> None:
    atlas, out = vault
    bare = [p for p in atlas.papers() if not p.title]
    assert bare
    info = fields(out)
    page = open_explorer(chromium_page, out)
    named = [p for p in bare if info[p.id].get("nameSource")]
    assert len(named) >= len(bare) - 1  # the notes name all but one, whose links say "pdf"
    for paper in named:
        assert info[paper.id]["name"] != paper.paper_id
    page.evaluate("noteatlas.select('paper:arxiv:1706.03762')")
    body = page.text_content("#details-body")
    assert "Vaswani et al., 2017" in body and "named by link text" in body
    assert "arxiv:1706.03762" in body
    chromium_page.assert_clean()


def test_relations_say_whether_a_note_or_the_vocabulary_states_them(
    chromium_page: PageWatch, vault: tuple[Atlas, Path]
) -> None:
    _atlas, out = vault
    page = open_explorer(chromium_page, out)
    page.check("#show-vocabulary")
    page.evaluate("noteatlas.select('concept:elmo')")
    sources = page.eval_on_selector_all(
        "#details-body .relations .src",
        "els => els.map(e => [e.className, e.textContent, e.title])",
    )
    assert any("vocab" in c for c, _, _ in sources)
    noted = [(t, title) for c, t, title in sources if "notes" in c]
    assert noted and all(re.search(r":\d+$", t.strip()) for t, _ in noted)
    assert all(title.startswith("from your notes: ") for _, title in noted)
    # the path's steps: each says where it comes from
    page.fill("#path-from", "word2vec")
    page.fill("#path-to", "BERT")
    page.click("#path-go")
    steps = page.eval_on_selector_all(
        "#path-steps li[data-edge]", "els => els.map(e => [e.dataset.source, e.textContent])"
    )
    assert steps
    for source, text in steps:
        if source == "vocabulary":
            assert "only in the built-in vocabulary" in text
        else:
            assert "from your notes: " in text and re.search(r"\.md:\d+", text)
    # and hiding them takes the vocabulary's relations off the canvas
    page.click("#path-clear")
    with_vocab = len(page.evaluate("noteatlas.visibleEdges()"))
    page.uncheck("#show-vocabulary")
    assert len(page.evaluate("noteatlas.visibleEdges()")) < with_vocab
    chromium_page.assert_clean()


TYPOS = ["wordtovec", "Transfomer", "BRET", "elmo2", "词向", "attension", "zzzz"]


def test_path_box_suggests_what_noteatlas_path_suggests(
    chromium_page: PageWatch, vault: tuple[Atlas, Path]
) -> None:
    atlas, out = vault
    page = open_explorer(chromium_page, out)
    for typo in TYPOS:
        try:
            atlas.path(typo, "BERT")
        except NotFoundError as exc:
            expected = list(exc.candidates)
        else:
            continue
        assert page.evaluate("name => noteatlas.suggest(name)", typo) == expected, typo
    page.fill("#path-from", "wordtovec")
    page.fill("#path-to", "BERT")
    page.click("#path-go")
    text = page.text_content("#details-body")
    assert "No concept named wordtovec." in text and "Did you mean: word2vec" in text
    page.locator("#details-body .suggestions .linkish", has_text="word2vec").click()
    assert page.evaluate("noteatlas.selected()") == "concept:word2vec"
    chromium_page.assert_clean()


def test_back_in_time_is_explained(chromium_page: PageWatch, vault: tuple[Atlas, Path]) -> None:
    _, out = vault
    page = open_explorer(chromium_page, out)
    assert "against the years" in page.get_attribute("#backwards", "title")
    assert "against the years" in page.text_content("#backwards-help")
    chromium_page.assert_clean()


# ---------------------------------------------------------------- many papers, years only


def test_many_papers_open_as_bins_with_the_most_prominent_drawn(
    chromium_page: PageWatch, tmp_path: Path
) -> None:
    atlas, key = many_papers_atlas(1100)
    out = tmp_path / "explorer.html"
    write_explorer(atlas, out.parent)
    page = open_explorer(chromium_page, out)

    def papers(what: str) -> set[str]:
        return {i for i in page.evaluate(f"noteatlas.{what}()") if i.startswith("paper:")}

    assert papers("visibleNodes") == {p.id for p in atlas.papers()}
    assert set(page.evaluate("noteatlas.visibleNodes()")) == set(default_visible(atlas.document))
    drawn = papers("drawnNodes")
    assert len(drawn & key) >= 50 and drawn < papers("visibleNodes")
    first_view_is_readable(page)
    # a bin draws its most prominent papers: none it keeps back is more prominent
    info = fields(out)
    prominence = {p.id: info[p.id].get("prominence", 0) for p in atlas.papers()}
    for b in page.evaluate("noteatlas.bins()"):
        if b["lane"] != "paper" or b["level"] != "year":
            continue
        held = [p.id for p in atlas.papers() if p.year == b["year"]]
        shown = [prominence[i] for i in held if i in drawn]
        kept = [prominence[i] for i in held if i not in drawn]
        assert len(shown) == b["shown"] and len(kept) == b["count"] - b["shown"]
        if shown and kept:
            assert min(shown) >= max(kept), b
    # a year zoomed in on shows all its papers
    assert page.evaluate("noteatlas.showPeriod('2005')")
    assert {p.id for p in atlas.papers() if p.year == 2005} <= papers("drawnNodes")
    page.click("#fit")
    page.uncheck("#kind-paper")
    assert papers("visibleNodes") == set() and papers("drawnNodes") == set()
    assert [b for b in page.evaluate("noteatlas.bins()") if b["lane"] == "paper"] == []
    chromium_page.assert_clean()


# ---------------------------------------------------------------- a view kept across a reload


def test_view_state_survives_a_reload(
    chromium_page: PageWatch, digest: tuple[Digest, Atlas, Path]
) -> None:
    _, _, out = digest
    page = open_explorer(chromium_page, out)
    page.evaluate("noteatlas.showPeriod('2024-05')")
    page.check("#kind-resource")
    page.uncheck("#kind-resource")
    page.check("#show-vocabulary")
    page.evaluate("noteatlas.select('note:README.md', )")
    page.evaluate("noteatlas.showPeriod('2024-05')")
    saved = page.evaluate("noteatlas.viewState()")
    drawn = sorted(page.evaluate("noteatlas.drawnNodes()"))
    json.dumps(saved)  # plain JSON
    page.reload()
    page.wait_for_function("window.noteatlasReady === true", timeout=60_000)
    page.evaluate("s => noteatlas.restore(s)", saved)
    assert page.evaluate("noteatlas.selected()") == "note:README.md"
    assert page.is_checked("#show-vocabulary")
    assert page.evaluate("noteatlas.viewState()")["timeline"] == saved["timeline"]
    assert sorted(page.evaluate("noteatlas.drawnNodes()")) == drawn
    chromium_page.assert_clean()
