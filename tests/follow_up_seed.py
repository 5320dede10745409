"""A kick-off meeting's follow-up written straight into a database, for report and export tests."""

from dataclasses import dataclass

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import hosts, ideas, profiles, prompts, records, resources, sessions, signups
from bot.municipalities import directory
from tests.conftest import plan_session

ORGANISER = 100


@dataclass(frozen=True)
class Seeded:
    """What the seed made: the session reported on, and the members by name."""

    session_id: int
    members: dict[str, int]


async def seed_follow_up(db: Database, clock: ManualClock, guild_id: int, channel_id: int) -> Seeded:
    """Three sessions, six attendees from three municipalities and VNG, a prompt with ideas, a host and sign-up call."""
    now = clock.now()
    plan = {"guild_id": guild_id, "created_by": ORGANISER, "channel_id": channel_id}
    kickoff = await plan_session(
        db,
        now,
        title="Kick-off democratische vernieuwing",
        starts="27-11-2026 10:00",
        location="Stadhuis Zeist",
        **plan,
    )
    june = await plan_session(db, now, title="Thorbecke-experimenten", starts="25-06-2027 14:00", **plan)
    december = await plan_session(db, now, title="The next step", starts="10-12-2027 19:30", **plan)
    members = {name: 200 + number for number, name in enumerate(["anouk", "bram", "lotte", "mees", "vera", "nina"])}
    for name, place in [("anouk", "Zeist"), ("bram", "GM0355"), ("lotte", "Lochem"), ("mees", "Meijerijstad")]:
        await profiles.set_municipality(db, guild_id, members[name], place, now)
    await profiles.set_organisation(db, guild_id, members["vera"], "VNG", now)
    for member in members.values():
        await sessions.rsvp(db, now, guild_id, kickoff.id, member, True)
    await sessions.rsvp(db, now, guild_id, kickoff.id, 299, False)

    prompt = await prompts.open_prompt(
        db,
        guild_id,
        channel_id,
        "Welke experimenten wil je delen?",
        session_id=kickoff.id,
        closes=None,
        interaction_id=1,
        created_by=ORGANISER,
        now=now,
    )
    prompt = await prompts.attach_message(db, prompt, message_id=9001, thread_id=None)
    texts = {"anouk": "Burgerberaad over het klimaat", "lotte": "Wijkbudgetten | met inwoners", "mees": "Jongerenraad"}
    made = {}
    for number, (name, text) in enumerate(texts.items(), start=10):
        made[name], _ = await ideas.add_idea(db, prompt, members[name], text, "command", number, now)
    for supporter in ("lotte", "mees", "vera"):
        await ideas.support_idea(db, guild_id, made["anouk"].id, members[supporter], now)
    await ideas.support_idea(db, guild_id, made["lotte"].id, members["anouk"], now)
    zeist = directory().resolve("Zeist")
    await ideas.set_status(
        db, guild_id, made["anouk"].id, "taken_up", "Zeist trekt dit", now, changed_by=ORGANISER, municipality=zeist
    )

    call = await hosts.open_call(
        db,
        now,
        guild_id=guild_id,
        channel_id=channel_id,
        created_by=ORGANISER,
        sessions_text=f"{june.id}, {december.id}",
        closes=None,
    )
    zeist, lochem = directory().resolve("Zeist"), directory().resolve("Lochem")
    await hosts.volunteer(db, now, call, zeist, [june.id], "Raadzaal, 40 personen", members["anouk"])
    await hosts.volunteer(db, now, call, lochem, [june.id, december.id], None, members["lotte"])
    await hosts.confirm_host(db, now, guild_id, june.id, lochem)
    signup = await signups.open_call(
        db,
        now,
        guild_id=guild_id,
        channel_id=channel_id,
        created_by=ORGANISER,
        question="Welke gemeenten willen meedoen met de Thorbecke-experimenten?",
        closes=None,
    )
    await signups.record_message(db, signup.id, 9001)
    await signups.join(db, now, signup, zeist, "Anouk, griffie", members["anouk"])
    await signups.join(db, now, signup, lochem, None, members["lotte"])
    record = {"stands_out": "Veel energie om te experimenteren", "opportunities": "Thorbecke-experimenten"}
    await records.save_record(db, now, guild_id, kickoff.id, ORGANISER, record)
    bundle = resources.parse_link("https://www.example.org/inspiratiebundel-thorbecke.pdf")
    await resources.add_link(db, now, guild_id, members["anouk"], "Inspiratiebundel", bundle, "Lees vóór juni", kickoff)
    film = await resources.add_file_draft(
        db, now, guild_id, members["lotte"], "Filmpje Lochem", "lochem.mp4", None, kickoff, channel_id
    )
    await resources.record_message(db, now, film, 9101)
    return Seeded(kickoff.id, members)
