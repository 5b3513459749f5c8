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


def test_check_never_lists_a_url_in_code(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text(FIXTURE.read_text("utf-8"), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(tmp_path), "--offline", "--format", "json"], out, err)
    assert code == 0, err.getvalue()
    assert "in-code" not in out.getvalue() and "/v1/inline" not in out.getvalue()
