"""FakeDiscord: the aiohttp app (REST under /api/v10, gateway at /gateway), world setup and test hooks."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import BodyPartReader, web

from localdiscord import event_interest, rest_channels, rest_dms, rest_guilds, rest_interactions
from localdiscord.actors import UserActions
from localdiscord.context import FakeContext, RestCall, RouteTable
from localdiscord.gateway import GatewayHub
from localdiscord.interaction_result import ATTACHMENT_SIZE_LIMIT
from localdiscord.messages import ATTACHMENTS_PATH
from localdiscord.openapi import OpenApiValidator
from localdiscord.permissions import DEFAULT_EVERYONE_PERMISSIONS
from localdiscord.ratelimits import RateLimits
from localdiscord.recording import (
    Fault,
    FaultInjector,
    RecordedRequest,
    RequestLog,
    RequestPredicate,
    ResponseHold,
    ResponseHolds,
)
from localdiscord.responses import error_response, json_response, rate_limited_response
from localdiscord.routing import API_PREFIX, strip_api_prefix
from localdiscord.state import APPLICATION_ID, BOT_USER_ID, Channel, DiscordState, Guild, Role, User
from localdiscord.validation import form_errors_payload, limit_errors

ROUTES: RouteTable = {
    **rest_guilds.ROUTES,
    **rest_channels.ROUTES,
    **rest_dms.ROUTES,
    **rest_interactions.ROUTES,
    **event_interest.ROUTES,
}
MAX_UPLOAD_BYTES = 64 * 1024 * 1024


async def _read_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
    """JSON body, or multipart ``payload_json`` plus ``files[n]`` parts."""
    if request.content_type == "multipart/form-data":
        body, files = None, []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                body = json.loads(await part.text())
            else:
                files.append((part.filename or part.name or "", bytes(await part.read())))
        return body, files
    raw = await request.read()
    return (json.loads(raw) if raw else None), []


class FakeDiscord(UserActions):
    """A loopback Discord (API v10) that the unmodified discord.py client can run against."""

    bot_user_id = BOT_USER_ID
    application_id = APPLICATION_ID

    def __init__(self, openapi_validation: bool = True) -> None:
        self.openapi_validation = openapi_validation
        self.state = DiscordState()
        self._ctx = FakeContext(self.state, GatewayHub(self.state, ""), "")
        self._openapi = OpenApiValidator()
        self._log = RequestLog()
        self._faults = FaultInjector()
        self._holds = ResponseHolds()
        self._request_holds = ResponseHolds()
        self.rate_limits: RateLimits | None = None
        self._runner: web.AppRunner | None = None
        self._background: set[asyncio.Task[None]] = set()
        self.api_base = ""
        self.gateway_url = ""

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and serve."""
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
        app.router.add_get("/gateway", self._ctx.gateway.handle)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._handle_rest)
        app.router.add_get(ATTACHMENTS_PATH, self._serve_attachment)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.api_base = f"http://{host}:{port}{API_PREFIX}"
        self.gateway_url = f"ws://{host}:{port}/gateway"
        self._ctx.api_base = self.api_base
        self._ctx.gateway.gateway_url = self.gateway_url

    async def stop(self) -> None:
        """Close gateway sockets and the HTTP server."""
        self._holds.release_all()
        self._request_holds.release_all()
        await self._ctx.gateway.close()
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- world setup -------------------------------------------------------------------------------

    def _dispatch_soon(self, event: str, data: Any) -> None:
        """Announce a setup change to connected sessions (setup methods are synchronous)."""
        if not self._ctx.gateway.sessions:
            return
        task = asyncio.get_running_loop().create_task(self._ctx.gateway.dispatch(event, data))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def add_user(self, username: str, bot: bool = False) -> User:
        """Create a global user (e.g. a guild owner)."""
        return self.state.add_user(username, bot=bot)

    def add_guild(
        self,
        name: str,
        owner_id: int | None = None,
        preferred_locale: str = "en-US",
        everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
        guild_id: int | None = None,
    ) -> Guild:
        """Create a guild with @everyone (id == guild id), its owner and the bot as members.

        `guild_id` picks the id (and so the shard that carries the guild); by default a fresh snowflake.
        """
        guild = self.state.add_guild(name, owner_id, everyone_permissions, preferred_locale, guild_id)
        self._dispatch_soon("GUILD_CREATE", self.state.guild_payload(guild.id))
        return guild

    def add_role(self, guild_id: int, name: str, permissions: int = 0, managed: bool = False) -> Role:
        """Create a role; ``managed`` makes it a bot's or integration's role (``managed: true``)."""
        role = self.state.add_role(guild_id, name, permissions, managed)
        self._dispatch_soon("GUILD_ROLE_CREATE", {"guild_id": str(guild_id), "role": role.payload()})
        return role

    def add_channel(
        self,
        guild_id: int,
        name: str,
        type: int = 0,
        permission_overwrites: list[dict[str, Any]] | None = None,
        parent_id: int | None = None,
        topic: str | None = None,
    ) -> Channel:
        """Create a channel; overwrites are Discord dicts ``{"id", "type", "allow", "deny"}``."""
        channel = self.state.add_channel(
            guild_id,
            name,
            type,
            permission_overwrites=permission_overwrites or [],
            parent_id=parent_id,
            topic=topic,
        )
        self._dispatch_soon("CHANNEL_CREATE", channel.payload())
        return channel

    def add_member(
        self,
        guild_id: int,
        username: str | None = None,
        roles: list[int] | None = None,
        locale: str = "en-US",
        permissions: int | None = None,
        user_id: int | None = None,
    ) -> User:
        """Add a member (creating the user unless ``user_id`` is given); ``permissions`` overrides roles."""
        user = self.state.users[user_id] if user_id is not None else self.state.add_user(username or "user")
        self.state.add_member(guild_id, user.id, roles, locale=locale, permissions=permissions)
        self._dispatch_soon(
            "GUILD_MEMBER_ADD", self.state.member_payload(guild_id, user.id) | {"guild_id": str(guild_id)}
        )
        return user

    def remove_member(self, guild_id: int, user_id: int) -> None:
        """A member leaves the guild (GUILD_MEMBER_REMOVE)."""
        del self.state.guilds[guild_id].members[user_id]
        user = self.state.users[user_id].payload()
        self._dispatch_soon("GUILD_MEMBER_REMOVE", {"guild_id": str(guild_id), "user": user})

    def remove_bot(self, guild_id: int) -> None:
        """The guild removes the bot (GUILD_DELETE without `unavailable`)."""
        del self.state.guilds[guild_id].members[BOT_USER_ID]
        self._dispatch_soon("GUILD_DELETE", {"id": str(guild_id)})

    def add_bot(self, guild_id: int) -> None:
        """The bot is added (back) to a guild (GUILD_CREATE without `unavailable`)."""
        self.state.add_member(guild_id, BOT_USER_ID)
        joined = self.state.guild_payload(guild_id)
        del joined["unavailable"]
        self._dispatch_soon("GUILD_CREATE", joined)

    def close_dms(self, user_id: int, closed: bool = True) -> None:
        """The user does (or no longer does) refuse direct messages from the bot (Discord error 50007)."""
        if closed:
            self.state.dms_closed.add(user_id)
        else:
            self.state.dms_closed.discard(user_id)

    def direct_messages(self, user_id: int) -> list[dict[str, Any]]:
        """The messages the bot sent the user in their DM channel, oldest first."""
        return self.state.dms_of(user_id)

    def withhold_message_content(self, withheld: bool = True) -> None:
        """Act as if the bot's Message Content intent were off: others' messages reach it without content."""
        self.state.message_content_intent = not withheld

    # --- requests, faults, commands ------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every REST request received, in order."""
        return self._log.requests

    @property
    def violations(self) -> list[str]:
        """OpenAPI/limit violations and unknown routes; should stay empty."""
        return self._ctx.violations

    def requests_to(self, method: str, route_template: str) -> list[RecordedRequest]:
        """Recorded requests to a route template (placeholder names don't matter)."""
        return self._log.requests_to(method, route_template)

    def mark(self) -> int:
        """Position in ``requests`` for ``wait_for_request(..., after=mark)``."""
        return self._log.mark()

    async def wait_for_request(
        self,
        method: str,
        route_template: str,
        predicate: RequestPredicate | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a timeout argument is part of the test-facing API
        after: int | None = None,
    ) -> RecordedRequest:
        """Wait for a matching request (recorded after ``after``, or the next one)."""
        return await self._log.wait_for(method, route_template, predicate, timeout, after)

    def inject_fault(
        self,
        method: str,
        route_template: str,
        status: int = 500,
        times: int = 1,
        retry_after: float = 1.0,
        global_: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with Discord's error for ``status``."""
        self._faults.add(Fault(method, route_template, status, times, retry_after, global_))

    def enforce_rate_limits(self, global_per_second: int = 50) -> RateLimits:
        """Send Discord's per-route bucket headers; 429 past a bucket or the global limit (off by default)."""
        self.rate_limits = RateLimits(global_per_second)
        return self.rate_limits

    def hold_responses(self, method: str, route_template: str) -> ResponseHold:
        """Let matching requests take effect (and be recorded) but hold their responses until released."""
        return self._holds.add(ResponseHold(method, route_template))

    def hold_requests(self, method: str, route_template: str) -> ResponseHold:
        """Keep matching requests back before they take effect: lost on the way, they never take effect and are not
        recorded; at the release they are answered 503 (the client may try again) and later ones pass."""
        return self._request_holds.add(ResponseHold(method, route_template))

    def synced_commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """The last command list PUT for the guild (or globally), with server-assigned ids."""
        return self.state.commands.get(guild_id, [])

    # --- gateway -------------------------------------------------------------------------------------

    async def wait_until_connected(self, timeout: float = 10) -> None:  # noqa: ASYNC109 - a timeout argument is part of the test-facing API
        """Wait until a session has identified (or resumed) and received its GUILD_CREATEs."""
        await asyncio.wait_for(self._ctx.gateway.connected.wait(), timeout)

    @property
    def identify_count(self) -> int:
        """How many IDENTIFYs (new sessions, not RESUMEs) the gateway has answered with READY."""
        return self._ctx.gateway.identify_count

    @property
    def shard_sessions(self) -> list[tuple[int, int, list[int]]]:
        """Every identified session's shard id and count, with the servers its READY listed."""
        return [(s.shard_id, s.shard_count, s.guild_ids) for s in self._ctx.gateway.sessions.values()]

    async def wait_for_identify(self, after: int, timeout: float = 10) -> None:  # noqa: ASYNC109 - a timeout argument is part of the test-facing API
        """Wait for a new session: more than ``after`` IDENTIFYs (pass ``identify_count`` read before)."""
        await asyncio.wait_for(self._ctx.gateway.wait_for_identify(after), timeout)

    async def drop_connections(self) -> None:
        """Close gateway sockets abruptly; clients RESUME and get missed events replayed."""
        await self._ctx.gateway.drop_connections()

    def hold_gateway(self, held: bool = True) -> None:
        """Hold new gateway connections unanswered (the client stays disconnected) until called with False."""
        if held:
            self._ctx.gateway.accepting.clear()
        else:
            self._ctx.gateway.accepting.set()

    async def invalidate_sessions(self, resumable: bool = False) -> None:
        """Send INVALID_SESSION (op 9) to connected clients."""
        await self._ctx.gateway.invalidate_sessions(resumable)

    # --- REST ----------------------------------------------------------------------------------------

    async def _serve_attachment(self, request: web.Request) -> web.Response:
        """An attachment's bytes at its address, as Discord's CDN serves them (404 once it is gone; faults injected
        for ``ATTACHMENTS_PATH`` apply)."""
        fault = self._faults.take("GET", ATTACHMENTS_PATH)
        if fault is not None:
            return web.Response(status=fault.status, text=f"{fault.status}\n")
        data = self.state.attachment_files.get(int(request.match_info["attachment_id"]))
        if data is None:
            return web.Response(status=404, text="not found\n")
        return web.Response(body=data, content_type="application/octet-stream")

    def expire_attachment(self, url: str) -> None:
        """Make an attachment's address stop working, as Discord's signed attachment links expire."""
        attachment_id = int(url.split("/attachments/", 1)[1].split("/")[1])
        self.state.attachment_files.pop(attachment_id, None)

    async def _handle_rest(self, request: web.Request) -> web.Response:
        path = strip_api_prefix(request.path)
        body, files = await _read_body(request)
        match = self._openapi.match(path)
        template, params = match if match else (path, {})
        record = RecordedRequest(request.method, path, template, dict(request.query), body, files)
        if await self._request_holds.wait(record):
            return error_response(503)
        response = await self._respond(request.method, path, template, RestCall(params, record.query, body, files))
        record.status = response.status
        self._log.append(record)
        await self._holds.wait(record)
        return response

    def _violation(self, method: str, path: str, problem: str) -> None:
        self._ctx.violations.append(f"{method} {path}: {problem}")

    async def _respond(self, method: str, path: str, template: str, call: RestCall) -> web.Response:
        if not self._openapi.has_operation(method, template):
            self._ctx.violations.append(f"unknown route {method} {path}")
            return error_response(404, 0, "404: Not Found")
        if self.openapi_validation and (error := self._openapi.body_error(method, template, call.body)):
            self._violation(method, path, f"OpenAPI: {error}")
        verdict = self.rate_limits.check(method, template, call.params) if self.rate_limits else None
        if verdict is not None and verdict.refused:
            return rate_limited_response(
                verdict.retry_after, global_=verdict.refused == "global", bucket_headers=verdict.headers
            )
        response = await self._respond_unlimited(method, path, template, call)
        if verdict is not None:
            response.headers.update(verdict.headers)
        return response

    async def _respond_unlimited(self, method: str, path: str, template: str, call: RestCall) -> web.Response:
        fault = self._faults.take(method, template)
        if fault is not None:
            if fault.status == 429:
                return rate_limited_response(fault.retry_after, global_=fault.global_)
            return error_response(fault.status)
        too_large = [name for name, data in call.files if len(data) > ATTACHMENT_SIZE_LIMIT]
        if too_large:
            self._violation(method, path, f"Discord limit: attachments over {ATTACHMENT_SIZE_LIMIT} bytes: {too_large}")
            return error_response(413, 40005, "Request entity too large")
        limit_problems = limit_errors(method, template, call.body)
        if limit_problems:
            for problem in limit_problems:
                self._violation(method, path, f"Discord limit: {problem}")
            return json_response(form_errors_payload(limit_problems), 400)
        handler = ROUTES.get((method, template))
        if handler is None:
            self._ctx.violations.append(f"unknown route {method} {path} (in the spec, not faked)")
            return error_response(404, 0, "404: Not Found")
        return await handler(self._ctx, call)
