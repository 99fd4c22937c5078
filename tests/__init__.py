"""Profi's test suite (layout: tests/README.md)."""

import os
import tempfile
from pathlib import Path

# The job queue's storage is chosen when app.jobs is first imported, so it is set here, before any test module
# imports the app: the suite's queue file lives in a temporary folder, never in instance/. Tests run jobs in
# immediate mode; the worker tests use this file.
os.environ.setdefault("PROFI_JOBS_DB", str(Path(tempfile.mkdtemp(prefix="profi-jobs-")) / "jobs.sqlite3"))
