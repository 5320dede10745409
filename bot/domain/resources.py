"""Shared material: links (http or https only, shown with their host) and files kept as the bot's own message.

A link is checked with yarl (the URL library aiohttp is built on, so the bot parses addresses the way its own HTTP
stack does): only http and https, an absolute address with a host, no credentials. A file is posted again by the bot
(Discord's attachment links expire) through `bot.ui.posting`: the row is a draft until its message is recorded.
"""

import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from yarl import URL

from bot.db import Database, Tx
from bot.db import resources as store
from bot.db import sessions as session_store
from bot.db.resources import Resource
from bot.domain import sessions
from bot.domain.paging import PAGE_SIZE, Paged, page_offset
from bot.domain.sessions import Session
from bot.errors import UserError
from bot.text import clean_text, sanitise

__all__ = ["Resource"]

TITLE_MAX = 100
DESCRIPTION_MAX = 1000
URL_MAX = 2000
FILENAME_MAX = 200
TO_PREPARE = 3
"""How much of a session's material its reminders name."""
SCHEMES = ("http", "https")
MEGABYTE = 1024 * 1024
_MENTIONS = re.compile(r"<@[!&]?\d+>|<#\d+>|@everyone|@here")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*\.?", re.IGNORECASE)
"""A DNS host name (IDNA hosts in their ASCII form): labels of letters, digits and inner hyphens."""


@dataclass(frozen=True)
class Link:
    """A checked link: the address as stored and the host name a member sees it leads to."""

    url: str
    host: str


@dataclass(frozen=True)
class Page(Paged):
    """One page of a material list, newest first."""

    resources: list[Resource]


def parse_link(text: str) -> Link:
    """Check a typed link: http(s), absolute, with a host and without credentials; refuse anything else."""
    typed = sanitise(text).strip()
    if len(typed) > URL_MAX:
        raise UserError("resource.url_too_long", max=URL_MAX)
    if not typed or any(character.isspace() for character in typed):
        raise UserError("resource.bad_url")
    try:
        url = URL(typed)
        # yarl drops an empty user ("https://@host"), so the authority as it was typed is looked at too.
        typed_authority = urlsplit(typed).netloc
    except ValueError:  # IDNA errors (UnicodeError) included
        raise UserError("resource.bad_url") from None
    if not url.scheme:
        raise UserError("resource.bad_url")
    if url.scheme.lower() not in SCHEMES:
        raise UserError("resource.bad_scheme", scheme=url.scheme)
    if url.user is not None or url.password is not None or "@" in typed_authority:
        raise UserError("resource.url_credentials")
    if not url.raw_host or not _is_host(url.raw_host):
        raise UserError("resource.bad_url")
    return Link(str(url), url.raw_host)


def _is_host(host: str) -> bool:
    """Whether a URL's host is a host name or an IP address."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return _HOST_NAME.fullmatch(host) is not None
    return True


def clean_title(text: str) -> str:
    """A title with something to read: sanitised, at most TITLE_MAX, not only white space or mentions."""
    title = clean_text(text, TITLE_MAX, "resource.title_too_long")
    if title is None or not _MENTIONS.sub("", title).strip():
        raise UserError("resource.title_empty")
    return title


def clean_description(text: str | None) -> str | None:
    """A description: sanitised, at most DESCRIPTION_MAX characters (none when empty)."""
    return clean_text(text, DESCRIPTION_MAX, "resource.description_too_long")


def check_file_size(size: int, limit: int) -> None:
    """Refuse a file over the server's upload limit, naming the limit."""
    if size > limit:
        raise UserError("resource.file_too_large", limit=f"{limit / MEGABYTE:.1f}".removesuffix(".0"))


def check_one_of(url: str | None, has_file: bool) -> None:
    """Exactly one of a link and a file."""
    if (url is None) == (not has_file):
        raise UserError("resource.url_or_file")


async def chosen_session(db: Database, guild_id: int, session_id: int | None) -> Session | None:
    """The server's session material is for (refusing an unknown one), or None."""
    return None if session_id is None else await sessions.get_session(db, guild_id, session_id)


