"""Extract: one note's text to a ``NoteExtract``, with no I/O.

``note.extract`` drives the rest: ``markdown`` (the markdown-it-py parser), ``inline`` (links,
wikilinks, embeds, bare URLs), ``html_refs`` (``<a>``/``<img>``), ``frontmatter``, ``fields``
(``key:: value``), ``markmap`` (fenced mind-map blocks), ``slugs`` (GitHub heading anchors) and
``locate`` (lines and columns in the original file).
"""
