"""Papers without an id scheme: a page that may be a paper, known by its URL.

Many notes name a paper by a link to its PDF or to a page of a paper host instead of an id:
``[GloVe: Global Vectors for Word Representation](https://nlp.stanford.edu/pubs/glove.pdf)``,
``Paper: [Vicuna: ...](https://lmsys.org/blog/2023-03-30-vicuna/)``. Such a URL is a *candidate*
here; it becomes a paper node only when the notes give it a full title (the link text, the line,
the heading or the note about it; ``graph.paper_nodes`` decides), so a link to a page alone never
makes a paper. A candidate is

- a page of a paper host that names no id (``ieeexplore.ieee.org/document/…``,
  ``semanticscholar.org/paper/…``, ``paperswithcode.com/paper/…``, ``dl.acm.org/citation.cfm``),
  or any page ``classify`` calls a paper (a PDF on a university host or under ``/pubs/``);
- a PDF, or a page under a publications path (``/pubs/``, ``/publication/``, ``/papers/``), on a
  site that is not a listed code, docs, blog, video or forum site (``cdn.openai.com``, a lab's);
- a page of such an unlisted site that the note calls the paper (``Paper: [Title](…)``,
  ``[Link to paper](…)``, ``论文：``): an organisation's own release page (its blog included) is
  the paper when the note says so; a post on a blogging platform (Zhihu, Medium, ``github.io``) is
  someone writing *about* a paper and never is.

Never a candidate: an id host's page without an id (arXiv listings, OpenReview groups), index and
author pages, slides, lectures, books and course material.

The id is ``url:<host><path>[?query]`` of the normalised URL without ``www.``, a trailing ``/``
or a fragment: readable, stable across runs, and the same for ``http``/``https`` spellings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from noteatlas.graph.identify.categories import classify, known_site
from noteatlas.graph.identify.papers import PaperRef
from noteatlas.graph.identify.urls import NormalizedUrl
from noteatlas.schema import Category

#: The scheme of ids made from a URL.
URL_SCHEME = "url"

# Id hosts: a page of theirs without an id is a listing, a search or a broken id, not a paper.
_ID_HOSTS = (
    "arxiv.org", "ar5iv.org", "huggingface.co", "hf.co", "aclanthology.org", "aclweb.org",
    "openreview.net", "doi.org",
)  # fmt: skip
_PUBLICATIONS = re.compile(r"/(?:pubs?|publications?|papers?|proceedings)(?:/|$)", re.I)
# Pages that list, search or introduce, and documents that are not papers.
_NOT_PAPER_PATH = re.compile(
    r"(?:^|[^a-z])(?:authors?|profile|users?|search|list|group|venues?|conferences?|journals?|toc|"
    r"browse|topics?|tags?|slides?|lectures?|lec\d*|books?|ebooks?|chapters?|ch\d\d?|syllabus|"
    r"handouts?|homework|hw\d*|assignments?|exams?|posters?|ppt|cheat-?sheets?|courses?|"
    r"notes)(?:[^a-z]|$)",
    re.I,
)
_PAGE_END = re.compile(r"/(?:index\.html?)?$")


def paper_page(url: NormalizedUrl, called_paper: bool = False) -> PaperRef | None:
    """The candidate paper ``url`` may be (see the module docstring), or None.

    ``called_paper``: the note labels the link as the paper (``Paper:``, ``[Link to paper]``)."""
    return _paper_page(url, called_paper)


@lru_cache(maxsize=65536)
def _paper_page(url: NormalizedUrl, called_paper: bool) -> PaperRef | None:
    host = url.host.rstrip(".")
    bare = host.removeprefix("www.")
    if any(bare == h or bare.endswith("." + h) for h in _ID_HOSTS):
        return None
    path = url.path
    if not path.strip("/") or _NOT_PAPER_PATH.search(path) or _PAGE_END.fullmatch(path):
        return None
    category = classify(url)
    if category != Category.PAPER and (
        category not in (Category.BLOG, Category.OTHER)  # docs., images ...
        or known_site(url) is not None
        or not (path.lower().endswith(".pdf") or _PUBLICATIONS.search(path) or called_paper)
    ):
        return None
    key = bare + path.rstrip("/") + (f"?{url.query}" if url.query else "")
    return PaperRef(f"{URL_SCHEME}:{key}", "", None, None, url.url)


# A label that calls the link the paper: the link text ("paper", "Link to paper", "论文地址")
# or what the line says before the link ("Paper: [Title](...)", "论文：").
_PAPER_TEXT = re.compile(
    r"(?:(?:link|links)\s+to\s+(?:the\s+)?)?(?:original\s+|full\s+)?paper(?:\s+(?:link|page))?"
    r"|(?:原始?)?论文(?:地址|链接|原文)?|原文(?:地址|链接)?",
    re.I,
)
_PAPER_LABEL = re.compile(
    r"[\s>*_\-+•]*(?:\d+[.)]\s*)?(?:\*\*|__)?(?:paper|论文|原文)(?:\s*(?:link|title|链接|地址|名称))?"
    r"(?:\*\*|__)?\s*[:：]",
    re.I,
)


def called_paper(text: str, line: str) -> bool:
    """Whether a link's text (``[Link to paper]``) or the line before it (``Paper: [...]``)
    calls its target the paper."""
    return bool(_PAPER_TEXT.fullmatch(text.strip(" []()*_"))) or bool(_PAPER_LABEL.match(line))


__all__ = ["URL_SCHEME", "called_paper", "paper_page"]
