"""Forms for importing the register: the upload, the column matching, and the confirm buttons."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput
from wtforms import SelectField, SubmitField

from app.participants.csv_io import FIELD_LABELS, Table


class UploadForm(FlaskForm):
    file = FileField(
        _l("Upload a CSV file"),
        description=_l("Save your spreadsheet as “CSV UTF-8”. Up to 2 MB and 5,000 participants."),
        widget=GovFileInput(),
        validators=[FileRequired(message=_l("Select a CSV file"))],
    )
    submit = SubmitField(_l("Upload and check"), widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """Just the CSRF token: the import and discard buttons are drawn by the page."""


class MappingForm(FlaskForm):
    """One select a column: which participant field it holds, or none. Fields are added per file."""

    class Meta:
        csrf = False  # read as a GET by the preview; the import POST checks ConfirmForm's token

    def column_fields(self):
        return [field for name, field in self._fields.items() if name.startswith("column_")]

    def mapping(self) -> list[str]:
        return [field.data or "" for field in self.column_fields()]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        seen = set()
        for field in self.column_fields():
            if (field.data or "") not in {value for value, _label in field.choices}:
                field.errors.append(_("Choose a field from the list"))
                valid = False
            elif field.data and field.data in seen:
                field.errors.append(
                    _(
                        "Another column is already matched to this field. Choose a different "
                        "field or “Do not import this column”."
                    )
                )
                valid = False
            seen.add(field.data)
        return valid


def mapping_form(
    table: Table,
    fields: list[str],
    guessed: list[str],
    formdata,
    closed: set[int] | frozenset[int] = frozenset(),
) -> MappingForm:
    """A MappingForm for this file: formdata (a submitted mapping) or, when there is none, the guesses.

    A closed column (imports.closed_columns: adjustments the reader may not import, DP-3) can only be left out.
    """
    leave_out = ("", _("Do not import this column"))
    choices = [leave_out, *((name, str(FIELD_LABELS[name])) for name in fields)]

    class FileMappingForm(MappingForm):
        pass

    for index, heading in enumerate(table.headers):
        sample = table.samples[index] if index < len(table.samples) else ""
        if index in closed:
            description = _("Only admins can import adjustments")
        elif sample:
            description = _("First value: %(value)s", value=sample)
        else:
            description = _("This column is empty")
        setattr(
            FileMappingForm,
            f"column_{index}",
            SelectField(
                heading or _("Column %(num)d", num=index + 1),
                description=description,
                choices=[leave_out] if index in closed else choices,
                default="" if index in closed else guessed[index],
                validate_choice=False,
                widget=GovSelect(),
            ),
        )
    return FileMappingForm(formdata=formdata)
