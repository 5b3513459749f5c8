"""The stages that make the graph, in pipeline order.

- ``read/``      discover the corpus's files and decode each one's bytes to text;
- ``extract/``   parse one note's Markdown into a ``NoteExtract`` (references, outline, tables ...);
- ``identify/``  what a reference is: normalised URL, category, paper, and local resolution;
- ``concepts/``  concepts and the relations between them, from the notes and the vocabulary;
- ``documents``  the document layer: notes, resources, papers, assets, tags and their edges.

Every stage takes plain data and returns plain data; none touches the network, none imports
the package face (``noteatlas.atlas``, the CLI). The pools and caches that run them live in
``noteatlas.pipeline``.
"""
