"""The year a note states for the one paper its section is about: a date line or a venue line.

Paper summaries often put the date under the paper's heading (``_Jun 2015_``,
``Published: 2019-05-24``) or say where it appeared (``收录期刊：AAAI 2020 收录``,
``Accepted at NeurIPS 2017``). That year is the publication's; an arXiv id dates the first
version, which may be a year earlier. The paper's node keeps the id's year, and the build says
where the note differs (``paper_nodes``), so a year the user wrote is never overridden silently.
"""

from __future__ import annotations

import re

from noteatlas.graph.identify.titles import YEAR

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
#: A line that is only a date: ``_Jun 2015_``, ``2019-05-24``, ``(March 2018)``, ``2018年6月``.
_DATE_LINE = re.compile(
    rf"[\s*_(（\[]*(?:(?:date|published|released|发表时间|发布时间|时间|日期)\s*[:：]?\s*)?"
    rf"(?:{_MONTH}\s+(?:\d{{1,2}},?\s+)?(?P<a>{YEAR})|(?P<b>{YEAR})(?:[-/.]\d{{1,2}}(?:[-/.]\d{{1,2}})?|"
    rf"\s*年(?:\s*\d{{1,2}}\s*月)?)?)[\s*_)）\]]*",
    re.IGNORECASE,
)
#: A line that says where the paper appeared, and when: ``收录期刊：AAAI 2020 收录``,
#: ``Accepted at NeurIPS 2017``, ``Published in ACL 2019``, ``会议：EMNLP 2020``.
_VENUE_LINE = re.compile(
    rf"(?:收录|发表于|发表在|会议|期刊|venue|published\s+(?:in|at)|accepted\s+(?:at|to|by|in)|"
    rf"appeared\s+(?:in|at)|presented\s+at)[^\n]{{0,12}}?"
    rf"\b(?-i:(?P<venue>[A-Z][A-Za-z&-]{{1,15}}))\s*'?(?P<year>{YEAR})\b",
    re.IGNORECASE,
)


#: A sentence that dates the paper it is about: "since this paper was published in 2013",
#: "本文发表于 2018 年".
_THIS_PAPER = re.compile(
    rf"\b(?:this|the)\s+(?:paper|work|article)\s+(?:was\s+)?(?:first\s+)?"
    rf"(?:published|released|presented|posted|accepted|came\s+out)\s+(?:in|at\s+\w+)\s+"
    rf"(?:(?:{_MONTH}|early|late|mid)\s+)?(?P<en>{YEAR})\b|"
    rf"(?:本文|该论文|这篇论文|此论文|该文)\s*(?:于|在)\s*(?P<zh>{YEAR})\s*年?\s*(?:\d{{1,2}}\s*月\s*)?"
    rf"(?:发表|发布|提出|公开)",
    re.IGNORECASE,
)


def stated_year(text: str) -> int | None:
    """The year ``text`` states for the paper of its section, when it is a date or venue line
    or a sentence that dates "this paper"."""
    if (m := _THIS_PAPER.search(text)) is not None:
        return int(m.group("en") or m.group("zh"))
    stripped = text.strip()
    if not stripped or len(stripped) > 80:
        return None
    m = _DATE_LINE.fullmatch(stripped)
    if m:
        return int(m.group("a") or m.group("b"))
    m = _VENUE_LINE.search(stripped)
    return int(m.group("year")) if m else None


_ONE_YEAR = re.compile(rf"(?<![\d.])(?P<year>{YEAR})(?![\d.]\d)")


def line_year(text: str) -> int | None:
    """The year a line about one paper writes (``[Title](…pdf), 1997``, ``(CVPR 2016)``), when
    it writes one year only: two are a range, a history, or two papers."""
    years = {m["year"] for m in _ONE_YEAR.finditer(text)}
    return int(years.pop()) if len(years) == 1 else None


#: A date in a page's path: ``/blog/2023-03-30-vicuna/``, ``/2019/02/14/better-language-models/``.
_PATH_DATE = re.compile(
    rf"/(?P<year>{YEAR})(?:-(?:0[1-9]|1[0-2])-[0-3]\d(?=[-/_.]|$)|/(?:0[1-9]|1[0-2])/)"
)


def url_year(url: str) -> int | None:
    """The year a page's address dates it to, when its path holds a full date (a release or
    blog page: ``lmsys.org/blog/2023-03-30-vicuna/``); a year alone (``/2019/``) is no date."""
    years = {m["year"] for m in _PATH_DATE.finditer(url.split("?", 1)[0].split("#", 1)[0])}
    return int(years.pop()) if len(years) == 1 else None


__all__ = ["line_year", "stated_year", "url_year"]
