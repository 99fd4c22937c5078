"""Booking: participants in research sessions, the waitlist, and the emails and .ics files that go with them."""
