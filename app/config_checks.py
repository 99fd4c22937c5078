"""Reading settings from environment variables, and refusing the values Profi cannot work with (issue 9, item 7).

app/config.py says what each setting is; `Environment` reads each kind of value (text, flag, whole number,
choice, display name, URL, email address, host name) and notes every value it refuses, so that start-up can report them all
at once in one ConfigError. An unset or empty variable always means "use the default".

The messages are for operators, in a terminal or a log, not for people using Profi: they are in English and not
translated (unlike every page and email).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection, Mapping
from email.policy import default as email_policy
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
# RFC 1123 §2.1 host names: dot-separated labels of letters, digits and hyphens, 1-63 characters each, neither
# starting nor ending with a hyphen; at most 253 characters in all.
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_PASSWORD_IN_URL = re.compile(r"(://[^/:@]*:).*@")


class ConfigError(click.ClickException):
    """Settings Profi will not start with. `problems` holds one line per refused variable, each naming the
    variable, the value given and what is expected.

    A ClickException, so `flask --app app …` (and with it `scripts/run`, which runs `flask db upgrade` first)
    prints "Error: " and the message and exits with status 1, without a traceback. Under gunicorn the worker
    fails to boot and gunicorn stops; its log ends with the same message.
    """

    def __init__(self, problems: list[str]):
        self.problems = problems
        count = len(problems)
        heading = f"Profi cannot start: {count} setting{'s are' if count > 1 else ' is'} not valid (README, Configuration)."
        super().__init__("\n".join([heading, *(f"  - {problem}" for problem in problems)]))


def is_host_name(value: str) -> bool:
    """A host name by RFC 1123 §2.1 (e.g. mail.example.org, localhost)."""
    return 0 < len(value) <= 253 and all(_LABEL.fullmatch(label) for label in value.split("."))


def is_host(value: str) -> bool:
    """A host name (RFC 1123) or an IPv4 or IPv6 address."""
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return is_host_name(value)
    return True


class Environment:
    """Settings read from a mapping of environment variables (os.environ), noting each value refused in
    `problems`. Every reader returns the default in place of a refused value, so reading goes on to the end."""

    def __init__(self, environ: Mapping[str, str]):
        self.environ = environ
        self.problems: list[str] = []

    def refuse(self, name: str, value: str | None, expected: str) -> None:
        """Note a refused value: `value` None leaves it out of the message (a secret)."""
        if value is None:
            self.problems.append(f"{name} (not shown): {expected}")
            return
        shown = _PASSWORD_IN_URL.sub(r"\1***@", value)  # a log is no place for a password
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        self.problems.append(f"{name}={shown!r}: {expected}")

    def text(self, name: str, default: str) -> str:
        return self.environ.get(name) or default

    def flag(self, name: str, default: bool = False) -> bool:
        """One of 1/true/yes/on or 0/false/no/off, in any case."""
        value = self.environ.get(name, "")
        word = value.strip().lower()
        if not word:
            return default
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS
        self.refuse(name, value, "expected 1, true, yes or on to turn it on, or 0, false, no or off")
        return default

    def integer(self, name: str, default: int, minimum: int, maximum: int, unit: str = "") -> int:
        """A whole number of `unit` from minimum to maximum, written in ASCII digits."""
        value = self.environ.get(name, "")
        if not value.strip():
            return default
        text = value.strip()
        number = int(text) if re.fullmatch(r"-?[0-9]{1,12}", text) else None
        if number is None or not minimum <= number <= maximum:
            unit_text = f" ({unit})" if unit else ""
            self.refuse(name, value, f"expected a whole number from {minimum} to {maximum}{unit_text}")
            return default
        return number

    def display_name(self, name: str, default: str, maximum: int = 100) -> str:
        """A name people read (in emails, and in the display name of their From header): printable text of at
        most `maximum` characters, spaces at either end dropped; no control characters, so no line break can
        reach a header (RFC 5322 §2.2)."""
        value = self.environ.get(name, "")
        text = " ".join(value.split())
        if not text:
            return default
        if len(text) > maximum or any(not character.isprintable() for character in value.strip()):
            self.refuse(name, value, f"expected a name of 1 to {maximum} printable characters, on one line")
            return default
        return text

    def choice(self, name: str, default: str, choices: Collection[str]) -> str:
        value = self.environ.get(name, "")
        if not value:
            return default
        if value not in choices:
            self.refuse(name, value, f"expected one of: {', '.join(sorted(choices))}")
            return default
        return value

    def host(self, name: str, default: str) -> str:
        """A host name (RFC 1123) or an IP address, without a scheme or port."""
        value = self.environ.get(name, "")
        if not value:
            return default
        if not is_host(value):
            self.refuse(name, value, "expected a host name such as mail.example.org, or an IP address")
            return default
        return value

    def domain(self, name: str, default: str) -> str:
        value = self.environ.get(name, "")
        if not value:
            return default
        if not is_host_name(value):
            self.refuse(name, value, "expected a domain name such as profi.example.org (RFC 1123)")
            return default
        return value

    def web_address(self, name: str, default: str) -> str:
        """An http:// or https:// URL with a host, and no user name, password, query or fragment."""
        value = self.environ.get(name, "")
        if not value:
            return default
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 — reading it checks that the port is a number from 0 to 65535
        except ValueError:
            parts = None
        if (
            parts is None
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or not is_host(parts.hostname)
            or "@" in parts.netloc
            or parts.query
            or parts.fragment
        ):
            self.refuse(
                name, value, "expected http:// or https:// and a host, e.g. https://profi.example.org"
            )
            return default
        return value

    def file_path(self, name: str, default: str) -> str:
        """A path for a file Profi makes: refused when something other than a file is there already."""
        value = self.environ.get(name, "")
        if not value:
            return default
        if Path(value).exists() and not Path(value).is_file():
            self.refuse(name, value, "expected the path of a file, and this is a folder")
            return default
        return value

    def folder_path(self, name: str, default: str) -> str:
        """A path for a folder Profi writes into (and makes if needed): refused when a file is there."""
        value = self.environ.get(name, "")
        if not value:
            return default
        if Path(value).exists() and not Path(value).is_dir():
            self.refuse(name, value, "expected the path of a folder, and this is a file")
            return default
        return value

    def redis_url(self, name: str) -> str | None:
        """A Redis URL as redis-py reads it: redis:// or rediss:// (TLS) with a host, and a database number
        as its path if any; or unix:// and the socket's path."""
        value = self.environ.get(name, "").strip()
        if not value:
            return None
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 — reading it checks the port
        except ValueError:
            parts = None
        if parts is None:
            ok = False
        elif parts.scheme in ("redis", "rediss"):
            ok = bool(parts.hostname) and re.fullmatch(r"(/[0-9]{0,5})?", parts.path) is not None
        else:
            ok = parts.scheme == "unix" and bool(parts.path)
        if not ok:
            self.refuse(
                name,
                value,
                "expected redis://host:port/0, rediss://host:port/0 (TLS) or unix:///path/to/socket",
            )
            return None
        return value

    def database_url(self, name: str, default: str) -> str:
        """A SQLAlchemy URL (make_url) for SQLite or for PostgreSQL through psycopg 3; postgres:// and
        postgresql:// (as hosting platforms hand them out) are read as postgresql+psycopg://."""
        value = self.environ.get(name, "")
        if not value:
            return default
        if value.startswith(("postgresql://", "postgres://")):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        try:
            url: URL | None = make_url(value)
        except (ArgumentError, ValueError):
            url = None
        if url is None or (url.get_backend_name(), url.get_driver_name()) not in (
            ("sqlite", "pysqlite"),
            ("postgresql", "psycopg"),
        ):
            self.refuse(
                name,
                self.environ[name],
                "expected sqlite:///path/to/file.sqlite3 or postgresql://user:password@host/database",
            )
            return default
        return value

    def email_address(self, name: str, default: str) -> str:
        """Exactly one address, as the From header of every email parses it (RFC 5322 §3.4, through Python's
        email package); a display name with a comma or other special characters must be in double quotes."""
        value = self.environ.get(name, "")
        if not value:
            return default
        try:
            header = email_policy.header_factory("From", value)
            addresses: tuple[Any, ...] = header.addresses
            defects = header.defects
        except Exception:  # Python 3.11's parser itself fails on some, e.g. IndexError for "a@"
            addresses, defects = (), ("unreadable",)
        if (
            "\n" in value
            or "\r" in value
            or defects
            or len(addresses) != 1
            or not addresses[0].username
            or not is_host(addresses[0].domain)
            or parseaddr(value)[1] != addresses[0].addr_spec  # the SMTP envelope's sender reads it this way
        ):
            found = f"this reads as {len(addresses)} addresses; " if len(addresses) > 1 else ""
            self.refuse(
                name,
                value,
                f"{found}expected one address, e.g. profi@example.org or Profi <profi@example.org>, and a name "
                'with a comma in double quotes: "Tîm Profi, Cyd" <profi@example.org>',
            )
            return default
        return value
