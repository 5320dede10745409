from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import audit, retention
from bot.domain.settings import set_retention
from tests.unit.privacy_world import GUILD, MEMBER, OTHER, OTHER_GUILD, leave_traces, rows_mentioning


def test_months_before_keeps_the_day_within_the_month() -> None:
    assert retention.months_before(datetime(2026, 3, 31, 9, tzinfo=UTC), 1) == datetime(2026, 2, 28, 9, tzinfo=UTC)
    assert retention.months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(2024, 12, 15, tzinfo=UTC)


def test_next_sweep_is_the_next_three_oclock_utc() -> None:
    assert retention.next_sweep(datetime(2026, 11, 26, 2, 59, tzinfo=UTC)) == datetime(2026, 11, 26, 3, tzinfo=UTC)
    assert retention.next_sweep(datetime(2026, 11, 26, 3, 0, tzinfo=UTC)) == datetime(2026, 11, 27, 3, tzinfo=UTC)


async def sweeps(db: Database) -> list[tuple[str, str]]:
    rows = await db.fetch_all("SELECT due_at, status FROM timers WHERE kind = ? ORDER BY id", (retention.KIND,))
    return [(row[0], row[1]) for row in rows]


async def test_a_sweep_is_planned_only_while_a_server_has_a_retention_period(db: Database, clock: ManualClock) -> None:
    await retention.ensure_scheduled(db, clock.now())
    assert await sweeps(db) == []
    await set_retention(db, GUILD, clock.now(), retention_months=12)
    await retention.ensure_scheduled(db, clock.now())
    await retention.ensure_scheduled(db, clock.now())
    assert await sweeps(db) == [("2026-11-27T03:00:00+00:00", "pending")]


async def test_old_ideas_and_attendance_are_anonymised_keeping_their_counts(db: Database, clock: ManualClock) -> None:
    await leave_traces(db, clock)
    await leave_traces(db, clock, OTHER_GUILD)
    await set_retention(db, GUILD, clock.now(), retention_months=6)
    clock.advance(timedelta(days=180))
    assert await retention.sweep(db, clock.now()) == {}  # the ideas are not six months old yet
    clock.advance(timedelta(days=10))

    assert await retention.sweep(db, clock.now()) == {GUILD: {"ideas": 2, "supports": 2, "rsvps": 0}}
    clock.advance(timedelta(days=230))  # six months after the sessions
    assert await retention.sweep(db, clock.now()) == {GUILD: {"ideas": 0, "supports": 0, "rsvps": 3}}

    ideas = await db.fetch_all("SELECT author_id FROM ideas WHERE guild_id = ?", (GUILD,))
    assert [row[0] for row in ideas] == [0, 0]
    counts = await db.fetch_all(
        "SELECT count(*), sum(user_id < 0) FROM rsvps r JOIN sessions s ON s.id = r.session_id WHERE s.guild_id = ?",
        (GUILD,),
    )
    assert tuple(counts[0]) == (3, 3)
    assert "profiles.user_id" in await rows_mentioning(db, MEMBER)  # the profile is not subject to retention
    assert await retention.sweep(db, clock.now()) == {}
    [entry] = await audit.latest(db, GUILD, limit=1)
    assert (entry.action, entry.detail) == (audit.RETENTION, "rsvps=3")
    other = await db.fetch_all("SELECT author_id FROM ideas WHERE guild_id = ? ORDER BY id", (OTHER_GUILD,))
    assert [row[0] for row in other] == [MEMBER, OTHER]


async def test_old_ideas_and_attendance_can_be_erased(db: Database, clock: ManualClock) -> None:
    await leave_traces(db, clock)
    await set_retention(db, GUILD, clock.now(), member_ideas="erase", retention_months=1)
    clock.advance(timedelta(days=120))
    assert await retention.sweep(db, clock.now()) == {GUILD: {"ideas": 2, "rsvps": 3}}
    assert (await db.fetch_one("SELECT (SELECT count(*) FROM ideas) + (SELECT count(*) FROM rsvps)"))[0] == 0  # type: ignore[index]
