"""Paper recognition: the scheme-qualified id a URL names, with what the id itself tells. Titles
and other hints from what the notes write next to a link are ``graph.identify.titles``.

Only what a URL states is used: an arXiv paper and its ACL Anthology version are two ids here
(the document layer makes them one paper only when the notes give both the same title; see
``graph.paper_nodes``). Ids and the facts derived from them:

- arXiv ``arxiv:1810.04805`` (version dropped; old style ``arxiv:hep-th/9901001``, subject class
  dropped): year and month from ``YYMM``; abs/pdf/html/ps pages, ``export.arxiv.org``, ar5iv,
  ``huggingface.co/papers/<id>`` and DOI ``10.48550/arXiv.<id>``.
- ACL Anthology ``acl:D14-1181`` (letter = venue, two digits = year, 60-99 -> 19xx) and
  ``acl:2020.acl-main.1`` (year and venue from the id), also on ``aclweb.org/anthology`` and as
  DOI ``10.18653/v1/<id>``.
- NeurIPS ``neurips:2013/<hash>`` (``file`` and ``hash`` pages of one paper share the hash) and
  old ``papers.nips.cc/paper/5021-slug`` as ``neurips:5021`` (no year in such a URL).
- JMLR ``jmlr:v3/bengio03a``: year from the key's two digits (``bengio03a`` -> 2003) when it has
  them, else volume + 1999 (volume 1 is 2000; v3 -> 2003, v15 -> 2014, v21 -> 2020).
- PMLR ``pmlr:v37/ioffe15`` (also the old ``jmlr.org/proceedings/papers`` home): year from the key.
- OpenReview ``openreview:<id>`` from ``forum``/``pdf``/``attachment?id=``; no year.
- DOI ``doi:<lower-cased doi>`` from ``doi.org`` and from publisher pages that carry the DOI
  in their path (ACM DL, Wiley, Springer ...); no year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from noteatlas.graph.identify.urls import NormalizedUrl, normalize_url


@dataclass(frozen=True)
class PaperRef:
    """A paper as one URL identifies it."""

    paper_id: str
    """Scheme-qualified id: ``arxiv:1810.04805``, ``acl:D14-1181``, ``doi:10.1162/...``."""
    venue: str
    """Where it appeared: ``arXiv``, ``EMNLP``, ``NeurIPS``, ``JMLR``, ``PMLR``, ``DOI`` ..."""
    year: int | None
    """Year the id tells, or None."""
    month: int | None
    """Month the id tells (arXiv only), or None."""
    canonical_url: str
    """One landing-page URL for the id, normalised."""


_ARXIV_ID = (
    r"(?:(?i:arxiv):)?(?:(?P<new>(?P<yy>\d\d)(?P<mm>\d\d)\.(?P<seq>\d{4,5}))"
    r"|(?P<arch>[a-z]+(?:-[a-z]+)*)(?:\.[A-Za-z]{2})?/(?P<old>(?P<oyy>\d\d)(?P<omm>\d\d)\d{3}))"
    r"(?:v\d+)?"
)
_ARXIV_PATH = re.compile(rf"/(?:abs|pdf|html|ps|format|papers)/{_ARXIV_ID}(?:\.pdf)?/?")
_ARXIV_BARE = re.compile(_ARXIV_ID)
_ACL_ID = (
    r"(?:(?P<letter>[A-Z])(?P<yy>\d\d)-(?P<num>\d{4})"
    r"|(?P<year>(?:19|20)\d\d)\.(?P<vol>[a-z\d]+(?:-[a-z\d]+)*)\.(?P<nnum>\d+))"
)
_ACL_PATH = re.compile(
    rf"(?:/anthology)?(?:/[A-Z]/[A-Z]\d\d)?/{_ACL_ID}(?:v\d+)?(?:\.pdf|\.bib|\.xml)?/?"
)
_ACL_BARE = re.compile(_ACL_ID)
_NIPS_HASH = re.compile(
    r"/(?:paper_files/)?paper/(?P<year>\d{4})/(?:file|hash)/(?P<hash>[0-9a-f]{32})-[\w-]*\.\w+"
)
_NIPS_OLD = re.compile(r"/paper/(?P<num>\d+)-[^/]*?(?:\.pdf)?/?")
_JMLR = re.compile(
    r"/papers/v(?:olume)?(?P<vol>\d+)/(?P<key>[a-z][a-z-]*\d\d[a-z]{0,2}|\d\d-\d{3,4})"
    r"(?:\.html|\.pdf|/(?:[^/]+\.pdf)?)?"
)
_PMLR = re.compile(
    r"(?:/proceedings/papers)?/v(?P<vol>\d+)/(?P<key>[A-Za-z][A-Za-z0-9_-]*?)(?:-supp)?"
    r"(?:\.html|\.pdf|/(?:[^/]+\.pdf)?)?"
)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_IN_PATH = re.compile(
    r"/(?:doi/(?:abs/|full/|pdf/|epdf/|fullHtml/|book/)?|article/|chapter/)(?P<doi>10\.\d{4,9}/.+?)(?:\.pdf)?"
)
_OPENREVIEW_ID = re.compile(r"[A-Za-z0-9_-]{5,}")

_ACL_LETTERS = {
    "P": "ACL", "N": "NAACL", "D": "EMNLP", "E": "EACL", "C": "COLING", "Q": "TACL",
    "J": "CL", "W": "Workshop", "S": "SemEval/*SEM", "K": "CoNLL", "I": "IJCNLP",
    "L": "LREC", "Y": "PACLIC", "O": "ROCLING", "U": "ALTA", "H": "HLT", "A": "ANLP",
    "M": "MUC", "R": "RANLP", "F": "JEP/TALN/RECITAL", "T": "TINLAP", "X": "TIPSTER",
}  # fmt: skip
_ACL_VOLUMES = {
    "acl": "ACL", "naacl": "NAACL", "emnlp": "EMNLP", "eacl": "EACL", "aacl": "AACL",
    "coling": "COLING", "tacl": "TACL", "cl": "CL", "conll": "CoNLL", "lrec": "LREC",
    "semeval": "SemEval", "starsem": "*SEM", "wmt": "WMT", "ijcnlp": "IJCNLP",
}  # fmt: skip


def recognize_paper(url: NormalizedUrl) -> PaperRef | None:
    """The paper ``url`` names by a known id scheme, or None (never a guess from a title)."""
    return _recognize(url)


@lru_cache(maxsize=65536)
def _recognize(url: NormalizedUrl) -> PaperRef | None:
    host = url.host.rstrip(".")
    handler = _HOSTS.get(host) or _HOSTS.get(host.partition(".")[2])
    return handler(url) if handler is not None else None


def _arxiv(url: NormalizedUrl) -> PaperRef | None:
    # "(https://arxiv.org/pdf/1512.03385.pdf])": a stray bracket typed after the id still names
    # it (the link checker reports the URL as written)
    m = _ARXIV_PATH.fullmatch(_STRAY_END.sub("", url.path))
    return _arxiv_ref(m) if m else None


_STRAY_END = re.compile(r"(?:%5[Dd]|\]|\)|%29)+$")


def _hf_papers(url: NormalizedUrl) -> PaperRef | None:
    m = _ARXIV_PATH.fullmatch(url.path)
    return _arxiv_ref(m) if m and m["new"] else None


def _arxiv_ref(m: re.Match[str]) -> PaperRef | None:
    if m["new"]:
        yymm, year, month = int(m["yy"] + m["mm"]), 2000 + int(m["yy"]), int(m["mm"])
        # 4-digit numbers until 1412, 5 digits from 1501; new-style ids start in 0704
        if yymm < 704 or len(m["seq"]) != (5 if yymm >= 1501 else 4):
            return None
        pid = m["new"]
    else:
        yy, month = int(m["oyy"]), int(m["omm"])
        year = 1900 + yy if yy >= 91 else 2000 + yy
        if not 199108 <= year * 100 + month <= 200703:
            return None
        pid = f"{m['arch']}/{m['old']}"
    if not 1 <= month <= 12:
        return None
    return PaperRef(f"arxiv:{pid}", "arXiv", year, month, f"https://arxiv.org/abs/{pid}")


def _acl(url: NormalizedUrl) -> PaperRef | None:
    if url.host.endswith("aclweb.org") and not url.path.startswith("/anthology/"):
        return None
    m = _ACL_PATH.fullmatch(url.path)
    return _acl_ref(m) if m else None


def _acl_ref(m: re.Match[str]) -> PaperRef:
    if m["letter"]:
        pid = f"{m['letter']}{m['yy']}-{m['num']}"
        yy = int(m["yy"])
        year = 1900 + yy if yy >= 60 else 2000 + yy
        venue = _ACL_LETTERS.get(m["letter"], "ACL Anthology")
    else:
        pid = f"{m['year']}.{m['vol']}.{m['nnum']}"
        year = int(m["year"])
        first = m["vol"].split("-")
        if first[0] == "findings" and len(first) > 1:
            venue = f"Findings of {_ACL_VOLUMES.get(first[1], first[1].upper())}"
        else:
            venue = _ACL_VOLUMES.get(first[0], "ACL Anthology")
    return PaperRef(f"acl:{pid}", venue, year, None, f"https://aclanthology.org/{pid}/")


def _neurips(url: NormalizedUrl) -> PaperRef | None:
    m = _NIPS_HASH.fullmatch(url.path)
    if m:
        year, digest = int(m["year"]), m["hash"]
        suffix = "-Abstract-Conference.html" if year >= 2022 else "-Abstract.html"
        canonical = f"https://proceedings.neurips.cc/paper/{year}/hash/{digest}{suffix}"
        return PaperRef(f"neurips:{year}/{digest}", "NeurIPS", year, None, canonical)
    m = _NIPS_OLD.fullmatch(url.path)
    if m:
        page = url.path.removesuffix(".pdf").rstrip("/")
        return PaperRef(f"neurips:{m['num']}", "NeurIPS", None, None, f"https://{url.host}{page}")
    return None


def _jmlr(url: NormalizedUrl) -> PaperRef | None:
    if url.path.startswith("/proceedings/papers/"):
        return _pmlr(url)
    m = _JMLR.fullmatch(url.path)
    if not m:
        return None
    vol, key = int(m["vol"]), m["key"]
    digits = re.search(r"[a-z](\d\d)[a-z]*$", key)
    year = 2000 + int(digits[1]) if digits else 1999 + vol
    canonical = f"https://jmlr.org/papers/v{vol}/{key}.html"
    return PaperRef(f"jmlr:v{vol}/{key}", "JMLR", year, None, canonical)


def _pmlr(url: NormalizedUrl) -> PaperRef | None:
    m = _PMLR.fullmatch(url.path)
    if not m:
        return None
    vol, key = int(m["vol"]), m["key"]
    digits = re.search(r"(\d\d)[a-z]{0,3}$", key)
    year = 2000 + int(digits[1]) if digits and int(digits[1]) >= 6 else None
    canonical = f"https://proceedings.mlr.press/v{vol}/{key}.html"
    return PaperRef(f"pmlr:v{vol}/{key}", "PMLR", year, None, canonical)


def _openreview(url: NormalizedUrl) -> PaperRef | None:
    if url.path.rstrip("/") not in ("/forum", "/pdf", "/attachment"):
        return None
    for part in url.query.split("&"):
        name, _, value = part.partition("=")
        if name == "id" and _OPENREVIEW_ID.fullmatch(value):
            canonical = f"https://openreview.net/forum?id={value}"
            return PaperRef(f"openreview:{value}", "OpenReview", None, None, canonical)
    return None


def _doi_org(url: NormalizedUrl) -> PaperRef | None:
    return _doi_ref(unquote(url.path[1:]))


def _doi_publisher(url: NormalizedUrl) -> PaperRef | None:
    m = _DOI_IN_PATH.fullmatch(url.path)
    return _doi_ref(unquote(m["doi"])) if m else None


def _doi_ref(doi: str) -> PaperRef | None:
    doi = doi.strip().rstrip("/").lower()
    if not _DOI.fullmatch(doi):
        return None
    if doi.startswith("10.48550/arxiv."):
        m = _ARXIV_BARE.fullmatch(doi.removeprefix("10.48550/arxiv."))
        return _arxiv_ref(m) if m else None
    if doi.startswith("10.18653/v1/"):
        rest = doi.removeprefix("10.18653/v1/")
        m = _ACL_BARE.fullmatch(rest[:1].upper() + rest[1:] if rest[1:3].isdigit() else rest)
        if m:
            return _acl_ref(m)
    canonical = normalize_url("https://doi.org/" + quote(doi, safe="/"))
    url = canonical.url if canonical else f"https://doi.org/{doi}"
    return PaperRef(f"doi:{doi}", "DOI", None, None, url)


_HOSTS: dict[str, Callable[[NormalizedUrl], PaperRef | None]] = {
    **dict.fromkeys(
        ("arxiv.org", "www.arxiv.org", "export.arxiv.org", "ar5iv.org", "ar5iv.labs.arxiv.org"),
        _arxiv,
    ),
    "huggingface.co": _hf_papers,
    **dict.fromkeys(
        ("aclanthology.org", "www.aclanthology.org", "aclweb.org", "www.aclweb.org"), _acl
    ),
    **dict.fromkeys(("papers.nips.cc", "proceedings.neurips.cc", "papers.neurips.cc"), _neurips),
    **dict.fromkeys(("jmlr.org", "www.jmlr.org", "jmlr.csail.mit.edu"), _jmlr),
    "proceedings.mlr.press": _pmlr,
    **dict.fromkeys(("openreview.net", "www.openreview.net"), _openreview),
    **dict.fromkeys(("doi.org", "dx.doi.org", "www.doi.org"), _doi_org),
    **dict.fromkeys(
        (
            "dl.acm.org",
            "onlinelibrary.wiley.com",
            "link.springer.com",
            "www.tandfonline.com",
            "www.science.org",
            "www.pnas.org",
            "journals.sagepub.com",
        ),
        _doi_publisher,
    ),
}
