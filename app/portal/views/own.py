"""A participant's own page and what it links to: details, consent, withdrawal, opting out; and "send me my link"."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.booking import overview
from app.common import access
from app.common.i18n import current_language
from app.consent import services as consent
from app.consent.models import SECTION_LABELS, Method, Purpose
from app.participants import links
from app.participants.services import EmailInUse
from app.portal import services as portal
from app.portal.forms import OWN_FIELDS, ConfirmForm, OwnDetailsForm, RequestLinkForm, consent_form_class
from app.portal.views import bp, link


@bp.route("/p/<token>")
@link(links.PAGE)
def page(token: str):
    return render_template(
        "portal/page.html",
        participant=g.participant,
        consent=consent.consent_state(g.participant),
        research=overview.participant_overview(g.participant),
        booking_token=links.current_token(g.participant, links.BOOKING),
    )


@bp.route("/p/<token>/details", methods=["GET", "POST"])
@link(links.PAGE)
def details(token: str):
    participant = g.participant
    form = OwnDetailsForm(obj=participant)
    if form.validate_on_submit():
        # Optional text left empty is "" on the record; the years stay None when not given.
        own = {name: form[name].data for name in OWN_FIELDS}
        own.update({name: value or "" for name, value in own.items() if name != "years_in_procurement"})
        try:
            email_changed = portal.update_own_details(participant, own)
        except EmailInUse:
            form.email.errors.append(
                _("This email address cannot be used. Check it, or contact the research team.")
            )
        else:
            if email_changed:
                return render_template("portal/email_changed.html", participant=participant)
            flash(_("Your details have been saved."), "success")
            return redirect(url_for("portal.page", token=token))
    return render_template("portal/details.html", form=form, participant=participant)


@bp.route("/p/<token>/consent", methods=["GET", "POST"])
@link(links.PAGE)
def consent_page(token: str):
    participant = g.participant
    version = consent.current_form()
    if version is None:
        return render_template("portal/no_consent_form.html", participant=participant)
    reading = current_language()  # the header's language link shows the same form in the other language
    form = consent_form_class()()
    if form.validate_on_submit():
        answers = {purpose.value: form[purpose.value].data == "yes" for purpose in Purpose}
        consent.record_consent(participant, answers=answers, method=Method.ONLINE, language=reading)
        flash(_("Thank you. Your answers have been recorded."), "success")
        # Back to the booking page they came from (a participant's own path only), else to their page.
        back = access.safe_next(request.args.get("next"), "")
        if back.startswith("/p/"):
            return redirect(back)
        return redirect(url_for("portal.page", token=token))
    return render_template(
        "portal/consent.html",
        form=form,
        participant=participant,
        version=version,
        reading=reading,
        state=consent.consent_state(participant),
        section_labels=SECTION_LABELS,
        purposes=[purpose.value for purpose in Purpose],
    )


@bp.route("/p/<token>/withdraw", methods=["GET", "POST"])
@link(links.PAGE)
def withdraw(token: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        consent.withdraw_consent(g.participant, method=Method.ONLINE, language=current_language())
        return render_template("portal/done.html", participant=g.participant, what="withdrawn")
    return render_template(
        "portal/confirm.html",
        form=form,
        participant=g.participant,
        what="withdraw",
        research=overview.participant_overview(g.participant),
    )


@bp.route("/p/<token>/opt-out", methods=["GET", "POST"])
@link(links.PAGE)
def opt_out(token: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        portal.opt_out(g.participant)
        return render_template("portal/done.html", participant=g.participant, what="opted_out")
    return render_template(
        "portal/confirm.html",
        form=form,
        participant=g.participant,
        what="opt_out",
        research=overview.participant_overview(g.participant),
    )


@bp.route("/my-link", methods=["GET", "POST"])
@access.public
def request_link():
    form = RequestLinkForm()
    if form.validate_on_submit():
        portal.request_link(form.email.data, request.remote_addr or "")
        return render_template("portal/link_requested.html")
    return render_template("portal/request_link.html", form=form)
