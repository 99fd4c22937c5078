"""Checking an invitation before it is sent (app/booking/invitation_checks.py; issue 9, item 12): the count and
who is skipped and why, every entry that matches nobody or several people listed, the email previewed in Welsh
and in English as it will be sent, and "Send invitations" sending to exactly the people checked."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from app.booking import invitation_checks
from app.booking.models import Invitation
from app.extensions import db
from app.mail.models import OutboxMessage
from app.mail.services import BILINGUAL
from app.participants.models import Participant
from app.studies.models import Study
from tests.booking import invitation_steps as steps
from tests.factories import (
    InvitationFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    SegmentFactory,
    StaffUserFactory,
    StudyFactory,
)


def _study(app, **fields) -> int:
    with app.app_context():
        owner = StaffUserFactory(name="Anna Jones")
        study = StudyFactory(
            title_cy="Astudiaeth alffa", title_en="Alpha study", created_by_id=owner.id, **fields
        )
        ResearchSessionFactory(study=study, days_ahead=5, capacity=3)
        db.session.commit()
        return study.id


def _person(app, **fields) -> Participant:
    with app.app_context():
        person = ParticipantFactory(**fields)
        db.session.commit()
        db.session.refresh(person)
        db.session.expunge(person)
        return person


def _sent(app) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(OutboxMessage.participant_id)
                .where(OutboxMessage.kind == "booking_invitation")
                .order_by(OutboxMessage.participant_id)
            )
        )


def _section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</", page.index(">", start) + 1) + 2000]


def test_parse_entries_takes_lines_commas_and_runs_of_codes_without_repeats():
    text = "P-0012 p-0040\nLlŷr  Evans, anna@example.org;\n\n p-0012 ,llŷr evans"
    assert invitation_checks.parse_entries(text) == ["P-0012", "P-0040", "Llŷr Evans", "anna@example.org"]
    assert invitation_checks.parse_entries(" , \n ; ") == []


def test_the_check_page_counts_who_will_get_it_by_language_and_sends_nothing(app, client, as_role):
    study = _study(app)
    people = [_person(app, preferred_language=lang) for lang in ("cy", "en", "en", "unknown")]
    as_role("researcher")
    page = steps.check(client, study, [p.code for p in people])
    assert "4 people will get this invitation" in page
    languages = re.sub(r"<[^>]+>", " ", _section(page, "languages"))
    assert re.search(r"In Welsh\s+1\b", languages) and re.search(r"In English\s+2\b", languages)
    assert re.search(r"In Welsh and English \(their language is not known\)\s+1\b", languages)
    assert all(p.code in _section(page, "recipients") for p in people)
    assert _sent(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_codes_addresses_and_names_that_match_nobody_are_listed_never_dropped(app, client, as_role):
    study = _study(app)
    known = _person(app, full_name="Gwenllian Morgan")
    as_role("researcher")
    page = steps.check(client, study, ["P-9999", "nobody@example.org", "Neb Ohonom", "Gwenllian Morgan"])
    unmatched = page[page.index('id="unmatched"') : page.index("</ul>", page.index('id="unmatched"'))]
    assert all(entry in unmatched for entry in ("P-9999", "nobody@example.org", "Neb Ohonom"))
    assert "3 entries match nobody" in page and "1 person will get this invitation" in page
    assert "Gwenllian Morgan" in _section(page, "matched") and known.code in _section(page, "matched")


def test_a_name_that_matches_several_people_is_listed_with_their_codes_and_nobody_is_guessed(
    app, client, as_role
):
    study = _study(app)
    first, second = _person(app, full_name="Rhys Owen"), _person(app, full_name="Rhys Owens")
    as_role("researcher")
    page = steps.check(client, study, ["Rhys Owe"])
    ambiguous = _section(page, "ambiguous")
    assert "Rhys Owe" in ambiguous and first.code in ambiguous and second.code in ambiguous
    assert "1 name matches more than one person" in page and "Nobody will get this invitation" in page
    assert 'name="checked"' not in page  # nothing to send


def test_people_already_invited_or_who_may_not_be_asked_are_skipped_with_the_reason(app, client, as_role):
    study = _study(app)
    invited, opted = _person(app), _person(app, status="opted_out")
    with app.app_context():
        InvitationFactory(
            study=db.session.get(Study, study), participant=db.session.get(Participant, invited.id)
        )
        db.session.commit()
    as_role("researcher")
    skipped = _section(steps.check(client, study, [invited.code, opted.code]), "skipped")
    assert (
        "Already invited to this study." in skipped and "They have opted out of the testing team." in skipped
    )


def test_the_preview_is_the_email_as_sent_in_each_language_with_only_the_name_and_links_as_examples(
    app, client, as_role
):
    study = _study(app)
    welsh, english = _person(app, preferred_language="cy"), _person(app, preferred_language="en")
    as_role("researcher")
    page = steps.check(client, study, [welsh.code, english.code])
    with app.app_context():
        shown = invitation_checks.previews(db.session.get(Study, study))
    assert [p.language for p in shown] == ["cy", "en"]
    assert "[enw’r cyfranogwr]" in shown[0].body and "[the participant’s name]" in shown[1].body
    for preview in shown:
        assert preview.body.strip() in html.unescape(page)  # the page shows exactly this
    steps.send(client, study, page)
    with app.app_context():
        by_person = {
            m.participant_id: m for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        }
        for preview, person in zip(shown, (welsh, english), strict=True):
            sent = by_person[person.id]
            example = {
                "cy": (
                    "[enw’r cyfranogwr]",
                    "[dolen archebu bersonol y cyfranogwr]",
                    "[dolen bersonol y cyfranogwr i dynnu cydsyniad yn ôl]",
                ),
                "en": (
                    "[the participant’s name]",
                    "[their own booking link]",
                    "[their own link to withdraw consent]",
                ),
            }[preview.language]
            body = sent.body_text
            booking = re.search(r"http://profi\.test/p/\S+/studies/\d+", body).group(0)
            withdraw = re.search(r"http://profi\.test/p/\S+/withdraw", body).group(0)
            expected = (
                preview.body.replace(example[0], person.full_name)
                .replace(example[1], booking)
                .replace(example[2], withdraw)
            )
            assert body == expected and sent.subject == preview.subject
            assert sent.language == preview.language and sent.language != BILINGUAL


def test_send_invites_exactly_the_people_checked_even_when_the_segment_has_grown(app, client, as_role):
    study = _study(app)
    first = _person(app, region="north")
    with app.app_context():
        segment = SegmentFactory(name="Gogledd", filters={"region": ["north"]})
        db.session.commit()
        segment_id = segment.id
    as_role("researcher")
    page = steps.check(client, study, segment=segment_id)
    assert "1 person will get this invitation" in page
    _person(app, region="north")  # joins the segment after the check
    after = steps.send(client, study, page)
    assert _sent(app) == [first.id]
    assert "1 person invited" in after and first.code in after


def test_changes_between_check_and_send_are_reported_not_sent(app, client, as_role):
    study = _study(app)
    stays, pauses, invited_meanwhile = _person(app), _person(app), _person(app)
    as_role("researcher")
    page = steps.check(client, study, [stays.code, pauses.code, invited_meanwhile.code])
    assert "3 people will get this invitation" in page
    with app.app_context():
        db.session.get(Participant, pauses.id).status = "paused"
        InvitationFactory(
            study=db.session.get(Study, study), participant=db.session.get(Participant, invited_meanwhile.id)
        )
        db.session.commit()
    after = steps.send(client, study, page)
    assert _sent(app) == [stays.id]
    changed = after[after.index("Changed since you checked") :]
    assert pauses.code in changed and "paused" in changed
    assert invited_meanwhile.code in changed and "Already invited to this study." in changed
    assert steps.send(client, study, page).count("0 people invited") == 1  # a second press sends nothing
    assert _sent(app) == [stays.id]


@pytest.mark.parametrize("tamper", ["altered", "other_study", "other_researcher", "empty"])
def test_a_send_that_is_not_for_this_check_sends_nothing(app, client, as_role, tamper):
    study, other_study = _study(app), _study(app)
    person = _person(app)
    as_role("researcher")
    page = steps.check(client, study if tamper != "other_study" else other_study, [person.code])
    token = steps.checked_token(page)
    if tamper == "altered":
        token = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    elif tamper == "empty":
        token = ""
    elif tamper == "other_researcher":
        client.post("/sign-out")
        as_role("researcher")
    response = client.post(f"/studies/{study}/invitations/send", data={"checked": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/studies/{study}/invitations"
    )
    assert _sent(app) == []


def test_viewers_can_neither_check_nor_send(app, client, as_role):
    study = _study(app)
    person = _person(app)
    as_role("viewer")
    assert client.post(f"/studies/{study}/invitations", data={"codes": person.code}).status_code == 403
    assert client.post(f"/studies/{study}/invitations/send", data={"checked": "x"}).status_code == 403
    assert _sent(app) == []


def test_the_check_page_in_welsh_is_in_welsh(app, client, as_role):
    study = _study(app)
    people = [
        _person(app, preferred_language="en"),
        _person(app, full_name="Dau Enw"),
        _person(app, full_name="Dau Enwau"),
    ]
    as_role("researcher", preferred_language="cy")
    page = steps.check(client, study, [people[0].code, "P-9999", "Dau Enw"], language="cy")
    for welsh in (
        "Gwirio cyn anfon",
        "Bydd 2 berson yn cael y gwahoddiad hwn",  # "Dau Enw" names one person exactly
        "Nid yw 1 cofnod yn cyfateb i neb",
        "Yr e-bost fel y caiff ei anfon",
        "Anfon gwahoddiadau",
    ):
        assert welsh in page, welsh
    english_part = page[page.index('id="preview-en"') :]
    assert 'lang="en"' in english_part  # the English preview is marked as English (WCAG 3.1.2)
    welsh_part = page[: page.index('id="preview-en"')]
    for english in (
        "Check before you send",
        "will get this invitation",
        "match nobody",
        "The email as it will be sent",
    ):
        assert english not in welsh_part, english
