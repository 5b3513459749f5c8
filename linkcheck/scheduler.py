"""The link-check scheduler: URLs in, one ``LinkResult`` per URL out; the one concurrent function.

``check_urls`` answers what it can without a request (scheme, include/exclude, cache), then fetches
each remaining page once (all fragments of a page share the fetch) in a thread pool (``_perform``);
``noteatlas.linkcheck.fetch`` does the requests of one page.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from itertools import zip_longest
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

from noteatlas.linkcheck.addresses import AddressGuard, Resolver
from noteatlas.linkcheck.cache import LinkCache
from noteatlas.linkcheck.config import CheckConfig
from noteatlas.linkcheck.fetch import Fetcher, Page
from noteatlas.linkcheck.fragments import has_anchor, needs_check
from noteatlas.linkcheck.gates import Stopped
from noteatlas.linkcheck.results import LinkResult, LinkStatus

UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript"})
CHECKED_SCHEMES = frozenset({"http", "https"})


class CheckInterrupted(KeyboardInterrupt):
    """Ctrl-C during a check; ``results`` holds what was learned (and cached) before it."""

    def __init__(self, results: dict[str, LinkResult]) -> None:
        super().__init__("link check interrupted")
        self.results = results


def make_session(config: CheckConfig) -> requests.Session:
    """A session whose connection pool is large enough for every worker; no automatic retries."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=64, pool_maxsize=config.max_concurrency, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update(
        {
            "User-Agent": config.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "en,zh;q=0.8",
        }
    )
    return session


def without_fragment(url: str) -> str:
    """The URL of the page, ``#fragment`` removed."""
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def cache_key(url: str, config: CheckConfig) -> str:
    """The URL as cached: fragments count only when they are checked."""
    return url if config.check_fragments else without_fragment(url)


def precheck(url: str, config: CheckConfig) -> LinkResult | None:
    """The result a URL gets without any request (scheme, malformed, include/exclude), or None."""
    now = time.time()
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises on a malformed port
    except ValueError as exc:
        return LinkResult(
            url=url, status=LinkStatus.ERROR, detail=f"malformed URL: {exc}", checked_at=now
        )
    scheme = parts.scheme.lower()
    if scheme in UNSAFE_SCHEMES:
        detail = f"{scheme}: links are never followed"
        return LinkResult(url=url, status=LinkStatus.UNSAFE, detail=detail, checked_at=now)
    if scheme not in CHECKED_SCHEMES:
        detail = f"{scheme or 'relative'} links are not checked here"
        return LinkResult(url=url, status=LinkStatus.UNSUPPORTED, detail=detail, checked_at=now)
    if not parts.hostname:
        return LinkResult(
            url=url, status=LinkStatus.ERROR, detail="URL without a host", checked_at=now
        )
    if config.include and not any(re.search(p, url) for p in config.include):
        detail = "not matched by any include pattern"
        return LinkResult(url=url, status=LinkStatus.EXCLUDED, detail=detail, checked_at=now)
    for pattern in config.exclude:
        if re.search(pattern, url):
            detail = f"matched exclude pattern {pattern!r}"
            return LinkResult(url=url, status=LinkStatus.EXCLUDED, detail=detail, checked_at=now)
    return None


def _result(url: str, page: Page, config: CheckConfig, now: float) -> LinkResult:
    status, detail = page.status, page.detail
    fragment = urlsplit(url).fragment
    checked = config.check_fragments and page.anchors is not None and needs_check(fragment)
    if checked and status in (LinkStatus.OK, LinkStatus.REDIRECTED):
        assert page.anchors is not None
        if not has_anchor(fragment, page.anchors):
            if page.complete:
                status, detail = (
                    LinkStatus.MISSING_ANCHOR,
                    f"anchor #{fragment} not found on the page",
                )
            else:
                limit = config.fragment_max_bytes
                status, detail = (
                    LinkStatus.ERROR,
                    f"anchor #{fragment} not in the first {limit} bytes",
                )
    return LinkResult(
        url=url,
        status=status,
        code=page.code,
        detail=detail,
        final_url=page.final_url,
        redirects=page.redirects,
        checked_at=now,
    )


