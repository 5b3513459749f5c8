"""The link-check scheduler: URLs in, one ``LinkResult`` per URL out; the one concurrent function.

``check_urls`` answers what it can without a request (scheme, include/exclude, cache), then fetches
each remaining page once (all fragments of a page share the fetch) in one event loop
(``_perform``); ``noteatlas.linkcheck.fetch`` does the requests of one page. The HTTP engine
(asyncio, ssl) is imported only when a page is to be fetched: a run answered from the cache never
loads it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine, Iterator, Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from noteatlas.linkcheck.addresses import AddressGuard, Resolver
from noteatlas.linkcheck.cache import LinkCache, reusable
from noteatlas.linkcheck.config import CheckConfig
from noteatlas.linkcheck.fragments import has_anchor, needs_check
from noteatlas.linkcheck.network import NetworkWatch
from noteatlas.linkcheck.results import LinkResult, LinkStatus
from noteatlas.linkcheck.rules import url_verdict

if TYPE_CHECKING:
    import asyncio

    from noteatlas.linkcheck.fetch import Fetcher, Page


class CheckInterrupted(KeyboardInterrupt):
    """Ctrl-C during a check; ``results`` holds what was learned (and cached) before it."""

    def __init__(self, results: dict[str, LinkResult]) -> None:
        super().__init__("link check interrupted")
        self.results = results


def without_fragment(url: str) -> str:
    """The URL of the page, ``#fragment`` removed."""
    if "#" not in url:  # the usual case, asked for every URL and every result
        return url
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def link_cache_key(url: str, config: CheckConfig) -> str:
    """The URL as cached: fragments count only when they are checked."""
    return url if config.check_fragments else without_fragment(url)


def precheck(url: str, config: CheckConfig) -> LinkResult | None:
    """The result a URL gets without any request (scheme, malformed, include/exclude), or None."""
    verdict = url_verdict(url, config)
    if verdict is None:
        return None
    status, detail = verdict
    return LinkResult(url=url, status=status, detail=detail, checked_at=time.time())


def _result(url: str, page: Page, config: CheckConfig, now: float) -> LinkResult:
    status, detail = page.status, page.detail
    fragment = urlsplit(url).fragment
    checked = config.check_fragments and page.anchors is not None and needs_check(fragment)
    if checked and status in (LinkStatus.OK, LinkStatus.REDIRECTED):
        assert page.anchors is not None
        if not has_anchor(fragment, page.anchors):
            if page.partial:
                status, detail = LinkStatus.ERROR, f"anchor #{fragment} not in {page.partial}"
            else:
                status = LinkStatus.MISSING_ANCHOR
                detail = f"anchor #{fragment} not found on the page"
    return LinkResult(
        url=url,
        status=status,
        code=page.code,
        detail=detail,
        final_url=page.final_url,
        redirects=page.redirects,
        checked_at=now,
    )


async def _check_page(fetcher: Fetcher, page_url: str, urls: list[str]) -> list[LinkResult]:
    """Results for every URL of one page (they differ only by fragment)."""
    from noteatlas.linkcheck.fetch import Page

    config = fetcher.config
    want_body = config.check_fragments and any(needs_check(urlsplit(u).fragment) for u in urls)
    try:
        page = await fetcher.fetch(page_url, want_body)
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


#: Answers committed to the link cache together at most, while more keep arriving.
COMMIT_EVERY = 256


