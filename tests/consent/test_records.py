"""Consent taken on a participant's behalf, withdrawal, and the consent panel on their page (CON-3, CON-4, CON-5)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.consent import services
from app.consent.models import ConsentRecord, Purpose
from app.extensions import db
from app.participants.models import Participant
from tests.factories import ConsentFormFactory, ParticipantFactory, StaffUserFactory

EN = {"Accept-Language": "en"}
ANSWERS = {f"answer_{p.value}": "yes" for p in Purpose}


def _setup(app, *, publish: bool = True, **participant):
    """A participant (and a published version); returns their id."""
    with app.app_context():
        if publish:
            ConsentFormFactory()
        person = ParticipantFactory(**participant)
        db.session.commit()
        return person.id


def _record_data(**changes) -> dict:
    data = {
        "form_version": "1",
        "language": "cy",
        "method": "paper",
        "note": "Ffurflen bapur yn y ffeil",
        **ANSWERS,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _records(participant_id: int) -> list[ConsentRecord]:
    return list(
        db.session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.participant_id == participant_id)
            .order_by(ConsentRecord.id)
        )
    )


def _purpose_inputs(html: str) -> list[str]:
    return re.findall(r'<input[^>]*name="answer_[a-z_]+"[^>]*>', html)


def test_record_page_shows_the_current_form_and_pre_ticks_nothing(app, client, as_role):
    as_role("researcher")
    pid = _setup(app, preferred_language="cy")
    html = client.get(f"/participants/{pid}/consent/record", headers=EN).get_data(as_text=True)
    inputs = _purpose_inputs(html)
    assert len(inputs) == 2 * len(Purpose)
    assert not any("checked" in tag for tag in inputs)
    assert " checked" not in html  # nor the language or method
    assert '<div class="govuk-inset-text" lang="cy">' in html and "Testun Cymraeg ŵ ŷ â (who)" in html
    assert '<span lang="cy">Ydych chi’n cytuno (audio)?</span>' in html
    assert 'value="online"' not in html


def test_the_form_can_be_shown_in_the_other_language(app, client, as_role):
    as_role("researcher")
    pid = _setup(app, preferred_language="cy")
    html = client.get(f"/participants/{pid}/consent/record?language=en", headers=EN).get_data(as_text=True)
    assert '<div class="govuk-inset-text" lang="en">' in html and "English text (who)" in html
    assert "Testun Cymraeg" not in html and f"/participants/{pid}/consent/record?language=cy" in html
    assert '<span lang="en">Do you agree (audio)?</span>' in html
    assert 'lang="en" for="answer_audio"' in html and 'lang="en" for="answer_audio-2"' in html  # Yes / No


def test_recording_on_behalf_stores_who_how_which_version_and_language(app, client, as_role):
    researcher = as_role("researcher")
    pid = _setup(app)
    answers = {**ANSWERS, "answer_video": "no", "answer_quotes": "no"}
    response = client.post(
        f"/participants/{pid}/consent/record", data=_record_data(method="phone", **answers)
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/participants/{pid}"
    with app.app_context():
        [record] = _records(pid)
        assert (record.kind, record.method, record.language, record.form.version) == (
            "consent",
            "phone",
            "cy",
            1,
        )
        assert record.taken_by_id == researcher.id and record.taken_by_label == researcher.email
        assert record.answers == {p.value: p.value not in ("video", "quotes") for p in Purpose}
        assert record.note == "Ffurflen bapur yn y ffeil"
        state = services.consent_state(db.session.get(Participant, pid))
        assert state.status == "given" and state.agreed_to("audio") and not state.agreed_to("quotes")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "consent.recorded"))
        assert event.actor_id == researcher.id and event.details["method"] == "phone"


@pytest.mark.parametrize("missing", [p.value for p in Purpose])
def test_every_purpose_needs_its_own_answer(app, client, as_role, missing):
    as_role("researcher")
    pid = _setup(app)
    response = client.post(
        f"/participants/{pid}/consent/record", data=_record_data(**{f"answer_{missing}": None}), headers=EN
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert "Record their answer, yes or no, for" in html and f'href="#answer_{missing}"' in html
    with app.app_context():
        assert _records(pid) == []


@pytest.mark.parametrize(
    "change, message",
    [
        ({"method": "online"}, "Choose paper form, by phone or in person"),
        ({"method": ""}, "Choose how they gave their answers"),
        ({"language": "fr"}, "Choose Welsh or English"),
        ({"language": None}, "Choose the language the form was in"),
        ({"answer_audio": "maybe"}, "Record their answer, yes or no, for “Audio recording”"),
        ({"answer_take_part": "on"}, "Record their answer, yes or no, for “Take part in research”"),
        ({"note": "x" * 501}, "Enter 500 characters or fewer"),
        ({"form_version": "7"}, "A new version of the consent form was published while this page was open."),
    ],
)
def test_bad_or_tampered_input_is_refused_clearly_and_nothing_is_recorded(
    app, client, as_role, change, message
):
    as_role("researcher")
    pid = _setup(app)
    response = client.post(f"/participants/{pid}/consent/record", data=_record_data(**change), headers=EN)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert _records(pid) == []


def test_records_are_append_only_and_the_history_shows_both(app, client, as_role):
    researcher = as_role("researcher")
    pid = _setup(app)
    client.post(f"/participants/{pid}/consent/record", data=_record_data(method="paper", language="cy"))
    client.post(
        f"/participants/{pid}/consent/record",
        data=_record_data(method="verbal", language="en", answer_quotes="no", note=""),
    )
    with app.app_context():
        first, second = _records(pid)
        assert (first.method, first.answers["quotes"]) == ("paper", True)
        assert (second.method, second.answers["quotes"]) == ("verbal", False)
    html = client.get(f"/participants/{pid}", headers=EN).get_data(as_text=True)
    table = html[html.index("Consent history") : html.index("</table>", html.index("Consent history"))]
    assert table.count("Consent given") == 2
    assert "Paper form" in table and "Verbally, in person" in table and table.count(researcher.email) == 2
    assert table.index("Verbally, in person") < table.index("Paper form")  # newest first
    assert "Welsh" in table and "English" in table


def test_withdrawal_takes_effect_at_once(app, client, as_role):
    researcher = as_role("researcher")
    pid = _setup(app)
    client.post(f"/participants/{pid}/consent/record", data=_record_data())
    page = client.get(f"/participants/{pid}/consent/withdraw", headers=EN).get_data(as_text=True)
    assert "Withdrawing takes effect at once" in page and 'value="online"' not in page
    with app.app_context():
        assert db.session.get(Participant, pid).status == "active"
    response = client.post(
        f"/participants/{pid}/consent/withdraw", data={"method": "phone", "note": "Gofynnodd"}
    )
    assert response.headers["Location"] == f"/participants/{pid}"
    with app.app_context():
        person = db.session.get(Participant, pid)
        assert person.status == "withdrawn"
        assert services.consent_state(person).status == "withdrawn"
        assert not services.consent_state(person).agreed_to("take_part")
        withdrawal = _records(pid)[-1]
        assert (withdrawal.kind, withdrawal.method, withdrawal.taken_by_id) == (
            "withdrawal",
            "phone",
            researcher.id,
        )
    html = client.get(f"/participants/{pid}", headers=EN).get_data(as_text=True)
    assert "Consent withdrawn" in html and "They withdrew their consent on" in html


def test_withdrawal_needs_a_method_and_only_a_real_one(app, client, as_role):
    as_role("researcher")
    pid = _setup(app)
    for data in (
        {},
        {"method": "online"},
        {"method": "carrier pigeon"},
        {"method": "paper", "note": "x" * 501},
    ):
        response = client.post(f"/participants/{pid}/consent/withdraw", data=data, headers=EN)
        assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, pid).status == "active" and _records(pid) == []


def test_viewers_cannot_reach_these_pages_and_see_only_the_status(app, client, as_role):
    with app.app_context():
        person = ParticipantFactory(
            consented=True, consent__taken_by=StaffUserFactory(), consent__note="Nodyn cyfrinachol"
        )
        db.session.commit()
        pid = person.id
    as_role("viewer")
    for path in (f"/participants/{pid}/consent/record", f"/participants/{pid}/consent/withdraw"):
        assert client.get(path).status_code == 403
        assert client.post(path, data=_record_data(method="verbal")).status_code == 403
    html = client.get(f"/participants/{pid}", headers=EN).get_data(as_text=True)
    assert "Consent given" in html
    for hidden in (
        "Consent history",
        "Nodyn cyfrinachol",
        "What they agreed to",
        "Record consent on their behalf",
        "Withdraw consent on their behalf",
    ):
        assert hidden not in html
    with app.app_context():
        assert len(_records(pid)) == 1 and db.session.get(Participant, pid).status == "active"


def test_with_no_published_form_the_page_says_so_and_links_admins(app, client, as_role):
    as_role("admin")
    pid = _setup(app, publish=False)
    html = client.get(f"/participants/{pid}/consent/record", headers=EN).get_data(as_text=True)
    assert "There is no published consent form" in html and 'href="/consent/forms"' in html
    response = client.post(f"/participants/{pid}/consent/record", data=_record_data())
    assert response.status_code == 200
    panel = client.get(f"/participants/{pid}", headers=EN).get_data(as_text=True)
    assert "There is no published consent form yet" in panel and 'href="/consent/forms"' in panel
    with app.app_context():
        assert _records(pid) == []


def test_record_and_withdraw_pages_render_in_welsh(app, client, as_role):
    as_role("researcher", preferred_language="cy")
    pid = _setup(app, preferred_language="en")
    for path in (
        f"/participants/{pid}/consent/record",
        f"/participants/{pid}/consent/withdraw",
        f"/participants/{pid}",
    ):
        html = client.get(path).get_data(as_text=True)
        assert '<html lang="cy"' in html, path
    html = client.get(f"/participants/{pid}/consent/record").get_data(as_text=True)
    assert '<div class="govuk-inset-text" lang="en">' in html  # their language, inside a Welsh page


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["yes", "no", "cy", "en", "paper", "phone", "verbal", "online", "1", "", " ", "x" * 600]),
    st.text(alphabet="âŵŷ<>'\";%\x00\r\n", max_size=20),
)
RECORD_FIELDS = list(_record_data())


def test_record_form_survives_any_input(app, client, as_role):
    as_role("researcher")
    pid = _setup(app)

    @FUZZ
    @given(
        st.fixed_dictionaries(
            {}, optional={name: st.one_of(text, st.lists(text, max_size=3)) for name in RECORD_FIELDS}
        )
    )
    def run(data):
        with app.app_context():
            before = db.session.scalar(select(func.count()).select_from(ConsentRecord))
        response = client.post(f"/participants/{pid}/consent/record", data=data)
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        with app.app_context():
            after = db.session.scalar(select(func.count()).select_from(ConsentRecord))
        assert after == before + (1 if response.status_code == 302 else 0)

    run()
