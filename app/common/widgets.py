"""GOV.UK Frontend WTForms widgets with every built-in English word translated.

govuk-frontend-wtf hard-codes "Day", "Month" and "Year"; password inputs here are plain inputs so that no
"Show"/"Hide" English appears. The error-message prefix ("Error:") is translated in the shadowed macro
under templates/govuk_frontend_jinja/.
"""

from __future__ import annotations

from flask_babel import gettext as _
from govuk_frontend_wtf import wtforms_widgets as gov
from govuk_frontend_wtf.wtforms_widgets import GovTextInput


class _LegendAlways:
    """govuk-frontend-wtf uses the label as the legend only when no fieldset is passed, so passing a legend class
    (e.g. govuk-fieldset__legend--s) silently dropped the legend. Keep the label as the legend, and drop an empty
    hint rather than render an empty element the group is described by."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)  # type: ignore[misc]  # a mixin: the widget class has it
        # Copies: the fieldset and legend may be dicts a template reuses for several groups.
        fieldset = dict(params.get("fieldset") or {})
        legend = dict(fieldset.get("legend") or {})
        if not legend.get("text") and not legend.get("html"):
            legend["text"] = field.label.text
        fieldset["legend"] = legend
        params["fieldset"] = fieldset
        hint = params.get("hint")
        if hint is not None and not (hint.get("text") or hint.get("html")):
            del params["hint"]
        return params


class GovRadioInput(_LegendAlways, gov.GovRadioInput):
    pass


class GovCheckboxesInput(_LegendAlways, gov.GovCheckboxesInput):
    pass


class GovCheckboxInput(gov.GovCheckboxInput):
    """A single checkbox: no fieldset, and no empty hint."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        hint = params.get("hint")
        if hint is not None and not (hint.get("text") or hint.get("html")):
            del params["hint"]
        return params


class LocalisedDateInput(_LegendAlways, gov.GovDateInput):
    def map_gov_params(self, field, **kwargs):
        # The parent unpacks exactly three submitted parts; a tampered or partial form may send fewer or more.
        if field.raw_data is not None and len(field.raw_data) != 3:
            field.raw_data = (list(field.raw_data) + ["", "", ""])[:3]
        params = super().map_gov_params(field, **kwargs)
        labels = [_("Day"), _("Month"), _("Year")]
        for item, label in zip(params.get("items", []), labels, strict=False):
            item["label"] = label
        return params


class PasswordInput(GovTextInput):
    """A password box that never echoes the value back into the page."""

    input_type = "password"

    def __call__(self, field, **kwargs):
        kwargs["value"] = ""
        kwargs.setdefault("autocomplete", "current-password")
        kwargs.setdefault("spellcheck", "false")
        return super().__call__(field, **kwargs)
