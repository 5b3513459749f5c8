"""Generate a paper digest like the weekly "top ML papers" READMEs people keep, for the explorer.

    python benchmarks/make_digest.py OUT [--papers 1100] [--weeks 156] [--start 2023-01-02]

One ``README.md`` of weekly sections (``## Top ML Papers of the Week (Jan 2 - Jan 8, 2023)``),
each a table with a paper column (``1) **Title** - what it does``) and a links column
(``[Paper](arxiv), [Tweet](...)``); a milestone table of must-read papers at the top, some entries
starred; and a ``notes/`` folder of reading notes: daily notes named by their date, notes with a
``date`` in their front matter, and undated notes, each citing a few of the papers. Paper ids are
arXiv ids of the week's month, so a paper's year and month follow from its id as in real digests.
Every choice comes from one ``random.Random(seed)``: the same arguments give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Digest", "make_digest"]

MANIFEST = ".digest"
"""Hidden file in the digest root saying it was made here (not a note)."""

# Concepts of the built-in vocabulary a 2023-2025 digest talks about, and words for titles.
CONCEPTS = (
    "chain-of-thought", "LoRA", "RLHF", "in-context learning", "instruction tuning",
    "large language model", "Transformer", "scaling laws", "FlashAttention", "RoPE",
    "CLIP", "ViT", "latent diffusion", "parameter-efficient fine-tuning", "prompt tuning",
    "Switch Transformer", "PPO", "emergent abilities", "LLaMA", "GPT-4",
)  # fmt: skip
ADJECTIVES = (
    "Efficient", "Scalable", "Robust", "Sparse", "Multimodal", "Self-Supervised", "Faithful",
    "Long-Context", "Compositional", "Verifiable", "Adaptive", "Hierarchical", "Causal",
    "Grounded", "Contrastive", "Recursive", "Federated", "Quantized", "Agentic", "Modular",
)  # fmt: skip
NOUNS = (
    "Reasoning", "Retrieval", "Alignment", "Agents", "Tokenizers", "Memory", "Planning",
    "Distillation", "Decoding", "Reward Models", "World Models", "Tool Use", "Evaluation",
    "Pretraining", "Embeddings", "Attention", "Routing", "Search", "Calibration", "Editing",
)  # fmt: skip
TASKS = (
    "Code Generation", "Mathematical Reasoning", "Question Answering", "Summarization",
    "Machine Translation", "Image Generation", "Speech Recognition", "Robotics",
    "Theorem Proving", "Dialogue", "Information Extraction", "Video Understanding",
)  # fmt: skip
VERBS = (
    "a method that improves", "a study of", "a benchmark for", "a framework that scales",
    "an analysis of", "a simple recipe for", "a dataset and model for", "a survey of",
)  # fmt: skip
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Paper:
    """One paper of the digest."""

    arxiv: str
    """Its arXiv id (``2305.01234``)."""
    title: str
    """Its title, as the paper column writes it in bold."""
    week: dt.date
    """The Monday of the week it is listed under."""


@dataclass(frozen=True)
class Digest:
    """What was written."""

    papers: tuple[Paper, ...]
    """Every paper, in the order of the weeks."""
    milestones: tuple[str, ...]
    """arXiv ids of the papers in the milestone table."""
    notes: int
    """Markdown files written, the README included."""


def _title(rng: random.Random, used: set[str]) -> str:
    while True:
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} for {rng.choice(TASKS)}"
        if rng.random() < 0.4:
            title = f"{rng.choice(ADJECTIVES)} {title}"
        if title not in used:
            used.add(title)
            return title


def _week_heading(monday: dt.date) -> str:
    sunday = monday + dt.timedelta(days=6)
    first = f"{MONTHS[monday.month - 1]} {monday.day}"
    last = f"{MONTHS[sunday.month - 1]} {sunday.day}, {sunday.year}"
    return f"## Top ML Papers of the Week ({first} - {last})"


def _row(rng: random.Random, n: int, paper: Paper, star: bool) -> str:
    concept = rng.choice(CONCEPTS)
    what = f"{rng.choice(VERBS)} {concept} on {rng.choice(TASKS).lower()}"
    mark = " ⭐" if star else ""
    links = f"[Paper](https://arxiv.org/abs/{paper.arxiv}), [Tweet](https://x.com/digest/status/{rng.randint(10**15, 10**16)})"
    if rng.random() < 0.3:
        links += f", [Code](https://github.com/lab{rng.randint(1, 400)}/repo{rng.randint(1, 9999)})"
    return f"| {n}) **{paper.title}**{mark} - {what}. | {links} |"


def _papers(rng: random.Random, count: int, start: dt.date, weeks: int) -> list[Paper]:
    used: set[str] = set()
    ids: set[str] = set()
    out: list[Paper] = []
    per_week = [count // weeks + (1 if w < count % weeks else 0) for w in range(weeks)]
    for w, n in enumerate(per_week):
        monday = start + dt.timedelta(weeks=w)
        for _ in range(n):
            while True:
                aid = f"{monday.year % 100:02d}{monday.month:02d}.{rng.randint(1, 19999):05d}"
                if aid not in ids:
                    ids.add(aid)
                    break
            out.append(Paper(aid, _title(rng, used), monday))
    return out


def _readme(rng: random.Random, papers: list[Paper], milestones: list[Paper]) -> str:
    parts = [
        "# ML Papers of the Week",
        "Every week, the top machine learning papers, with links to the paper and the thread.",
        "## Milestone papers (must read)",
        "| **Paper** | **Links** |\n| ------------- | ------------- |",
    ]
    rows = [_row(rng, n + 1, p, star=False) for n, p in enumerate(milestones)]
    parts[-1] += "\n" + "\n".join(rows)
    by_week: dict[dt.date, list[Paper]] = {}
    for p in papers:
        by_week.setdefault(p.week, []).append(p)
    for monday in sorted(by_week, reverse=True):  # newest first, as digests are kept
        table = ["| **Paper** | **Links** |", "| ------------- | ------------- |"]
        for n, p in enumerate(by_week[monday]):
            table.append(_row(rng, n + 1, p, star=rng.random() < 0.04))
        parts.append(_week_heading(monday) + "\n" + "\n".join(table))
    return "\n\n".join(parts) + "\n"


def _note(rng: random.Random, title: str, front: str, cited: list[Paper]) -> str:
    lines = [front + f"# {title}", ""]
    for p in cited:
        concept = rng.choice(CONCEPTS)
        lines.append(f"- [{p.title}](https://arxiv.org/abs/{p.arxiv}): how it uses {concept}.")
    lines.append("")
    lines.append(f"Open questions about {rng.choice(CONCEPTS)} and {rng.choice(CONCEPTS)}.")
    return "\n".join(lines) + "\n"


def _notes(rng: random.Random, papers: list[Paper], popular: list[Paper]) -> dict[str, str]:
    """Reading notes: one per fortnight or so, dated three ways, each citing papers of its weeks
    and, often, one of the popular papers (which several notes then cite)."""
    out: dict[str, str] = {}
    weeks = sorted({p.week for p in papers})
    for n, monday in enumerate(weeks[::3]):
        near = [p for p in papers if abs((p.week - monday).days) <= 14]
        cited = rng.sample(near, min(len(near), rng.randint(2, 5)))
        if rng.random() < 0.6:
            cited.append(rng.choice(popular))
        day = monday + dt.timedelta(days=rng.randint(0, 6))
        style = n % 3
        if style == 0:  # a daily note: the file name is the date
            out[f"notes/daily/{day.isoformat()}.md"] = _note(rng, f"Reading {day}", "", cited)
        elif style == 1:  # the date in the front matter
            front = f"---\ndate: {day.isoformat()}\ntags: [reading]\n---\n"
            out[f"notes/reading-{n:03d}.md"] = _note(rng, f"Reading log {n}", front, cited)
        else:  # no date: placed by what it cites
            topic = rng.choice(CONCEPTS)
            out[f"notes/topics/{topic.replace(' ', '-')}-{n}.md"] = _note(
                rng, f"On {topic}", "", cited
            )
    return out


def make_digest(
    out: Path, papers: int = 1100, start: str = "2023-01-02", seed: int = 7, weeks: int = 156
) -> Digest:
    """Write a digest of ``papers`` papers over ``weeks`` weeks from the Monday ``start`` into
    ``out`` (missing, empty, or a digest made here, which is then replaced)."""
    if papers < 1 or weeks < 1:
        raise ValueError(f"papers and weeks must be at least 1, got {papers} and {weeks}")
    weeks = min(weeks, papers)
    monday = dt.date.fromisoformat(start)
    if monday.weekday() != 0:
        raise ValueError(f"start must be a Monday, got {start} ({monday:%A})")
    if out.exists() and any(out.iterdir()):
        if not (out / MANIFEST).is_file():
            raise FileExistsError(f"{out} is not empty and was not made by make_digest")
        shutil.rmtree(out)
    rng = random.Random(seed)
    listed = _papers(rng, papers, monday, weeks)
    milestones = rng.sample(listed, min(len(listed), 12))
    popular = rng.sample(listed, min(len(listed), 15))
    files = {"README.md": _readme(rng, listed, milestones), **_notes(rng, listed, popular)}
    out.mkdir(parents=True, exist_ok=True)
    for rel, text in sorted(files.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / MANIFEST).write_text(f"make_digest papers={papers} seed={seed}\n", encoding="utf-8")
    return Digest(tuple(listed), tuple(p.arxiv for p in milestones), len(files))


def main(argv: list[str] | None = None) -> int:
    """Command line: write one digest and say what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (missing, empty or a digest)")
    parser.add_argument("--papers", type=int, default=1100, help="papers in all")
    parser.add_argument("--weeks", type=int, default=156, help="weeks they spread over")
    parser.add_argument("--start", default="2023-01-02", help="the first week's Monday")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    args = parser.parse_args(argv)
    try:
        digest = make_digest(args.out, args.papers, args.start, args.seed, args.weeks)
    except (ValueError, OSError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    first, last = digest.papers[0].week, digest.papers[-1].week
    print(f"{len(digest.papers)} papers from {first} to {last}, {digest.notes} notes: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
