"""What sort of page an external URL is: paper, code, docs, blog, video, forum, image or other.

Categories, decided by the first rule that matches:

1. ``image`` — the path ends in an image extension, or the host serves only images
   (``img.shields.io``, ``mmbiz.qpic.cn``, ``pic*.zhimg.com`` ...);
2. a known host, exactly (``zhuanlan.zhihu.com`` is a blog, ``docs.google.com`` other);
3. host prefixes: ``docs.``, ``doc.``, ``developer.``, ``wiki.`` are docs; ``blog.`` blog;
   ``discuss.``, ``forum.``, ``forums.``, ``discourse.``, ``bbs.`` forum;
4. domains whose answer depends on the path (``zhihu.com/question`` is a forum; ``huggingface.co``
   is code, its ``/docs`` docs, ``/blog`` blog, ``/papers`` paper; ``jmlr.org/papers`` a paper;
   ``paperswithcode.com/paper/`` a paper, the rest of it docs; GitHub is code, issues included);
5. known domains (suffix match): paper sites (arXiv, ACL Anthology, NeurIPS, PMLR, DOI, ACM, IEEE,
   Semantic Scholar ...), code hosts (GitHub, GitLab, Gitee, Hugging Face ...), docs (Read the
   Docs, scikit-learn, TensorFlow, d2l.ai, **Wikipedia and Baidu Baike count as docs**: reference
   material one looks things up in), blogs (``*.github.io``, Medium, CSDN blogs, cnblogs, WeChat
   articles, Jianshu ...), video (YouTube, bilibili ...), forums (Stack Overflow, Stack Exchange,
   Reddit ...);
6. paths: a ``.pdf`` on a university host (``.edu``, ``.ac.xx``) or under a paper-ish path
   (``paper``, ``pubs``, ``publications`` ...) is a paper; a ``/docs/`` path is docs; a
   ``/blog/``, ``/posts/`` or dated ``/2018/04/`` path is a blog;
7. ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from noteatlas.graph.identify.urls import NormalizedUrl
from noteatlas.schema import Category

__all__ = ["classify", "known_site"]

_P, _C, _D, _B = Category.PAPER, Category.CODE, Category.DOCS, Category.BLOG
_V, _F, _I, _O = Category.VIDEO, Category.FORUM, Category.IMAGE, Category.OTHER

_IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".ico", ".avif", ".tif")
_IMAGE_DOMAINS = (
    "img.shields.io",
    "badge.fury.io",
    "camo.githubusercontent.com",
    "user-images.githubusercontent.com",
    "private-user-images.githubusercontent.com",
    "zhimg.com",
    "mmbiz.qpic.cn",
    "csdnimg.cn",
    "upload-images.jianshu.io",
    "i.imgur.com",
)


def _each(names: str, category: Category) -> dict[str, Category]:
    return dict.fromkeys(names.split(), category)


_DOMAINS: dict[str, Category] = {
    **_each(
        "arxiv.org ar5iv.org aclanthology.org papers.nips.cc proceedings.neurips.cc "
        "papers.neurips.cc proceedings.mlr.press doi.org dl.acm.org ieeexplore.ieee.org "
        "semanticscholar.org link.springer.com sciencedirect.com openaccess.thecvf.com "
        "ojs.aaai.org ijcai.org biorxiv.org medrxiv.org pubmed.ncbi.nlm.nih.gov "
        "researchgate.net papers.ssrn.com onlinelibrary.wiley.com jstor.org "
        "citeseerx.ist.psu.edu nature.com science.org pnas.org tandfonline.com sagepub.com",
        _P,
    ),
    **_each(
        "github.com githubusercontent.com gitlab.com gitee.com bitbucket.org codeberg.org "
        "sourceforge.net colab.research.google.com kaggle.com pypi.org npmjs.com "
        "modelscope.cn",
        _C,
    ),
    **_each(
        "readthedocs.io readthedocs.org rtfd.io scikit-learn.org tensorflow.org keras.io "
        "d2l.ai wikipedia.org baike.baidu.com numpy.org scipy.org pandas.pydata.org "
        "learn.microsoft.com nltk.org spacy.io paddlepaddle.org.cn",
        _D,
    ),
    **_each(
        "zhuanlan.zhihu.com cnblogs.com blog.csdn.net mp.weixin.qq.com jianshu.com medium.com "
        "towardsdatascience.com github.io substack.com blogspot.com wordpress.com dev.to "
        "hashnode.dev distill.pub kexue.fm spaces.ac.cn ruder.io",
        _B,
    ),
    **_each(
        "youtube.com youtu.be bilibili.com b23.tv vimeo.com ixigua.com v.qq.com youku.com "
        "douyin.com videolectures.net",
        _V,
    ),
    **_each(
        "stackoverflow.com stackexchange.com superuser.com serverfault.com askubuntu.com "
        "mathoverflow.net reddit.com news.ycombinator.com v2ex.com quora.com bbs.csdn.net "
        "ask.csdn.net",
        _F,
    ),
    "docs.google.com": _O,  # Google Docs documents, not documentation
    "scholar.google.com": _O,
}
_PREFIXES: dict[str, Category] = {
    "docs": _D,
    "doc": _D,
    "developer": _D,
    "wiki": _D,
    "blog": _B,
    "discuss": _F,
    "forum": _F,
    "forums": _F,
    "discourse": _F,
    "bbs": _F,
}
_UNIVERSITY = re.compile(r"(?:^|\.)(?:edu(?:\.[a-z]{2})?|ac\.[a-z]{2}|uni-[a-z-]+\.de)\.?$")
_PAPERISH = re.compile(
    r"(?:^|[^a-z])(?:papers?|pubs|publications?|proceedings|preprints?)(?:[^a-z]|$)"
)
_DOCS_PATH = re.compile(r"/(?:docs?|documentation|manual|api)(?:/|$)")
_BLOG_PATH = re.compile(r"/(?:blog|blogs|posts?|archives|article)(?:/|$)|^/(?:19|20)\d\d/\d\d/")


def _zhihu(url: NormalizedUrl) -> Category | None:
    if url.host == "zhuanlan.zhihu.com":
        return _B
    if url.path.startswith("/question/"):
        return _F
    return _V if url.path.startswith(("/zvideo/", "/video/")) else None


def _huggingface(url: NormalizedUrl) -> Category:
    first = url.path.split("/")[1]
    return {"docs": _D, "learn": _D, "blog": _B, "papers": _P}.get(first, _C)


def _by_path(
    prefixes: dict[str, Category], default: Category | None
) -> Callable[[NormalizedUrl], Category | None]:
    def rule(url: NormalizedUrl) -> Category | None:
        for prefix, category in prefixes.items():
            if url.path.startswith(prefix):
                return category
        return default

    return rule


_PATH_RULES: dict[str, Callable[[NormalizedUrl], Category | None]] = {
    "zhihu.com": _zhihu,
    "huggingface.co": _huggingface,
    "hf.co": _huggingface,
    "pytorch.org": _by_path({"/blog": _B}, _D),
    "jmlr.org": _by_path({"/papers/": _P, "/proceedings/": _P}, None),
    "jmlr.csail.mit.edu": _by_path({"/papers/": _P, "/proceedings/": _P}, None),
    "aclweb.org": _by_path({"/anthology": _P}, None),
    "openreview.net": _by_path({"/forum": _P, "/pdf": _P, "/attachment": _P}, None),
    "paperswithcode.com": _by_path({"/paper/": _P}, _D),
    "segmentfault.com": _by_path({"/a/": _B, "/q/": _F}, None),
    "juejin.cn": _by_path({"/post/": _B}, None),
}


def classify(url: NormalizedUrl) -> Category:
    """What the URL points at (paper, code, docs, blog, video, forum, image or other)."""
    return _classify(url)


@lru_cache(maxsize=65536)
def _classify(url: NormalizedUrl) -> Category:
    host = url.host.rstrip(".")
    path = url.path.lower()
    suffixes = _suffixes(host)
    if path.endswith(_IMAGE_EXTS) or any(s in _IMAGE_DOMAINS for s in suffixes):
        return _I
    if host in _DOMAINS:
        return _DOMAINS[host]
    prefix = _PREFIXES.get(host.partition(".")[0]) if "." in host else None
    if prefix is not None:
        return prefix
    rule = next((_PATH_RULES[s] for s in suffixes if s in _PATH_RULES), None)
    found = rule(url) if rule is not None else None
    if found is not None:
        return found
    for suffix in suffixes:
        if suffix in _DOMAINS:
            return _DOMAINS[suffix]
    if path.endswith(".pdf") and (_UNIVERSITY.search(host) or _PAPERISH.search(path)):
        return _P
    if _DOCS_PATH.search(path):
        return _D
    if _BLOG_PATH.search(path):
        return _B
    return _O


def known_site(url: NormalizedUrl) -> Category | None:
    """What the URL is when its host is a listed site (rules 1, 2, 4, 5: a paper host, a code
    host, a blogging or video platform ...); None for a site nobody listed, such as a lab's own
    (its ``blog.`` or ``/2023/03/`` pages included)."""
    host = url.host.rstrip(".")
    suffixes = _suffixes(host)
    if any(s in _IMAGE_DOMAINS for s in suffixes):
        return _I
    for suffix in suffixes:
        if suffix in _DOMAINS:
            return _DOMAINS[suffix]
        if suffix in _PATH_RULES:
            return _classify(url)
    return None


def _suffixes(host: str) -> list[str]:
    """``a.b.c`` -> ``[a.b.c, b.c, c]``: the host and each parent domain, most specific first."""
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts))]
