"""DP-2, DP-3 (app/participants/visibility.py): a viewer (delivery team) never sees contact details or adjustments
— on any page or export."""

from __future__ import annotations

from app.common.access import Access, access_for_endpoint
from app.extensions import db
from tests.factories import (
    ConsentFormFactory,
    FindingFactory,
    ObservationFactory,
    ParticipantFactory,
    PhaseFactory,
    ProjectFactory,
    RecommendationFactory,
    ResearchSessionFactory,
    SegmentFactory,
    StudyFactory,
)

SECRETS = {
    "email": "hidden.person@secret.example",
    "phone": "07700 900461",
    "adjustments": "Needs-a-quiet-room-xyz",
    "full_name": "Ffion Gudd",
    "notes": "private-note-abc",
}


def _pages_a_viewer_can_reach(app, values):
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            if access_for_endpoint(rule.endpoint) not in (Access.STAFF, Access.PUBLIC):
                continue
            yield rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]


def test_no_page_or_export_a_viewer_can_reach_shows_contact_details_or_adjustments(app, client, as_role):
    as_role("viewer")
    with app.app_context():
        person = ParticipantFactory(**SECRETS)
        ParticipantFactory(adjustments="Captions-for-everyone-qrs")
        ConsentFormFactory()
        phase = PhaseFactory(project=ProjectFactory(slug="privacy"))
        research_session = ResearchSessionFactory(study=StudyFactory(phase=phase))
        segment = SegmentFactory(name="Everyone")
        # Their words cited by a finding: its page shows their code and words, never who they are.
        said = ObservationFactory(research_session=research_session, participant=person)
        finding = FindingFactory(phase=phase, evidence=[said])
        recommendation = RecommendationFactory(finding=finding)
        db.session.commit()
        values = {
            "participant_id": person.id,
            "slug": "privacy",
            "phase_id": phase.id,
            "segment_id": segment.id,
            "code": "en",
            "token": "not-a-link",
            "user_id": 1,
            "form_id": 1,
            "batch_id": 1,
            "message_id": 1,
            "study_id": research_session.study_id,
            "session_id": research_session.id,
            "finding_id": finding.id,
            "observation_id": said.id,
            "recommendation_id": recommendation.id,
        }
    urls = list(_pages_a_viewer_can_reach(app, values))
    urls += [
        "/participants?q=secret",
        "/participants/export.csv",
        f"/participants/export.csv?segment={segment.id}",
        "/coverage?has_adjustments=yes",
        "/participants?has_adjustments=yes",
    ]
    assert "/participants/export.csv" in urls and f"/participants/{person.id}" in urls
    assert f"/projects/privacy/findings/{values['finding_id']}" in urls
    checked = 0
    for url in urls:
        response = client.get(url, headers={"Accept-Language": "en"})
        body = response.get_data(as_text=True)
        for field, secret in SECRETS.items():
            assert secret not in body, f"{url} shows the {field} to a viewer"
        assert "Captions-for-everyone-qrs" not in body, url
        checked += 1
    assert checked > 10
    assert client.get(f"/participants/{person.id}").status_code == 200  # they do see the coded record
