"""Sign-in and sign-out, a member of staff's own details, and the admins' staff pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.accounts import recovery, services, sessions
from app.accounts.forms import (
    ActiveForm,
    ForgottenPasswordForm,
    NewPasswordForm,
    OwnDetailsForm,
    PasswordChangeForm,
    RoleForm,
    SignInForm,
    StaffCreateForm,
)
from app.common import access
from app.common.i18n import SESSION_KEY as LANGUAGE_SESSION_KEY

bp = Blueprint("accounts", __name__, template_folder="templates")


def _start_session(user) -> None:
    """A fresh session (no fixation), kept on the server (app/accounts/sessions.py), in the member of staff's
    own language."""
    session.clear()
    session.permanent = True  # the cookie expires with the session's absolute lifetime, even if restored
    session[LANGUAGE_SESSION_KEY] = user.preferred_language
    sessions.start(user)
    login_user(user)


@bp.route("/sign-in", methods=["GET", "POST"])
@access.public
def sign_in():
    if current_user.is_authenticated:
        return redirect(access.safe_next(request.args.get("next"), url_for("projects.index")))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, request.remote_addr or "")
        except services.TooManyAttempts:
            g.commit_despite_status = True
            form.email.errors.append(_("Too many attempts to sign in. Wait 15 minutes, then try again."))
            return render_template("accounts/sign_in.html", form=form), 429
        if user is None:
            form.email.errors.append(_("Enter a correct email address and password"))
        else:
            _start_session(user)
            return redirect(access.safe_next(request.args.get("next"), url_for("projects.index")))
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@access.staff
def sign_out():
    services.record_sign_out(current_user)
    sessions.end_current(current_user)  # a copy of the cookie no longer signs anyone in
    language = session.get(LANGUAGE_SESSION_KEY)
    logout_user()
    session.clear()
    if language:
        session[LANGUAGE_SESSION_KEY] = language
    flash(_("You have signed out."), "success")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/account", methods=["GET", "POST"])
@access.staff
def account():
    details = OwnDetailsForm(obj=current_user, prefix="details")
    password = PasswordChangeForm(prefix="password")
    if details.submit.data and details.validate_on_submit():
        services.update_own_details(
            current_user,
            name=details.name.data,
            preferred_language=details.preferred_language.data,
            booking_emails=bool(details.booking_emails.data),
        )
        session[LANGUAGE_SESSION_KEY] = details.preferred_language.data
        flash(_("Your details have been saved."), "success")
        return redirect(url_for("accounts.account"))
    if password.submit.data and password.validate_on_submit():
        try:
            changed = services.change_password(
                current_user,
                current=password.current.data,
                new=password.new.data,
                ip_address=request.remote_addr or "",
            )
        except services.TooManyAttempts:
            g.commit_despite_status = True  # keep the audit record of the refusal
            password.current.errors.append(_("Too many wrong passwords. Wait 15 minutes, then try again."))
            return render_template("accounts/account.html", details=details, password=password), 429
        if changed:
            flash(_("Your password has been changed. Any other sessions have been signed out."), "success")
            return redirect(url_for("accounts.account"))
        password.current.errors.append(_("Your current password is not correct"))
    return render_template("accounts/account.html", details=details, password=password)


@bp.route("/account/new-password", methods=["GET", "POST"])
@access.staff
def change_required():
    """Someone else chose this member of staff's password: they choose their own before anything else."""
    if not current_user.must_change_password:
        return redirect(url_for("projects.index"))
    form = PasswordChangeForm(prefix="password")
    if form.validate_on_submit():
        try:
            changed = services.change_password(
                current_user,
                current=form.current.data,
                new=form.new.data,
                ip_address=request.remote_addr or "",
            )
        except services.TooManyAttempts:
            g.commit_despite_status = True
            form.current.errors.append(_("Too many wrong passwords. Wait 15 minutes, then try again."))
            return render_template("accounts/change_required.html", form=form), 429
        if changed:
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("projects.index"))
        g.commit_despite_status = True
        form.current.errors.append(_("Your current password is not correct"))
    return render_template("accounts/change_required.html", form=form)