def _check_page(fetcher: Fetcher, page_url: str, urls: list[str]) -> list[LinkResult]:
    """Results for every URL of one page (they differ only by fragment); never raises but Stopped."""
    config = fetcher.config
    want_body = config.check_fragments and any(needs_check(urlsplit(u).fragment) for u in urls)
    try:
        page = fetcher.fetch(page_url, want_body)
    except (Stopped, InterruptedError):
        return []  # the run is being interrupted; nothing learned
    except Exception as exc:  # a bug or an odd URL must not stop the other checks
        page = Page(LinkStatus.ERROR, detail=f"unexpected {type(exc).__name__}: {exc}")
    now = time.time()
    return [_result(url, page, config, now) for url in urls]


def _interleave(pages: dict[str, list[str]]) -> Iterator[tuple[str, list[str]]]:
    # Round-robin over hosts, so that queued work is spread over hosts rather than bunched.
    by_host: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for page, urls in pages.items():
        by_host[urlsplit(page).hostname or ""].append((page, urls))
    for row in zip_longest(*by_host.values()):
        yield from (item for item in row if item is not None)


def _perform(
    pages: dict[str, list[str]], fetcher: Fetcher, emit: Callable[[LinkResult], None]
) -> None:
    # Perform requests. This is the only part of noteatlas that runs concurrently.
    # - The pool size bounds the requests in flight overall (max_concurrency).
    # - Each host's gate bounds them per host (per_host_concurrency or hosts.<name>.concurrency);
    #   a 429/503 with Retry-After pauses the host and drops it to one request at a time.
    # - Pages are submitted host by host in turn so workers do not all queue behind one host.
    # - Results come back to this thread, which alone calls ``emit`` (cache write, progress,
    #   on_result): the cache gets each result as it arrives and no callback needs a lock.
    # - On Ctrl-C the queued pages are cancelled and the waiting workers told to stop; what was
    #   emitted stays emitted.
    workers = max(1, min(fetcher.config.max_concurrency, len(pages)))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="noteatlas-linkcheck")
    try:
        futures = [
            pool.submit(_check_page, fetcher, page, urls) for page, urls in _interleave(pages)
        ]
        for future in as_completed(futures):
            for result in future.result():
                emit(result)
    except BaseException:
        fetcher.stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def check_urls(
    urls: Sequence[str],
    config: CheckConfig,
    *,
    cache: LinkCache | None = None,
    on_result: Callable[[LinkResult], None] | None = None,
    offline: bool = False,
    resolve: Resolver | None = None,
    session: requests.Session | None = None,
) -> dict[str, LinkResult]:
    """Check external URLs; one result per distinct URL, keyed by the URL as given.

    ``on_result`` is called in the calling thread as each result arrives (cached ones first).
    ``offline`` answers from the cache only; the rest are ``excluded``. ``resolve`` replaces DNS
    for the private-address guard (tests, split-horizon setups). Ctrl-C raises ``CheckInterrupted``
    carrying the results so far, all of them already in the cache.
    """
    results: dict[str, LinkResult] = {}
    options = config.cache_key_digest()

    def emit(result: LinkResult) -> None:
        results[result.url] = result
        if cache is not None and not result.from_cache:
            cache.put(cache_key(result.url, config), options, result)
        if on_result is not None:
            on_result(result)

    pages: dict[str, list[str]] = {}
    try:
        for url in dict.fromkeys(urls):
            early = precheck(url, config)
            if early is not None:
                emit(early)
                continue
            hit = cache.get(cache_key(url, config), options, config.max_age) if cache else None
            if hit is not None:
                emit(hit.model_copy(update={"url": url}))
            elif offline:
                emit(
                    LinkResult(url=url, status=LinkStatus.EXCLUDED, detail="not checked (offline)")
                )
            else:
                pages.setdefault(without_fragment(url.strip()), []).append(url)
        if pages:
            own_session = session is None
            http = make_session(config) if session is None else session
            fetcher = Fetcher(config, http, AddressGuard(config, resolve), threading.Event())
            try:
                _perform(pages, fetcher, emit)
            finally:
                if own_session:
                    http.close()
    except KeyboardInterrupt:
        raise CheckInterrupted(dict(results)) from None
    return results
