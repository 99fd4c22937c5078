"""Events about research sessions that features above studies react to (blinker signals, as indico does).

Studies sit below booking in the layering rule, so a change to a session reaches the people booked on it through
these signals, connected by booking (and later findings and reports) in create_app(). Receivers run inside the
sender's transaction: what they write commits or rolls back with it.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

session_cancelled = _signals.signal("research-session-cancelled")
"""A research session was cancelled (already flushed as cancelled). Sender: the ResearchSession; keyword
`actor` (StaffUser or None). Each receiver returns how many bookings it cancelled (int), for the audit trail."""

session_changed = _signals.signal("research-session-changed")
"""A scheduled research session's details were changed and flushed. Sender: the ResearchSession; keywords
`fields` (sorted list of the changed SessionDetails field names, e.g. ["address_en", "starts_at"]) and `actor`.
Each receiver returns how many people it told of the change (int), for the researcher's confirmation."""

sessions_added = _signals.signal("research-sessions-added")
"""New research sessions were added to a study (one, or a series), flushed. Sender: the Study; keyword
`sessions` (list of ResearchSession). Booking offers their places to the study's waiting list."""
