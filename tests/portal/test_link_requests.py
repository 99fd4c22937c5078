""" "Send me my link" out of the request (SEC-4): the request does the same work whether or not anyone has the
address — it queues one job and answers — and the job, in the worker, sends the link to someone who has it."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.factories import ParticipantFactory


def _outbox(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(OutboxMessage)) or 0
        db.session.remove()
        return count


@pytest.mark.parametrize("known", [True, False])
def test_the_request_queues_one_job_and_writes_no_email_whether_or_not_the_address_is_known(
    worker_app, known
):
    with worker_app.app_context():
        person_id = ParticipantFactory(email="elin@example.org").id
        db.session.commit()
        db.session.remove()
    before = _outbox(worker_app)
    address = "elin@example.org" if known else "nobody@example.org"
    response = worker_app.test_client().post("/my-link", data={"email": address})
    assert response.status_code == 200
    assert _outbox(worker_app) == before  # nothing written or sent in the request
    assert len(jobs.queue) == 1

    def work() -> None:
        jobs.queue.execute(jobs.queue.dequeue())

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=30)
    with worker_app.app_context():
        sent = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.participant_id == person_id)
        ).all()
        assert [m.kind for m in sent] == (["participant_link"] if known else [])
        db.session.remove()


def test_the_answer_says_existing_links_keep_working(app, client):
    page = client.post("/my-link", data={"email": "someone@example.org"}, headers={"Accept-Language": "en"})
    assert "Any links you already have keep working." in page.get_data(as_text=True)
