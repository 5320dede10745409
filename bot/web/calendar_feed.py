"""`/calendar/<token>.ics`: a server's sessions as a feed calendar apps subscribe to and poll cheaply."""

import hashlib
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

from aiohttp import web

from bot.calendar import sessions_calendar
from bot.db import Database
from bot.domain import calendar_links, resources
from bot.domain.settings import channel_language
from bot.i18n import t

NOT_FOUND_BODY = "not found\n"
SUFFIX = ".ics"


def not_found() -> web.Response:
    """The one answer to every token that does not open a feed: the same status, body and headers."""
    return web.Response(status=404, text=NOT_FOUND_BODY, content_type="text/plain")


def entity_tag(body: bytes) -> str:
    """A strong ETag: the body's hash."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def unchanged(request: web.Request, tag: str, changed_at: datetime | None) -> bool:
    """Whether the client's copy is current: If-None-Match decides when sent, else If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        offered = {part.strip().removeprefix("W/") for part in if_none_match.split(",")}
        return "*" in offered or tag in offered
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since is None or changed_at is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and changed_at.replace(microsecond=0) <= since


async def feed_response(request: web.Request, db: Database, now: datetime) -> web.Response:
    """Answer a feed request: the calendar, 304 when the client has it, or the one 404."""
    name = request.match_info["name"]
    guild_id = await calendar_links.guild_of(db, name.removesuffix(SUFFIX)) if name.endswith(SUFFIX) else None
    if guild_id is None:
        return not_found()
    feed = await calendar_links.feed(db, guild_id, now)
    language = await channel_language(db, guild_id)
    stamp = feed.changed_at or now
    material = await resources.of_sessions(db, [session.id for session in feed.sessions])
    body = sessions_calendar(
        feed.sessions,
        stamp,
        t("session.calendar_name", language),
        t("session.field_host", language),
        material,
        t("resource.to_prepare", language),
    )
    tag = entity_tag(body)
    headers = {"ETag": tag, "Cache-Control": "private, no-cache"}
    if feed.changed_at is not None:
        headers["Last-Modified"] = format_datetime(feed.changed_at.replace(microsecond=0), usegmt=True)
    if unchanged(request, tag, feed.changed_at):
        return web.Response(status=304, headers=headers)
    return web.Response(body=body, headers=headers, content_type="text/calendar", charset="utf-8")
