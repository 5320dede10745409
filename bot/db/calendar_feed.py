"""SQL for a server's calendar feed: its token (kept as a SHA-256 digest) and the sessions the feed shows."""

from dataclasses import dataclass
from datetime import datetime

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx
from bot.db.sessions import SESSION_COLUMNS, Session, session_from_row


@dataclass(frozen=True)
class Feed:
    """The sessions of a feed, earliest first, and the latest moment any of them changed (None: no sessions)."""

    sessions: list[Session]
    changed_at: datetime | None


def has_token(tx: Tx, guild_id: int) -> bool:
    """Whether the server has a feed token."""
    return tx.one("SELECT 1 FROM calendar_tokens WHERE guild_id = ?", (guild_id,)) is not None


def replace_token(tx: Tx, guild_id: int, digest: bytes, now: datetime) -> None:
    """Make `digest` the server's one token, replacing any earlier one."""
    tx.execute(
        "INSERT INTO calendar_tokens (guild_id, token_hash, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (guild_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
        (guild_id, digest, to_db(now)),
    )


async def token_owner(db: Database, digest: bytes) -> tuple[int, bytes] | None:
    """The server whose token has this digest, with the digest as stored; None when no server has it."""
    row = await db.fetch_one("SELECT guild_id, token_hash FROM calendar_tokens WHERE token_hash = ?", (digest,))
    return (row["guild_id"], bytes(row["token_hash"])) if row else None


async def feed(db: Database, guild_id: int, since: datetime) -> Feed:
    """The server's announced (planned or cancelled) sessions that start from `since` on, in one snapshot."""

    def read(tx: Tx) -> Feed:
        where = "WHERE guild_id = ? AND status IN ('planned', 'cancelled') AND starts_at >= ?"
        params = (guild_id, to_db(since))
        rows = tx.all(f"SELECT {SESSION_COLUMNS} FROM sessions {where} ORDER BY starts_at, id", params)
        latest = tx.one(f"SELECT max(updated_at) FROM sessions {where}", params)
        changed = latest[0] if latest is not None else None
        return Feed([session_from_row(row) for row in rows], from_db(changed) if changed else None)

    return await db.read(read)
