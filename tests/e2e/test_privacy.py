"""Privacy end to end: a member's export and erasure, erasure after leaving or removal (and called off by a
return), the retention settings and the audit log of organiser actions."""

import asyncio
import json
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from bot.db import Database
from bot.db.migrate import migrate
from bot.domain import erasures
from bot.domain.profiles import set_organisation
from bot.i18n import t
from localdiscord import FakeDiscord
from localdiscord.state import BOT_USER_ID
from tests.e2e.harness import Launcher, RunningBot, World, add_idea, ask
from tests.e2e.test_hosts import MESSAGE, call_message, field_values, open_call, volunteer
from tests.unit.privacy_world import mentions, rows_mentioning

GRACE = timedelta(days=30)


async def erasure_changed(running: RunningBot, change: Callable[[], object], guild_id: int, user_id: int) -> None:
    """Make `change` on the server (its gateway event follows) and wait until the privacy cog has planned or called
    off the erasure."""
    waiter = asyncio.create_task(
        running.bot.wait_for("erasure_changed", check=lambda g, u, _: (g, u) == (guild_id, user_id), timeout=5)
    )
    await asyncio.sleep(0)
    change()
    await waiter


async def leave(server: FakeDiscord, running: RunningBot, world: World, user_id: int) -> None:
    await erasure_changed(running, lambda: server.remove_member(world.guild_id, user_id), world.guild_id, user_id)


async def rejoin(server: FakeDiscord, running: RunningBot, world: World, user_id: int) -> None:
    change = partial(server.add_member, world.guild_id, user_id=user_id, locale="nl")
    await erasure_changed(running, change, world.guild_id, user_id)


async def participate(server: FakeDiscord, world: World, user_id: int) -> None:
    """A profile, an answer, a host entry and an idea of `user_id` (and another member's answer)."""
    await ask(server, world, user_id, "profile municipality", name="Zeist")
    call = await open_call(server, world)
    await ask(server, world, user_id, "session attend", id=1)
    await volunteer(server, world, call, user_id, [1], "Raadzaal")
    await ask(server, world, world.manager_id, "prompt open", question="Wat nemen we mee?")
    await add_idea(server, world, user_id, text="Buurtbudget")
    await ask(server, world, world.english_participant_id, "session attend", id=1)


async def test_a_member_exports_and_erases_their_data(server: FakeDiscord, world: World, running: RunningBot) -> None:
    member = world.participant_id
    await participate(server, world, member)

    exported = await server.invoke_command(world.guild_id, world.channel_id, member, "privacy export")
    answer = await exported.response()
    assert exported.ephemeral
    [(json_name, document), (md_name, markdown)] = answer["files"]
    assert (json_name, md_name) == (
        f"leerkring-{world.guild_id}-{member}.json",
        f"leerkring-{world.guild_id}-{member}.md",
    )
    rows = json.loads(document)
    assert {row["kind"] for row in rows} == {"profile", "rsvp", "idea", "volunteer_entry", "reminder"}
    assert all(row["member_id"] == str(member) for row in rows)
    assert not mentions(rows, world.manager_id) and not mentions(rows, world.english_participant_id)
    assert "Buurtbudget" in markdown.decode() and answer["data"]["content"].startswith("Hier is alles")

    asked = await server.invoke_command(world.guild_id, world.channel_id, member, "privacy delete")
    question = await asked.response()
    assert question["data"]["content"] == t(
        "privacy.delete_question", "nl", ideas=t("privacy.ideas_will_anonymise", "nl")
    )
    buttons = {b["label"]: b["custom_id"] for row in question["data"]["components"] for b in row["components"]}
    mark = server.mark()
    pressed = await server.click(world.guild_id, world.channel_id, member, asked.message_id, buttons["Bevestigen"])
    [done] = await pressed.followups()
    erased = (
        "profiel 1, aanmeldingen voor bijeenkomsten 1, keren ‘ik ben er’ 0, steun voor ideeën 0, "
        "aanmeldingen als gastgemeente 1, deelnames aan oproepen 0, voorkeuren 0, persoonlijke berichten 0, "
        "wachtende ideeën 0"
    )
    assert done["content"] == t(
        "privacy.deleted", "nl", erased=erased, ideas=t("privacy.ideas_anonymised", "nl", count=1), unlinked=0
    )
    assert await rows_mentioning(running.bot.db, member) == []
    await server.wait_for_request(
        "PATCH", MESSAGE, after=mark, predicate=lambda r: "Oproep #1" in str((r.json or {}).get("embeds"))
    )
    assert "Zeist" not in field_values(call_message(server, world))[0]
    copy = next(m for m in all_messages(server) if "Buurtbudget" in str(m["embeds"]))
    anonymous = t("privacy.anonymous_author", "nl", organisation="Zeist")
    await server.wait_for_request("PATCH", MESSAGE, after=mark, predicate=lambda r: r.path.endswith(f"/{copy['id']}"))
    [edited] = [m for m in all_messages(server) if m["id"] == copy["id"]]
    assert edited["embeds"][0]["fields"][0]["value"] == anonymous
    listed = await ask(server, world, world.manager_id, "idea list")
    assert t("privacy.anonymous_author", "nl", organisation="Zeist") in listed["embeds"][0]["description"]

    again = await server.invoke_command(world.guild_id, world.channel_id, member, "privacy delete")
    repeat = await again.response()
    buttons = {b["label"]: b["custom_id"] for row in repeat["data"]["components"] for b in row["components"]}
    pressed = await server.click(world.guild_id, world.channel_id, member, again.message_id, buttons["Bevestigen"])
    assert (await pressed.followups())[0]["content"] == t("privacy.nothing_stored", "nl")
    empty = json.loads((await ask_files(server, world, member))[0][1])
    assert empty == []


