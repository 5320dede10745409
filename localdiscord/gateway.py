"""Gateway websocket sessions: HELLO/IDENTIFY/READY/GUILD_CREATE, heartbeats, dispatch, RESUME and replay."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections import deque
from typing import Any

from aiohttp import WSMsgType, web

from localdiscord.state import APPLICATION_ID, DiscordState

HEARTBEAT_INTERVAL_MS = 41250
REPLAY_BUFFER_SIZE = 5000
RESUMABLE_CLOSE_CODE = 4000

OP_DISPATCH = 0
OP_HEARTBEAT = 1
OP_IDENTIFY = 2
OP_RESUME = 6
OP_REQUEST_GUILD_MEMBERS = 8
OP_INVALID_SESSION = 9
OP_HELLO = 10
OP_HEARTBEAT_ACK = 11
INVALID_SHARD_CLOSE_CODE = 4010
GUILD_EVENTS_BY_ID = frozenset({"GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"})
"""Events whose server is their own `id` (every other server event names it in `guild_id`)."""


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends a server's events to."""
    return (guild_id >> 22) % shard_count


def guild_of_event(event: str, data: Any) -> int | None:
    """The server an event belongs to; None for events outside any server (DMs), which go to shard 0."""
    if not isinstance(data, dict):
        return None
    found = data.get("id") if event in GUILD_EVENTS_BY_ID else data.get("guild_id")
    return int(found) if found is not None else None


GUILD_SCHEDULED_EVENTS_INTENT = 1 << 16
INTENT_OF_EVENT = {
    name: GUILD_SCHEDULED_EVENTS_INTENT
    for name in (
        "GUILD_SCHEDULED_EVENT_CREATE",
        "GUILD_SCHEDULED_EVENT_UPDATE",
        "GUILD_SCHEDULED_EVENT_DELETE",
        "GUILD_SCHEDULED_EVENT_USER_ADD",
        "GUILD_SCHEDULED_EVENT_USER_REMOVE",
    )
}
"""Gateway events sent only to sessions that identified with their intent (Discord's intents table)."""


class GatewaySession:
    """One identified gateway session: its own sequence counter and a bounded replay buffer."""

    def __init__(self, ws: web.WebSocketResponse, intents: int = 0, shard: tuple[int, int] = (0, 1)) -> None:
        self.session_id = secrets.token_hex(16)
        self.intents = intents
        self.shard_id, self.shard_count = shard
        self.guild_ids: list[int] = []
        """The servers its READY listed (those of its shard)."""
        self.ws: web.WebSocketResponse | None = ws
        self.seq = 0
        self.sent: deque[tuple[int, str]] = deque(maxlen=REPLAY_BUFFER_SIZE)
        self.lock = asyncio.Lock()

    def carries(self, guild_id: int | None) -> bool:
        """Whether this session's shard receives the events of a server (of no server: shard 0)."""
        if guild_id is None:
            return self.shard_id == 0
        return shard_of(guild_id, self.shard_count) == self.shard_id

    def receives(self, event: str, data: Any) -> bool:
        """Whether this session gets `event`: its intent was asked for, and its server is on this shard."""
        needed = INTENT_OF_EVENT.get(event, 0)
        return self.intents & needed == needed and self.carries(guild_of_event(event, data))

    async def dispatch(self, event: str, data: Any) -> None:
        """Send (or, while disconnected, only buffer) a DISPATCH with the next sequence number."""
        async with self.lock:
            await self._dispatch_unlocked(event, data)

    async def _dispatch_unlocked(self, event: str, data: Any) -> None:
        self.seq += 1
        frame = json.dumps({"op": OP_DISPATCH, "t": event, "s": self.seq, "d": data})
        self.sent.append((self.seq, frame))
        await self._send(frame)

    async def _send(self, frame: str) -> None:
        if self.ws is not None and not self.ws.closed:
            with contextlib.suppress(ConnectionError):
                await self.ws.send_str(frame)

    async def dispatch_all(self, events: list[tuple[str, Any]]) -> None:
        """Dispatch several events back to back, without other dispatches in between."""
        async with self.lock:
            for event, data in events:
                await self._dispatch_unlocked(event, data)

    async def resume(self, ws: web.WebSocketResponse, client_seq: int) -> None:
        """Attach a new socket, replay everything after ``client_seq``, then send RESUMED."""
        async with self.lock:
            self.ws = ws
            for seq, frame in list(self.sent):
                if seq > client_seq:
                    await self._send(frame)
            await self._dispatch_unlocked("RESUMED", {})


