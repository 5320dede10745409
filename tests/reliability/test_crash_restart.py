"""Crash and restart: `python -m bot` is SIGKILLed at seeded random moments while members act and reminders fall due.

Sessions have one place and every answer goes to the first two, so members join waiting lists and move up when
others withdraw. Afterwards every action the server saw acknowledged is in the database, no session holds more
than its places, every promoted member was told exactly once, nothing is stored or sent twice and the database is
intact. The figures are printed (run with ``-s`` to see them); ``LEERKRING_CRASH_SEED`` and
``LEERKRING_CRASH_KILLS`` change the run.
"""

import asyncio
import os
import random
import signal
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from bot.domain.timers import Status
from bot.i18n import LANGUAGES, t
from bot.timeparse import format_offset, parse_offsets
from bot.ui.notices import FOOTER_KEY
from localdiscord import FakeDiscord, InteractionResult
from tests.e2e.harness import World, config_for, start_bot
from tests.e2e.test_process import against
from tests.reliability.catalogue import parse

SEED = int(os.environ.get("LEERKRING_CRASH_SEED", "20261126"))
KILLS = int(os.environ.get("LEERKRING_CRASH_KILLS", "20"))
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ANSWER_TIMEOUT = 10.0
STARTUP_TIMEOUT = 30.0
DEFERRED, UPDATE = 5, 7
MUNICIPALITIES = {"GM0262": "Lochem", "GM0355": "Zeist", "GM0050": "Zeewolde", "GM0299": "Zevenaar"}
ORGANISATIONS = ("VNG", "Divosa", "Rijkswaterstaat")
OFFSETS = ("1m,2m", "2m", "1m,3m", "3m,2m,1m")
PLACES = 1
BUSY_SESSIONS = 2
SUCCESS_KEYS = {
    "attend": ("session.rsvp_yes", "session.rsvp_waiting", "session.rsvp_no"),
    "municipality": ("profile.municipality_set",),
    "organisation": ("profile.organisation_set",),
    "offsets": ("setup.reminders_set",),
    "language": ("setup.language_set",),
    "reminder": ("reminder.added",),
    "session": ("session.created",),
}


def answer_text(result: InteractionResult) -> str | None:
    """What the member was finally shown, as far as the server saw it (None: nothing yet)."""
    callback = result.callback
    if callback is None:
        return None
    if callback["type"] == DEFERRED:
        return result.original_message["content"] if result.original_edits and result.original_message else None
    return (callback.get("data") or {}).get("content")


@dataclass
class Action:
    """One thing a member did, and what it should leave in the database."""

    kind: str
    key: tuple[Any, ...]
    value: Any
    result: InteractionResult

    def acknowledgement(self) -> dict[str, Any] | None:
        """The parameters of the success answer the server saw, or None when it was not acknowledged."""
        if self.kind == "rsvp":
            callback = self.result.callback
            return {} if callback is not None and callback["type"] == UPDATE else None
        for key in SUCCESS_KEYS[self.kind]:
            found = parse(key, answer_text(self.result))
            if found is not None:
                return found
        return None


@dataclass
class Figures:
    """What happened during the run."""

    actions: int = 0
    acknowledged: int = 0
    kills: int = 0
    kills_before_ready: int = 0
    reminders_sent: int = 0
    reminder_dms: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    generic_answers: int = 0
    unanswered: int = 0
    unannounced_sessions: int = 0
    promotions: int = 0


@pytest.fixture
def bot_log(tmp_path: Path) -> Iterator[IO[bytes]]:
    with (tmp_path / "bot.log").open("ab") as log:
        yield log


