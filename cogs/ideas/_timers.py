"""Timer handlers of prompts: the reminder before the deadline, and the closing with its digest at it."""

import logging

from bot.domain import prompts
from bot.domain.timers import Outcome, Status, Timer, punctuality
from bot.ui.leerkring import Leerkring
from cogs.ideas._intake import MessageIntake
from cogs.ideas._publisher import close_now, post_digest, send_reminder

log = logging.getLogger(__name__)


class ClosingTimer:
    """Closes a prompt at its deadline, which schedules its digest; running it twice changes nothing."""

    def __init__(self, bot: Leerkring, intake: MessageIntake) -> None:
        self.bot = bot
        self.intake = intake

    async def run(self, timer: Timer) -> Outcome:
        """Close the prompt (late if the bot was away at the deadline)."""
        await close_now(self.bot, self.intake, await prompts.get_prompt(self.bot.db, timer.subject_id))
        return Outcome(punctuality(self.bot.clock.now(), timer.due_at))

    async def failed(self, timer: Timer, error: str) -> None:
        """Closing keeps failing (the database refuses): the prompt stays open."""
        log.error("prompt %s: closing failed for good: %s", timer.subject_id, error)


class DigestTimer:
    """Posts a closed prompt's digest, with the timer engine's retries; `/prompt list` shows one that failed."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def run(self, timer: Timer) -> Outcome:
        """Post the digest once (a recorded digest is not posted again)."""
        prompt = await prompts.get_prompt(self.bot.db, timer.subject_id)
        digest_id = await post_digest(self.bot, prompt, timer.in_doubt)
        return Outcome(punctuality(self.bot.clock.now(), timer.due_at), str(digest_id))

    async def failed(self, timer: Timer, error: str) -> None:
        """The digest could not be posted after every retry: the organisers see it in `/prompt list`."""
        log.error("prompt %s: its digest failed for good: %s", timer.subject_id, error)


class ReminderTimer:
    """Posts the reminder before a prompt's deadline; skipped when the prompt closed in the meantime."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def run(self, timer: Timer) -> Outcome:
        """Send the reminder once (its nonce makes a repeat after a crash harmless)."""
        prompt = await prompts.get_prompt(self.bot.db, timer.subject_id)
        now = self.bot.clock.now()
        if not prompt.is_open or (prompt.closes_at is not None and now >= prompt.closes_at):
            return Outcome(Status.MISSED)
        message_id = await send_reminder(self.bot, prompt)
        return Outcome(punctuality(now, timer.due_at), str(message_id))

    async def failed(self, timer: Timer, error: str) -> None:
        """The reminder could not be sent."""
        log.error("prompt %s: the reminder failed for good: %s", timer.subject_id, error)
