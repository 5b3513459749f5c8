"""The pipeline: runs the graph stages over a corpus, and alone owns the process pools and the
incremental build cache."""
