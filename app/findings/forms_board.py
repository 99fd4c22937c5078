"""Forms of the theme board. The board draws its own controls (a select and buttons for each observation in each
group); these forms read what they post and check the CSRF token. Ids arrive as text and are read by
board_id(): a number an id column can hold, else None."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField

from app.common.converters import MAX_ID
from app.common.forms import strip_filter


def board_id(value: object) -> int | None:
    """An id posted by the board, or None for anything that is not one (empty, negative, past MAX_ID, not ASCII
    digits)."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 12 or not 0 < int(text) <= MAX_ID:
        return None
    return int(text)


class ThemeChangeForm(FlaskForm):
    """One observation's controls: the observation, the group it is shown in, the theme chosen and the button."""

    observation = StringField()
    from_theme = StringField()
    theme = StringField()
    action = StringField()


class NewThemeForm(FlaskForm):
    name = StringField(_l("Name of the new theme"), filters=[strip_filter], widget=GovTextInput())
    submit = SubmitField(_l("Create theme"), widget=GovSubmitInput())


class RenameThemeForm(FlaskForm):
    theme = SelectField(_l("Theme to rename"), choices=[], validate_choice=False, widget=GovSelect())
    name = StringField(_l("New name"), filters=[strip_filter], widget=GovTextInput())
    submit = SubmitField(_l("Rename theme"), widget=GovSubmitInput())


class MergeThemesForm(FlaskForm):
    source = SelectField(_l("Merge this theme"), choices=[], validate_choice=False, widget=GovSelect())
    target = SelectField(_l("into this theme"), choices=[], validate_choice=False, widget=GovSelect())
    submit = SubmitField(_l("Merge themes"), widget=GovSubmitInput())
