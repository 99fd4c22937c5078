"""Profi: user research and service testing for Welsh public-sector digital teams."""

from __future__ import annotations

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import INSTANCE_DIR, load_config
from app.extensions import babel, csrf, db, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config -> extensions -> blueprints -> signal receivers -> jobs -> i18n -> cli."""
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=True)
    app.config.update(load_config())
    if config:
        app.config.update(config)
    if not app.config[
        "SESSION_COOKIE_SECURE"
    ]:  # development over plain HTTP: a browser drops __Host- cookies
        app.config["SESSION_COOKIE_NAME"] = app.config["SESSION_COOKIE_NAME"].removeprefix("__Host-")
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        # Flask documents wrapping wsgi_app so; its type hints declare a method there, not an attribute.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    from app.common.converters import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route: an id no database could hold is a 404
    _configure_templates(app)
    _init_extensions(app)
    _register_blueprints(app)
    _connect_signal_receivers()
    _declare_jobs(app)
    _register_i18n(app)
    _register_cli(app)
    return app


def _configure_templates(app: Flask) -> None:
    # The GOV.UK macros test optional parameters deep inside dicts; they need ChainableUndefined.
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    # Our own templates come first, so the few GOV.UK macros that hard-code English can be shadowed.
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(app.root_path) + "/templates"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )


def _import_models() -> None:
    """Every model module, so the metadata (and so Alembic) knows every table."""
    import app.accounts.models
    import app.audit.models
    import app.booking.models
    import app.consent.models
    import app.coverage.models
    import app.findings.models
    import app.findings.search_index  # the search index's table, and the hook that keeps it in step
    import app.mail.models
    import app.participants.models
    import app.projects.models
    import app.studies.models  # noqa: F401


def _mark_seen(response):
    """A signed-in request moves the idle timeout on (app/accounts/sessions.py)."""
    from flask_login import current_user

    from app.accounts import sessions

    if current_user.is_authenticated:
        sessions.mark_seen()
    return response


def _init_extensions(app: Flask) -> None:
    from app.accounts import sessions

    _import_models()

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    WTFormsHelpers(app)
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = None
    login_manager.user_loader(sessions.user_for)
    app.after_request(_mark_seen)

    from app.common import errors, security, transactions
    from app.common.access import enforce_access

    app.before_request(enforce_access)
    transactions.register(app)
    security.register(app)
    errors.register(app)


def _register_blueprints(app: Flask) -> None:
    from app.accounts.views import bp as accounts_bp
    from app.audit.views import bp as audit_bp
    from app.booking.views import bp as booking_bp
    from app.common.views import bp as common_bp
    from app.consent.views import bp as consent_bp
    from app.coverage.views import bp as coverage_bp
    from app.findings.views import bp as findings_bp
    from app.mail.views import bp as mail_bp
    from app.participants.views.imports import bp as imports_bp
    from app.participants.views.register import bp as participants_bp
    from app.portal.views import bp as portal_bp
    from app.projects.views import bp as projects_bp
    from app.studies.views import bp as studies_bp

    for blueprint in (
        common_bp,
        accounts_bp,
        projects_bp,
        participants_bp,
        imports_bp,
        consent_bp,
        coverage_bp,
        portal_bp,
        mail_bp,
        booking_bp,
        audit_bp,
        studies_bp,
        findings_bp,
    ):
        app.register_blueprint(blueprint)


def _connect_signal_receivers() -> None:
    """Reactions that travel up the layers by blinker signals (see app/participants/signals.py)."""
    from app.booking import receivers

    receivers.connect()


def _declare_jobs(app: Flask) -> None:
    """Every feature's tasks.py, so the worker knows every job (app/jobs)."""
    from app import jobs
    from app.accounts import tasks as account_tasks  # noqa: F401
    from app.booking import tasks as booking_tasks  # noqa: F401
    from app.consent import tasks as consent_tasks  # noqa: F401
    from app.mail import tasks as mail_tasks  # noqa: F401
    from app.participants import tasks as participant_tasks  # noqa: F401

    jobs.configure(app)


def _register_i18n(app: Flask) -> None:
    from app.common import formatting
    from app.common.error_summary import error_list
    from app.common.i18n import current_language, in_language, localised, other_language, select_locale

    babel.init_app(app, locale_selector=select_locale)
    formatting.register(app)
    app.add_template_global(error_list)

    @app.context_processor
    def language_helpers():
        return {
            "current_language": current_language,
            "other_language": other_language,
            "localised": localised,
            "in_language": in_language,
        }


def _register_cli(app: Flask) -> None:
    from app.accounts.cli import users_cli
    from app.booking.cli import reminders_cli, waitlist_cli
    from app.demo.cli import demo_cli
    from app.jobs.cli import jobs_cli
    from app.mail.cli import mail_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(waitlist_cli)
    app.cli.add_command(jobs_cli)
