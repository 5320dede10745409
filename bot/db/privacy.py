"""SQL for one member's data in one server: reading it for their export, and erasing it.

Which tables and columns hold a member's id, and what erasing and exporting does with each, is declared
in `bot.db.personal_data`; the export's sections below are the queries that declaration names.
"""

from dataclasses import dataclass
from typing import Any

from bot.db import personal_data
from bot.db.connection import Database, Tx
from bot.db.personal_data import CALL_IN_GUILD, REMOVED_MEMBER, SESSION_IN_GUILD

EXPORT_SECTIONS: dict[str, str] = {
    "profile": "SELECT municipality_code, organisation, updated_at FROM profiles "
    "WHERE guild_id = :guild AND user_id = :user",
    "preferences": "SELECT notifications, reminders, updated_at FROM member_preferences "
    "WHERE guild_id = :guild AND user_id = :user",
    "notice": "SELECT b.kind, b.params, n.status, b.created_at, n.settled_at FROM notices n "
    "JOIN notice_batches b ON b.id = n.batch_id WHERE n.guild_id = :guild AND n.user_id = :user ORDER BY n.id",
    "rsvp": "SELECT s.id AS session_id, s.title, s.starts_local, s.zone, s.status AS session_status, "
    "r.state = 'coming' AS attending, r.state, r.source, r.updated_at "
    "FROM rsvps r JOIN sessions s ON s.id = r.session_id "
    "WHERE s.guild_id = :guild AND r.user_id = :user ORDER BY s.starts_at, s.id",
    "checkin": "SELECT s.id AS session_id, s.title, s.starts_local, s.zone, c.checked_in_at FROM checkins c "
    "JOIN sessions s ON s.id = c.session_id WHERE s.guild_id = :guild AND c.user_id = :user "
    "ORDER BY s.starts_at, s.id",
    "idea": "SELECT i.id, i.prompt_id, p.question AS prompt, i.organisation, i.municipality_code, i.text, i.source, "
    "i.status, i.status_note, i.theme, i.merged_into, i.created_at, i.updated_at, i.withdrawn_at, "
    "(SELECT count(*) FROM idea_support s WHERE s.idea_id = i.id) AS support "
    "FROM ideas i JOIN prompts p ON p.id = i.prompt_id WHERE i.guild_id = :guild AND i.author_id = :user "
    "ORDER BY i.id",
    "support": "SELECT s.idea_id, i.prompt_id, s.via_idea_id, s.created_at FROM idea_support s "
    "JOIN ideas i ON i.id = s.idea_id "
    "WHERE i.guild_id = :guild AND s.user_id = :user ORDER BY s.idea_id",
    "pending_idea": "SELECT id, prompt_id, text, source, created_at FROM pending_ideas "
    "WHERE guild_id = :guild AND author_id = :user ORDER BY id",
    "volunteer_entry": "SELECT v.call_id, v.session_id, s.title, v.municipality_code, v.municipality_name, m.note, "
    "m.created_at FROM host_volunteer_members m JOIN host_volunteers v ON v.id = m.volunteer_id "
    "JOIN host_calls c ON c.id = v.call_id JOIN sessions s ON s.id = v.session_id "
    "WHERE c.guild_id = :guild AND m.user_id = :user ORDER BY v.id",
    "signup_entry": "SELECT e.call_id, c.question, e.municipality_code, e.municipality_name, m.note, m.created_at "
    "FROM signup_members m JOIN signup_entries e ON e.id = m.entry_id JOIN signup_calls c ON c.id = e.call_id "
    "WHERE c.guild_id = :guild AND m.user_id = :user ORDER BY e.id",
    "resource": "SELECT r.id, r.session_id, s.title AS session_title, r.title, r.description, r.url, r.filename, "
    "r.channel_id, r.message_id, r.created_at FROM resources r LEFT JOIN sessions s ON s.id = r.session_id "
    "WHERE r.guild_id = :guild AND r.shared_by = :user AND (r.url IS NOT NULL OR r.message_id IS NOT NULL) "
    "ORDER BY r.id",
    "reminder": "SELECT r.session_id, s.title, r.fire_local, r.zone, r.message, t.status FROM reminders r "
    "JOIN sessions s ON s.id = r.session_id "
    "JOIN rsvps a ON a.session_id = s.id AND a.user_id = :user AND a.attending = 1 "
    "LEFT JOIN timers t ON t.kind = 'session_reminder' AND t.subject_id = r.id "
    "WHERE s.guild_id = :guild ORDER BY r.session_id, r.fire_local",
    "created": "SELECT 'session' AS record, id FROM sessions WHERE guild_id = :guild AND created_by = :user "
    "UNION ALL SELECT 'reminder', r.id FROM reminders r JOIN sessions s ON s.id = r.session_id "
    "WHERE s.guild_id = :guild AND r.created_by = :user "
    "UNION ALL SELECT 'session_record', r.session_id FROM session_records r JOIN sessions s ON s.id = r.session_id "
    "WHERE s.guild_id = :guild AND r.updated_by = :user "
    "UNION ALL SELECT 'prompt', id FROM prompts WHERE guild_id = :guild AND created_by = :user "
    "UNION ALL SELECT 'host_call', id FROM host_calls WHERE guild_id = :guild AND created_by = :user "
    "UNION ALL SELECT 'signup_call', id FROM signup_calls WHERE guild_id = :guild AND created_by = :user "
    "UNION ALL SELECT 'status_change', c.id FROM idea_status_changes c JOIN ideas i ON i.id = c.idea_id "
    "WHERE i.guild_id = :guild AND c.changed_by = :user "
    "UNION ALL SELECT 'merge', id FROM ideas WHERE guild_id = :guild AND merged_by = :user "
    "ORDER BY 1, 2",
    "audit": "SELECT id, action, detail, created_at FROM audit_log WHERE guild_id = :guild AND actor_id = :user "
    "ORDER BY id",
}
"""The sections of a member's export, in the order it shows them: a query over :guild and :user each.

The profile; their preferences about direct messages and reminders; the direct messages the bot sent (or was
to send) them; their answers; the sessions they checked in to; their ideas (withdrawn ones included) with status
and support; the ideas from the form or /idea add still waiting for their choice after the duplicate question; the
ideas they support (numbers only: the ideas are other members' work; with the merged idea a support came with); their
host-municipality entries; their part of their municipality's sign-ups (with their notes); the material they shared;
the reminders of sessions they attend (reminders mention the attendees); what they created as an organiser (and the
session records they saved last; the merges they made); their audit entries.
"""
FLAG_COLUMNS = ("attending",)


