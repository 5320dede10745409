"""Two gateway shards in one process: each carries its own servers, commands work on both, and the catch-up of
what was posted while the bot was away runs per shard as it becomes ready, for that shard's servers only."""

from pathlib import Path

from bot.clock import ManualClock
from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import World, ask, config_for, populate, start_bot
from tests.e2e.test_ideas import MESSAGES, REACTION, prompt_message, stored

SHARDS = 2
EPOCH_MS = 1_700_000_000_000


def guild_id_on_shard(shard_id: int) -> int:
    """A server id that Discord's formula, (id >> 22) % shards, puts on `shard_id`."""
    timestamp = EPOCH_MS + (shard_id - EPOCH_MS) % SHARDS
    return timestamp << 22


async def test_two_shards_serve_their_own_servers_and_catch_up_each_on_its_own(
    server: FakeDiscord, db_path: Path, clock: ManualClock
) -> None:
    server.state.shard_count = SHARDS
    worlds: list[World] = [populate(server, guild_id_on_shard(shard_id)) for shard_id in range(SHARDS)]
    config = config_for(server, db_path, worlds[0].guild_id).model_copy(update={"dev_guild": None})

    first = await start_bot(config, clock)
    assert first.bot.shard_count == SHARDS, "the shard count Discord's GET /gateway/bot recommended"
    assert sorted(server.shard_sessions) == [(n, SHARDS, [world.guild_id]) for n, world in enumerate(worlds)]
    prompts = []
    for world in worlds:
        answer = await ask(server, world, world.manager_id, "prompt open", question="Wat neem je mee?")
        assert answer["content"].startswith("Vraag #"), answer
        prompts.append(prompt_message(server, world))
    assert await first.shutdown() == 0

    replies = [
        await server.post_message(world.channel_id, world.participant_id, f"Idee op shard {n}", reply_to=int(p["id"]))
        for n, (world, p) in enumerate(zip(worlds, prompts, strict=True))
    ]
    mark = server.mark()
    second = await start_bot(config, clock)
    for reply in replies:
        await server.wait_for_request(
            "PUT", REACTION, predicate=lambda r, reply=reply: f"/{reply['id']}/" in r.path, after=mark, timeout=15
        )
    intake = second.bot.get_cog("Ideas").intake  # type: ignore[union-attr]
    async with intake._catching_up:  # every shard's catch-up started at its READY has finished (they queue here)
        pass
    assert sorted(stored(db_path, "SELECT guild_id, text FROM ideas")) == [
        (world.guild_id, f"Idee op shard {n}") for n, world in enumerate(worlds)
    ]
    for world in worlds:
        reads = [
            r
            for r in server.requests[mark:]
            if r.matches("GET", MESSAGES) and r.path.endswith(f"/{world.channel_id}/messages")
        ]
        assert len(reads) == 1, "each channel is read by its own shard's catch-up only, once"
    added = await ask(server, worlds[1], worlds[1].participant_id, "idea add", text="Nog een idee")
    assert added["content"] == t("idea.added", "nl", id=3, prompt=2), "a command on the second shard"
    assert await second.shutdown() == 0
