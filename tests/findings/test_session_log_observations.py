"""Observations on the session log (issue 10, item 1): typed one after another with the keyboard, only for people
booked on the session, warned about before a name or contact detail is saved (DP-2), changed and deleted from
the list — deleting one that is evidence asks first, saying for how many findings, and every n of m follows."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.extensions import db
from app.findings import evidence
from app.findings.models import Finding, Observation
from tests.factories import FindingFactory, ObservationFactory
from tests.findings.session_log_setup import make_logged_session


@pytest.fixture
def logged(app):
    return make_logged_session(app)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Observation)) or 0


def _observation(logged, **change) -> dict:
    return {
        "participant": logged.codes[0],
        "kind": "pain_point",
        "text": "Ni allwn ddod o hyd i’r botwm",
        "language": "cy",
        "time_marker": "00:14:30",
        "tags": "Llywio, Botymau",
    } | change


def test_save_and_add_another_keeps_who_kind_and_language_and_returns_to_the_text(
    app, client, as_role, logged
):
    as_role("researcher")
    response = client.post(
        logged.url + "/observations", data=_observation(logged, participant=logged.codes[1])
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "#" not in location and f"participant={logged.codes[1]}" in location
    page = client.get(location).get_data(as_text=True)
    form = page.split('id="observation-form"', 1)[1].split("</form>", 1)[0]
    assert re.search(rf'<option value="{logged.codes[1]}" selected', form)
    assert re.search(r'<option value="pain_point" selected', form)
    assert re.search(r'value="cy" checked', form)
    text_area = re.search(r"<textarea[^>]*>", form).group(0)
    assert 'name="text"' in text_area and "autofocus" in text_area
    assert re.search(r"<textarea[^>]*>\s*</textarea>", form), "the text field is empty for the next one"
    assert "The observation has been saved. Type the next one." in page
    with app.app_context():
        saved = db.session.scalars(select(Observation)).one()
        assert (saved.participant.code, saved.kind, saved.language, saved.time_marker) == (
            logged.codes[1],
            "pain_point",
            "cy",
            870,
        )
        assert sorted(tag.name for tag in saved.tags) == ["Botymau", "Llywio"]
    assert "Ni allwn ddod o hyd i’r botwm" in page.split('id="observations"', 1)[1]


def test_a_first_visit_offers_the_sessions_language_and_no_autofocus(client, as_role, logged):
    as_role("researcher")
    page = client.get(logged.url).get_data(as_text=True)
    assert "autofocus" not in page
    assert re.search(r'value="cy" checked', page)  # the session is in Welsh


def test_each_save_is_audited(client, as_role, logged, audit_events):
    as_role("researcher")
    for text in ("Un", "Dau", "Tri"):
        client.post(logged.url + "/observations", data=_observation(logged, text=text))
    assert len(audit_events("observation.created")) == 3


def test_only_people_booked_on_the_session_are_offered_and_accepted(app, client, as_role, logged):
    as_role("researcher")
    page = client.get(logged.url).get_data(as_text=True)
    options = re.findall(r'<option value="(P-[^"]+)"', page)
    assert options == logged.codes
    for code in (logged.no_show.participant.code, logged.cancelled.participant.code, "P-9999", ""):
        response = client.post(logged.url + "/observations", data=_observation(logged, participant=code))
        assert response.status_code == 400
        assert "Choose someone booked on this session" in response.get_data(as_text=True)
    assert _count(app) == 0


@pytest.mark.parametrize(
    "change, message",
    [
        ({"text": "   "}, "Enter what was said or done"),
        ({"kind": "rumour"}, "Choose what kind of observation this is"),
        ({"language": "fr"}, "Choose the language it was said in"),
        ({"time_marker": "14.30"}, "Enter the time as hours, minutes and seconds, like 00:14:30"),
        ({"time_marker": "00:61:00"}, "Enter the time as hours, minutes and seconds, like 00:14:30"),
        ({"text": "x" * 4001}, "Enter 4000 characters or fewer"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(app, client, as_role, logged, change, message):
    as_role("researcher")
    response = client.post(logged.url + "/observations", data=_observation(logged, **change))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and message in page
    assert _count(app) == 0


def test_bad_input_is_explained_in_welsh(app, client, as_role, logged):
    as_role("researcher", preferred_language="cy")
    page = client.post(logged.url + "/observations", data=_observation(logged, text="")).get_data(
        as_text=True
    )
    with app.test_request_context(), force_locale("cy"):
        assert gettext("Enter what was said or done") != "Enter what was said or done"
        assert gettext("Enter what was said or done") in page and gettext("There is a problem") in page


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Dywedodd Siân fod y ffurflen yn hir", "the name of"),
        ("Anfonwch at SIAN@example.org", "the email address of"),
        ("Rhif: 02920 180000", "the phone number of"),
        ("Yn Hywel Dda mae’r broses yn wahanol", "the organisation of"),
    ],
)
def test_personal_data_in_an_observation_warns_first_and_saves_only_when_confirmed(
    app, client, as_role, logged, text, kind
):
    as_role("researcher")
    code = logged.codes[1]  # Siân Evans, Hywel Dda
    warned = client.post(logged.url + "/observations", data=_observation(logged, text=text))
    page = warned.get_data(as_text=True)
    assert warned.status_code == 400
    assert "Check for personal details before saving" in page and f"{kind} {code}" in page
    assert _count(app) == 0
    key = re.search(r'<input[^>]*name="warned"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', key).group(1)
    assert code in value
    saved = client.post(
        logged.url + "/observations", data=_observation(logged, text=text, anyway="y", warned=value)
    )
    assert saved.status_code == 302 and _count(app) == 1


def test_an_observation_edited_clean_after_the_warning_saves_without_confirming(app, client, as_role, logged):
    as_role("researcher")
    assert (
        client.post(logged.url + "/observations", data=_observation(logged, text="Aled was lost")).status_code
        == 400
    )
    assert (
        client.post(logged.url + "/observations", data=_observation(logged, text="P was lost")).status_code
        == 302
    )
    assert _count(app) == 1


def test_tags_are_checked_for_personal_data_too(app, client, as_role, logged):
    as_role("researcher")
    response = client.post(logged.url + "/observations", data=_observation(logged, tags="Trafnidiaeth Cymru"))
    assert response.status_code == 400 and _count(app) == 0


def test_the_projects_tags_are_named_as_a_hint(app, client, as_role, logged):
    from tests.factories import TagFactory

    as_role("researcher")
    with app.app_context():
        TagFactory(project_id=logged.session.study.phase.project_id, name="Llywio")
        db.session.commit()
    page = client.get(logged.url).get_data(as_text=True)
    assert "The project’s tags: Llywio" in page


def test_an_observation_is_changed_from_the_list_and_audited(app, client, as_role, logged, audit_events):
    as_role("researcher")
    with app.app_context():
        observation = ObservationFactory(booking=logged.booked[0], text="Hen destun")
        db.session.commit()
    edit = f"{logged.url}/observations/{observation.id}/edit"
    assert f'href="{edit}"' in client.get(logged.url).get_data(as_text=True)
    form = client.get(edit).get_data(as_text=True)
    assert "Hen destun" in form and "Save changes" in form
    response = client.post(edit, data=_observation(logged, participant=logged.codes[2], text="Testun newydd"))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"#observation-{observation.id}"
    )
    with app.app_context():
        changed = db.session.get(Observation, observation.id)
        assert changed.text == "Testun newydd" and changed.participant.code == logged.codes[2]
    assert len(audit_events("observation.updated")) == 1


def test_a_change_with_personal_data_warns_and_keeps_the_old_text(app, client, as_role, logged):
    as_role("researcher")
    with app.app_context():
        observation = ObservationFactory(booking=logged.booked[0], text="Hen destun")
        db.session.commit()
    edit = f"{logged.url}/observations/{observation.id}/edit"
    response = client.post(edit, data=_observation(logged, text="Llŷr said so"))
    assert response.status_code == 400 and "Check for personal details" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Observation, observation.id).text == "Hen destun"


def test_an_observation_of_another_session_is_not_found_here(app, client, as_role, logged):
    as_role("researcher")
    with app.app_context():
        elsewhere = ObservationFactory()
        db.session.commit()
    for action in ("edit", "delete"):
        assert client.get(f"{logged.url}/observations/{elsewhere.id}/{action}").status_code == 404
        assert client.post(f"{logged.url}/observations/{elsewhere.id}/{action}").status_code == 404
    assert _count(app) == 1


def test_deleting_evidence_asks_first_with_the_count_and_every_n_of_m_follows(app, client, as_role, logged):
    as_role("researcher")
    with app.app_context():
        cited = ObservationFactory(booking=logged.booked[0])
        other = ObservationFactory(booking=logged.booked[1])
        findings = [FindingFactory(study=logged.session.study, evidence=[cited, other]) for _ in range(2)]
        db.session.commit()
        before = {key: value.n for key, value in evidence.n_of_m(findings).items()}
    delete = f"{logged.url}/observations/{cited.id}/delete"
    question = client.get(delete)
    page = question.get_data(as_text=True)
    assert question.status_code == 200 and "This observation is evidence for 2 findings." in page
    assert _count(app) == 2  # asking deletes nothing
    response = client.post(delete, data={"delete": "y"})
    assert response.status_code == 302
    assert "It was evidence for 2 findings" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Observation, cited.id) is None
        again = db.session.scalars(select(Finding).where(Finding.id.in_([f.id for f in findings]))).all()
        after = {key: value.n for key, value in evidence.n_of_m(again).items()}
    assert before == dict.fromkeys(before, 2) and after == dict.fromkeys(before, 1)


def test_deleting_an_observation_no_finding_uses_still_asks_and_is_audited(
    app, client, as_role, logged, audit_events
):
    as_role("researcher")
    with app.app_context():
        observation = ObservationFactory(booking=logged.booked[0])
        db.session.commit()
    delete = f"{logged.url}/observations/{observation.id}/delete"
    assert "No finding uses this observation as evidence." in client.get(delete).get_data(as_text=True)
    client.post(delete, data={"delete": "y"})
    assert _count(app) == 0 and len(audit_events("observation.deleted")) == 1


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
anything = st.one_of(
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=60),
    st.sampled_from(["", " ", "P-0001", "00:14:30", "99:99:99", "quote", "cy", "y", "9" * 5000, "<b>x</b>"]),
)
form_data = st.dictionaries(
    st.sampled_from(
        [
            "participant",
            "kind",
            "text",
            "language",
            "time_marker",
            "tags",
            "anyway",
            "warned",
            "notes",
            "notes_anyway",
            "notes_warned",
            "reconfirmed",
            "delete",
        ]
    ),
    anything,
    max_size=10,
)


def test_fuzzed_forms_never_answer_a_server_error(app, client, as_role, logged):
    as_role("researcher")
    with app.app_context():
        observation = ObservationFactory(booking=logged.booked[0])
        db.session.commit()
    one = f"{logged.url}/observations/{observation.id}"
    targets = [
        logged.url + "/observations",
        logged.url + "/notes",
        logged.url + "/reconfirmed",
        one + "/edit",
    ]

    @FUZZ
    @given(form_data)
    def post_everywhere(data):
        for url in targets:
            assert client.post(url, data=data).status_code < 500, (url, data)

    post_everywhere()
    assert client.get(logged.url).status_code == 200
