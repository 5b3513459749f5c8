"""Concepts the notes show, with no vocabulary needed: the corpus half of discovery.

Every note's sightings (``sightings``) are weighed together: a name becomes a concept when its
sightings score at least ``PROMOTE`` over the corpus (a title, an alias pair or a definition is
enough alone; a repeated or stressed term needs a second sign, in that note or another). Names
that an alias pair, a title or a heading writes together are one concept. A name the registry
already knows (vocabulary, front matter) is that concept: exact names only, so ``自注意力机制``
never becomes ``注意力机制``'s concept. Years the notes state become claims of their concepts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import ahocorasick

from noteatlas.graph.concepts.names import Matcher, fold_key
from noteatlas.graph.concepts.naming import technical
from noteatlas.graph.concepts.registry import Registry
from noteatlas.graph.concepts.years import YearClaim, YearRank
from noteatlas.graph.prose.phrases import headed
from noteatlas.schema import ConceptKind, Evidence, Method
from noteatlas.schema.edges import snippet
from noteatlas.schema.sightings import Sighting

#: Score a name needs over the corpus to become a concept.
PROMOTE = 2
#: Places kept in ``ConceptNode.found_in``.
FOUND_SHOWN = 5

_METHODS = {
    "title": Method.TITLE,
    "alias": Method.ALIAS,
    "definition": Method.DEFINITION,
    "heading": Method.HEADING,
    "table": Method.TABLE,
    "arrow_chain": Method.ARROW_CHAIN,
    "reference": Method.REFERENCE,
    "term": Method.TERM,
}
_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9.+-]{0,11}$")
_CJK = re.compile(r"[\u3400-\u9fff]")
# A folded acronym: letters and digits, no space (``rnn``, ``gpt-2``); a short form of a name.
_ACRONYM_KEY = re.compile(r"^[a-z][a-z0-9.+-]{1,9}$")


@dataclass
class _Name:
    """One folded name, as the notes show it."""

    spelled: Counter[str] = field(default_factory=Counter)
    by_note: dict[str, int] = field(default_factory=dict)  # path -> best score there
    kinds: Counter[str] = field(default_factory=Counter)
    places: list[tuple[int, str, int, Method, str]] = field(default_factory=list)

    @property
    def score(self) -> int:
        """Best score per note, one more in a note that shows it in two ways (``**XGBoost**
        is …`` and XGBoost written again), summed; wikilinks alone make nothing (a broken link
        written twice stays a broken link)."""
        if all(p[3] is Method.REFERENCE for p in self.places):
            # a name-shaped link to no note from two notes is a placeholder of a concept
            # (Obsidian's unresolved links: [[Mistral 7B]]); a page name is not (DQN论文阅读)
            return len(self.by_note) if self.named and len(self.by_note) >= 2 else 0
        ways: dict[str, set[Method]] = defaultdict(set)
        if self.named:
            for p in self.places:
                ways[p[1]].add(p[3])
        return sum(min(3, best + (len(ways[path]) >= 2)) for path, best in self.by_note.items())

    @property
    def named(self) -> bool:
        """Shaped like a name (``XGBoost``, ``random forest``), not a word that a bold label
        or a definition may also use (``local``, ``局部顺序``)."""
        spelled = self.spelling()
        return not _CJK.search(spelled) and (technical(spelled) or headed(spelled))

    def spelling(self) -> str:
        best = min(self.spelled.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        lower = best[:1].lower() + best[1:]
        if " " in best and best[1:].islower() and lower in self.spelled:
            return lower  # "Random forest" opened a sentence; "random forest" is the name
        return best


@dataclass
class Discovered:
    """What discovery added: the concept each titled note is about, and the years claimed."""

    titled: dict[str, str] = field(default_factory=dict)
    """Note path -> the concept its title or file name names."""
    created: int = 0
    """Concepts made from the notes alone."""
    years: list[tuple[str, Sighting]] = field(default_factory=list)
    """(note path, year sighting): claimed once every name is known (``claim_years``)."""


def _needed(key: str) -> int:
    """A two-character Chinese word (``特征``, ``噪声``) is as often a common word as a name."""
    return PROMOTE + 1 if len(key) <= 2 and _CJK.match(key) else PROMOTE


def _label(names: Sequence[str]) -> str:
    """The name to show: an acronym (``BiRNN``), else a Latin name, else the first written."""
    folded = {n.casefold() for n in names}
    names = [n for n in names if not (n.endswith("s") and n[:-1].casefold() in folded)] or names
    acronyms = [n for n in names if _ACRONYM.match(n) and sum(c.isupper() for c in n) >= 2]
    if acronyms:
        return acronyms[0]
    latin = [n for n in names if not _CJK.search(n)]
    return latin[0] if latin else names[0]


class _Groups:
    """Union-find over folded names: names written as one concept's (alias pairs ...).

    Two groups that each have an acronym of their own stay apart: ``RNN（Elman 网络）`` and a
    stray pair elsewhere must not make RNN and CNN one concept.
    """

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.acronyms: dict[str, set[str]] = {}

    def find(self, key: str) -> str:
        root = self.parent.setdefault(key, key)
        while root != self.parent[root]:
            root = self.parent[root]
        self.parent[key] = root
        return root

    def join(self, a: str, b: str, *, plural: bool = False) -> None:
        """Join the groups of ``a`` and ``b``; ``plural``: ``b`` is ``a`` in the singular
        (``rnns``, ``rnn``), the same acronym."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        xa, xb = self._acronyms(ra), self._acronyms(rb)
        if xa and xb and not xa & xb and not plural:
            return
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.acronyms[keep] = xa | xb

    def _acronyms(self, root: str) -> set[str]:
        if root not in self.acronyms:
            self.acronyms[root] = {root} if _ACRONYM_KEY.match(root) else set()
        return self.acronyms[root]


