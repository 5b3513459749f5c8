"""Readers of what notes say in prose, at the language level: pure functions over text.

- ``sentences``: prose, list items and table rows split into sentences and clauses, each with its
  line and its mood (question, negation, hedge, interview section, code).
- ``cues``: the bilingual cue lexicon that turns a sentence into typed relations.
- ``skeleton``: a sentence with its mention groups as slots, what the cues are matched over.
- ``relations``: typed relations between the concept mentions of one sentence.
- ``aliases``: alias pairs written in text (``双向循环神经网络（BiRNN）``, ``又称``, ``a.k.a.``).
- ``definitions``: terms a sentence defines (``X是指…``, ``所谓X，就是…``, ``X refers to …``).
- ``terms``: term candidates of a note without any vocabulary; ``termshape``: what a name looks
  like (``looks_like_term``, which arrow chains use too); ``termkind``: a term's kind from its
  words (``梯度消失问题`` is a problem).
- ``years``: years stated in prose and headings (``2018年，Google提出了BERT``, ``X (2018)``).

Nothing here knows the vocabulary or the corpus: mentions come in as spans, so these modules
import only ``noteatlas.schema`` and survive any layout of the graph stages.
"""
