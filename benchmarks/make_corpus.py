"""Generate a deterministic vault of study notes that looks like a real one, for benchmarks.

    python benchmarks/make_corpus.py OUT --notes N [--seed S] [--size-mb M]

Notes sit in topic folders (``01-基础/``, ``02-NLP/`` ...) and mix Chinese prose with English
terms; some carry front matter, all carry headings (some duplicated), tables of papers with arXiv
and ACL links, wikilinks and relative links between notes (some broken), images (some missing),
arrow chains, code blocks whose links are not links, bare URLs followed by Chinese punctuation and
``$math$``. One large README of tables and a few long notes stand in for real outliers. Every
choice comes from one ``random.Random(seed)``: the same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import random
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus_words import (
    ARROWS,
    CHAINS,
    EN,
    NOUNS,
    NOUNS_EN,
    PROBLEMS,
    PROBLEMS_EN,
    SECTIONS,
    SITES,
    SUFFIXES,
    TASKS,
    TASKS_EN,
    TERMS,
    ZH,
)

__all__ = ["GENERATOR_VERSION", "MANIFEST", "CorpusStats", "make_corpus"]

GENERATOR_VERSION = 1
"""Bumped whenever the output for a given seed changes, so cached corpora are regenerated."""
MANIFEST = ".corpus.json"
"""Hidden file in the corpus root recording how it was generated (not a note)."""
BYTES_PER_NOTE = 3000
"""Average note size when no target is given: 10,000 notes make about 30 MB."""

SUBFOLDERS = ["", "论文", "面试", "代码"]
# A valid 1x1 grey PNG: images that exist are real files.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c63600000000200015e2c0ae20000000049454e44ae426082"
)


def _is_acl(paper: str) -> bool:
    """ACL Anthology ids are ``D14-1181`` (old) or ``2020.acl-main.703`` (new); arXiv's are digits."""
    return bool(paper) and (paper[0].isalpha() or ".acl-" in paper)


@dataclass(frozen=True)
class CorpusStats:
    """What was generated, recorded in the manifest so a benchmark can say what it measured."""

    notes: int
    """Markdown files written (the README included)."""
    image_files: int
    """Images that exist; references to others are deliberately missing."""
    markdown_bytes: int
    """Total size of the Markdown files, UTF-8."""
    largest_note_bytes: int
    """Size of the biggest note (the README of tables)."""
    references: int
    """Links, wikilinks, images and bare URLs in note bodies (code and front matter excluded)."""
    broken_references: int
    """References written to point at nothing (missing notes and images)."""
    seed: int
    """The seed every choice came from."""


@dataclass
class _Note:
    path: str  # relative to the corpus root, POSIX
    name: str  # file stem, what wikilinks use
    term: tuple[str, str, str, int, str]


