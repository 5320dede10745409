"""Places end to end: capacity 2 with four members, the waiting list, promotions told once (DM, else a mention),
simultaneous clicks, and Discord's "Interested" on the session's event — also changed while the bot was stopped."""

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import Launcher, RunningBot, World, ask
from tests.e2e.test_sessions import announcement, plan, rsvp_field

MESSAGE = "/channels/{channel_id}/messages/{message_id}"
MESSAGES = "/channels/{channel_id}/messages"
EVENT_USERS = "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users"
TITLE = "Leerkring december"
YES, NO = "leerkring:rsvp:1:yes", "leerkring:rsvp:1:no"


def four_members(server: FakeDiscord, world: World) -> list[int]:
    """Anna, Bram, Cem and Dewi join the server."""
    return [
        server.add_member(world.guild_id, username=name, locale="nl").id for name in ("anna", "bram", "cem", "dewi")
    ]


async def click(server: FakeDiscord, world: World, user_id: int, custom_id: str) -> tuple[dict[str, Any], str]:
    """Click a button of the announcement; return the announcement as updated and the private confirmation."""
    result = await server.click(
        world.guild_id, world.channel_id, user_id, int(announcement(server, world)["id"]), custom_id
    )
    updated = await result.response()
    [confirmation] = await result.followups()
    return updated["data"], str(confirmation["content"])


def states(db_path: Path) -> dict[int, tuple[str, str]]:
    """Every RSVP of session 1: member → (state, source)."""
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT user_id, state, source FROM rsvps WHERE session_id = 1").fetchall()
    return {user_id: (state, source) for user_id, state, source in rows}


def place_dms(server: FakeDiscord, user_id: int) -> list[dict[str, Any]]:
    """The direct messages telling `user_id` they got a place."""
    title = t("place.notice_title", "nl", title=TITLE)
    return [m for m in server.direct_messages(user_id) if m["embeds"] and m["embeds"][0]["title"] == title]


def place_lines(server: FakeDiscord, world: World) -> list[dict[str, Any]]:
    """The lines in the session's channel that mention a promoted member whose DMs are closed."""
    line = t("place.notice_line", "nl", title=TITLE)
    return [m for m in server.messages(world.channel_id) if m["content"].startswith(line)]


def is_place_line(request: Any) -> bool:
    return t("place.notice_line", "nl", title=TITLE) in str((request.json or {}).get("content"))


def is_place_dm(request: Any) -> bool:
    return t("place.notice_title", "nl", title=TITLE) in str((request.json or {}).get("embeds"))


