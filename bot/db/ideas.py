"""SQL for ideas and the support members give them."""

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx, read_rows

_SELECT = (
    "SELECT i.id, i.guild_id, i.prompt_id, i.author_id, i.organisation, i.text, i.source, "
    "i.source_message_id, i.channel_id, i.message_id, i.status, i.status_note, i.taken_up_code, i.taken_up_name, "
    "i.created_at, i.withdrawn_at, i.theme, i.merged_into, "
    "(SELECT count(*) FROM idea_support AS s WHERE s.idea_id = i.id) AS support "
    "FROM ideas AS i"
)
_ORDER = "ORDER BY (i.merged_into IS NOT NULL), support DESC, i.id"
_THEMED_ORDER = "ORDER BY (i.theme IS NULL), i.theme COLLATE NOCASE, (i.merged_into IS NOT NULL), support DESC, i.id"
_REPORTED = "i.prompt_id = ? AND i.withdrawn_at IS NULL AND i.merged_into IS NULL"
"""A prompt's ideas as the report lists them: current, not merged into another."""
_IN_LIST = "i.guild_id = ? AND (? IS NULL OR i.prompt_id = ?) AND (? IS NULL OR i.theme = ?) AND i.withdrawn_at IS NULL"


@dataclass(frozen=True, slots=True)
class Idea:
    """One contribution to a prompt, with its current support."""

    id: int
    guild_id: int
    prompt_id: int
    author_id: int
    organisation: str | None
    text: str
    source: str
    source_message_id: int | None
    channel_id: int | None
    message_id: int | None
    status: str
    status_note: str | None
    taken_up_code: str | None
    taken_up_name: str | None
    created_at: datetime
    withdrawn_at: datetime | None
    theme: str | None
    merged_into: int | None
    support: int

    @property
    def is_copied(self) -> bool:
        """Whether the bot posts this idea itself (form and command ideas) so that others can support it."""
        return self.source in ("form", "command")


def idea_from_row(row: sqlite3.Row) -> Idea:
    """Build an Idea from a row of this module's `_SELECT`."""
    data = dict(row)
    data["created_at"] = from_db(data["created_at"])
    data["withdrawn_at"] = from_db(data["withdrawn_at"]) if data["withdrawn_at"] else None
    return Idea(**data)


def _ideas(rows: list[sqlite3.Row]) -> list[Idea]:
    """Decode rows of `_SELECT`."""
    return [idea_from_row(row) for row in rows]


@dataclass(frozen=True)
class NewIdea:
    """What is stored when an idea comes in."""

    guild_id: int
    prompt_id: int
    author_id: int
    organisation: str | None
    municipality_code: str | None
    text: str
    source: str
    source_message_id: int | None
    source_interaction_id: int | None
    channel_id: int | None
    posted_at: datetime


def insert(tx: Tx, idea: NewIdea, now: datetime) -> int | None:
    """Store an idea; None when its message or interaction is known already."""
    cursor = tx.execute(
        "INSERT INTO ideas (guild_id, prompt_id, author_id, organisation, municipality_code, text, source, "
        "source_message_id, source_interaction_id, channel_id, message_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (
            idea.guild_id,
            idea.prompt_id,
            idea.author_id,
            idea.organisation,
            idea.municipality_code,
            idea.text,
            idea.source,
            idea.source_message_id,
            idea.source_interaction_id,
            idea.channel_id,
            idea.source_message_id,
            to_db(idea.posted_at),
            to_db(now),
        ),
    )
    return cursor.lastrowid if cursor.rowcount == 1 else None


async def load(db: Database, idea_id: int) -> Idea | None:
    """Return one idea with its support count, or None."""
    row = await db.fetch_one(f"{_SELECT} WHERE i.id = ?", (idea_id,))
    return idea_from_row(row) if row else None


def load_by_interaction_in(tx: Tx, interaction_id: int) -> Idea | None:
    """Return the idea a form or command interaction stored, or None, inside a write job."""
    row = tx.one(f"{_SELECT} WHERE i.source_interaction_id = ?", (interaction_id,))
    return idea_from_row(row) if row else None


