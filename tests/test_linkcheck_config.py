"""``[check]`` settings are validated when loaded: a clear message and exit 3, never a failure later."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pytest

from noteatlas.cli import main
from noteatlas.config import parse_config
from noteatlas.errors import ConfigError
from noteatlas.linkcheck.config import CheckConfig
from noteatlas.linkcheck.scheduler import pool_size


def _error(check: dict[str, Any]) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config({"check": check}, "noteatlas.toml")
    return caught.value.message


@pytest.mark.parametrize(
    ("check", "words"),
    [
        ({"max_concurrency": 10_000_000}, "between 1 and 256, got 10000000"),
        ({"max_concurrency": 0}, "between 1 and 256, got 0"),
        ({"per_host_concurrency": 1000}, "between 1 and 64"),
        ({"hosts": {"example.org": {"concurrency": -1}}}, "between 1 and 64"),
        ({"connect_timeout": math.inf}, "up to 3600"),
        ({"read_timeout": math.nan}, "up to 3600"),
        ({"total_timeout": 1e300}, "up to 3600"),
        ({"backoff_max": math.inf}, "up to 3600"),
        ({"retry_after_max": 1e9}, "up to 3600"),
        ({"hosts": {"a.org": {"read_timeout": math.inf}}}, "up to 3600"),
        ({"max_age": math.inf}, "finite"),
        ({"user_agent": "bot\r\nX-Injected: 1"}, "HTTP cannot carry"),
        ({"user_agent": "机器人"}, "HTTP cannot carry"),
        ({"user_agent": "  "}, "cannot be empty"),
        ({"headers": {"X-Token": "a\nb"}}, "HTTP cannot carry"),
        ({"headers": {"Bad Name": "x"}}, "invalid header name 'Bad Name'"),
        ({"hosts": {"a.org": {"headers": {"Referer": "x\r\n"}}}}, "HTTP cannot carry"),
        ({"connect_timeout": 0}, "above 0 and up to 3600, got 0"),
        ({"max_redirects": 10_000}, "less than or equal to 100"),
    ],
)
def test_bad_values_are_refused_with_the_allowed_range(check: dict[str, Any], words: str) -> None:
    message = _error(check)
    assert words in message, message
    assert message.startswith("Invalid value for 'check.")
    assert "Value error" not in message and not message.endswith(".."), message


@pytest.mark.parametrize(
    ("key", "host"),
    [
        ("Example.ORG", "example.org"),
        ("example.org.", "EXAMPLE.org"),
        ("*.Example.org", "docs.example.org"),
        ("例え.jp", "xn--r8jz45g.jp"),
    ],
)
def test_host_keys_match_whatever_their_case(key: str, host: str) -> None:
    config = CheckConfig.model_validate({"hosts": {key: {"concurrency": 7}}})
    assert config.host_concurrency(host) == 7
    assert config.host_concurrency("other.org") == config.per_host_concurrency


def test_two_keys_for_one_host_are_refused() -> None:
    message = _error({"hosts": {"Example.org": {}, "example.org": {}}})
    assert "names the same host as another key" in message, message
    assert "invalid host name" in _error({"hosts": {"a..b": {}}})


def test_good_values_pass() -> None:
    config = CheckConfig.model_validate(
        {
            "max_concurrency": 256,
            "per_host_concurrency": 64,
            "connect_timeout": 3600,
            "user_agent": "noteatlas-bot/1 (+https://example.org; tab\tok; café)",
            "headers": {"Accept-Language": "zh-CN,zh;q=0.9"},
            "hosts": {"*.example.org": {"concurrency": 1, "total_timeout": 5}},
        }
    )
    assert config.deadline("a.example.org") == 5 and config.deadline("other.org") == 60


def test_the_connection_pool_is_sized_by_the_per_host_limit() -> None:
    # max_concurrency alone once sized a pool allocated up front (10 million slots).
    assert pool_size(CheckConfig(max_concurrency=256, per_host_concurrency=3)) == 3
    wide = CheckConfig(max_concurrency=8, hosts={"a.org": {"concurrency": 20}})  # type: ignore[dict-item]
    assert pool_size(wide) == 8


def _check(tmp_path: Path, toml: str, *options: str) -> tuple[int, str]:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(
        "# A\n\nSee <http://127.0.0.1:9/page> (loopback: refused by the guard if ever reached).\n",
        encoding="utf-8",
    )
    (notes / "noteatlas.toml").write_text(toml, encoding="utf-8")
    err = io.StringIO()
    code = main(["check", str(notes), "--no-cache", *options], io.StringIO(), err)
    return code, err.getvalue()


@pytest.mark.parametrize(
    "toml",
    [
        "[check]\nconnect_timeout = inf\n",
        "[check]\nmax_concurrency = 10000000\n",
        '[check]\nuser_agent = "bot\\r\\nX-Injected: 1"\n',
    ],
)
def test_the_cli_exits_3_before_any_request(tmp_path: Path, toml: str) -> None:
    code, err = _check(tmp_path, toml)
    assert code == 3, err
    assert err.startswith("Error: Invalid value for 'check.") and "Traceback" not in err


def test_the_command_line_limit_is_checked_too(tmp_path: Path) -> None:
    code, err = _check(tmp_path, "", "--max-concurrency", "100000")
    assert code == 3
    assert "--max-concurrency" in err and "between 1 and 256" in err
    assert "Value error" not in err


def test_the_per_host_limit_has_its_option(tmp_path: Path) -> None:
    code, err = _check(tmp_path, "", "--max-concurrency-per-host", "65")
    assert code == 3
    assert "--max-concurrency-per-host: must be between 1 and 64, got 65." in err, err
