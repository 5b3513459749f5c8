"""HTTP/1.1 answers as they come off a connection: the status line and headers, then the body by
its length, in chunks or up to the connection's end, decoded from gzip or deflate.

Failures are ``http.client``'s own exceptions (``RemoteDisconnected``, ``BadStatusLine``,
``LineTooLong``, ``IncompleteRead``), which ``noteatlas.linkcheck.failures`` puts into words.
"""

from __future__ import annotations

import asyncio
import http.client
import zlib
from dataclasses import dataclass, field

_MAX_HEADERS = 100


@dataclass
class Answer:
    """A status line and headers; the body, if any, is read from ``body``, then the answer goes
    back to ``Client.finish``."""

    code: int
    reason: str
    headers: dict[str, str]
    """Lower-case names; a repeated header's values joined with ``, ``."""
    cookies: list[str] = field(default_factory=list)
    """Every ``Set-Cookie`` value."""
    conn: object = None
    """The connection it came on (a ``wire.Connection``), until ``Client.finish`` takes it back."""
    body: Body | None = None


async def read_line(reader: asyncio.StreamReader) -> bytes:
    """One line with its end (b"" or what came before the connection closed at its end)."""
    try:
        return await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError as exc:
        return exc.partial
    except asyncio.LimitOverrunError:
        raise http.client.LineTooLong("header line") from None


async def read_head(reader: asyncio.StreamReader, method: str) -> Answer:
    """The status line and headers of the next answer (1xx answers skipped)."""
    while True:
        line = await read_line(reader)
        if not line:
            raise http.client.RemoteDisconnected("Remote end closed connection without response")
        version, _, rest = line.decode("latin-1").rstrip("\r\n").partition(" ")
        code_text, _, reason = rest.partition(" ")
        if not version.startswith("HTTP/") or len(code_text) != 3 or not code_text.isdigit():
            raise http.client.BadStatusLine(line.decode("latin-1").rstrip("\r\n"))
        headers: dict[str, str] = {}
        cookies: list[str] = []
        for _ in range(_MAX_HEADERS + 1):
            raw = await read_line(reader)
            if raw in (b"\r\n", b"\n"):
                break
            if not raw.endswith(b"\n"):
                raise http.client.IncompleteRead(raw)
            name, _, value = raw.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookies.append(value)
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        else:
            raise http.client.HTTPException(f"got more than {_MAX_HEADERS} headers")
        code = int(code_text)
        if 100 <= code < 200:
            continue
        if version == "HTTP/1.0" and "keep-alive" not in headers.get("connection", "").lower():
            headers["connection"] = "close"
        answer = Answer(code, reason.strip(), headers, cookies)
        if method != "HEAD" and code not in (204, 304):
            answer.body = Body(reader, headers)
        return answer


def closes(headers: dict[str, str]) -> bool:
    """True when the answer closes its connection after it."""
    return "close" in headers.get("connection", "").lower()


class Body:
    """The body of an answer: by Content-Length, chunked, or until the connection closes; decoded
    from gzip or deflate."""

    def __init__(self, reader: asyncio.StreamReader, headers: dict[str, str]) -> None:
        self._reader = reader
        self._chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        length = headers.get("content-length", "")
        self._left: int | None = int(length) if length.isdigit() and not self._chunked else None
        self._chunk_left = 0
        self.done = self._left == 0
        encoding = headers.get("content-encoding", "").strip().lower()
        # wbits 47: zlib or gzip, told by the header; -15: raw deflate is tried when zlib fails.
        self._inflate = zlib.decompressobj(47) if encoding in ("gzip", "deflate") else None

    async def read(self, size: int) -> bytes:
        """Up to ``size`` decoded bytes; b"" at the end of the body."""
        inflate = self._inflate
        while True:
            if inflate is not None and inflate.unconsumed_tail:
                data = inflate.decompress(inflate.unconsumed_tail, size)
                if data:
                    return data
            if self.done:
                return b""
            raw = await self._read_raw(size)
            if not raw:
                self.done = True
                return b""
            if inflate is None:
                return raw
            data = inflate.decompress(raw, size)
            if data:
                return data

    async def _read_raw(self, size: int) -> bytes:
        if self._chunked:
            return await self._read_chunk(size)
        if self._left is None:  # until the connection closes
            return await self._reader.read(size)
        data = await self._reader.read(min(size, self._left))
        if not data:
            raise http.client.IncompleteRead(b"", self._left)
        self._left -= len(data)
        if self._left == 0:
            self.done = True
        return data

    async def _read_chunk(self, size: int) -> bytes:
        if self._chunk_left == 0:
            line = await read_line(self._reader)
            try:
                self._chunk_left = int(line.split(b";", 1)[0].strip() or b"x", 16)
            except ValueError:
                raise http.client.IncompleteRead(line) from None
            if self._chunk_left == 0:  # the last chunk: skip the trailer
                while (await read_line(self._reader)) not in (b"\r\n", b"\n", b""):
                    pass
                self.done = True
                return b""
        data = await self._reader.read(min(size, self._chunk_left))
        if not data:
            raise http.client.IncompleteRead(b"")
        self._chunk_left -= len(data)
        if self._chunk_left == 0:
            await read_line(self._reader)  # the CRLF after the chunk
        return data


__all__ = ["Answer", "Body", "closes", "read_head", "read_line"]
