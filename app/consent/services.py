"""Consent forms and records. Records are append-only; services flush, the request commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, select, true
from sqlalchemy.orm import aliased

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.common.sql import built_once
from app.consent.models import ConsentForm, ConsentRecord, FormStatus, Method, Purpose, RecordKind, Section
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.participants.correspondence import send_own_link
from app.participants.locks import lock_participant
from app.participants.models import Participant, ParticipantStatus
from app.participants.signals import participant_left
from app.participants.status import BY_PARTICIPANT

# Bilingual texts by key: {section or purpose: {"cy": …, "en": …}}.
Texts = dict[str, dict[str, str]]


class ConsentError(Exception):
    pass


class FormPublished(ConsentError):
    """A published version is immutable."""


class FormIncomplete(ConsentError):
    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


class NoPublishedForm(ConsentError):
    pass


class AnswersIncomplete(ConsentError):
    """Every purpose needs its own yes or no; nothing is assumed."""


class NotConsented(ConsentError):
    pass


# Forms ---------------------------------------------------------------------------------------------------------


def list_forms() -> list[ConsentForm]:
    return list(db.session.scalars(select(ConsentForm).order_by(ConsentForm.version.desc())))


def get_form(form_id: int) -> ConsentForm | None:
    return db.session.get(ConsentForm, form_id)


def current_form() -> ConsentForm | None:
    """The newest published version: the one participants consent to now."""
    return db.session.scalar(
        select(ConsentForm)
        .where(ConsentForm.status == FormStatus.PUBLISHED)
        .order_by(ConsentForm.version.desc())
        .limit(1)
    )


def create_draft(
    *, title_cy: str, title_en: str, sections: Texts, purposes: Texts, based_on: ConsentForm | None = None
) -> ConsentForm:
    next_version = (db.session.scalar(select(func.max(ConsentForm.version))) or 0) + 1
    form = ConsentForm(
        version=next_version,
        status=FormStatus.DRAFT,
        title_cy=title_cy.strip(),
        title_en=title_en.strip(),
        sections=sections,
        purposes=purposes,
    )
    db.session.add(form)
    db.session.flush()
    record_event(
        "consent_form.created",
        target_type="consent_form",
        target_id=form.version,
        details={"based_on": based_on.version if based_on else None},
    )
    return form


def update_draft(
    form: ConsentForm, *, title_cy: str, title_en: str, sections: Texts, purposes: Texts
) -> None:
    if form.is_published:
        raise FormPublished()
    form.title_cy, form.title_en = title_cy.strip(), title_en.strip()
    form.sections, form.purposes = sections, purposes
    db.session.flush()
    record_event("consent_form.updated", target_type="consent_form", target_id=form.version)


def missing_text(form: ConsentForm) -> list[str]:
    """Every section and every purpose needs text in both languages before publishing (CON-2, CON-3)."""
    missing = []
    for language in ("cy", "en"):
        if not getattr(form, f"title_{language}").strip():
            missing.append(f"title.{language}")
        for section in Section:
            if not form.section(section, language).strip():
                missing.append(f"section.{section.value}.{language}")
        for purpose in Purpose:
            if not form.purpose(purpose, language).strip():
                missing.append(f"purpose.{purpose.value}.{language}")
    return missing


def publish_form(form: ConsentForm, *, actor: StaffUser | None) -> int:
    """Publish a draft. Everyone who consented to an older version must consent again before their next session
    (CON-6); that follows from the version numbers, so this returns how many people that now affects."""
    if form.is_published:
        raise FormPublished()
    missing = missing_text(form)
    if missing:
        raise FormIncomplete(missing)
    form.status = FormStatus.PUBLISHED
    form.published_at = utcnow()
    form.published_by_id = getattr(actor, "id", None)
    db.session.flush()
    affected = len(participants_needing_reconsent())
    record_event(
        "consent_form.published",
        target_type="consent_form",
        target_id=form.version,
        details={"needs_reconsent": affected},
        actor=actor,
    )
    return affected


# Records -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentState:
    """A participant's consent as it stands: the latest record decides."""

    record: ConsentRecord | None
    current_version: int | None  # the newest published form's version; None before any is published
    record_version: int | None = None  # the version of the form the record answered (None: no form)

    @property
    def status(self) -> str:
        if self.record is None:
            return "none"
        if self.record.kind == RecordKind.WITHDRAWAL:
            return "withdrawn"
        if not self.record.answers.get(Purpose.TAKE_PART):
            return "declined"
        if (
            self.current_version is not None
            and self.record_version is not None
            and self.record_version < self.current_version
        ):
            return "reconsent"
        return "given"

    @property
    def may_take_part(self) -> bool:
        return self.status == "given"

    def agreed_to(self, purpose: str) -> bool:
        return (
            self.record is not None
            and self.status in ("given", "reconsent")
            and bool(self.record.answers.get(purpose))
        )


