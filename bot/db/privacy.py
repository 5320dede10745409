"""SQL for one member's data in one server: reading it for their export, and erasing it.

What erasure does per table and column (`REMOVED_MEMBER` 0 stands for "a member who is gone"):
profiles, rsvps, idea_support and host_volunteers rows of the member are deleted; their ideas are
deleted or keep their text with author_id 0; created_by of sessions, reminders, prompts and host
calls, and actor_id in the audit log, become 0 (the organiser's record stays, its author does not).
"""

import sqlite3

import aiosqlite

from bot.db.connection import Database

REMOVED_MEMBER = 0

_IN_GUILD_SESSIONS = "session_id IN (SELECT id FROM sessions WHERE guild_id = :guild)"
_IN_GUILD_IDEAS = "idea_id IN (SELECT id FROM ideas WHERE guild_id = :guild)"
_IN_GUILD_CALLS = "call_id IN (SELECT id FROM host_calls WHERE guild_id = :guild)"

ERASE = {
    "profile": "DELETE FROM profiles WHERE guild_id = :guild AND user_id = :user",
    "rsvps": f"DELETE FROM rsvps WHERE user_id = :user AND {_IN_GUILD_SESSIONS}",
    "supports": f"DELETE FROM idea_support WHERE user_id = :user AND {_IN_GUILD_IDEAS}",
    "volunteer_entries": f"DELETE FROM host_volunteers WHERE volunteered_by = :user AND {_IN_GUILD_CALLS}",
}
ANONYMISE = {
    "sessions": "UPDATE sessions SET created_by = 0 WHERE guild_id = :guild AND created_by = :user",
    "reminders": f"UPDATE reminders SET created_by = 0 WHERE created_by = :user AND {_IN_GUILD_SESSIONS}",
    "prompts": "UPDATE prompts SET created_by = 0 WHERE guild_id = :guild AND created_by = :user",
    "host_calls": "UPDATE host_calls SET created_by = 0 WHERE guild_id = :guild AND created_by = :user",
    "audit_entries": "UPDATE audit_log SET actor_id = 0 WHERE guild_id = :guild AND actor_id = :user",
}
IDEAS = {
    "erase": "DELETE FROM ideas WHERE guild_id = :guild AND author_id = :user",
    "anonymise": "UPDATE ideas SET author_id = 0 WHERE guild_id = :guild AND author_id = :user",
}


async def erase_member(conn: aiosqlite.Connection, guild_id: int, user_id: int, ideas_mode: str) -> dict[str, int]:
    """Erase a member's data in a server inside the caller's transaction; return rows touched per kind."""
    if user_id == REMOVED_MEMBER:
        raise ValueError("the removed-member placeholder has no data of its own")
    params = {"guild": guild_id, "user": user_id}
    statements = {**ERASE, "ideas": IDEAS[ideas_mode], **ANONYMISE}
    counts = {}
    for name, sql in statements.items():
        cursor = await conn.execute(sql, params)
        counts[name] = cursor.rowcount
    await conn.execute("DELETE FROM pending_erasures WHERE guild_id = :guild AND user_id = :user", params)
    return counts


async def _ids(conn: aiosqlite.Connection, sql: str, params: dict[str, int]) -> list[int]:
    async with conn.execute(sql, params) as cursor:
        return [row[0] for row in await cursor.fetchall()]


async def answered_sessions(conn: aiosqlite.Connection, guild_id: int, user_id: int) -> list[int]:
    """Inside the erasing transaction: the sessions the member answered (their counts change)."""
    sql = f"SELECT session_id FROM rsvps WHERE user_id = :user AND {_IN_GUILD_SESSIONS} ORDER BY session_id"
    return await _ids(conn, sql, {"guild": guild_id, "user": user_id})


async def volunteered_calls(conn: aiosqlite.Connection, guild_id: int, user_id: int) -> list[int]:
    """Inside the erasing transaction: the host calls the member entered a municipality in."""
    sql = (
        f"SELECT DISTINCT call_id FROM host_volunteers WHERE volunteered_by = :user AND {_IN_GUILD_CALLS} "
        "ORDER BY call_id"
    )
    return await _ids(conn, sql, {"guild": guild_id, "user": user_id})


async def copied_ideas(conn: aiosqlite.Connection, guild_id: int, user_id: int) -> list[sqlite3.Row]:
    """Inside the erasing transaction: (id, channel_id, message_id) of the member's ideas the bot posted a copy of."""
    async with conn.execute(
        "SELECT id, channel_id, message_id FROM ideas WHERE guild_id = ? AND author_id = ? "
        "AND source IN ('form', 'command') AND message_id IS NOT NULL AND withdrawn_at IS NULL ORDER BY id",
        (guild_id, user_id),
    ) as cursor:
        return list(await cursor.fetchall())


