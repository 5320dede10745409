"""Ideas: adding one by form or command, editing, withdrawing, status, support and listing."""

from collections.abc import Container
from dataclasses import dataclass
from datetime import datetime

from bot.db import Database, Tx
from bot.db import ideas as store
from bot.db import prompts as prompt_store
from bot.db.ideas import Idea, NewIdea, StatusChange
from bot.db.notices import JsonParams
from bot.domain import audit, notices, prompts
from bot.domain.paging import PAGE_SIZE, Paged, page_offset
from bot.domain.profiles import profile_in
from bot.domain.prompts import Prompt
from bot.errors import UserError
from bot.municipalities import Municipality
from bot.text import clean_text, required_text, sanitise

TEXT_MAX = 4000
NOTE_MAX = 500
STATUSES = ("new", "considering", "taken_up", "done", "rejected")
STATUS_NOTICE = "idea_status"
"""The outbox kind of 'your idea has a new status' (params: idea_id, status, note, taken_up)."""
THEME_NOTICE = "idea_theme"
"""The outbox kind of 'your idea is under a theme now' (params: idea_id, theme; None: under none)."""
MERGE_NOTICE = "idea_merged"
"""The outbox kind of 'your idea was merged into another' (params: idea_id, into)."""


@dataclass(frozen=True)
class Page(Paged):
    """One page of an idea list."""

    ideas: list[Idea]


def new_idea(
    tx: Tx,
    prompt: Prompt,
    author_id: int,
    text: str,
    source: str,
    *,
    message_id: int | None = None,
    interaction_id: int | None = None,
    channel_id: int | None = None,
    posted_at: datetime,
) -> NewIdea:
    """Describe an idea for storing (inside a write job), with the author's organisation as it is now."""
    profile = profile_in(tx, prompt.guild_id, author_id)
    return NewIdea(
        prompt.guild_id,
        prompt.id,
        author_id,
        profile.organisation if profile else None,
        profile.municipality_code if profile else None,
        text,
        source,
        message_id,
        interaction_id,
        channel_id,
        posted_at,
    )


async def choose_prompt(db: Database, guild_id: int, prompt_id: int | None, channel_id: int | None) -> Prompt:
    """The open prompt an idea is for: the one named, else the only one open in this channel or thread."""
    if prompt_id is not None:
        return await prompts.find_open_prompt(db, guild_id, prompt_id)
    here = prompts.prompts_here(await prompts.open_prompts(db, guild_id), channel_id)
    if not here:
        raise UserError("idea.no_open_prompt")
    if len(here) > 1:
        raise UserError("idea.choose_prompt", ids=", ".join(f"#{p.id}" for p in here))
    return here[0]


async def add_idea(
    db: Database,
    prompt: Prompt,
    author_id: int,
    text: str,
    source: str,
    interaction_id: int,
    now: datetime,
) -> tuple[Idea, bool]:
    """Store a form or command idea once per interaction; return it and whether it is new."""
    cleaned = idea_text(prompt, text)
    return await db.write(lambda tx: store_idea_in(tx, prompt, author_id, cleaned, source, interaction_id, now))


def idea_text(prompt: Prompt, text: str) -> str:
    """The cleaned text of a form or command idea for this prompt; refused when the prompt closed or the text is
    empty or too long."""
    if not prompt.is_open:
        raise UserError("prompt.closed", id=prompt.id)
    return required_text(text, TEXT_MAX, "idea")


def store_idea_in(
    tx: Tx, prompt: Prompt, author_id: int, text: str, source: str, interaction_id: int, now: datetime
) -> tuple[Idea, bool]:
    """Inside a write job: store a form or command idea once per interaction; return it and whether it is new."""
    idea = new_idea(tx, prompt, author_id, text, source, interaction_id=interaction_id, posted_at=now)
    created = store.insert(tx, idea, now) is not None
    stored = store.load_by_interaction_in(tx, interaction_id)
    assert stored is not None
    return stored, created


