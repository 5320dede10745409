"""'Wat is er met eerdere ideeën gebeurd?': the ideas whose status changed since the server's previous session,
grouped by status, with who took them up, as data for the report."""

from dataclasses import dataclass
from datetime import datetime

from bot.db import Database
from bot.db import ideas as store
from bot.db.ideas import Idea, StatusChange
from bot.domain import sessions
from bot.domain.ideas import STATUSES
from bot.domain.sessions import Session


@dataclass(frozen=True)
class ChangedIdea:
    """An idea as it is now, with its latest status change in the period."""

    idea: Idea
    change: StatusChange


@dataclass(frozen=True)
class StatusGroup:
    """The ideas that reached one status in the period, oldest change first."""

    status: str
    ideas: list[ChangedIdea]


@dataclass(frozen=True)
class EarlierIdeas:
    """What happened to earlier ideas from the start of the previous session (None: there was none) until now."""

    since: Session | None
    groups: list[StatusGroup]


async def earlier_ideas(db: Database, session: Session, now: datetime) -> EarlierIdeas:
    """The server's current ideas whose status changed from the start of the session before `session` up to `now`,
    grouped by the status their latest change gave them (in lifecycle order)."""
    previous = await sessions.previous(db, session)
    changes = await store.latest_changes(db, session.guild_id, previous.start.utc if previous else None, now)
    found = {idea.id: idea for idea in await store.load_many(db, [change.idea_id for change in changes])}
    by_status: dict[str, list[ChangedIdea]] = {}
    for change in changes:
        by_status.setdefault(change.status, []).append(ChangedIdea(found[change.idea_id], change))
    groups = [StatusGroup(status, by_status[status]) for status in STATUSES if status in by_status]
    return EarlierIdeas(previous, groups)
