"""Settings are checked at start-up (app/config.py, app/config_checks.py; issue 9, item 7): a value Profi cannot
use stops it with a message naming the variable, the value and what is expected, every such value at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from email.message import EmailMessage
from email.policy import default as email_policy
from pathlib import Path

import pytest

from app import create_app
from app.accounts.services import MIN_PASSWORD_LENGTH
from app.config import MIN_PASSWORD_LENGTH as CONFIG_MIN_PASSWORD_LENGTH
from app.config import ConfigError, job_queue_settings, load_config
from tests import databases
from tests.conftest import config_for

ROOT = Path(__file__).resolve().parent.parent
KEY = "a-test-key-long-enough-for-the-check-0123"
BASE = {"SECRET_KEY": KEY}  # so no test writes instance/secret_key


def _problems(**environ: str) -> list[str]:
    with pytest.raises(ConfigError) as refused:
        load_config({**BASE, **environ})
    return refused.value.problems


def _config(**environ: str) -> dict:
    return load_config({**BASE, **environ})


def test_the_defaults_pass_and_read_as_the_readme_says():
    config = _config()
    assert config["MAIL_FROM"] == "Profi <profi@example.org>"
    assert (config["SMTP_HOST"], config["SMTP_PORT"], config["MAIL_BACKEND"]) == ("localhost", 25, "files")
    assert config["PERMANENT_SESSION_LIFETIME"] == 8 * 3600 and config["SESSION_IDLE_MINUTES"] == 30
    assert config["BASE_URL"] == "http://127.0.0.1:5000" and config["PREFERRED_URL_SCHEME"] == "http"
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SESSION_COOKIE_SECURE"] is True and config["PROFI_DEMO"] is False


def test_the_test_environment_and_the_test_config_pass():
    load_config()  # this process's own environment (tests/__init__.py sets PROFI_JOBS_DB)
    app = create_app(config_for(databases.make_database("config")))
    assert app.config["SECRET_KEY"] == "test-secret-key"  # the tests' own settings still override


def test_an_unquoted_comma_in_the_from_address_is_refused_and_the_quoted_form_works():
    [problem] = _problems(PROFI_MAIL_FROM="Tîm Profi, Cyd <profi@example.org>")
    assert problem.startswith(
        "PROFI_MAIL_FROM='Tîm Profi, Cyd <profi@example.org>': this reads as 2 addresses"
    )
    assert '"Tîm Profi, Cyd" <profi@example.org>' in problem  # how to write it instead
    quoted = _config(PROFI_MAIL_FROM='"Tîm Profi, Cyd" <profi@example.org>')["MAIL_FROM"]
    message = EmailMessage(policy=email_policy)
    message["From"] = quoted  # as app/mail/delivery.py sets it
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Tîm Profi, Cyd", "profi@example.org")


@pytest.mark.parametrize(
    "value",
    [
        "Profi",
        "Profi <profi>",
        "profi@",
        "a@example.org, b@example.org",
        "Profi <pro fi@example.org>",
        "Profi <profi@example.org>\r\nBcc: everyone@example.org",
        "Profi <profi@exa mple.org>",
    ],
)
def test_anything_but_one_address_is_refused_as_the_sender(value):
    [problem] = _problems(PROFI_MAIL_FROM=value)
    assert problem.startswith("PROFI_MAIL_FROM=") and "expected one address" in problem


@pytest.mark.parametrize(
    "value", ["profi@example.org", "Tîm Profi <profi@example.org>", "Profi <profi@mail.gov.wales>"]
)
def test_one_address_is_the_sender(value):
    assert _config(PROFI_MAIL_FROM=value)["MAIL_FROM"] == value


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PROFI_SMTP_PORT", "0", "from 1 to 65535"),
        ("PROFI_SMTP_PORT", "65536", "from 1 to 65535"),
        ("PROFI_SMTP_PORT", "587/tcp", "from 1 to 65535"),
        ("PORT", "http", "from 1 to 65535"),
        ("PROFI_SESSION_HOURS", "24", "from 1 to 12 (hours)"),
        ("PROFI_SESSION_IDLE_MINUTES", "60", "from 1 to 30 (minutes)"),
        ("PROFI_SESSION_IDLE_MINUTES", "1.5", "from 1 to 30 (minutes)"),
        ("PROFI_SIGN_IN_MAX_FAILURES", "0", "from 1 to 100 (failed sign-ins)"),
        ("PROFI_SIGN_IN_WINDOW_MINUTES", "-15", "from 1 to 1440 (minutes)"),
        ("PROFI_MAIL_MAX_ATTEMPTS", "0", "from 1 to 100 (attempts)"),
        ("PROFI_SMTP_TIMEOUT", "forever", "from 1 to 600 (seconds)"),
        ("PROFI_PROXY_COUNT", "-1", "from 0 to 10 (proxies)"),
        (
            "PROFI_PARTICIPANT_LINK_DAYS",
            "٣٠",
            "from 1 to 365 (days)",
        ),  # Arabic-Indic digits: int() takes them
        ("PROFI_BOOKING_LINK_DAYS", "99999999999999999999", "from 1 to 730 (days)"),
        ("PROFI_BOOKING_OFFER_HOURS", "0", "from 1 to 720 (hours)"),
        ("PROFI_BOOKING_REMINDER_HOURS", "1e3", "from 1 to 720 (hours)"),
        ("PROFI_BOOKING_CHANGE_CUTOFF_HOURS", "-2", "from 0 to 720 (hours)"),
        ("PROFI_LINK_REQUESTS_PER_HOUR", "0", "from 1 to 1000 (requests)"),
        ("PROFI_INVITATION_REMINDER_DAYS", "0", "from 1 to 90 (days)"),
        ("PROFI_INVITATION_REMINDER_DAYS", "7 days", "from 1 to 90 (days)"),
    ],
)
def test_a_number_out_of_its_range_is_refused(name, value, expected):
    [problem] = _problems(**{name: value})
    assert problem == f"{name}={value!r}: expected a whole number {expected}"


def test_numbers_at_the_ends_of_their_ranges_are_read():
    config = _config(
        PROFI_SMTP_PORT=" 65535 ", PROFI_BOOKING_CHANGE_CUTOFF_HOURS="0", PROFI_SESSION_HOURS="12"
    )
    assert config["SMTP_PORT"] == 65535 and config["BOOKING_CHANGE_CUTOFF_HOURS"] == 0
    assert config["PERMANENT_SESSION_LIFETIME"] == 12 * 3600


def test_invitation_settings_have_their_defaults_and_read_a_welsh_name():
    config = _config()
    assert config["INVITATION_REMINDER_DAYS"] == 7
    assert (config["ORGANISATION_NAME_CY"], config["ORGANISATION_NAME_EN"]) == (
        "Tîm ymchwil Profi",
        "Profi research team",
    )
    named = _config(PROFI_ORGANISATION_NAME_CY="  Llywodraeth   Cymru ", PROFI_INVITATION_REMINDER_DAYS="90")
    assert named["ORGANISATION_NAME_CY"] == "Llywodraeth Cymru" and named["INVITATION_REMINDER_DAYS"] == 90


@pytest.mark.parametrize("value", ["Tîm\nProfi", "Tîm\rBcc: x@example.org", "Tîm\x00", "x" * 101])
def test_an_organisation_name_on_more_than_one_line_or_too_long_is_refused(value):
    [problem] = _problems(PROFI_ORGANISATION_NAME_EN=value)
    assert problem.endswith("expected a name of 1 to 100 printable characters, on one line")


@pytest.mark.parametrize(
    "name", ["PROFI_DEMO", "PROFI_INSECURE_COOKIES", "PROFI_SMTP_STARTTLS", "PROFI_JOBS_IMMEDIATE"]
)
@pytest.mark.parametrize("value", ["2", "enabled", "y"])
def test_a_flag_other_than_a_known_word_is_refused(name, value):
    [problem] = _problems(**{name: value})
    assert problem == f"{name}={value!r}: expected 1, true, yes or on to turn it on, or 0, false, no or off"


@pytest.mark.parametrize(
    ("value", "on"), [("1", True), ("YES", True), (" on ", True), ("False", False), ("0", False)]
)
def test_known_words_turn_a_flag_on_or_off(value, on):
    assert _config(PROFI_SMTP_STARTTLS=value)["SMTP_STARTTLS"] is on
    assert _config(PROFI_INSECURE_COOKIES=value)["SESSION_COOKIE_SECURE"] is not on


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PROFI_MAIL_BACKEND", "sendmail", "expected one of: files, none, smtp"),
        ("PROFI_MAIL_BACKEND", "SMTP", "expected one of: files, none, smtp"),
        ("PROFI_URL_SCHEME", "ftp", "expected one of: http, https"),
    ],
)
def test_a_choice_outside_its_list_is_refused(name, value, expected):
    assert _problems(**{name: value}) == [f"{name}={value!r}: {expected}"]


@pytest.mark.parametrize(
    "value",
    [
        "profi.example.org",
        "ftp://profi.example.org",
        "https://",
        "https://someone:secret@profi.example.org",
        "https://profi.example.org/?next=/",
        "https://profi.example.org/#top",
        "https://profi.example.org:99999",
        "https://profi example.org",
    ],
)
def test_a_base_url_that_is_not_an_http_address_of_a_host_is_refused(value):
    [problem] = _problems(PROFI_BASE_URL=value)
    assert problem.startswith("PROFI_BASE_URL=") and "expected http:// or https:// and a host" in problem
    assert "secret" not in problem


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("https://profi.example.org/", "https://profi.example.org"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("https://www.gov.wales/profi", "https://www.gov.wales/profi"),
    ],
)
def test_an_http_address_is_the_base_url(value, read):
    assert _config(PROFI_BASE_URL=value)["BASE_URL"] == read


@pytest.mark.parametrize(
    "value",
    ["http://127.0.0.1:6379/0", "redis://", "redis://127.0.0.1:6379/jobs", "127.0.0.1:6379", "unix://"],
)
def test_a_redis_url_redis_cannot_read_is_refused(value, monkeypatch):
    [problem] = _problems(REDIS_URL=value)
    assert problem.startswith(f"REDIS_URL={value!r}: expected redis://host:port/0")
    monkeypatch.setenv("REDIS_URL", value)
    with pytest.raises(ConfigError):
        job_queue_settings()  # read on its own when app.jobs is imported


@pytest.mark.parametrize(
    "value",
    ["redis://127.0.0.1:6379/0", "rediss://:secret@redis.example.org:6380/1", "unix:///run/redis.sock"],
)
def test_a_redis_url_is_read(value, monkeypatch):
    _config(REDIS_URL=value)
    monkeypatch.setenv("REDIS_URL", value)
    assert job_queue_settings() == {"redis_url": value}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("mysql://profi:secret@db.example.org/profi", "mysql://profi:***@db.example.org/profi"),
        ("postgresql+psycopg2://db.example.org/profi", "postgresql+psycopg2://db.example.org/profi"),
        ("not a database", "not a database"),
        (
            "postgres://profi:secret@db.example.org:port/profi",
            "postgres://profi:***@db.example.org:port/profi",
        ),
    ],
)
def test_a_database_url_for_another_database_or_driver_is_refused_without_its_password(value, shown):
    [problem] = _problems(DATABASE_URL=value)
    assert problem.startswith(f"DATABASE_URL={shown!r}: expected sqlite:///") and "secret" not in problem


def test_postgres_urls_as_hosting_platforms_give_them_use_psycopg():
    config = _config(DATABASE_URL="postgres://profi:pw@db.example.org/profi")
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://profi:pw@db.example.org/profi"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PROFI_SMTP_HOST", "smtp://mail.example.org"),
        ("PROFI_SMTP_HOST", "mail.example.org:587"),
        ("PROFI_SMTP_HOST", "-mail.example.org"),
        ("PROFI_MAIL_DOMAIN", "profi example.org"),
        ("PROFI_MAIL_DOMAIN", "127.0.0.1:25"),
    ],
)
def test_a_host_or_domain_name_that_is_not_one_is_refused(name, value):
    [problem] = _problems(**{name: value})
    assert problem.startswith(f"{name}={value!r}: expected a")


@pytest.mark.parametrize("value", ["mail.example.org", "localhost", "10.0.0.25", "::1"])
def test_a_host_name_or_address_is_the_smtp_server(value):
    assert _config(PROFI_SMTP_HOST=value)["SMTP_HOST"] == value


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECRET_KEY", "too-short-a-key"),
        ("PROFI_DEMO_PASSWORD", "short-pw"),
        ("PROFI_SMTP_PASSWORD", "a-password-without-a-user-name"),
    ],
)
def test_a_refused_secret_is_named_but_never_shown(name, value):
    [problem] = _problems(**{name: value})
    assert problem.startswith(f"{name} (not shown): ") and value not in problem


def test_the_demo_password_is_as_long_as_any_staff_password_must_be():
    assert CONFIG_MIN_PASSWORD_LENGTH == MIN_PASSWORD_LENGTH


def test_paths_of_the_wrong_kind_are_refused(tmp_path):
    a_file = tmp_path / "outbox"
    a_file.write_text("")
    problems = _problems(PROFI_JOBS_DB=str(tmp_path), PROFI_OUTBOX_DIR=str(a_file))
    assert problems == [
        f"PROFI_JOBS_DB={str(tmp_path)!r}: expected the path of a file, and this is a folder",
        f"PROFI_OUTBOX_DIR={str(a_file)!r}: expected the path of a folder, and this is a file",
    ]


def _readme_variables() -> set[str]:
    section = (ROOT / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z_]+)`", row.split("|")[1])}


# A value Profi cannot use for every variable in the README's table, but the two that cannot be wrong:
# PROFI_SMTP_USERNAME (any text) and TEST_DATABASE_URL (read by the tests alone, tests/databases.py).
BAD = {
    "DATABASE_URL": "mysql://db/profi",
    "SECRET_KEY": "short",
    "PROFI_DEMO": "maybe",
    "PROFI_DEMO_PASSWORD": "demo",
    "PROFI_SIGN_IN_MAX_FAILURES": "0",
    "PROFI_SIGN_IN_WINDOW_MINUTES": "0",
    "PROFI_SESSION_HOURS": "0",
    "PROFI_SESSION_IDLE_MINUTES": "0",
    "PROFI_INSECURE_COOKIES": "maybe",
    "PROFI_PROXY_COUNT": "many",
    "PROFI_URL_SCHEME": "ftp",
    "PROFI_BASE_URL": "profi.example.org",
    "PROFI_MAIL_BACKEND": "sendmail",
    "PROFI_SMTP_HOST": "smtp://mail.example.org",
    "PROFI_SMTP_PORT": "0",
    "PROFI_SMTP_PASSWORD": "a-password-without-a-user-name",
    "PROFI_SMTP_STARTTLS": "maybe",
    "PROFI_SMTP_TIMEOUT": "0",
    "REDIS_URL": "http://127.0.0.1:6379",
    "PROFI_JOBS_IMMEDIATE": "maybe",
    "PROFI_MAIL_MAX_ATTEMPTS": "0",
    "PROFI_MAIL_FROM": "Profi, Cyd <profi@example.org>",
    "PROFI_MAIL_DOMAIN": "profi example",
    "PROFI_PARTICIPANT_LINK_DAYS": "0",
    "PROFI_BOOKING_LINK_DAYS": "0",
    "PROFI_BOOKING_OFFER_HOURS": "0",
    "PROFI_BOOKING_CHANGE_CUTOFF_HOURS": "-1",
    "PROFI_BOOKING_REMINDER_HOURS": "0",
    "PROFI_LINK_REQUESTS_PER_HOUR": "0",
    "PROFI_INVITATION_REMINDER_DAYS": "91",
    "PROFI_ORGANISATION_NAME_CY": "Tîm\nProfi",
    "PROFI_ORGANISATION_NAME_EN": "x" * 101,
    "PORT": "0",
}


def test_every_setting_in_the_readme_is_checked_and_every_problem_is_reported_at_once(tmp_path):
    folder = str(tmp_path)
    a_file = tmp_path / "file"
    a_file.write_text("")
    bad = {**BAD, "PROFI_JOBS_DB": folder, "PROFI_OUTBOX_DIR": str(a_file)}
    assert set(bad) == _readme_variables() - {"PROFI_SMTP_USERNAME", "TEST_DATABASE_URL"}
    with pytest.raises(ConfigError) as refused:
        load_config(bad)
    named = [re.match(r"[A-Z_]+", problem).group(0) for problem in refused.value.problems]
    assert sorted(named) == sorted(bad)
    message = refused.value.format_message()
    assert message.startswith(f"Profi cannot start: {len(bad)} settings are not valid")


def test_the_app_does_not_start_with_a_setting_it_cannot_use(monkeypatch):
    monkeypatch.setenv("PROFI_MAIL_FROM", "Profi, Cyd <profi@example.org>")
    with pytest.raises(ConfigError):
        create_app(config_for(databases.make_database("config_refused")))


def test_flask_commands_print_the_problems_without_a_traceback():
    environ = {**os.environ, "PROFI_SMTP_PORT": "587/tcp", "PROFI_MAIL_BACKEND": "sendmail"}
    finished = subprocess.run(  # noqa: S603 — the venv's own flask, fixed arguments
        [str(Path(sys.executable).parent / "flask"), "--app", "app", "jobs", "list"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 1
    assert finished.stderr.startswith("Error: Profi cannot start: 2 settings are not valid")
    assert (
        "PROFI_SMTP_PORT='587/tcp'" in finished.stderr and "PROFI_MAIL_BACKEND='sendmail'" in finished.stderr
    )
    assert "Traceback" not in finished.stderr
