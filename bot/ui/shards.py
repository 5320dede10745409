"""Which servers a gateway shard carries: Discord sends a server's events to shard (server id >> 22) % shard count.

Work the bot does "at start" (catch-ups, reconciliation) runs as each shard becomes ready, for its servers only.
"""

from dataclasses import dataclass

from bot.ui.leerkring import Leerkring


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that carries a server's events (Discord's sharding formula)."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True)
class Shard:
    """One shard's servers, as a container: `guild_id in shard`."""

    shard_id: int
    shard_count: int

    def __contains__(self, guild_id: object) -> bool:
        return isinstance(guild_id, int) and shard_of(guild_id, self.shard_count) == self.shard_id


def shard(bot: Leerkring, shard_id: int) -> Shard:
    """A shard of the running bot."""
    return Shard(shard_id, bot.shard_count or 1)
