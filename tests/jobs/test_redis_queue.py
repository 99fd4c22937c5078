"""With REDIS_URL set, the job queue lives in Redis (RedisHuey), and a worker runs what an action queued there.

Run against the real Redis at 127.0.0.1:6379 (database 14, which nothing else here uses), in a child process:
the queue's storage is chosen when app.jobs is first imported, and this process chose SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/14"

SCRIPT = textwrap.dedent(
    """
    from sqlalchemy import select

    from app import jobs
    from app.extensions import db
    from app.mail.models import OutboxMessage
    from app.common.transactions import run_after_commit
    from app.participants.correspondence import send_own_link
    from tests import databases
    from tests.conftest import migrated_app
    from tests.factories import ParticipantFactory

    print("storage", type(jobs.queue).__name__)
    jobs.queue.flush()  # this queue's keys only
    app = migrated_app("redis_queue")
    jobs.bind_worker(app)
    try:
        with app.app_context():
            person = ParticipantFactory()
            send_own_link(person)
            db.session.commit()
            run_after_commit()
            message_id = db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.participant_id == person.id))
            print("before", db.session.get(OutboxMessage, message_id).status)
            db.session.remove()
        print("queued", len(jobs.queue))
        task = jobs.queue.dequeue()
        jobs.queue.execute(task)
        with app.app_context():
            print("after", db.session.get(OutboxMessage, message_id).status)
            db.session.remove()
        print("left", len(jobs.queue))
    finally:
        jobs.queue.flush()
        with app.app_context():
            db.engine.dispose()
        databases.drop_created_databases()
    """
)


def test_with_redis_url_the_worker_runs_from_redis_what_an_action_queued():
    env = {k: v for k, v in os.environ.items() if k != "PROFI_JOBS_DB"}
    env["REDIS_URL"] = REDIS_URL
    done = subprocess.run(  # noqa: S603 — this interpreter, our own script
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    said = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert said["storage"] == "RedisHuey"
    assert (said["before"], said["queued"], said["after"], said["left"]) == ("pending", "1", "sent", "0")
