"""Node models. Ids are stable and readable: ``note:path``, ``concept:slug``, ``paper:arxiv:id`` ..."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from noteatlas.schema.document import Heading
from noteatlas.schema.edges import Evidence
from noteatlas.schema.kinds import Category, ConceptKind, NodeKind


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    """Stable id, prefixed by the kind."""
    label: str
    """Short human label for displays."""


class NoteNode(_Node):
    """A Markdown file of the corpus."""

    kind: Literal[NodeKind.NOTE] = NodeKind.NOTE
    path: str
    """Corpus-relative POSIX path."""
    title: str
    """Front matter title > first H1 > file stem."""
    title_source: str = "stem"
    """``front_matter``, ``h1`` or ``stem``."""
    front_matter: dict[str, Any] = Field(default_factory=dict)
    """Parsed front matter."""
    outline: list[Heading] = Field(default_factory=list)
    """Headings with lines and slugs."""
    encoding: str = "utf-8"
    """Codec the file was read with."""
    repairs: list[str] = Field(default_factory=list)
    """Encoding repairs applied while reading."""
    tags: list[str] = Field(default_factory=list)
    """Tags from front matter and ``#tags`` in the text."""


class ConceptNode(_Node):
    """An idea: a model, technique, problem, dataset ..."""

    kind: Literal[NodeKind.CONCEPT] = NodeKind.CONCEPT
    name: str
    """Canonical name."""
    concept_kind: ConceptKind = ConceptKind.CONCEPT
    """What sort of idea it is."""
    year: int | None = None
    """Year it appeared."""
    year_source: str | None = None
    """Where the year came from: ``note:<path>``, ``vocabulary``, ``paper:<id>``, ``heading:<path>``, ``file_name:<path>``, ``prose:<path>``, ``table:<path>`` (the first note of the majority that states it)."""
    year_note: str | None = None
    """Caveat on the year, e.g. that it is a convention."""
    aliases: list[str] = Field(default_factory=list)
    """Other names, English and Chinese."""
    summary: str = ""
    """One or two sentences."""
    paper: str | None = None
    """Id of the defining paper node."""
    builtin: bool = False
    """True when it comes from the built-in vocabulary only."""
    found_in: list[Evidence] = Field(default_factory=list)
    """Where the notes show it is a concept (file, line, method: ``title``, ``alias``,
    ``definition``, ``heading``, ``table``, ``reference``, ``arrow_chain``, ``term``), strongest
    first; empty for a concept that only a vocabulary or a front matter names."""


class PaperNode(_Node):
    """A paper, however many URLs reach it."""

    kind: Literal[NodeKind.PAPER] = NodeKind.PAPER
    paper_id: str
    """Scheme-qualified id: ``arxiv:1810.04805``, ``acl:D14-1181``, ``doi:10.1145/...``."""
    ids: list[str] = Field(default_factory=list)
    """Every scheme-qualified id of the paper, ``paper_id`` first: more than one when the notes
    give its arXiv and venue versions with the same title (one paper, both ids kept)."""
    title: str | None = None
    """Best known title."""
    year: int | None = None
    """Publication year."""
    month: int | None = None
    """Month, when the id tells it (arXiv)."""
    venue: str | None = None
    """arXiv, ACL Anthology, NeurIPS, JMLR, PMLR, OpenReview ..."""
    authors: list[str] = Field(default_factory=list)
    """Authors when known."""
    urls: list[str] = Field(default_factory=list)
    """Normalised URLs that reach it."""


class ResourceNode(_Node):
    """An external URL."""

    kind: Literal[NodeKind.RESOURCE] = NodeKind.RESOURCE
    url: str
    """Normalised URL without fragment."""
    host: str
    """Lower-case host."""
    category: Category = Category.OTHER
    """What it points at."""
    title: str | None = None
    """Best title seen in link texts."""
    status: str | None = None
    """Last link-check result, when a cache exists."""


class AssetNode(_Node):
    """An image or other file a note embeds."""

    kind: Literal[NodeKind.ASSET] = NodeKind.ASSET
    path: str
    """Corpus-relative path (as resolved, or as written when missing)."""
    exists: bool
    """Whether the file is in the corpus."""


class TagNode(_Node):
    """A tag."""

    kind: Literal[NodeKind.TAG] = NodeKind.TAG
    name: str
    """Tag name, lower-case, without ``#``."""


Node = Annotated[
    NoteNode | ConceptNode | PaperNode | ResourceNode | AssetNode | TagNode,
    Field(discriminator="kind"),
]
"""Any node; ``kind`` tells which."""