async def _share(
    db: Database,
    now: datetime,
    guild_id: int,
    member_id: int,
    title: str,
    description: str | None,
    session: Session | None,
    **where: object,
) -> Resource:
    text = clean_description(description)
    session_id = session.id if session else None

    def insert(tx: Tx) -> int:
        resource_id = store.insert_resource(tx, now, guild_id, session_id, title, text, member_id, **where)
        if session_id is not None and "url" in where:
            session_store.mark_changed(tx, session_id, now)
        return resource_id

    return await get_any(db, await db.write(insert))


async def add_link(
    db: Database,
    now: datetime,
    guild_id: int,
    member_id: int,
    title: str,
    link: Link,
    description: str | None,
    session: Session | None,
) -> Resource:
    """Store a link (its session's calendar event follows)."""
    return await _share(db, now, guild_id, member_id, title, description, session, url=link.url, host=link.host)


async def add_file_draft(
    db: Database,
    now: datetime,
    guild_id: int,
    member_id: int,
    title: str,
    filename: str,
    description: str | None,
    session: Session | None,
    channel_id: int,
) -> Resource:
    """Store a file as a draft: the bot posts it in `channel_id` next, and records or discards the draft."""
    name = sanitise(filename).strip()[:FILENAME_MAX] or "file"
    return await _share(db, now, guild_id, member_id, title, description, session, filename=name, channel_id=channel_id)


async def record_message(db: Database, now: datetime, resource: Resource, message_id: int) -> None:
    """The file's message is out: the material is shown from now on (its session's calendar event follows)."""

    def record(tx: Tx) -> None:
        store.set_message(tx, resource.id, message_id)
        if resource.session_id is not None:
            session_store.mark_changed(tx, resource.session_id, now)

    await db.write(record)


async def discard_draft(db: Database, resource_id: int) -> None:
    """Remove a file draft whose message Discord refused or that never went out."""
    await db.write(lambda tx: store.delete_resource(tx, resource_id))


async def draft_files(db: Database) -> list[Resource]:
    """Files stored but not yet recorded as posted (left by a stop between posting and recording)."""
    return await store.drafts(db)


async def get_any(db: Database, resource_id: int) -> Resource:
    """Material #id, drafts included (for the feature's own posting)."""
    found = await store.load(db, resource_id)
    if found is None:
        raise UserError("resource.unknown", id=resource_id)
    return found


async def remove(
    db: Database, now: datetime, guild_id: int, resource_id: int, member_id: int, organiser: bool
) -> Resource:
    """Remove the server's material #id: the member's own, or any when `organiser`; return what was removed.

    The check and the removal are one transaction, so two removals of the same material cannot both succeed.
    """

    def take(tx: Tx) -> Resource:
        found = store.shown_in(tx, guild_id, resource_id)
        if found is None:
            raise UserError("resource.unknown", id=resource_id)
        if found.shared_by != member_id and not organiser:
            raise UserError("resource.not_yours", id=resource_id)
        store.delete_resource(tx, resource_id)
        if found.session_id is not None:
            session_store.mark_changed(tx, found.session_id, now)
        return found

    return await db.write(take)


async def list_page(db: Database, guild_id: int, session: Session | None, number: int) -> Page:
    """One page of the server's (or one session's) material, newest first."""
    session_id = session.id if session else None
    total = await store.count(db, guild_id, session_id)
    offset = page_offset(number, total, "resource.bad_page")
    found = await store.page(db, guild_id, session_id, PAGE_SIZE, offset)
    return Page(number, total, found)


async def of_session(db: Database, session_id: int) -> list[Resource]:
    """A session's material, in the order it was shared."""
    return (await store.of_sessions(db, [session_id])).get(session_id, [])


async def to_prepare(db: Database, session_id: int) -> list[Resource]:
    """What a session's reminders name: its first TO_PREPARE pieces of material."""
    return (await of_session(db, session_id))[:TO_PREPARE]


async def of_sessions(db: Database, session_ids: list[int]) -> dict[int, list[Resource]]:
    """The material of several sessions at once (for calendars), each in the order it was shared."""
    return await store.of_sessions(db, session_ids)
