"""A server where a member has left a trace in every table, beside another member and an organiser."""

import json
from dataclasses import dataclass

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import audit, hosts, ideas, prompts, reminders, sessions
from bot.domain.profiles import set_municipality, set_organisation
from bot.municipalities import directory
from tests.conftest import plan_session

GUILD, OTHER_GUILD, CHANNEL = 1001, 1002, 2002
MEMBER, OTHER, ORGANISER = 3_000_000_000_000_000_011, 3_000_000_000_000_000_012, 3_000_000_000_000_000_007


@dataclass(frozen=True)
class Trace:
    """The ids of what was made."""

    session_id: int
    member_idea_id: int
    other_idea_id: int
    call_id: int


async def leave_traces(db: Database, clock: ManualClock, guild_id: int = GUILD) -> Trace:
    """Profile, RSVPs, a session/prompt/call/reminder the member organised, ideas, support, a host entry, audit."""
    now = clock.now()
    await set_municipality(db, guild_id, MEMBER, "Zeist", now)
    await set_organisation(db, guild_id, OTHER, "VNG", now)
    session = await plan_session(
        db, now, guild_id=guild_id, created_by=MEMBER, channel_id=CHANNEL, title="Leerkring", starts="10-12-2026 19:30"
    )
    other_session = await plan_session(
        db, now, guild_id=guild_id, created_by=ORGANISER, channel_id=CHANNEL, title="Later", starts="20-01-2027 10:00"
    )
    await reminders.add_reminder(
        db,
        now,
        guild_id=guild_id,
        session_id=session.id,
        start=session.start,
        when="2h",
        message="Neem je laptop mee",
        created_by=MEMBER,
    )
    for session_id, user_id in [(session.id, MEMBER), (other_session.id, MEMBER), (session.id, OTHER)]:
        await sessions.rsvp(db, now, guild_id, session_id, user_id, session_id == session.id)
    prompt = await prompts.open_prompt(
        db,
        guild_id,
        CHANNEL,
        "Wat nemen we mee?",
        session_id=session.id,
        closes=None,
        interaction_id=guild_id * 10 + 1,
        created_by=MEMBER,
        now=now,
    )
    mine, _ = await ideas.add_idea(db, prompt, MEMBER, "Buurtbudget", "command", guild_id * 10 + 2, now)
    theirs, _ = await ideas.add_idea(db, prompt, OTHER, "Inloopspreekuur", "command", guild_id * 10 + 3, now)
    await ideas.record_copy(db, mine, CHANNEL, guild_id * 10 + 4)
    await ideas.support_idea(db, guild_id, theirs.id, MEMBER, now)
    await ideas.support_idea(db, guild_id, mine.id, OTHER, now)
    call = await hosts.open_call(
        db, now, guild_id=guild_id, channel_id=CHANNEL, created_by=MEMBER, sessions_text=f"{session.id}", closes=None
    )
    await hosts.volunteer(db, now, call, directory().resolve("Zeist"), [session.id], "Raadzaal", MEMBER)
    await hosts.volunteer(db, now, call, directory().resolve("Lochem"), [session.id], "Kantine", OTHER)
    await audit.record(db, now, guild_id, MEMBER, audit.IDEA_STATUS, f"#{theirs.id}: considering")
    return Trace(session.id, mine.id, theirs.id, call.id)


async def rows_mentioning(db: Database, value: int) -> list[str]:
    """Every (table.column) in which `value` appears: as an integer, or inside text."""
    found = []
    tables = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    for (table,) in tables:
        for column in await db.fetch_all(f"SELECT name, type FROM pragma_table_info('{table}')"):
            name = column["name"]
            hits = await db.fetch_all(
                f"SELECT count(*) FROM {table} WHERE {name} = ? OR CAST({name} AS TEXT) LIKE ?", (value, f"%{value}%")
            )
            if hits[0][0]:
                found.append(f"{table}.{name}")
    return found


def mentions(document: object, value: int) -> bool:
    """Whether a JSON-able document contains `value` anywhere."""
    return str(value) in json.dumps(document)
