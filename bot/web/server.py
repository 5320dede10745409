"""The web endpoint's aiohttp server in the bot's own process: its routes, start and stop."""

import logging

import discord
from aiohttp import web

from bot.clock import Clock
from bot.config import HttpAddress
from bot.db import Database
from bot.web import health
from bot.web.calendar_feed import feed_response
from bot.web.metrics import CONTENT_TYPE, BotMetrics

log = logging.getLogger(__name__)


class WebEndpointError(Exception):
    """The web endpoint cannot listen at the configured address."""


class WebEndpoint:
    """`/healthz`, `/metrics` and `/calendar/<token>.ics`, served at `address` until `stop()`."""

    def __init__(
        self, address: HttpAddress, client: discord.Client, db: Database, clock: Clock, metrics: BotMetrics
    ) -> None:
        self._address = address
        self._client = client
        self._db = db
        self._clock = clock
        self._metrics = metrics
        app = web.Application()
        app.router.add_get("/healthz", self._health)
        app.router.add_get("/metrics", self._metrics_text)
        app.router.add_get("/calendar/{name:.*}", self._calendar)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        self.port: int | None = None

    async def start(self) -> None:
        """Listen at the configured address (port 0: a free one, then in `port`)."""
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self._address.host, self._address.port).start()
        except OSError as error:
            await self._runner.cleanup()
            raise WebEndpointError(f"LEERKRING_HTTP={self._address.host}:{self._address.port}: {error}") from error
        self.port = self._runner.addresses[0][1]
        log.info("web endpoint at http://%s:%d", self._address.host, self.port)

    async def stop(self) -> None:
        """Stop listening and finish the requests in hand."""
        await self._runner.cleanup()

    async def _health(self, request: web.Request) -> web.Response:
        state = await health.check(self._client, self._db, self._clock.now())
        return web.json_response(state.as_json(), status=200 if state.healthy else 503)

    async def _metrics_text(self, request: web.Request) -> web.Response:
        body = await self._metrics.render(self._db, self._clock.now())
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    async def _calendar(self, request: web.Request) -> web.Response:
        return await feed_response(request, self._db, self._clock.now())