async def _perform_async(
    pages: dict[str, list[str]],
    fetcher: Fetcher,
    emit: Callable[[LinkResult], None],
    idle: Callable[[], None],
) -> None:
    # Perform requests. This is the only part of noteatlas that runs concurrently.
    # - One coroutine per page, started host by host in turn, a window of them at a time (each
    #   holds little, but a million would still be a million).
    # - ``max_concurrency`` bounds the requests in flight overall (a semaphore taken per
    #   request), each host's gate those to one host (per_host_concurrency or
    #   hosts.<name>.concurrency); a 429/503 with Retry-After pauses the host and drops it to
    #   one request at a time. A page waiting for its host's gate holds no request slot.
    # - Results come back to this coroutine, which alone calls ``emit`` (cache write, progress,
    #   on_result), and ``idle`` whenever no other answer is waiting: the cache commits what
    #   arrived together in one transaction (one commit per answer was a third of a cold
    #   check's CPU) and still gets each answer as soon as the answers stop coming.
    import asyncio

    done: asyncio.Queue[list[LinkResult]] = asyncio.Queue()
    todo = _interleave(pages)
    window = max(256, 4 * fetcher.config.max_concurrency)

    def finished(task: asyncio.Task[list[LinkResult]]) -> None:
        if not task.cancelled():
            done.put_nowait(task.result())

    def start_next() -> None:
        item = next(todo, None)
        if item is not None:
            asyncio.create_task(_check_page(fetcher, *item)).add_done_callback(finished)

    for _ in range(window):
        start_next()
    for _ in range(len(pages)):
        for result in await done.get():
            emit(result)
        start_next()
        if done.empty():
            idle()


def _perform(
    pages: dict[str, list[str]],
    fetcher: Fetcher,
    emit: Callable[[LinkResult], None],
    idle: Callable[[], None] = lambda: None,
) -> None:
    # The check's event loop runs in the calling thread; when that thread already runs one
    # (a notebook, an async program, playwright's sync API), in a thread of its own while the
    # caller waits. On Ctrl-C the KeyboardInterrupt leaves the loop at once: the pages still in
    # flight are cancelled (their connections closed) and nothing else is emitted; what was
    # emitted stays emitted. A DNS lookup still running (in a daemon thread) is not waited for.
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _run_loop(_perform_async(pages, fetcher, emit, idle), fetcher, _Stop())
        return
    stop, ended = _Stop(), threading.Event()
    failed: list[BaseException] = []

    def run() -> None:
        try:
            _run_loop(_perform_async(pages, fetcher, emit, idle), fetcher, stop)
        except BaseException as exc:  # handed to the waiting thread
            failed.append(exc)
        finally:
            ended.set()

    threading.Thread(target=run, name="noteatlas-linkcheck", daemon=True).start()
    try:
        while not ended.wait(0.1):  # not Thread.join: Ctrl-C breaks its state (Python < 3.13)
            pass
    except KeyboardInterrupt:
        stop.now()
        ended.wait()
        raise
    if failed:
        raise failed[0]


class _Stop:
    """Cancels a loop's main task from another thread, now or as soon as the loop has one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancel: Callable[[], object] | None = None
        self._stopped = False

    def attach(self, cancel: Callable[[], object]) -> None:
        with self._lock:
            self._cancel = cancel
            if self._stopped:
                cancel()

    def now(self) -> None:
        with self._lock:
            self._stopped = True
            if self._cancel is not None:
                self._cancel()


def _run_loop(work: Coroutine[None, None, None], fetcher: Fetcher, stop: _Stop) -> None:
    import asyncio

    loop = asyncio.new_event_loop()
    main = loop.create_task(work)

    def cancel() -> None:
        with contextlib.suppress(RuntimeError):  # the loop has ended: nothing left to stop
            loop.call_soon_threadsafe(main.cancel)

    stop.attach(cancel)
    try:
        loop.run_until_complete(main)
    except asyncio.CancelledError:
        raise KeyboardInterrupt from None  # stopped from the waiting thread
    finally:
        try:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            fetcher.client.close()
            loop.run_until_complete(asyncio.sleep(0))  # the closed transports let go of sockets
        finally:
            loop.close()


def _fetch(
    pages: dict[str, list[str]],
    config: CheckConfig,
    resolve: Resolver | None,
    watch: NetworkWatch,
    emit: Callable[[LinkResult], None],
    idle: Callable[[], None],
) -> None:
    """Request ``pages`` through one client (the HTTP engine is imported here, on use)."""
    from noteatlas.linkcheck.fetch import Fetcher
    from noteatlas.linkcheck.wire import Client

    guard = AddressGuard(config, resolve)
    client = Client(guard, client_headers(config), per_host=pool_size(config))
    _perform(pages, Fetcher(config, client, guard, watch=watch), emit, idle)


def client_headers(config: CheckConfig) -> dict[str, str]:
    """Headers of every request, under the config's own (``CheckConfig.request_headers``)."""
    return {
        "User-Agent": config.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language": "en,zh;q=0.8",
        "Accept-Encoding": "gzip, deflate",
        "Connection": "keep-alive",
    }


