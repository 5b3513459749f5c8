"""URL normalisation: one spelling per resource, so references dedupe, classify and check alike.

Rules (idempotent: normalising a normalised URL changes nothing):

- only ``http``/``https``; anything else, or an authority that cannot be parsed, gives ``None``;
- scheme and host lower-case; default ports (80, 443) dropped; empty userinfo dropped;
- hosts are shown in Unicode (``xn--`` labels decoded when they round-trip under IDNA 2003), in
  ``host`` and in ``url`` alike: notes are read by people, and one spelling keeps dedup exact;
- IPv6 literals compressed (``[2001:db8::1]``); the path gets its dot segments removed, an empty
  path becomes ``/``; ``\\`` before the query is a ``/`` (as browsers read it);
- percent-encoding is IRI style: hex upper-case, unreserved ASCII decoded, UTF-8 escapes of
  printable non-ASCII characters decoded (Chinese paths read as Chinese), everything else that is
  not allowed literally is encoded; reserved escapes such as ``%2F`` and ``%3C`` stay as they are;
- the fragment is kept apart and only its non-ASCII escapes are decoded (``#:~:text=`` directives
  use ``%2D``/``%2C`` meaningfully); an empty fragment is ``None``;
- query parameters keep their order; only well-known tracking parameters are dropped
  (``utm_*``, ``spm``, ``spm_id_from``, ``vd_source``, ``fbclid``, ``gclid``); a bare ``?`` goes;
- redirect wrappers (``link.zhihu.com/?target=`` ...) are unwrapped, ``unwrapped_from`` keeps
  the outermost wrapper. ``mp.weixin.qq.com`` is an article, not a wrapper.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from encodings import idna
from functools import lru_cache
from ipaddress import IPv6Address
from urllib.parse import unquote_plus

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SUB_DELIMS = "!$&'()*+,;="
_USERINFO_SAFE = _UNRESERVED | frozenset(_SUB_DELIMS + ":")
_PATH_SAFE = _UNRESERVED | frozenset(_SUB_DELIMS + ":@/")
_QUERY_SAFE = _PATH_SAFE | frozenset("?")
_UNSAFE = {
    safe: re.compile("[^" + re.escape("".join(sorted(safe))) + "]")
    for safe in (_USERINFO_SAFE, _PATH_SAFE, _QUERY_SAFE)
}
_PCT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_EDGE_JUNK = re.compile(
    r"^[\s\x00-\x20\x7f\u200b-\u200d\u2060\ufeff]+|[\s\x00-\x20\x7f\u200b-\u200d\u2060\ufeff]+$"
)
_SPLIT = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):[/\\]*(?P<authority>[^/\\?#]*)"
    r"(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?",
    re.S,
)
_PORT = re.compile(r"[0-9]+", re.ASCII)
_FORBIDDEN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")  # browsers drop these anywhere in a URL
_IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING = frozenset({"spm", "spm_id_from", "vd_source", "fbclid", "gclid"})
_MAX_UNWRAP = 4

#: Redirect wrappers: host -> (path or None for any path, query parameters holding the target).
_WRAPPERS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "link.zhihu.com": (None, ("target",)),
    "link.juejin.cn": (None, ("target",)),
    "link.csdn.net": (None, ("target",)),
    "gitee.com": ("/link", ("target",)),
    "weibo.cn": ("/sinaurl", ("u", "toasturl")),
    "t.umblr.com": ("/redirect", ("z",)),
    "l.facebook.com": ("/l.php", ("u",)),
    "lm.facebook.com": ("/l.php", ("u",)),
    "www.jianshu.com": ("/go-wild", ("url",)),
    "www.youtube.com": ("/redirect", ("q",)),
    "www.douban.com": ("/link2", ("url",)),
    "www.oschina.net": ("/action/GoToLink", ("url",)),
}
_GOOGLE = re.compile(r"(?:www\.)?google(?:\.[a-z]{2,3}){1,2}")


@dataclass(frozen=True, slots=True)
class NormalizedUrl:
    """An external http(s) URL in its one canonical spelling."""

    url: str
    """Normalised URL without fragment: the identity of the resource."""
    fragment: str | None
    """Fragment without ``#`` (normalised), ``None`` when absent or empty."""
    scheme: str
    """``http`` or ``https``."""
    host: str
    """Lower-case host in Unicode (IDN decoded), IPv6 in brackets; the same spelling as in ``url``."""
    unwrapped_from: str | None = None
    """The outermost redirect-wrapper URL (normalised, no fragment) when one was unwrapped."""
    path: str = "/"
    """Normalised path, never empty; handy for classifying without re-parsing."""
    query: str = ""
    """Normalised query without ``?``; empty when absent."""

    @property
    def full(self) -> str:
        """``url`` with ``#fragment`` put back, for links a person clicks."""
        return self.url if self.fragment is None else f"{self.url}#{self.fragment}"


