"""What a URL gets without any request: its scheme, its shape, ``include`` and ``exclude``.

One verdict for the link as written and for every redirect hop, so an excluded URL is never
requested, however the check reaches it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from noteatlas.linkcheck.config import CheckConfig
from noteatlas.linkcheck.results import LinkStatus

UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript"})
CHECKED_SCHEMES = frozenset({"http", "https"})


def url_verdict(url: str, config: CheckConfig) -> tuple[LinkStatus, str] | None:
    """The status and reason a URL gets without a request, or None when it is to be requested."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises on a malformed port
    except ValueError as exc:
        return LinkStatus.ERROR, f"malformed URL: {exc}"
    scheme = parts.scheme.lower()
    if scheme in UNSAFE_SCHEMES:
        return LinkStatus.UNSAFE, f"{scheme}: links are never followed"
    if scheme not in CHECKED_SCHEMES:
        return LinkStatus.UNSUPPORTED, f"{scheme or 'relative'} links are not checked here"
    if not parts.hostname:
        return LinkStatus.ERROR, "URL without a host"
    if config.include and not any(re.search(p, url) for p in config.include):
        return LinkStatus.EXCLUDED, "not matched by any include pattern"
    for pattern in config.exclude:
        if re.search(pattern, url):
            return LinkStatus.EXCLUDED, f"matched exclude pattern {pattern!r}"
    return None
