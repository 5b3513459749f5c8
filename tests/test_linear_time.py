"""Regular expressions over note text take linear time on any input (issue 16).

Each rewritten pattern is checked twice: it finds exactly what the old pattern found on short
inputs (hypothesis), and it gets through long runs that made the old one quadratic or worse. The
guard on the long runs is a hang detector with a wide margin, not a speed goal (those live in
``benchmarks/hostile.py``): the old URL pattern needed 15 s for 100 KB of letters and would need
about 25 minutes for the 1 MB run below; the new one needs a few hundredths of a second.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import noteatlas
from noteatlas.config import Config
from noteatlas.graph.concepts.texts import blank_urls
from noteatlas.graph.extract.note import _HEADING_ID
from noteatlas.graph.identify.titles import _AUTHORS_ONLY

HANG = 30  # seconds: far above what a linear pass over these inputs takes on a loaded machine

# The patterns as they were, kept as the reference for what must still match.
_OLD_URL = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)[^\s<>\"'）)\]】，。]*")
_SURNAME = r"[A-Z][a-zA-Z'’-]+"
_OLD_AUTHORS = re.compile(
    rf"{_SURNAME}(?:\s*,?\s*{_SURNAME})*(?:\s+(?:and|&)\s+{_SURNAME}|\s+et\s+al\.?|\s*等人?)"
)
_OLD_HEADING_ID = re.compile(r"\s*\{#([^\s{}]+)[^{}]*\}\s*$")


@contextmanager
def finishes() -> Iterator[None]:
    """Fail instead of hanging when the code inside never ends (``re`` checks for signals)."""

    def stop(signum: int, frame: object) -> None:
        raise AssertionError(f"still running after {HANG} s: not linear in the input")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _old_blank(text: str) -> str:
    return _OLD_URL.sub(lambda m: " " * len(m.group(0)), text)


@settings(max_examples=400)
@given(st.text(alphabet="aw1.:/ +-)xW<", max_size=24))
def test_blank_urls_blanks_what_it_blanked_before(text: str) -> None:
    assert blank_urls(text) == _old_blank(text)


def test_blank_urls_keeps_columns_and_the_digits_before_a_scheme() -> None:
    assert blank_urls("see 1http://x.y/z 2") == "see 1" + " " * 13 + "2"
    assert (
        blank_urls("见https://github.com/x，写得")
        == "见" + " " * len("https://github.com/x") + "，写得"
    )
    assert blank_urls("awww.example.com") == "a" + " " * 15


@settings(max_examples=12, deadline=None)
@given(
    unit=st.sampled_from(["a", "Aa", "1a", "a.", "a-b+", "a://"[:3], "www", "x1.-"]),
    size=st.integers(min_value=200_000, max_value=1_000_000),
    tail=st.sampled_from(["", " https://example.org/x", "://", "\n"]),
)
def test_blank_urls_is_linear_on_long_runs(unit: str, size: int, tail: str) -> None:
    text = (unit * (size // len(unit) + 1))[:size] + tail
    with finishes():
        blanked = blank_urls(text)
    assert len(blanked) == len(text)
    if "://" not in text and "www." not in text:
        assert blanked == text


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["A", "b", " ", ",", "等", "人", " et al", " and ", "-"]),
                max_size=10).map("".join))  # fmt: skip
def test_authors_only_matches_what_it_matched_before(text: str) -> None:
    assert bool(_AUTHORS_ONLY.fullmatch(text)) == bool(_OLD_AUTHORS.fullmatch(text))


def test_authors_only_is_not_exponential_in_capitals() -> None:
    # 41 capitals took 41 s; a paper title is tested up to 300 characters.
    with finishes():
        assert _AUTHORS_ONLY.fullmatch("A" * 300 + "x") is None
        assert _AUTHORS_ONLY.fullmatch("Vaswani Shazeer Parmar et al") is not None


@settings(max_examples=300)
@given(st.text(alphabet=" \t{}#ab", max_size=16))
def test_heading_id_matches_where_it_matched_before(text: str) -> None:
    old, new = _OLD_HEADING_ID.search(text), _HEADING_ID.search(text)
    assert (old and (old.start(), old.group(1))) == (new and (new.start(), new.group(1)))


def test_heading_id_is_linear_in_spaces() -> None:
    with finishes():
        assert _HEADING_ID.search("a" + " " * 1_000_000 + "b") is None


def test_a_note_of_one_long_run_of_letters_builds(tmp_path: Path) -> None:
    """The reproduction of issue 16: 100 KB of letters cost 15.6 s in the mentions stage."""
    (tmp_path / "long.md").write_text(
        "# Long\n\n" + "a" * 300_000 + "\n\n- " + "Ab1" * 50_000 + "\n\n# " + " " * 100_000 + "x\n",
        "utf-8",
    )
    with finishes():
        atlas = noteatlas.build(tmp_path, Config(cache=False, jobs=1))
    assert atlas.counts()["note"] == 1
