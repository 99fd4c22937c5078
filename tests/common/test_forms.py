"""Shared form fields (app/common/forms.py): a number too long for any column is out of the field's range."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired, NumberRange, Optional

from app.common.forms import LocalisedIntegerField

TOO_LONG = ["9" * 400, "-" + "9" * 400, "2147483648", "99999999999999999999"]


class CountForm(FlaskForm):
    class Meta:
        csrf = False

    count = LocalisedIntegerField(
        validators=[InputRequired(), NumberRange(min=1, max=10, message="Enter a number from 1 to 10")]
    )
    spare = LocalisedIntegerField(validators=[Optional(), NumberRange(min=0, max=5, message="From 0 to 5")])


@pytest.mark.parametrize("typed", TOO_LONG)
def test_a_number_too_long_for_any_column_gets_the_fields_range_message(app, typed):
    with app.test_request_context(method="POST", data={"count": typed, "spare": typed}):
        form = CountForm()
        assert not form.validate()
        assert form.count.errors == ["Enter a number from 1 to 10"]
        assert form.spare.errors == ["From 0 to 5"]
        assert form.count.data is None
        assert form.count._value() == typed  # the page shows back what was typed


def test_numbers_within_range_and_words_are_read_as_before(app):
    with app.test_request_context(
        method="POST", data={"count": "7", "spare": "three"}, headers={"Accept-Language": "en"}
    ):
        form = CountForm()
        assert not form.validate()
        assert form.count.data == 7 and form.count.errors == []
        assert form.spare.errors[0] == "Enter a whole number, like 3"
