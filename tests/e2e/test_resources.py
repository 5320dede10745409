"""Shared material end to end: a link and a file for a session, named in its reminder, /session show, its .ics
and its report; the file kept as the bot's own message; removal by the owner and an organiser, refusals, bad
input, a re-post Discord refuses and a file over the upload limit."""

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
from icalendar import Calendar

from bot.clock import ManualClock
from bot.i18n import t
from localdiscord import FakeDiscord, RecordedRequest
from localdiscord.interaction_result import ATTACHMENT_SIZE_LIMIT
from localdiscord.messages import ATTACHMENTS_PATH
from tests.e2e.harness import RunningBot, World, ask

MESSAGES = "/channels/{channel_id}/messages"
MESSAGE = "/channels/{channel_id}/messages/{message_id}"
ORIGINAL = "/webhooks/{application_id}/{token}/messages/@original"
BUNDLE = "https://www.example.org/inspiratiebundel-thorbecke.pdf"
FILM = b"\x00\x00\x00\x18ftypmp42 a short film about the Thorbecke experiments"
ATTACH_FILES = 1 << 15


def stored(db_path: Path) -> list[tuple[Any, ...]]:
    """The material rows as the database holds them."""
    with sqlite3.connect(db_path) as db:
        return list(
            db.execute("SELECT id, title, url, host, filename, channel_id, message_id, shared_by FROM resources")
        )


