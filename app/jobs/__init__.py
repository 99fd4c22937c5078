"""The job queue's one door (shared/DESIGN.md, "Heavy work"): Huey, with SQLite storage in instance/ by default
and Redis when REDIS_URL is set. Nothing else imports huey (import-linter checks it).

Features declare their jobs in their own tasks.py with `@job("feature.name")`; a job takes ids and plain values,
never ORM objects, reloads what it needs, and runs inside the same commit-once boundary as a request: it commits
when it returns, rolls back when it raises, and then runs the after-commit callbacks it registered. SCHEDULE, the
one table of recurring jobs, names jobs by their name, so this package imports no feature above it.

`enqueue_after_commit(name, *args)` queues a job once the current transaction has committed (a job queued
before could run before the rows it needs exist). The worker is `flask --app app jobs worker`; tests run jobs in
Huey's immediate mode (PROFI_JOBS_IMMEDIATE, or TESTING), in the process and app context that queued them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, has_app_context
from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper

from app.common.transactions import after_commit, run_after_commit, write_transaction
from app.config import job_queue_settings
from app.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


def _make_queue() -> Huey:
    settings = job_queue_settings()
    if "redis_url" in settings:
        return RedisHuey("profi", url=settings["redis_url"])
    return SqliteHuey("profi", filename=settings["sqlite_path"])


queue: Huey = _make_queue()

# The one table of recurring jobs: job name -> (when, in words). Huey's crontab runs in UTC.
SCHEDULE: dict[str, tuple[Callable[..., bool], str]] = {
    "mail.deliver": (crontab(minute="*"), "every minute"),  # what is due again after a failed attempt
    "booking.send_reminders": (crontab(minute="5"), "every hour, at five past"),
    "booking.expire_offers": (crontab(minute="*/15"), "every 15 minutes"),
}

_jobs: dict[str, TaskWrapper] = {}
_functions: dict[str, Callable[..., Any]] = {}
_worker_app: Flask | None = None


def _run_in_boundary(function: Callable[..., Any], *args: Any) -> Any:
    """Run a job's body in an app context, committing once at the end (rolling back on an error)."""
    if has_app_context():  # immediate mode: the app context of whoever queued it
        return _committed(function, *args)
    if _worker_app is None:
        raise RuntimeError("A job ran outside `flask --app app jobs worker` and outside immediate mode.")
    with _worker_app.app_context(), write_transaction():
        # A job writes (mail, reminders, offers): on SQLite its transactions take the write lock when they
        # begin, so concurrent requests and jobs queue for it instead of failing with "database is locked".
        try:
            return _committed(function, *args)
        finally:
            db.session.remove()


def _committed(function: Callable[..., Any], *args: Any) -> Any:
    try:
        result = function(*args)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    run_after_commit()
    return result


def job(name: str, *, retries: int = 3, retry_delay: int = 10) -> Callable[[F], F]:
    """Declare `function` as the job `name` ("feature.verb_noun"). A name in SCHEDULE also runs on its
    schedule. A job that raises is tried again `retries` times, `retry_delay` seconds apart (it rolled back,
    so it starts afresh). Raises ValueError for a name declared twice. The function stays callable directly
    (CLI commands call the same function)."""

    def decorator(function: F) -> F:
        if name in _jobs:
            raise ValueError(f"job {name!r} is declared twice")

        def body(*args: Any) -> Any:
            return _run_in_boundary(function, *args)

        body.__name__ = body.__qualname__ = name.replace(".", "_")
        if name in SCHEDULE:
            when = SCHEDULE[name][0]
            _jobs[name] = queue.periodic_task(when, name=name, retries=retries, retry_delay=retry_delay)(body)
        else:
            _jobs[name] = queue.task(name=name, retries=retries, retry_delay=retry_delay)(body)
        _functions[name] = function
        return function

    return decorator


def enqueue(name: str, *args: Any) -> None:
    """Queue the job `name` now (it may run before the current transaction commits: prefer
    enqueue_after_commit). Raises KeyError for an unknown name."""
    _jobs[name](*args)


def enqueue_after_commit(name: str, *args: Any) -> None:
    """Queue the job `name` once the current transaction commits; nothing if it rolls back. The same job with
    the same arguments is queued once per transaction. Raises KeyError for an unknown name."""
    if name not in _jobs:
        raise KeyError(name)
    after_commit(_Enqueue(name, args))


class _Enqueue:
    """An after-commit callback that compares equal for the same job and arguments (so it is queued once)."""

    def __init__(self, name: str, args: tuple[Any, ...]):
        self.name, self.args = name, args

    def __call__(self) -> None:
        enqueue(self.name, *self.args)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Enqueue) and (self.name, self.args) == (other.name, other.args)

    def __hash__(self) -> int:
        return hash((self.name, self.args))


def run_now(name: str, *args: Any) -> Any:
    """Run the job `name` in this process and app context, in its commit-once boundary; what it returned.
    Raises KeyError for an unknown name."""
    return _committed(_functions[name], *args)


def names() -> list[str]:
    """Every declared job, sorted."""
    return sorted(_jobs)


def configure(app: Flask) -> None:
    """Immediate mode for tests (JOBS_IMMEDIATE, or TESTING); called by create_app()."""
    queue.immediate = bool(app.config.get("JOBS_IMMEDIATE") or app.config.get("TESTING"))


def bind_worker(app: Flask) -> None:
    """Make this process a worker of `app`: jobs are kept in the queue's storage (not run at once) and each job
    this process runs gets its own app context of `app`."""
    global _worker_app
    _worker_app = app
    queue.immediate = False


def serve(app: Flask, *, workers: int = 2) -> None:
    """Run the worker and the scheduler in this process until interrupted (SIGINT/SIGTERM finish the job in
    hand). Each job runs in its own app context of `app`."""
    from huey.consumer import Consumer

    bind_worker(app)
    Consumer(queue, workers=workers, worker_type="thread", periodic=True).run()


def current_queue_name() -> str:
    """Where jobs are kept, for the worker's start-up line: "redis" or the SQLite file."""
    settings = job_queue_settings()
    return "Redis" if "redis_url" in settings else settings["sqlite_path"]


__all__ = ["SCHEDULE", "configure", "enqueue", "enqueue_after_commit", "job", "names", "queue"]
