"""What the session pages' forms post: one session, and a series of sessions (UK wall-clock times)."""

from __future__ import annotations


def session_form(**overrides) -> dict:
    """An online, bilingual session from 10:00 to 11:30 UK time on 3 June 2026, one place."""
    data = {
        "day": ["3", "6", "2026"],
        "start_time": "10:00",
        "end_time": "11:30",
        "capacity": "1",
        "mode": "online",
        "joining_link": "https://meet.example.org/profi",
        "language": "bilingual",
        "participant_information_cy": "Gwybodaeth â ŵ",
        "participant_information_en": "Information",
    }
    data.update(overrides)
    return data


def series_form(**overrides) -> dict:
    """Hourly Welsh sessions in person from 10:00 to 16:00 UK time, 3 to 5 June 2026."""
    data = {
        "first_day": ["3", "6", "2026"],
        "last_day": ["5", "6", "2026"],
        "day_start": "10:00",
        "day_end": "16:00",
        "slot_minutes": "60",
        "gap_minutes": "0",
        "capacity": "1",
        "mode": "in_person",
        "address_cy": "Canolfan Cyd, Caerdydd",
        "address_en": "Cyd Centre, Cardiff",
        "language": "cy",
    }
    data.update(overrides)
    return data
