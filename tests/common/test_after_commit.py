"""The commit boundary's after-commit callbacks: run once after a commit, never after a rollback."""

from __future__ import annotations

from app.common import transactions


def test_a_callback_runs_once_after_the_commit_however_often_it_was_registered(app):
    calls: list[str] = []

    def deliver() -> None:
        calls.append("delivered")

    with app.test_request_context("/", method="POST"):
        transactions.after_commit(deliver)
        transactions.after_commit(deliver)
        assert calls == []  # nothing before the commit
        response = app.response_class("ok", status=200)
        transactions.commit_or_roll_back(response)
    assert calls == ["delivered"]


def test_a_rolled_back_request_runs_no_callback(app):
    calls: list[str] = []
    with app.test_request_context("/", method="POST"):
        transactions.after_commit(lambda: calls.append("delivered"))
        transactions.commit_or_roll_back(app.response_class("refused", status=400))
        # A later commit in the same context does not run what the rollback dropped.
        transactions.commit_or_roll_back(app.response_class("ok", status=200))
    assert calls == []


def test_state_changing_requests_and_write_transactions_want_sqlites_write_lock(app):
    for method, wanted in (("GET", False), ("HEAD", False), ("POST", True), ("DELETE", True)):
        with app.test_request_context("/", method=method):
            assert transactions.wants_write_lock() is wanted
    with app.app_context():
        assert transactions.wants_write_lock() is False
        with transactions.write_transaction():
            assert transactions.wants_write_lock() is True
        assert transactions.wants_write_lock() is False
