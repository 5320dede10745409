"""The outbox: delivers the direct messages features queue (`bot.ui.notices`), by durable `notice` timers."""

from bot.domain import notices
from bot.ui.leerkring import Leerkring
from bot.ui.notices import NoticeDelivery


async def setup(bot: Leerkring) -> None:
    """Deliver queued notice batches through the durable timers."""
    bot.timers.register(notices.KIND, NoticeDelivery(bot))
