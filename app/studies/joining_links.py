"""A research session's joining link: what Profi will put in a page and an email as a link people click."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LINK_LENGTH = 500


def is_safe_joining_link(value: str) -> bool:
    """An absolute http(s) address with a host: never javascript:, data:, file: or a relative path."""
    if not value or len(value) > MAX_LINK_LENGTH or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and bool(host)
