"""Running the bot until it is told to stop, and exiting non-zero when the connection dies on its own."""

import asyncio
import logging
import signal

import discord

from bot.client import LeerkringBot
from bot.db.migrate import MigrationError
from bot.web.server import WebEndpointError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_CONNECTION_LOST = 1


async def serve(bot: LeerkringBot, token: str, stop: asyncio.Event) -> int:
    """Run `bot` until `stop` is set (exit code 0) or its connection ends by itself (non-zero)."""
    async with bot:
        connection = asyncio.create_task(bot.start(token), name="discord-connection")
        stopping = asyncio.create_task(stop.wait(), name="stop-signal")
        await asyncio.wait({connection, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if stopping.done():
            log.info("stopping")
            await bot.close()
            await asyncio.gather(connection, return_exceptions=True)
            return EXIT_OK
        stopping.cancel()
        error = connection.exception()
        if isinstance(error, discord.PrivilegedIntentsRequired):
            log.error(
                "Discord refused the connection: enable the Message Content and Server Members intents "
                "for this application (Developer Portal → Bot → Privileged Gateway Intents)."
            )
        elif isinstance(error, MigrationError):
            log.error("the database cannot be used: %s", error)
        elif isinstance(error, WebEndpointError):
            log.error("the web endpoint cannot start: %s", error)
        elif isinstance(error, discord.LoginFailure):
            log.error("Discord refused the token: check DISCORD_TOKEN (Developer Portal → Bot → Reset Token).")
        else:
            log.error(
                "the gateway connection ended for good; exiting so a supervisor restarts the bot",
                exc_info=error,
            )
        return EXIT_CONNECTION_LOST


async def run_until_signalled(bot: LeerkringBot, token: str) -> int:
    """Serve until SIGINT or SIGTERM, then shut down cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return await serve(bot, token, stop)