def normalize_url(raw: str) -> NormalizedUrl | None:
    """Canonical form of ``raw``; ``None`` when it is not an http(s) URL with a parseable host."""
    if not isinstance(raw, str):
        return None
    return _normalize_cached(raw)


@lru_cache(maxsize=65536)
def _normalize_cached(raw: str) -> NormalizedUrl | None:
    return _normalize(raw, _MAX_UNWRAP)


def _normalize(raw: str, unwrap_budget: int) -> NormalizedUrl | None:
    text = raw
    if text and (_EDGE_JUNK.match(text[0]) or _EDGE_JUNK.match(text[-1])):
        text = _EDGE_JUNK.sub("", text)
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.translate(_TAB_NEWLINE)
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    m = _SPLIT.fullmatch(text)
    if m is None:
        return None
    scheme = m["scheme"].lower()
    if scheme not in _DEFAULT_PORTS:
        return None
    authority = _authority(m["authority"], scheme)
    if authority is None:
        return None
    netloc, host = authority
    path = _remove_dot_segments(_pct(m["path"].replace("\\", "/"), _PATH_SAFE, True)) or "/"
    query = _strip_tracking(_pct(m["query"] or "", _QUERY_SAFE, True))
    fragment = _pct(m["fragment"] or "", _QUERY_SAFE, False) or None
    url = f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")
    result = NormalizedUrl(url, fragment, scheme, host, None, path, query)
    if unwrap_budget > 0:
        target = _wrapped_target(host, path, query)
        if target is not None:
            inner = _normalize(target, unwrap_budget - 1)
            if inner is not None:
                frag = inner.fragment if inner.fragment is not None else fragment
                return replace(inner, fragment=frag, unwrapped_from=url)
    return result


def _authority(authority: str, scheme: str) -> tuple[str, str] | None:
    """``(userinfo@host:port, host)`` normalised, or None when the authority is not valid."""
    userinfo, at, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        end = hostport.find("]")
        rest = hostport[end + 1 :] if end >= 0 else ""
        if end < 0 or (rest and not rest.startswith(":")):
            return None
        host = _ipv6(hostport[1:end])
        port_text = rest[1:]
    else:
        raw_host, colon, port_text = hostport.rpartition(":")
        if not colon:
            raw_host, port_text = hostport, ""
        host = _host(raw_host)
    if host is None:
        return None
    out = host
    if port_text:
        if len(port_text) > 5 or not _PORT.fullmatch(port_text) or int(port_text) > 65535:
            return None
        if int(port_text) != _DEFAULT_PORTS[scheme]:
            out = f"{host}:{int(port_text)}"
    if at and userinfo not in ("", ":"):
        out = f"{_pct(userinfo, _USERINFO_SAFE, True)}@{out}"
    return out, host


def _ipv6(text: str) -> str | None:
    if "%" in text:  # zone ids never appear in notes; refusing them keeps the rules simple
        return None
    try:
        return f"[{IPv6Address(text).compressed}]"
    except ValueError:
        return None