async def get_idea(db: Database, guild_id: int, idea_id: int) -> Idea:
    """Return a current idea of this server, or refuse with 'unknown idea'."""
    return current_of(await store.load(db, idea_id), guild_id, idea_id)


def current_of(idea: Idea | None, guild_id: int, idea_id: int) -> Idea:
    """The idea found for number `idea_id` if it is a current idea of this server; else refuse with 'unknown idea'."""
    if idea is None or idea.guild_id != guild_id or idea.withdrawn_at is not None:
        raise UserError("idea.unknown", id=idea_id)
    return idea


async def find_idea(db: Database, guild_id: int, idea_id: int) -> Idea | None:
    """Return an idea of this server (withdrawn ones too), or None when it is gone."""
    idea = await store.load(db, idea_id)
    return idea if idea is not None and idea.guild_id == guild_id else None


async def current_idea(db: Database, idea_id: int) -> Idea | None:
    """Return the idea as stored now, or None once it is withdrawn or erased."""
    idea = await store.load(db, idea_id)
    return idea if idea is not None and idea.withdrawn_at is None else None


async def _own_idea(db: Database, guild_id: int, idea_id: int, user_id: int) -> Idea:
    idea = await get_idea(db, guild_id, idea_id)
    if idea.author_id != user_id:
        raise UserError("idea.not_yours", id=idea_id)
    return idea


async def edit_idea(db: Database, guild_id: int, idea_id: int, user_id: int, text: str, now: datetime) -> Idea:
    """Change the text of one's own idea while its prompt is open."""
    idea = await _own_idea(db, guild_id, idea_id, user_id)
    await prompts.find_open_prompt(db, guild_id, idea.prompt_id)
    cleaned = required_text(text, TEXT_MAX, "idea")
    await db.write(lambda tx: store.set_text(tx, idea.id, now, cleaned))
    return await get_idea(db, guild_id, idea.id)


async def withdraw_idea(db: Database, guild_id: int, idea_id: int, user_id: int, now: datetime) -> Idea:
    """Withdraw one's own idea: it no longer appears in lists, digests or reports."""
    idea = await _own_idea(db, guild_id, idea_id, user_id)
    await db.write(lambda tx: store.withdraw(tx, idea.id, now))
    return idea


async def set_status(
    db: Database,
    guild_id: int,
    idea_id: int,
    status: str,
    note: str | None,
    now: datetime,
    *,
    changed_by: int,
    municipality: Municipality | None = None,
) -> Idea:
    """Move an idea through its lifecycle (organisers), with an optional note and the municipality that took it up.

    Every change is kept in the idea's history, with the organiser who made it, in one write with the audit entry.
    """
    if status not in STATUSES:
        raise UserError("idea.bad_status", status=status)
    cleaned = clean_text(note, NOTE_MAX, "idea.note_too_long")
    idea = await get_idea(db, guild_id, idea_id)
    change = StatusChange(
        idea.id,
        status,
        cleaned,
        municipality.code if municipality else None,
        municipality.display_name if municipality else None,
        changed_by,
        now,
    )
    detail = f"#{idea.id}: {status}" + (f" ({change.municipality_name})" if municipality else "")

    def record(tx: Tx) -> None:
        store.change_status(tx, change)
        audit.record_in(tx, now, guild_id, changed_by, audit.IDEA_STATUS, detail)
        _tell_status(tx, idea, change)

    await db.write(record)
    return await get_idea(db, guild_id, idea.id)


def idea_link(idea: Idea, prompt: Prompt | None) -> str | None:
    """Where an idea can be read: its own message (the member's or the bot's copy), else its prompt."""
    if idea.channel_id and idea.message_id:
        return f"https://discord.com/channels/{idea.guild_id}/{idea.channel_id}/{idea.message_id}"
    if prompt is not None and prompt.message_id:
        return f"https://discord.com/channels/{idea.guild_id}/{prompt.channel_id}/{prompt.message_id}"
    return None


