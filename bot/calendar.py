"""Sessions as an iCalendar (.ics) file, with their own time zone and stable UIDs (re-import updates)."""

from datetime import datetime

from icalendar import Calendar, Event

from bot.domain.sessions import Session

PRODUCT_ID = "-//Leerkring//Leerkring bot//NL"


def session_uid(session: Session) -> str:
    """The event's stable identity: the same session always gets the same UID."""
    return f"session-{session.id}-guild-{session.guild_id}@leerkring"


def _event(session: Session, stamp: datetime, place: str | None) -> Event:
    zone = session.start.aware.tzinfo
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.start.aware)
    event.add("dtend", session.end_utc.astimezone(zone))
    event.add("summary", session.title)
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    if place:
        event.add("location", place)
    if session.description:
        event.add("description", session.description)
    return event


def sessions_calendar(sessions: list[Session], stamp: datetime, name: str) -> bytes:
    """Return an .ics document with one event per session, including the VTIMEZONE definitions used."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(_event(session, stamp, session.location))
    calendar.add_missing_timezones()
    return calendar.to_ical()