async def test_capacity_two_four_members_waiting_list_and_promotions_told_once(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    anna, bram, cem, dewi = four_members(server, world)
    server.close_dms(dewi)
    created = await plan(server, world, capacity=2)
    assert created["content"].startswith("Bijeenkomst #1")
    await click(server, world, anna, YES)
    shown, said = await click(server, world, bram, YES)
    assert said == t("session.rsvp_yes", "nl", title=TITLE)
    assert rsvp_field(shown) == "2 van 2 plaatsen · 0 komen niet"
    _, said = await click(server, world, cem, YES)
    assert said == t("session.rsvp_waiting", "nl", title=TITLE, position=1)
    shown, said = await click(server, world, dewi, YES)
    assert said == t("session.rsvp_waiting", "nl", title=TITLE, position=2)
    assert rsvp_field(shown) == "2 van 2 plaatsen · 2 op de wachtlijst · 0 komen niet"

    organiser_view = (await ask(server, world, world.manager_id, "session show", id=1))["embeds"][0]
    waiting_field = next(f for f in organiser_view["fields"] if f["name"] == t("session.field_waiting_list", "nl"))
    assert waiting_field["value"] == f"1. <@{cem}>\n2. <@{dewi}>"
    member_view = (await ask(server, world, anna, "session show", id=1))["embeds"][0]
    assert t("session.field_waiting_list", "nl") not in [f["name"] for f in member_view["fields"]]

    mark = server.mark()
    withdrawn = await ask(server, world, anna, "session attend", id=1, coming=False)  # withdraws by command
    assert withdrawn["content"] == t("session.rsvp_no", "nl", title=TITLE)
    await server.wait_for_request("POST", MESSAGES, predicate=is_place_dm, after=mark)
    shown, _ = await click(server, world, bram, NO)  # and one by the button: Dewi moves up, her DMs are closed
    assert rsvp_field(shown) == "2 van 2 plaatsen · 2 komen niet"
    posted_line = await server.wait_for_request("POST", MESSAGES, predicate=is_place_line, after=mark)
    assert states(db_path) == {
        anna: ("not_coming", "member"),
        bram: ("not_coming", "member"),
        cem: ("coming", "member"),
        dewi: ("coming", "member"),
    }
    assert len(place_dms(server, cem)) == 1
    assert place_dms(server, dewi) == []
    [line] = place_lines(server, world)
    assert line["content"].endswith(f"<@{dewi}>") and f"<@{cem}>" not in line["content"]
    assert isinstance(posted_line.json, dict)
    assert posted_line.json["allowed_mentions"]["users"] == [dewi]


async def test_a_promoted_member_with_notifications_off_is_mentioned_in_the_channel_instead(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    anna, bram, *_ = four_members(server, world)
    await ask(server, world, bram, "profile notifications", setting="off")
    await plan(server, world, capacity=1)
    await click(server, world, anna, YES)
    await click(server, world, bram, YES)
    mark = server.mark()
    await click(server, world, anna, NO)
    posted_line = await server.wait_for_request("POST", MESSAGES, predicate=is_place_line, after=mark)
    assert place_dms(server, bram) == [], "no direct message to a member who turned them off"
    [line] = place_lines(server, world)
    assert line["content"].endswith(f"<@{bram}>")
    assert isinstance(posted_line.json, dict) and posted_line.json["allowed_mentions"]["users"] == [bram]


async def test_lowering_the_capacity_keeps_everyone_and_tells_the_organiser(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    members = four_members(server, world)
    await plan(server, world, capacity=4)
    for member in members:
        await click(server, world, member, YES)
    edited = await ask(server, world, world.manager_id, "session edit", id=1, capacity=2)
    assert t("session.capacity_over", "nl", coming=4, capacity=2) in edited["content"]
    assert [state for state, _ in states(db_path).values()] == ["coming"] * 4
    shown, said = await click(server, world, world.participant_id, YES)
    assert said == t("session.rsvp_waiting", "nl", title=TITLE, position=1)
    assert rsvp_field(shown) == "4 van 2 plaatsen · 1 op de wachtlijst · 0 komen niet"
    lifted = await ask(server, world, world.manager_id, "session edit", id=1, capacity=0)
    assert t("session.capacity_over", "nl", coming=5, capacity=2) not in lifted["content"]
    assert states(db_path)[world.participant_id] == ("coming", "member")


async def test_simultaneous_clicks_never_overbook(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    members = four_members(server, world)
    await plan(server, world, capacity=2)
    message_id = int(announcement(server, world)["id"])
    clicks = await asyncio.gather(
        *(server.click(world.guild_id, world.channel_id, member, message_id, YES) for member in members)
    )
    confirmations = [(await result.followups())[0]["content"] for result in clicks]
    assert sum(text == t("session.rsvp_yes", "nl", title=TITLE) for text in confirmations) == 2
    assert sorted(text for text in confirmations if text != t("session.rsvp_yes", "nl", title=TITLE)) == [
        t("session.rsvp_waiting", "nl", title=TITLE, position=1),
        t("session.rsvp_waiting", "nl", title=TITLE, position=2),
    ]
    assert sorted(state for state, _ in states(db_path).values()) == ["coming", "coming", "waiting", "waiting"]


def event_id(db_path: Path) -> int:
    with sqlite3.connect(db_path) as db:
        (found,) = db.execute("SELECT scheduled_event_id FROM sessions WHERE id = 1").fetchone()
    return int(found)


async def interest(
    server: FakeDiscord, world: World, db_path: Path, user_id: int, interested: bool, showing: str
) -> None:
    """Mark (or unmark) the session's event as `user_id`, and wait for the announcement to show `showing`."""
    mark = server.mark()
    await server.mark_interested(world.guild_id, event_id(db_path), user_id, interested)
    await server.wait_for_request("PATCH", MESSAGE, predicate=lambda r: showing in str(r.json), after=mark)


async def test_interested_on_the_event_counts_and_only_its_own_rsvp_is_withdrawn(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    anna, bram, cem, dewi = four_members(server, world)
    await plan(server, world, capacity=2)
    await interest(server, world, db_path, anna, True, "1 van 2 plaatsen")
    assert states(db_path) == {anna: ("coming", "event")}
    await click(server, world, bram, YES)
    await server.mark_interested(world.guild_id, event_id(db_path), bram, True)  # already coming: nothing changes
    await interest(server, world, db_path, cem, True, "2 van 2 plaatsen · 1 op de wachtlijst")
    assert states(db_path)[cem] == ("waiting", "event")
    await server.mark_interested(world.guild_id, event_id(db_path), bram, False)  # his own "Ik kom" stays
    mark = server.mark()
    await interest(server, world, db_path, anna, False, "2 van 2 plaatsen · 0 komen niet")
    assert states(db_path) == {bram: ("coming", "member"), cem: ("coming", "event")}
    await server.wait_for_request("POST", MESSAGES, predicate=is_place_dm, after=mark)
    assert len(place_dms(server, cem)) == 1
    assert dewi not in states(db_path)


async def test_interest_changed_while_the_bot_was_stopped_is_caught_up_paged(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    anna, bram, cem, dewi = four_members(server, world)
    first = await launch()
    await plan(server, world, capacity=2)
    await interest(server, world, db_path, anna, True, "1 van 2 plaatsen")
    await interest(server, world, db_path, bram, True, "2 van 2 plaatsen")
    await click(server, world, cem, YES)  # waiting, by the button
    assert await first.shutdown() == 0

    event = event_id(db_path)
    await server.mark_interested(world.guild_id, event, anna, False)  # while away: Anna's place goes to Cem
    await server.mark_interested(world.guild_id, event, dewi, True)
    crowd = [server.add_member(world.guild_id, username=f"lid{n}", locale="nl").id for n in range(120)]
    for member in crowd:
        await server.mark_interested(world.guild_id, event, member, True)
    mark = server.mark()
    await launch()
    await server.wait_for_request("PATCH", MESSAGE, predicate=lambda r: "2 van 2 plaatsen" in str(r.json), after=mark)
    pages = [r.query for r in server.requests if r.matches("GET", EVENT_USERS)][-2:]
    assert [page.get("after") for page in pages] == [None, str(sorted(server.interested_in(world.guild_id, event))[99])]
    assert all(page["limit"] == "100" and page["with_member"] in ("1", "true") for page in pages)
    found = states(db_path)
    assert anna not in found
    assert (found[bram], found[cem]) == (("coming", "event"), ("coming", "member"))
    assert found[dewi] == ("waiting", "event")
    assert sum(state == "waiting" for state, _ in found.values()) == 121
    await server.wait_for_request("POST", MESSAGES, predicate=is_place_dm, after=mark)
    assert len(place_dms(server, cem)) == 1
