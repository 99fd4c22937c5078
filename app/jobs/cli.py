"""`flask --app app jobs …`: the worker that runs queued and scheduled jobs, and running one job by hand."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app import jobs

jobs_cli = AppGroup("jobs", help="Background jobs: the worker, and running a job now.")


@jobs_cli.command("worker")
@click.option("--workers", type=click.IntRange(min=1, max=16), default=2, show_default=True)
def worker(workers: int) -> None:
    """Run queued jobs and the schedule (mail delivery every minute, reminders hourly, waiting-list offers every
    15 minutes) until interrupted. scripts/run starts one beside the web server; run one or more in
    production (with REDIS_URL, on several machines)."""
    click.echo(f"Profi job worker: {workers} threads, jobs kept in {jobs.current_queue_name()}.")
    jobs.serve(current_app._get_current_object(), workers=workers)  # type: ignore[attr-defined]


@jobs_cli.command("list")
def list_jobs() -> None:
    """Every job, with its schedule when it has one."""
    for name in jobs.names():
        click.echo(f"{name}\t{jobs.SCHEDULE[name][1] if name in jobs.SCHEDULE else 'when queued'}")


@jobs_cli.command("run")
@click.argument("name")
def run(name: str) -> None:
    """Run the job NAME now, in this process, and print what it returned."""
    if name not in jobs.names():
        raise click.ClickException(f"No job is called {name!r}. `flask --app app jobs list` lists them.")
    click.echo(f"{name}: {jobs.run_now(name)}")
