"""Upgrade safety: a database filled at every earlier schema level upgrades to the latest with its data intact."""

from pathlib import Path

import pytest

from bot.db import Database, Tx
from bot.db.migrate import load_migrations, migrate, schema_version

T = "2026-11-26T11:00:00+00:00"

# Rows a database could hold at each level (what that level's tables require), inserted with explicit ids.
ROWS_BY_LEVEL: dict[int, list[tuple[str, dict[str, object]]]] = {
    1: [
        (
            "guild_settings",
            {
                "guild_id": 1,
                "language": "nl",
                "timezone": "Europe/Amsterdam",
                "organiser_role_id": 7,
                "reminder_offsets": "7d,1d",
                "updated_at": T,
            },
        ),
        (
            "profiles",
            {"guild_id": 1, "user_id": 42, "municipality_code": "GM0355", "organisation": "Zeist", "updated_at": T},
        ),
    ],
    2: [
        (
            "timers",
            {"id": 1, "guild_id": 1, "kind": "session_reminder", "subject_id": 1, "due_at": T, "next_attempt_at": T},
        ),
    ],
    3: [
        (
            "sessions",
            {
                "id": 1,
                "guild_id": 1,
                "title": "Kick-off",
                "starts_local": "2026-12-10T19:30",
                "zone": "Europe/Amsterdam",
                "starts_at": "2026-12-10T18:30:00+00:00",
                "duration_minutes": 120,
                "channel_id": 5,
                "status": "planned",
                "created_by": 7,
                "created_at": T,
                "updated_at": T,
            },
        ),
        ("rsvps", {"session_id": 1, "user_id": 42, "attending": 1, "updated_at": T}),
        (
            "reminders",
            {
                "id": 1,
                "session_id": 1,
                "offset_minutes": 10080,
                "fire_local": "2026-12-03T19:30",
                "zone": "Europe/Amsterdam",
                "created_at": T,
            },
        ),
        ("guild_notices", {"guild_id": 1, "kind": "events_permission", "created_at": T}),
    ],
    4: [
        (
            "prompts",
            {
                "id": 1,
                "guild_id": 1,
                "channel_id": 5,
                "message_id": 900,
                "question": "Welke?",
                "session_id": 1,
                "interaction_id": 800,
                "created_by": 7,
                "created_at": T,
            },
        ),
        (
            "ideas",
            {
                "id": 1,
                "guild_id": 1,
                "prompt_id": 1,
                "author_id": 42,
                "organisation": "Zeist",
                "text": "Burgerberaad",
                "source": "reply",
                "source_message_id": 901,
                "created_at": T,
                "updated_at": T,
            },
        ),
        ("idea_support", {"idea_id": 1, "user_id": 43, "created_at": T}),
        ("read_cursors", {"channel_id": 5, "guild_id": 1, "last_message_id": 901}),
    ],
    5: [
        ("host_calls", {"id": 1, "guild_id": 1, "channel_id": 5, "created_by": 7, "created_at": T}),
        ("host_call_sessions", {"call_id": 1, "session_id": 1, "position": 0}),
        (
            "host_volunteers",
            {
                "id": 1,
                "call_id": 1,
                "session_id": 1,
                "municipality_code": "GM0355",
                "municipality_name": "Zeist",
                "note": "Raadzaal",
                "volunteered_by": 42,
                "created_at": T,
            },
        ),
    ],
    6: [
        ("audit_log", {"id": 1, "guild_id": 1, "actor_id": 7, "action": "host.confirm", "created_at": T}),
        ("pending_erasures", {"id": 1, "guild_id": 1, "user_id": 44, "requested_at": T}),
    ],
    7: [("host_volunteer_members", {"volunteer_id": 1, "user_id": 43, "note": "Kantine", "created_at": T})],
    8: [("calendar_tokens", {"guild_id": 1, "token_hash": b"\x01" * 32, "created_at": T})],
    9: [
        ("checkin_messages", {"session_id": 1, "channel_id": 5, "message_id": 902, "created_at": T}),
        ("checkins", {"session_id": 1, "user_id": 42, "checked_in_at": T}),
        ("session_records", {"session_id": 1, "stands_out": "Veel energie", "updated_by": 7, "updated_at": T}),
    ],
    10: [
        (
            "signup_calls",
            {"id": 1, "guild_id": 1, "channel_id": 5, "question": "Wie doet mee?", "created_by": 7, "created_at": T},
        ),
        (
            "signup_entries",
            {"id": 1, "call_id": 1, "municipality_code": "GM0355", "municipality_name": "Zeist", "created_at": T},
        ),
        ("signup_members", {"entry_id": 1, "user_id": 42, "note": "Anouk", "created_at": T}),
    ],
    11: [
        (
            "idea_status_changes",
            {"idea_id": 1, "status": "done", "changed_by": 7, "municipality_name": "Zeist", "changed_at": T},
        )
    ],
    12: [
        (
            "pending_ideas",
            {
                "id": 1,
                "guild_id": 1,
                "prompt_id": 1,
                "author_id": 42,
                "text": "Een burgerpanel",
                "source": "form",
                "interaction_id": 990,
                "created_at": T,
            },
        ),
        ("pending_idea_offers", {"id": 1, "pending_id": 1, "idea_id": 1}),
    ],
    13: [
        ("member_preferences", {"guild_id": 1, "user_id": 42, "notifications": "off", "updated_at": T}),
        (
            "notice_batches",
            {"id": 1, "guild_id": 1, "kind": "idea_status", "params": "{}", "coalesce_key": "idea:1", "created_at": T},
        ),
        ("notices", {"batch_id": 1, "guild_id": 1, "user_id": 42, "status": "skipped"}),
    ],
    14: [("rsvps", {"session_id": 1, "user_id": 43, "state": "waiting", "source": "event", "updated_at": T})],
    15: [
        (
            "resources",
            {
                "id": 1,
                "guild_id": 1,
                "session_id": 1,
                "title": "Inspiratiebundel",
                "url": "https://example.org/bundel.pdf",
                "host": "example.org",
                "filename": None,
                "channel_id": None,
                "message_id": None,
                "shared_by": 42,
                "created_at": T,
            },
        ),
        (
            "resources",
            {
                "id": 2,
                "guild_id": 1,
                "session_id": None,
                "title": "Filmpje",
                "url": None,
                "host": None,
                "filename": "film.mp4",
                "channel_id": 5,
                "message_id": 903,
                "shared_by": 43,
                "created_at": T,
            },
        ),
    ],
}
MOVED_COLUMNS = {"host_volunteers": ("note", "volunteered_by")}
"""Columns that a later migration moved to a table of their own (0007: a host entry's member and note)."""


