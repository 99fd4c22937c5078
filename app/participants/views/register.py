"""The register: find, add, change and look after participants; segments; participation limits."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.booking import attendance
from app.common import access
from app.common.converters import bounded_int
from app.consent.services import consent_state, consent_states, history
from app.participants import correspondence, limits, links, services, status
from app.participants.filters import filter_from_request, usable_segment, usable_segments
from app.participants.forms import (
    DeleteForm,
    LimitForm,
    OverrideForm,
    ParticipantForm,
    ParticipationForm,
    RevokeLinksForm,
    SegmentForm,
    SendLinkForm,
)
from app.participants.models import CODED_FIELD_LABELS
from app.participants.visibility import can_see_adjustments, can_see_contact_details

bp = Blueprint("participants", __name__, template_folder="../templates")


@bp.app_context_processor
def participant_labels():
    return {"labels": SimpleNamespace(**CODED_FIELD_LABELS)}


@bp.route("/participants")
@access.staff
def index():
    form, filters = filter_from_request(request.args)
    stmt = services.filtered_participants(filters, can_see_adjustments=can_see_adjustments(current_user))
    per_page = current_app.config["PAGE_SIZE"]
    total = services.count_of(stmt)
    pages = max((total + per_page - 1) // per_page, 1)
    page = bounded_int(request.args.get("page"), 1, maximum=pages)
    people = services.page_of(stmt, page, per_page)
    ids = [p.id for p in people]
    query = {k: v for k, v in request.args.items(multi=True) if k != "page"}
    return render_template(
        "participants/index.html",
        form=form,
        filters=filters,
        people=people,
        total=total,
        page=page,
        pages=pages,
        page_url=lambda n: url_for("participants.index") + "?" + urlencode([*query.items(), ("page", n)]),
        limit_states=limits.limit_states(people),
        consent=consent_states(ids),
        segments=usable_segments(),
        segment_form=SegmentForm(),
        filter_query=urlencode(list(request.args.items(multi=True))),
        show_contact=can_see_contact_details(current_user),
        show_adjustments=can_see_adjustments(current_user),
    )


def _participant_or_404(participant_id: int):
    participant = services.get_participant(participant_id)
    if participant is None:
        abort(404)
    return participant


def _details(form: ParticipantForm, keep_adjustments: str | None = None) -> services.ParticipantDetails:
    return services.ParticipantDetails(
        full_name=form.full_name.data,
        email=form.email.data,
        phone=form.phone.data or "",
        organisation=form.organisation.data,
        organisation_type=form.organisation_type.data,
        region=form.region.data,
        job_role=form.job_role.data or "",
        seniority=form.seniority.data,
        years_in_procurement=form.years_in_procurement.data,
        preferred_language=form.preferred_language.data,
        welsh_willingness=form.welsh_willingness.data,
        adjustments=keep_adjustments if keep_adjustments is not None else (form.adjustments.data or ""),
        recruited_via=form.recruited_via.data,
        status=form.status.data,
        notes=form.notes.data or "",
    )


@bp.route("/participants/new", methods=["GET", "POST"])
@access.researcher
def new():
    form = ParticipantForm()
    if not can_see_adjustments(current_user):
        del form.adjustments
    if form.validate_on_submit():
        try:
            participant = services.create_participant(
                _details(form, keep_adjustments=None if "adjustments" in form else "")
            )
        except services.EmailInUse:
            form.email.errors.append(_("Someone on the register already has this email address"))
        else:
            flash(_("%(code)s has been added to the register.", code=participant.code), "success")
            return redirect(url_for("participants.detail", participant_id=participant.id))
    return render_template("participants/form.html", form=form, participant=None)


@bp.route("/participants/<int:participant_id>")
@access.staff
def detail(participant_id: int):
    participant = _participant_or_404(participant_id)
    return render_template(
        "participants/detail.html",
        **_detail_context(participant),
        override_form=OverrideForm(),
        participation_form=ParticipationForm(),
        send_form=SendLinkForm(),
        revoke_form=RevokeLinksForm(formdata=None),
    )


@bp.route("/participants/<int:participant_id>/revoke-links", methods=["POST"])
@access.researcher
def revoke_links(participant_id: int):
    """Stop every link the participant holds (audited, with the reason)."""
    participant = _participant_or_404(participant_id)
    form = RevokeLinksForm()
    if not form.validate_on_submit():
        return _detail_with_errors(participant, revoke_form=form)
    links.revoke_links(participant, reason=form.reason.data, actor=current_user._get_current_object())
    flash(_("Every link %(code)s had has stopped working.", code=participant.code), "success")
    return redirect(url_for("participants.detail", participant_id=participant.id))


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@access.researcher
def edit(participant_id: int):
    participant = _participant_or_404(participant_id)
    form = ParticipantForm(obj=participant)
    keep = None
    if not can_see_adjustments(current_user):
        del form.adjustments
        keep = participant.adjustments
    if form.validate_on_submit():
        try:
            services.update_participant(
                participant,
                _details(form, keep_adjustments=keep),
                own_request=bool(form.own_request.data),
                status_reason=form.status_reason.data or "",
            )
        except services.EmailInUse:
            form.email.errors.append(_("Someone on the register already has this email address"))
        except status.LeftByThemselves:
            form.status.errors.append(
                _(
                    "They left the testing team themselves, so only they can rejoin. If they have asked to, tick "
                    "the box below and say how and when they asked."
                )
            )
        else:
            flash(_("The participant’s details have been saved."), "success")
            return redirect(url_for("participants.detail", participant_id=participant.id))
    return render_template(
        "participants/form.html",
        form=form,
        participant=participant,
        left_themselves=_left_themselves(participant),
    )


def _left_themselves(participant) -> bool:
    return participant.status in status.LEFT and participant.status_set_by == status.BY_PARTICIPANT


@bp.route("/participants/<int:participant_id>/override", methods=["POST"])
@access.researcher
def override(participant_id: int):
    participant = _participant_or_404(participant_id)
    form = OverrideForm()
    if form.validate_on_submit():
        try:
            limits.grant_override(participant, form.reason.data, actor=current_user)
        except limits.OverrideNotNeeded:
            flash(_("No override is needed: they can be asked now."), "info")
        except limits.OverrideNotAllowed:
            flash(
                _(
                    "Someone who has opted out, withdrawn or been paused cannot be asked, so no override was given."
                ),
                "info",
            )
        else:
            flash(_("They can be asked once more in the next 30 days."), "success")
        return redirect(url_for("participants.detail", participant_id=participant.id))
    return _detail_with_errors(participant, override_form=form)


@bp.route("/participants/<int:participant_id>/participation", methods=["POST"])
@access.researcher
def participation(participant_id: int):
    participant = _participant_or_404(participant_id)
    form = ParticipationForm()
    if form.validate_on_submit():
        limits.record_participation(
            participant, form.took_part_on.data, form.description.data, actor=current_user
        )
        flash(_("The participation has been recorded."), "success")
        return redirect(url_for("participants.detail", participant_id=participant.id))
    return _detail_with_errors(participant, participation_form=form)


def _detail_context(participant) -> dict:
    """What the participant's page shows, whatever form on it was sent."""
    return {
        "participant": participant,
        "consent": consent_state(participant),
        "consent_history": history(participant) if can_see_contact_details(current_user) else [],
        "decision": limits.may_ask(participant),
        "sessions": attendance.attendance_of(participant.id),
        "show_contact": can_see_contact_details(current_user),
        "show_adjustments": can_see_adjustments(current_user),
    }


