"""Admins browse and filter the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Optional

from app.audit import labels, services
from app.common import access
from app.common.converters import bounded_int
from app.common.forms import LocalisedDateField, max_length, strip_filter
from app.common.uk_time import LONDON

bp = Blueprint("audit", __name__, template_folder="templates")


OUTCOME_LABELS = {
    services.SUCCESS: _l("Succeeded"),
    services.FAILURE: _l("Failed"),
    services.REFUSED: _l("Refused"),
}


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only GET search

    action = SelectField(_l("Action"), widget=GovSelect(), validators=[Optional()], validate_choice=False)
    actor = StringField(
        _l("Who"), widget=GovTextInput(), filters=[strip_filter], validators=[max_length(320)]
    )
    target = StringField(
        _l("Record or email address"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[max_length(320)],
    )
    outcome = SelectField(_l("Outcome"), widget=GovSelect(), validators=[Optional()], validate_choice=False)
    since = LocalisedDateField(_l("From"), validators=[Optional()])
    until = LocalisedDateField(_lp("date range", "To"), validators=[Optional()])
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())


def _london_midnight_utc(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(UTC)


@bp.route("/audit")
@access.admin
def index():
    form = AuditFilterForm(request.args)
    named = sorted(
        ((code, labels.action(code)) for code in services.action_names()), key=lambda pair: pair[1]
    )
    form.action.choices = [("", _l("Any action"))] + named
    form.outcome.choices = [("", _l("Any outcome"))] + list(OUTCOME_LABELS.items())
    filters = services.AuditFilter()
    if form.validate():
        filters = services.AuditFilter(
            action=form.action.data or "",
            actor=form.actor.data or "",
            target=form.target.data or "",
            outcome=form.outcome.data or "",
            since=_london_midnight_utc(form.since.data) if form.since.data else None,
            before=_london_midnight_utc(form.until.data + timedelta(days=1)) if form.until.data else None,
        )
    page = bounded_int(request.args.get("page"), 1)
    per_page = current_app.config["PAGE_SIZE"]
    events, total = services.page_of_events(filters, page=page, per_page=per_page)
    return render_template(
        "audit/index.html",
        form=form,
        events=events,
        total=total,
        page=page,
        pages=max((total + per_page - 1) // per_page, 1),
        outcome_labels=OUTCOME_LABELS,
        labels=labels,
    )
