"""The explorer's node columns: what the page draws, searches and explains of each node, one entry
per node in each column (see ``node_columns``), with the links it may follow (``safe_href``).

Split from ``explorer_data`` (which assembles the whole page data and the edge columns). Nothing
here knows about pyvis or HTML; every string from a note stays a plain value, escaped once when
the data is serialised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from noteatlas.exporters.explorer_dates import When
from noteatlas.exporters.explorer_prominence import Standing
from noteatlas.exporters.explorer_style import GROUP_STYLES, LABEL_COLUMNS, short_label
from noteatlas.exporters.notelinks import safe_href
from noteatlas.schema import (
    AssetNode,
    Category,
    ConceptNode,
    Node,
    NodeKind,
    NoteNode,
    PaperNode,
    ResourceNode,
    TagNode,
)

#: Node groups in the page's order: a node's group is its index here.
GROUPS: tuple[str, ...] = tuple(GROUP_STYLES)
#: Link categories in the page's order: a resource's category is its index here.
CATEGORIES: tuple[Category, ...] = tuple(Category)
_CATEGORY_INDEX = {category: i for i, category in enumerate(CATEGORIES)}

# -- nodes ------------------------------------------------------------------------------------------


def _status_of(url: str, link_status: Mapping[str, str], fallback: str | None) -> str | None:
    status = link_status.get(url)
    if status is None and "#" in url:
        status = link_status.get(url.split("#", 1)[0])
    return status if status is not None else fallback


def _links(urls: list[str], link_status: Mapping[str, str], fallback: str | None) -> list[Any]:
    """``[text, href, status or None]`` per URL, where href is 1 when it is the text itself and
    None when the URL is unsafe, so it stays text; just the text when it is a safe link with no
    status (the usual case)."""
    out: list[Any] = []
    for url in urls:
        href = safe_href(url)
        status = _status_of(url, link_status, fallback)
        out.append(
            url if href == url and status is None else [url, 1 if href == url else href, status]
        )
    return out


def _kept(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None and v != "" and v != []}


# What the page needs of each kind of node: (group, year, the id its own fields make, fields by
# their names in ``explorer_contract.NODE_FIELDS``, empty ones left out). The id is one the page rebuilds (``note:`` + path ...), so the
# id column holds 0 when the node's id is that one.
_Kind = tuple[str, int | None, str | None, dict[str, Any]]


def _concept(node: ConceptNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    fields = {
        "canonicalName": node.name,
        "yearSource": node.year_source,
        "yearNote": node.year_note,
        "aliases": list(node.aliases),
        "summary": node.summary,
        "paper": node.paper,
        "builtin": 1 if node.builtin else None,
    }
    return node.concept_kind.value, node.year, None, _kept(fields)


def _paper(node: PaperNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    fields = {
        "paperId": node.paper_id,
        "title": node.title,
        "month": node.month,
        "venue": node.venue,
        "authors": list(node.authors),
        "links": _links(list(node.urls), status, None),
    }
    own = f"paper:{node.paper_id}" if node.paper_id else None
    return NodeKind.PAPER.value, node.year, own, _kept(fields)


def _note(node: NoteNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    fields = _kept({"title": node.title, "file": files[node.path]})
    return NodeKind.NOTE.value, None, f"note:{node.path}", fields


def _resource(node: ResourceNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    fields = {
        "title": node.title,
        "category": _CATEGORY_INDEX[node.category],
        "links": _links([node.url], status, node.status),
    }
    return NodeKind.RESOURCE.value, None, f"url:{node.url}", _kept(fields)


def _asset(node: AssetNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    fields = _kept({"file": files[node.path], "missing": None if node.exists else 1})
    return NodeKind.ASSET.value, None, f"asset:{node.path}", fields


def _tag(node: TagNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    own = f"tag:{node.name}" if node.name else None
    return NodeKind.TAG.value, None, own, _kept({"canonicalName": node.name})


_KINDS: dict[type, Any] = {
    ConceptNode: _concept,
    PaperNode: _paper,
    NoteNode: _note,
    ResourceNode: _resource,
    AssetNode: _asset,
    TagNode: _tag,
}


def _kind_of(node: Node, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    made = _KINDS.get(type(node))
    if made is None:  # a subclass: the first kind it is one of
        made = next(f for t, f in _KINDS.items() if isinstance(node, t))
    result: _Kind = made(node, status, files)
    return result


def _label_code(name: str) -> int | str:
    """0 when the canvas label is the name, else how many UTF-16 units of the name it keeps before
    its ``…`` (the page slices the name), else the label itself."""
    if 2 * len(name) <= LABEL_COLUMNS:  # short enough whatever its characters
        return 0
    label = short_label(name)
    if label == name:
        return 0
    kept = label[:-1]
    if label.endswith("…") and kept and name.startswith(kept):
        return len(kept.encode("utf-16-le")) // 2
    return label


def _dated(fields: dict[str, Any], when: When) -> int:
    """A note's or a paper's date fields (``explorer_dates``), and its year."""
    if when.month is not None:
        fields["month"] = when.month
    if when.day is not None:
        fields["day"] = when.day
    fields["dateSource"] = when.source
    if when.inferred:
        fields["dateInferred"] = 1
    return when.year


def node_columns(
    nodes: Sequence[Node],
    link_status: Mapping[str, str],
    files: Mapping[str, int],
    tags: Mapping[int, Iterable[int]],
    stand: Standing | None = None,
    dates: Mapping[str, When] | None = None,
) -> dict[str, Any]:
    """One entry per node in each column, in order: what the page draws, searches and explains.

    ``id``, ``group`` (index in ``GROUPS``), ``name``, ``label`` (see ``_label_code``), ``year``,
    and ``fields``: the kinds' own fields, each a sparse column (empty values left out). ``tags``
    lists the indices of the node's tags, which ``tags`` gives by node index; ``stand`` says what
    the notes stress (``explorer_prominence``), ``dates`` where notes and papers sit in time by id
    (``explorer_dates``). ``explorer_contract.NODES`` documents every column and field.
    """
    group_index = {g: i for i, g in enumerate(GROUPS)}
    stand = stand if stand is not None else Standing(prominence=[0.0] * len(nodes))
    dates = dates or {}
    ids, groups, names, labels, years = [], [], [], [], []
    columns: dict[str, list[Any]] = {}
    last: dict[str, int] = {}
    for i, node in enumerate(nodes):
        name = " ".join(node.label.split()) or node.id
        group, year, own, fields = _kind_of(node, link_status, files)
        when = dates.get(node.id)
        if when is not None:
            year = _dated(fields, when)
        if i in stand.names:
            name, fields["nameSource"] = stand.names[i]
        ids.append(0 if own == node.id else node.id)
        groups.append(group_index[group])
        names.append(name)
        labels.append(_label_code(name))
        years.append(year)
        if fields.get("title") == name:
            fields["title"] = 1
        if i in tags:
            fields["tags"] = sorted(tags[i])
        if stand.prominence[i]:
            fields["prominence"] = stand.prominence[i]
        if i in stand.reasons:
            fields["keyReasons"] = stand.reasons[i]
        if i in stand.unmentioned:
            fields["unmentioned"] = 1
        for key, value in fields.items():
            column = columns.get(key)
            if column is None:
                column = columns[key] = []
            column.append(i - last.get(key, -1))
            column.append(value)
            last[key] = i
    return {
        "id": ids,
        "group": groups,
        "name": names,
        "label": labels,
        "year": years,
        "fields": columns,
    }
