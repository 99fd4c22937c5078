"""The coverage targets form: a percentage for each category, grouped by dimension."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import SubmitField
from wtforms.validators import NumberRange, Optional

from app.common.forms import LocalisedIntegerField
from app.coverage.services import ADJUSTMENTS, ADJUSTMENTS_LABEL, DIMENSIONS, target_keys


def field_name(dimension: str, value: str) -> str:
    return f"{dimension}__{value}"


class TargetsForm(FlaskForm):
    """Fields are added below, one per category; empty means no target."""

    submit = SubmitField(_l("Save targets"), widget=GovSubmitInput())

    def groups(self) -> list[tuple[str, list]]:
        """The fields, by dimension, in page order."""
        groups: dict[str, list] = {}
        for dimension, value in target_keys():
            groups.setdefault(dimension, []).append(self[field_name(dimension, value)])
        return list(groups.items())

    def targets(self) -> dict[tuple[str, str], int | None]:
        return {(d, v): self[field_name(d, v)].data for d, v in target_keys()}

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for _dimension, fields in self.groups():
            given = [field for field in fields if isinstance(field.data, int)]
            total = sum(field.data for field in given)
            if total > 100 and not any(field.errors for field in fields):
                given[0].errors.append(
                    _("These targets add up to %(total)d%%. Together they can be 100%% at most.", total=total)
                )
                valid = False
        return valid


def _target_field(label, description=None):
    return LocalisedIntegerField(
        label,
        description=description,
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=0, max=100, message=_l("Enter a whole number from 0 to 100")),
        ],
    )


for _dimension, _labels in DIMENSIONS.items():
    for _member, _label in _labels.items():
        setattr(TargetsForm, field_name(_dimension, _member.value), _target_field(_label))
setattr(
    TargetsForm,
    field_name(*ADJUSTMENTS),
    _target_field(ADJUSTMENTS_LABEL, _l("Leave empty for the usual target of about 1 in 5 (20%).")),
)
