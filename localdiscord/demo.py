"""`python -m bot demo`: a kick-off meeting's follow-up, played by the real bot against a local Discord.

No Discord account is needed: the bot runs unmodified against the local Discord-compatible server on
loopback, with a simulated clock, and the transcript shows what each person did and what the bot said.
"""

import asyncio
import logging
import re
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.clock import ManualClock
from bot.i18n import command_translations
from bot.offline_documents import write_files
from localdiscord import FakeDiscord, InteractionResult
from localdiscord.running import RunningBot, config_for, discord_endpoints, start_bot

ZONE = ZoneInfo("Europe/Amsterdam")
UPDATE_MESSAGE = 7
MENTION = re.compile(r"<@!?(\d+)>")
CHANNEL = re.compile(r"<#\d+>")
TIMESTAMP = re.compile(r"<t:(\d+):[tTdDfFR]>")
START = datetime(2026, 2, 4, 16, 0, tzinfo=ZONE)
MANAGE_GUILD = 1 << 5
REACTION = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me"
ORIGINAL = "/webhooks/{application_id}/{token}/messages/@original"
DESCRIPTION = (
    "Democratische vernieuwing is één van de thema's in de strategische agenda van de M50. "
    "Deze bijeenkomst gaat over de Thorbecke-experimenten: wat kunnen gemeenten zelf uitproberen?"
)
RECORD = {
    "stands_out": "\n".join(
        [
            "• Er gebeurt heel veel: veel experimenten",
            "• Voor veel gemeenten is het nu tijd voor reflectie en leren",
            "• Organisatieontwikkeling staat steeds meer centraal: breder verankeren",
            "• Rol van raden is een zoektocht. Soms wordt de raad aan de voorkant gemist",
        ]
    ),
    "opportunities": "\n".join(
        [
            "• Participeren waar energie ligt",
            "• Goed kijken naar het krachtenveld",
            "• Kartrekkers zijn nodig",
            "• Learning by doing",
        ]
    ),
    "follow_up": "\n".join(
        [
            "• Deelnemers vinden het een meerwaarde om op schaal van middelgroot ervaringen uit te wisselen.",
            "• De deelnemers denken nog even na en geven hun ideeën door per mail.",
        ]
    ),
    "proposals": "\n".join(
        [
            "• Tijdens de volgende M50-ledenbijeenkomsten wordt bestuurlijk gepolst wie mee wil doen.",
            "• Het komend jaar worden er twee vervolgbijeenkomsten georganiseerd:",
            "o Thorbecke-experimenten: vergroten van het voorstellingsvermogen (juni)",
            "o The next step als lerende organisatie (december)",
        ]
    ),
    "notes": "",
}


