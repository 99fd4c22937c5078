"""One commit per request, at the boundary (DESIGN habit 2).

Services flush but never commit. A request that ends well (status below 400) commits everything it did in
one transaction; anything else rolls back, so a user action is all-or-nothing. A view that must keep its
writes on a refusal (the audit record of a refused sign-in, say) sets `g.commit_despite_status`.
"""

from __future__ import annotations

from flask import Flask, Response, g

from app.extensions import db


def commit_or_roll_back(response: Response) -> Response:
    if response.status_code < 400 or g.get("commit_despite_status"):
        db.session.commit()
        if g.get("outbox_has_new"):
            from app.mail.delivery import deliver_pending

            deliver_pending()  # only after the commit: a rolled-back action sends nothing
    else:
        db.session.rollback()
    return response


def register(app: Flask) -> None:
    app.after_request(commit_or_roll_back)
