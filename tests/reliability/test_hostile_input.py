"""Hostile input (hypothesis) over every option of the session, reminder, setup and profile commands.

Properties, for every example: the bot answers; never with the generic apology (an unhandled exception); a refusal
is a catalogue message; the fake recorded no Discord-limit or schema violation; and nothing the bot sent may ping
anyone except explicitly allowed attendee mentions. Examples are derandomised (set ``LEERKRING_FUZZ_RANDOM=1`` for
fresh ones); ``EXAMPLES`` bounds each property so the suite stays fast.
"""

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.i18n import t
from localdiscord import FakeDiscord, RecordedRequest
from tests.e2e.harness import RunningBot, World, ask
from tests.reliability.catalogue import is_catalogue_text

EXAMPLES = int(os.environ.get("LEERKRING_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("LEERKRING_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
ORIGINAL = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
DEFERRED = 5
MENTION_TOKENS = ("@everyone", "@here", "<@")
SNOWFLAKE_MAX = 2**53  # Discord's integer options are limited to ±2^53

PIECES = [
    "",
    " ",
    " \t\n ",
    "\u200b",
    "\u200b\u200c\u200d\u2060\ufeff",
    "\u202egnirts\u202c",
    "\u200f\u05e9\u05dc\u05d5\u05dd",
    "@everyone",
    "@here",
    "<@&1>",
    "<@1>",
    "<#1>",
    "```py\nprint('x')\n```",
    "**vet** _schuin_ ~~doorgehaald~~ ||spoiler|| `code`",
    "> citaat\n# kop\n- lijst",
    "[link](https://example.org)",
    "https://discord.gg/x",
    "👍🏽👩‍👩‍👧",
    "Ⅻ ﬁ Å",
    "\x00\x07",
    "'; DROP TABLE sessions; --",
    "{id} {title} %s {0}",
]
DATES = [
    "31 februari 10:00",
    "30-02-2027 10:00",
    "29-02-2027 10:00",
    "29-02-2028 10:00",
    "28-03-2027 02:30",
    "31-10-2027 02:30",
    "31-12-9999 23:59",
    "01-01-0001 00:00",
    "10-12-2026 25:61",
    "10-12-2026 19:30 +14:00",
    "morgen",
    "morgen 10:00",
    "gisteren 10:00",
    "nu",
    "over 5 jaar",
    "0",
    "-1",
    "1e308",
    "9999999999d",
    "2d",
    "1d,2d",
    "10-12-2026\u200b 19:30",
]
OFFSETS = ["7d,1d,2h", "0d", "-1d", "0m", "99999d", "1d," * 30, ",,,", "1 dag", "2u", "1w", "7d;1d", "1d 1d 1d"]
ZONES = ["Europe/Amsterdam", "UTC", "Etc/GMT+14", "Mars/Olympus", "../../etc/passwd", "europe/amsterdam", "Local"]

pieces = st.sampled_from(PIECES)
hostile_text = st.one_of(
    st.lists(st.one_of(pieces, st.text(max_size=12)), max_size=5).map("".join),
    st.tuples(st.sampled_from(["x", "é", "👍", "\u200b", " ", "@everyone "]), st.integers(90, 6000)).map(
        lambda repeat: repeat[0] * repeat[1]
    ),
    st.text(),
)
dates = st.one_of(st.sampled_from(DATES), hostile_text)
offsets = st.one_of(st.sampled_from(OFFSETS), hostile_text)
zones = st.one_of(st.sampled_from(ZONES), hostile_text)
ids = st.one_of(
    st.sampled_from([0, -1, 1, 2, SNOWFLAKE_MAX, -SNOWFLAKE_MAX]), st.integers(-SNOWFLAKE_MAX, SNOWFLAKE_MAX)
)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def mentions_problems(request: RecordedRequest, attendees: set[int]) -> list[str]:
    """Ways in which a message the bot sent could ping someone it did not mean to."""
    body = request.json
    if not isinstance(body, dict):
        return []
    if "type" in body and "data" in body:  # an interaction callback
        body = body.get("data") or {}
    if not isinstance(body, dict) or not any(token in (body.get("content") or "") for token in MENTION_TOKENS):
        return []  # only content pings; embeds never do
    allowed = body.get("allowed_mentions")
    if allowed is None:
        return [f"{request.method} {request.path}: no allowed_mentions (Discord would parse every mention)"]
    problems = []
    if allowed.get("parse"):
        problems.append(f"{request.method} {request.path}: allowed_mentions.parse = {allowed['parse']}")
    if allowed.get("roles"):
        problems.append(f"{request.method} {request.path}: allowed_mentions.roles = {allowed['roles']}")
    if allowed.get("replied_user"):
        problems.append(f"{request.method} {request.path}: pings the replied-to user")
    if set(allowed.get("users") or []) - attendees:
        problems.append(f"{request.method} {request.path}: pings non-attendees {allowed['users']}")
    return problems


class Fuzz:
    """Runs one command and checks the properties on everything the bot did in response."""

    def __init__(self, server: FakeDiscord, world: World) -> None:
        self.server, self.world = server, world
        self.attendees = {world.participant_id}

    async def answer(self, user_id: int, command: str, options: dict[str, Any]) -> dict[str, Any]:
        """The answer as finally shown; fails at once (not after a timeout) when Discord refused it."""
        mark = self.server.mark()
        result = await self.server.invoke_command(
            self.world.guild_id, self.world.channel_id, user_id, command, options=options
        )
        token = result.token
        callback = await self.server.wait_for_request("POST", CALLBACK, lambda r: token in r.path, after=mark)
        assert callback.status < 300, (command, options, self.server.violations[-1:])
        if (await result.response())["type"] == DEFERRED:
            edit = await self.server.wait_for_request("PATCH", ORIGINAL, lambda r: token in r.path, after=mark)
            assert edit.status < 300, (command, options, self.server.violations[-1:])
        assert result.ephemeral, (command, options)
        return await result.final_message()

    async def check(self, user_id: int, command: str, **options: Any) -> dict[str, Any]:
        options = {name: value for name, value in options.items() if value is not None}
        mark, known = self.server.mark(), len(self.server.violations)
        answer = await self.answer(user_id, command, options)
        await self.quiet()
        content = answer.get("content")
        assert content not in (t("errors.generic", "nl"), t("errors.generic", "en")), (command, options)
        assert content or answer.get("embeds"), (command, options, answer)
        if content and not answer.get("embeds"):
            assert is_catalogue_text(content), (command, options, content)
        assert self.server.violations[known:] == [], (command, options)
        problems = [p for r in self.server.requests[mark:] for p in mentions_problems(r, self.attendees)]
        assert problems == [], (command, options)
        return answer

    async def quiet(self) -> None:
        """Let work the bot does after answering (announcement edits) reach the server before checking."""
        probe = await self.server.invoke_command(
            self.world.guild_id, self.world.channel_id, self.world.participant_id, "profile show"
        )
        await probe.response()


@pytest.fixture
async def fuzz(server: FakeDiscord, world: World, running: RunningBot) -> Fuzz:
    await ask(server, world, world.manager_id, "session create", title="Leerkring december", starts="10-12-2026 19:30")
    await ask(server, world, world.participant_id, "session attend", id=1)
    return Fuzz(server, world)


@FUZZ
@given(
    title=hostile_text,
    starts=dates,
    duration=optional(st.one_of(st.sampled_from(["2h", "0m", "13u", "1u30m", "-1h", "99999999d"]), hostile_text)),
    location=optional(hostile_text),
    description=optional(hostile_text),
)
async def test_session_create(
    fuzz: Fuzz, title: str, starts: str, duration: str | None, location: str | None, description: str | None
) -> None:
    await fuzz.check(
        fuzz.world.manager_id,
        "session create",
        title=title,
        starts=starts,
        duration=duration,
        location=location,
        description=description,
    )


@FUZZ
@given(
    session_id=st.one_of(st.just(1), ids),
    title=optional(hostile_text),
    starts=optional(dates),
    duration=optional(hostile_text),
    location=optional(hostile_text),
    description=optional(hostile_text),
)
async def test_session_edit(
    fuzz: Fuzz,
    session_id: int,
    title: str | None,
    starts: str | None,
    duration: str | None,
    location: str | None,
    description: str | None,
) -> None:
    await fuzz.check(
        fuzz.world.manager_id,
        "session edit",
        id=session_id,
        title=title,
        starts=starts,
        duration=duration,
        location=location,
        description=description,
    )


@FUZZ
@given(
    command=st.sampled_from(
        ["session show", "session attend", "session ics", "session cancel", "reminder cancel", "resource remove"]
    ),
    session_id=ids,
)
async def test_ids(fuzz: Fuzz, command: str, session_id: int) -> None:
    user = fuzz.world.manager_id if command in ("session cancel", "reminder cancel") else fuzz.world.participant_id
    await fuzz.check(user, command, id=session_id)


@FUZZ
@given(session_id=st.one_of(st.just(1), ids), when=st.one_of(dates, offsets), message=optional(hostile_text))
async def test_reminder_add(fuzz: Fuzz, session_id: int, when: str, message: str | None) -> None:
    await fuzz.check(fuzz.world.manager_id, "reminder add", session=session_id, when=when, message=message)


@FUZZ
@given(tz=zones)
@example(tz="x" * 2001)
async def test_setup_timezone(fuzz: Fuzz, tz: str) -> None:
    await fuzz.check(fuzz.world.manager_id, "setup timezone", tz=tz)
    await fuzz.check(fuzz.world.manager_id, "setup show")


@FUZZ
@given(offsets=offsets)
async def test_setup_reminders(fuzz: Fuzz, offsets: str) -> None:
    await fuzz.check(fuzz.world.manager_id, "setup reminders", offsets=offsets)
    await fuzz.check(fuzz.world.manager_id, "setup show")


LINKS = st.sampled_from(
    [
        "https://www.example.org/bundel.pdf",
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "https://a:b@example.org/",
        "https://example.org/<@1>@everyone",
        "http://[::1]:99999/",
    ]
)


@FUZZ
@given(
    title=hostile_text,
    url=st.one_of(LINKS, hostile_text),
    description=optional(hostile_text),
    session_id=optional(st.one_of(st.just(1), ids)),
)
async def test_resource_add(fuzz: Fuzz, title: str, url: str, description: str | None, session_id: int | None) -> None:
    user = fuzz.world.participant_id
    await fuzz.check(user, "resource add", title=title, url=url, description=description, session=session_id)
    await fuzz.check(user, "resource list")


MUNICIPALITY_NAMES = st.one_of(st.sampled_from(["GM0262", "GM9999", "meijerij", "Den Haag", ""]), hostile_text)


@FUZZ
@given(name=MUNICIPALITY_NAMES)
@example(name="x" * 2001)
async def test_profile_municipality(fuzz: Fuzz, name: str) -> None:
    await fuzz.check(fuzz.world.participant_id, "profile municipality", name=name)
    await fuzz.check(fuzz.world.participant_id, "profile show")


@FUZZ
@given(name=MUNICIPALITY_NAMES)
async def test_profile_organisation(fuzz: Fuzz, name: str) -> None:
    await fuzz.check(fuzz.world.participant_id, "profile organisation", name=name)
    await fuzz.check(fuzz.world.participant_id, "profile show")


@FUZZ
@given(
    target=st.sampled_from(
        [
            ("profile municipality", "name"),
            ("setup timezone", "tz"),
            ("session show", "id"),
            ("reminder add", "session"),
        ]
    ),
    typed=hostile_text,
)
async def test_autocomplete(fuzz: Fuzz, target: tuple[str, str], typed: str) -> None:
    command, option = target
    world, known = fuzz.world, len(fuzz.server.violations)
    choices = await fuzz.server.autocomplete(
        world.guild_id, world.channel_id, world.manager_id, command, options={option: typed}, focused=option
    )
    assert len(choices) <= 25
    assert fuzz.server.violations[known:] == [], (command, typed)


LONGEST_OPTION = 6000  # Discord's limit for a string option's value


@pytest.mark.parametrize(
    ("user", "command", "options"),
    [
        ("manager", "session create", {"title": "x", "starts": "10-12-2026 19:30", "location": "l"}),
        ("manager", "session create", {"title": "t", "starts": "x"}),
        ("manager", "session create", {"title": "t", "starts": "10-12-2026 19:30", "description": "x"}),
        ("manager", "session create", {"title": "t", "starts": "10-12-2026 19:30", "duration": "9"}),
        ("manager", "reminder add", {"session": 1, "when": "x"}),
        ("manager", "reminder add", {"session": 1, "when": "2d", "message": "x"}),
        pytest.param(
            "manager",
            "setup reminders",
            {"offsets": "9"},
        ),
        pytest.param(
            "manager",
            "setup timezone",
            {"tz": "x"},
        ),
        pytest.param(
            "participant",
            "profile municipality",
            {"name": "x"},
        ),
        ("participant", "profile organisation", {"name": "x"}),
    ],
)
async def test_a_refused_longest_value_still_gets_an_answer(
    fuzz: Fuzz, user: str, command: str, options: dict[str, Any]
) -> None:
    """The last option listed is sent at Discord's maximum length; the refusal must still fit in a message."""
    *_, last = options
    options = options | {last: options[last] * LONGEST_OPTION}
    user_id = fuzz.world.manager_id if user == "manager" else fuzz.world.participant_id
    answer = await fuzz.check(user_id, command, **options)
    assert answer["content"]