async def load_by_message(db: Database, message_id: int) -> Idea | None:
    """Return the idea carried by a message (the member's own, or the bot's copy of a form idea)."""
    row = await db.fetch_one(f"{_SELECT} WHERE i.message_id = ?", (message_id,))
    return idea_from_row(row) if row else None


async def current(db: Database, prompt_id: int) -> list[Idea]:
    """Return a prompt's ideas that are not withdrawn, most supported first."""
    rows = await db.fetch_all(f"{_SELECT} WHERE i.prompt_id = ? AND i.withdrawn_at IS NULL {_ORDER}", (prompt_id,))
    return _ideas(rows)


async def page(
    db: Database, guild_id: int, prompt_id: int | None, theme: str | None, limit: int, offset: int
) -> list[Idea]:
    """Return one page of a server's (or one prompt's, or one theme's) current ideas: by theme, most supported first."""
    rows = await db.fetch_all(
        f"{_SELECT} WHERE {_IN_LIST} {_THEMED_ORDER} LIMIT ? OFFSET ?",
        (guild_id, prompt_id, prompt_id, theme, theme, limit, offset),
    )
    return _ideas(rows)


async def count(db: Database, guild_id: int, prompt_id: int | None, theme: str | None) -> int:
    """Count a server's (or one prompt's, or one theme's) current ideas."""
    row = await db.fetch_one(
        f"SELECT count(*) FROM ideas AS i WHERE {_IN_LIST}", (guild_id, prompt_id, prompt_id, theme, theme)
    )
    return row[0] if row else 0


async def open_texts(db: Database, guild_id: int, except_author: int, chars: int) -> list[tuple[int, str]]:
    """(number, first `chars` characters of the text) of the server's open ideas of other members: current, not
    merged, not done or rejected."""
    rows = await db.fetch_all(
        "SELECT id, substr(text, 1, ?) FROM ideas WHERE guild_id = ? AND author_id != ? AND withdrawn_at IS NULL "
        "AND merged_into IS NULL AND status NOT IN ('done', 'rejected')",
        (chars, guild_id, except_author),
    )
    return [(row[0], row[1]) for row in rows]


async def load_many(db: Database, idea_ids: list[int]) -> list[Idea]:
    """These ideas with their support counts, in the order asked (unknown ones left out)."""
    marks = ", ".join("?" * len(idea_ids))
    rows = await db.fetch_all(f"{_SELECT} WHERE i.id IN ({marks})", tuple(idea_ids)) if idea_ids else []
    found = {idea.id: idea for idea in _ideas(rows)}
    return [found[idea_id] for idea_id in idea_ids if idea_id in found]


async def merged_ideas(db: Database, target_ids: list[int]) -> list[Idea]:
    """The current ideas merged into these ideas, by number."""
    marks = ", ".join("?" * len(target_ids))
    rows = await db.fetch_all(
        f"{_SELECT} WHERE i.merged_into IN ({marks}) AND i.withdrawn_at IS NULL ORDER BY i.id", tuple(target_ids)
    )
    return _ideas(rows) if target_ids else []


async def reported_theme_counts(db: Database, prompt_id: int) -> dict[str | None, int]:
    """How many of a prompt's current ideas that are not merged stand under each theme (None: under none)."""
    sql = f"SELECT i.theme, count(*) FROM ideas AS i WHERE {_REPORTED} GROUP BY i.theme"
    rows = await db.fetch_all(sql, (prompt_id,))
    return {theme: count for theme, count in rows}


async def merged_into_reported(db: Database, prompt_id: int) -> list[Idea]:
    """The current ideas (of any prompt) merged into a prompt's current ideas that are not merged, by number."""
    rows = await db.fetch_all(
        f"{_SELECT} WHERE i.withdrawn_at IS NULL AND i.merged_into IN "
        f"(SELECT i.id FROM ideas AS i WHERE {_REPORTED}) ORDER BY i.id",
        (prompt_id,),
    )
    return _ideas(rows)


STORED_CHUNK = 500
"""How many rows a `StoredIdeas` reads at a time."""


