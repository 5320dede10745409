"""The retention period: once a day, ideas and attendance older than a server's setting are anonymised or erased.

While any server has a retention period, one sweep timer per day (subject: the day's ordinal, so each
day's row is unique) goes over all of them and plans the next day's sweep.
"""

import calendar
from datetime import UTC, datetime, time, timedelta
from functools import partial

from bot.db import Database, Tx
from bot.db import retention as store
from bot.db.retention import Retention
from bot.domain import audit

KIND = "retention_sweep"
SWEEP_AT = time(3, 0, tzinfo=UTC)
NO_GUILD = 0


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day if it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def next_sweep(now: datetime) -> datetime:
    """The first sweep moment (daily at SWEEP_AT) after `now`."""
    today = datetime.combine(now.astimezone(UTC).date(), SWEEP_AT)
    return today if today > now else today + timedelta(days=1)


async def ensure_scheduled(db: Database, now: datetime) -> None:
    """Make sure the next daily sweep is planned while any server has a retention period."""
    if not await store.guilds_with_retention(db):
        return
    due = next_sweep(now)
    await db.write(lambda tx: store.plan_sweep(tx, NO_GUILD, KIND, due.date().toordinal(), due))


def _apply(tx: Tx, setting: Retention, now: datetime) -> dict[str, int]:
    """Apply one server's retention period, noting in the audit log what changed; return rows changed per kind."""
    counts = store.apply(tx, setting.guild_id, setting.member_ideas, months_before(now, setting.retention_months))
    if any(counts.values()):
        audit.record_in(tx, now, setting.guild_id, audit.SYSTEM, audit.RETENTION, audit.counts_detail(counts))
    return counts


async def sweep(db: Database, now: datetime) -> dict[int, dict[str, int]]:
    """Apply every server's retention period; return what changed per server (servers with changes only)."""
    changed = {}
    for setting in await store.guilds_with_retention(db):
        counts = await db.write(partial(_apply, setting=setting, now=now))
        if any(counts.values()):
            changed[setting.guild_id] = counts
    return changed
