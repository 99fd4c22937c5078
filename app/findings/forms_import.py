"""The form for uploading a spreadsheet of observations (the confirm buttons use participants' ConfirmForm)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField


class ObservationUploadForm(FlaskForm):
    file = FileField(
        _l("Upload a CSV file"),
        description=_l("Save your spreadsheet as “CSV UTF-8”. Up to 2 MB and 5,000 observations."),
        widget=GovFileInput(),
        validators=[FileRequired(message=_l("Select a CSV file"))],
    )
    submit = SubmitField(_l("Upload and check"), widget=GovSubmitInput())
