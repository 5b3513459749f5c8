"""Concepts: concept nodes and the edges between concepts, notes and papers.

``vocabulary`` (+ ``vocabulary_parse``) reads concepts.yaml files, ``registry`` collects the
concepts a corpus knows, ``names`` finds their names in text (one Aho-Corasick automaton),
``mentions`` is the per-note half of mention finding, ``sightings`` the per-note half of
discovery (``naming`` says what reads as a name) and ``discover`` its corpus half;
``definitions``, ``relations``, ``sections`` and ``years`` read what notes state, ``statements``
turns what their sentences say into relations, ``texts`` picks the texts that can mention a
concept, ``nodes`` makes a concept's node (its paper and year), and ``stage`` runs it all:
``define`` (every name) before the mentions pass, ``assemble`` after it.
"""