def tell_about(
    tx: Tx,
    idea: Idea,
    kind: str,
    params: JsonParams,
    *,
    actor: int,
    now: datetime,
    coalesce_key: str | None = None,
    also: tuple[int, ...] = (),
) -> None:
    """Inside the change's write: queue a change of an idea for its author and supporters (and `also`), never the
    organiser who made it, with one line in the prompt's thread (or channel)."""
    prompt = prompt_store.load_in(tx, idea.prompt_id)
    members = dict.fromkeys([idea.author_id, *store.supporter_ids_in(tx, idea.id), *also])
    notices.queue_notices(
        tx,
        now,
        guild_id=idea.guild_id,
        user_ids=[member for member in members if member > 0 and member != actor],
        kind=kind,
        params=params,
        link=idea_link(idea, prompt),
        channel_id=(prompt.thread_id or prompt.channel_id) if prompt else None,
        announce=True,
        coalesce_key=coalesce_key,
    )


def _tell_status(tx: Tx, idea: Idea, change: StatusChange) -> None:
    """Queue the change for the author and the supporters (not the organiser who made it) and the prompt's thread.

    Two changes within the outbox's minute give one message, the last; both stay in the history.
    """
    params: JsonParams = {
        "idea_id": idea.id,
        "status": change.status,
        "note": change.note,
        "taken_up": change.municipality_name,
    }
    tell_about(
        tx,
        idea,
        STATUS_NOTICE,
        params,
        actor=change.changed_by,
        now=change.changed_at,
        coalesce_key=f"idea-status:{idea.id}",
    )


async def status_history(db: Database, guild_id: int, idea_id: int) -> tuple[Idea, list[StatusChange]]:
    """An idea of this server (withdrawn ones too: their history stays) with its status changes, oldest first."""
    idea = await store.load(db, idea_id)
    if idea is None or idea.guild_id != guild_id:
        raise UserError("idea.unknown", id=idea_id)
    return idea, await store.status_history(db, idea.id)


async def _idea_of_source(db: Database, message_id: int) -> Idea | None:
    """The current idea whose source is this member's message (not the bot's copy), or None."""
    idea = await store.load_by_message(db, message_id)
    if idea is None or idea.source_message_id != message_id or idea.withdrawn_at:
        return None
    return idea


async def edit_from_message(db: Database, message_id: int, text: str, now: datetime) -> Idea | None:
    """Mirror an edit of an idea's source message while its prompt is open; None when nothing changed.

    An edit longer than TEXT_MAX is refused (`idea.edit_too_long`) and the idea keeps its text.
    """
    idea = await _idea_of_source(db, message_id)
    cleaned = sanitise(text).strip()
    if idea is None or not cleaned:
        return None
    prompt = await prompts.get_prompt(db, idea.prompt_id)
    if not prompt.is_open or cleaned == idea.text:
        return None
    if len(cleaned) > TEXT_MAX:
        raise UserError("idea.edit_too_long", id=idea.id, max=TEXT_MAX, length=len(cleaned))
    await db.write(lambda tx: store.set_text(tx, idea.id, now, cleaned))
    return await get_idea(db, idea.guild_id, idea.id)


async def withdraw_by_message(db: Database, message_id: int, now: datetime) -> Idea | None:
    """Withdraw the idea whose source message was deleted; None when there was none."""
    idea = await _idea_of_source(db, message_id)
    if idea is None:
        return None
    await db.write(lambda tx: store.withdraw(tx, idea.id, now))
    return idea


async def record_copy(db: Database, idea: Idea, channel_id: int, message_id: int) -> None:
    """Remember the bot's copy of a form or command idea, where others support it."""
    await db.write(lambda tx: store.set_message(tx, idea.id, channel_id, message_id))


async def ideas_without_copy(db: Database, guild_ids: Container[int]) -> list[Idea]:
    """Return the current form and command ideas of open prompts in these servers whose copy is not recorded."""
    return [idea for idea in await store.without_copy(db) if idea.guild_id in guild_ids]


async def idea_for_message(db: Database, message_id: int) -> Idea | None:
    """Return the current idea a message carries, or None."""
    idea = await store.load_by_message(db, message_id)
    return idea if idea and not idea.withdrawn_at else None


