"""The one markdown-it parser of noteatlas: CommonMark plus what study notes use, with positions.

Configuration: CommonMark, GFM tables and strikethrough, YAML front matter, footnotes
(``[^1]``; Pandoc's inline ``^[...]`` stays text, so links inside it are still found), dollar
math (so ``$[a](b)$`` is never a link), bare ``scheme://`` URLs found by linkify-it and cut
before CJK punctuation (``https://x/y，写得`` ends at ``y``; scheme-less ``www.`` or
``README.md`` are not links), and Obsidian ``[[wikilinks]]``/``![[embeds]]`` as an inline rule,
so they never match inside code or math. The parser is built once per process.

Links are never rewritten: ``normalizeLink`` is the identity, so an ``href`` is the destination
as written with CommonMark backslash escapes and entities resolved (Chinese paths stay Chinese,
``%20`` stays ``%20``); ``validateLink`` accepts everything, so ``javascript:`` links are found
and can be reported.

Inline tokens that matter carry their source offsets in ``token.meta`` (offsets into the
block's inline ``content``): their rules are wrapped to record where they started and ended,
which markdown-it itself does not track.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.text_join import text_join
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

__all__ = [
    "BROKEN_LINK",
    "MAX_NESTING",
    "META_END",
    "META_LABEL_END",
    "META_POS",
    "OVERFLOW_KEY",
    "cut_bare_url",
    "parse_blocks",
    "parse_inline",
    "parser",
]

MAX_NESTING = 60
"""Block/inline nesting markdown-it descends into; deeper content is not parsed (diagnosed)."""

META_POS = "na_pos"
"""``token.meta`` key: offset in the inline content where the token's markup starts."""
META_END = "na_end"
"""``token.meta`` key: offset just after the construct that produced the token."""
META_LABEL_END = "na_label_end"
"""``token.meta`` key on ``link_open``: offset of the ``]`` that closes the link text."""
OVERFLOW_KEY = "na_overflow_line"
"""``env`` key: 0-based first line the block parser skipped for being nested too deep."""

InlineRule = Callable[[StateInline, bool], bool]

# Rules whose tokens need source offsets (references and what prose blanks out). Wrapping
# only these keeps the bookkeeping off the hot text/emphasis path.
_POSITIONED = frozenset(
    {
        "math_inline",
        "backticks",
        "link",
        "image",
        "footnote_inline",
        "footnote_ref",
        "autolink",
        "html_inline",
    }
)

