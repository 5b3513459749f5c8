"""Identify: what a reference points at.

``urls`` normalises URLs, ``papers`` recognises paper ids and reads titles and years from link
texts and table rows, ``categories`` sorts URLs into paper, code, docs, blog ..., and ``resolve``
answers where an internal link leads (note, file, folder, anchor) as GitHub and Obsidian do.
"""
