"""Timer handlers of the data lifecycle: erasure after the grace period, and the daily retention sweep."""

import logging

from bot.domain import erasures, retention
from bot.domain.audit import counts_detail
from bot.domain.timers import Outcome, Status, Timer
from bot.ui.events import MemberDataErased, emit
from bot.ui.leerkring import Leerkring
from cogs.privacy._lifecycle import call_off, returned

log = logging.getLogger(__name__)


class ErasureHandler:
    """At the end of the grace period: erase the member's (or the server's) data, once."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def run(self, timer: Timer) -> Outcome:
        """Erase, unless it was called off, the member (or the bot) is back, or (run again in doubt) it is done.

        Whether they are back is asked of Discord first; a lookup that fails raises, so the timer retries.
        """
        pending = await erasures.get_pending(self.bot.db, timer.subject_id)
        if pending is not None and await returned(self.bot, pending):
            await call_off(self.bot, pending.guild_id, pending.user_id)
            who = "the bot is back in the server" if pending.user_id == erasures.WHOLE_GUILD else "member is back"
            return Outcome(Status.DONE, f"called off: {who}")
        done = await erasures.carry_out(self.bot.db, self.bot.clock.now(), timer.subject_id, timer.id)
        if done.member is not None:
            emit(self.bot, MemberDataErased(timer.guild_id, done.member))
            return Outcome(Status.DONE, counts_detail(done.member.counts) or "nothing stored")
        if done.guild_rows is not None:
            log.info("erased the data of server %s (%d rows) after its grace period", timer.guild_id, done.guild_rows)
            return Outcome(Status.DONE, f"server erased: {done.guild_rows} rows")
        return Outcome(Status.DONE, "called off")

    async def failed(self, timer: Timer, error: str) -> None:
        """Nobody to tell in Discord; the failed row and the log show it to whoever runs the bot."""
        log.error("erasure %s of server %s failed for good: %s", timer.subject_id, timer.guild_id, error)


class RetentionSweep:
    """Daily: apply every server's retention period, then plan the next day's sweep."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def run(self, timer: Timer) -> Outcome:
        """Sweep (idempotent: what is anonymised or erased stays so) and schedule tomorrow."""
        now = self.bot.clock.now()
        changed = await retention.sweep(self.bot.db, now)
        await retention.ensure_scheduled(self.bot.db, now)
        return Outcome(Status.DONE, f"{len(changed)} servers changed")

    async def failed(self, timer: Timer, error: str) -> None:
        """Plan the next sweep anyway, so one bad day does not stop retention."""
        await retention.ensure_scheduled(self.bot.db, self.bot.clock.now())