async def profile(db: Database, guild_id: int, user_id: int) -> list[sqlite3.Row]:
    """The member's profile (zero or one row)."""
    return await db.fetch_all(
        "SELECT municipality_code, organisation, updated_at FROM profiles WHERE guild_id = ? AND user_id = ?",
        (guild_id, user_id),
    )


async def rsvps(db: Database, guild_id: int, user_id: int) -> list[sqlite3.Row]:
    """The member's answers to sessions, with the session they answered."""
    return await db.fetch_all(
        "SELECT s.id AS session_id, s.title, s.starts_local, s.zone, s.status AS session_status, r.attending, "
        "r.updated_at FROM rsvps r JOIN sessions s ON s.id = r.session_id "
        "WHERE s.guild_id = ? AND r.user_id = ? ORDER BY s.starts_at, s.id",
        (guild_id, user_id),
    )


async def ideas(db: Database, guild_id: int, user_id: int) -> list[sqlite3.Row]:
    """The member's ideas, withdrawn ones included, with their status and how many support them."""
    return await db.fetch_all(
        "SELECT i.id, i.prompt_id, p.question AS prompt, i.organisation, i.municipality_code, i.text, i.source, "
        "i.status, i.status_note, i.created_at, i.updated_at, i.withdrawn_at, "
        "(SELECT count(*) FROM idea_support s WHERE s.idea_id = i.id) AS support "
        "FROM ideas i JOIN prompts p ON p.id = i.prompt_id WHERE i.guild_id = ? AND i.author_id = ? ORDER BY i.id",
        (guild_id, user_id),
    )


async def supports(db: Database, guild_id: int, user_id: int) -> list[sqlite3.Row]:
    """The ideas the member supports (their numbers only: the ideas are other members' work)."""
    return await db.fetch_all(
        "SELECT s.idea_id, i.prompt_id, s.created_at FROM idea_support s JOIN ideas i ON i.id = s.idea_id "
        "WHERE i.guild_id = ? AND s.user_id = ? ORDER BY s.idea_id",
        (guild_id, user_id),
    )


async def volunteer_entries(db: Database, guild_id: int, user_id: int) -> list[sqlite3.Row]:
    """The host-municipality entries the member made."""
    return await db.fetch_all(
        "SELECT v.call_id, v.session_id, s.title, v.municipality_code, v.municipality_name, v.note, v.created_at "
        "FROM host_volunteers v JOIN host_calls c ON c.id = v.call_id JOIN sessions s ON s.id = v.session_id "
        "WHERE c.guild_id = ? AND v.volunteered_by = ? ORDER BY v.id",
        (guild_id, user_id),
    )


async def reminders_mentioning(db: Database, guild_id: int, user_id: int) -> list[sqlite3.Row]:
    """The reminders of sessions the member said they attend (reminders mention the attendees)."""
    return await db.fetch_all(
        "SELECT r.session_id, s.title, r.fire_local, r.zone, r.message, t.status FROM reminders r "
        "JOIN sessions s ON s.id = r.session_id "
        "JOIN rsvps a ON a.session_id = s.id AND a.user_id = ? AND a.attending = 1 "
        "LEFT JOIN timers t ON t.kind = 'session_reminder' AND t.subject_id = r.id "
        "WHERE s.guild_id = ? ORDER BY r.session_id, r.fire_local",
        (user_id, guild_id),
    )


async def created(db: Database, guild_id: int, user_id: int) -> list[sqlite3.Row]:
    """What the member created as an organiser: (kind, id) of sessions, reminders, prompts and host calls."""
    return await db.fetch_all(
        "SELECT 'session' AS record, id FROM sessions WHERE guild_id = ?1 AND created_by = ?2 "
        "UNION ALL SELECT 'reminder', r.id FROM reminders r JOIN sessions s ON s.id = r.session_id "
        "WHERE s.guild_id = ?1 AND r.created_by = ?2 "
        "UNION ALL SELECT 'prompt', id FROM prompts WHERE guild_id = ?1 AND created_by = ?2 "
        "UNION ALL SELECT 'host_call', id FROM host_calls WHERE guild_id = ?1 AND created_by = ?2 "
        "ORDER BY 1, 2",
        (guild_id, user_id),
    )