class _Writer:
    """Writes the text of notes; holds the random source and the reference counts."""

    def __init__(self, rng: random.Random, notes: list[_Note]) -> None:
        self.rng = rng
        self.notes = notes
        self.refs = 0
        self.broken = 0
        self.images: list[str] = []  # image paths that exist, relative to the root

    def words(self) -> dict[str, str]:
        r = self.rng
        a, b = r.choice(TERMS), r.choice(TERMS)
        return {
            "a": r.choice((a[0], a[1])), "b": r.choice((b[0], b[1])), "z": a[1], "y": str(a[3]),
            "p": r.choice(PROBLEMS), "n": r.choice(NOUNS), "n2": r.choice(NOUNS),
            "t": r.choice(TASKS), "lr": r.choice(("1e-4", "3e-5", "5e-4", "0.001")),
            "bs": str(r.choice((16, 32, 64, 128, 256))), "ep": str(r.randint(3, 40)),
            "pt": f"{r.uniform(0.3, 4.5):.1f}", "pe": r.choice(PROBLEMS_EN),
            "ne": r.choice(NOUNS_EN), "ne2": r.choice(NOUNS_EN), "te": r.choice(TASKS_EN),
        }  # fmt: skip

    def url(self) -> str:
        r = self.rng
        site = r.choice(SITES)
        return site.format(w=r.choice(TERMS)[0].replace(" ", "_"), n=r.randint(1000, 99999))

    def arxiv(self, term: tuple[str, str, str, int, str] | None = None) -> tuple[str, int]:
        """An arXiv id: the term's own when it has one, else a made-up id of the right shape."""
        r = self.rng
        if term and term[4] and not _is_acl(term[4]):
            return term[4], term[3]
        year = r.randint(2013, 2024)
        digits = 5 if year >= 2015 else 4
        number = r.randint(1, 10**digits - 1)
        return f"{year % 100:02d}{r.randint(1, 12):02d}.{number:0{digits}d}", year

    def paper_link(self, term: tuple[str, str, str, int, str]) -> tuple[str, int]:
        """A link to a paper about ``term`` (arXiv abs/pdf/version or ACL Anthology) and its year."""
        r = self.rng
        if _is_acl(term[4]):
            return f"https://aclanthology.org/{term[4]}.pdf", term[3]
        if r.random() < 0.15:
            venue = r.choice(("D", "P", "N", "C"))
            year = r.randint(2010, 2019)
            return f"https://aclanthology.org/{venue}{year % 100:02d}-{r.randint(1001, 1999)}", year
        aid, year = self.arxiv(term if r.random() < 0.5 else None)
        form = r.choice(("abs/{}", "pdf/{}.pdf", "pdf/{}", "abs/{}v2"))
        return "https://arxiv.org/" + form.format(aid), year

    def note_link(self, here: _Note) -> str:
        """A wikilink or a relative Markdown link to another note; about one in twelve is broken."""
        r = self.rng
        self.refs += 1
        if r.random() < 0.08:
            self.broken += 1
            return f"[[{r.choice(TERMS)[1]}{r.choice(('详解', '推导', '补充'))}]]"
        other = r.choice(self.notes)
        roll = r.random()
        if roll < 0.45:
            return f"[[{other.name}]]"
        if roll < 0.6:
            return f"[[{other.name}|{other.term[0]}]]"
        if roll < 0.7:
            return f"[[{other.name}#{r.choice(SECTIONS)}]]"
        rel = posixpath.relpath(other.path, posixpath.dirname(here.path) or ".")
        return f"[{other.term[0]}]({rel.replace(' ', '%20')})"

    def image(self, here: _Note) -> str:
        r = self.rng
        self.refs += 1
        folder = here.path.split("/")[0]
        if r.random() < 0.2 or not self.images:
            self.broken += 1
            name = f"{here.name}-{r.randint(10**12, 10**13 - 1)}.jpeg"
            return f"![[{name}]]" if r.random() < 0.5 else f"![图](pics/{name})"
        own = [p for p in self.images[-40:] if p.startswith(folder + "/")] or self.images
        rel = posixpath.relpath(r.choice(own), posixpath.dirname(here.path) or ".")
        style = r.random()
        if style < 0.5:
            return f"![{here.term[1]}示意图]({rel})"
        if style < 0.75:
            return f'<img src="{rel}" style="zoom:50%;" />'
        return f"![[{posixpath.basename(rel)}|center]]"

    def new_image(self, here: _Note) -> str:
        path = f"{here.path.split('/')[0]}/pics/{here.term[0].replace(' ', '-')}-{len(self.images)}.png"
        self.images.append(path)
        return path

    def paragraph(self, here: _Note, english: bool) -> str:
        r = self.rng
        out = []
        for _ in range(r.randint(2, 6)):
            out.append(r.choice(EN if english else ZH).format(**self.words()))
            roll = r.random()
            if roll < 0.25:
                out.append(("See {}." if english else "详见{}。").format(self.note_link(here)))
            elif roll < 0.33:
                self.refs += 1
                out.append(f"参考：{self.url()}{r.choice('，。；')}写得很清楚。")
            elif roll < 0.38:
                out.append(" $[a](b)$ 这里不是链接，$\\sqrt{d_k}$ 才是缩放因子。")
        return (" " if english else "").join(out)

    def table(self, here: _Note, rows: int) -> str:
        r = self.rng
        head = r.choice(("| 年份 | 论文 | 链接 | 备注 |", "| year | paper | link | note |"))
        lines = [head, "| :--- | ---- | ---- | ---- |"]
        for _ in range(rows):
            term = r.choice(TERMS)
            url, year = self.paper_link(term)
            self.refs += 1
            title = f"{year}-{term[0]}: {r.choice(NOUNS_EN)} for {r.choice(TASKS_EN)}"
            note = r.choice(
                ("", "必读", "经典 <br> 引用很多", self.note_link(here), "代码见 github")
            )
            lines.append(f"| {year} | {title} | [link]({url}) | {note} |")
        return "\n".join(lines)

    def code(self) -> str:
        r = self.rng
        term = r.choice(TERMS)[0]
        return "\n".join((
            "```python", f"# 参考实现 {self.url()}", "# [不是链接](https://example.com/not-a-link)",
            "import torch", "import torch.nn as nn", "",
            f"class {term.title().replace(' ', '').replace('-', '')}(nn.Module):",
            "    def __init__(self, d_model: int = 512, heads: int = 8) -> None:",
            "        super().__init__()",
            "        self.proj = nn.Linear(d_model, d_model)  # x → proj → softmax, not a chain",
            "", "    def forward(self, x):",
            f"        return torch.softmax(self.proj(x) / {r.choice((8, 16, 64))} ** 0.5, dim=-1)",
            "```",
        ))  # fmt: skip

    def section(self, here: _Note, english: bool, seen: set[str]) -> str:
        """One H2 section of a note, of a randomly chosen kind."""
        r = self.rng
        title = r.choice(SECTIONS)
        heading = f"## {title}" if title not in seen or r.random() < 0.3 else f"## {title}（续）"
        seen.add(title)
        parts = [heading, self.paragraph(here, english)]
        roll = r.random()
        if roll < 0.2:
            parts.append(self.table(here, r.randint(3, 10)))
        elif roll < 0.32:
            parts.append(self.code())
        elif roll < 0.44:
            chain = r.choice(CHAINS)
            start = r.randint(0, len(chain) - 3)
            parts.append(r.choice(ARROWS).join(chain[start : start + r.randint(3, 5)]))
        elif roll < 0.56:
            parts.append(self.image(here))
        elif roll < 0.64:
            self.refs += 1
            parts.append(f"> 原文：{self.url()}　，推荐先看这篇。")
        elif roll < 0.7:
            parts.append(
                "$$\n\\text{Attention}(Q,K,V) = \\text{softmax}(\\frac{QK^T}{\\sqrt{d_k}})V\n$$"
            )
        elif roll < 0.8:
            parts.append(
                "### 优点\n\n- " + self.paragraph(here, english) + "\n\n### 缺点\n\n- 计算量大"
            )
        else:
            items = [f"{i}. {self.note_link(here)}" for i in range(1, r.randint(2, 5))]
            parts.append("\n".join(items))
        return "\n\n".join(parts)

    def front_matter(self, here: _Note) -> str:
        r = self.rng
        name, alias, _, year, paper = here.term
        lines = ["---"]
        if r.random() < 0.5:
            lines.append(f"title: {json.dumps(here.name, ensure_ascii=False)}")
        lines.append(f"aliases: [{json.dumps(alias, ensure_ascii=False)}, {json.dumps(name)}]")
        if r.random() < 0.6:
            kind = r.choice(("model", "concept", "technique", "architecture", "problem"))
            lines += [f"kind: {kind}", f"year: {year}"]
        if paper and r.random() < 0.5:
            url, _ = self.paper_link(here.term)
            lines.append(f"paper: {url}")
        tags = r.sample(["nlp", "cv", "llm", "embedding", "面试", "todo", "paper"], r.randint(1, 3))
        lines.append(f"tags: [{', '.join(tags)}]")
        if r.random() < 0.3:
            lines.append(f"based_on: [{json.dumps(r.choice(TERMS)[0])}]")
        if r.random() < 0.1:
            lines.append("share_updated: 2025-09-27T12:22:33+08:00")
        return "\n".join([*lines, "---", ""])

    def note(self, here: _Note, budget: int) -> str:
        """A whole note, sections added until it reaches ``budget`` bytes."""
        r = self.rng
        english = r.random() < 0.15
        head = self.front_matter(here) if r.random() < 0.35 else ""
        title = here.name if r.random() < 0.8 else f"**{here.name}**"
        parts = [head + f"# {title}", self.paragraph(here, english)]
        if r.random() < 0.1:
            parts.append(f"uses:: [[{r.choice(TERMS)[1]}]]")
        if r.random() < 0.1:
            parts.append(
                "## 前置知识\n\n" + "\n".join(f"1. {r.choice(TERMS)[1]}" for _ in range(3))
            )
        seen: set[str] = set()
        size = sum(len(p.encode()) + 2 for p in parts)
        while size < budget:
            part = self.section(here, english, seen)
            parts.append(part)
            size += len(part.encode()) + 2
        return "\n\n".join(parts) + "\n"

    def readme(self, budget: int) -> str:
        """The index page: year headings and long tables of papers linking to notes."""
        r = self.rng
        here = _Note("README.md", "README", TERMS[0])
        parts = ["# 深度学习与 NLP 学习笔记", "按年份整理的论文与笔记索引。"]
        size = 0
        year = 2003
        while size < budget:
            part = f"## {year}年《{r.choice(TERMS)[0]}》\n\n{self.table(here, 40)}"
            parts.append(part)
            size += len(part.encode()) + 2
            year = 2003 + (year - 2002) % 22
        return "\n\n".join(parts) + "\n"


