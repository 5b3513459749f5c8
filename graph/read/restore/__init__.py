"""Restoration of notes that lost bytes to lossy mojibake (UTF-8 read as Windows-1252 and saved).

``lattice`` re-encodes the damage and lists each broken character's candidates, ``context`` adds
evidence from around it, ``search`` picks the likeliest text (a word-level Viterbi), scored by
``model`` (a Chinese language model made of ``data``: jieba's dictionary and tables, the bundled
notes). ``graph/read/decode.py`` calls it when it finds damage.
"""