def upgraded(table: str, values: dict[str, object]) -> list[tuple[str, dict[str, object]]]:
    """A fixture row as it reads after every migration: without its moved columns, plus the rows they moved to."""
    moved = MOVED_COLUMNS.get(table, ())
    kept = (table, {column: value for column, value in values.items() if column not in moved})
    if table != "host_volunteers":
        return [kept]
    member = {
        "volunteer_id": values["id"],
        "user_id": values["volunteered_by"],
        "note": values["note"],
        "created_at": values["created_at"],
    }
    return [kept, ("host_volunteer_members", member)]


def test_every_level_has_fixture_rows() -> None:
    assert sorted(ROWS_BY_LEVEL) == list(range(1, len(load_migrations()) + 1))


def fill(tx: Tx, rows: list[tuple[str, dict[str, object]]]) -> None:
    """Insert fixture rows."""
    for table, values in rows:
        marks = ", ".join("?" for _ in values)
        tx.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})", tuple(values.values()))


@pytest.mark.parametrize("level", range(1, len(load_migrations())))
async def test_a_filled_database_upgrades_with_its_data_intact(tmp_path: Path, level: int) -> None:
    db = await Database.open(tmp_path / f"level{level}.db")
    try:
        for lower in range(1, level + 1):  # the data grows as the schema does: each level's rows in its own schema
            await migrate(db, load_migrations()[:lower])
            await db.write(lambda tx, lower=lower: fill(tx, ROWS_BY_LEVEL[lower]))
        rows = [row for lower in range(1, level + 1) for row in ROWS_BY_LEVEL[lower]]
        await migrate(db)
        assert await schema_version(db) == len(load_migrations())
        upgraded_rows = [moved for row in rows for moved in upgraded(*row)]
        for table, values in upgraded_rows:  # each row still there with its values, whatever level wrote it
            where = " AND ".join(f"{column} IS ?" for column in values)
            found = await db.fetch_one(f"SELECT count(*) FROM {table} WHERE {where}", tuple(values.values()))
            assert found is not None and found[0] == 1, (table, values)
        for table in {table for table, _ in upgraded_rows}:  # and nothing more
            counted = await db.fetch_one(f"SELECT count(*) FROM {table}")
            assert counted is not None and counted[0] == sum(1 for name, _ in upgraded_rows if name == table), table
        assert await db.fetch_all("PRAGMA foreign_key_check") == []
        assert tuple(await db.fetch_one("PRAGMA integrity_check")) == ("ok",)  # type: ignore[arg-type]
    finally:
        await db.close()
