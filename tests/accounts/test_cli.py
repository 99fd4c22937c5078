"""`flask users create`: the first admin account from the command line."""

from __future__ import annotations


def test_cli_creates_an_admin_who_can_sign_in(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "--email", "Boss@Example.org", "--role", "admin"],
        input="a-very-long-password\na-very-long-password\n",
    )
    assert result.exit_code == 0, result.output
    assert (
        client.post(
            "/sign-in", data={"email": "boss@example.org", "password": "a-very-long-password"}
        ).status_code
        == 302
    )
    again = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "boss@example.org",
            "--role",
            "admin",
            "--password",
            "a-very-long-password",
        ]
    )
    assert again.exit_code != 0 and "already exists" in again.output


def test_cli_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "x@example.org", "--role", "viewer", "--password", "short"]
    )
    assert result.exit_code != 0 and "at least 12" in result.output