class Demo:
    """The world of the demo and the narration of what happens in it."""

    def __init__(self, server: FakeDiscord, clock: ManualClock, out: Path, write: Callable[[str], None]) -> None:
        self.server = server
        self.clock = clock
        self.out = out
        self.write = write
        self.lines: list[str] = []
        self.guild = server.add_guild(name="M50 Democratische vernieuwing", preferred_locale="nl")
        self.channel = server.add_channel(self.guild.id, name="leerkring").id
        organisers = server.add_role(self.guild.id, name="Organisatie", permissions=MANAGE_GUILD)
        self.people = {"Marieke": server.add_member(self.guild.id, "marieke", roles=[organisers.id], locale="nl").id}
        for name in ("Anouk", "Bram", "Carla", "Dirk", "Vera"):
            self.people[name] = server.add_member(self.guild.id, name.lower(), locale="nl").id
        self.names = {user_id: name for name, user_id in self.people.items()}
        self.seen: set[str] = set()
        self.bot: RunningBot | None = None

    def say(self, text: str) -> None:
        """Add a line to the transcript."""
        self.lines.append(text)
        self.write(text)

    def chapter(self, title: str) -> None:
        """Start a part of the story, stamped with the simulated time."""
        when = format_datetime(self.clock.now().astimezone(ZONE), "EEE d MMM y HH:mm", locale="nl")
        self.say(f"\n── {when} · {title} ──")

    async def start(self, db_path: Path) -> None:
        """Start (or restart) the bot on the demo's database."""
        self.bot = await start_bot(config_for(self.server, db_path, self.guild.id), self.clock)
        self.news()

    async def stop(self) -> None:
        """Stop the bot as SIGTERM would."""
        assert self.bot is not None
        await self.bot.shutdown()
        self.say("   (de bot is even offline)")

    def news(self) -> None:
        """Narrate what the bot posted in the channel (and its threads) since the last look."""
        for channel_id in (self.channel, *self.server.state.threads_of(self.channel)):
            where = "#leerkring" if channel_id == self.channel else "de draad"
            for message in self.server.messages(channel_id):
                if message["id"] in self.seen:
                    continue
                self.seen.add(message["id"])
                if int(message["author"]["id"]) == self.server.bot_user_id:
                    self.say(f"   Leerkring in {where} › {self.gist(message)}")

    async def command(self, who: str, path: str, **options: Any) -> dict[str, Any]:
        """`who` runs a slash command (shown with its Dutch name); the bot's private answer is narrated."""
        return await self.answer(who, await self.invoke(who, path, options))

    async def invoke(self, who: str, path: str, options: dict[str, Any]) -> InteractionResult:
        """`who` runs a slash command, shown with its Dutch name."""
        dutch = " ".join(command_translations().get(part, part) for part in path.split())
        shown = " ".join(f"{command_translations().get(k, k)}: {v}" for k, v in options.items())
        self.say(f"{who} › /{dutch} {shown}".rstrip())
        return await self.server.invoke_command(self.guild.id, self.channel, self.people[who], path, options=options)

    async def fill_in(self, who: str, opened: InteractionResult, fields: dict[str, str]) -> dict[str, Any]:
        """The form the bot opened is filled in and sent by `who`; the bot's answer is narrated."""
        await opened.response()
        modal = opened.modal()
        self.say(f"   Leerkring › (formulier ‘{modal['title']}’ geopend)")
        submitted = await self.server.submit_modal(
            self.guild.id, self.channel, self.people[who], modal["custom_id"], fields
        )
        self.say(f"{who} › (vult het formulier in en verstuurt)")
        return await self.answer(who, submitted)

    async def answer(self, who: str, result: InteractionResult) -> dict[str, Any]:
        """Narrate the bot's answer to an interaction and whatever it posted meanwhile."""
        if (await result.response(timeout=15))["type"] == UPDATE_MESSAGE:
            self.say("   Leerkring › (werkt het bericht bij)")
            [message] = await result.followups(timeout=15)
        else:
            message = await result.final_message(timeout=15)
        self.say(f"   Leerkring (alleen voor {who}) › {self.gist(message)}")
        self.news()
        return message

    def gist(self, message: dict[str, Any]) -> str:
        """The first line of a message (or its embed's title and first line), with names instead of ids."""
        parts = [message.get("content") or ""]
        for embed in message.get("embeds") or []:
            first = (embed.get("description") or "").splitlines()[:1]
            parts.append(f"[{embed.get('title') or ''}] {' '.join(first)}")
        text = " ".join(" ".join(part for part in parts if part).split())
        text = MENTION.sub(lambda m: "@" + self.names.get(int(m[1]), "iemand"), text)
        text = CHANNEL.sub("#leerkring", text)
        text = TIMESTAMP.sub(lambda m: _local(int(m[1])), text)
        return text[:240]

    async def post(self, who: str, text: str, reply_to: int | None = None, channel: int | None = None) -> int:
        """`who` writes a message; the ✅ that says it was stored as an idea is awaited and narrated."""
        where = "in de draad" if channel else "antwoordt op de vraag"
        self.say(f"{who} {where} › {text}")
        mark = self.server.mark()
        message = await self.server.post_message(channel or self.channel, self.people[who], text, reply_to=reply_to)
        await self.reacted(message["id"], mark)
        return int(message["id"])

    async def reacted(self, message_id: str, mark: int) -> None:
        """Wait for the bot's ✅ on a message and narrate it."""
        await self.server.wait_for_request(
            "PUT", REACTION, predicate=lambda r: f"/{message_id}/reactions/" in r.path, after=mark, timeout=15
        )
        self.say("   Leerkring › ✅ (idee opgeslagen)")
        self.news()

    async def click(self, who: str, message_id: int, custom_id: str, label: str, **extra: Any) -> InteractionResult:
        """`who` presses a button or picks from a menu."""
        self.say(f"{who} › [{label}]")
        return await self.server.click(self.guild.id, self.channel, self.people[who], message_id, custom_id, **extra)

    async def support(self, who: str, message_id: int) -> None:
        """`who` gives an idea a 👍."""
        self.say(f"{who} › 👍 op een idee")
        assert self.bot is not None
        handled = asyncio.create_task(
            self.bot.bot.wait_for("ideas_handled", check=lambda what, mid: mid == message_id, timeout=15)
        )
        await self.server.add_reaction(self.channel, message_id, self.people[who], "👍")
        await handled

    async def until(self, moment: datetime, title: str) -> None:
        """Let simulated time pass; whatever fell due (reminders, deadlines) runs and is narrated."""
        self.clock.advance(moment - self.clock.now())
        self.chapter(title)
        assert self.bot is not None
        await self.bot.bot.timers.run_due()
        self.news()


