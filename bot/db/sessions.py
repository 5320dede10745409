"""SQL for sessions, RSVPs and session reminders."""

from bot.db.connection import Database


async def attendee_ids(db: Database, session_id: int) -> list[int]:
    """Return the ids of members who answered 'coming' to a session, in the order they answered."""
    rows = await db.fetch_all(
        "SELECT user_id FROM rsvps WHERE session_id = ? AND attending = 1 ORDER BY updated_at, user_id",
        (session_id,),
    )
    return [row["user_id"] for row in rows]
