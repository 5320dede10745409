"""SQL for data exports: one query per dataset, rows in a stable order, decoded into plain objects."""

import sqlite3
from collections.abc import Callable
from typing import Any

from bot.db.connection import Database
from bot.db.personal_data import is_member_id_column

IDEAS = """
SELECT i.id, i.prompt_id, p.question, i.author_id, i.organisation, i.municipality_code, i.text, i.source,
       i.status, i.status_note, i.theme, i.merged_into,
       (SELECT count(*) FROM idea_support s WHERE s.idea_id = i.id) AS support, i.created_at
FROM ideas i JOIN prompts p ON p.id = i.prompt_id
WHERE i.guild_id = ? AND i.withdrawn_at IS NULL
ORDER BY i.prompt_id, support DESC, i.id
"""

VOLUNTEERS = """
SELECT v.call_id, v.session_id, s.title AS session_title, v.municipality_code, v.municipality_name, m.note,
       m.user_id AS volunteered_by, s.host_code = v.municipality_code AS confirmed_host, m.created_at
FROM host_volunteers v JOIN sessions s ON s.id = v.session_id JOIN host_volunteer_members m ON m.volunteer_id = v.id
WHERE s.guild_id = ?
ORDER BY v.session_id, v.id, m.created_at, m.user_id
"""

ATTENDANCE = """
SELECT r.session_id, s.title AS session_title, r.user_id, r.state = 'coming' AS attending, r.state, r.source,
       pr.organisation, pr.municipality_code, r.updated_at
FROM rsvps r JOIN sessions s ON s.id = r.session_id
LEFT JOIN profiles pr ON pr.guild_id = s.guild_id AND pr.user_id = r.user_id
WHERE s.guild_id = ?
ORDER BY r.session_id, r.state = 'coming' DESC, r.state = 'waiting' DESC, r.updated_at, r.rowid
"""

SESSIONS = """
SELECT s.id, s.title, s.starts_local, s.zone, s.duration_minutes, s.location, s.host_name, s.status, s.capacity,
       (SELECT count(*) FROM rsvps r WHERE r.session_id = s.id AND r.state = 'coming') AS coming,
       (SELECT count(*) FROM rsvps r WHERE r.session_id = s.id AND r.state = 'waiting') AS waiting,
       (SELECT count(*) FROM rsvps r WHERE r.session_id = s.id AND r.state = 'not_coming') AS not_coming
FROM sessions s WHERE s.guild_id = ?
ORDER BY s.starts_at, s.id
"""

RECORDS = """
SELECT r.session_id, s.title AS session_title, s.starts_local, r.stands_out, r.opportunities, r.follow_up,
       r.proposals, r.notes, (SELECT count(*) FROM checkins c WHERE c.session_id = s.id) AS checked_in,
       r.updated_by, r.updated_at
FROM session_records r JOIN sessions s ON s.id = r.session_id
WHERE s.guild_id = ?
ORDER BY s.starts_at, s.id
"""

STATUS_HISTORY = """
SELECT c.idea_id, i.prompt_id, c.status, c.note, c.municipality_code, c.municipality_name, c.changed_by, c.changed_at
FROM idea_status_changes c JOIN ideas i ON i.id = c.idea_id
WHERE i.guild_id = ?
ORDER BY c.idea_id, c.id
"""

SIGNUPS = """
SELECT e.call_id, c.question, e.municipality_code, e.municipality_name, m.user_id AS member_id, m.note, m.created_at
FROM signup_entries e JOIN signup_calls c ON c.id = e.call_id JOIN signup_members m ON m.entry_id = e.id
WHERE c.guild_id = ?
ORDER BY e.call_id, e.id, m.created_at, m.user_id
"""

RESOURCES = """
SELECT r.id, r.session_id, s.title AS session_title, r.title, r.description,
       CASE WHEN r.url IS NOT NULL THEN 'link' ELSE 'file' END AS kind, r.url, r.host, r.filename,
       CASE WHEN r.url IS NULL THEN 'https://discord.com/channels/' || r.guild_id || '/' || r.channel_id || '/' ||
            r.message_id END AS message_link,
       r.shared_by, r.created_at
FROM resources r LEFT JOIN sessions s ON s.id = r.session_id
WHERE r.guild_id = ? AND (r.url IS NOT NULL OR r.message_id IS NOT NULL)
ORDER BY r.id
"""

QUERIES = {
    "ideas": IDEAS,
    "volunteers": VOLUNTEERS,
    "attendance": ATTENDANCE,
    "sessions": SESSIONS,
    "records": RECORDS,
    "status_history": STATUS_HISTORY,
    "signups": SIGNUPS,
    "resources": RESOURCES,
}


FLAG_COLUMNS = frozenset({"attending", "confirmed_host"})
CHUNK_ROWS = 500
"""Rows read and handed on at a time: small enough to keep memory flat, large enough that hops are few."""

Row = dict[str, Any]


def _member_id(value: Any) -> str | None:
    """Discord ids as text (they exceed what JavaScript numbers hold), none for erased members."""
    return str(value) if value is not None and value > 0 else None


def _flag(value: Any) -> bool:
    return bool(value)


def _decoder(column: str) -> Callable[[Any], Any] | None:
    """How a column's values are shown: member ids as text, flags as booleans, the rest as stored (None)."""
    if is_member_id_column(column):
        return _member_id
    if column in FLAG_COLUMNS:
        return _flag
    return None


Columns = tuple[str, ...]
Values = list[tuple[Any, ...]]


def _decoded(rows: list[sqlite3.Row]) -> tuple[Columns, Values]:
    """A chunk of rows as its column names and each row's values, column by column as `_decoder` says."""
    columns = tuple(rows[0].keys())
    values: Values = list(map(tuple, rows))
    decoders = [(index, decode) for index, column in enumerate(columns) if (decode := _decoder(column))]
    if decoders:
        by_column = list(zip(*values, strict=True))
        for index, decode in decoders:
            by_column[index] = tuple(map(decode, by_column[index]))
        values = list(zip(*by_column, strict=True))
    return columns, values


async def stream_dataset(
    db: Database,
    name: str,
    guild_id: int,
    consume: Callable[[Columns, Values], None],
    chunk_rows: int = CHUNK_ROWS,
) -> int:
    """Hand the rows of one dataset for a server to `consume` a chunk at a time, in order; the number of rows.

    `consume` gets the column names and the chunk's rows as tuples of values; it runs on the streaming connection's
    thread, so it must not touch the event loop.
    """
    return await db.stream(QUERIES[name], (guild_id,), lambda rows: consume(*_decoded(rows)), chunk_rows)


async def dataset(db: Database, name: str, guild_id: int) -> list[Row]:
    """Return the rows of one dataset for a server, one object per row."""
    rows: list[Row] = []

    def keep(columns: Columns, values: Values) -> None:
        rows.extend(dict(zip(columns, value, strict=True)) for value in values)

    await stream_dataset(db, name, guild_id, keep)
    return rows


async def known_guilds(db: Database) -> list[int]:
    """Return the servers with sessions, profiles or settings here, in id order."""
    rows = await db.fetch_all(
        "SELECT guild_id FROM sessions UNION SELECT guild_id FROM profiles UNION SELECT guild_id FROM guild_settings"
    )
    return sorted(row[0] for row in rows)