def file_messages(server: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    """The bot's messages in a channel that carry a file."""
    return [m for m in server.messages(channel_id) if m["attachments"] and int(m["author"]["id"]) == server.bot_user_id]


def posted_files(server: FakeDiscord) -> list[RecordedRequest]:
    """Message posts with a file, whatever Discord answered."""
    return [r for r in server.requests_to("POST", MESSAGES) if r.files]


async def plan_session(server: FakeDiscord, world: World) -> None:
    answer = await ask(server, world, world.manager_id, "session create", title="Thorbecke", starts="10-12-2026 19:30")
    assert "#1" in answer["content"], answer


async def download(url: str) -> tuple[int, bytes]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.read()


async def share_a_link_and_a_file(server: FakeDiscord, world: World) -> tuple[dict[str, Any], str]:
    """Pieter shares the bundle as a link, Emma the film as a file, both for session #1.

    Returns the bot's message with the film and the address of Emma's upload.
    """
    answer = await ask(
        server, world, world.participant_id, "resource add", title="Inspiratiebundel", url=BUNDLE, session=1
    )
    assert answer["content"] == t("resource.added_link", "nl", id=1, host="www.example.org")
    result = await server.invoke_command(
        world.guild_id,
        world.channel_id,
        world.english_participant_id,
        "resource add",
        options={"title": "Filmpje", "file": ("thorbecke.mp4", FILM), "description": "Tien minuten", "session": 1},
    )
    answer = await result.final_message()
    [message] = file_messages(server, world.channel_id)
    link = f"https://discord.com/channels/{world.guild_id}/{world.channel_id}/{message['id']}"
    assert answer["content"] == t("resource.added_file", "en", id=2, link=link)
    [upload] = result.payload["data"]["resolved"]["attachments"].values()
    return message, upload["url"]


async def test_a_link_and_a_file_for_a_session_are_kept_named_and_removed(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock, db_path: Path
) -> None:
    await plan_session(server, world)
    await ask(server, world, world.participant_id, "session attend", id=1)
    message, upload = await share_a_link_and_a_file(server, world)

    # The file survives its upload's link: the bot's own message carries it, and that message is what is stored.
    server.expire_attachment(upload)
    assert (await download(upload))[0] == 404
    assert message["embeds"][0]["title"] == "Filmpje"
    assert message["embeds"][0]["footer"]["text"] == t("resource.footer", "nl", id=2)
    [attachment] = message["attachments"]
    assert attachment["filename"] == "thorbecke.mp4"
    assert await download(attachment["url"]) == (200, FILM)
    rows = stored(db_path)
    assert rows == [
        (1, "Inspiratiebundel", BUNDLE, "www.example.org", None, None, None, world.participant_id),
        (2, "Filmpje", None, None, "thorbecke.mp4", world.channel_id, int(message["id"]), world.english_participant_id),
    ]
    assert upload not in str(rows)
    file_link = f"https://discord.com/channels/{world.guild_id}/{world.channel_id}/{message['id']}"

    # The list: newest first, who shared it as a mention that pings nobody.
    result = await server.invoke_command(world.guild_id, world.channel_id, world.participant_id, "resource list")
    listed = await result.final_message()
    assert (await result.response())["data"]["allowed_mentions"] == {"parse": []}
    description = listed["embeds"][0]["description"]
    assert description.index("Filmpje") < description.index("Inspiratiebundel")
    assert f"<@{world.english_participant_id}>" in description and f"<@{world.participant_id}>" in description
    assert BUNDLE in description and file_link in description and "www.example.org" in description
    assert description.count(t("resource.session", "nl", id=1, title="Thorbecke")) == 2

    # The reminder names both, under "Ter voorbereiding".
    clock.advance(timedelta(days=7, hours=7, minutes=30))
    assert await running.bot.timers.run_due() == 1
    [reminder] = [r for r in server.requests_to("POST", MESSAGES) if "lk-reminder-" in str((r.json or {}).get("nonce"))]
    assert reminder.json is not None and isinstance(reminder.json, dict)
    [prepare] = [f for f in reminder.json["embeds"][0]["fields"] if f["name"] == t("resource.to_prepare", "nl")]
    assert prepare["value"].splitlines() == [
        t("resource.line", "nl", title="Inspiratiebundel", where="www.example.org", link=BUNDLE),
        t("resource.line", "nl", title="Filmpje", where="📎 thorbecke.mp4", link=file_link),
    ]

    # /session show, the session's .ics and the report name them too.
    shown = (await ask(server, world, world.participant_id, "session show", id=1))["embeds"][0]
    assert any(f["name"] == "Ter voorbereiding" and "Inspiratiebundel" in f["value"] for f in shown["fields"])
    result = await server.invoke_command(
        world.guild_id, world.channel_id, world.participant_id, "session ics", options={"id": 1}
    )
    [(_, document)] = (await result.response())["files"]
    [event] = Calendar.from_ical(document).walk("VEVENT")
    assert str(event["description"]).endswith(
        f"Ter voorbereiding:\n- Inspiratiebundel: {BUNDLE}\n- Filmpje: {file_link}"
    )
    result = await server.invoke_command(
        world.guild_id, world.channel_id, world.manager_id, "report", options={"session": 1}
    )
    await result.final_message()
    [edit] = [r for r in server.requests_to("PATCH", ORIGINAL) if r.files]
    markdown = dict(edit.files)["verslag-1.md"].decode()
    section = markdown.split("## Gedeeld materiaal\n\n", 1)[1].split("\n\n", 1)[0]
    assert section.splitlines() == [
        f"- **Inspiratiebundel** (www.example.org) — <{BUNDLE}>",
        f"- **Filmpje** (bestand: thorbecke.mp4) — <{file_link}>: Tien minuten",
    ]

    # Removal: not someone else's; the owner's own (its file message goes too); an organiser any.
    refused = await ask(server, world, world.participant_id, "resource remove", id=2)
    assert refused["content"] == t("resource.not_yours", "nl", id=2)
    mark = server.mark()
    removed = await ask(server, world, world.english_participant_id, "resource remove", id=2)
    assert removed["content"] == t("resource.removed", "en", id=2)
    await server.wait_for_request("DELETE", MESSAGE, after=mark)
    assert file_messages(server, world.channel_id) == []
    again = await ask(server, world, world.english_participant_id, "resource remove", id=2)
    assert again["content"] == t("resource.unknown", "en", id=2)
    await ask(server, world, world.manager_id, "setup organiser-role", role=world.organiser_role_id)
    by_organiser = await ask(server, world, world.role_organiser_id, "resource remove", id=1)
    assert by_organiser["content"] == t("resource.removed", "nl", id=1)
    assert stored(db_path) == []
    listed = await ask(server, world, world.participant_id, "resource list")
    assert listed["embeds"][0]["description"] == t("resource.list_empty", "nl")


async def test_bad_input_is_refused_clearly_and_nothing_is_kept(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    film = ("film.mp4", FILM)
    refusals = [
        ({"url": "javascript:alert(document.cookie)"}, t("resource.bad_scheme", "nl", scheme="javascript")),
        ({"url": "data:text/html,<script>alert(1)</script>"}, t("resource.bad_scheme", "nl", scheme="data")),
        ({"url": "file:///etc/passwd"}, t("resource.bad_scheme", "nl", scheme="file")),
        ({"url": "https://anouk:geheim@intranet.zeist.nl/stukken"}, t("resource.url_credentials", "nl")),
        ({"url": "www.example.org/bundel.pdf"}, t("resource.bad_url", "nl")),
        ({"url": BUNDLE, "file": film}, t("resource.url_or_file", "nl")),
        ({}, t("resource.url_or_file", "nl")),
        ({"url": BUNDLE, "session": 42}, t("session.unknown", "nl", id=42)),
        ({"file": film, "session": 42}, t("session.unknown", "nl", id=42)),
        ({"title": f"  <@{world.manager_id}> @everyone \u200b ", "url": BUNDLE}, t("resource.title_empty", "nl")),
        ({"title": "x" * 101, "url": BUNDLE}, t("resource.title_too_long", "nl", max=100, length=101)),
        ({"url": BUNDLE, "description": "y" * 1001}, t("resource.description_too_long", "nl", max=1000, length=1001)),
    ]
    for options, expected in refusals:
        answer = await ask(server, world, world.participant_id, "resource add", **({"title": "Bundel"} | options))
        assert answer["content"] == expected, options
    assert stored(db_path) == []
    assert posted_files(server) == []
    gone = await ask(server, world, world.participant_id, "resource remove", id=7)
    assert gone["content"] == t("resource.unknown", "nl", id=7)
    page = await ask(server, world, world.participant_id, "resource list", page=2)
    assert page["content"] == t("resource.bad_page", "nl", page=2, pages=1)


async def test_a_file_over_the_upload_limit_is_refused_with_the_limit(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    too_large = ("verslag.pdf", b"%" * (ATTACHMENT_SIZE_LIMIT + 1))
    answer = await ask(server, world, world.participant_id, "resource add", title="Verslag", file=too_large)
    assert answer["content"] == t("resource.file_too_large", "nl", limit="10")
    assert "10 MB" in answer["content"]
    assert stored(db_path) == [] and posted_files(server) == []


async def test_a_re_post_discord_refuses_is_reported_and_nothing_is_kept(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    no_files = {"id": str(server.bot_user_id), "type": 1, "allow": "0", "deny": str(ATTACH_FILES)}
    channel = server.add_channel(world.guild_id, name="zonder-bestanden", permission_overwrites=[no_files])
    result = await server.invoke_command(
        world.guild_id,
        channel.id,
        world.participant_id,
        "resource add",
        options={"title": "Filmpje", "file": ("film.mp4", FILM)},
    )
    answer = await result.final_message()
    assert answer["content"] == t("resource.cannot_post", "nl", channel=f"<#{channel.id}>")
    [refused] = posted_files(server)
    assert refused.status == 403
    assert stored(db_path) == [] and file_messages(server, channel.id) == []
    listed = await ask(server, world, world.participant_id, "resource list")
    assert listed["embeds"][0]["description"] == t("resource.list_empty", "nl")


async def test_a_file_discord_will_not_hand_over_is_reported_and_nothing_is_kept(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    server.inject_fault("GET", ATTACHMENTS_PATH, status=404)
    answer = await ask(server, world, world.participant_id, "resource add", title="Filmpje", file=("film.mp4", FILM))
    assert answer["content"] == t("resource.file_unreadable", "nl")
    assert stored(db_path) == [] and posted_files(server) == []


async def test_after_an_erasure_the_material_stays_without_its_sharer(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    member = world.english_participant_id
    await ask(server, world, member, "resource add", title="Bundel", url=BUNDLE)
    await ask(server, world, member, "resource add", title="Filmpje", file=("film.mp4", FILM))
    [message] = file_messages(server, world.channel_id)
    assert message["embeds"][0]["fields"][0]["value"] == f"<@{member}>"
    result = await server.invoke_command(world.guild_id, world.channel_id, member, "privacy export")
    [(_, document), (_, markdown)] = (await result.response())["files"]
    assert "Filmpje" in markdown.decode()
    assert [row["title"] for row in json.loads(document) if row["kind"] == "resource"] == ["Bundel", "Filmpje"]

    asked = await server.invoke_command(world.guild_id, world.channel_id, member, "privacy delete")
    question = await asked.response()
    buttons = {b["label"]: b["custom_id"] for row in question["data"]["components"] for b in row["components"]}
    mark = server.mark()
    pressed = await server.click(world.guild_id, world.channel_id, member, asked.message_id, buttons["Confirm"])
    await pressed.followups()
    await server.wait_for_request("PATCH", MESSAGE, after=mark, predicate=lambda r: r.path.endswith(message["id"]))
    [edited] = file_messages(server, world.channel_id)
    assert edited["embeds"][0]["fields"][0]["value"] == t("resource.former_member", "nl")
    assert edited["attachments"] == message["attachments"]
    assert [(row[1], row[-1]) for row in stored(db_path)] == [("Bundel", 0), ("Filmpje", 0)]
    listed = (await ask(server, world, world.participant_id, "resource list"))["embeds"][0]["description"]
    assert f"<@{member}>" not in listed and listed.count(t("resource.former_member", "nl")) == 2
