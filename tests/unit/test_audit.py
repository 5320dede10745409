import pytest

from bot.clock import ManualClock
from bot.db import Database, Tx
from bot.domain import audit
from tests.unit.privacy_world import GUILD, OTHER_GUILD

ORGANISER = 7


async def test_entries_are_kept_per_server_newest_first(db: Database, clock: ManualClock) -> None:
    await audit.record(db, clock.now(), GUILD, ORGANISER, audit.HOST_CONFIRM, "#1: Zeist")
    await audit.record(db, clock.now(), OTHER_GUILD, ORGANISER, audit.SETUP_CHANGE, "language=en")
    await audit.record(db, clock.now(), GUILD, ORGANISER, audit.IDEA_STATUS, "x" * 600)
    latest = await audit.latest(db, GUILD)
    assert [(e.action, len(e.detail)) for e in latest] == [(audit.IDEA_STATUS, 500), (audit.HOST_CONFIRM, 9)]
    assert latest[0].created_at == clock.now() and latest[0].actor_id == ORGANISER
    assert [e.action for e in await audit.latest(db, OTHER_GUILD)] == [audit.SETUP_CHANGE]


async def test_an_entry_written_in_a_write_job_goes_with_it(db: Database, clock: ManualClock) -> None:
    def export_that_fails(tx: Tx) -> None:
        audit.record_in(tx, clock.now(), GUILD, ORGANISER, audit.DATA_EXPORT, "ideas csv")
        raise RuntimeError("the export failed")

    with pytest.raises(RuntimeError):
        await db.write(export_that_fails)
    assert await audit.latest(db, GUILD) == []
    await db.write(lambda tx: audit.record_in(tx, clock.now(), GUILD, ORGANISER, audit.DATA_EXPORT, "ideas csv"))
    assert [e.detail for e in await audit.latest(db, GUILD)] == ["ideas csv"]


def test_counts_detail_names_what_changed() -> None:
    assert audit.counts_detail({"profile": 1, "rsvps": 0, "ideas": 2}) == "profile=1 ideas=2"
