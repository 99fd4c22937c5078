"""The job queue (app/jobs): declared jobs and their schedule, the commit-once boundary, jobs queued only after
the commit, and a worker that runs what a request queued, in its own app context."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app import jobs
from app.common.transactions import run_after_commit
from app.extensions import db
from app.mail.models import OutboxMessage
from app.participants.correspondence import send_own_link
from tests.factories import ParticipantFactory


def test_every_scheduled_job_is_declared_and_every_job_has_a_feature_name(app):
    assert set(jobs.SCHEDULE) <= set(jobs.names())
    assert {"mail.deliver", "mail.deliver_soon", "booking.send_reminders", "booking.expire_offers"} <= set(
        jobs.names()
    )
    assert all("." in name for name in jobs.names())


def test_a_job_name_cannot_be_declared_twice(app):
    with pytest.raises(ValueError, match="declared twice"):
        jobs.job("mail.deliver")(lambda: None)


def test_nothing_is_queued_when_the_transaction_rolls_back(app, client):
    from app.common import transactions

    ran: list[str] = []
    with app.test_request_context("/", method="POST"):
        transactions.after_commit(lambda: ran.append("enqueued"))
        jobs.enqueue_after_commit("mail.deliver_soon")
        transactions.commit_or_roll_back(app.response_class("refused", status=400))
    assert ran == []


def test_the_same_job_is_queued_once_per_transaction(app):
    with app.test_request_context("/", method="POST"):
        jobs.enqueue_after_commit("mail.deliver_soon")
        jobs.enqueue_after_commit("mail.deliver_soon")
        from flask import g

        assert len(g.after_commit_callbacks) == 1
        g.pop("after_commit_callbacks")


def test_a_job_that_fails_rolls_back_what_it_wrote(app_ctx):
    person = ParticipantFactory()
    db.session.commit()

    def rename_then_fail() -> None:
        person.full_name = "Newid"
        db.session.flush()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        jobs._committed(rename_then_fail)
    db.session.refresh(person)
    assert person.full_name != "Newid"


def test_mail_queued_by_an_action_is_delivered_by_the_worker_not_by_the_action(worker_app):
    with worker_app.app_context():
        person = ParticipantFactory()
        send_own_link(person)
        db.session.commit()
        run_after_commit()  # the request boundary does this: it only queues the delivery job
        message_id = db.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.participant_id == person.id)
        )
        assert db.session.get(OutboxMessage, message_id).status == "pending"
        db.session.remove()
    assert len(jobs.queue) == 1

    def work() -> None:  # a worker thread: no app context of its own
        task = jobs.queue.dequeue()
        jobs.queue.execute(task)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=30)
    with worker_app.app_context():
        assert db.session.get(OutboxMessage, message_id).status == "sent"
        db.session.remove()


def test_a_job_in_the_worker_takes_sqlites_write_lock_and_is_retried_if_it_fails(worker_app):
    from app.common.transactions import wants_write_lock

    seen: list[bool] = []
    jobs._run_in_boundary(lambda: seen.append(wants_write_lock()))
    assert seen == [True]
    assert jobs._jobs["participants.send_link_to_address"].retries == 3
