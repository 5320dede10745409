from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.db.hosts import EntryMember
from bot.domain import calendar_links, hosts, sessions
from bot.errors import UserError
from bot.municipalities import directory
from tests.conftest import plan_session

GUILD, ORGANISER, CHANNEL = 1001, 7, 55
ZEIST, LOCHEM = directory().resolve("Zeist"), directory().resolve("Lochem")


async def plan(db: Database, clock: ManualClock, starts: str, location: str | None = None) -> sessions.Session:
    return await plan_session(
        db,
        clock.now(),
        guild_id=GUILD,
        created_by=ORGANISER,
        channel_id=CHANNEL,
        title=f"Sessie {starts}",
        starts=starts,
        location=location,
    )


async def call_for(db: Database, clock: ManualClock, text: str, closes: str | None = None) -> hosts.HostCall:
    return await hosts.open_call(
        db, clock.now(), guild_id=GUILD, channel_id=CHANNEL, created_by=ORGANISER, sessions_text=text, closes=closes
    )


def test_parse_session_ids() -> None:
    assert hosts.parse_session_ids("1, 2 ;#3 2") == [1, 2, 3]
    for bad in ["", "x", "1,,y"]:
        with pytest.raises(UserError):
            hosts.parse_session_ids(bad)


async def test_call_deadline_must_come_before_the_first_session(db: Database, clock: ManualClock) -> None:
    await plan(db, clock, "10-12-2026 19:30")
    await plan(db, clock, "5-12-2026 10:00")
    with pytest.raises(UserError) as late:
        await call_for(db, clock, "1,2", "6-12-2026 10:00")
    assert late.value.params == {"id": 2, "title": "Sessie 5-12-2026 10:00"}
    call = await call_for(db, clock, "1,2", "4-12-2026 10:00")
    timers = await db.fetch_all("SELECT kind, due_at FROM timers WHERE kind LIKE 'host_%' ORDER BY due_at")
    assert [(row[0], row[1]) for row in timers] == [
        ("host_call_warning", "2026-12-03T09:00:00+00:00"),
        ("host_call_close", "2026-12-04T09:00:00+00:00"),
    ]
    assert [s.id for s in await hosts.call_sessions(db, call)] == [1, 2]


async def test_one_entry_per_municipality_and_session(db: Database, clock: ManualClock) -> None:
    await plan(db, clock, "10-12-2026 19:30")
    call = await call_for(db, clock, "1")
    first = await hosts.volunteer(db, clock.now(), call, ZEIST, [1], "Raadzaal", 1)
    second = await hosts.volunteer(db, clock.now(), call, ZEIST, [1], "Raadzaal", 2)
    third = await hosts.volunteer(db, clock.now(), call, ZEIST, [1, 99], "40 plaatsen", 3)
    assert [new for _, new in first + second + third] == [True, False, False]
    [entry] = await hosts.entries(db, call.id)
    assert entry.municipality_name == "Zeist"
    assert entry.members == (EntryMember(1, "Raadzaal"), EntryMember(2, "Raadzaal"), EntryMember(3, "40 plaatsen"))
    assert entry.shown == "Zeist (Raadzaal · Raadzaal · 40 plaatsen)"


async def test_a_note_belongs_to_its_member_and_the_entry_ends_with_its_last_member(
    db: Database, clock: ManualClock
) -> None:
    await plan(db, clock, "10-12-2026 19:30")
    call = await call_for(db, clock, "1")
    await hosts.volunteer(db, clock.now(), call, ZEIST, [1], "Raadzaal", 1)
    await hosts.volunteer(db, clock.now(), call, ZEIST, [1], "x" * hosts.NOTE_MAX, 2)
    await hosts.volunteer(db, clock.now(), call, ZEIST, [1], "Raadzaal, 40 plaatsen", 1)
    await hosts.volunteer(db, clock.now(), call, ZEIST, [1], None, 2)
    [entry] = await hosts.entries(db, call.id)
    assert entry.members == (EntryMember(1, "Raadzaal, 40 plaatsen"), EntryMember(2, "x" * hosts.NOTE_MAX)), (
        "a new note replaces the member's own; none keeps it; a colleague's note never grows another's"
    )
    assert await hosts.withdraw(db, call, ZEIST.code, [1], 3) == [], "only one's own part can be withdrawn"
    assert await hosts.withdraw(db, call, ZEIST.code, [1], 1) == [1]
    [entry] = await hosts.entries(db, call.id)
    assert entry.member_ids == {2}, "the colleague's entry stays"
    assert await hosts.withdraw(db, call, ZEIST.code, [1], 2) == [1]
    assert await hosts.entries(db, call.id) == []
    assert await db.fetch_all("SELECT id FROM host_volunteers") == [], "the entry ended with its last member"


async def test_closed_calls_refuse_changes(db: Database, clock: ManualClock) -> None:
    await plan(db, clock, "10-12-2026 19:30")
    call = await call_for(db, clock, "1")
    assert await hosts.close_call(db, call.id)
    assert not await hosts.close_call(db, call.id)
    closed = await hosts.get_call(db, GUILD, call.id)
    for attempt in (
        hosts.volunteer(db, clock.now(), closed, ZEIST, [1], None, 1),
        hosts.withdraw(db, closed, "x", [1], 1),
    ):
        with pytest.raises(UserError) as refused:
            await attempt
        assert refused.value.key == "hosts.call_closed"


async def test_confirmation_sets_host_and_location_unless_one_was_given(db: Database, clock: ManualClock) -> None:
    await plan(db, clock, "10-12-2026 19:30")
    await plan(db, clock, "11-12-2026 19:30", location="Provinciehuis Utrecht")
    assert (await hosts.confirm_host(db, clock.now(), GUILD, 1, ZEIST)).location == "Gemeente Zeist"
    changed = await hosts.confirm_host(db, clock.now(), GUILD, 1, LOCHEM)
    assert (changed.host_name, changed.location) == ("Lochem", "Gemeente Lochem")
    kept = await hosts.confirm_host(db, clock.now(), GUILD, 2, ZEIST)
    assert (kept.host_name, kept.location) == ("Zeist", "Provinciehuis Utrecht")


async def test_last_hosted_counts_past_sessions_of_this_server(db: Database, clock: ManualClock) -> None:
    past = await plan(db, clock, "27-11-2026 10:00")
    await plan(db, clock, "10-12-2026 19:30")
    await hosts.confirm_host(db, clock.now(), GUILD, past.id, ZEIST)
    await hosts.confirm_host(db, clock.now(), GUILD, 2, LOCHEM)
    later = clock.now() + timedelta(days=2)
    assert await hosts.last_hosted(db, GUILD, [ZEIST.code, LOCHEM.code], later) == {ZEIST.code: past.start.utc}
    assert await hosts.last_hosted(db, GUILD + 1, [ZEIST.code], later) == {}


async def test_a_confirmation_is_a_change_calendar_apps_see(db: Database, clock: ManualClock) -> None:
    planned = await plan(db, clock, "10-12-2026 19:30")
    before = await calendar_links.feed(db, GUILD, clock.now())
    clock.advance(timedelta(hours=1))
    confirmed = await hosts.confirm_host(db, clock.now(), GUILD, planned.id, ZEIST)
    after = await calendar_links.feed(db, GUILD, clock.now())
    assert confirmed.sequence == planned.sequence + 1
    assert before.changed_at is not None and after.changed_at == clock.now() > before.changed_at, (
        "Last-Modified moves, so a calendar app polling with If-Modified-Since sees the new host"
    )
