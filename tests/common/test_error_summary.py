"""The error summary (macros/forms.html, app/common/error_summary.py) lists each field once, however many of its
checks failed, links each entry to something on the page a reader can move to (the first box of a date), and lists
an error about the whole form as plain text rather than as a link to nowhere."""

from __future__ import annotations

import re

from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Regexp

from app.common.forms import LocalisedDateField

SUMMARY = re.compile(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', re.S)
ITEM = re.compile(r"<li>(.*?)</li>", re.S)
HREF = re.compile(r'href="#([^"]*)"')
EN = {"Accept-Language": "en"}


def _entries(html: str) -> list[str]:
    found = SUMMARY.search(html)
    assert found, "no error summary on the page"
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in ITEM.findall(found.group(1))]


def _links(html: str) -> list[str]:
    found = SUMMARY.search(html)
    assert found, "no error summary on the page"
    return HREF.findall(found.group(1))


def test_a_field_failing_two_checks_is_listed_once_and_linked_to_its_box(client, as_role):
    as_role("researcher")
    # The phone number is too long and not a phone number; the email address is not one either.
    data = {"phone": "x" * 40, "email": "not an email address"}
    response = client.post("/participants/new", data=data, headers=EN)
    html = response.get_data(as_text=True)

    links = _links(html)
    assert links.count("phone") == 1, links
    assert links.count("email") == 1, links
    assert len(links) == len(set(links)), links
    for target in links:
        box = re.search(rf'<(input|select|textarea)\b[^>]*\bid="{target}"', html)
        assert box, f"the summary links to #{target}, which is no box on the page"
    entries = _entries(html)
    assert len(entries) == len(set(entries)), entries


def test_a_date_is_linked_by_its_first_box(client, as_role):
    as_role("admin")
    response = client.get("/audit?since=31&since=2&since=2026", headers=EN)
    html = response.get_data(as_text=True)

    assert _links(html) == ["since-day"]
    assert re.search(r'<input\b[^>]*\bid="since-day"', html)


class _Form(FlaskForm):
    class Meta:
        csrf = False

    code = StringField(
        "Code", validators=[Length(max=3, message="Too long"), Regexp(r"^\d+$", message="Digits")]
    )
    since = LocalisedDateField("Since")


def test_form_and_field_errors_give_one_entry_each_and_the_forms_has_no_link(app):
    with app.test_request_context("/", method="POST", data={"code": "abcdef"}, headers=EN):
        form = _Form()
        assert not form.validate()
        form.code.errors.append("Already taken")
        form.form_errors.append("This cannot be saved yet")
        html = render_template_string(
            '{% from "macros/forms.html" import error_summary %}{{ error_summary(form) }}', form=form
        )

    assert _entries(html) == ["This cannot be saved yet", "Too long"]
    assert _links(html) == ["code"]