def _host(raw: str) -> str | None:
    """Lower-case Unicode host, or None when it is empty or holds forbidden characters."""
    host = raw
    if "%" in host:
        try:
            host = _PCT_RUN.sub(lambda m: bytes.fromhex(m[0].replace("%", "")).decode(), host)
        except UnicodeDecodeError:
            return None
    host = host.lower()
    if host.isascii() and "xn--" not in host:
        return None if not host or _FORBIDDEN_HOST.search(host) else host
    first = _idn(host)
    # IDNA mapping can turn odd characters into dots or delimiters; only a fixed point is a host.
    return first if first is not None and _idn(first) == first else None


def _idn(host: str) -> str | None:
    labels = []
    for label in host.translate(_IDNA_DOTS).split("."):
        if not label or (label.isascii() and not label.startswith("xn--")):
            labels.append(label)
            continue
        try:
            ascii_label = idna.ToASCII(label)
            labels.append(idna.ToUnicode(ascii_label).lower())
        except (UnicodeError, ValueError):
            if not label.isascii():
                return None
            labels.append(label)  # an xn-- label that does not decode stays as written
    out = ".".join(labels)
    if not out or _FORBIDDEN_HOST.search(out) or any(not _printable(c) for c in out):
        return None
    return out


def _printable(ch: str) -> bool:
    return unicodedata.category(ch)[0] not in "CZ"


def _pct(text: str, safe: frozenset[str], decode_ascii: bool) -> str:
    """Percent-encoding normalised IRI style (see the module docstring)."""
    if text.isascii() and "%" not in text and not _UNSAFE[safe].search(text):
        return text
    out: list[str] = []
    pos = 0
    for m in _PCT_RUN.finditer(text):
        out.append(_encode(text[pos : m.start()], safe))
        out.append(_decode(bytes.fromhex(m[0].replace("%", "")), decode_ascii))
        pos = m.end()
    out.append(_encode(text[pos:], safe))
    return "".join(out)


def _encode(segment: str, safe: frozenset[str]) -> str:
    out = []
    for ch in segment:
        if ch in safe or (ch >= "\x80" and _printable(ch)):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
    return "".join(out)


def _decode(data: bytes, decode_ascii: bool) -> str:
    out = []
    i = 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            ch = chr(b)
            out.append(ch if decode_ascii and ch in _UNRESERVED else f"%{b:02X}")
            i += 1
            continue
        size = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        try:
            ch = data[i : i + size].decode("utf-8") if size else ""
        except UnicodeDecodeError:
            ch = ""
        if len(ch) == 1 and _printable(ch):
            out.append(ch)
            i += size
        else:
            out.append(f"%{b:02X}")
            i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, for paths that start with ``/``."""
    if "/." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")[1:]
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        elif seg == ".":
            if last:
                out.append("")
        else:
            out.append(seg)
    return "/" + "/".join(out)


def _strip_tracking(query: str) -> str:
    if not query:
        return query
    kept = [p for p in query.split("&") if not _is_tracking(p.partition("=")[0].lower())]
    return "&".join(kept)


def _is_tracking(name: str) -> bool:
    return name.startswith("utm_") or name in _TRACKING


def _wrapped_target(host: str, path: str, query: str) -> str | None:
    """The URL a redirect wrapper points at, when ``host``/``path`` is a known wrapper."""
    if not query:
        return None
    rule = _WRAPPERS.get(host)
    if rule is None and path == "/url" and _GOOGLE.fullmatch(host):
        rule = ("/url", ("q", "url"))
    if rule is None:
        return None
    want_path, params = rule
    if want_path is not None and path.rstrip("/") != want_path:
        return None
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if unquote_plus(name) in params and value:
            target = unquote_plus(value)
            if target[:7].lower() == "http://" or target[:8].lower() == "https://":
                return target
    return None
