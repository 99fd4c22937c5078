"""Configuration from environment variables, checked at start-up.

Every variable Profi reads is listed here and in the README ("Configuration"). Nothing else is read from the
environment, so this module is the whole story. Each is read with the check of its kind (app/config_checks.py):
load_config() raises ConfigError naming every value Profi cannot use, and create_app() does not start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.config_checks import ConfigError, Environment

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

# OWASP's Password Storage Cheat Sheet asks for scrypt with N=2^17, r=8, p=1 at least; Werkzeug's default
# (N=2^15) is below that, so the parameters are spelt out here.
STRONG_PASSWORD_HASH = "scrypt:131072:8:1"  # noqa: S105 — a method name, not a password


# A staff member's password is at least this long (app.accounts.services.MIN_PASSWORD_LENGTH; config sits below
# accounts, so the number is repeated here, and tests/test_config.py checks the two agree).
MIN_PASSWORD_LENGTH = 12
# SECRET_KEY signs sessions, CSRF tokens and participants' links: 32 characters carry 128 bits even as hex, above
# the 112 bits NIST SP 800-131A asks of a key; `secrets.token_urlsafe(48)` (as below) gives 64 characters.
MIN_SECRET_KEY_LENGTH = 32


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'profi.sqlite3'}"


def _job_queue(env: Environment) -> dict[str, str]:
    redis_url = env.redis_url("REDIS_URL")
    if redis_url:
        return {"redis_url": redis_url}
    return {"sqlite_path": env.file_path("PROFI_JOBS_DB", str(INSTANCE_DIR / "jobs.sqlite3"))}


def job_queue_settings() -> dict[str, str]:
    """Where the job queue keeps its jobs: {"redis_url": …} when REDIS_URL is set (several workers on several
    machines), else {"sqlite_path": …} (PROFI_JOBS_DB, default instance/jobs.sqlite3: no server to install).
    Read when app.jobs is imported, before any app exists, because Huey's tasks are declared at import.
    Raises ConfigError for a value it cannot use (load_config() checks the same, with every other setting)."""
    env = Environment(os.environ)
    settings = _job_queue(env)
    if env.problems:
        raise ConfigError(env.problems)
    return settings


def _secret_key(env: Environment) -> str:
    """SECRET_KEY from the environment, or one kept in instance/secret_key so sessions survive a restart."""
    key = env.text("SECRET_KEY", "")
    if key:
        if len(key.strip()) < MIN_SECRET_KEY_LENGTH:
            env.refuse(
                "SECRET_KEY",
                None,
                f"expected at least {MIN_SECRET_KEY_LENGTH} characters; make one with "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'",
            )
        return key
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        import secrets

        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _smtp_sign_in(env: Environment) -> tuple[str, str]:
    username, password = env.text("PROFI_SMTP_USERNAME", ""), env.text("PROFI_SMTP_PASSWORD", "")
    if password and not username:
        env.refuse("PROFI_SMTP_PASSWORD", None, "set PROFI_SMTP_USERNAME too: without it no password is sent")
    return username, password


def _demo_password(env: Environment) -> str:
    password = env.text("PROFI_DEMO_PASSWORD", "demo-password-123")
    if len(password) < MIN_PASSWORD_LENGTH:
        env.refuse("PROFI_DEMO_PASSWORD", None, f"expected at least {MIN_PASSWORD_LENGTH} characters")
    return password


def load_config(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the configuration mapping that create_app() applies, from `environ` (default os.environ).

    Every value is checked as it is read (app/config_checks.py): a value Profi cannot use raises ConfigError,
    which lists every such variable at once, with what was given and what is expected."""
    env = Environment(os.environ if environ is None else environ)
    config = _settings(env)
    # PORT is read by scripts/run alone (the port gunicorn binds to), but scripts/run starts the app first
    # (`flask db upgrade`), so a wrong one is reported here with the rest, before anything is served.
    env.integer("PORT", 5000, 1, 65535)
    if env.problems:
        raise ConfigError(env.problems)
    return config


