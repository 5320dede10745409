"""Calendar feed tokens: random, kept only as a digest, one per server; the feed's window of sessions."""

import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import calendar_links
from tests.conftest import plan_session

GUILD, OTHER, ORGANISER = 1, 2, 77


async def test_a_token_is_kept_only_as_its_digest_and_rotating_replaces_it(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    made = await calendar_links.make_link(db, GUILD, ORGANISER, clock.now(), rotate=False)
    assert made is not None and not made.rotated and calendar_links.TOKEN_SHAPE.fullmatch(made.token)
    assert await calendar_links.make_link(db, GUILD, ORGANISER, clock.now(), rotate=False) is None
    assert await calendar_links.guild_of(db, made.token) == GUILD
    with sqlite3.connect(tmp_path / "leerkring.db") as raw:
        stored = raw.execute("SELECT guild_id, token_hash FROM calendar_tokens").fetchall()
    assert stored == [(GUILD, calendar_links.digest(made.token))]
    assert made.token.encode() not in stored[0][1]

    rotated = await calendar_links.make_link(db, GUILD, ORGANISER, clock.now(), rotate=True)
    assert rotated is not None and rotated.rotated and rotated.token != made.token
    assert await calendar_links.guild_of(db, made.token) is None
    assert await calendar_links.guild_of(db, rotated.token) == GUILD
    other = await calendar_links.make_link(db, OTHER, ORGANISER, clock.now(), rotate=True)
    assert other is not None and not other.rotated
    assert await calendar_links.guild_of(db, other.token) == OTHER


async def test_malformed_tokens_open_nothing(db: Database, clock: ManualClock) -> None:
    made = await calendar_links.make_link(db, GUILD, ORGANISER, clock.now(), rotate=False)
    assert made is not None
    for token in ("", made.token[:-1], made.token + "A", made.token.upper(), "../" + made.token[3:], "x" * 43):
        assert await calendar_links.guild_of(db, token) is None, token


async def test_the_feed_holds_the_last_90_days_and_what_is_coming(db: Database, clock: ManualClock) -> None:
    fields = {"guild_id": GUILD, "created_by": ORGANISER, "channel_id": 5}
    old = await plan_session(db, clock.now(), title="Oud", starts="01-12-2026 19:30", **fields)
    recent = await plan_session(db, clock.now(), title="Recent", starts="20-12-2026 19:30", **fields)
    await plan_session(db, clock.now(), title="Elders", starts="20-12-2026 19:30", **(fields | {"guild_id": OTHER}))
    coming = await plan_session(db, clock.now(), title="Straks", starts="15-05-2027 19:30", **fields)
    clock.advance(timedelta(days=100))  # 6 March 2027: 1 December is 95 days ago, 20 December 76
    feed = await calendar_links.feed(db, GUILD, clock.now())
    assert [s.id for s in feed.sessions] == [recent.id, coming.id]
    assert old.id not in {s.id for s in feed.sessions}
    assert feed.changed_at is not None and feed.changed_at < clock.now()
