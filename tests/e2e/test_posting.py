"""The one 'post, then record' protocol, for every kind of message the bot must neither lose nor double."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import Launcher, World, ask

MESSAGES = "/channels/{channel_id}/messages"


@dataclass(frozen=True)
class Kind:
    """One kind of posted message: how an organiser makes one, and where it is recorded."""

    name: str
    command: str
    options: dict[str, Any]
    refusal: str
    table: str
    message_column: str
    undo_recording: str
    draft_of: str


KINDS = [
    Kind(
        "session announcement",
        "session create",
        {"title": "Leerkring juni", "starts": "25-06-2027 14:00"},
        "session.channel_unusable",
        "sessions",
        "announcement_message_id",
        "UPDATE sessions SET status = 'draft', announcement_message_id = NULL",
        "Bijeenkomst #{id}",
    ),
    Kind(
        "prompt",
        "prompt open",
        {"question": "Welke experimenten wil je uitwerken?"},
        "prompt.cannot_post",
        "prompts",
        "message_id",
        "UPDATE prompts SET message_id = NULL, thread_id = NULL",
        "Vraag #{id}",
    ),
    Kind(
        "host call",
        "hosts call",
        {"sessions": "1"},
        "hosts.cannot_post",
        "host_calls",
        "message_id",
        "UPDATE host_calls SET message_id = NULL",
        "Oproep #{id}",
    ),
    Kind(
        "sign-up call",
        "signup open",
        {"question": "Welke gemeenten willen meedoen?", "closes": "1-12-2026 17:00"},
        "signups.cannot_post",
        "signup_calls",
        "message_id",
        "UPDATE signup_calls SET message_id = NULL",
        "Deelname-oproep #{id}",
    ),
    Kind(
        "shared file",
        "resource add",
        {"title": "Filmpje Thorbecke", "file": ("thorbecke.mp4", b"a short film")},
        "resource.cannot_post",
        "resources",
        "message_id",
        "UPDATE resources SET message_id = NULL",
        "Materiaal #{id}",
    ),
]


def rows(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql).fetchall()


def shown(server: FakeDiscord, world: World, marker: str) -> list[dict[str, Any]]:
    """The bot's messages in the channel whose embed carries `marker` (footer or title)."""
    return [
        m
        for m in server.messages(world.channel_id)
        if any(marker in (e.get("footer", {}).get("text"), e.get("title")) for e in m["embeds"])
    ]


def latest(kind: Kind) -> str:
    return f"SELECT id, {kind.message_column} FROM {kind.table} ORDER BY id DESC LIMIT 1"


async def needed_first(server: FakeDiscord, world: World, kind: Kind) -> None:
    """A host call needs a session to call for."""
    if kind.name == "host call":
        await ask(server, world, world.manager_id, "session create", title="Leerkring juni", starts="25-06-2027 14:00")


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
async def test_a_message_discord_refuses_leaves_nothing_stored(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path, kind: Kind
) -> None:
    await launch()
    await needed_first(server, world, kind)
    stored = f"SELECT id FROM {kind.table}"
    pending = "SELECT id FROM timers WHERE status = 'pending'"
    before = rows(db_path, stored), rows(db_path, pending)
    server.inject_fault("POST", MESSAGES, status=403)
    answer = await ask(server, world, world.manager_id, kind.command, **kind.options)
    assert answer["content"] == t(kind.refusal, "nl", channel=f"<#{world.channel_id}>")
    assert (rows(db_path, stored), rows(db_path, pending)) == before, "nothing half-written, no timer left behind"


async def posted_then_stopped(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path, kind: Kind
) -> tuple[int, int]:
    """One message of the kind posted and recorded, the bot stopped and the recording undone; (row id, message id)."""
    bot = await launch()
    await needed_first(server, world, kind)
    await ask(server, world, world.manager_id, kind.command, **kind.options)
    [(subject_id, message_id)] = rows(db_path, latest(kind))
    assert await bot.shutdown() == 0
    with sqlite3.connect(db_path) as db:
        db.execute(f"{kind.undo_recording} WHERE id = ?", (subject_id,))
    return subject_id, message_id


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
async def test_a_stop_between_posting_and_recording_is_repaired_at_start(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path, kind: Kind
) -> None:
    # as if the stop came after Discord posted the message, before the bot recorded it
    subject_id, message_id = await posted_then_stopped(server, world, launch, db_path, kind)
    server.state.nonce_window_seconds = 0  # long down: Discord's nonce memory has passed, only history tells

    await launch()
    assert rows(db_path, f"SELECT {kind.message_column} FROM {kind.table} WHERE id = {subject_id}") == [(message_id,)]
    assert [int(m["id"]) for m in shown(server, world, kind.draft_of.format(id=subject_id))] == [message_id]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
async def test_a_stop_before_posting_leaves_no_trace_after_start(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path, kind: Kind
) -> None:
    subject_id, message_id = await posted_then_stopped(server, world, launch, db_path, kind)
    await server.delete_message(world.channel_id, message_id)  # as if it had never been sent

    await launch()
    assert rows(db_path, f"SELECT id FROM {kind.table} WHERE id = {subject_id}") == [], "nobody was told it exists"
    assert shown(server, world, kind.draft_of.format(id=subject_id)) == []
