"""What a link of the index is and where it sits: equation renders, images, heading context.

Real notes copied from Zhihu, CSDN or Typora carry many images and formula images (``![[公式]]
(https://www.zhihu.com/equation?tex=...)``): on one collection 120 of 195 links were formulas. The
link index lists them apart, titled by their TeX source; a link without a usable text is titled by
the heading it sits under, or the note's title.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from noteatlas.schema import Category, NoteNode

LINK = "link"
"""An ordinary external reference."""
IMAGE = "image"
"""A picture the notes show (an embed, or a URL that is an image)."""
EQUATION = "equation"
"""An image rendered from a TeX formula by a web service."""
KINDS = (LINK, IMAGE, EQUATION)
"""Entry kinds in the order the link index lists them."""

# Services that turn TeX in the URL into an image. Host -> where the formula is: a query
# parameter, "query" (the whole query string) or "path" (what follows the first path segment).
_RENDERERS: dict[str, str] = {
    "www.zhihu.com": "tex",
    "zhihu.com": "tex",
    "juejin.cn": "tex",
    "latex.codecogs.com": "query",
    "private.codecogs.com": "query",
    "www.codecogs.com": "query",
    "latex.csdn.net": "query",
    "chart.googleapis.com": "chl",
    "render.githubusercontent.com": "math",
    "math.now.sh": "from",
    "math.vercel.app": "from",
    "i.upmath.me": "path",
    "tex.s2cms.ru": "path",
}
# Query parameters that hold a formula on hosts not listed above, when the path says "equation",
# "latex", "tex" or "math".
_FORMULA_PARAMS = ("tex", "latex", "math", "formula", "eq")
_FORMULA_PATH = re.compile(r"(?:^|/)(?:equation|latex|tex|math|eq)(?:[/.?]|$)", re.IGNORECASE)

# Texts that editors put in for an image or a formula: they name nothing.
_PLACEHOLDERS = frozenset(
    {
        "公式",
        "图片",
        "图",
        "img",
        "image",
        "picture",
        "pic",
        "photo",
        "alt",
        "alt text",
        "screenshot",
        "截图",
        "在这里插入图片描述",
        "这里写图片描述",
        "请添加图片描述",
        "插入图片描述",
        "formula",
        "equation",
    }
)
# Typora's "image-20230512175321123" and pasted-file names ("截屏2023-05-12 17.53.21").
_GENERATED = re.compile(r"^(?:image|img|截屏|屏幕截图|screen ?shot)[-_ ]?[\d .:_-]{6,}$", re.I)


def equation_source(url: str) -> str | None:
    """The TeX formula when ``url`` is a formula render (empty when it cannot be read), else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    where = _RENDERERS.get(host)
    if where is None and host.startswith("latex."):
        where = "query"
    if where is None:
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        if not _FORMULA_PATH.search(parts.path):
            return None
        found = next((params[k] for k in _FORMULA_PARAMS if params.get(k)), None)
        return " ".join(found.split()) if found is not None else None
    if host == "chart.googleapis.com" and "cht=tx" not in parts.query:
        return None
    if where == "query":
        text = unquote(parts.query)
    elif where == "path":
        text = unquote(parts.path.lstrip("/").partition("/")[2])
    else:
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        if where == "tex" and host.endswith("zhihu.com") and parts.path.rstrip("/") != "/equation":
            return None
        text = params.get(where, "")
    return " ".join(text.split())


def media_kind(url: str, category: str, embedded_only: bool) -> str:
    """``equation``, ``image`` or ``link``: what the index lists the URL as.

    ``embedded_only`` is True when every place that cites the URL shows it as an image.
    """
    if equation_source(url) is not None:
        return EQUATION
    if category == Category.IMAGE.value or embedded_only:
        return IMAGE
    return LINK


def is_placeholder(title: str) -> bool:
    """True for titles that say nothing: empty, ``[公式]``, ``image``, ``image-20230512...``."""
    text = " ".join(title.split()).strip("[]()【】（） ").casefold()
    return not text or text in _PLACEHOLDERS or bool(_GENERATED.match(text))


@dataclass(frozen=True)
class _Outline:
    title: str
    lines: list[int]
    texts: list[str]


class Sections:
    """Finds the heading a line of a note sits under (notes indexed once by path)."""

    def __init__(self, notes: Iterable[NoteNode]) -> None:
        self._notes: dict[str, _Outline] = {}
        for note in notes:
            heads = sorted(note.outline, key=lambda h: h.line)
            self._notes[note.path] = _Outline(
                note.title, [h.line for h in heads], [h.text for h in heads]
            )

    def heading(self, file: str, line: int | None) -> str:
        """Text of the last heading at or above ``line`` in ``file`` ("" when there is none, or
        when it only repeats the note's title)."""
        outline = self._notes.get(file)
        if outline is None or not line:
            return ""
        at = bisect.bisect_right(outline.lines, line) - 1
        if at < 0:
            return ""
        text = outline.texts[at]
        return "" if _same(text, outline.title) else text

    def title(self, file: str) -> str:
        """The note's title, or "" for a file that is not a note of the atlas."""
        outline = self._notes.get(file)
        return outline.title if outline else ""


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def url_title(url: str) -> str:
    """Last resort title: the host and the last path segment (``arxiv.org › 1706.03762``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = parts.hostname or ""
    tail = unquote(parts.path.rstrip("/").rpartition("/")[2])
    return f"{host} › {tail}" if host and tail else host or url


__all__ = [
    "EQUATION",
    "IMAGE",
    "KINDS",
    "LINK",
    "Sections",
    "equation_source",
    "is_placeholder",
    "media_kind",
    "url_title",
]