class GatewayHub:
    """Accepts gateway websockets and fans each dispatch out to the sessions of the shard that carries it."""

    def __init__(self, state: DiscordState, gateway_url: str) -> None:
        self._state = state
        self.gateway_url = gateway_url
        self.sessions: dict[str, GatewaySession] = {}
        self.connected = asyncio.Event()
        self.identify_count = 0
        self._identified = asyncio.Condition()
        self._sockets: set[web.WebSocketResponse] = set()
        self.accepting = asyncio.Event()
        self.accepting.set()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """aiohttp handler for ``/gateway``; a connection waits, unanswered, while ``accepting`` is clear."""
        await self.accepting.wait()
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.add(ws)
        try:
            await ws.send_str(json.dumps({"op": OP_HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}}))
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    await self._on_frame(ws, json.loads(message.data))
        finally:
            self._sockets.discard(ws)
            for session in self.sessions.values():
                if session.ws is ws:
                    session.ws = None
        return ws

    async def _on_frame(self, ws: web.WebSocketResponse, frame: dict[str, Any]) -> None:
        op, data = frame.get("op"), frame.get("d") or {}
        if op == OP_HEARTBEAT:
            await ws.send_str(json.dumps({"op": OP_HEARTBEAT_ACK, "d": None}))
        elif op == OP_IDENTIFY:
            await self._identify(ws, data)
        elif op == OP_RESUME:
            await self._resume(ws, data)
        elif op == OP_REQUEST_GUILD_MEMBERS:
            await self._send_member_chunk(ws, data)

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        shard_id, shard_count = data.get("shard") or (0, 1)
        if not 0 <= shard_id < shard_count:
            await ws.close(code=INVALID_SHARD_CLOSE_CODE, message=b"Invalid shard")
            return
        session = GatewaySession(ws, int(data.get("intents") or 0), (shard_id, shard_count))
        guild_ids = session.guild_ids = [g for g in self._state.bot_guild_ids() if session.carries(g)]
        ready: dict[str, Any] = {
            "v": 10,
            "user": self._state.bot_user.payload() | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g), "unavailable": True} for g in guild_ids],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APPLICATION_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "user_settings": {},
        }
        if data.get("shard"):
            ready["shard"] = data["shard"]
        events = [("READY", ready)] + [("GUILD_CREATE", self._state.guild_payload(g)) for g in guild_ids]
        await session.dispatch_all(events)
        self.sessions[session.session_id] = session
        self.connected.set()
        async with self._identified:
            self.identify_count += 1
            self._identified.notify_all()

    async def wait_for_identify(self, after: int) -> None:
        """Wait until more than ``after`` IDENTIFYs have been answered with READY."""
        async with self._identified:
            await self._identified.wait_for(lambda: self.identify_count > after)

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        session = self.sessions.get(data.get("session_id", ""))
        if session is None:
            await ws.send_str(json.dumps({"op": OP_INVALID_SESSION, "d": False}))
            return
        await session.resume(ws, data.get("seq") or 0)
        self.connected.set()

    async def _send_member_chunk(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        session = next((s for s in self.sessions.values() if s.ws is ws), None)
        guild_id = int(data["guild_id"])
        if session is None or guild_id not in self._state.guilds:
            return
        members = [self._state.member_payload(guild_id, u) for u in self._state.guilds[guild_id].members]
        chunk = {
            "guild_id": str(guild_id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
            "presences": [],
            "nonce": data.get("nonce"),
        }
        await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def dispatch(self, event: str, data: Any) -> None:
        """Send a DISPATCH to every session of the shard that carries it (disconnected ones buffer it for replay)."""
        for session in list(self.sessions.values()):
            if session.receives(event, data):
                await session.dispatch(event, data)

    async def drop_connections(self) -> None:
        """Close every socket with a resumable close code; sessions stay resumable."""
        self.connected.clear()
        await asyncio.gather(*(ws.close(code=RESUMABLE_CLOSE_CODE) for ws in list(self._sockets)))

    async def invalidate_sessions(self, resumable: bool = False) -> None:
        """Send INVALID_SESSION (op 9) to every connected session; forget them unless ``resumable``."""
        self.connected.clear()
        frame = json.dumps({"op": OP_INVALID_SESSION, "d": resumable})
        for session in list(self.sessions.values()):
            if session.ws is not None and not session.ws.closed:
                await session.ws.send_str(frame)
        if not resumable:
            self.sessions.clear()

    async def close(self) -> None:
        """Let held connections through and close all sockets (server shutdown)."""
        self.accepting.set()
        await asyncio.gather(*(ws.close(code=1001) for ws in list(self._sockets)))
