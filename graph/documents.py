"""Assemble the atlas: nodes and edges with evidence from every note's extract.

Document edges (links_to, embeds, cites, identifies, tagged) are made here; concepts and their
relations come from the concepts stage. Everything is sorted on the way out, so the same corpus
gives byte-identical JSON.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from noteatlas.graph.edges import EdgeBag
from noteatlas.graph.identify.categories import classify
from noteatlas.graph.identify.paper_pages import called_paper, paper_page
from noteatlas.graph.identify.papers import PaperRef, recognize_paper
from noteatlas.graph.identify.resolve import CorpusIndex, Outcome, Resolution, is_note, resolve
from noteatlas.graph.identify.urls import NormalizedUrl
from noteatlas.graph.identify.verdict import judge
from noteatlas.graph.paper_nodes import PaperShelf, note_hints
from noteatlas.schema import (
    AssetNode,
    Diagnostic,
    EdgeKind,
    Method,
    Node,
    NoteExtract,
    NoteNode,
    NoteResult,
    Reference,
    RefKind,
    ResourceNode,
    TagNode,
)
from noteatlas.schema.edges import snippet
from noteatlas.schema.rows import EdgeRow, EvidenceRow

_IMAGE_KINDS = frozenset({RefKind.IMAGE, RefKind.HTML_IMG, RefKind.EMBED})
_GENERIC_TEXT = frozenset(
    {"", "link", "links", "here", "url", "pdf", "paper", "code", "git", "github", "官网", "链接",
     "原文", "原论文", "论文", "地址", "点击", "点这里", "这里", "click here", "source", "arxiv",
     "img", "image", "图片", "wiki", "博客", "blog", "repo"}
)  # fmt: skip


def note_id(path: str) -> str:
    """Id of a note node."""
    return f"note:{path}"


def resource_id(url: str) -> str:
    """Id of an external URL node."""
    return f"url:{url}"


def asset_id(path: str) -> str:
    """Id of an asset node."""
    return f"asset:{path}"


@dataclass
class DocumentGraph:
    """Nodes, edges and diagnostics of the document layer, plus what the concepts stage needs."""

    nodes: list[Node]
    edges: list[EdgeRow]
    diagnostics: list[Diagnostic]
    note_papers: dict[str, list[tuple[Reference, str]]]
    wikilinks: dict[str, dict[str, str | None]]
    paper_years: dict[str, int | None]
    paper_aliases: dict[str, str]
    """Paper node id that a merged version's id stands for (``paper:acl:N19-1423`` -> the arXiv
    id of the same paper): a reader of written paper ids maps them through it."""
    unresolved_wikilinks: list[tuple[str, Reference, Resolution]]
    """(note path, reference, resolution) of wikilinks to no note or file, not judged yet: one
    that names a concept (``[[word2vec]]``) is fine, and concepts are known only later."""


def corpus_index(
    files: Iterable[str], dirs: Iterable[str], results: Sequence[NoteResult]
) -> CorpusIndex:
    """Index the corpus with every note's anchors and title."""
    anchors: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for r in results:
        if r.extract is None:
            continue
        ex = r.extract
        anchors[r.path] = [
            *(h.slug for h in ex.headings),
            *(h.text for h in ex.headings),
            *ex.anchors,
        ]
        titles[r.path] = ex.title
    return CorpusIndex.build(files, dirs, anchors, titles)


def _is_generic(text: str, url: str) -> bool:
    t = " ".join(text.split()).strip("[]()（）【】 ").casefold()
    return (
        t in _GENERIC_TEXT
        or t.startswith(("http://", "https://"))
        or t == url.casefold()
        or len(t) < 2
    )


