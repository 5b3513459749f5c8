"""The cue prefilter never hides a cue: a trigger that matches a text is among those it allows."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prose_devset import load

from noteatlas.graph.prose import cuematch
from noteatlas.graph.prose.prefilter import WordIndex, literals, sure_words


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"基于了?", {"基于"}),
        (r"\b(?:builds?|built)\b", {"build", "built"}),
        (r"abc|xyz", {"abc", "xyz"}),  # alternatives at the top
        (r"(?:在)?(?:…的)?基础上", {"在", "…的", "基础上"}),  # optional parts: what may follow
        (r"[A-Z]\w+", None),  # a range: cannot be read, so the pattern is always tried
        (r"(?<!不)是一种", {"是一种"}),
    ],
)
def test_literals(pattern: str, words: set[str] | None) -> None:
    assert literals(pattern) == (None if words is None else frozenset(words))


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(?:也|还|已经)?被", {"被"}),  # optional words before the one needed
        (r"(?:基于|建立在)了?", {"基于", "建立在"}),
        (r"更?(?:好|强)", {"好", "强"}),  # the mark is the last character's
        (r"(?<![是为])基于", set()),  # a look-behind: only the search can say
        (r"\b(?:builds?|built)\b", set()),  # Latin words: case and word bounds
        (r"(?:主要)?(?:针对|面向)(?:的是)?", {"针对", "面向"}),
        (r"(?:针对|面向)(?:的是)", set()),  # two groups needed
        (r"基于了??", set()),  # lazy: not read
    ],
)
def test_sure_words(pattern: str, words: set[str]) -> None:
    assert sure_words(pattern) == frozenset(words)


def test_a_sure_word_makes_its_trigger_match() -> None:
    found = [(t, w) for t in _triggers() for w in sure_words(t.pattern)]
    assert len(found) > 50
    for trigger, word in found:
        assert trigger.search(f"A {word} B"), (trigger.pattern, word)


def _triggers() -> list[re.Pattern[str]]:
    return sorted(
        {t.pattern: t for _, _, ts in cuematch.prepared() for t in ts}.values(),
        key=lambda t: t.pattern,
    )


def _allows_every_match(texts: list[str]) -> None:
    triggers = _triggers()
    index = WordIndex([t.pattern for t in triggers])
    for text in texts:
        possible = index.possible(text)
        for i, trigger in enumerate(triggers):
            if trigger.search(text):
                assert i in possible, (trigger.pattern, text)
        # the early-stopping search answers as searching every trigger would
        assert index.any_search(text, triggers) == any(t.search(text) for t in triggers), text


def test_every_trigger_that_matches_a_dev_sentence_is_allowed() -> None:
    texts = [item.text for name in ("relations-dev", "relations-heldout") for item in load(name)]
    assert len(texts) >= 150
    _allows_every_match(texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted({w for t in _triggers() for w in (literals(t.pattern) or ())})),
                min_size=1, max_size=4),
       st.text(alphabet="是的了在 ,，ABab", max_size=6))  # fmt: skip
def test_every_trigger_that_matches_cue_words_is_allowed(words: list[str], glue: str) -> None:
    _allows_every_match([glue.join(words), glue.join(w.upper() for w in words)])


def test_corroboration_searches_the_kinds_whose_words_a_sentence_holds() -> None:
    from noteatlas.graph.concepts import corroborate

    texts = [item.text for name in ("relations-dev", "relations-heldout") for item in load(name)]
    texts += ["GPT-2 BUILDS ON GPT and Uses a decoder", "ELMo suffers from it; it's a variant"]
    for text in texts:
        possible = corroborate._ENGLISH.possible(text)
        for i, (_, english) in enumerate(corroborate._KINDS):
            if english.search(text):
                assert i in possible, (english.pattern, text)