@built_once
def _states_statement() -> Select[Any]:
    current = (
        select(func.max(ConsentForm.version).label("version"))
        .where(ConsentForm.status == FormStatus.PUBLISHED)
        .subquery("current_form")
    )
    latest = (
        select(ConsentRecord.participant_id, func.max(ConsentRecord.id).label("latest_id"))
        .where(ConsentRecord.participant_id.in_(bindparam("participant_ids", expanding=True)))
        .group_by(ConsentRecord.participant_id)
        .subquery("latest")
    )
    records = (
        select(ConsentRecord, ConsentForm.version.label("record_version"))
        .join(latest, ConsentRecord.id == latest.c.latest_id)
        .outerjoin(ConsentForm, ConsentRecord.form_id == ConsentForm.id)
        .subquery("latest_record")
    )
    record = aliased(ConsentRecord, records)
    return (
        select(current.c.version, record, records.c.record_version)
        .select_from(current)
        .outerjoin(records, true())
    )


def consent_states(participant_ids: list[int]) -> dict[int, ConsentState]:
    """The consent state of many participants in one query, whatever their number (no N+1 on the register, and
    a booking checks consent in one statement, P-4): the newest published version, left-joined to each one's
    latest record and the version of the form it answered. Shape: {participant id: ConsentState}."""
    if not participant_ids:
        return {}
    found = list(db.session.execute(_states_statement(), {"participant_ids": list(participant_ids)}))
    # One row at least: the current version (None if none is published), left-joined to the records.
    version = found[0][0] if found else None
    states = {pid: ConsentState(None, version) for pid in participant_ids}
    for _current, latest_record, record_version in found:
        if latest_record is not None:
            states[latest_record.participant_id] = ConsentState(latest_record, version, record_version)
    return states


def consent_state(participant: Participant) -> ConsentState:
    return consent_states([participant.id])[participant.id]


def participants_needing_reconsent() -> list[int]:
    form = current_form()
    if form is None:
        return []
    ids = list(db.session.scalars(select(ConsentRecord.participant_id).distinct()))
    return [pid for pid, state in consent_states(ids).items() if state.status == "reconsent"]


def would_need_reconsent() -> int:
    """How many participants' consent publishing a new version would put out of date (CON-6): everyone whose
    latest answer is consent on the current version. Counted before publishing, for the publish page."""
    form = current_form()
    if form is None:
        return 0
    ids = list(db.session.scalars(select(ConsentRecord.participant_id).distinct()))
    return sum(1 for state in consent_states(ids).values() if state.status == "given")


def ask_everyone_to_consent_again(*, actor: StaffUser | None) -> int:
    """CON-6: email every active participant whose consent is on an older version a request to consent again, in
    their language (one email each). Anyone asked already since the current version was published is not asked
    twice. Audited with the count. Returns how many were asked."""
    form = current_form()
    if form is None or form.published_at is None:
        return 0
    asked_already = set(
        db.session.scalars(
            select(OutboxMessage.participant_id).where(
                OutboxMessage.kind == "consent_request", OutboxMessage.created_at >= form.published_at
            )
        )
    )
    people = db.session.scalars(
        select(Participant)
        .where(
            Participant.id.in_(participants_needing_reconsent()),
            Participant.status == ParticipantStatus.ACTIVE,
        )
        .order_by(Participant.id)
    ).all()
    asked = 0
    for person in people:
        if person.id in asked_already:
            continue
        send_own_link(person, kind="consent_request", actor=actor)
        asked += 1
    record_event(
        "consent.reconsent_requested",
        target_type="consent_form",
        target_id=form.version,
        details={"asked": asked},
        actor=actor,
    )
    return asked