def _detail_with_errors(participant, **forms):
    """The participant's page again, with the form that was refused (400), the others empty."""
    context = {
        **_detail_context(participant),
        "override_form": OverrideForm(formdata=None),
        "participation_form": ParticipationForm(formdata=None),
        "send_form": SendLinkForm(formdata=None),
        "revoke_form": RevokeLinksForm(formdata=None),
    }
    context.update(forms)
    return render_template("participants/detail.html", **context), 400


@bp.route("/participants/<int:participant_id>/send-link", methods=["POST"])
@access.researcher
def send_link(participant_id: int):
    """Email the participant their own page's link, or a request to consent, in their language."""
    participant = _participant_or_404(participant_id)
    kind = request.form.get("kind")
    if kind not in correspondence.OWN_LINK_KINDS or not SendLinkForm().validate_on_submit():
        abort(400)
    if not participant.contactable:
        flash(
            _(
                "Nothing was sent: %(code)s is not active on the testing team, so they are not contacted.",
                code=participant.code,
            ),
            "info",
        )
    else:
        correspondence.send_own_link(participant, kind=kind, actor=current_user)
        flash(_("An email has been written to %(code)s in their language.", code=participant.code), "success")
    return redirect(url_for("participants.detail", participant_id=participant.id))


@bp.route("/participants/segments", methods=["POST"])
@access.researcher
def save_segment():
    form = SegmentForm()
    query = request.form.get("filter_query", "")
    _form, filters = filter_from_request(MultiDict(parse_qsl(query, keep_blank_values=True)))
    if form.validate_on_submit():
        try:
            segment = services.save_segment(form.name.data, filters, actor=current_user)
        except services.SegmentNameTaken:
            flash(_("A segment with that name already exists. Choose another name."), "info")
        else:
            flash(_("The segment “%(name)s” has been saved.", name=segment.name), "success")
            return redirect(url_for("participants.index", segment=segment.id))
    else:
        flash(_("Enter a name for the segment"), "info")
    # Re-encoded, never echoed: the hidden field is user input and must not reach the Location header raw.
    safe_query = urlencode(parse_qsl(query, keep_blank_values=True))
    return redirect(url_for("participants.index") + ("?" + safe_query if safe_query else ""))


@bp.route("/participants/segments/<int:segment_id>/delete", methods=["POST"])
@access.researcher
def delete_segment(segment_id: int):
    segment = usable_segment(segment_id)
    if segment is None:
        abort(404)
    if DeleteForm().validate_on_submit():
        services.delete_segment(segment)
        flash(_("The segment has been deleted."), "success")
    return redirect(url_for("participants.index"))


@bp.route("/participants/limits", methods=["GET", "POST"])
@access.admin
def limit_settings():
    current = limits.current_limit()
    form = LimitForm(
        data={
            "max_sessions": current.max_sessions,
            "period_days": current.period_days,
            "cooldown_days": current.cooldown_days,
            "warn_when_remaining": current.warn_when_remaining,
            "active": "yes" if current.active else "no",
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        limits.update_limit(
            max_sessions=form.max_sessions.data,
            period_days=form.period_days.data,
            cooldown_days=form.cooldown_days.data or 0,
            warn_when_remaining=form.warn_when_remaining.data or 0,
            active=form.active.data == "yes",
        )
        flash(_("The participation limits have been saved."), "success")
        return redirect(url_for("participants.limit_settings"))
    return render_template("participants/limits.html", form=form)
