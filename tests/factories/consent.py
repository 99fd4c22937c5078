"""Consent form versions and consent records."""

from __future__ import annotations

import factory
from sqlalchemy import func, select

from app.consent.models import ConsentForm, ConsentRecord, FormStatus, Purpose, RecordKind, Section
from app.extensions import db
from app.models_base import utcnow
from tests.factories.base import BaseFactory


def consent_texts(mark: str = "") -> dict:
    """Every text of a version, in both languages, with Welsh letters in the Welsh (create_draft's arguments)."""
    return {
        "title_cy": f"Ffurflen gydsynio{mark}",
        "title_en": f"Consent form{mark}",
        "sections": {
            s.value: {
                "cy": f"Testun Cymraeg ŵ ŷ â ({s.value}){mark}",
                "en": f"English text ({s.value}){mark}",
            }
            for s in Section
        },
        "purposes": {
            p.value: {"cy": f"Ydych chi’n cytuno ({p.value})?", "en": f"Do you agree ({p.value})?"}
            for p in Purpose
        },
    }


def every_purpose(answer: bool = True) -> dict:
    return {p.value: answer for p in Purpose}


def _next_version() -> int:
    return (db.session.scalar(select(func.max(ConsentForm.version))) or 0) + 1


class ConsentFormFactory(BaseFactory):
    """The next version of the consent form, complete in both languages and published now.

    `mark` is added to every text (to tell versions apart). Traits: `draft` (complete, unpublished) and
    `blank` (a draft with no texts, as "New draft" makes the first one). Pass `published_by=` a staff user.
    """

    class Meta:
        model = ConsentForm

    class Params:
        mark = ""
        texts = factory.LazyAttribute(lambda o: consent_texts(o.mark))
        published_by = None
        draft = factory.Trait(status=FormStatus.DRAFT)
        blank = factory.Trait(
            status=FormStatus.DRAFT,
            title_cy="",
            title_en="",
            sections=factory.LazyFunction(dict),
            purposes=factory.LazyFunction(dict),
        )

    version = factory.LazyFunction(_next_version)
    status = FormStatus.PUBLISHED
    title_cy = factory.LazyAttribute(lambda o: o.texts["title_cy"])
    title_en = factory.LazyAttribute(lambda o: o.texts["title_en"])
    sections = factory.LazyAttribute(lambda o: o.texts["sections"])
    purposes = factory.LazyAttribute(lambda o: o.texts["purposes"])
    published_at = factory.LazyAttribute(lambda o: utcnow() if o.status == FormStatus.PUBLISHED else None)
    published_by_id = factory.LazyAttribute(
        lambda o: o.published_by.id if o.published_by and o.status == FormStatus.PUBLISHED else None
    )


def current_or_new_form() -> ConsentForm:
    """The current published version, or a new one if none is published yet."""
    from app.consent.services import current_form

    return current_form() or ConsentFormFactory()


class ConsentRecordFactory(BaseFactory):
    """Consent given online, in Welsh, to every purpose, on the current published form (published if need be).

    Pass `participant=` (a new one otherwise), `form=` for another version, `taken_by=` a staff user for consent
    taken on someone's behalf (the method becomes paper), `answers__quotes=False` to refuse one purpose.
    Traits: `declined` (no to taking part), `withdrawal` (a withdrawal record, as withdraw_consent writes; it
    does not change the participant's status or bookings — use the service for that).
    """

    class Meta:
        model = ConsentRecord

    class Params:
        participant = factory.SubFactory("tests.factories.participants.ParticipantFactory")
        taken_by = None
        declined = factory.Trait(answers=factory.Dict({**every_purpose(True), "take_part": False}))
        withdrawal = factory.Trait(kind=RecordKind.WITHDRAWAL, answers=factory.Dict(every_purpose(False)))

    participant_id = factory.LazyAttribute(lambda o: o.participant.id)
    form = factory.LazyFunction(current_or_new_form)
    kind = RecordKind.CONSENT
    method = factory.LazyAttribute(lambda o: "paper" if o.taken_by else "online")
    language = "cy"
    answers = factory.Dict(every_purpose(True))
    taken_by_id = factory.LazyAttribute(lambda o: o.taken_by.id if o.taken_by else None)
    taken_by_label = factory.LazyAttribute(lambda o: o.taken_by.email if o.taken_by else "")
    note = ""
    recorded_at = factory.LazyFunction(utcnow)
