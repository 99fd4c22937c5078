"""Language and time-zone selection, and helpers for bilingual content."""

from __future__ import annotations

from flask import g, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

LANGUAGES = ("cy", "en")
SESSION_KEY = "lang"


def select_locale() -> str:
    """The reader's language: their choice this visit, then their staff preference, then the browser's. Outside
    a request (a job, a command, a service called from a test) there is no reader: Welsh, unless the caller
    chose with force_locale."""
    if not has_request_context():
        return "cy"
    chosen = session.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    # A participant's link speaks their preferred language first (set by the portal before rendering).
    participant_language = g.get("participant_language")
    if participant_language in LANGUAGES:
        return participant_language
    if current_user and current_user.is_authenticated:
        preferred = getattr(current_user, "preferred_language", None)
        if preferred in LANGUAGES:
            return preferred
    return request.accept_languages.best_match(LANGUAGES) or "cy"


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else "cy"


def other_language(code: str | None = None) -> str:
    return "en" if (code or current_language()) == "cy" else "cy"


def localised(obj, field: str) -> str:
    """The reader's-language version of a bilingual `<field>_cy` / `<field>_en` value."""
    return getattr(obj, f"{field}_{current_language()}") or ""


def in_language(obj, field: str, language: str | None = None) -> tuple[str, str]:
    """(text, the language it is in) of a bilingual `<field>_cy` / `<field>_en` value in `language` ("cy" or
    "en"; the reader's when None). When that language's text is empty the other's is given, with its language,
    so a page can mark it (lang="…", WCAG 3.1.2) rather than hide what a participant needs; ("", language) when
    both are empty."""
    language = language or current_language()
    text = (getattr(obj, f"{field}_{language}") or "").strip()
    if text:
        return text, language
    other = other_language(language)
    text = (getattr(obj, f"{field}_{other}") or "").strip()
    return (text, other) if text else ("", language)
