"""The register's services: codes never reused, search that folds Welsh letters, filters, unique segment names."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from app.extensions import db
from app.participants import services
from app.participants.models import Participant
from tests.factories import ParticipantFactory


def test_codes_are_sequential_and_never_reused(app):
    with app.app_context():
        first = ParticipantFactory()
        second = ParticipantFactory()
        assert (first.code, second.code) == (f"P-{first.id:04d}", f"P-{first.id + 1:04d}")
        db.session.execute(delete(Participant).where(Participant.id == second.id))
        third = ParticipantFactory()
        assert third.code not in (first.code, second.code)
        assert int(third.code[2:]) > int(second.code[2:])


def test_welsh_letters_fold_in_search(app):
    with app.app_context():
        llyr = ParticipantFactory(full_name="Llŷr Evans")
        sian = ParticipantFactory(full_name="Siân Roberts", organisation="Dŵr Cymru")
        ParticipantFactory(full_name="Tom Smith")

        def found(q):
            return [
                p.id
                for p in db.session.scalars(services.filtered_participants(services.ParticipantFilter(q=q)))
            ]

        assert found("Llyr") == [llyr.id]
        assert found("LLŶR evans") == [llyr.id]
        assert found("sian") == [sian.id]
        assert found("dwr cymru") == [sian.id]
        assert found(llyr.code) == [llyr.id]
        assert found("%") == []


def test_filters_combine_and_sorting_is_stable(app):
    with app.app_context():
        a = ParticipantFactory(full_name="Aled", region="north", organisation_type="health", seniority="head")
        b = ParticipantFactory(full_name="Bethan", region="north", organisation_type="local_authority")
        ParticipantFactory(full_name="Carys", region="mid", organisation_type="health")
        f = services.ParticipantFilter(region=["north"], sort="name")
        assert [p.id for p in db.session.scalars(services.filtered_participants(f))] == [a.id, b.id]
        f = services.ParticipantFilter(region=["north"], organisation_type=["health"], seniority=["head"])
        assert [p.id for p in db.session.scalars(services.filtered_participants(f))] == [a.id]


def test_segment_names_are_unique_whatever_their_letters(app_ctx):
    from app.participants.services import SegmentNameTaken, save_segment

    save_segment("İstanbul Ä", services.ParticipantFilter(), actor=None)
    with pytest.raises(SegmentNameTaken):
        save_segment("i̇stanbul ä", services.ParticipantFilter(), actor=None)
