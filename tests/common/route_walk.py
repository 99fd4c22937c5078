"""Walking every route: the routes and methods, a real value for every part of a path, and a client signed in
as each role. The access walk (test_access.py) and the fuzzed parameters (test_fuzzed_parameters.py) share it."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from app.booking import bookings
from app.extensions import db
from app.findings.models import ObservationUpload
from app.participants import links
from app.portal.views import PURPOSE_ATTRIBUTE
from app.studies import calendar
from tests.conftest import PASSWORD
from tests.factories import (
    CalendarFeedFactory,
    ConsentFormFactory,
    FindingFactory,
    ImportBatchFactory,
    InvitationFactory,
    ObservationFactory,
    OutboxMessageFactory,
    ParticipantFactory,
    PhaseFactory,
    ProjectFactory,
    RecommendationFactory,
    ResearchSessionFactory,
    SegmentFactory,
    StaffUserFactory,
    StudyFactory,
    TagFactory,
)

ROLES = ["anonymous", "viewer", "researcher", "admin"]


def routes(app: Flask) -> Iterator[tuple[Rule, str]]:
    """Every rule but the static files', with each of GET and POST it answers."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            yield rule, method


def url_values(app: Flask) -> dict[str, int | str]:
    """A committed row for every part of a path (one of each), by the part's name in the rules.

    `upload_id` is a spreadsheet of observations for `study_id` whose uploader is unknown (admins open it).
    `token` is a participant's PAGE link and `booking_token` their BOOKING link for `study_id`, where they are
    invited and hold `booking_id` in `session_id`; `feed_token` opens a researcher's calendar feed; `finding_id`
    is a finding of `phase_id` citing `observation_id`, with `recommendation_id`."""
    with app.app_context():
        phase = PhaseFactory(project=ProjectFactory(slug="walk"))
        other = StaffUserFactory(role="viewer", email="walked@example.org")
        participant = ParticipantFactory(consented=True, preferred_language="en")
        segment = SegmentFactory(name="Walked segment")
        form = ConsentFormFactory(blank=True, title_cy="Ffurflen", title_en="Form")
        batch = ImportBatchFactory(filename="walk.csv", content="full_name,email\n")
        study = StudyFactory(phase=phase)
        research_session = ResearchSessionFactory(study=study, days_ahead=10, capacity=3)
        InvitationFactory(study=study, participant=participant)
        booking = bookings.book_session(participant, research_session)
        observation = ObservationFactory(booking=booking)  # the session log's observation pages
        observation.tags = [TagFactory(project=phase.project, name="Walked theme")]
        upload = ObservationUpload(study_id=study.id, filename="walk.csv", content="Code,Text\nP-0001,Da\n")
        db.session.add(upload)
        message = OutboxMessageFactory()
        RecommendationFactory(
            finding=FindingFactory(phase=phase)
        )  # the project dashboard has figures to draw
        feed = CalendarFeedFactory(staff_user=StaffUserFactory(role="researcher"))
        finding = FindingFactory(phase=phase, evidence=[observation])
        recommendation = RecommendationFactory(finding=finding)
        db.session.commit()
        return {
            "slug": "walk",
            "phase_id": phase.id,
            "user_id": other.id,
            "code": "en",
            "participant_id": participant.id,
            "segment_id": segment.id,
            "form_id": form.id,
            "batch_id": batch.id,
            "token": links.current_token(participant),
            "booking_token": links.current_token(participant, links.BOOKING),
            "feed_token": calendar.feed_token(feed),
            "message_id": message.id,
            "study_id": study.id,
            "session_id": research_session.id,
            "booking_id": booking.id,
            "observation_id": observation.id,
            "upload_id": upload.id,
            "finding_id": finding.id,
            "recommendation_id": recommendation.id,
        }


def real_values_for(app: Flask, rule: Rule, values: dict[str, int | str]) -> dict[str, int | str]:
    """The values of url_values() this rule's parts need: a participant link of the purpose its view opens
    with, the feed token for the calendar feed."""
    chosen = {name: values[name] for name in rule.arguments}
    if "token" in rule.arguments:
        if rule.endpoint == "studies.feed":
            chosen["token"] = values["feed_token"]
        elif getattr(app.view_functions[rule.endpoint], PURPOSE_ATTRIBUTE, None) == links.BOOKING:
            chosen["token"] = values["booking_token"]
    return chosen


def signed_in_client(app: Flask, role: str) -> FlaskClient:
    """A test client signed in as a new member of staff with `role`, or signed out for "anonymous"."""
    client = app.test_client()
    if role != "anonymous":
        with app.app_context():
            user = StaffUserFactory(role=role)
            db.session.commit()
        assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client
