"""The audit trail in words, in the reader's language (WL-1): what each action code means, what kind of record each
target is, and who acted. The trail itself keeps codes (stable, searchable); only the page translates them.

tests/audit/test_labels.py fails when a record_event() call in app/ uses an action with no words here.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

ACTIONS: dict[str, Any] = {
    "auth.sign_in": _l("Signed in"),
    "auth.sign_out": _l("Signed out"),
    "auth.password_reset_requested": _l("Password reset link asked for"),
    "staff.created": _l("Staff account created"),
    "staff.activated": _l("Staff account reactivated"),
    "staff.deactivated": _l("Staff account deactivated"),
    "staff.role_changed": _l("Staff role changed"),
    "staff.details_changed": _l("Own details changed"),
    "staff.password_changed": _l("Own password changed"),
    "staff.password_set": _l("Password set without the old one"),
    "calendar_feed.created": _l("Calendar feed created"),
    "calendar_feed.reset": _l("Calendar feed address changed"),
    "project.created": _l("Project created"),
    "project.updated": _l("Project changed"),
    "phase.created": _l("Phase added"),
    "phase.updated": _l("Phase changed"),
    "participant.created": _l("Participant added"),
    "participant.updated": _l("Participant’s details changed"),
    "participant.status_changed": _l("Participant’s status changed"),
    "participant.links_revoked": _l("Participant’s links stopped"),
    "participants.exported": _l("Register exported"),
    "participants.import_uploaded": _l("Import uploaded"),
    "participants.imported": _l("Import added to the register"),
    "participants.import_discarded": _l("Import discarded"),
    "participation.recorded": _l("Earlier participation recorded"),
    "participation_limit.updated": _l("Participation limits changed"),
    "participation_limit.override_granted": _l("Participation limit override given"),
    "participation_limit.override_used": _l("Participation limit override used"),
    "segment.created": _l("Segment saved"),
    "segment.deleted": _l("Segment deleted"),
    "consent_form.created": _l("Consent form draft created"),
    "consent_form.updated": _l("Consent form draft changed"),
    "consent_form.published": _l("Consent form version published"),
    "consent.recorded": _l("Consent recorded"),
    "consent.withdrawn": _l("Consent withdrawn"),
    "consent.reconsent_requested": _l("Everyone asked to consent again"),
    "coverage.targets_updated": _l("Coverage targets changed"),
    "study.created": _l("Study created"),
    "study.updated": _l("Study changed"),
    "research_session.created": _l("Research session added"),
    "research_session.updated": _l("Research session changed"),
    "research_session.cancelled": _l("Research session cancelled"),
    "research_session.change_notified": _l("People told of a session change"),
    "invitation.sent": _l("Invitation sent"),
    "invitation.reminded": _l("Invitation reminder sent"),
    "invitation.reminders_sent": _l("Invitation reminders sent"),
    "booking.created": _l("Session booked"),
    "booking.assisted": _l("Session booked on someone’s behalf"),
    "booking.cancelled": _l("Booking cancelled"),
    "booking.rescheduled": _l("Booking moved"),
    "booking.reminded": _l("Session reminder sent"),
    "booking.attendance_marked": _l("Attendance recorded"),
    "waitlist.joined": _l("Joined a waiting list"),
    "waitlist.left": _l("Left a waiting list"),
    "waitlist.removed": _l("Taken off a waiting list"),
    "waitlist.offered": _l("Place offered from the waiting list"),
    "waitlist.offer_lapsed": _l("Offer of a place lapsed"),
    "waitlist.offer_withdrawn": _l("Offer of a place withdrawn"),
    "mail.retried": _l("Failed email sent again"),
    "portal.link_requested": _l("Link asked for"),
    "portal.participant_link_sent": _l("Participant’s own link sent"),
    "portal.consent_request_sent": _l("Request to consent sent"),
    "session_log.saved": _l("Session notes saved"),
    "consent.reconfirmed": _l("Consent re-confirmed at the start of a session"),
    "consent.reconfirmation_removed": _l("Consent re-confirmation taken off"),
    "observation.created": _l("Observation logged"),
    "observation.updated": _l("Observation changed"),
    "observation.deleted": _l("Observation deleted"),
    "observations.imported": _l("Observations imported"),
    "tag.created": _l("Tag created"),
    "tag.renamed": _l("Tag renamed"),
    "tag.merged": _l("Tags merged"),
    "finding.created": _l("Finding written"),
    "finding.updated": _l("Finding changed"),
    "finding.deleted": _l("Finding deleted"),
    "finding.evidence_linked": _l("Evidence added to a finding"),
    "finding.evidence_unlinked": _l("Evidence taken off a finding"),
    "finding.carried": _l("Finding carried into a later phase"),
    "finding.retested": _l("Finding retested"),
    "recommendation.created": _l("Recommendation added"),
    "recommendation.updated": _l("Recommendation changed"),
    "recommendation.deleted": _l("Recommendation deleted"),
}

RECORDS: dict[str, Any] = {
    "staff_user": _l("Staff member"),
    "staff_email": _l("Staff email address"),
    "project": _l("Project"),
    "study": _l("Study"),
    "research_session": _l("Research session"),
    "participant": _l("Participant"),
    "participant_email": _l("Participant email address"),
    "booking": _l("Booking"),
    "consent_form": _l("Consent form version"),
    "import_batch": _l("Import"),
    "segment": _l("Segment"),
    "setting": _l("Setting"),
    "outbox_message": _l("Email"),
    "coverage_target": _l("Coverage target"),
    "observation": _l("Observation"),
    "finding": _l("Finding"),
    "tag": _l("Tag"),
}

PARTICIPANT_PREFIX = "participant:"  # actor_label of an action a participant took from their own link
SYSTEM = "system"  # actor_label of what Profi did by itself (a job, a command)


def action(code: str) -> str:
    """The action in words; an unknown code as it is."""
    words = ACTIONS.get(code)
    return str(words) if words is not None else code


def record(target_type: str, target_id: str) -> str:
    """The record an event is about, e.g. "Study 4", "Participant P-0012"; an address's digest is not shown."""
    kind = RECORDS.get(target_type)
    if not target_type:
        return "–"
    if target_type.endswith("_email"):
        return str(kind)
    label = str(kind) if kind is not None else target_type
    return f"{label} {target_id}".strip()


def actor(label: str) -> str:
    """Who acted: a member of staff's address, a participant (their code), Profi itself, or someone not signed
    in (a failed sign-in, a link asked for)."""
    if label.startswith(PARTICIPANT_PREFIX):
        return _("Participant %(code)s, from their own link", code=label.removeprefix(PARTICIPANT_PREFIX))
    if label == SYSTEM:
        return _("Profi, automatically")
    return label or _("Someone not signed in")