def document_graph(results: Sequence[NoteResult], index: CorpusIndex) -> DocumentGraph:
    """Notes, resources, papers, assets and tags with the document edges."""
    # long: one pass over every reference of every note, dispatching on where it resolved; each
    # branch adds to the same per-corpus maps (resources, papers, assets), then they become nodes.
    bag = EdgeBag()
    diagnostics: list[Diagnostic] = []
    unresolved: list[tuple[str, Reference, Resolution]] = []
    nodes: dict[str, Node] = {}
    resource_titles: dict[str, Counter[str]] = defaultdict(Counter)
    resources: dict[str, ResourceNode] = {}
    shelf = PaperShelf()
    paper_edges: list[tuple[str, EdgeKind, str, EvidenceRow]] = []
    assets: dict[str, bool] = {}
    tags: set[str] = set()
    note_papers: dict[str, list[tuple[Reference, str]]] = defaultdict(list)
    wikilinks: dict[str, dict[str, str | None]] = defaultdict(dict)

    for r in results:
        diagnostics.extend(r.diagnostics)
        if r.extract is None:
            continue
        ex = r.extract
        nid = note_id(r.path)
        note_tags = sorted(_tags(ex.front_matter.get("tags")))
        nodes[nid] = NoteNode(
            id=nid, label=ex.title, path=r.path, title=ex.title, title_source=ex.title_source,
            front_matter=ex.front_matter, outline=ex.headings, encoding=r.encoding,
            repairs=r.repairs, tags=note_tags,
        )  # fmt: skip
        for tag in note_tags:
            tags.add(tag)
            line = ex.front_matter_lines.get("tags", 1)
            bag.add(nid, EdgeKind.TAGGED, f"tag:{tag}",
                    EvidenceRow(r.path, line, Method.FRONT_MATTER, f"tags: {tag}"))  # fmt: skip

        for ref in [*_front_matter_papers(ex), *ex.references]:
            res = resolve(index, r.path, ref)
            verdict = judge(ref, res)
            if verdict.code == "wikilink-unresolved":
                unresolved.append((r.path, ref, res))
            elif problem := verdict.diagnostic(r.path, ref.line):
                diagnostics.append(problem)
            method = Method.FRONT_MATTER if ref.column == 0 else Method.REFERENCE
            ev = EvidenceRow(r.path, ref.line, method, snippet(f"{ref.text} {ref.target}".strip()))
            embed = ref.kind in _IMAGE_KINDS
            if ref.kind in (RefKind.WIKILINK, RefKind.EMBED):
                wikilinks[r.path][ref.target] = (
                    res.path if res.outcome in (Outcome.NOTE, Outcome.FILE) else None
                )
            match res.outcome:
                case Outcome.EXTERNAL if res.url is not None:
                    url = res.url
                    rid = resource_id(url.url)
                    if rid not in resources:
                        category = classify(url)
                        resources[rid] = ResourceNode(
                            id=rid, label=url.host, url=url.url, host=url.host, category=category
                        )
                    if not _is_generic(ref.text, url.url):
                        resource_titles[rid][" ".join(ref.text.split())] += 1
                    bag.add(nid, EdgeKind.EMBEDS if embed else EdgeKind.CITES, rid, ev)
                    paper, how = _paper(ex, ref, url)
                    if paper is None:
                        continue
                    pid = shelf.add(paper, url.url)
                    found = EvidenceRow(r.path, ref.line, how, snippet(url.url))
                    paper_edges.append((rid, EdgeKind.IDENTIFIES, pid, found))
                    paper_edges.append((nid, EdgeKind.CITES, pid, ev))
                    note_papers[r.path].append((ref, pid))
                case Outcome.NOTE if res.path is not None:
                    if res.path != r.path:
                        bag.add(
                            nid,
                            EdgeKind.EMBEDS if embed else EdgeKind.LINKS_TO,
                            note_id(res.path),
                            ev,
                        )
                case Outcome.FILE if res.path is not None:
                    assets[res.path] = True
                    bag.add(
                        nid, EdgeKind.EMBEDS if embed else EdgeKind.LINKS_TO, asset_id(res.path), ev
                    )
                case Outcome.MISSING if embed and res.path:
                    assets.setdefault(res.path, False)
                    bag.add(nid, EdgeKind.EMBEDS, asset_id(res.path), ev)
        for pid, rank, hint, line in note_hints(ex, note_papers.get(r.path, [])):
            shelf.hint(pid, rank, hint, (r.path, line))

    for rid, node in resources.items():
        titles = resource_titles.get(rid)
        if titles:
            best = min(titles.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]
            node.title = best
            node.label = best
        nodes[rid] = node
    papers = shelf.settle()
    diagnostics.extend(papers.diagnostics)
    nodes.update((node.id, node) for node in papers.nodes)
    for source, kind, pid, evidence in paper_edges:
        if (paper_node := papers.node_id(pid)) is not None:
            bag.add(source, kind, paper_node, evidence)
    for path, cited in list(note_papers.items()):
        cited[:] = [(ref, p) for ref, pid in cited if (p := papers.node_id(pid)) is not None]
        if not cited:
            del note_papers[path]
    for path, exists in assets.items():
        aid = asset_id(path)
        nodes[aid] = AssetNode(id=aid, label=path.rsplit("/", 1)[-1], path=path, exists=exists)
    for tag in sorted(tags):  # in order: the stages after this one digest what they are given
        nodes[f"tag:{tag}"] = TagNode(id=f"tag:{tag}", label=f"#{tag}", name=tag)
    return DocumentGraph(
        nodes=list(nodes.values()), edges=bag.edges(), diagnostics=diagnostics,
        note_papers=dict(note_papers), wikilinks=dict(wikilinks), paper_years=papers.years,
        paper_aliases=papers.aliases, unresolved_wikilinks=unresolved,
    )  # fmt: skip


