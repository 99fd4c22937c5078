"""Invitations (app/booking/invitations.py), sent from the study's invitations page: who is skipped and why,
overrides, a segment, the email's language (WL-2, WL-4), the link it carries, reminders, audit."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.booking import invitation_reminders, invitations
from app.booking.models import Invitation
from app.extensions import db
from app.mail.models import OutboxMessage
from app.mail.services import SEPARATOR
from app.participants.models import Participant
from app.studies.models import ResearchSession
from tests.booking import invitation_steps as steps
from tests.factories import (
    BookingFactory,
    ConsentRecordFactory,
    ParticipantFactory,
    ParticipationFactory,
    ParticipationLimitFactory,
    ResearchSessionFactory,
    SegmentFactory,
    StudyFactory,
)

WL4_EN = "We welcome correspondence in Welsh, and writing in Welsh will not lead to any delay."
WL4_CY = "Rydym yn croesawu gohebiaeth yn Gymraeg, ac ni fydd gohebu yn Gymraeg yn arwain at unrhyw oedi."


def _study(app) -> int:
    with app.app_context():
        study = StudyFactory(title_cy="Astudiaeth alffa", title_en="Alpha study")
        ResearchSessionFactory(study=study, days_ahead=5, capacity=3)
        db.session.commit()
        return study.id


def _people(app, **named) -> dict[str, str]:
    """name -> code, each made with the given fields; "over" is someone over the participation limit."""
    codes = {}
    with app.app_context():
        ParticipationLimitFactory(max_sessions=1, period_days=365, cooldown_days=0, warn_when_remaining=0)
        for name, fields in named.items():
            person = ParticipantFactory(organisation=f"Org {name}", **fields)
            if name == "over":
                ParticipationFactory(participant=person, days_ago=10, description="An interview")
            codes[name] = person.code
        db.session.commit()
    return codes


def _messages(app, kind="booking_invitation") -> list[OutboxMessage]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
            )
        )


def _invite(client, study: int, codes) -> str:
    """Check, then send; the check page (which lists everyone skipped and why)."""
    page = steps.check(client, study, codes)
    if 'name="checked"' in page:
        steps.send(client, study, page)
    return page


def test_invitations_skip_people_who_may_not_be_asked_and_say_why(app, client, as_role):
    study = _study(app)
    codes = _people(
        app,
        ok={},
        opted={"status": "opted_out"},
        gone={"status": "withdrawn"},
        paused={"status": "paused"},
        over={},
    )
    as_role("researcher")
    html = _invite(client, study, [*codes.values(), "P-9999"])
    skipped = html[html.index('id="skipped"') :]
    assert "They have opted out of the testing team." in skipped
    assert "They have withdrawn their consent." in skipped
    assert "Their membership of the testing team is paused." in skipped
    assert "the most allowed" in skipped
    assert "P-9999" in html[html.index('id="unmatched"') :].split("</ul>")[0]
    assert [m.participant_id for m in _messages(app)] == [_id(app, codes["ok"])]
    assert skipped.count('name="reason"') == 1  # only the limit can be overridden
    with app.app_context():
        [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == invitations.INVITED))
        assert event.target_id == str(study) and event.details["participant"] == codes["ok"]


def _id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Participant.id).where(Participant.code == code))


def test_an_override_with_a_reason_lets_one_person_through_and_is_audited(app, client, as_role):
    study = _study(app)
    codes = _people(app, over={}, opted={"status": "opted_out"})
    as_role("researcher")
    _invite(client, study, [codes["over"]])
    assert _messages(app) == []
    assert (
        client.post(
            f"/studies/{study}/invitations/override", data={"code": codes["over"], "reason": ""}
        ).status_code
        == 302
    )
    assert _messages(app) == []  # no reason, no override
    client.post(
        f"/studies/{study}/invitations/override", data={"code": codes["over"], "reason": "Only expert"}
    )
    client.post(f"/studies/{study}/invitations/override", data={"code": codes["opted"], "reason": "Please"})
    assert [m.participant_id for m in _messages(app)] == [_id(app, codes["over"])]
    with app.app_context():
        granted = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "participation_limit.override_granted")
        ).all()
        assert [e.details["reason"] for e in granted] == ["Only expert"]


def test_a_segment_invites_everyone_in_it_once(app, client, as_role):
    study = _study(app)
    codes = _people(app, a={"region": "south_west"}, b={"region": "south_west"}, c={"region": "north"})
    with app.app_context():
        segment = SegmentFactory(name="De orllewin", filters={"region": ["south_west"]})
        db.session.commit()
        segment_id = segment.id
    as_role("researcher")
    steps.invite(client, study, [codes["a"]], segment=segment_id)
    assert sorted(m.participant_id for m in _messages(app)) == sorted(_id(app, codes[n]) for n in "ab")
    html = _invite(client, study, [codes["a"]])
    assert "Already invited to this study." in html and len(_messages(app)) == 2


def test_the_invitation_is_in_the_participants_language_with_the_welsh_welcome(app, client, as_role):
    study = _study(app)
    codes = _people(
        app,
        cy={"preferred_language": "cy"},
        en={"preferred_language": "en"},
        unknown={"preferred_language": "unknown"},
    )
    as_role("researcher")
    _invite(client, study, codes.values())
    by_person = {m.participant_id: m for m in _messages(app)}
    welsh, english, both = (by_person[_id(app, codes[n])] for n in ("cy", "en", "unknown"))
    assert welsh.language == "cy" and WL4_CY in welsh.body_text and WL4_EN not in welsh.body_text
    assert "Astudiaeth alffa" in welsh.body_text and "Alpha study" not in welsh.body_text
    assert english.language == "en" and WL4_EN in english.body_text and "Alpha study" in english.body_text
    assert "take part in Welsh" in english.body_text
    assert both.language == "cy+en" and SEPARATOR in both.body_text
    assert both.body_text.index(WL4_CY) < both.body_text.index(WL4_EN)  # Welsh first (WL-2)
    assert both.body_text.index("Astudiaeth alffa") < both.body_text.index("Alpha study")


def test_the_invitation_link_opens_that_participants_booking_page_for_the_study(app, client, as_role):
    study = _study(app)
    codes = _people(app, en={"preferred_language": "en"})
    as_role("researcher")
    _invite(client, study, codes.values())
    [message] = _messages(app)
    url = re.search(rf"http://profi.test(/p/[^\s]+/studies/{study})\b", message.body_text).group(1)
    client.get("/sign-out")
    page = app.test_client().get(url, headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Alpha study" in page.get_data(as_text=True)


def test_remind_sends_again_only_to_people_who_have_not_answered(app, client, as_role):
    study = _study(app)
    codes = _people(app, quiet={}, booked={}, opted={})
    as_role("researcher")
    _invite(client, study, codes.values())
    with app.app_context():
        for invitation in db.session.scalars(select(Invitation)):
            invitation.created_at -= timedelta(days=8)  # a reminder waits PROFI_INVITATION_REMINDER_DAYS
        answered = db.session.get(Participant, _id(app, codes["booked"]))
        ConsentRecordFactory(participant=answered, language="en")
        [session] = [s for s in db.session.scalars(select(ResearchSession)) if s.study_id == study]
        BookingFactory(participant=answered, research_session=session)
        db.session.get(Participant, _id(app, codes["opted"])).status = "opted_out"
        db.session.commit()
    assert client.post(f"/studies/{study}/invitations/remind").status_code == 302
    assert [m.participant_id for m in _messages(app, "booking_reminder")] == [_id(app, codes["quiet"])]
    with app.app_context():
        actions = [
            e.action
            for e in db.session.scalars(
                select(AuditEvent).where(
                    AuditEvent.action.in_((invitation_reminders.REMINDED, "invitation.reminders_sent"))
                )
            )
        ]
        assert sorted(actions) == ["invitation.reminded", "invitation.reminders_sent"]
