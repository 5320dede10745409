from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from bot.calendar import sessions_calendar
from bot.clock import ManualClock
from bot.db import Database
from bot.domain import sessions
from tests.conftest import plan_session


async def test_ics_has_zone_stable_uid_and_round_trips(db: Database, clock: ManualClock) -> None:
    first = await plan_session(
        db,
        clock.now(),
        guild_id=1,
        created_by=2,
        channel_id=3,
        title="Leerkring juni",
        starts="25-06-2027 14:00",
        location="Gemeentehuis Lochem",
        description="Terugblik, ‘experimenten’ & vervolg",
    )
    second = await plan_session(
        db, clock.now(), guild_id=1, created_by=2, channel_id=3, title="Leerkring december", starts="10-12-2026 19:30"
    )
    text = sessions_calendar([first, second], clock.now(), "Leerkring")
    calendar = Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Leerkring juni", "Leerkring december"]
    june = events[0]
    assert june.decoded("dtstart") == datetime(2027, 6, 25, 12, 0, tzinfo=UTC)
    assert june["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert june.decoded("dtend") - june.decoded("dtstart") == timedelta(hours=2)
    assert str(june["location"]) == "Gemeentehuis Lochem"
    assert str(june["description"]) == "Terugblik, ‘experimenten’ & vervolg"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]

    moved = await sessions.edit_session(db, clock.now(), guild_id=1, session_id=first.id, starts="26-06-2027 10:00")
    again = Calendar.from_ical(sessions_calendar([moved], clock.now(), "Leerkring")).walk("VEVENT")[0]
    assert str(again["uid"]) == str(june["uid"])
    assert int(again["sequence"]) == int(june["sequence"]) + 1
