"""Staff accounts' jobs."""

from __future__ import annotations

from app.accounts import recovery
from app.accounts.services import get_user_by_email
from app.common.urls import absolute_url
from app.jobs import job
from app.mail.services import queue_message


@job(recovery.SEND_RESET_LINK)
def send_password_reset(email: str) -> None:
    """The reset link for the active account with this address, if there is one, in its owner's language; the
    request queued this job whether or not there is (ASVS V6.4). Returns nothing, so the address is not kept
    with the job's result."""
    user = get_user_by_email(email)
    if user is None or not user.active:
        return
    queue_message(
        to=user.email,
        template="accounts/emails/password_reset.txt",
        language=user.preferred_language,
        kind="staff_password_reset",
        name=user.name,
        reset_url=absolute_url("accounts.reset_password", token=recovery.reset_token(user)),
        minutes=int(recovery.LIFETIME.total_seconds() // 60),
    )
