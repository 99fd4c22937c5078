"""Calendars: a study's sessions by day, a member of staff's week, and each researcher's private .ics feed."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.common import access
from app.studies import calendar, clashes, ics, services
from app.studies.forms import FeedForm
from app.studies.timezones import today_local, week_start
from app.studies.views import bp
from app.studies.views.studies import study_or_404

EARLIEST, LATEST = date(2000, 1, 3), date(2099, 12, 28)  # keep week links (and their arithmetic) sane


def _requested_monday() -> date:
    try:
        day = date.fromisoformat(request.args.get("week", ""))
    except ValueError:
        day = today_local()
    if not EARLIEST <= day <= LATEST:
        day = today_local()
    return week_start(day)


def _requested_person():
    value = request.args.get("person", "")
    person = (
        calendar.get_staff(int(value))
        if value.isascii() and value.isdigit() and 0 < int(value) < 2**31
        else None
    )
    return person or current_user


@bp.route("/studies/<int:study_id>/calendar")
@access.staff
def study_calendar(study_id: int):
    study = study_or_404(study_id)
    days = calendar.group_by_day(services.study_sessions(study))
    return render_template("studies/calendar.html", study=study, days=days)


@bp.route("/calendar/week")
@access.staff
def week():
    monday = _requested_monday()
    person = _requested_person()
    own = person.id == current_user.id
    feed = (
        calendar.get_feed(current_user) if own and current_user.role in services.FACILITATOR_ROLES else None
    )
    return render_template(
        "studies/week.html",
        monday=monday,
        person=person,
        own=own,
        people=services.facilitator_candidates(),
        days=calendar.week_of(monday, (sessions := calendar.sessions_for_week(person.id, monday))),
        clashing=clashes.clashing_ids(sessions),
        previous_week=monday - timedelta(days=7),
        next_week=monday + timedelta(days=7),
        this_week=week_start(today_local()),
        feed_url=(current_app.config["BASE_URL"] + url_for("studies.feed", token=calendar.feed_token(feed)))
        if feed
        else None,
        feed_form=FeedForm(),
    )


@bp.route("/calendar/feed", methods=["POST"])
@access.researcher
def feed_reset():
    form = FeedForm()
    if form.validate_on_submit():
        calendar.reset_feed(current_user)
        flash(_("Your private calendar link is ready. Any earlier link no longer works."), "success")
    return redirect(url_for("studies.week"))


@bp.route("/calendar/<token>.ics")
@access.public  # calendar apps cannot sign in: the token is the key, checked here
def feed(token: str):
    user = calendar.user_for_token(token)
    if user is None:
        abort(404)
    with force_locale(user.preferred_language):
        body = ics.render_feed(user, calendar.sessions_for_feed(user.id), user.preferred_language)
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Disposition"] = 'inline; filename="profi.ics"'
    response.headers["X-Robots-Tag"] = "noindex"
    return response
