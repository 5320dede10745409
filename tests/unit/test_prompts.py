from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.db import Database, Tx
from bot.db.codec import to_db
from bot.domain import intake, prompts
from bot.domain.intake import Incoming, Outcome, Reference
from bot.domain.prompts import CLOSE_TIMER, REMINDER_TIMER, Prompt
from bot.errors import UserError

GUILD, CHANNEL, ORGANISER = 1001, 2002, 7
NOW = datetime(2026, 11, 26, 11, 0, tzinfo=UTC)


async def opened(db: Database, clock: ManualClock, interaction_id: int = 1, **options: object) -> Prompt:
    """Open and 'post' a prompt: its message id is 100 × interaction id, its thread the same id."""
    settings: dict[str, object] = {"session_id": None, "closes": None, **options}
    prompt = await prompts.open_prompt(
        db,
        GUILD,
        CHANNEL,
        "Welke experimenten?",
        interaction_id=interaction_id,
        created_by=ORGANISER,
        now=clock.now(),
        **settings,  # type: ignore[arg-type]
    )
    return await prompts.attach_message(db, prompt, 100 * interaction_id, 100 * interaction_id)


async def add_session(db: Database, starts: datetime, attendees: list[int]) -> int:
    def insert(tx: Tx) -> int:
        cursor = tx.execute(
            "INSERT INTO sessions (guild_id, title, starts_local, zone, starts_at, duration_minutes, channel_id, "
            "created_by, created_at, updated_at) VALUES (?, 'December', ?, 'Europe/Amsterdam', ?, 120, ?, ?, ?, ?)",
            (GUILD, starts.isoformat(), to_db(starts), CHANNEL, ORGANISER, to_db(NOW), to_db(NOW)),
        )
        assert cursor.lastrowid is not None
        tx.executemany(
            "INSERT INTO rsvps (session_id, user_id, state, updated_at) VALUES (?, ?, 'coming', ?)",
            [(cursor.lastrowid, user_id, to_db(NOW)) for user_id in attendees],
        )
        return cursor.lastrowid

    return await db.write(insert)


def reply(message_id: int, author: int, text: str, prompt: Prompt) -> Incoming:
    return Incoming(GUILD, CHANNEL, message_id, author, text, Reference(0, prompt.message_id, CHANNEL, GUILD), NOW)


async def timers(db: Database) -> list[tuple[str, str, str]]:
    rows = await db.fetch_all("SELECT kind, status, due_at FROM timers ORDER BY kind")
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_reminder_is_a_day_before_or_halfway_when_nearer() -> None:
    assert prompts.reminder_moment(NOW, NOW + timedelta(days=5)) == NOW + timedelta(days=4)
    assert prompts.reminder_moment(NOW, NOW + timedelta(hours=48)) == NOW + timedelta(hours=24)
    assert prompts.reminder_moment(NOW, NOW + timedelta(hours=10)) == NOW + timedelta(hours=5)


async def test_open_schedules_close_and_reminder_once_per_interaction(db: Database, clock: ManualClock) -> None:
    prompt = await opened(db, clock, closes="30-11-2026 17:00")
    again = await prompts.open_prompt(
        db, GUILD, CHANNEL, "Welke experimenten?", session_id=None, closes="30-11-2026 17:00",
        interaction_id=1, created_by=ORGANISER, now=clock.now(),
    )  # fmt: skip
    assert again.id == prompt.id
    assert prompt.closes_at == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert await timers(db) == [
        (CLOSE_TIMER, "pending", "2026-11-30T16:00:00+00:00"),
        (REMINDER_TIMER, "pending", "2026-11-29T16:00:00+00:00"),
    ]


@pytest.mark.parametrize(("question", "key"), [("  ", "prompt.empty"), ("x" * 1001, "prompt.too_long")])
async def test_bad_questions_are_refused(db: Database, clock: ManualClock, question: str, key: str) -> None:
    with pytest.raises(UserError) as refused:
        await prompts.open_prompt(
            db, GUILD, CHANNEL, question, session_id=None, closes=None, interaction_id=1, created_by=1, now=NOW
        )
    assert refused.value.key == key