@dataclass(frozen=True)
class IdeaCopy:
    """A message of the bot's own that shows one of the member's ideas (form and command ideas)."""

    idea_id: int
    channel_id: int
    message_id: int


def _member(guild_id: int, user_id: int) -> dict[str, int]:
    return {"guild": guild_id, "user": user_id}


def erase_member(tx: Tx, guild_id: int, user_id: int, ideas_mode: str) -> dict[str, int]:
    """Erase a member's data in a server as `bot.db.personal_data` declares; return rows touched per count name."""
    if user_id == REMOVED_MEMBER:
        raise ValueError("the removed-member placeholder has no data of its own")
    counts = {}
    for name, sql in personal_data.erase_statements(ideas_mode):
        cursor = tx.execute(sql, _member(guild_id, user_id))
        if name is not None:
            counts[name] = cursor.rowcount
    return counts


def _ids(tx: Tx, sql: str, guild_id: int, user_id: int) -> list[int]:
    return [row[0] for row in tx.all(sql, _member(guild_id, user_id))]


def answered_sessions(tx: Tx, guild_id: int, user_id: int) -> list[int]:
    """Inside the erasing job: the sessions the member answered (their counts change)."""
    sql = f"SELECT session_id FROM rsvps WHERE user_id = :user AND {SESSION_IN_GUILD} ORDER BY session_id"
    return _ids(tx, sql, guild_id, user_id)


def volunteered_calls(tx: Tx, guild_id: int, user_id: int) -> list[int]:
    """Inside the erasing job: the host calls the member entered a municipality in."""
    sql = (
        "SELECT DISTINCT call_id FROM host_volunteers WHERE "
        f"id IN (SELECT volunteer_id FROM host_volunteer_members WHERE user_id = :user) AND {CALL_IN_GUILD} "
        "ORDER BY call_id"
    )
    return _ids(tx, sql, guild_id, user_id)


def copied_ideas(tx: Tx, guild_id: int, user_id: int) -> list[IdeaCopy]:
    """Inside the erasing job: the member's ideas the bot posted a copy of, with where that copy is."""
    rows = tx.all(
        "SELECT id, channel_id, message_id FROM ideas WHERE guild_id = :guild AND author_id = :user "
        "AND source IN ('form', 'command') AND message_id IS NOT NULL AND withdrawn_at IS NULL ORDER BY id",
        _member(guild_id, user_id),
    )
    return [IdeaCopy(row["id"], row["channel_id"], row["message_id"]) for row in rows]


def shared_files(tx: Tx, guild_id: int, user_id: int) -> list[int]:
    """Inside the erasing job: the shared files whose message (posted by the bot) names the member as sharer."""
    sql = (
        "SELECT id FROM resources WHERE guild_id = :guild AND shared_by = :user AND url IS NULL "
        "AND message_id IS NOT NULL ORDER BY id"
    )
    return _ids(tx, sql, guild_id, user_id)


def _export_row(row: Any) -> dict[str, Any]:
    return {key: bool(value) if key in FLAG_COLUMNS else value for key, value in dict(row).items()}


async def member_export(db: Database, guild_id: int, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every section of the member's export (one snapshot), its rows as plain objects, yes/no columns as booleans."""

    def read(tx: Tx) -> dict[str, list[dict[str, Any]]]:
        member = _member(guild_id, user_id)
        return {name: [_export_row(row) for row in tx.all(sql, member)] for name, sql in EXPORT_SECTIONS.items()}

    return await db.read(read)