@dataclass(frozen=True)
class StoredIdeas:
    """A prompt's current ideas under one theme (None: under none) that are not merged, most supported first, read
    afresh each time they are iterated, a chunk at a time (`read_rows`): a long list is never held whole. Each chunk
    is a blocking read, so iterate off the event loop."""

    path: Path
    prompt_id: int
    theme: str | None

    def __iter__(self) -> Iterator[Idea]:
        sql = f"{_SELECT} WHERE {_REPORTED} AND i.theme IS ? ORDER BY support DESC, i.id"
        return map(idea_from_row, read_rows(self.path, sql, (self.prompt_id, self.theme), STORED_CHUNK))


async def load_by_interaction(db: Database, interaction_id: int) -> Idea | None:
    """Return the idea a form or command interaction stored, or None."""
    row = await db.fetch_one(f"{_SELECT} WHERE i.source_interaction_id = ?", (interaction_id,))
    return idea_from_row(row) if row else None


def load_in(tx: Tx, idea_id: int) -> Idea | None:
    """Return one idea with its support count, or None, inside a write job."""
    row = tx.one(f"{_SELECT} WHERE i.id = ?", (idea_id,))
    return idea_from_row(row) if row else None


async def themes(db: Database, guild_id: int) -> list[str]:
    """The themes the server's current ideas are under, alphabetically."""
    rows = await db.fetch_all(_THEMES, (guild_id,))
    return [row[0] for row in rows]


def themes_in(tx: Tx, guild_id: int) -> list[str]:
    """The themes the server's current ideas are under, alphabetically, inside a write job."""
    return [row[0] for row in tx.all(_THEMES, (guild_id,))]


_THEMES = (
    "SELECT DISTINCT theme FROM ideas WHERE guild_id = ? AND theme IS NOT NULL AND withdrawn_at IS NULL "
    "ORDER BY theme COLLATE NOCASE"
)


def set_theme(tx: Tx, idea_id: int, theme: str | None, now: datetime) -> None:
    """Put an idea under a theme, or under none."""
    tx.execute("UPDATE ideas SET theme = ?, updated_at = ? WHERE id = ?", (theme, to_db(now), idea_id))


async def search(db: Database, guild_id: int, author_id: int | None, text: str, limit: int) -> list[Idea]:
    """Return current ideas (of one author, if given) whose id or text contains `text`, newest first."""
    rows = await db.fetch_all(
        f"{_SELECT} WHERE i.guild_id = ? AND (? IS NULL OR i.author_id = ?) AND i.withdrawn_at IS NULL "
        "AND (CAST(i.id AS TEXT) LIKE ? OR i.text LIKE ?) ORDER BY i.id DESC LIMIT ?",
        (guild_id, author_id, author_id, f"{text}%", f"%{text}%", limit),
    )
    return _ideas(rows)


async def without_copy(db: Database) -> list[Idea]:
    """Return the current form and command ideas of open prompts whose copy was never recorded, oldest first."""
    rows = await db.fetch_all(
        f"{_SELECT} JOIN prompts AS p ON p.id = i.prompt_id WHERE i.source IN ('form', 'command') "
        "AND i.message_id IS NULL AND i.withdrawn_at IS NULL AND p.status = 'open' ORDER BY i.id"
    )
    return _ideas(rows)


def set_message(tx: Tx, idea_id: int, channel_id: int, message_id: int) -> None:
    """Remember the bot's copy of a form or command idea, which carries its support."""
    tx.execute("UPDATE ideas SET channel_id = ?, message_id = ? WHERE id = ?", (channel_id, message_id, idea_id))


@dataclass(frozen=True)
class StatusChange:
    """One step in an idea's lifecycle: the status, the note, who took it up, the organiser and when."""

    idea_id: int
    status: str
    note: str | None
    municipality_code: str | None
    municipality_name: str | None
    changed_by: int
    changed_at: datetime


def change_status(tx: Tx, change: StatusChange) -> None:
    """Give an idea its new status, note and taker, and keep the change in its history."""
    tx.execute(
        "UPDATE ideas SET status = ?, status_note = ?, taken_up_code = ?, taken_up_name = ?, updated_at = ? "
        "WHERE id = ?",
        (
            change.status,
            change.note,
            change.municipality_code,
            change.municipality_name,
            to_db(change.changed_at),
            change.idea_id,
        ),
    )
    tx.execute(
        "INSERT INTO idea_status_changes (idea_id, status, note, municipality_code, municipality_name, changed_by, "
        "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            change.idea_id,
            change.status,
            change.note,
            change.municipality_code,
            change.municipality_name,
            change.changed_by,
            to_db(change.changed_at),
        ),
    )


