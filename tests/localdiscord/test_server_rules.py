"""The fake's own rules (limits, unknown routes, faults, threads, events) exercised over plain HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from localdiscord import FakeDiscord
from localdiscord.validation import LIMITS, callback_errors, commands_errors, message_errors


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def http(server: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=server.api_base + "/") as session:
        yield session


def test_embed_limits_sum_over_all_embeds() -> None:
    embeds = [{"description": "x" * 4000}, {"description": "y" * 2001}]
    assert [str(e) for e in message_errors({"embeds": embeds})] == ["embeds: Embed size exceeds maximum size of 6000"]
    assert not list(message_errors({"embeds": embeds[:1]}))


def test_component_limits() -> None:
    row = {
        "type": 1,
        "components": [{"type": 2, "style": 1, "label": "l", "custom_id": str(i)} for i in range(6)],
    }
    long_label = {"type": 1, "components": [{"type": 2, "style": 1, "label": "x" * 81, "custom_id": "a"}]}
    errors = [str(e) for e in message_errors({"components": [row] * 6 + [long_label]})]
    assert "components: Must be 5 or fewer in length." in errors
    assert "components.0.components: Must be 5 or fewer in length." in errors
    assert "components.6.components.0.label: Must be 80 or fewer in length." in errors


def test_autocomplete_modal_and_command_limits() -> None:
    choices = [{"name": str(i), "value": str(i)} for i in range(LIMITS["autocomplete.choices"] + 1)]
    assert [str(e) for e in callback_errors({"type": 8, "data": {"choices": choices}})] == [
        "data.choices: Must be 25 or fewer in length."
    ]
    assert [str(e) for e in callback_errors({"type": 9, "data": {"title": "t" * 46, "custom_id": "m"}})] == [
        "data.title: Must be 45 or fewer in length."
    ]
    command = {"name": "c", "description": "d", "name_localizations": {"nl": "n" * 33}}
    assert [str(e) for e in commands_errors([command])] == ["0.name_localizations.nl: Must be 32 or fewer in length."]


async def test_content_type_is_exactly_application_json(server: FakeDiscord, http: aiohttp.ClientSession) -> None:
    async with http.get("users/@me") as response:
        assert response.headers["Content-Type"] == "application/json"
        assert (await response.json())["id"] == str(server.bot_user_id)


async def test_unknown_route_is_a_violation(server: FakeDiscord, http: aiohttp.ClientSession) -> None:
    async with http.get("no/such/route") as response:
        assert response.status == 404
    assert server.violations == ["unknown route GET /no/such/route"]


async def test_schema_violation_is_recorded_but_answered(server: FakeDiscord, http: aiohttp.ClientSession) -> None:
    guild = server.add_guild(name="g")
    channel = server.add_channel(guild.id, name="c")
    async with http.post(f"channels/{channel.id}/messages", json={"content": 5}) as response:
        assert response.status == 200
    assert len(server.violations) == 1 and "OpenAPI: content" in server.violations[0]


async def test_injected_403_uses_discord_error_shape(server: FakeDiscord, http: aiohttp.ClientSession) -> None:
    guild = server.add_guild(name="g")
    channel = server.add_channel(guild.id, name="c")
    server.inject_fault("POST", "/channels/{id}/messages", status=403, times=1)
    async with http.post(f"channels/{channel.id}/messages", json={"content": "a"}) as response:
        assert (response.status, await response.json()) == (
            403,
            {"code": 50013, "message": "Missing Permissions"},
        )
    async with http.post(f"channels/{channel.id}/messages", json={"content": "b"}) as response:
        assert response.status == 200
    assert [m["content"] for m in server.messages(channel.id)] == ["b"]


async def test_thread_from_message_and_scheduled_event(server: FakeDiscord, http: aiohttp.ClientSession) -> None:
    guild = server.add_guild(name="g")
    channel = server.add_channel(guild.id, name="c")
    message = await server.post_message(channel.id, guild.owner_id, "start")
    async with http.post(f"channels/{channel.id}/messages/{message['id']}/threads", json={"name": "t"}) as response:
        thread = await response.json()
    assert (thread["id"], thread["type"], thread["parent_id"]) == (message["id"], 11, str(channel.id))
    event_body = {
        "name": "Bijeenkomst",
        "privacy_level": 2,
        "entity_type": 3,
        "scheduled_start_time": "2030-01-01T18:00:00+00:00",
        "scheduled_end_time": "2030-01-01T20:00:00+00:00",
        "entity_metadata": {"location": "Bibliotheek"},
    }
    async with http.post(f"guilds/{guild.id}/scheduled-events", json=event_body) as response:
        event = await response.json()
    async with http.get(f"guilds/{guild.id}/scheduled-events") as response:
        assert [e["id"] for e in await response.json()] == [event["id"]]
    assert server.violations == []


async def test_enforce_nonce_returns_the_earlier_message_and_fetch_hides_the_nonce() -> None:
    server = FakeDiscord()
    await server.start()
    try:
        guild = server.add_guild(name="g")
        channel = server.add_channel(guild.id, name="c", type=0)
        url = f"{server.api_base}/channels/{channel.id}/messages"
        headers = {"Authorization": "Bot t"}
        async with aiohttp.ClientSession() as http:
            sent = [
                await (
                    await http.post(url, json={"content": "hi", "nonce": "r1", "enforce_nonce": True}, headers=headers)
                ).json()
                for _ in range(2)
            ]
            other = await (
                await http.post(url, json={"content": "hi", "nonce": "r2", "enforce_nonce": True}, headers=headers)
            ).json()
            fetched = await (await http.get(url, headers=headers)).json()
        assert sent[0]["id"] == sent[1]["id"] != other["id"]
        assert sent[0]["nonce"] == "r1"
        assert [m["id"] for m in fetched] == [other["id"], sent[0]["id"]]
        assert all("nonce" not in m for m in fetched)
    finally:
        await server.stop()
    assert server.violations == []


async def test_an_attachment_over_the_size_limit_is_refused() -> None:
    server = FakeDiscord()
    await server.start()
    try:
        guild = server.add_guild(name="g")
        channel = server.add_channel(guild.id, name="c", type=0)
        form = aiohttp.FormData()
        form.add_field("payload_json", '{"content": "groot"}', content_type="application/json")
        form.add_field("files[0]", b"x" * (10 * 1024 * 1024 + 1), filename="groot.md")
        async with aiohttp.ClientSession() as http:
            response = await http.post(
                f"{server.api_base}/channels/{channel.id}/messages", data=form, headers={"Authorization": "Bot t"}
            )
            assert response.status == 413
            assert (await response.json())["code"] == 40005
        assert server.messages(channel.id) == []
        assert len(server.violations) == 1 and "groot.md" in server.violations[0]
    finally:
        await server.stop()
