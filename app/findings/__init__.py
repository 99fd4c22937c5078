"""Session logs, observations and findings across phases (issue 10; REP-2…REP-5, CON-7, DP-2, DP-7).

Laid out by concept: models (tables), vocabulary (kinds, severities, statuses and their words), standards (the
Digital Service Standards for Wales and the GOV.UK Service Standard), tags, observations, session_logs,
evidence (n of m, consent-filtered quotes, attribution), findings, phases (carrying findings across phases),
recommendations, search and dashboards.
"""