async def status_history(db: Database, idea_id: int) -> list[StatusChange]:
    """An idea's status changes, oldest first."""
    rows = await db.fetch_all(
        "SELECT idea_id, status, note, municipality_code, municipality_name, changed_by, changed_at "
        "FROM idea_status_changes WHERE idea_id = ? ORDER BY id",
        (idea_id,),
    )
    return [_change(row) for row in rows]


async def latest_changes(db: Database, guild_id: int, since: datetime | None, until: datetime) -> list[StatusChange]:
    """Per current idea of the server whose status changed from `since` (ever, if None) up to `until`: its latest
    change in that time, oldest first."""
    rows = await db.fetch_all(
        "SELECT c.idea_id, c.status, c.note, c.municipality_code, c.municipality_name, c.changed_by, c.changed_at "
        "FROM idea_status_changes AS c WHERE c.id IN ("
        "SELECT max(l.id) FROM idea_status_changes AS l JOIN ideas AS i ON i.id = l.idea_id "
        "WHERE i.guild_id = ? AND i.withdrawn_at IS NULL AND (? IS NULL OR l.changed_at >= ?) AND l.changed_at <= ? "
        "GROUP BY l.idea_id) ORDER BY c.changed_at, c.id",
        (guild_id, since and to_db(since), since and to_db(since), to_db(until)),
    )
    return [_change(row) for row in rows]


def _change(row: sqlite3.Row) -> StatusChange:
    return StatusChange(**{**dict(row), "changed_at": from_db(row["changed_at"])})


def set_text(tx: Tx, idea_id: int, now: datetime, text: str) -> None:
    """Change an idea's text."""
    tx.execute("UPDATE ideas SET text = ?, updated_at = ? WHERE id = ?", (text, to_db(now), idea_id))


def withdraw(tx: Tx, idea_id: int, now: datetime) -> None:
    """Mark an idea withdrawn at `now`."""
    tx.execute("UPDATE ideas SET withdrawn_at = ?, updated_at = ? WHERE id = ?", (to_db(now), to_db(now), idea_id))


def add_support(tx: Tx, idea_id: int, user_id: int, now: datetime) -> bool:
    """Count a member's support for an idea; False when they supported it already."""
    cursor = tx.execute(
        "INSERT INTO idea_support (idea_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (idea_id, user_id, to_db(now)),
    )
    return cursor.rowcount == 1


def supporter_ids_in(tx: Tx, idea_id: int) -> list[int]:
    """The members who support an idea, in the order they did, inside a write job."""
    rows = tx.all("SELECT user_id FROM idea_support WHERE idea_id = ? ORDER BY created_at, rowid", (idea_id,))
    return [row[0] for row in rows]


def remove_support(tx: Tx, idea_id: int, user_id: int) -> bool:
    """Withdraw a member's support; False when there was none."""
    cursor = tx.execute("DELETE FROM idea_support WHERE idea_id = ? AND user_id = ?", (idea_id, user_id))
    return cursor.rowcount == 1


async def messages_of_open_prompts(db: Database) -> dict[tuple[int, int], set[int]]:
    """Return, per (server, channel or thread), the messages carrying a current idea of an open prompt."""
    rows = await db.fetch_all(
        "SELECT i.guild_id, i.channel_id, i.message_id FROM ideas AS i JOIN prompts AS p ON p.id = i.prompt_id "
        "WHERE p.status = 'open' AND i.withdrawn_at IS NULL AND i.message_id IS NOT NULL AND i.channel_id IS NOT NULL"
    )
    found: dict[tuple[int, int], set[int]] = {}
    for row in rows:
        found.setdefault((row["guild_id"], row["channel_id"]), set()).add(row["message_id"])
    return found


async def contributor_ids(db: Database, prompt_id: int) -> set[int]:
    """Return the members with a current idea on a prompt."""
    rows = await db.fetch_all(
        "SELECT DISTINCT author_id FROM ideas WHERE prompt_id = ? AND withdrawn_at IS NULL", (prompt_id,)
    )
    return {row[0] for row in rows}
