"""Configuration from environment variables.

Every variable Profi reads is listed here and in the README ("Configuration"). Nothing else is read from the
environment, so this module is the whole story.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

# OWASP's Password Storage Cheat Sheet asks for scrypt with N=2^17, r=8, p=1 at least; Werkzeug's default
# (N=2^15) is below that, so the parameters are spelt out here.
STRONG_PASSWORD_HASH = "scrypt:131072:8:1"  # noqa: S105 — a method name, not a password


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'profi.sqlite3'}"


def job_queue_settings() -> dict[str, str]:
    """Where the job queue keeps its jobs: {"redis_url": …} when REDIS_URL is set (several workers on several
    machines), else {"sqlite_path": …} (PROFI_JOBS_DB, default instance/jobs.sqlite3: no server to install).
    Read when app.jobs is imported, before any app exists, because Huey's tasks are declared at import."""
    redis_url = os.environ.get("REDIS_URL", "").strip()
    if redis_url:
        return {"redis_url": redis_url}
    return {"sqlite_path": os.environ.get("PROFI_JOBS_DB") or str(INSTANCE_DIR / "jobs.sqlite3")}


def _secret_key() -> str:
    """SECRET_KEY from the environment, or one kept in instance/secret_key so sessions survive a restart."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        import secrets

        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config() -> dict[str, Any]:
    """Build the configuration mapping that create_app() applies."""
    database_url = os.environ.get("DATABASE_URL") or default_database_url()
    if database_url.startswith("postgresql://") or database_url.startswith("postgres://"):
        # psycopg 3 is the driver; accept the plain URL form that hosting platforms hand out.
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
    return {
        "SECRET_KEY": _secret_key(),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Demo mode loads the demo data and its accounts; without it no account exists until one is made.
        "PROFI_DEMO": _flag("PROFI_DEMO"),
        "PROFI_DEMO_PASSWORD": os.environ.get("PROFI_DEMO_PASSWORD") or "demo-password-123",
        "PASSWORD_HASH_METHOD": STRONG_PASSWORD_HASH,
        # Sign-in throttling: this many failed attempts for one email address, or from one address on the
        # network, within the window refuses further attempts until the window has passed.
        "SIGN_IN_MAX_FAILURES": _int("PROFI_SIGN_IN_MAX_FAILURES", 5),
        "SIGN_IN_WINDOW_MINUTES": _int("PROFI_SIGN_IN_WINDOW_MINUTES", 15),
        # Cookies: Secure unless explicitly turned off (only ever for plain-http development away from
        # localhost; browsers accept Secure cookies from http://127.0.0.1 and http://localhost).
        "SESSION_COOKIE_SECURE": not _flag("PROFI_INSECURE_COOKIES"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # __Host-: the browser keeps it only if it is Secure, for Path=/ and no Domain (RFC 6265bis §4.1.3.2);
        # create_app() drops the prefix when cookies are not Secure (PROFI_INSECURE_COOKIES, development).
        "SESSION_COOKIE_NAME": "__Host-profi_session",
        # A staff session's absolute lifetime from sign-in, and its idle timeout (app/accounts/sessions.py).
        "PERMANENT_SESSION_LIFETIME": _int("PROFI_SESSION_HOURS", 8) * 3600,
        "SESSION_IDLE_MINUTES": _int("PROFI_SESSION_IDLE_MINUTES", 30),
        # Write the session cookie only when the session changes. Refreshing it on every response let a slow
        # response to an earlier request (a stylesheet, say) put back the old cookie after a language switch.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "REMEMBER_COOKIE_SECURE": not _flag("PROFI_INSECURE_COOKIES"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the signed session does
        "BABEL_DEFAULT_LOCALE": "cy",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "PREFERRED_URL_SCHEME": os.environ.get("PROFI_URL_SCHEME", "http"),
        "PAGE_SIZE": 50,
        # How many reverse proxies (each adding X-Forwarded-For/-Proto) stand in front of Profi. 0 trusts none,
        # so sign-in throttling and the audit log see the real client address only when this is right.
        "PROXY_COUNT": _int("PROFI_PROXY_COUNT", 0),
        # Where Profi is reached; links in emails are built from this, never from the request's Host header.
        "BASE_URL": (os.environ.get("PROFI_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
        # Email: "files" writes each message as an .eml under OUTBOX_DIR (development); "smtp" sends through the
        # SMTP server below (after each request once, quickly; `flask mail send` delivers the rest and retries);
        # "none" leaves messages pending in the outbox table for a separate sender.
        "MAIL_BACKEND": os.environ.get("PROFI_MAIL_BACKEND") or "files",
        # SMTP (PROFI_MAIL_BACKEND=smtp). STARTTLS, when on, upgrades the connection before any password is sent.
        # The timeout (seconds) applies to each network operation; after-request delivery uses at most 5.
        "SMTP_HOST": os.environ.get("PROFI_SMTP_HOST") or "localhost",
        "SMTP_PORT": _int("PROFI_SMTP_PORT", 25),
        "SMTP_USERNAME": os.environ.get("PROFI_SMTP_USERNAME") or "",
        "SMTP_PASSWORD": os.environ.get("PROFI_SMTP_PASSWORD") or "",
        "SMTP_STARTTLS": _flag("PROFI_SMTP_STARTTLS"),
        "SMTP_TIMEOUT": _int("PROFI_SMTP_TIMEOUT", 30),
        # A message that fails this many times is marked dead (a 5xx refusal of the recipient at once); an admin
        # ("Try again" on the Outbox page) or `flask mail retry <id>` puts it back in the queue.
        "MAIL_MAX_ATTEMPTS": _int("PROFI_MAIL_MAX_ATTEMPTS", 8),
        "OUTBOX_DIR": os.environ.get("PROFI_OUTBOX_DIR") or str(INSTANCE_DIR / "outbox"),
        "MAIL_FROM": os.environ.get("PROFI_MAIL_FROM") or "Profi <profi@example.org>",
        "MAIL_MESSAGE_ID_DOMAIN": os.environ.get("PROFI_MAIL_DOMAIN") or "profi.invalid",
        # How long a participant's links work, in days: the link to their own page, and the booking link in
        # invitations and booking emails (longer: it must still work when the session comes round).
        "PARTICIPANT_LINK_DAYS": _int("PROFI_PARTICIPANT_LINK_DAYS", 30),
        "BOOKING_LINK_DAYS": _int("PROFI_BOOKING_LINK_DAYS", 120),
        # "Send me my link": at most this many requests an hour from one network address or for one address.
        "LINK_REQUESTS_PER_HOUR": _int("PROFI_LINK_REQUESTS_PER_HOUR", 5),
        # Booking: how long a waiting-list offer holds a place, and how far ahead reminders are written.
        "BOOKING_OFFER_HOURS": _int("PROFI_BOOKING_OFFER_HOURS", 48),
        "BOOKING_REMINDER_HOURS": _int("PROFI_BOOKING_REMINDER_HOURS", 24),
        # A participant may move or cancel their booking online until this many hours before the session starts;
        # after that the page asks them to contact the team. Nobody cancels a session that has started.
        "BOOKING_CHANGE_CUTOFF_HOURS": _int("PROFI_BOOKING_CHANGE_CUTOFF_HOURS", 2),
        # Jobs run by the worker (`flask --app app jobs worker`, which scripts/run starts). Immediate mode runs
        # each job in the process that queued it, at once: for tests, never for serving.
        "JOBS_IMMEDIATE": _flag("PROFI_JOBS_IMMEDIATE"),
    }
