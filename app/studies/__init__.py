"""Studies and research sessions: planning, sessions in UK time, calendars and private .ics feeds."""
