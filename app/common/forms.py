"""Form building blocks shared by features: trimmed text, required messages, language choices."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_ngettext
from wtforms import DateField, IntegerField
from wtforms.validators import DataRequired, Length

from app.common.converters import MAX_ID
from app.common.widgets import LocalisedDateInput

LANGUAGE_CHOICES = [("cy", "Cymraeg"), ("en", "English")]


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


def required(message) -> DataRequired:
    return DataRequired(message=message)


def max_length(limit: int) -> Length:
    return Length(
        max=limit,
        message=lazy_ngettext("Enter %(num)d character or fewer", "Enter %(num)d characters or fewer", limit),
    )


class LocalisedDateField(DateField):
    """A day/month/year date whose error is written in the reader's language."""

    data: Any  # a date, or None when nothing (or nothing valid) was entered

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", "%d %m %Y")
        kwargs.setdefault("widget", LocalisedDateInput())
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not any(part.strip() for part in valuelist):
            self.data = None
            return
        try:
            super().process_formdata([" ".join(part.strip() for part in valuelist)])
        except ValueError:
            self.data = None
            raise ValueError(_("Enter a real date, for example 27 3 2026")) from None


class LocalisedIntegerField(IntegerField):
    """A whole number whose "not a number" error is written in the reader's language.

    A number past ±MAX_ID (2^31 - 1, the largest INTEGER column) leaves `data` None, so the field's NumberRange
    answers with its own "from … to …" message: given the number itself, WTForms' NumberRange turns it into a
    float, which overflows past about 10^308 (a server error). Pair every such field with a NumberRange.
    """

    data: Any  # an int, or None when nothing (or nothing usable) was entered

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Enter a whole number, like 3")) from None
        if self.data is not None and abs(self.data) > MAX_ID:
            self.data = None
