"""Read: which files make the corpus (``discover``) and what text each holds (``decode``)."""
