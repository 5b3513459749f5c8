"""Enumerations shared by every stage: node, edge, reference and diagnostic kinds."""

from __future__ import annotations

from enum import StrEnum


class NodeKind(StrEnum):
    """What a node of the atlas is. The id prefix is the kind (``note:``, ``concept:`` ...)."""

    NOTE = "note"
    CONCEPT = "concept"
    PAPER = "paper"
    RESOURCE = "resource"
    ASSET = "asset"
    TAG = "tag"


class ConceptKind(StrEnum):
    """What sort of idea a concept is."""

    CONCEPT = "concept"
    MODEL = "model"
    TECHNIQUE = "technique"
    ARCHITECTURE = "architecture"
    PROBLEM = "problem"
    TASK = "task"
    DATASET = "dataset"
    METRIC = "metric"


class EdgeKind(StrEnum):
    """Directed edge kinds, source -> target."""

    # typed relations between concepts
    IS_A = "is_a"
    PART_OF = "part_of"
    BASED_ON = "based_on"
    USES = "uses"
    IMPROVES_ON = "improves_on"
    VARIANT_OF = "variant_of"
    ADDRESSES = "addresses"
    HAS_PROBLEM = "has_problem"
    PRECEDES = "precedes"
    PREREQUISITE_OF = "prerequisite_of"
    RELATED_TO = "related_to"
    # derived, weaker
    LEADS_TO = "leads_to"
    SUBTOPIC_OF = "subtopic_of"
    CO_MENTIONED = "co_mentioned"
    # documents
    LINKS_TO = "links_to"
    EMBEDS = "embeds"
    CITES = "cites"
    MENTIONS = "mentions"
    DEFINES = "defines"
    INTRODUCES = "introduces"
    IDENTIFIES = "identifies"
    TAGGED = "tagged"


#: Typed relations a vocabulary or a note may state between two concepts.
RELATION_KINDS: frozenset[EdgeKind] = frozenset(
    {
        EdgeKind.IS_A,
        EdgeKind.PART_OF,
        EdgeKind.BASED_ON,
        EdgeKind.USES,
        EdgeKind.IMPROVES_ON,
        EdgeKind.VARIANT_OF,
        EdgeKind.ADDRESSES,
        EdgeKind.HAS_PROBLEM,
        EdgeKind.PRECEDES,
        EdgeKind.PREREQUISITE_OF,
        EdgeKind.RELATED_TO,
    }
)

#: Derived edges: useful, but not a claim anybody wrote down as such.
WEAK_KINDS: frozenset[EdgeKind] = frozenset(
    {EdgeKind.LEADS_TO, EdgeKind.SUBTOPIC_OF, EdgeKind.CO_MENTIONED}
)


class RefKind(StrEnum):
    """How a reference was written in the Markdown source."""

    INLINE = "inline"  # [text](target "title")
    REFERENCE = "reference"  # [text][label] with [label]: target "title"
    AUTOLINK = "autolink"  # <https://...>
    BARE_URL = "bare_url"  # https://... in prose (linkify)
    IMAGE = "image"  # ![alt](src)
    WIKILINK = "wikilink"  # [[target#heading|alias]]
    EMBED = "embed"  # ![[file|opts]]
    HTML_A = "html_a"  # <a href="...">
    HTML_IMG = "html_img"  # <img src="...">


class Method(StrEnum):
    """How a piece of evidence was found; an edge's confidence follows from its strongest method."""

    FRONT_MATTER = "front_matter"
    INLINE_FIELD = "inline_field"
    VOCABULARY = "vocabulary"
    REFERENCE = "reference"  # a link, image, wikilink or embed written in a note
    URL_PATTERN = "url_pattern"
    ARROW_CHAIN = "arrow_chain"
    PREREQUISITES = "prerequisites"
    TABLE = "table"
    LINK_TEXT = "link_text"
    HEADING = "heading"
    MARKMAP_BLOCK = "markmap_block"
    MENTION = "mention"
    CO_MENTION = "co_mention"
    TITLE = "title"  # a note's title or file name is the concept's name
    DEFINITION = "definition"  # a sentence defines it (``X是指…``, ``X refers to …``)
    ALIAS = "alias"  # an alias pair written in the text (``双向循环神经网络（BiRNN）``)
    TERM = "term"  # a term the note repeats or stresses (bold, a heading, English in Chinese)
    SENTENCE = "sentence"  # a relation a sentence of a note states (a cue between two concepts)


#: Confidence of each method, strongest first.
METHOD_CONFIDENCE: dict[Method, float] = {
    Method.FRONT_MATTER: 1.0,
    Method.INLINE_FIELD: 1.0,
    Method.REFERENCE: 1.0,
    Method.URL_PATTERN: 1.0,
    Method.VOCABULARY: 0.9,
    Method.PREREQUISITES: 0.8,
    Method.ARROW_CHAIN: 0.7,
    Method.TABLE: 0.7,
    Method.SENTENCE: 0.7,  # a default: a sentence's evidence carries its cue's own confidence
    Method.LINK_TEXT: 0.6,
    Method.TITLE: 0.8,
    Method.DEFINITION: 0.7,
    Method.ALIAS: 0.7,
    Method.HEADING: 0.5,
    Method.MARKMAP_BLOCK: 0.5,
    Method.MENTION: 0.5,
    Method.TERM: 0.4,
    Method.CO_MENTION: 0.3,
}


class Category(StrEnum):
    """What an external URL points at."""

    PAPER = "paper"
    CODE = "code"
    DOCS = "docs"
    BLOG = "blog"
    VIDEO = "video"
    FORUM = "forum"
    IMAGE = "image"
    OTHER = "other"


class Severity(StrEnum):
    """How bad a diagnostic is. Errors are wrong input; warnings are doubtful input; info is a repair."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class LinkStatus(StrEnum):
    """What checking a reference found. External and local checks share one vocabulary."""

    OK = "ok"  # reachable (2xx or an accepted code), or the local target exists
    REDIRECTED = "redirected"  # reachable after redirects; the final URL is kept
    BROKEN = "broken"  # 404/410 or a redirect loop: the page is gone
    BLOCKED = "blocked"  # 401/403/429/999: the site refuses robots; a warning unless strict
    TIMEOUT = "timeout"  # no answer in time, after retries
    UNREACHABLE = "unreachable"  # no connection: name lookup failed, port refused, no route
    ERROR = "error"  # anything else that went wrong; ``detail`` says what
    EXCLUDED = "excluded"  # not requested: excluded by config or a private address
    UNSAFE = "unsafe"  # javascript:, data: ... never followed
    UNSUPPORTED = "unsupported"  # a scheme we do not check (mailto:, ftp: ...)
    # local checks (files, anchors, wikilinks)
    MISSING_FILE = "missing_file"  # the linked file or note does not exist
    MISSING_ANCHOR = "missing_anchor"  # the file exists, the #anchor does not
    OUTSIDE_ROOT = "outside_root"  # the path leaves the corpus root; never read
    EMAIL_AS_PATH = "email_as_path"  # a local link that is really an e-mail address
