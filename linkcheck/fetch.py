"""Fetching one page: redirects hop by hop, HEAD then GET, retries, Retry-After, deadlines.

A page is fetched by one coroutine in the check's event loop and comes back as plain data
(``Page``); the concurrency lives in ``noteatlas.linkcheck.scheduler``, the protocol in
``noteatlas.linkcheck.wire``. Each hop gets the checks a link gets (scheme, include/exclude,
address guard) before any request.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import email.utils
import http.client
import ipaddress
import random
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from urllib.parse import urljoin, urlsplit, urlunsplit

from noteatlas.linkcheck.addresses import AddressGuard
from noteatlas.linkcheck.answers import Answer
from noteatlas.linkcheck.config import CheckConfig
from noteatlas.linkcheck.failures import Failure, classify_exception
from noteatlas.linkcheck.fragments import AnchorCollector, is_html
from noteatlas.linkcheck.gates import HostGates
from noteatlas.linkcheck.network import NetworkWatch
from noteatlas.linkcheck.results import LinkStatus
from noteatlas.linkcheck.rules import url_verdict
from noteatlas.linkcheck.wire import Client, Target, target

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
HEAD_REFUSED = frozenset({403, 405, 501})  # servers that refuse HEAD but answer GET
BROKEN_CODES = frozenset({404, 410})
BLOCKED_CODES = frozenset({401, 403, 429, 999})  # 999: LinkedIn's "no robots"
RATE_LIMIT_CODES = frozenset({429, 503})
_CHUNK = 64 * 1024


@dataclass
class Page:
    """What fetching a URL (without its fragment) found."""

    status: LinkStatus
    """What the page's answer means."""
    code: int | None = None
    """Last HTTP status code, when there was an answer."""
    detail: str = ""
    """Why, in words."""
    redirects: list[str] = field(default_factory=list)
    """URLs the redirects went through, ending with the final one."""
    anchors: set[str] | None = None
    """Anchors of the HTML body, when it was read (fragment checks)."""
    partial: str = ""
    """What was read of a body not read to the end (``the first 2000000 bytes``); "" when all
    of it was, so a missing anchor is really missing."""

    @property
    def final_url(self) -> str | None:
        """Where the redirects ended, if any."""
        return self.redirects[-1] if self.redirects else None


@dataclass
class _Reply:
    code: int
    reason: str
    location: str | None
    retry_after: str | None
    anchors: set[str] | None = None
    partial: str = ""


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def classify_code(code: int, reason: str, accept: list[int]) -> tuple[LinkStatus, str]:
    """The status a final (non-redirect) HTTP status code means, with its detail."""
    detail = f"HTTP {code} {reason}".strip()
    if 200 <= code < 300 or code in accept:
        return LinkStatus.OK, detail
    if code in BROKEN_CODES:
        return LinkStatus.BROKEN, detail
    if code in BLOCKED_CODES:
        return LinkStatus.BLOCKED, detail
    return LinkStatus.ERROR, detail


def _redirect_target(current: str, location: str) -> str:
    # Raises ValueError for a Location that is no URL (``http://[::1``).
    found = urlunsplit(urlsplit(urljoin(current, location.strip()))._replace(fragment=""))
    _ = urlsplit(found).port
    return found


#: (connect timeout, read timeout, deadline, request headers) of a host.
_HostSettings = tuple[float, float, float, dict[str, str]]


