"""Timer handlers of host calls: the warning before the deadline and the closing at it."""

from bot.domain import hosts
from bot.domain.timers import Outcome, Status, Timer
from bot.ui.leerkring import Leerkring
from cogs.hosts._publisher import refresh_call, warn_unhosted


class HostCallWarning:
    """Before the deadline: tell the organiser which sessions still have no volunteer."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def run(self, timer: Timer) -> Outcome:
        """Warn unless the call is closed or every session has a volunteer."""
        call = await hosts.get_call(self.bot.db, timer.guild_id, timer.subject_id)
        if not call.closed:
            await warn_unhosted(self.bot, call)
        return Outcome(Status.DONE)

    async def failed(self, timer: Timer, error: str) -> None:
        """Nothing more to do: the call itself still closes on time."""


class HostCallCloser:
    """At the deadline: close the call and show its final state."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def run(self, timer: Timer) -> Outcome:
        """Close (idempotently) and update the message."""
        await hosts.close_call(self.bot.db, timer.subject_id)
        await refresh_call(self.bot, timer.guild_id, timer.subject_id)
        return Outcome(Status.DONE)

    async def failed(self, timer: Timer, error: str) -> None:
        """The call is closed in the database even if its message could not be updated."""