def _gather(
    notes: Iterable[tuple[str, Sequence[Sighting]]],
) -> tuple[dict[str, _Name], list[tuple[str, str, bool]], list[tuple[str, Sighting]]]:
    names: dict[str, _Name] = defaultdict(_Name)
    pairs: list[tuple[str, str, bool]] = []
    years: list[tuple[str, Sighting]] = []
    for path, sightings in notes:
        for s in sightings:
            if s.method == "year":
                years.append((path, s))
                continue
            method = _METHODS.get(s.method)
            if method is None:
                continue
            written = [(s.name, s.score)]
            if s.alias:  # the other name of a weak pair is only a hint
                written.append((s.alias, s.score if s.score >= 3 else 1))
            for name, score in written:
                key = fold_key(name)
                if not key:
                    continue
                entry = names[key]
                entry.spelled[name] += 1
                entry.by_note[path] = max(entry.by_note.get(path, 0), score)
                if s.kind != ConceptKind.CONCEPT.value:
                    entry.kinds[s.kind] += 1
                entry.places.append((s.score, path, s.line, method, s.snippet or s.name))
            if s.alias:
                pairs.append((fold_key(s.name), fold_key(s.alias), s.score >= 3))
    return names, pairs, years


def _glued(key: str, start: int, end: int) -> bool:
    """A Latin part runs on into Latin letters (``rnn`` in ``birnn``): not a whole word."""
    if not key[start].isascii():
        return False
    before = key[start - 1] if start else ""
    after = key[end] if end < len(key) else ""
    return any(c.isascii() and c.isalnum() for c in before + after)


#: What a name's spellings differ by and still name one thing: hyphens, spaces, underscores.
_SPELLING = re.compile(r"[-\s_]")


#: A word after a name that only says what sort of thing it is: ``注意力机制`` is ``注意力``,
#: ``FLAN-T5 model`` is ``FLAN-T5``. Not ``网络``/``层``/Chinese ``模型``: ``卷积网络`` is no
#: ``卷积``, ``encoder layer`` no ``encoder``, ``预训练模型`` no ``预训练``.
_KIND_WORD = re.compile(r"^(?P<bare>.+?)(?:[\s_-]*(?:机制|算法)|[\s_-]+mechanism)$")
#: ... and after a name that is written as one (``InstructGPT model``, ``word2vec algorithm``,
#: ``BERT模型``), never after a word (``reward model``, ``language model`` are other things).
_NAME_KIND_WORD = re.compile(r"^(?P<bare>[\x00-\x7f]+?)(?:[\s_-]+(?:model|algorithm)|[\s_-]*模型)$")
_NAME_SHAPE = re.compile(r"^.+[A-Z0-9]|\d")


def _kindless(key: str, spelling: Callable[[str], str]) -> str | None:
    """The name a folded name is without a word that only says its kind, or None.
    ``spelling``: how the notes write a folded name."""
    m = _KIND_WORD.match(key)
    if m is None:
        m = _NAME_KIND_WORD.match(key)
        if m is None or not _NAME_SHAPE.search(spelling(m.group("bare"))):
            return None
    bare = m.group("bare").strip(" -_")
    return bare if len(bare) >= 2 else None


def _compose(promoted: set[str], groups: _Groups, spelling: Callable[[str], str]) -> None:
    """Names built from one concept's names are one name: with ``RNN（循环神经网络）`` written,
    ``双向RNN`` is ``双向循环神经网络`` and so ``BiRNN`` when another pair says so; a name with a
    word that only says its kind is the name. ``spelling``: how the notes write a name."""
    members: dict[str, list[str]] = defaultdict(list)
    for key in sorted(promoted):
        members[groups.find(key)].append(key)
    for key in sorted(promoted):  # "decision trees" is "decision tree"
        if key.isascii() and key.endswith("s") and not key.endswith("ss"):
            for single in (key[:-1], key[:-3] + "y" if key.endswith("ies") else ""):
                if single in promoted:
                    groups.join(key, single, plural=True)
    for key in sorted(promoted):  # "self-attention mechanism" is "self-attention"
        if (bare := _kindless(key, spelling)) is not None and bare in promoted:
            groups.join(key, bare)
    spelled: dict[str, str] = {}  # "gpt2", "gpt-2", "gpt 2": one name written three ways
    for key in sorted(promoted):
        if not key.isascii():
            continue
        bare = _SPELLING.sub("", key)
        if bare in spelled:
            groups.join(spelled[bare], key, plural=True)
        else:
            spelled[bare] = key
    automaton = ahocorasick.Automaton()
    for keys in members.values():
        for key in keys if len(keys) > 1 else ():
            if len(key) >= 2:
                automaton.add_word(key, (key, tuple(k for k in keys if k != key)))
    if not len(automaton):
        return
    automaton.make_automaton()
    for key in sorted(promoted):
        for end, (part, others) in automaton.iter(key):
            start = end + 1 - len(part)
            if part == key or _glued(key, start, end + 1):
                continue
            for other in others:
                built = key[:start] + other + key[end + 1 :]
                if built in promoted:
                    groups.join(key, built)