class Chaos:
    """Runs and kills the bot process while two drivers act as members."""

    def __init__(self, server: FakeDiscord, world: World, workdir: Path, log: IO[bytes]) -> None:
        self.server, self.world, self.workdir, self.log = server, world, workdir, log
        self.db_path = workdir / "leerkring.db"
        self.rng = random.Random(SEED)
        self.actions: list[Action] = []
        self.sessions: dict[int, int] = {}  # acknowledged session id -> announcement message id
        self.figures = Figures()
        self.counter = 0
        extra = [server.add_member(world.guild_id, username=f"deelnemer{i}", locale="nl").id for i in range(4)]
        participants = [world.participant_id, world.english_participant_id, *extra]
        self.members = [(world.manager_id, participants[0::2]), (world.role_organiser_id, participants[1::2])]
        self.by_dm = extra[:3]
        self.env = against(server, world, self.db_path, LOG_LEVEL="WARNING")

    async def spawn(self) -> tuple["asyncio.subprocess.Process", "asyncio.Task[None]", "asyncio.Task[int]"]:
        """Start `python -m bot`; return it, a task that ends when it has identified, and one that ends when it dies."""
        seen = self.server.identify_count
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=self.workdir, env=self.env, stdout=self.log, stderr=self.log
        )
        ready = asyncio.create_task(self.server.wait_for_identify(seen, timeout=STARTUP_TIMEOUT))
        return process, ready, asyncio.create_task(process.wait())

    @staticmethod
    async def until_ready(ready: "asyncio.Task[None]", died: "asyncio.Task[int]") -> bool:
        await asyncio.wait({ready, died}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            return False
        return ready.exception() is None

    def invoke(self, user_id: int, command: str, **options: Any) -> "asyncio.Task[InteractionResult]":
        return asyncio.ensure_future(
            self.server.invoke_command(self.world.guild_id, self.world.channel_id, user_id, command, options)
        )

    async def act(self, worker: int) -> Action | None:
        """Do one seeded random thing as one of this worker's members."""
        organiser, participants = self.members[worker]
        user = self.rng.choice(participants)
        self.counter += 1
        n, roll, sessions = self.counter, self.rng.random(), sorted(self.sessions)
        if roll < 0.30 and sessions:
            session, coming = self.rng.choice(sessions[:BUSY_SESSIONS]), self.rng.random() < 0.6
            custom_id = f"leerkring:rsvp:{session}:{'yes' if coming else 'no'}"
            result = await self.server.click(
                self.world.guild_id, self.world.channel_id, user, self.sessions[session], custom_id
            )
            return Action("rsvp", ("rsvp", session, user), coming, result)
        if roll < 0.45 and sessions:
            session, coming = self.rng.choice(sessions[:BUSY_SESSIONS]), self.rng.random() < 0.6
            result = await self.invoke(user, "session attend", id=session, coming=coming)
            return Action("attend", ("rsvp", session, user), coming, result)
        if roll < 0.60:
            code = self.rng.choice(sorted(MUNICIPALITIES))
            result = await self.invoke(user, "profile municipality", name=code)
            return Action("municipality", ("profile", user), ("municipality", code), result)
        if roll < 0.68:
            name = self.rng.choice(ORGANISATIONS)
            result = await self.invoke(user, "profile organisation", name=name)
            return Action("organisation", ("profile", user), ("organisation", name), result)
        if roll < 0.74 and worker == 0:
            text = self.rng.choice(OFFSETS)
            result = await self.invoke(organiser, "setup reminders", offsets=text)
            canonical = ",".join(format_offset(o) for o in parse_offsets(text))
            return Action("offsets", ("offsets",), canonical, result)
        if roll < 0.78 and worker == 0:
            language = self.rng.choice(("nl", "en"))
            result = await self.invoke(organiser, "setup language", language=language)
            return Action("language", ("language",), language, result)
        if roll < 0.90 and sessions:
            session, minutes = self.rng.choice(sessions), self.rng.randint(1, 2)
            result = await self.invoke(
                organiser, "reminder add", session=session, when=f"{minutes}m", message=f"actie-{n}"
            )
            return Action("reminder", ("reminder", n), f"actie-{n}", result)
        return await self.create_session(organiser, n)

    async def create_session(self, organiser: int, n: int) -> Action:
        starts = datetime.now(AMSTERDAM) + timedelta(minutes=2)  # its 1-minute reminder falls due at the next minute
        title = f"Sessie {n}"
        result = await self.invoke(
            organiser, "session create", title=title, starts=starts.strftime("%d-%m-%Y %H:%M"), capacity=PLACES
        )
        return Action("session", ("session", n), title, result)

    async def settled(self, action: Action) -> None:
        """Wait until the bot has answered the action completely."""
        if action.kind == "rsvp":
            await action.result.followups(1, timeout=ANSWER_TIMEOUT)
        else:
            await action.result.final_message(timeout=ANSWER_TIMEOUT)

    def record(self, action: Action) -> None:
        self.actions.append(action)
        found = action.acknowledgement()
        if action.kind == "session" and found is not None:
            announcement = next(
                m
                for m in self.server.messages(self.world.channel_id)
                if f"leerkring:rsvp:{found['id']}:yes" in str(m["components"])
            )
            self.sessions[int(found["id"])] = int(announcement["id"])

    async def drive(self, worker: int, died: "asyncio.Task[int]") -> None:
        while not died.done():
            action = await self.act(worker)
            if action is None:
                continue
            answered = asyncio.create_task(self.settled(action))
            await asyncio.wait({answered, died}, return_when=asyncio.FIRST_COMPLETED)
            if answered.done() and answered.exception() is not None:
                self.figures.unanswered += 1
            answered.cancel()
            self.record(action)

    async def life(self, kill_after: float) -> None:
        """One run of the process, SIGKILLed `kill_after` seconds after it was started."""
        started = asyncio.get_running_loop().time()
        process, ready, died = await self.spawn()

        async def killer() -> None:
            await asyncio.sleep(max(0.0, started + kill_after - asyncio.get_running_loop().time()))
            if process.returncode is None:
                process.send_signal(signal.SIGKILL)
                self.figures.kills += 1
                self.figures.kills_before_ready += not ready.done()
            await died

        killing = asyncio.create_task(killer())
        if await self.until_ready(ready, died):
            await asyncio.gather(*(self.drive(w, died) for w in range(len(self.members))))
        await killing
        assert process.returncode == -signal.SIGKILL, f"the bot exited by itself with {process.returncode}"
        with sqlite3.connect(self.db_path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    async def setup(self) -> None:
        """The first run: an organiser role, near reminders, two sessions and a promotion, then the first kill."""
        process, ready, died = await self.spawn()
        assert await self.until_ready(ready, died), "the bot did not start"
        for command, options in (
            ("setup organiser-role", {"role": self.world.organiser_role_id}),
            ("setup reminders", {"offsets": "1m,2m"}),
        ):
            result = await self.invoke(self.world.manager_id, command, **options)
            await result.final_message(timeout=ANSWER_TIMEOUT)
        for member in self.by_dm:  # their reminders come by DM; the last has closed DMs: a mention instead
            result = await self.invoke(member, "profile reminders", setting="dm")
            await result.final_message(timeout=ANSWER_TIMEOUT)
        self.server.close_dms(self.by_dm[-1])
        for organiser, _ in self.members:
            self.counter += 1
            action = await self.create_session(organiser, self.counter)
            await self.settled(action)
            self.record(action)
        await self.promote_one()
        process.send_signal(signal.SIGKILL)  # the promotion's notice may be on its way: it must arrive once
        self.figures.kills += 1
        await died

    async def promote_one(self) -> None:
        """Two members answer "Ik kom" to the first session (one place), then the first withdraws: one promotion."""
        session = min(self.sessions)
        first, second = self.members[0][1][:2]
        for user, coming in ((first, True), (second, True), (first, False)):
            action = Action(
                "attend",
                ("rsvp", session, user),
                coming,
                await self.invoke(user, "session attend", id=session, coming=coming),
            )
            await self.settled(action)
            self.record(action)

    async def final(self) -> None:
        """A last run, not killed: it catches up on what fell due, then stops cleanly on SIGTERM."""
        process, ready, died = await self.spawn()
        assert await self.until_ready(ready, died), "the bot did not start"
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(died, 30) == 0


def db_rows(db_path: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as db:
        return list(db.execute(query, params))


def stored_value(db_path: Path, key: tuple[Any, ...]) -> Any:
    """What the database holds for an action's key."""
    if key[0] == "rsvp":
        rows = db_rows(db_path, "SELECT state FROM rsvps WHERE session_id = ? AND user_id = ?", key[1], key[2])
        return rows[0][0] != "not_coming" if rows else None  # coming or on the waiting list
    if key[0] == "profile":
        rows = db_rows(db_path, "SELECT municipality_code, organisation FROM profiles WHERE user_id = ?", key[1])
        if not rows:
            return None
        return ("municipality", rows[0][0]) if rows[0][0] else ("organisation", rows[0][1])
    if key[0] in ("offsets", "language"):
        column = "reminder_offsets" if key[0] == "offsets" else "language"
        rows = db_rows(db_path, f"SELECT {column} FROM guild_settings")
        return rows[0][0] if rows else None
    if key[0] == "reminder":
        return next(
            iter(db_rows(db_path, "SELECT message FROM reminders WHERE message = ?", f"actie-{key[1]}")), [None]
        )[0]
    return next(iter(db_rows(db_path, "SELECT title FROM sessions WHERE title = ?", f"Sessie {key[1]}")), [None])[0]


def check_actions(chaos: Chaos) -> None:
    """Every acknowledged action's effect is in the database (unless a later, unacknowledged one replaced it)."""
    by_key: dict[tuple[Any, ...], list[Action]] = {}
    for action in chaos.actions:
        by_key.setdefault(action.key, []).append(action)
    figures = chaos.figures
    for key, actions in by_key.items():
        acks = [i for i, a in enumerate(actions) if a.acknowledgement() is not None]
        figures.acknowledged += len(acks)
        figures.generic_answers += sum(parse("errors.generic", answer_text(a.result)) is not None for a in actions)
        if not acks:
            continue
        allowed = {a.value for a in actions[acks[-1] :]}
        stored = stored_value(chaos.db_path, key)
        if stored not in allowed:
            figures.lost.append(f"{key}: acknowledged {actions[acks[-1]].value!r}, stored {stored!r}")
    figures.actions = len(chaos.actions)


def check_duplicates_and_reminders(chaos: Chaos, settle_time: datetime) -> None:
    db_path, figures = chaos.db_path, chaos.figures
    for table, column in (("sessions", "title"), ("reminders", "message")):
        for value, count in db_rows(
            db_path, f"SELECT {column}, count(*) FROM {table} WHERE {column} IS NOT NULL GROUP BY 1 HAVING count(*) > 1"
        ):
            figures.duplicated.append(f"{table}.{column} {value!r} stored {count} times")
    messages = chaos.server.messages(chaos.world.channel_id)
    announcements = Counter(
        button["custom_id"]
        for m in messages
        for row in m["components"]
        for button in row.get("components") or []
        if button.get("custom_id", "").endswith(":yes")
    )
    figures.duplicated += [f"{custom_id} announced {n} times" for custom_id, n in announcements.items() if n > 1]
    reminder_footers = Counter(embed["footer"]["text"] for m in messages for embed in m["embeds"] if "footer" in embed)
    for reminder_id, status, due in db_rows(
        db_path,
        "SELECT t.subject_id, t.status, t.due_at FROM timers t WHERE t.kind = 'session_reminder'",
    ):
        sent = reminder_footers[f"Herinnering #{reminder_id}"] + reminder_footers[f"Reminder #{reminder_id}"]
        figures.reminders_sent += sent
        if sent > 1:
            figures.duplicated.append(f"reminder #{reminder_id} sent {sent} times")
        if status in (Status.DONE, Status.LATE) and sent != 1:
            figures.lost.append(f"reminder #{reminder_id} is {status} but was sent {sent} times")
        if datetime.fromisoformat(due) <= settle_time and status in (Status.PENDING, Status.RUNNING, Status.FAILED):
            figures.lost.append(f"reminder #{reminder_id} fell due at {due} and is still {status}")
    check_reminder_dms(chaos)
    figures.unannounced_sessions = len(
        db_rows(db_path, "SELECT id FROM sessions WHERE announcement_message_id IS NULL")
    )
    for session_id in chaos.sessions:
        if not db_rows(
            db_path, "SELECT 1 FROM sessions WHERE id = ? AND announcement_message_id IS NOT NULL", session_id
        ):
            figures.lost.append(f"acknowledged session #{session_id} has no recorded announcement")


def check_places(chaos: Chaos) -> None:
    """No session holds more than its places or keeps a place free while someone waits; each promotion told once."""
    db_path, figures = chaos.db_path, chaos.figures
    for session_id, capacity, coming, waiting in db_rows(
        db_path,
        "SELECT s.id, s.capacity, sum(r.state = 'coming'), sum(r.state = 'waiting') FROM sessions s "
        "JOIN rsvps r ON r.session_id = s.id WHERE s.status = 'planned' GROUP BY s.id",
    ):
        if coming > capacity:
            figures.duplicated.append(f"session #{session_id}: {coming} coming in {capacity} places")
        if waiting and coming < capacity:
            figures.lost.append(f"session #{session_id}: a place free while {waiting} wait")
    footers = Counter(
        embed["footer"]["text"]
        for user_id in {user for _, members in chaos.members for user in members}
        for m in chaos.server.direct_messages(user_id)
        for embed in m["embeds"]
        if "footer" in embed
    )
    for notice_id, user_id, status, line_message_id in db_rows(
        db_path,
        "SELECT n.id, n.user_id, n.status, b.line_message_id FROM notices n JOIN notice_batches b ON b.id = n.batch_id "
        "WHERE b.kind = 'place'",
    ):
        figures.promotions += 1
        sent = sum(footers[t("notice.footer", language, id=notice_id)] for language in ("nl", "en"))
        line = chaos.server.state.find_message(line_message_id) if line_message_id else None
        mentioned = line is not None and f"<@{user_id}>" in line["content"]
        if (status, sent, mentioned) not in (("sent", 1, False), ("refused", 0, True)):
            figures.lost.append(
                f"place notice #{notice_id} to {user_id} is {status}, sent {sent}, mentioned {mentioned}"
            )


def check_reminder_dms(chaos: Chaos) -> None:
    """Each reminder's DM went out at most once per member, and every DM recorded as sent is in the member's DMs;
    once a reminder is done its DMs are settled, and a refused one is mentioned in the reminder's message."""
    figures, server = chaos.figures, chaos.server
    rows = db_rows(
        chaos.db_path,
        "SELECT n.id, n.user_id, n.status, t.status, b.line_message_id FROM notices n "
        "JOIN notice_batches b ON b.id = n.batch_id "
        "JOIN timers t ON t.kind = 'session_reminder' AND b.origin = 'reminder:' || t.subject_id",
    )
    notice_of = {t(FOOTER_KEY, language, id=row[0]): row[0] for row in rows for language in LANGUAGES}
    footers = [
        embed["footer"]["text"]
        for member in chaos.by_dm
        for m in server.direct_messages(member)
        for embed in m["embeds"]
    ]
    arrived = Counter(notice_of[footer] for footer in footers if footer in notice_of)
    figures.reminder_dms = arrived.total()
    figures.duplicated += [f"DM {notice} arrived {n} times" for notice, n in arrived.items() if n > 1]
    for notice_id, user_id, status, reminder_status, line_message_id in rows:
        if status == "sent" and arrived[notice_id] != 1:
            figures.lost.append(f"DM {notice_id} to {user_id} is recorded sent but arrived {arrived[notice_id]} times")
        if reminder_status in (Status.DONE, Status.LATE) and status in ("pending", "sending"):
            figures.lost.append(f"DM {notice_id} of a sent reminder is still {status}")
        line = server.state.find_message(line_message_id) if line_message_id else None
        if status == "refused" and (line is None or f"<@{user_id}>" not in line["content"]):
            figures.lost.append(f"DM {notice_id} was refused and {user_id} is not mentioned in the reminder")


async def test_sigkill_at_random_moments_loses_and_repeats_nothing(
    server: FakeDiscord, world: World, tmp_path: Path, bot_log: IO[bytes]
) -> None:
    chaos = Chaos(server, world, tmp_path, bot_log)
    loop = asyncio.get_running_loop()
    await chaos.setup()
    # the sessions' "1m" reminders fall due at the next full minute after they were made (they start two minutes on,
    # to the minute): run past the first one still to come, and aim one kill at it — read from the timers, so a
    # setup that crosses a minute's end (or makes a session whose reminder was already past) moves the moment too
    [(first_due,)] = db_rows(
        chaos.db_path, "SELECT min(due_at) FROM timers WHERE kind = 'session_reminder' AND status = 'pending'"
    )
    wait = (datetime.fromisoformat(first_due) - datetime.now(UTC)).total_seconds() if first_due else 0.0
    boundary = loop.time() + wait
    aimed = False
    while chaos.figures.kills < KILLS or loop.time() < boundary + 3:
        kill_after = chaos.rng.uniform(0.4, 3.0)
        if not aimed and loop.time() + 1.5 < boundary < loop.time() + kill_after + 1.5:
            kill_after, aimed = boundary - loop.time() + chaos.rng.uniform(0.02, 0.5), True
        await chaos.life(kill_after)
    await chaos.final()

    settle_time = datetime.now(UTC)  # whatever fell due by now must have gone out: run the due timers once more
    settling = await start_bot(config_for(server, chaos.db_path, world.guild_id), ManualClock(settle_time))
    await settling.bot.timers.run_due()
    assert await settling.shutdown() == 0
    with sqlite3.connect(chaos.db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    check_actions(chaos)
    check_duplicates_and_reminders(chaos, settle_time)
    check_places(chaos)
    f = chaos.figures
    print(
        f"\ncrash run (seed {SEED}): actions {f.actions}, acknowledged {f.acknowledged}, kills {f.kills} "
        f"({f.kills_before_ready} before the bot was ready, one aimed at due reminders: {aimed}), "
        f"reminders sent {f.reminders_sent} (DMs {f.reminder_dms}), promotions told {f.promotions}, "
        f"lost {len(f.lost)}, duplicated {len(f.duplicated)}, unannounced sessions {f.unannounced_sessions}, "
        f"generic apologies {f.generic_answers}, unanswered while alive {f.unanswered}"
    )
    assert f.kills >= KILLS and f.acknowledged > 0 and f.reminders_sent > 0 and f.promotions > 0
    assert f.lost == [] and f.duplicated == []
    assert f.generic_answers == 0 and f.unanswered == 0


async def test_a_kill_between_announcing_and_recording_leaves_no_half_made_session(
    server: FakeDiscord, world: World, tmp_path: Path, bot_log: IO[bytes]
) -> None:
    chaos = Chaos(server, world, tmp_path, bot_log)
    process, ready, died = await chaos.spawn()
    assert await chaos.until_ready(ready, died)
    hold = server.hold_responses("POST", "/channels/{channel_id}/messages")
    await chaos.invoke(world.manager_id, "session create", title="Half", starts="10-12-2027 19:30")
    await server.wait_for_request("POST", "/channels/{channel_id}/messages", timeout=ANSWER_TIMEOUT)
    process.send_signal(signal.SIGKILL)  # Discord has posted the announcement; the bot never hears back
    await died
    hold.release()
    await chaos.final()  # restart, then stop cleanly
    announced = [m for m in server.messages(world.channel_id) if m["components"]]
    assert len(announced) == 1
    assert db_rows(chaos.db_path, "SELECT announcement_message_id FROM sessions") in ([], [(int(announced[0]["id"]),)])