def _paper(ex: NoteExtract, ref: Reference, url: NormalizedUrl) -> tuple[PaperRef | None, Method]:
    """The paper a link names by an id (``url_pattern``), else the page it may be a paper as
    (``link_text``: a node only if the notes title it), else None."""
    paper = recognize_paper(url)
    if paper is not None:
        return paper, Method.URL_PATTERN
    called = paper_page(url, called_paper=True)  # the most the page can be (cached)
    if called is None:
        return None, Method.LINK_TEXT  # the common answer
    page = paper_page(url)
    if page is None:  # a page only the note's own words make a paper: do they?
        # column 0: a front matter value, and `paper:` calls its page the paper
        line = next((p.text for p in ex.prose if p.line == ref.line), "") if ref.column else ""
        page = called if not ref.column or called_paper(ref.text, line) else None
    return page, Method.LINK_TEXT


_ID_URLS = {
    "arxiv": "https://arxiv.org/abs/{}",
    "acl": "https://aclanthology.org/{}/",
    "doi": "https://doi.org/{}",
    "openreview": "https://openreview.net/forum?id={}",
}


def _front_matter_papers(ex: NoteExtract) -> list[Reference]:
    """``paper:`` in front matter (a URL or ``arxiv:1810.04805``) as references at column 0."""
    value = ex.front_matter.get("paper")
    values = value if isinstance(value, list) else [value]
    line = ex.front_matter_lines.get("paper", 1)
    refs = []
    for item in values:
        if not isinstance(item, str) or not item.strip():
            continue
        target = item.strip()
        scheme, _, rest = target.partition(":")
        if scheme.lower() in _ID_URLS and not rest.startswith("//"):
            target = _ID_URLS[scheme.lower()].format(rest.strip())
        refs.append(
            Reference(kind=RefKind.INLINE, target=target, text=ex.title, line=line, column=0)
        )
    return refs


def _tags(value: object) -> set[str]:
    """Front matter tags: a list, or a string separated by commas or spaces."""
    if value is None:
        return set()
    items: Iterable[object]
    if isinstance(value, str):
        items = value.replace(",", " ").split()
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    out = set()
    for item in items:
        tag = str(item).strip().lstrip("#").strip().lower()
        if tag:
            out.add(tag)
    return out


__all__ = [
    "DocumentGraph",
    "asset_id",
    "corpus_index",
    "document_graph",
    "is_note",
    "note_id",
    "resource_id",
]