def discover(notes: Iterable[tuple[str, Sequence[Sighting]]], reg: Registry) -> Discovered:
    """Add the concepts the notes show to ``reg``, with their evidence, kinds, aliases, years.

    ``notes`` are (path, sightings) in path order.
    """
    names, pairs, years = _gather(notes)
    prior = reg.matcher()
    promoted = {key for key, entry in names.items() if entry.score >= _needed(key)}
    groups = _Groups()
    for a, b, strong in pairs:
        # a weak pair ("seq2seq（机器翻译）" explains more often than it renames) joins nothing
        if strong and a in promoted and b in promoted:
            groups.join(a, b)
    _compose(promoted, groups, lambda key: names[key].spelling() if key in names else key)
    members: dict[str, list[str]] = defaultdict(list)
    for key in sorted(promoted):
        members[groups.find(key)].append(key)
    result = Discovered()
    for root in sorted(members):
        keys = sorted(members[root], key=lambda k: min(p[1:3] for p in names[k].places))
        _register(keys, names, reg, prior, result)
    for key in sorted(promoted, key=lambda k: (-len(k), k)):  # a set: hash order decided
        cid = reg.lookup(key)  # which of two names in one title ("轻量BERT-FAQ") it is about
        for _score, path, _line, method, _text in names[key].places:
            if method is Method.TITLE and cid is not None:
                result.titled.setdefault(path, cid)
    result.years = years
    return result


def claim_years(
    years: Iterable[tuple[str, Sighting]], resolve: Callable[[str], str | None], reg: Registry
) -> None:
    """Each year a note states becomes a claim of the concept its name resolves to."""
    for path, s in years:
        cid = resolve(s.name)
        if cid is None or s.year is None or cid not in reg.drafts:
            continue
        where = s.snippet or "prose"
        claim = YearClaim(s.year, YearRank.STATED, f"{where}:{path}", path, s.line or None)
        reg.drafts[cid].years.append(claim)


def _register(
    keys: list[str], names: dict[str, _Name], reg: Registry, prior: Matcher, result: Discovered
) -> None:
    """One concept for a group of names: the known one they name, or a new one.

    A name is a known concept's when it is one of its names, or (alone, not one of an alias pair)
    one of them plus words that only say its kind (``注意力机制`` is attention's; ``自注意力机制``
    is not, and ``注意力机制（Self-Attention）`` is a concept of its own).
    """
    known = {cid for key in keys if (cid := reg.lookup(key)) is not None}
    if len(known) > 1:  # the names belong to different concepts already: keep them apart
        for key in keys:
            if reg.lookup(key) is None:
                _register([key], names, reg, prior, result)
        return
    if not known and len(keys) == 1:  # a pair the notes write is never a vocabulary word's
        resolved = set(prior.resolve(names[keys[0]].spelling()))
        known = resolved if len(resolved) == 1 else set()
    spelled = [names[k].spelling() for k in keys]
    kinds: Counter[str] = Counter()
    for key in keys:
        kinds.update(names[key].kinds)
    if known:
        cid = known.pop()
    else:
        kind = ConceptKind(kinds.most_common(1)[0][0]) if kinds else ConceptKind.CONCEPT
        made = reg.create(_label(spelled), kind)
        if made is None:
            return
        cid = made
        result.created += 1
    draft = reg.drafts[cid]
    if draft.kind is ConceptKind.CONCEPT and kinds:
        draft.kind = ConceptKind(min(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[0])
    for name in spelled:
        reg.add_quiet_alias(cid, name)
    places = sorted(
        (p for key in keys for p in names[key].places), key=lambda p: (-p[0], p[1], p[2])
    )
    seen: set[tuple[str, int]] = set()
    for _score, path, line, method, text in places:
        if (path, line) in seen or len(draft.found) >= FOUND_SHOWN:
            continue
        seen.add((path, line))
        draft.found.append(Evidence(file=path, line=line or None, method=method,
                                    snippet=snippet(text)))  # fmt: skip


__all__ = ["FOUND_SHOWN", "PROMOTE", "Discovered", "claim_years", "discover"]
