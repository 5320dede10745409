"""Sessions as an iCalendar (.ics) file, with their own time zone and stable UIDs (re-import updates)."""

from collections.abc import Mapping, Sequence
from datetime import datetime

from icalendar import Calendar, Event

from bot.domain.resources import Resource
from bot.domain.sessions import Session

PRODUCT_ID = "-//Leerkring//Leerkring bot//NL"


def session_uid(session: Session) -> str:
    """The event's stable identity: the same session always gets the same UID."""
    return f"session-{session.id}-guild-{session.guild_id}@leerkring"


def preparation(material: Sequence[Resource], label: str) -> str:
    """'Ter voorbereiding:' and a line per piece of material with its title and address."""
    return "\n".join([f"{label}:", *(f"- {resource.title}: {resource.link}" for resource in material)])


def description(
    session: Session, host_label: str | None, material: Sequence[Resource] = (), prepare_label: str | None = None
) -> str | None:
    """The event's description: the session's own, its host municipality when `host_label` names the line, and
    its shared material when `prepare_label` names that part."""
    lines = [session.description] if session.description else []
    if host_label and session.host_name:
        lines.append(f"{host_label}: {session.host_name}")
    if prepare_label and material:
        lines.append(preparation(material, prepare_label))
    return "\n\n".join(lines) or None


def _event(
    session: Session,
    stamp: datetime,
    place: str | None,
    host_label: str | None,
    material: Sequence[Resource],
    prepare_label: str | None,
) -> Event:
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
    text = description(session, host_label, material, prepare_label)
    if text:
        event.add("description", text)
    return event


def sessions_calendar(
    sessions: list[Session],
    stamp: datetime,
    name: str,
    host_label: str | None = None,
    material: Mapping[int, Sequence[Resource]] | None = None,
    prepare_label: str | None = None,
) -> bytes:
    """Return an .ics document with one event per session, including the VTIMEZONE definitions used.

    With `host_label` ("Gastgemeente"), a session's host municipality is a line of its description; with
    `prepare_label` ("Ter voorbereiding"), so is its shared material (`material`, per session id).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        shared = (material or {}).get(session.id, ())
        calendar.add_component(_event(session, stamp, session.location, host_label, shared, prepare_label))
    calendar.add_missing_timezones()
    return calendar.to_ical()