async def support_target(db: Database, idea: Idea) -> Idea:
    """The idea that support for `idea` goes to: the idea it was merged into while that is current, else itself."""
    if idea.merged_into is None:
        return idea
    target = await store.load(db, idea.merged_into)
    return target if target is not None and target.withdrawn_at is None else idea


async def _supported_by_message(db: Database, message_id: int) -> Idea | None:
    """The idea a 👍 on this message supports (a merged idea's message supports its target), or None."""
    idea = await idea_for_message(db, message_id)
    return await support_target(db, idea) if idea else None


async def idea_messages_of_open_prompts(db: Database, guilds: Container[int] | None = None) -> dict[int, set[int]]:
    """Return, per channel or thread (of `guilds`), the messages that carry current ideas of open prompts."""
    return {
        channel_id: message_ids
        for (guild_id, channel_id), message_ids in (await store.messages_of_open_prompts(db)).items()
        if guilds is None or guild_id in guilds
    }


async def support_by_reaction(db: Database, message_id: int, user_id: int, now: datetime) -> bool:
    """Count a 👍 on an idea's message as support (never the author's own); True when it counted."""
    return await support_by_reactions(db, message_id, [user_id], now) > 0


async def unsupport_by_reaction(db: Database, message_id: int, user_id: int) -> bool:
    """Withdraw the support a removed 👍 gave; True when there was some."""
    idea = await _supported_by_message(db, message_id)
    return idea is not None and await db.write(lambda tx: store.remove_support(tx, idea.id, user_id))


async def support_idea(db: Database, guild_id: int, idea_id: int, user_id: int, now: datetime) -> tuple[bool, Idea]:
    """Support an idea (never one's own; a merged idea: the idea it went into); return whether this added support
    (False: given already) and the idea supported."""
    idea = await support_target(db, await get_idea(db, guild_id, idea_id))
    if idea.author_id == user_id:
        raise UserError("idea.own_support")
    added = await db.write(lambda tx: store.add_support(tx, idea.id, user_id, now))
    return added, await get_idea(db, guild_id, idea.id)


async def withdraw_support(db: Database, guild_id: int, idea_id: int, user_id: int) -> tuple[bool, Idea]:
    """Withdraw one's support; return whether there was support to withdraw, and the idea."""
    idea = await get_idea(db, guild_id, idea_id)
    removed = await db.write(lambda tx: store.remove_support(tx, idea.id, user_id))
    return removed, await get_idea(db, guild_id, idea.id)


async def support_by_reactions(db: Database, message_id: int, user_ids: list[int], now: datetime) -> int:
    """Count the 👍 of these members on an idea's message as support (never the author's; a merged idea's message:
    for the idea it went into); return how many were new."""
    idea = await _supported_by_message(db, message_id)
    if idea is None:
        return 0
    others = [user_id for user_id in user_ids if user_id != idea.author_id]
    return await db.write(lambda tx: sum(store.add_support(tx, idea.id, user_id, now) for user_id in others))


async def list_page(db: Database, guild_id: int, prompt_id: int | None, number: int, theme: str | None = None) -> Page:
    """Return one page of current ideas (of one prompt or the whole server; of one theme if given), grouped by
    theme, most supported first within a theme."""
    if prompt_id is not None:
        await prompts.find_prompt(db, guild_id, prompt_id)
    total = await store.count(db, guild_id, prompt_id, theme)
    offset = page_offset(number, total, "idea.bad_page")
    found = await store.page(db, guild_id, prompt_id, theme, PAGE_SIZE, offset)
    return Page(number, total, found)


async def digest_ideas(db: Database, prompt_id: int) -> list[Idea]:
    """Return all current ideas of a prompt, most supported first."""
    return await store.current(db, prompt_id)


async def search_ideas(db: Database, guild_id: int, author_id: int | None, text: str, limit: int) -> list[Idea]:
    """Find current ideas by number or text for autocomplete (one author's only, if given)."""
    return await store.search(db, guild_id, author_id, text.strip(), limit)