async def test_deadline_after_an_upcoming_session_is_refused(db: Database, clock: ManualClock) -> None:
    session = await add_session(db, datetime(2026, 12, 10, 18, 30, tzinfo=UTC), [])
    with pytest.raises(UserError) as refused:
        await opened(db, clock, session_id=session, closes="11-12-2026 10:00")
    assert refused.value.key == "prompt.closes_after_session"
    with pytest.raises(UserError) as unknown:
        await opened(db, clock, session_id=session + 1)
    assert unknown.value.params == {"id": session + 1}
    assert await db.fetch_all("SELECT id FROM prompts") == []
    past = await add_session(db, NOW - timedelta(days=1), [])
    assert (await opened(db, clock, session_id=past, closes="11-12-2026 10:00")).session_id == past


async def test_closing_is_idempotent_and_cancels_pending_timers(db: Database, clock: ManualClock) -> None:
    prompt = await opened(db, clock, closes="30-11-2026 17:00")
    assert await prompts.close_prompt(db, prompt.id, clock.now())
    assert not await prompts.close_prompt(db, prompt.id, clock.now())
    assert [(kind, status) for kind, status, _ in await timers(db)] == [
        ("prompt_close", "cancelled"),
        ("prompt_digest", "pending"),
        ("prompt_reminder", "cancelled"),
    ]
    with pytest.raises(UserError) as closed:
        await prompts.find_open_prompt(db, GUILD, prompt.id)
    assert closed.value.key == "prompt.closed"


async def test_reminder_summary_nudges_attendees_without_ideas(db: Database, clock: ManualClock) -> None:
    session = await add_session(db, datetime(2026, 12, 10, 18, 30, tzinfo=UTC), [11, 12, 13])
    prompt = await opened(db, clock, session_id=session)
    await intake.take_message(db, reply(501, 12, "Idee", prompt), NOW, advance_cursor=False)
    await intake.take_message(db, reply(502, 12, "Nog een", prompt), NOW, advance_cursor=False)
    await intake.take_message(db, reply(503, 99, "Van een gast", prompt), NOW, advance_cursor=False)
    summary = await prompts.reminder_summary(db, prompt)
    assert (summary.contributors, summary.ideas, summary.to_nudge) == (2, 3, [11, 13])


async def test_message_intake_outcomes(db: Database, clock: ManualClock) -> None:
    prompt = await opened(db, clock)
    assert (await intake.take_message(db, reply(501, 11, " Idee ", prompt), NOW, advance_cursor=False)).outcome is (
        Outcome.STORED
    )
    assert (await intake.take_message(db, reply(501, 11, "Idee", prompt), NOW, advance_cursor=False)).outcome is (
        Outcome.KNOWN
    )
    unrelated = Incoming(GUILD, CHANNEL, 502, 11, "Hallo", Reference(0, 499, CHANNEL, GUILD), NOW)
    assert (await intake.take_message(db, unrelated, NOW, advance_cursor=False)).outcome is Outcome.IGNORED
    empty = reply(503, 11, "", prompt)
    assert (await intake.take_message(db, empty, NOW, advance_cursor=False)).outcome is Outcome.UNREADABLE
    in_thread = Incoming(GUILD, prompt.thread_id or 0, 504, 12, "In de draad", None, NOW)
    assert (await intake.take_message(db, in_thread, NOW, advance_cursor=False)).outcome is Outcome.STORED
    await prompts.close_prompt(db, prompt.id, clock.now())
    assert (await intake.take_message(db, reply(505, 11, "Te laat", prompt), NOW, advance_cursor=False)).outcome is (
        Outcome.LATE
    )
    rows = await db.fetch_all("SELECT source, text, source_message_id FROM ideas ORDER BY id")
    assert [tuple(row) for row in rows] == [("reply", "Idee", 501), ("thread", "In de draad", 504)]