# Characters that end a bare URL even if linkify-it would run on: CJK and full-width
# punctuation, curly quotes, ellipsis, dashes and invisible or non-breaking spaces.
_URL_STOP = re.compile(
    "[\u3000-\u303f\uff00-\uff65\u2018-\u201f\u2026\u2014\u00a0\u200b-\u200d\u2060\ufeff]"
)
_SCHEME_AT_END = re.compile(r"(?:^|[^a-z0-9.+-])([a-z][a-z0-9.+-]*)$", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s")
_SCHEMES = frozenset({"http", "https", "ftp"})  # linkify-it's schemes that use "://"
_MAX_SCHEME = 40  # longer letter runs before "://" are never a known scheme
_MAX_URL = 2048  # a bare URL is cut here, which keeps "a://a://..." linear
_MAX_WIKILINK = 1024  # bound the search for "]]" so "[[[[..." stays linear
_URL_LIKE = re.compile(r"^[a-z][a-z0-9.+-]*://", re.IGNORECASE)


def cut_bare_url(url: str) -> str:
    """A bare URL as far as it goes in prose: up to CJK punctuation, without a trailing ``*``."""
    stop = _URL_STOP.search(url)
    if stop:
        url = url[: stop.start()]
    return url.rstrip("*")


#: What follows the address of a link that holds a space: more words, then the ``)``.
_SPACED_TAIL = re.compile(r"(?:[ \t]+[^\s()\[\]]{1,200}){1,8}\)")
#: The type of the token for such a link.
BROKEN_LINK = "na_spaced_link"


def _bare_url(state: StateInline, silent: bool) -> bool:
    """``https://...`` in text; replaces markdown-it's linkify rule to trim CJK punctuation."""
    pos = state.pos
    if state.linkLevel > 0 or not state.src.startswith("://", pos):
        return False
    linkify = state.md.linkify
    if linkify is None:
        return False
    scheme = _SCHEME_AT_END.search(state.pending[-_MAX_SCHEME:])
    if not scheme:
        return False
    proto = scheme.group(1)
    if proto.lower() not in _SCHEMES:
        return False
    start = pos - len(proto)
    limit = min(state.posMax, pos + _MAX_URL)
    space = _WHITESPACE.search(state.src, pos, limit)
    stop = space.start() if space else limit
    match = linkify.match_at_start(state.src[start:stop])
    if not match:
        return False
    url = cut_bare_url(str(match.raw))
    if len(url) <= len(proto) + 3:
        return False
    if state.src.startswith("](", start - 2) and (
        tail := _SPACED_TAIL.match(state.src, start + len(url), state.posMax)
    ):
        # "[text](https://arxiv.org/ abs/1910.01108)": no link (an address has no space), and
        # no bare "https://arxiv.org/" to check either; the note is told (``BROKEN_LINK``)
        if not silent:
            state.pending = state.pending[: -len(proto)]
            token = state.push(BROKEN_LINK, "", 0)
            token.content = state.src[start : tail.end() - 1]
            token.meta[META_POS] = start
            token.meta[META_END] = tail.end()
        state.pos = tail.end()
        return True
    if not silent:
        state.pending = state.pending[: -len(proto)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": state.md.normalizeLink(url)}
        token.markup = "linkify"
        token.info = "auto"
        token.meta[META_POS] = start
        token.meta[META_END] = start + len(url)
        token = state.push("text", "", 0)
        token.content = url
        token = state.push("link_close", "a", -1)
        token.markup = "linkify"
        token.info = "auto"
    state.pos = start + len(url)
    return True


def _follows_link(state: StateInline, after: int, inner: str) -> bool:
    """True when ``[[inner]]`` is really CommonMark: ``[[1]](#ref1)`` or a defined label."""
    refs = state.env.get("references", {}) if isinstance(state.env, dict) else {}
    if refs and normalizeReference(inner) in refs:
        return True
    src = state.src
    if src.startswith("(", after):
        return True
    if src.startswith("[", after) and not src.startswith("[[", after) and refs:
        close = src.find("]", after + 1)
        if close != -1:
            label = src[after + 1 : close] or f"[{inner}]"
            return normalizeReference(label) in refs
    return False


def _wikilink(state: StateInline, silent: bool) -> bool:
    """Obsidian ``[[target#heading|alias]]`` and ``![[file|options]]`` (``\\|`` in tables)."""
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    open_end = pos + (3 if embed else 2)
    if not embed and not src.startswith("[[", pos):
        return False
    close = src.find("]", open_end, min(state.posMax, open_end + _MAX_WIKILINK))
    if close == -1 or not src.startswith("]]", close) or close + 2 > state.posMax:
        return False
    inner = src[open_end:close]
    if not inner.strip() or any(char in inner for char in "[\n<>"):
        return False
    if _URL_LIKE.match(inner.strip()) or _follows_link(state, close + 2, inner):
        return False
    target, _, alias = inner.partition("|")
    if target.endswith("\\") and alias:
        target = target[:-1]
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = inner
        token.markup = "![[" if embed else "[["
        token.meta.update(
            {
                "target": target.strip(),
                "alias": alias.strip(),
                "embed": embed,
                META_POS: pos,
                META_END: close + 2,
            }
        )
    state.pos = close + 2
    return True


def _tracked(fn: InlineRule) -> InlineRule:
    """Wrap an inline rule so the tokens it pushes remember where in the source they came from."""

    def rule(state: StateInline, silent: bool) -> bool:
        if silent:
            return fn(state, silent)
        start = state.pos
        count = len(state.tokens)
        matched = fn(state, silent)
        if matched:
            end = state.pos
            for token in state.tokens[count:]:
                if token.type != "text" and META_POS not in token.meta:
                    token.meta[META_POS] = start
                    token.meta[META_END] = end
                    if token.type == "link_open":
                        token.meta[META_LABEL_END] = cast(Any, state).na_label_end
        return matched

    return rule


def _track_positions(md: MarkdownIt) -> None:
    ruler = md.inline.ruler
    for rule in list(ruler.__rules__):
        if rule.name in _POSITIONED:
            ruler.at(rule.name, _tracked(rule.fn))
    inline_tokenize = md.inline.tokenize

    def tokenize(state: StateInline) -> None:
        # The link rule tokenizes its label with posMax at the closing ``]``.
        cast(Any, state).na_label_end = state.posMax
        inline_tokenize(state)

    block_tokenize = md.block.tokenize

    def block(state: StateBlock, start_line: int, end_line: int) -> None:
        if state.level >= md.options["maxNesting"] and start_line < end_line:
            env = state.env
            env[OVERFLOW_KEY] = min(env.get(OVERFLOW_KEY, start_line), start_line)
        block_tokenize(state, start_line, end_line)

    md.inline.tokenize = tokenize  # type: ignore[method-assign]
    md.block.tokenize = block  # type: ignore[method-assign,assignment]


def _accept_all(url: str) -> bool:
    return True


def _as_written(url: str) -> str:
    return url


@functools.cache
def parser() -> MarkdownIt:
    """The shared parser (built on first use; markdown-it parsers are reusable across notes)."""
    md = MarkdownIt("commonmark", {"linkify": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "linkify"])
    md.core.ruler.disable("linkify")
    md.inline.ruler.at("linkify", _bare_url)
    md.use(front_matter_plugin)
    md.use(footnote_plugin, inline=False, move_to_end=False)
    md.use(dollarmath_plugin, allow_digits=False, double_inline=True)
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.validateLink = _accept_all  # type: ignore[method-assign]
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    _track_positions(md)
    return md


_INLINE_DONE = "na_inline_done"


def parse_blocks(text: str, env: dict[str, object]) -> list[Token]:
    """The block tokens of ``text``, their inline children not parsed yet (``parse_inline``).

    ``MarkdownIt.parse`` makes every inline child of the note at once, about 60 bytes of memory
    per byte of a table note, before the extract stage reads the first one; parsed one inline
    token at a time (in document order, as markdown-it does) and dropped once read, a note
    costs a third of that (issue 16).
    """
    md = parser()
    state = StateCore(text, md, env)
    for rule in md.core.ruler.getRules(""):
        if rule.__name__ in ("inline", "text_join"):
            continue
        rule(state)
    return state.tokens


def parse_inline(token: Token, env: dict[str, object]) -> Token:
    """``token`` (an ``inline`` from ``parse_blocks``) with its children, as ``parse`` makes them."""
    if token.meta.get(_INLINE_DONE):
        return token
    md = parser()
    content = token.content
    if content and md.inline.terminator_re.search(content) is None:
        # No character that any inline rule starts at (most table cells, many short lines):
        # markdown-it's text rule takes it whole as one text token, and nothing joins or
        # balances. Made here, it costs a fifth of the parser's states and rule loop.
        text = Token("text", "", 0)
        text.content = content
        token.children = [text]
    else:
        token.children = []
        md.inline.parse(content, md, env, token.children)
        state = StateCore("", md, env)
        state.tokens = [token]
        text_join(state)
    token.meta[_INLINE_DONE] = True
    return token