def history(participant: Participant) -> list[ConsentRecord]:
    return list(
        db.session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.participant_id == participant.id)
            .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
        )
    )


def _check_answers(answers: dict[str, bool]) -> dict[str, bool]:
    cleaned = {}
    for purpose in Purpose:
        value = answers.get(purpose.value)
        if not isinstance(value, bool):
            raise AnswersIncomplete()
        cleaned[purpose.value] = value
    return cleaned


def record_consent(
    participant: Participant,
    *,
    answers: dict[str, bool],
    method: str,
    language: str,
    taken_by: StaffUser | None = None,
    note: str = "",
    form: ConsentForm | None = None,
) -> ConsentRecord:
    """Append a consent record on the current published version (CON-4). Takes the participant's lock first."""
    Method(method)
    lock_participant(participant)
    if language not in ("cy", "en"):
        raise ValueError(language)
    form = form or current_form()
    if form is None or not form.is_published:
        raise NoPublishedForm()
    if method != Method.ONLINE and taken_by is None:
        raise ValueError("consent taken on someone's behalf must name who took it")
    record = ConsentRecord(
        participant_id=participant.id,
        form_id=form.id,
        kind=RecordKind.CONSENT,
        method=method,
        language=language,
        answers=_check_answers(answers),
        taken_by_id=getattr(taken_by, "id", None),
        taken_by_label=getattr(taken_by, "email", "") or "",
        note=note.strip()[:500],
        recorded_at=utcnow(),
    )
    db.session.add(record)
    if participant.status == ParticipantStatus.WITHDRAWN and record.answers[Purpose.TAKE_PART]:
        participant.status = ParticipantStatus.ACTIVE  # consenting again rejoins the testing team
        participant.status_changed_at = utcnow()
        participant.status_set_by = BY_PARTICIPANT  # their own consent, online or taken by staff
    db.session.flush()
    record_event(
        "consent.recorded",
        target_type="participant",
        target_id=participant.code,
        details={"version": form.version, "method": method, "language": language, "answers": record.answers},
        actor=taken_by,
    )
    return record


def withdraw_consent(
    participant: Participant, *, method: str, language: str, taken_by: StaffUser | None = None, note: str = ""
) -> ConsentRecord:
    """Withdrawal takes effect at once (CON-5): the participant's status becomes withdrawn, so nothing more is
    sent to them, and every check of their consent now says withdrawn. Their future bookings are cancelled,
    without an email, and the places offered to whoever is waiting (booking receives participant_left). Takes
    the participant's lock first, so a booking for them cannot run alongside (CON-5)."""
    Method(method)
    lock_participant(participant)
    state = consent_state(participant)
    record = ConsentRecord(
        participant_id=participant.id,
        form_id=state.record.form_id if state.record else None,
        kind=RecordKind.WITHDRAWAL,
        method=method,
        language=language if language in ("cy", "en") else "cy",
        answers={purpose.value: False for purpose in Purpose},
        taken_by_id=getattr(taken_by, "id", None),
        taken_by_label=getattr(taken_by, "email", "") or "",
        note=note.strip()[:500],
        recorded_at=utcnow(),
    )
    db.session.add(record)
    participant.status = ParticipantStatus.WITHDRAWN
    participant.status_changed_at = utcnow()
    participant.status_set_by = BY_PARTICIPANT  # their decision, whoever records it (CON-5)
    db.session.flush()
    record_event(
        "consent.withdrawn",
        target_type="participant",
        target_id=participant.code,
        details={"method": method},
        actor=taken_by,
    )
    participant_left.send(participant, reason="consent_withdrawn", actor=taken_by)
    return record


def ordered_purposes(purposes: Sequence[str]) -> list[str]:
    """Known purposes in the consent form's order (CON-3), always with take part. Raises ValueError for an
    unknown purpose."""
    chosen = {Purpose(p).value for p in purposes} | {Purpose.TAKE_PART.value}
    return [p.value for p in Purpose if p.value in chosen]