def pool_size(config: CheckConfig) -> int:
    """Idle connections kept per host: as many as requests may be in flight to one host."""
    per_host = max(
        [config.per_host_concurrency, *(h.concurrency or 1 for h in config.hosts.values())]
    )
    return min(config.max_concurrency, per_host)


def check_urls(
    urls: Sequence[str],
    config: CheckConfig,
    *,
    cache: LinkCache | None = None,
    on_result: Callable[[LinkResult], None] | None = None,
    offline: bool = False,
    resolve: Resolver | None = None,
    watch: NetworkWatch | None = None,
) -> dict[str, LinkResult]:
    """Check external URLs; one result per distinct URL, keyed by the URL as given.

    ``on_result`` is called in the calling thread as each result arrives (cached ones first).
    ``offline`` answers from the cache only; the rest are ``excluded``. ``resolve`` replaces DNS
    (tests, split-horizon setups): the guard vets its answers and connections go to them.
    ``watch`` learns which hosts could be reached; its verdict says "no network?". Reusable
    answers go to the cache as they arrive (those that arrive together in one transaction);
    transient ones (unreachable, timeout, error) are recorded at the end for displays, unless
    the verdict is "no network?". Ctrl-C raises
    ``CheckInterrupted`` at once, carrying the results so far, the reusable ones in the cache.
    """
    results: dict[str, LinkResult] = {}
    options = config.cache_key_digest()
    watch = watch or NetworkWatch()
    transient: list[LinkResult] = []
    fresh: list[tuple[str, LinkResult]] = []  # reusable answers not yet committed

    def commit() -> None:
        if cache is not None and fresh:
            cache.put_many(fresh, options)
            fresh.clear()

    def emit(result: LinkResult) -> None:
        results[result.url] = result
        if cache is not None and not result.from_cache:
            if reusable(result):
                fresh.append((link_cache_key(result.url, config), result))
                if len(fresh) >= COMMIT_EVERY:
                    commit()
            else:
                transient.append(result)
        if on_result is not None:
            on_result(result)

    pages: dict[str, list[str]] = {}
    try:
        asked: dict[str, str] = {}  # URL -> its cache key, for those a request would check
        for url in dict.fromkeys(urls):
            early = precheck(url, config)
            if early is not None:
                emit(early)
            else:
                asked[url] = link_cache_key(url, config)
        known = cache.get_many(list(asked.values()), options, config.max_age) if cache else {}
        for url, key in asked.items():
            hit = known.get(key)
            if hit is not None:
                emit(hit if hit.url == url else hit.model_copy(update={"url": url}))
            elif offline:
                emit(
                    LinkResult(url=url, status=LinkStatus.EXCLUDED, detail="not checked (offline)")
                )
            else:
                pages.setdefault(without_fragment(url.strip()), []).append(url)
        if pages:
            _fetch(pages, config, resolve, watch, emit, commit)
        commit()
    except KeyboardInterrupt:
        commit()  # what was learned stays learned
        raise CheckInterrupted(dict(results)) from None
    if cache is not None and transient and watch.verdict() is None:
        cache.put_many([(link_cache_key(r.url, config), r) for r in transient], options)
    return results