def _local(unix: int) -> str:
    """A Discord timestamp as a Dutch reader in Amsterdam sees it."""
    return format_datetime(datetime.fromtimestamp(unix, ZONE), "d MMM y HH:mm", locale="nl")


def _component(message: dict[str, Any], prefix: str) -> str:
    return next(
        c["custom_id"] for row in message["components"] for c in row["components"] if c["custom_id"].startswith(prefix)
    )


async def play(demo: Demo, db_path: Path) -> list[Path]:
    """The story: plan, ask, collect ideas (also with the bot away), poll hosts, remind, check in, record, report."""
    demo.chapter("Na de kick-off: de organisator plant twee vervolgbijeenkomsten")
    await demo.start(db_path)
    await demo.command(
        "Marieke",
        "session create",
        title="Thorbecke-experimenten",
        starts="25 juni 14:00",
        description=DESCRIPTION,
    )
    await demo.command(
        "Marieke", "session create", title="The next step als lerende organisatie", starts="10 december 19:30"
    )

    demo.chapter("Deelnemers vullen hun profiel in")
    for who, place in [("Anouk", "Meijerijstad"), ("Bram", "Lochem"), ("Carla", "Coevorden"), ("Dirk", "Oosterhout")]:
        await demo.command(who, "profile municipality", name=place)
    await demo.command("Vera", "profile organisation", name="VNG")

    demo.chapter("De organisator vraagt naar ideeën voor het vervolg")
    await demo.command(
        "Marieke",
        "prompt open",
        question="Welke experimenten wil je in het vervolg uitwerken?",
        session=1,
        closes="20 februari 17:00",
    )
    prompt = [m for m in demo.server.messages(demo.channel) if m["components"]][-1]
    anouk = await demo.post(
        "Anouk", "Een burgerberaad over de energietransitie, met loting.", reply_to=int(prompt["id"])
    )
    await demo.post("Bram", "Wijkbudgetten waar inwoners zelf over beslissen.", channel=int(prompt["id"]))
    form = await demo.click("Carla", int(prompt["id"]), _component(prompt, "leerkring:idea:submit"), "Idee insturen")
    await demo.fill_in("Carla", form, {"text": "Een jongerenraad die de raad adviseert."})

    await demo.stop()
    demo.say("Dirk antwoordt op de vraag › Experimenteren met de rol van de raad aan de voorkant.")
    dirk = await demo.server.post_message(
        demo.channel,
        demo.people["Dirk"],
        "Experimenteren met de rol van de raad aan de voorkant.",
        reply_to=int(prompt["id"]),
    )
    mark = demo.server.mark()
    demo.chapter("De bot is terug en leest na wat hij miste")
    await demo.start(db_path)
    await demo.reacted(dirk["id"], mark)

    demo.chapter("Aanmelden en steunen")
    announcement = next(m for m in demo.server.messages(demo.channel) if "leerkring:rsvp:1:yes" in str(m["components"]))
    for who in ("Anouk", "Bram", "Carla", "Vera"):
        await demo.answer(who, await demo.click(who, int(announcement["id"]), "leerkring:rsvp:1:yes", "Ik kom"))
    for who in ("Bram", "Carla", "Vera"):
        await demo.support(who, anouk)
    await demo.command("Bram", "idea list")

    demo.chapter("Materiaal voor de bijeenkomst")
    await demo.command(
        "Vera",
        "resource add",
        title="Inspiratiebundel Thorbecke-experimenten",
        url="https://vng.nl/thorbecke/inspiratiebundel.pdf",
        session=1,
    )

    demo.chapter("Wie wil gastgemeente zijn?")
    await demo.command("Marieke", "hosts call", sessions="1, 2", closes="1 juni 17:00")
    call = [m for m in demo.server.messages(demo.channel) if "leerkring:hosts:join" in str(m["components"])][-1]
    for who, chosen, note in [("Bram", ["1"], "Raadzaal, 40 personen"), ("Carla", ["1", "2"], "Kantine, 25 personen")]:
        step = await demo.click(
            who, int(call["id"]), _component(call, "leerkring:hosts:join"), "Wij willen gastgemeente zijn"
        )
        await step.response()
        assert step.message_id is not None
        pick = await demo.click(
            who, step.message_id, "leerkring:hosts:pick:1", "kiest " + ", ".join(chosen), values=chosen
        )
        await pick.response()
        demo.say(f"{who} › (notitie: {note})")
        await demo.answer(
            who,
            await demo.server.submit_modal(
                demo.guild.id, demo.channel, demo.people[who], pick.modal()["custom_id"], {"note": note}
            ),
        )
    await demo.command("Marieke", "hosts confirm", session=1, municipality="GM0262")

    await demo.until(datetime(2026, 2, 19, 17, 0, tzinfo=ZONE), "Een dag voor de deadline van de vraag")
    await demo.until(datetime(2026, 2, 20, 17, 0, tzinfo=ZONE), "De deadline van de vraag")
    await demo.until(datetime(2026, 6, 18, 14, 0, tzinfo=ZONE), "Een week voor de bijeenkomst")
    await demo.until(datetime(2026, 6, 24, 14, 0, tzinfo=ZONE), "Een dag voor de bijeenkomst")

    await demo.until(datetime(2026, 6, 25, 14, 0, tzinfo=ZONE), "De bijeenkomst begint: wie is er?")
    checkin = next(m for m in demo.server.messages(demo.channel) if "leerkring:checkin:1" in str(m["components"]))
    for who in ("Anouk", "Bram", "Vera"):
        await demo.answer(who, await demo.click(who, int(checkin["id"]), "leerkring:checkin:1", "Ik ben er"))

    await demo.until(datetime(2026, 6, 25, 16, 30, tzinfo=ZONE), "Na de bijeenkomst: wat is er besproken?")
    await demo.fill_in("Marieke", await demo.invoke("Marieke", "session close", {"id": 1}), RECORD)

    demo.chapter("Het verslag")
    mark = demo.server.mark()
    await demo.command("Marieke", "report", session=1)
    files = next(r for r in demo.server.requests[mark:] if r.matches("PATCH", ORIGINAL) and r.files).files
    written = await asyncio.to_thread(write_files, demo.out, files)
    assert demo.bot is not None
    await demo.bot.shutdown()
    return written


async def run_demo(out: Path, write: Callable[[str], None] = print) -> int:
    """Play the demo, print the transcript, and write the report (and the transcript) into `out`."""
    logging.getLogger("discord").setLevel(logging.ERROR)
    server = FakeDiscord()
    await server.start()
    try:
        async with discord_endpoints():
            with tempfile.TemporaryDirectory() as scratch:
                demo = Demo(server, ManualClock(START), out, write)
                written = await play(demo, Path(scratch) / "demo.db")
    finally:
        await server.stop()
    if server.violations:
        raise RuntimeError(f"the local Discord saw requests real Discord would refuse: {server.violations}")
    await asyncio.to_thread((out / "transcript.txt").write_text, "\n".join(demo.lines) + "\n", "utf-8")
    write(f"\nHet verslag staat in: {', '.join(str(path) for path in written)} (transcript: {out / 'transcript.txt'})")
    return 0
