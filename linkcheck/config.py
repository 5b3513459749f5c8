"""Link-check settings (the ``[check]`` table of noteatlas.toml)."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import math
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from noteatlas.schema.errors import ConfigError
from noteatlas.version import __version__

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)

#: Longest wait any setting may ask for (timeouts, backoff, Retry-After): an hour.
MAX_WAIT = 3600.0
#: Requests in flight at once, all hosts together; each is a thread and a pooled connection.
MAX_CONCURRENCY = 256
#: Requests in flight at once to one host.
MAX_HOST_CONCURRENCY = 64
_HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")  # an RFC 9110 token


#: Identifies us honestly; a browser-like prefix keeps sites from refusing the default library UA.
DEFAULT_USER_AGENT = f"Mozilla/5.0 (compatible; noteatlas/{__version__}; link checker)"


def error_message(err: ErrorDetails) -> str:
    """pydantic's message for one error, in our words: without the "Value error, " it puts
    before what a validator said, and without a final full stop (the caller adds one)."""
    message = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message.rstrip(".")


def parse_duration(value: object) -> float:
    """Seconds from a number or a string such as ``"90"``, ``"30m"``, ``"12h"``, ``"1d"``, ``"2w"``."""
    if isinstance(value, bool):
        raise ValueError(f"expected a duration such as 3600 or '1d', got {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    else:
        raise ValueError(
            f"expected a duration such as 3600, '30m', '12h', '1d' or '2w', got {value!r}"
        )
    if not math.isfinite(seconds):
        raise ValueError(f"a duration must be a finite number of seconds, got {value!r}")
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative, got {value!r}")
    return seconds


def _check_wait(value: float | None, zero: bool = True) -> float | None:
    # inf and nan pass pydantic's float type; a socket then fails on every URL (OverflowError).
    # A timeout of 0 would make sockets non-blocking, so timeouts must be above 0.
    if value is None:
        return value
    low_ok = value >= 0 if zero else value > 0
    if math.isfinite(value) and low_ok and value <= MAX_WAIT:
        return value
    low = "from 0" if zero else "above 0 and"
    raise ValueError(f"must be a number of seconds {low} up to {MAX_WAIT:g}, got {value!r}")


def _check_count(value: int | None, top: int) -> int | None:
    if value is not None and not 1 <= value <= top:
        raise ValueError(f"must be between 1 and {top}, got {value}")
    return value


def _check_header(name: str, value: str) -> None:
    # A CR or LF would end the header and start another (request splitting); requests would
    # refuse the value on every URL, and http.client cannot send characters beyond latin-1.
    if not _HEADER_NAME.match(name):
        raise ValueError(f"invalid header name {name!r}: use letters, digits and - only")
    bad = [c for c in value if (ord(c) < 32 and c != "\t") or ord(c) == 127 or ord(c) > 255]
    if bad:
        raise ValueError(
            f"header {name!r} has characters HTTP cannot carry ({''.join(bad)!r}) in {value!r}; "
            "use printable text on one line"
        )


def host_key(name: str) -> str:
    """A ``[check.hosts]`` key as requests carry the host: ``Example.ORG.`` -> ``example.org``,
    ``*.例え.jp`` -> ``*.xn--r8jz45g.jp``. Raises ``ValueError`` for a name that cannot be one."""
    labels = name.strip().rstrip(".").lower().split(".")
    if not name.strip() or any(not label for label in labels):
        raise ValueError(f"invalid host name {name!r}")
    try:
        return ".".join(
            label if label == "*" or label.isascii() else label.encode("idna").decode("ascii")
            for label in labels
        )
    except UnicodeError as exc:
        raise ValueError(f"invalid host name {name!r}: {exc}") from None


def _check_regexes(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return patterns


class HostConfig(BaseModel):
    """Settings for one host (``[check.hosts."example.org"]``); unset values use the defaults."""

    model_config = ConfigDict(extra="forbid")

    concurrency: int | None = None
    """Requests in flight at once to this host (1 to 64), overriding ``per_host_concurrency``."""
    headers: dict[str, str] = Field(default_factory=dict)
    """Extra request headers for this host (an API token, an Accept header ...)."""
    connect_timeout: float | None = None
    """Seconds to wait for a connection to this host."""
    read_timeout: float | None = None
    """Seconds to wait for each read from this host."""
    total_timeout: float | None = None
    """Seconds one request to this host may take in all."""

    @field_validator("concurrency")
    @classmethod
    def _concurrency(cls, value: int | None) -> int | None:
        return _check_count(value, MAX_HOST_CONCURRENCY)

    @field_validator("connect_timeout", "read_timeout", "total_timeout")
    @classmethod
    def _timeouts(cls, value: float | None) -> float | None:
        return _check_wait(value, zero=False)

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            _check_header(name, text)
        return value


class CheckConfig(BaseModel):
    """Options of ``noteatlas check``. Unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")

    include: list[str] = Field(default_factory=list)
    """Regexes; when set, only URLs matching one of them are checked, the rest are ``excluded``."""
    exclude: list[str] = Field(default_factory=list)
    """Regexes of URLs never requested (reported ``excluded``)."""
    accept: list[int] = Field(default_factory=list)
    """Status codes counted as ``ok`` besides 2xx (e.g. 403 for a site known to refuse robots)."""
    connect_timeout: float = 10.0
    """Seconds to wait for a TCP/TLS connection."""
    read_timeout: float = 20.0
    """Seconds to wait for each read of the response."""
    total_timeout: float = 60.0
    """Seconds one request may take in all (connection, answer, body read for fragments)."""
    retries: int = Field(default=2, ge=0, le=10)
    """Extra attempts after a timeout, a reset connection or a 5xx."""
    backoff: float = 1.0
    """First retry delay in seconds; doubled at each attempt, plus random jitter."""
    backoff_max: float = 30.0
    """Upper bound of one backoff delay."""
    retry_after_max: float = 60.0
    """Longest Retry-After honoured; a longer one makes a 429 ``blocked`` and a 503 an ``error``."""
    max_redirects: int = Field(default=10, ge=0, le=100)
    """Redirects followed before giving up."""
    max_concurrency: int = 16
    """Requests in flight at once, all hosts together (1 to 256)."""
    per_host_concurrency: int = 2
    """Requests in flight at once to one host (1 to 64), unless ``hosts`` says otherwise."""
    hosts: dict[str, HostConfig] = Field(default_factory=dict)
    """Per-host settings; a key ``*.example.org`` also matches every subdomain."""
    headers: dict[str, str] = Field(default_factory=dict)
    """Extra request headers for every host."""
    user_agent: str = DEFAULT_USER_AGENT
    """User-Agent header; sites refuse the default of HTTP libraries."""
    max_age: float = 86400.0
    """How long a cached result stays valid: seconds or ``"30m"``, ``"12h"``, ``"1d"``."""
    check_fragments: bool = False
    """Also check that ``#fragment`` names an anchor of the external HTML page."""
    fragment_max_bytes: int = Field(default=2_000_000, ge=1024, le=100_000_000)
    """Bytes of a page read at most when looking for a fragment."""
    allow_private: bool = False
    """Request private, loopback and link-local addresses (otherwise ``excluded``)."""
    allowed_networks: list[str] = Field(default_factory=list)
    """CIDR networks requested even without ``allow_private`` (an intranet such as 10.1.0.0/16)."""
    strict: bool = False
    """Count ``blocked``, ``timeout``, ``error`` and ``unsafe`` as failures too."""

    @field_validator("hosts")
    @classmethod
    def _host_keys(cls, value: dict[str, HostConfig]) -> dict[str, HostConfig]:
        # Matched against the name a request carries: lower case, IDNA, no trailing dot.
        keys: dict[str, HostConfig] = {}
        for key, host in value.items():
            name = host_key(key)
            if name in keys:
                raise ValueError(f"{key!r} names the same host as another key ({name!r})")
            keys[name] = host
        return keys

    @field_validator("max_age", mode="before")
    @classmethod
    def _duration(cls, value: object) -> float:
        return parse_duration(value)

    @field_validator("max_concurrency")
    @classmethod
    def _concurrency(cls, value: int) -> int:
        _check_count(value, MAX_CONCURRENCY)
        return value

    @field_validator("per_host_concurrency")
    @classmethod
    def _host_concurrency(cls, value: int) -> int:
        _check_count(value, MAX_HOST_CONCURRENCY)
        return value

    @field_validator("connect_timeout", "read_timeout", "total_timeout")
    @classmethod
    def _timeouts(cls, value: float) -> float:
        _check_wait(value, zero=False)
        return value

    @field_validator("backoff", "backoff_max", "retry_after_max")
    @classmethod
    def _waits(cls, value: float) -> float:
        _check_wait(value)
        return value

    @field_validator("user_agent")
    @classmethod
    def _user_agent(cls, value: str) -> str:
        _check_header("User-Agent", value)
        if not value.strip():
            raise ValueError("the user agent cannot be empty")
        return value

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            _check_header(name, text)
        return value

    @field_validator("include", "exclude")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        return _check_regexes(value)

    @field_validator("accept")
    @classmethod
    def _codes(cls, value: list[int]) -> list[int]:
        bad = [code for code in value if not 100 <= code <= 999]
        if bad:
            raise ValueError(f"status codes must be between 100 and 999, got {bad}")
        return sorted(set(value))

    @field_validator("allowed_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for network in value:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise ValueError(
                    f"invalid network {network!r}; use CIDR such as 10.1.0.0/16"
                ) from None
        return value

    def with_options(self, **changes: object) -> CheckConfig:
        """A copy with command-line options applied (None values are ignored), validated like the
        file: ``--max-age 2h`` becomes ``with_options(max_age="2h")``. Raises ``ConfigError``."""
        data = self.model_dump()
        data.update({key: value for key, value in changes.items() if value is not None})
        try:
            return CheckConfig.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            name = ".".join(str(p) for p in err["loc"])
            valid = f"Options must be one of {{{', '.join(sorted(CheckConfig.model_fields))}}}."
            if err["type"] == "extra_forbidden":
                raise ConfigError(f"Invalid option '{name}'.", valid) from None
            raise ConfigError(f"Invalid value for '{name}': {error_message(err)}.") from None

    def host(self, hostname: str) -> HostConfig:
        """Settings for a host: an exact key, else the closest ``*.parent`` key, else defaults."""
        hostname = hostname.lower().rstrip(".")
        if hostname in self.hosts:
            return self.hosts[hostname]
        parts = hostname.split(".")
        for i in range(1, len(parts)):
            wildcard = "*." + ".".join(parts[i:])
            if wildcard in self.hosts:
                return self.hosts[wildcard]
        return HostConfig()

    def host_concurrency(self, hostname: str) -> int:
        """Requests in flight at once allowed to a host."""
        return self.host(hostname).concurrency or self.per_host_concurrency

    def timeouts(self, hostname: str) -> tuple[float, float]:
        """(connect, read) timeouts for a host."""
        host = self.host(hostname)
        return (
            host.connect_timeout or self.connect_timeout,
            host.read_timeout or self.read_timeout,
        )

    def deadline(self, hostname: str) -> float:
        """Seconds one request to a host may take in all."""
        return self.host(hostname).total_timeout or self.total_timeout

    def request_headers(self, hostname: str) -> dict[str, str]:
        """Headers sent to a host: User-Agent, then global headers, then the host's own."""
        return {"User-Agent": self.user_agent, **self.headers, **self.host(hostname).headers}

    def cache_key_digest(self) -> str:
        """Hash of the options that change a result; part of every cache key."""
        answer: dict[str, Any] = {
            "accept": self.accept,
            "check_fragments": self.check_fragments,
            "max_redirects": self.max_redirects,
            "user_agent": self.user_agent,
            "headers": sorted(self.headers.items()),
            "hosts": {name: sorted(h.headers.items()) for name, h in sorted(self.hosts.items())},
            "allow_private": self.allow_private,
            "allowed_networks": sorted(self.allowed_networks),
        }
        data = json.dumps(answer, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()[:16]
