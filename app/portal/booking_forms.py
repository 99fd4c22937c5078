"""Forms on a participant's booking pages (reached from their booking link)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from app.common.forms import LocalisedIntegerField, max_length, required, strip_filter
from app.common.widgets import GovRadioInput
from app.portal.form_base import PortalForm

ADJUSTMENTS_HINT = _l(
    "For example, captions, extra time, breaks or step-free access. Only the research team "
    "running your session can see this."
)


def _yes_no():
    """Answers to "Would you like…?" ("Hoffech chi…?": "Hoffwn" / "Na hoffwn"; Welsh review, row 7)."""
    return [("yes", _lp("answer to would you like", "Yes")), ("no", _lp("answer to would you like", "No"))]


class BookForm(PortalForm):
    """The participant's confirmation: adjustments and Welsh; nothing is answered in advance."""

    adjustments = TextAreaField(
        _l("Adjustments you need to take part (optional)"),
        description=ADJUSTMENTS_HINT,
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(2000)],
    )
    wants_welsh = RadioField(
        _l("Would you like to take part in Welsh?"),
        widget=GovRadioInput(),
        choices=_yes_no,
        validators=[required(_l("Choose whether you would like to take part in Welsh"))],
    )
    submit = SubmitField(_l("Confirm my booking"), widget=GovSubmitInput())


class RescheduleForm(PortalForm):
    # The choices are the sessions open when the page was shown; one that filled up since is still accepted
    # here, and the booking service answers that it is full (not "Not a valid choice").
    session = RadioField(
        _l("Choose another session"),
        widget=GovRadioInput(),
        coerce=int,
        choices=[],
        validate_choice=False,
        validators=[required(_l("Choose a session"))],
    )
    submit = SubmitField(_l("Move my booking"), widget=GovSubmitInput())


class CancelForm(PortalForm):
    submit = SubmitField(_l("Cancel my booking"), widget=GovSubmitInput())


class WaitlistForm(PortalForm):
    # The one session they want (from a full session's page); empty: any session of the study.
    session = LocalisedIntegerField(
        widget=HiddenInput(), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)]
    )
    submit = SubmitField(_l("Join the waiting list"), widget=GovSubmitInput())


class LeaveWaitlistForm(PortalForm):
    submit = SubmitField(_l("Leave the waiting list"), widget=GovSubmitInput())
