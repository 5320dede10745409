"""Sessions as an iCalendar (.ics) file, with their own time zone and stable UIDs (re-import updates)."""

from datetime import datetime

from icalendar import Calendar, Event

from bot.domain.sessions import Session

PRODUCT_ID = "-//Leerkring//Leerkring bot//NL"


def session_uid(session: Session) -> str:
    """The event's stable identity: the same session always gets the same UID."""
    return f"session-{session.id}-guild-{session.guild_id}@leerkring"


def description(session: Session, host_label: str | None) -> str | None:
    """The event's description: the session's own, then its host municipality when `host_label` names the line."""
    lines = [session.description] if session.description else []
    if host_label and session.host_name:
        lines.append(f"{host_label}: {session.host_name}")
    return "\n\n".join(lines) or None


def _event(session: Session, stamp: datetime, place: str | None, host_label: str | None) -> Event:
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
    text = description(session, host_label)
    if text:
        event.add("description", text)
    return event


def sessions_calendar(sessions: list[Session], stamp: datetime, name: str, host_label: str | None = None) -> bytes:
    """Return an .ics document with one event per session, including the VTIMEZONE definitions used.

    With `host_label` ("Gastgemeente"), a session's host municipality is a line of its description.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(_event(session, stamp, session.location, host_label))
    calendar.add_missing_timezones()
    return calendar.to_ical()
