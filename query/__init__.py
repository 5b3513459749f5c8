"""Questions asked of a built atlas (alias-aware lookup, paths, timelines, neighbourhoods ...)."""