async def test_only_a_reply_in_the_prompts_own_channel_refers_to_it(db: Database, clock: ManualClock) -> None:
    prompt = await opened(db, clock)
    elsewhere = CHANNEL + 1
    references = {
        "forward here": (CHANNEL, Reference(1, prompt.message_id, CHANNEL, GUILD)),
        "forward elsewhere": (elsewhere, Reference(1, prompt.message_id, CHANNEL, GUILD)),
        "reply from another channel": (elsewhere, Reference(0, prompt.message_id, CHANNEL, GUILD)),
        "reference claimed here, in another server": (CHANNEL, Reference(0, prompt.message_id, CHANNEL, GUILD + 1)),
        "reference to it from another channel": (elsewhere, Reference(0, prompt.message_id, elsewhere, GUILD)),
    }
    for number, (channel_id, reference) in enumerate(references.values()):
        message = Incoming(GUILD, channel_id, 600 + number, 11, "", reference, NOW)
        taken = await intake.take_message(db, message, NOW, advance_cursor=False)
        assert taken.outcome is Outcome.IGNORED, reference
    assert await db.fetch_all("SELECT id FROM ideas") == []


async def test_message_text_is_sanitised_and_too_long_is_stored_nowhere(db: Database, clock: ManualClock) -> None:
    prompt = await opened(db, clock)
    hidden = " Id\u00adee\u2066 met\x00 tekst\U000e0041 "
    assert (await intake.take_message(db, reply(501, 11, hidden, prompt), NOW, advance_cursor=False)).outcome is (
        Outcome.STORED
    )
    invisible = reply(502, 11, "\u200b\u2067", prompt)
    assert (await intake.take_message(db, invisible, NOW, advance_cursor=False)).outcome is Outcome.IGNORED
    too_long = reply(503, 11, "x" * 4001, prompt)
    assert (await intake.take_message(db, too_long, NOW, advance_cursor=True)).outcome is Outcome.TOO_LONG
    fits = reply(504, 11, "x" * 4000 + "\u00ad" * 5, prompt)
    assert (await intake.take_message(db, fits, NOW, advance_cursor=False)).outcome is Outcome.STORED
    rows = await db.fetch_all("SELECT source_message_id, length(text) FROM ideas ORDER BY id")
    assert [tuple(row) for row in rows] == [(501, len("Idee met tekst")), (504, 4000)]
    assert (await db.fetch_one("SELECT text FROM ideas WHERE source_message_id = 501"))[0] == "Idee met tekst"
    assert (CHANNEL, 503) in await intake.reading_plan(db)


async def test_a_prompt_posted_after_the_first_lookup_is_found(db: Database, clock: ManualClock) -> None:
    first = await opened(db, clock, interaction_id=1)
    assert (await intake.take_message(db, reply(501, 11, "Idee", first), NOW, advance_cursor=False)).outcome is (
        Outcome.STORED
    )
    second = await opened(db, clock, interaction_id=2)
    assert (await intake.take_message(db, reply(502, 11, "Idee", second), NOW, advance_cursor=False)).outcome is (
        Outcome.STORED
    )


async def test_reading_plan_starts_after_the_prompt_then_follows_the_cursor(db: Database, clock: ManualClock) -> None:
    first = await opened(db, clock, interaction_id=1)
    await opened(db, clock, interaction_id=2)
    assert await intake.reading_plan(db) == [(100, 100), (200, 200), (CHANNEL, 100)]
    await intake.take_message(db, reply(150, 11, "Idee", first), NOW, advance_cursor=True)
    await intake.mark_read(db, GUILD, 100, 120)
    assert await intake.reading_plan(db) == [(100, 120), (200, 200), (CHANNEL, 150)]
    await prompts.close_prompt(db, first.id, clock.now())
    assert await intake.reading_plan(db) == [(200, 200), (CHANNEL, 200)]