def _settings(env: Environment) -> dict[str, Any]:
    # psycopg 3 is the driver; the plain postgresql:// form that hosting platforms hand out is accepted.
    database_url = env.database_url("DATABASE_URL", default_database_url())
    _job_queue(
        env
    )  # app.jobs reads these when it is imported (job_queue_settings); checked here with the rest
    insecure_cookies = env.flag("PROFI_INSECURE_COOKIES")
    smtp_username, smtp_password = _smtp_sign_in(env)
    return {
        "SECRET_KEY": _secret_key(env),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Demo mode loads the demo data and its accounts; without it no account exists until one is made.
        "PROFI_DEMO": env.flag("PROFI_DEMO"),
        "PROFI_DEMO_PASSWORD": _demo_password(env),
        "PASSWORD_HASH_METHOD": STRONG_PASSWORD_HASH,
        # Sign-in throttling: this many failed attempts for one email address, or from one address on the
        # network, within the window refuses further attempts until the window has passed.
        "SIGN_IN_MAX_FAILURES": env.integer("PROFI_SIGN_IN_MAX_FAILURES", 5, 1, 100, "failed sign-ins"),
        "SIGN_IN_WINDOW_MINUTES": env.integer("PROFI_SIGN_IN_WINDOW_MINUTES", 15, 1, 1440, "minutes"),
        # Cookies: Secure unless explicitly turned off (only ever for plain-http development away from
        # localhost; browsers accept Secure cookies from http://127.0.0.1 and http://localhost).
        "SESSION_COOKIE_SECURE": not insecure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # __Host-: the browser keeps it only if it is Secure, for Path=/ and no Domain (RFC 6265bis §4.1.3.2);
        # create_app() drops the prefix when cookies are not Secure (PROFI_INSECURE_COOKIES, development).
        "SESSION_COOKIE_NAME": "__Host-profi_session",
        # A staff session's absolute lifetime from sign-in, and its idle timeout (app/accounts/sessions.py): at
        # most 12 hours and 30 minutes, as ASVS 4.0 V3.3.2 asks at level 2.
        "PERMANENT_SESSION_LIFETIME": env.integer("PROFI_SESSION_HOURS", 8, 1, 12, "hours") * 3600,
        "SESSION_IDLE_MINUTES": env.integer("PROFI_SESSION_IDLE_MINUTES", 30, 1, 30, "minutes"),
        # Write the session cookie only when the session changes. Refreshing it on every response let a slow
        # response to an earlier request (a stylesheet, say) put back the old cookie after a language switch.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "REMEMBER_COOKIE_SECURE": not insecure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the signed session does
        "BABEL_DEFAULT_LOCALE": "cy",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "PREFERRED_URL_SCHEME": env.choice("PROFI_URL_SCHEME", "http", ("http", "https")),
        "PAGE_SIZE": 50,
        # How many reverse proxies (each adding X-Forwarded-For/-Proto) stand in front of Profi. 0 trusts none,
        # so sign-in throttling and the audit log see the real client address only when this is right.
        "PROXY_COUNT": env.integer("PROFI_PROXY_COUNT", 0, 0, 10, "proxies"),
        # Where Profi is reached; links in emails are built from this, never from the request's Host header.
        "BASE_URL": env.web_address("PROFI_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        # Email: "files" writes each message as an .eml under OUTBOX_DIR (development); "smtp" sends through the
        # SMTP server below (after each request once, quickly; `flask mail send` delivers the rest and retries);
        # "none" leaves messages pending in the outbox table for a separate sender.
        "MAIL_BACKEND": env.choice("PROFI_MAIL_BACKEND", "files", ("files", "smtp", "none")),
        # SMTP (PROFI_MAIL_BACKEND=smtp). STARTTLS, when on, upgrades the connection before any password is sent.
        # The timeout (seconds) applies to each network operation; after-request delivery uses at most 5.
        "SMTP_HOST": env.host("PROFI_SMTP_HOST", "localhost"),
        "SMTP_PORT": env.integer("PROFI_SMTP_PORT", 25, 1, 65535),
        "SMTP_USERNAME": smtp_username,
        "SMTP_PASSWORD": smtp_password,
        "SMTP_STARTTLS": env.flag("PROFI_SMTP_STARTTLS"),
        "SMTP_TIMEOUT": env.integer("PROFI_SMTP_TIMEOUT", 30, 1, 600, "seconds"),
        # A message that fails this many times is marked dead (a 5xx refusal of the recipient at once); an admin
        # ("Try again" on the Outbox page) or `flask mail retry <id>` puts it back in the queue.
        "MAIL_MAX_ATTEMPTS": env.integer("PROFI_MAIL_MAX_ATTEMPTS", 8, 1, 100, "attempts"),
        "OUTBOX_DIR": env.folder_path("PROFI_OUTBOX_DIR", str(INSTANCE_DIR / "outbox")),
        "MAIL_FROM": env.email_address("PROFI_MAIL_FROM", "Profi <profi@example.org>"),
        "MAIL_MESSAGE_ID_DOMAIN": env.domain("PROFI_MAIL_DOMAIN", "profi.invalid"),
        # How long a participant's links work, in days: the link to their own page, and the booking link in
        # invitations and booking emails (longer: it must still work when the session comes round).
        "PARTICIPANT_LINK_DAYS": env.integer("PROFI_PARTICIPANT_LINK_DAYS", 30, 1, 365, "days"),
        "BOOKING_LINK_DAYS": env.integer("PROFI_BOOKING_LINK_DAYS", 120, 1, 730, "days"),
        # "Send me my link": at most this many requests an hour from one network address or for one address.
        "LINK_REQUESTS_PER_HOUR": env.integer("PROFI_LINK_REQUESTS_PER_HOUR", 5, 1, 1000, "requests"),
        # Booking: how long a waiting-list offer holds a place, and how far ahead reminders are written.
        "BOOKING_OFFER_HOURS": env.integer("PROFI_BOOKING_OFFER_HOURS", 48, 1, 720, "hours"),
        "BOOKING_REMINDER_HOURS": env.integer("PROFI_BOOKING_REMINDER_HOURS", 24, 1, 720, "hours"),
        # A participant may move or cancel their booking online until this many hours before the session starts;
        # after that the page asks them to contact the team. Nobody cancels a session that has started.
        "BOOKING_CHANGE_CUTOFF_HOURS": env.integer("PROFI_BOOKING_CHANGE_CUTOFF_HOURS", 2, 0, 720, "hours"),
        # Invitations: "Remind" writes to someone who has not answered at most once in this many days, counted
        # from the last message about the study (the invitation or a reminder).
        "INVITATION_REMINDER_DAYS": env.integer("PROFI_INVITATION_REMINDER_DAYS", 7, 1, 90, "days"),
        # Who runs the research, in each language: invitations say so, and sign with it after the study
        # owner's name in their From header ("Anna Jones, Profi research team" <the PROFI_MAIL_FROM address>).
        "ORGANISATION_NAME_CY": env.display_name("PROFI_ORGANISATION_NAME_CY", "Tîm ymchwil Profi"),
        "ORGANISATION_NAME_EN": env.display_name("PROFI_ORGANISATION_NAME_EN", "Profi research team"),
        # Jobs run by the worker (`flask --app app jobs worker`, which scripts/run starts). Immediate mode runs
        # each job in the process that queued it, at once: for tests, never for serving.
        "JOBS_IMMEDIATE": env.flag("PROFI_JOBS_IMMEDIATE"),
    }