@bp.route("/forgotten-password", methods=["GET", "POST"])
@access.public
def forgotten_password():
    """The same answer whether or not the address has an account (ASVS V6.4); the email goes from a job."""
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        recovery.request_reset(form.email.data, request.remote_addr or "")
        return render_template("accounts/reset_requested.html")
    return render_template("accounts/forgotten_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@access.public
def reset_password(token: str):
    user = recovery.user_for_token(token)
    if user is None:
        return render_template("accounts/reset_link_problem.html"), 400
    form = NewPasswordForm(user)
    if form.validate_on_submit():
        services.set_password(user, form.new.data, must_change=False, via="reset link", actor=user)
        if current_user.is_authenticated:
            logout_user()
        flash(_("Your password has been changed. Sign in with your new password."), "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form)


@bp.before_app_request
def new_password_first():
    """A member of staff whose password someone else chose goes to choose their own before any other page."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in _ALLOWED_BEFORE_NEW_PASSWORD
    ):
        return redirect(url_for("accounts.change_required"))
    return None


_ALLOWED_BEFORE_NEW_PASSWORD = {
    "accounts.change_required",
    "accounts.sign_out",
    "static",
    "common.switch_language",
    "common.healthz",
    None,
}


@bp.route("/staff")
@access.admin
def staff_list():
    return render_template("accounts/staff_list.html", staff=services.list_staff())


@bp.route("/staff/new", methods=["GET", "POST"])
@access.admin
def staff_new():
    form = StaffCreateForm()
    if form.validate_on_submit():
        try:
            user = services.create_staff_user(
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                password=form.password.data,
                preferred_language=form.preferred_language.data,
            )
        except services.EmailTaken:
            form.email.errors.append(_("A member of staff with this email address already exists"))
        else:
            flash(_("%(name)s has been added.", name=user.name), "success")
            return redirect(url_for("accounts.staff_detail", user_id=user.id))
    return render_template("accounts/staff_new.html", form=form)


def _user_or_404(user_id: int):
    user = services.get_user(user_id)
    if user is None:
        abort(404)
    return user


def _detail_page(user, role_form=None, active_form=None, status=200):
    role_form = role_form or RoleForm(role=user.role, formdata=None)
    active_form = active_form or ActiveForm(formdata=None)
    return (
        render_template(
            "accounts/staff_detail.html", user=user, role_form=role_form, active_form=active_form
        ),
        status,
    )


_DOMAIN_MESSAGES = {
    services.LastAdmin: lambda: _("Profi needs at least one active admin, so this change cannot be made."),
    services.CannotChangeSelf: lambda: _("You cannot change your own role or deactivate yourself."),
}


@bp.route("/staff/<int:user_id>")
@access.admin
def staff_detail(user_id: int):
    return _detail_page(_user_or_404(user_id))


@bp.route("/staff/<int:user_id>/role", methods=["POST"])
@access.admin
def staff_role(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            services.change_role(user, form.role.data, actor=current_user)
        except services.AccountError as error:
            form.role.errors.append(_DOMAIN_MESSAGES[type(error)]())
            return _detail_page(user, role_form=form, status=400)
        flash(_("The role has been saved."), "success")
        return redirect(url_for("accounts.staff_detail", user_id=user.id))
    return _detail_page(user, role_form=form, status=400)


@bp.route("/staff/<int:user_id>/active", methods=["POST"])
@access.admin
def staff_active(user_id: int):
    user = _user_or_404(user_id)
    form = ActiveForm()
    if form.validate_on_submit():
        try:
            services.set_active(user, not user.active, actor=current_user)
        except services.AccountError as error:
            form.submit.errors = [_DOMAIN_MESSAGES[type(error)]()]
            return _detail_page(user, active_form=form, status=400)
        if user.active:
            flash(_("%(name)s can sign in again.", name=user.name), "success")
        else:
            flash(_("%(name)s has been deactivated and signed out everywhere.", name=user.name), "success")
        return redirect(url_for("accounts.staff_detail", user_id=user.id))
    return _detail_page(user, active_form=form, status=400)