class _KnownDown(Exception):
    """The host failed before a connection while this request waited for its turn."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.detail)
        self.failure = failure


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


class Fetcher:
    """Checks pages, each in its own coroutine; shares the client, gates and guard of a run."""

    def __init__(
        self,
        config: CheckConfig,
        client: Client,
        guard: AddressGuard,
        rng: Callable[[], float] = random.random,
        watch: NetworkWatch | None = None,
    ) -> None:
        self.config = config
        self.client = client
        self.guard = guard
        self.gates = HostGates(config)
        self.total = asyncio.Semaphore(config.max_concurrency)
        self.rng = rng
        self.watch = watch or NetworkWatch()
        self._lookups: dict[str, asyncio.Future[str | None]] = {}
        self._hosts: dict[str, _HostSettings] = {}

    async def fetch(self, url: str, want_body: bool) -> Page:
        """Follow ``url`` to its final answer; read the HTML body's anchors when ``want_body``.

        ``url`` has passed ``url_verdict`` already; each redirect target is judged the same way
        before it is requested.
        """
        current, visits = url, Counter([url])
        hops: list[str] = []
        for _ in range(self.config.max_redirects + 1):
            if hops and (verdict := url_verdict(current, self.config)) is not None:
                status, why = verdict
                if status is LinkStatus.UNSAFE:
                    status = LinkStatus.UNSUPPORTED  # the link itself is fine; it leads nowhere
                return Page(status, detail=f"redirect to {current}: {why}", redirects=hops)
            try:
                where = target(current)  # the guard vets the name the connection goes to
            except ValueError as exc:
                return Page(LinkStatus.ERROR, detail=f"malformed URL: {exc}", redirects=hops)
            host, port = where.host, where.port
            if (known := self.watch.known_failure(host, port)) is not None:
                detail = f"{known.detail} (earlier in this run; not asked again)"
                return Page(known.status, detail=detail, redirects=hops)
            try:
                refusal = await self._refusal(host)
            except OSError as exc:
                if (known := self.watch.known_failure(host, port)) is not None:  # asked together
                    detail = f"{known.detail} (earlier in this run; not asked again)"
                    return Page(known.status, detail=detail, redirects=hops)
                detail = f"DNS lookup failed for {host}: {exc.strerror or exc}"
                lookup = Failure(LinkStatus.UNREACHABLE, detail, False, "dns")
                self.watch.failed(host, None, lookup, f"{host}: {exc.strerror or exc}")
                return Page(LinkStatus.UNREACHABLE, detail=detail, redirects=hops)
            if refusal:
                return Page(LinkStatus.EXCLUDED, detail=refusal, redirects=hops)
            try:
                answer = await self._ask(where, want_body)
            except _KnownDown as down:
                detail = f"{down.failure.detail} (earlier in this run; not asked again)"
                return Page(down.failure.status, detail=detail, redirects=hops)
            self._note(host, port, answer)
            if isinstance(answer, Failure):
                return Page(answer.status, detail=answer.detail, redirects=hops)
            if answer.code in REDIRECT_CODES and answer.location:
                try:
                    hop = _redirect_target(current, answer.location)
                except ValueError as exc:
                    detail = f"redirect to a malformed URL {answer.location[:200]!r}: {exc}"
                    return Page(LinkStatus.ERROR, answer.code, detail, hops)
                hops.append(hop)
                visits[hop] += 1
                # A second visit is allowed: sites redirect to the same URL after setting a
                # cookie, which the client then sends. A third is a loop.
                if visits[hop] > 2:
                    loop = " -> ".join([url, *hops])
                    return Page(LinkStatus.BROKEN, answer.code, f"redirect loop: {loop}", hops)
                current = hop
                continue
            status, detail = classify_code(answer.code, answer.reason, self.config.accept)
            if status is LinkStatus.OK and hops:
                status = LinkStatus.REDIRECTED
            if answer.code in RATE_LIMIT_CODES:
                detail += self._rate_limit_note(answer)
            return Page(status, answer.code, detail, hops, answer.anchors, answer.partial)
        detail = f"more than {self.config.max_redirects} redirects"
        return Page(LinkStatus.ERROR, detail=detail, redirects=hops)

    async def _refusal(self, host: str) -> str | None:
        # The first lookup of a name runs in a thread (a slow DNS server must not stop the
        # loop), once for all the pages that ask for it meanwhile.
        if self.guard.vetted(host) or _is_address(host):
            return self.guard.refusal(host)
        pending = self._lookups.get(host)
        if pending is None:
            pending = self._lookups[host] = asyncio.ensure_future(self._look_up(host))
            pending.add_done_callback(lambda _: self._lookups.pop(host, None))
        return await asyncio.shield(pending)

    async def _look_up(self, host: str) -> str | None:
        # As many lookups at once as requests (the worker threads of old made as many). Each
        # runs in a daemon thread: one stuck in the system's resolver must not hold up the exit
        # after Ctrl-C, as a thread of an executor would (they are joined at exit).
        loop = asyncio.get_running_loop()
        async with self.total:
            answer: asyncio.Future[str | None] = loop.create_future()

            def settle(value: str | None, error: BaseException | None) -> None:
                if answer.done():
                    return
                if error is not None:
                    answer.set_exception(error)
                else:
                    answer.set_result(value)

            def run() -> None:
                value, error = None, None
                try:
                    value = self.guard.refusal(host)
                except Exception as exc:  # OSError: the name does not resolve
                    error = exc
                with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits
                    loop.call_soon_threadsafe(settle, value, error)

            threading.Thread(target=run, name="noteatlas-lookup", daemon=True).start()
            return await answer

    def _note(self, host: str, port: int | None, answer: _Reply | Failure) -> None:
        # Tell the watch whether the host was reached: the "no network?" verdict counts hosts.
        if isinstance(answer, Failure):
            if answer.reach:
                self.watch.failed(host, port, answer, f"{host}: {answer.detail}")
                return
            if answer.status is LinkStatus.EXCLUDED:
                return
        self.watch.connected(host, self.guard.is_public(host))

    def _rate_limit_note(self, answer: _Reply) -> str:
        delay = parse_retry_after(answer.retry_after)
        cap = self.config.retry_after_max
        if delay is not None and delay > cap:
            return f" (rate limited: Retry-After {delay:.0f}s exceeds the {cap:g}s cap)"
        return " (rate limited)" if answer.code == 429 else ""

    async def _ask(self, where: Target, want_body: bool) -> _Reply | Failure:
        # HEAD is cheap; GET is needed for the body, and for servers that refuse HEAD.
        if want_body:
            return await self._retrying("GET", where, want_body)
        answer = await self._retrying("HEAD", where, False)
        if isinstance(answer, _Reply) and answer.code in HEAD_REFUSED:
            return await self._retrying("GET", where, False)
        return answer

    def _backoff(self, attempt: int) -> float:
        base = min(self.config.backoff_max, self.config.backoff * 2.0**attempt)
        return base / 2 + self.rng() * base / 2  # "equal jitter": spread retries of many pages

    async def _retrying(self, method: str, where: Target, want_body: bool) -> _Reply | Failure:
        gate = self.gates(where.host)
        last_attempt = self.config.retries
        answer: _Reply | Failure = Failure(LinkStatus.ERROR, "not attempted", False)
        for attempt in range(last_attempt + 1):
            await gate.acquire()
            try:
                async with self.total:
                    # Learned while this request waited: the host cannot be reached at all.
                    if (known := self.watch.known_failure(where.host, where.port)) is not None:
                        raise _KnownDown(known)
                    answer = await self._once(method, where, want_body)
            finally:
                gate.release()
            if isinstance(answer, Failure):
                if not answer.retryable or attempt == last_attempt:
                    return answer
                await asyncio.sleep(self._backoff(attempt))
                continue
            if answer.code in RATE_LIMIT_CODES:
                delay = parse_retry_after(answer.retry_after)
                if delay is not None and delay > self.config.retry_after_max:
                    return answer  # the host wants a pause longer than we are willing to wait
                if attempt == last_attempt:
                    return answer
                gate.slow_down(self._backoff(attempt) if delay is None else delay)
                continue
            if answer.code >= 500 and attempt < last_attempt:
                await asyncio.sleep(self._backoff(attempt))
                continue
            return answer
        return answer

    def _settings(self, host: str) -> _HostSettings:
        # What the config says for a host, worked out once per host and run.
        found = self._hosts.get(host)
        if found is None:
            connect, read = self.config.timeouts(host)
            headers = self.config.request_headers(host)
            found = self._hosts[host] = (connect, read, self.config.deadline(host), headers)
        return found

    async def _once(self, method: str, where: Target, want_body: bool) -> _Reply | Failure:
        connect, read, seconds, headers = self._settings(where.host)
        end = time.monotonic() + seconds
        try:
            async with asyncio.timeout(seconds):
                answer = await self.client.ask(method, where, headers, connect, read)
        except (OSError, ValueError, EOFError, http.client.HTTPException) as exc:
            if time.monotonic() >= end:  # a deadline is not retried: a slow server stays slow
                return Failure(LinkStatus.TIMEOUT, f"no complete answer within {seconds:g}s", False)
            return classify_exception(exc, (connect, read))
        # A connection whose answer was read to its end goes back to the pool (keep-alive);
        # one with a body left unread is closed rather than drained.
        whole = method == "HEAD"
        try:
            reply = _Reply(
                code=answer.code,
                reason=answer.reason,
                location=_utf8(answer.headers.get("location")),
                retry_after=answer.headers.get("retry-after"),
            )
            wanted = want_body and 200 <= reply.code < 300
            if wanted and is_html(answer.headers.get("content-type", "")):
                reply.anchors, reply.partial = await self._read_anchors(answer, end, read, seconds)
                whole = not reply.partial
        finally:
            self.client.finish(answer, whole)
        return reply

    async def _read_anchors(
        self, answer: Answer, end: float, read: float, seconds: float
    ) -> tuple[set[str], str]:
        # At most fragment_max_bytes, however the server cuts its chunks (no read asks for
        # more than what is left), and only until the request's deadline (a page may never end).
        collector = AnchorCollector()
        limit = self.config.fragment_max_bytes
        size = 0
        decoder = _decoder(answer.headers.get("content-type", ""))
        body = answer.body
        try:
            while body is not None and size < limit:
                async with asyncio.timeout(max(0.0, min(read, end - time.monotonic()))):
                    chunk = await body.read(min(_CHUNK, limit - size))
                if not chunk:
                    return collector.anchors, ""
                collector.feed(decoder.decode(chunk))
                size += len(chunk)
        except (OSError, ValueError, EOFError, zlib.error, http.client.HTTPException):
            # Keep the anchors read so far.
            if time.monotonic() >= end:
                return collector.anchors, f"the {size} bytes read within {seconds:g}s"
            return collector.anchors, f"the {size} bytes read before the connection failed"
        if body is None:
            return collector.anchors, ""
        return collector.anchors, f"the first {size} bytes"


def _utf8(header: str | None) -> str | None:
    # Header bytes are read as latin-1; a Location is mostly UTF-8 on the wire (as requests
    # reads it): '/中文' rather than '/ä¸\xadæ\x96\x87'.
    if header is None or header.isascii():
        return header
    try:
        return header.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return header


def _decoder(content_type: str) -> codecs.IncrementalDecoder:
    # HTML without a charset parameter is read as UTF-8 (requests would assume latin-1).
    charset = "utf-8"
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    try:
        return codecs.getincrementaldecoder(charset)(errors="replace")
    except LookupError:
        return codecs.getincrementaldecoder("utf-8")(errors="replace")