def _plan(rng: random.Random, notes: int) -> list[_Note]:
    """Paths and names of every note up front, so any note can link to any other."""
    planned: list[_Note] = []
    used: set[str] = set()
    for _ in range(notes):
        term = rng.choice(TERMS)
        stem = rng.choice((term[0], term[1], term[0]))
        base = stem + rng.choice(SUFFIXES) if rng.random() < 0.6 else f"{stem}的{rng.choice(NOUNS)}"
        name, k = base, 1
        while name in used:
            k += 1
            name = f"{base} ({k})"
        used.add(name)
        sub = rng.choice(SUBFOLDERS) if notes > 300 else ""
        folder = f"{term[2]}/{sub}".rstrip("/")
        planned.append(_Note(f"{folder}/{name}.md", name, term))
    return planned


def make_corpus(
    out: Path, notes: int, seed: int = 0, target_bytes: int | None = None
) -> CorpusStats:
    """Write a vault of ``notes`` Markdown files (README included) of about ``target_bytes``.

    ``out`` must be missing, empty or a corpus made by this function (it is then replaced).
    """
    if notes < 2:
        raise ValueError(f"notes must be at least 2, got {notes}")
    if out.exists() and any(out.iterdir()):
        if not (out / MANIFEST).is_file():
            raise FileExistsError(f"{out} is not empty and was not made by make_corpus")
        shutil.rmtree(out)
    target = target_bytes if target_bytes is not None else notes * BYTES_PER_NOTE
    rng = random.Random(seed)
    planned = _plan(rng, notes - 1)
    writer = _Writer(rng, planned)
    readme_budget = min(1_000_000, target // 30)
    weights = [rng.lognormvariate(0, 0.5) * (20 if rng.random() < 0.003 else 1) for _ in planned]
    per_weight = max(0, target - readme_budget) / sum(weights)
    files: dict[str, bytes] = {}
    carry = 0.0
    for note, weight in zip(planned, weights, strict=True):
        if rng.random() < 0.05:
            files[writer.new_image(note)] = PNG
        budget = weight * per_weight + carry
        text = writer.note(note, int(budget)).encode()
        carry = budget - len(text)
        files[note.path] = text
    files["README.md"] = writer.readme(readme_budget).encode()
    out.mkdir(parents=True, exist_ok=True)
    for rel in sorted(files):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])
    sizes = [len(v) for k, v in files.items() if k.endswith(".md")]
    stats = CorpusStats(
        notes=len(sizes),
        image_files=len(files) - len(sizes),
        markdown_bytes=sum(sizes),
        largest_note_bytes=max(sizes),
        references=writer.refs,
        broken_references=writer.broken,
        seed=seed,
    )
    manifest = {"generator": GENERATOR_VERSION, "target_bytes": target, **asdict(stats)}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return stats


def main(argv: list[str] | None = None) -> int:
    """Command line: generate one corpus and print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (missing, empty or a corpus)")
    parser.add_argument("--notes", type=int, required=True, help="number of Markdown files")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--size-mb", type=float, help="total size in MB (default 3 KB a note)")
    args = parser.parse_args(argv)
    target = None if args.size_mb is None else int(args.size_mb * 1_000_000)
    try:
        stats = make_corpus(args.out, args.notes, args.seed, target)
    except (ValueError, OSError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(asdict(stats), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
