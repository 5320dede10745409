"""Dates written out for people, in Dutch or English (Babel's CLDR data, not hand-made month names)."""

from datetime import datetime

from babel.dates import format_datetime

from bot.domain.sessions import Session

LONG_DATE = {"nl": "EEEE d MMMM y", "en": "EEEE d MMMM y"}
TIME = "HH:mm"


def long_date(moment: datetime, language: str) -> str:
    """'donderdag 10 december 2026' / 'Thursday 10 December 2026' for an aware moment in its zone."""
    return format_datetime(moment, LONG_DATE[language], locale=language)


def session_when(session: Session, language: str) -> str:
    """'donderdag 10 december 2026, 19:30–21:30' in the session's own zone."""
    start = session.start.aware
    end = session.end_utc.astimezone(start.tzinfo)
    times = f"{format_datetime(start, TIME, locale=language)}–{format_datetime(end, TIME, locale=language)}"
    return f"{long_date(start, language)}, {times}"