def all_messages(server: FakeDiscord) -> list[dict[str, Any]]:
    return [message for channel in server.state.messages.values() for message in channel.values()]


async def ask_files(server: FakeDiscord, world: World, user_id: int) -> list[tuple[str, bytes]]:
    result = await server.invoke_command(world.guild_id, world.channel_id, user_id, "privacy export")
    files: list[tuple[str, bytes]] = (await result.response())["files"]
    return files


async def test_a_member_who_leaves_is_erased_after_the_grace_period_unless_they_return(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    member = world.participant_id
    await ask(server, world, member, "profile municipality", name="Zeist")
    await leave(server, running, world, member)
    clock.advance(GRACE - timedelta(minutes=1))
    await running.bot.timers.run_due()
    assert set(await rows_mentioning(running.bot.db, member)) == {"pending_erasures.user_id", "profiles.user_id"}

    await rejoin(server, running, world, member)
    clock.advance(timedelta(days=2))
    await running.bot.timers.run_due()
    assert await rows_mentioning(running.bot.db, member) == ["profiles.user_id"]

    await leave(server, running, world, member)
    clock.advance(GRACE)
    await running.bot.timers.run_due()
    assert await rows_mentioning(running.bot.db, member) == []
    audit = await ask(server, world, world.manager_id, "setup audit")
    assert t("audit.action_privacy_member_erased", "nl") in audit["embeds"][0]["description"]


async def test_a_server_that_removes_the_bot_is_erased_after_the_grace_period_unless_the_bot_returns(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    await ask(server, world, world.participant_id, "profile municipality", name="Zeist")
    await ask(server, world, world.manager_id, "setup retention", **{"grace-days": 10})
    removed = partial(server.remove_bot, world.guild_id)
    await erasure_changed(running, removed, world.guild_id, erasures.WHOLE_GUILD)
    clock.advance(timedelta(days=9))
    await running.bot.timers.run_due()
    await erasure_changed(running, partial(server.add_bot, world.guild_id), world.guild_id, erasures.WHOLE_GUILD)
    clock.advance(timedelta(days=2))
    await running.bot.timers.run_due()
    assert await erasures.guilds_with_data(running.bot.db) == {world.guild_id}

    await erasure_changed(running, removed, world.guild_id, erasures.WHOLE_GUILD)
    clock.advance(timedelta(days=10))
    await running.bot.timers.run_due()
    assert await erasures.guilds_with_data(running.bot.db) == set()
    assert await rows_mentioning(running.bot.db, world.participant_id) == []


async def test_organiser_actions_on_members_data_are_audited(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    await participate(server, world, world.participant_id)
    await ask(server, world, world.manager_id, "hosts confirm", session=1, municipality="GM0355")
    await ask(server, world, world.manager_id, "idea status", id=1, status="taken_up")
    await ask(server, world, world.manager_id, "setup language", language="nl")
    answer = await ask(server, world, world.manager_id, "setup retention", ideas="erase", months=24)
    assert answer["content"] == t(
        "retention.set",
        "nl",
        ideas=t("privacy.ideas_will_erase", "nl"),
        days=30,
        period=t("retention.after_erase", "nl", months=24),
    )
    shown = await ask(server, world, world.manager_id, "setup show")
    assert {"name": t("retention.field_grace", "nl"), "value": "30 dagen", "inline": False} in shown["embeds"][0][
        "fields"
    ]
    refused = await ask(server, world, world.participant_id, "setup audit")
    assert refused["content"] == t("auth.not_organiser", "nl")

    lines = (await ask(server, world, world.manager_id, "setup audit"))["embeds"][0]["description"].splitlines()
    manager = f"<@{world.manager_id}>"
    assert [line.split(" · ", 1)[1] for line in lines] == [
        f"{manager} · instelling gewijzigd · member_ideas=erase retention_months=24",
        f"{manager} · instelling gewijzigd · language=nl",
        f"{manager} · status van idee gewijzigd · #1: taken_up",
        f"{manager} · gastgemeente bevestigd · #1: Zeist",
    ]
    sweeps = await running.bot.db.fetch_all("SELECT status FROM timers WHERE kind = 'retention_sweep'")
    assert [row[0] for row in sweeps] == ["pending"]


async def catch_up(running: RunningBot) -> None:
    """Run the privacy cog's start-up catch-up to its end (it also runs by itself as the shard becomes ready;
    repeating is harmless)."""
    cog = running.bot.get_cog("Privacy")
    assert cog is not None
    await cog.on_shard_ready(0)  # type: ignore[attr-defined]


async def test_a_member_who_left_while_the_bot_was_offline_is_noticed_at_start(
    launch: Any, world: World, db_path: Path, clock: ManualClock
) -> None:
    departed = 4343
    db = await Database.open(db_path)
    await migrate(db)
    await set_organisation(db, world.guild_id, departed, "VNG", clock.now())
    await set_organisation(db, world.guild_id, world.participant_id, "Provincie Utrecht", clock.now())
    await db.close()
    running = await launch()
    await catch_up(running)
    pending = await running.bot.db.fetch_all("SELECT guild_id, user_id FROM pending_erasures")
    assert [tuple(row) for row in pending] == [(world.guild_id, departed)]
    clock.advance(GRACE)
    await running.bot.timers.run_due()
    assert await rows_mentioning(running.bot.db, departed) == []
    assert await rows_mentioning(running.bot.db, world.participant_id) == ["profiles.user_id"]


async def test_a_removal_while_the_bot_was_offline_is_noticed_at_start(
    launch: Any, db_path: Path, clock: ManualClock
) -> None:
    gone = 4242
    db = await Database.open(db_path)
    await migrate(db)
    await set_organisation(db, gone, 1, "VNG", clock.now())
    await db.close()
    running = await launch()
    await catch_up(running)
    assert await erasures.pending_guilds(running.bot.db) == {gone}
    clock.advance(GRACE)
    await running.bot.timers.run_due()
    assert await erasures.guilds_with_data(running.bot.db) == set()


async def erasure_timers(running: RunningBot) -> list[tuple[str, str | None]]:
    rows = await running.bot.db.fetch_all(
        "SELECT status, result FROM timers WHERE kind = ? ORDER BY id", (erasures.KIND,)
    )
    return [(row[0], row[1]) for row in rows]


async def test_a_member_who_came_back_while_the_bot_was_offline_is_not_erased(
    server: FakeDiscord, world: World, launch: Launcher, clock: ManualClock
) -> None:
    member = world.participant_id
    running = await launch()
    await ask(server, world, member, "profile municipality", name="Zeist")
    await leave(server, running, world, member)
    assert await running.shutdown() == 0
    server.add_member(world.guild_id, user_id=member, locale="nl")  # no bot online to see it
    running = await launch()
    await catch_up(running)
    clock.advance(GRACE + timedelta(days=1))
    await running.bot.timers.run_due()
    assert await rows_mentioning(running.bot.db, member) == ["profiles.user_id"]
    assert await erasure_timers(running) == [("cancelled", None)]


async def test_the_erasure_checks_once_more_that_the_member_is_away_and_never_erases_on_doubt(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    member, other = world.participant_id, world.english_participant_id
    for user_id in (other, member):
        await ask(server, world, user_id, "profile municipality", name="Zeist")
        await leave(server, running, world, user_id)
    server.state.add_member(world.guild_id, member)  # back, but the bot missed the join event
    server.inject_fault("GET", "/guilds/{guild_id}/members/{user_id}", status=503)  # the first lookup (other) fails
    clock.advance(GRACE)
    await running.bot.timers.run_due()
    assert await rows_mentioning(running.bot.db, member) == ["profiles.user_id"]
    assert set(await rows_mentioning(running.bot.db, other)) == {"pending_erasures.user_id", "profiles.user_id"}
    timers = await running.bot.db.fetch_all(
        "SELECT subject_id, status, result, attempts FROM timers WHERE kind = ? ORDER BY id", (erasures.KIND,)
    )
    assert [(row["status"], row["result"], row["attempts"]) for row in timers] == [
        ("pending", None, 1),
        ("done", "called off: member is back", 0),
    ]
    clock.advance(timedelta(minutes=1))
    await running.bot.timers.run_due()
    assert await rows_mentioning(running.bot.db, other) == []


async def test_a_server_erasure_checks_once_more_that_the_bot_is_not_back(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    await ask(server, world, world.participant_id, "profile municipality", name="Zeist")
    await erasure_changed(running, partial(server.remove_bot, world.guild_id), world.guild_id, erasures.WHOLE_GUILD)
    server.state.add_member(world.guild_id, BOT_USER_ID)  # added back, but the bot missed the event
    clock.advance(GRACE)
    await running.bot.timers.run_due()
    assert await erasures.guilds_with_data(running.bot.db) == {world.guild_id}
    assert await erasure_timers(running) == [("done", "called off: the bot is back in the server")]
