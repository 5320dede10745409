"""The fake Discord driven by a plain, unmodified discord.py client (not the project's bot)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest
import yarl
from discord import app_commands
from discord.ext import commands

from localdiscord import FakeDiscord
from localdiscord.interaction_result import ATTACHMENT_SIZE_LIMIT
from localdiscord.permissions import ATTACH_FILES, SEND_MESSAGES, VIEW_CHANNEL

MESSAGES = "/channels/{channel_id}/messages"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


@dataclass
class World:
    server: FakeDiscord
    guild_id: int
    channel_id: int
    locked_channel_id: int
    role_id: int
    anna_id: int


class PanelView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Join", custom_id="panel:join", style=discord.ButtonStyle.primary)
    async def join(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message(f"joined {interaction.user.name}", ephemeral=True)


class QuestionModal(discord.ui.Modal, title="Vraag"):
    question = discord.ui.TextInput(label="Your question", custom_id="question")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"got: {self.question.value}")


class FastReidentifyBot(commands.Bot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Skip discord.py's 5 s pause before a re-IDENTIFY (a public hook meant for overriding)."""


def build_bot() -> commands.Bot:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = FastReidentifyBot(command_prefix="!", intents=intents, guild_ready_timeout=0.1)
    profile = app_commands.Group(name="profile", description="Your profile")

    @profile.command(name="municipality", description="Set your municipality")
    async def municipality(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"municipality={name}", ephemeral=True)

    @municipality.autocomplete("name")
    async def municipality_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        names = ["Meierijstad", "Meppel", "Utrecht"]
        return [app_commands.Choice(name=n, value=n) for n in names if n.lower().startswith(current.lower())]

    @app_commands.command(name="ask", description="Ask a question")
    async def ask(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(QuestionModal())

    @app_commands.command(name="slow", description="Deferred answer")
    async def slow(interaction: discord.Interaction, who: discord.Member) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send(f"followup for {who.name}")
        await interaction.edit_original_response(content=f"done for {who.name}")

    @app_commands.command(name="panel", description="Post the panel")
    async def panel(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("panel", view=PanelView())

    @app_commands.command(name="upload", description="Read an attached file")
    async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
        data = await file.read()
        limit = interaction.filesize_limit
        await interaction.response.send_message(f"{file.filename} {file.size} {data.decode()} {limit}", ephemeral=True)

    bot.tree.add_command(profile)
    for command in (ask, slow, panel, upload):
        bot.tree.add_command(command)

    async def setup_hook() -> None:
        bot.add_view(PanelView())

    bot.setup_hook = setup_hook
    return bot


@pytest.fixture
async def world() -> AsyncIterator[World]:
    server = FakeDiscord(openapi_validation=True)
    await server.start()
    guild = server.add_guild(name="M50")
    role = server.add_role(guild.id, name="Organisator", permissions=0)
    channel = server.add_channel(guild.id, name="leerkring", type=0)
    deny = str(SEND_MESSAGES | VIEW_CHANNEL)
    locked = server.add_channel(
        guild.id,
        name="locked",
        permission_overwrites=[{"id": str(server.bot_user_id), "type": 1, "allow": "0", "deny": deny}],
    )
    anna = server.add_member(guild.id, username="anna", roles=[role.id], locale="nl")
    yield World(server, guild.id, channel.id, locked.id, role.id, anna.id)
    await server.stop()
    assert server.violations == []


@pytest.fixture
async def bot(world: World) -> AsyncIterator[commands.Bot]:
    old_base, old_gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = world.server.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(world.server.gateway_url)
    client = build_bot()
    try:
        await client.login("fake-token")
        task = asyncio.create_task(client.connect())
        await asyncio.wait_for(client.wait_until_ready(), 10)
        await client.tree.sync(guild=discord.Object(world.guild_id))
        yield client
        await client.close()
        await task
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


async def test_login_ready_and_guild_cache(world: World, bot: commands.Bot) -> None:
    guild = bot.get_guild(world.guild_id)
    assert bot.user is not None and bot.user.id == world.server.bot_user_id
    assert bot.application_id == world.server.application_id
    assert guild is not None and guild.name == "M50"
    assert {c.name for c in guild.text_channels} == {"leerkring", "locked"}
    assert {r.name for r in guild.roles} == {"@everyone", "Organisator"}
    anna = guild.get_member(world.anna_id)
    assert anna is not None and [r.name for r in anna.roles[1:]] == ["Organisator"]
    assert guild.me is not None
    assert not guild.get_channel(world.locked_channel_id).permissions_for(guild.me).send_messages
    assert world.server.requests_to("GET", "/users/@me")
    assert world.server.requests_to("GET", "/oauth2/applications/@me")


async def test_command_sync_global_and_guild(world: World, bot: commands.Bot) -> None:
    guild_commands = world.server.synced_commands(world.guild_id)
    assert guild_commands == []
    synced = await bot.tree.sync()
    names = {c["name"] for c in world.server.synced_commands()}
    assert names == {"profile", "ask", "slow", "panel", "upload"}
    assert {c.name for c in synced} == names
    assert all(c.id for c in synced)
    assert world.server.requests_to("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")


async def _sync_global(bot: commands.Bot) -> None:
    await bot.tree.sync()


async def test_subcommand_with_string_option_answers_ephemeral(world: World, bot: commands.Bot) -> None:
    await _sync_global(bot)
    result = await world.server.invoke_command(
        world.guild_id,
        world.channel_id,
        world.anna_id,
        "profile municipality",
        options={"name": "Meierijstad"},
    )
    response = await result.response()
    assert response["type"] == 4
    assert response["data"]["content"] == "municipality=Meierijstad"
    assert result.ephemeral
    assert result.message_id is not None


async def test_unknown_command_or_option_is_a_clear_error(world: World, bot: commands.Bot) -> None:
    await _sync_global(bot)
    with pytest.raises(LookupError, match="not synced"):
        await world.server.invoke_command(world.guild_id, world.channel_id, world.anna_id, "nope")
    with pytest.raises(LookupError, match="no synced option"):
        await world.server.invoke_command(
            world.guild_id, world.channel_id, world.anna_id, "profile municipality", options={"city": "x"}
        )


async def test_autocomplete_round_trip(world: World, bot: commands.Bot) -> None:
    await _sync_global(bot)
    choices = await world.server.autocomplete(
        world.guild_id,
        world.channel_id,
        world.anna_id,
        "profile municipality",
        options={"name": "me"},
        focused="name",
    )
    assert [c["value"] for c in choices] == ["Meierijstad", "Meppel"]


async def test_persistent_button_click(world: World, bot: commands.Bot) -> None:
    await _sync_global(bot)
    panel = await world.server.invoke_command(world.guild_id, world.channel_id, world.anna_id, "panel")
    await panel.response()
    click = await world.server.click(world.guild_id, world.channel_id, world.anna_id, panel.message_id, "panel:join")
    response = await click.response()
    assert response["data"]["content"] == "joined anna"
    assert click.ephemeral


async def test_modal_open_and_submit(world: World, bot: commands.Bot) -> None:
    await _sync_global(bot)
    opened = await world.server.invoke_command(world.guild_id, world.channel_id, world.anna_id, "ask")
    assert (await opened.response())["type"] == 9
    modal = opened.modal()
    submitted = await world.server.submit_modal(
        world.guild_id, world.channel_id, world.anna_id, modal["custom_id"], fields={"question": "Waarom?"}
    )
    assert (await submitted.response())["data"]["content"] == "got: Waarom?"


async def test_deferred_response_followup_and_edit_original(world: World, bot: commands.Bot) -> None:
    await _sync_global(bot)
    result = await world.server.invoke_command(
        world.guild_id, world.channel_id, world.anna_id, "slow", options={"who": world.anna_id}
    )
    assert (await result.response())["type"] == 5
    followups = await result.followups(1)
    assert followups[0]["content"] == "followup for anna"
    final = await result.final_message()
    assert final["content"] == "done for anna"
    assert [m["content"] for m in world.server.messages(world.channel_id)] == [
        "done for anna",
        "followup for anna",
    ]


async def test_user_message_events_reach_listeners(world: World, bot: commands.Bot) -> None:
    server = world.server
    created = asyncio.create_task(bot.wait_for("message", timeout=5))
    original = await server.post_message(world.channel_id, world.anna_id, "hallo")
    assert (await created).content == "hallo"

    replied = asyncio.create_task(bot.wait_for("message", timeout=5))
    await server.post_message(world.channel_id, world.anna_id, "antwoord", reply_to=int(original["id"]))
    reply = await replied
    assert reply.reference is not None and reply.reference.message_id == int(original["id"])

    edited = asyncio.create_task(bot.wait_for("message_edit", timeout=5))
    await server.edit_message(world.channel_id, int(original["id"]), "hallo!")
    before, after = await edited
    assert (before.content, after.content) == ("hallo", "hallo!")

    reacted = asyncio.create_task(bot.wait_for("reaction_add", timeout=5))
    await server.add_reaction(world.channel_id, int(original["id"]), world.anna_id, "👍")
    reaction, user = await reacted
    assert (str(reaction.emoji), user.id) == ("👍", world.anna_id)

    unreacted = asyncio.create_task(bot.wait_for("raw_reaction_remove", timeout=5))
    await server.remove_reaction(world.channel_id, int(original["id"]), world.anna_id, "👍")
    assert (await unreacted).user_id == world.anna_id

    deleted = asyncio.create_task(bot.wait_for("message_delete", timeout=5))
    await server.delete_message(world.channel_id, int(original["id"]))
    assert (await deleted).id == int(original["id"])


async def test_send_with_embed_and_file_is_multipart(world: World, bot: commands.Bot) -> None:
    channel = bot.get_channel(world.channel_id)
    embed = discord.Embed(title="Samenvatting", description="Drie punten")
    sent = await channel.send("zie bijlage", embed=embed, file=discord.File(io.BytesIO(b"a,b\n"), "notes.csv"))
    request = world.server.requests_to("POST", MESSAGES)[-1]
    assert request.json["embeds"][0]["title"] == "Samenvatting"
    assert request.files == [("notes.csv", b"a,b\n")]
    assert sent.attachments[0].filename == "notes.csv"
    assert world.server.messages(world.channel_id)[-1]["id"] == str(sent.id)


async def test_an_attachment_option_is_uploaded_resolved_and_served(world: World, bot: commands.Bot) -> None:
    await _sync_global(bot)
    result = await world.server.invoke_command(
        world.guild_id, world.channel_id, world.anna_id, "upload", options={"file": ("notes.txt", b"drie punten")}
    )
    response = await result.response()
    assert response["data"]["content"] == f"notes.txt 11 drie punten {ATTACHMENT_SIZE_LIMIT}"
    [option] = result.payload["data"]["options"]
    attachment = result.payload["data"]["resolved"]["attachments"][option["value"]]
    assert option["type"] == 11 and attachment["ephemeral"] is True and attachment["size"] == 11
    world.server.expire_attachment(attachment["url"])
    with pytest.raises(discord.NotFound):
        await bot.http.get_from_cdn(attachment["url"])


async def test_a_posted_file_is_served_at_its_attachment_url(world: World, bot: commands.Bot) -> None:
    sent = await bot.get_channel(world.channel_id).send(file=discord.File(io.BytesIO(b"a,b\n"), "notes.csv"))
    assert await sent.attachments[0].read() == b"a,b\n"


async def test_a_file_needs_attach_files(world: World, bot: commands.Bot) -> None:
    no_files = {"id": str(world.server.bot_user_id), "type": 1, "allow": "0", "deny": str(ATTACH_FILES)}
    channel = world.server.add_channel(world.guild_id, name="text-only", permission_overwrites=[no_files])
    target = bot.get_partial_messageable(channel.id, guild_id=world.guild_id)
    await target.send("text is fine")
    with pytest.raises(discord.Forbidden):
        await target.send(file=discord.File(io.BytesIO(b"x"), "x.txt"))


async def test_oversize_content_is_rejected_like_discord(world: World, bot: commands.Bot) -> None:
    channel = bot.get_channel(world.channel_id)
    with pytest.raises(discord.HTTPException) as raised:
        await channel.send("x" * 2001)
    assert raised.value.status == 400 and raised.value.code == 50035
    assert any("content" in v for v in world.server.violations)
    world.server.violations.clear()


async def test_missing_permissions_is_403(world: World, bot: commands.Bot) -> None:
    with pytest.raises(discord.Forbidden):
        await bot.get_channel(world.locked_channel_id).send("hi")


async def test_rate_limit_is_retried(world: World, bot: commands.Bot) -> None:
    world.server.inject_fault("POST", MESSAGES, status=429, retry_after=0.05)
    await bot.get_channel(world.channel_id).send("na het wachten")
    assert [r.status for r in world.server.requests_to("POST", MESSAGES)] == [429, 200]


async def test_dropped_connection_resumes_and_gets_later_events(world: World, bot: commands.Bot) -> None:
    resumed = asyncio.create_task(bot.wait_for("resumed", timeout=5))
    await world.server.drop_connections()
    await resumed
    created = asyncio.create_task(bot.wait_for("message", timeout=5))
    await world.server.post_message(world.channel_id, world.anna_id, "na de onderbreking")
    assert (await created).content == "na de onderbreking"


async def test_invalidated_session_reidentifies(world: World, bot: commands.Bot) -> None:
    ready_again = asyncio.create_task(bot.wait_for("ready", timeout=5))
    await world.server.invalidate_sessions(resumable=False)
    await ready_again
    assert bot.get_guild(world.guild_id) is not None


async def test_history_after_returns_oldest_first(world: World, bot: commands.Bot) -> None:
    posted = [await world.server.post_message(world.channel_id, world.anna_id, f"m{i}") for i in range(5)]
    channel = bot.get_channel(world.channel_id)
    after = discord.Object(id=int(posted[1]["id"]))
    history = [m.content async for m in channel.history(after=after, limit=None)]
    assert history == ["m2", "m3", "m4"]
    newest_first = [m.content async for m in channel.history(limit=2)]
    assert newest_first == ["m4", "m3"]


async def test_wait_for_request_after_mark(world: World, bot: commands.Bot) -> None:
    mark = world.server.mark()
    await bot.get_channel(world.channel_id).send("eerste")
    request = await world.server.wait_for_request("POST", MESSAGES, after=mark)
    assert request.json["content"] == "eerste"
    waiting = asyncio.create_task(
        world.server.wait_for_request("POST", MESSAGES, predicate=lambda r: r.json["content"] == "tweede")
    )
    await bot.get_channel(world.channel_id).send("tweede")
    assert (await waiting).json["content"] == "tweede"


async def test_withheld_message_content_empties_others_messages_only(world: World, bot: commands.Bot) -> None:
    world.server.withhold_message_content()
    created = asyncio.create_task(bot.wait_for("message", timeout=5))
    await world.server.post_message(world.channel_id, world.anna_id, "mijn idee")
    assert (await created).content == ""
    channel = bot.get_channel(world.channel_id)
    await channel.send("van de bot zelf")
    assert [m.content async for m in channel.history(limit=2)] == ["van de bot zelf", ""]
    assert world.server.messages(world.channel_id)[0]["content"] == "mijn idee"


async def test_reply_with_integer_reference_ids_is_valid(world: World, bot: commands.Bot) -> None:
    original = await world.server.post_message(world.channel_id, world.anna_id, "vraag")
    channel = bot.get_channel(world.channel_id)
    await channel.get_partial_message(int(original["id"])).reply("antwoord")
    [sent] = world.server.requests_to("POST", MESSAGES)
    assert sent.json["message_reference"]["message_id"] == int(original["id"])
    assert world.server.messages(world.channel_id)[-1]["message_reference"]["message_id"] == original["id"]
