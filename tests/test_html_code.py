"""Code is never a reference, in HTML too (issue 16, item 16): a URL inside ``<code>``, ``<pre>``,
``<kbd>`` or ``<samp>`` is neither extracted (so never requested by ``check``) nor prose."""

from __future__ import annotations

import io
from pathlib import Path

from noteatlas.cli import main
from noteatlas.graph.extract.note import extract
from noteatlas.schema import SourceFile

FIXTURE = Path(__file__).parent / "fixtures" / "extract" / "html-code.md"


def test_urls_in_html_code_elements_are_not_references() -> None:
    text = FIXTURE.read_text("utf-8")
    found = extract(SourceFile(path="html-code.md", text=text, encoding="utf-8", sha256=""))
    targets = sorted(r.target for r in found.references)
    assert targets == ["https://example.com/after-code", "https://example.com/real-html-link"]
    prose = " ".join(p.text for p in found.prose)
    assert "api.example.com" not in prose and "open to the end" not in prose
    assert "Call" in prose and "with a token." in prose


def test_the_link_index_never_lists_a_url_in_code(tmp_path: Path) -> None:
    """The link index is what ``check`` requests: a URL in code must not be in it."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "note.md").write_text(FIXTURE.read_text("utf-8"), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(tmp_path / "notes"), "-o", str(tmp_path / "site"), "-q"], out, err)
    assert code == 0, err.getvalue()
    links = (tmp_path / "site" / "links.csv").read_text("utf-8")
    assert "real-html-link" in links and "after-code" in links
    assert "example.com/in-" not in links and "/v1/inline" not in links
