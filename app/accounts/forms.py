"""Forms for signing in, managing staff and a member of staff's own details."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, StopValidation

from app.accounts import passwords
from app.accounts.models import ROLE_LABELS, Role
from app.common.forms import LANGUAGE_CHOICES, max_length, required, strip_filter
from app.common.widgets import GovCheckboxInput, GovRadioInput, PasswordInput


def role_choices():
    return [(role.value, ROLE_LABELS[role]) for role in Role]


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter your email address")), max_length(320)],
    )
    password = PasswordField(
        _l("Password"),
        widget=PasswordInput(),
        validators=[required(_l("Enter your password")), max_length(200)],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class StrongPassword:
    """A new password passwords.problem() accepts; `about(form)` gives the words about its owner (their email
    and name) that would make it easy to guess."""

    def __init__(self, about: Callable[[Any], Iterable[str]]) -> None:
        self.about = about

    def __call__(self, form: Any, field: Any) -> None:
        found = passwords.problem(field.data or "", about=[word for word in self.about(form) if word])
        if found:
            raise StopValidation(found)


def _own_words(form: Any) -> list[str]:
    """The password's owner's email and name: the form's `owner` if it has one, else the signed-in member of staff."""
    owner = getattr(form, "owner", None) or (current_user if current_user.is_authenticated else None)
    return [owner.email, owner.name] if owner is not None else []


def _new_password_validators(about: Callable[[Any], Iterable[str]] = _own_words) -> list:
    return [required(_l("Enter a password")), StrongPassword(about)]


class StaffCreateForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter their full name")), max_length(200)],
    )
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[
            required(_l("Enter their email address")),
            max_length(320),
            Email(message=_l("Enter an email address in the correct format, like name@example.org")),
        ],
    )
    role = RadioField(
        _l("Role"),
        widget=GovRadioInput(),
        choices=role_choices,
        validators=[required(_l("Choose a role"))],
    )
    preferred_language = RadioField(
        _l("Preferred language"),
        widget=GovRadioInput(),
        choices=LANGUAGE_CHOICES,
        default="cy",
        validators=[required(_l("Choose a language"))],
    )
    password = PasswordField(
        _l("Temporary password"),
        description=_l(
            "At least 12 characters, not easy to guess. Give it to them privately: they will choose their own "
            "when they first sign in."
        ),
        widget=PasswordInput(),
        validators=_new_password_validators(lambda form: [form.email.data or "", form.name.data or ""]),
    )
    submit = SubmitField(_l("Add member of staff"), widget=GovSubmitInput())


class RoleForm(FlaskForm):
    role = RadioField(
        _l("Role"),
        widget=GovRadioInput(),
        choices=role_choices,
        validators=[required(_l("Choose a role"))],
    )
    submit = SubmitField(_l("Save role"), widget=GovSubmitInput())


class ActiveForm(FlaskForm):
    """A confirmation button only: deactivate or reactivate."""

    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class OwnDetailsForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter your full name")), max_length(200)],
    )
    preferred_language = RadioField(
        _l("Preferred language"),
        description=_l("Profi uses this language when you sign in."),
        widget=GovRadioInput(),
        choices=LANGUAGE_CHOICES,
        validators=[required(_l("Choose a language"))],
    )
    booking_emails = BooleanField(
        _l("Email me when someone books, moves or cancels a place in a session I run or take notes for"),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Save details"), widget=GovSubmitInput())


class _CurrentPassword(FlaskForm):
    # Declared before _NewPassword, so the error summary lists the current password first.
    current = PasswordField(
        _l("Current password"),
        widget=PasswordInput(),
        validators=[required(_l("Enter your current password")), max_length(200)],
    )


class _NewPassword(FlaskForm):
    """A new password and its confirmation, judged against its owner's name and address: the form's `owner`,
    or the signed-in member of staff."""

    new = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters, not easy to guess. Three or four unrelated words work well."),
        widget=PasswordInput(),
        validators=_new_password_validators(),
    )
    confirm = PasswordField(
        _l("Confirm new password"),
        widget=PasswordInput(),
        validators=[
            required(_l("Enter the new password again")),
            EqualTo("new", message=_l("The two new passwords do not match")),
        ],
    )


class PasswordChangeForm(_CurrentPassword, _NewPassword):
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


class NewPasswordForm(_NewPassword):
    """A new password without the current one: from a reset link. `owner` is the account it is for."""

    submit = SubmitField(_l("Save new password"), widget=GovSubmitInput())

    def __init__(self, owner: Any, *args: Any, **kwargs: Any) -> None:
        self.owner = owner
        super().__init__(*args, **kwargs)


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        description=_l("The address you sign in with."),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter your email address")), max_length(320)],
    )
    submit = SubmitField(_l("Send me a link"), widget=GovSubmitInput())
