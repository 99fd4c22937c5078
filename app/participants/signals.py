"""Events about participants that features above the register react to (blinker signals, as indico does).

The register and consent sit below booking, findings, reports and privacy in the layering rule, so they cannot
call those features; they send a signal instead, and each feature that must react connects a receiver in
create_app(). Receivers run inside the sender's transaction: what they write commits or rolls back with it.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

participant_left = _signals.signal("participant-left")
"""A participant left the research: withdrew consent, opted out of the testing team, was marked withdrawn by
staff, or was erased (CON-5, DP-5). Sent with the Participant as sender and keywords `reason` (str: for the
audit trail, e.g. "consent_withdrawn", "participant_opted_out") and `actor` (the StaffUser, or None when the
participant acted). Receivers stop everything that would contact or count them from now on, without emailing."""

participation_dates = _signals.signal("participation-dates")
"""Asked by the participation limits (BK-7) for the times people took part, or will, that a feature above the
register knows of: bookings. Sent with no sender and no keywords, once per process (the limits keep the query).
Each receiver returns a SQLAlchemy Select (it does not run it) of two columns, (participant id, session start as
a UTC datetime): one row per session they are booked on or attended (cancelled and missed ones do not count),
for the participants in bindparam("participant_ids", expanding=True) and sessions starting at or after
bindparam("counted_from") (a UTC datetime). The limits run the register's own "participation before Profi"
rows and every receiver's Select as one UNION ALL, so the whole count is one query (P-4)."""
