"""`/network` end to end: four municipalities sign up (two colleagues of one, one withdrawal), a host, an idea and
another organisation; the embed's counts and the map attached as a PNG; a profile of a merged municipality."""

import io
from typing import Any

from matplotlib.colors import to_rgb
from PIL import Image

from bot.clock import ManualClock
from bot.db import profiles as profile_store
from bot.db.profiles import Profile
from bot.documents.network_map import DPI, INVOLVED, SIZE_INCHES
from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask
from tests.e2e.test_hosts import member
from tests.e2e.test_signups import QUESTION, heading, join, open_call, updated_call, withdraw

ORIGINAL = "/webhooks/{application_id}/{token}/messages/@original"
MAP_PIXELS = (round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI))


async def network_answer(server: FakeDiscord, world: World, user_id: int) -> tuple[dict[str, Any], Image.Image]:
    """`/network` as `user_id`: the embed and the attached map, read back as an image."""
    mark = server.mark()
    result = await server.invoke_command(world.guild_id, world.channel_id, user_id, "network")
    answer = await result.final_message()
    assert result.ephemeral
    edit = await server.wait_for_request("PATCH", ORIGINAL, after=mark, predicate=lambda r: bool(r.files))
    [(name, data)] = edit.files
    [embed] = answer["embeds"]
    assert embed["image"]["url"] == f"attachment://{name}" and name == "netwerk.png"
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return embed, image


def filled_pixels(image: Image.Image) -> int:
    """How many pixels have the colour of an involved municipality (the legend's swatch has it too)."""
    colour = tuple(round(c * 255) for c in to_rgb(INVOLVED))
    counted = image.convert("RGB").getcolors(maxcolors=image.width * image.height) or []
    return next((count for count, found in counted if found == colour), 0)


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed["fields"]}


async def confirm_host(server: FakeDiscord, world: World, session: int, municipality: str) -> None:
    """`/hosts confirm` for a municipality that did not volunteer, and 'Bevestigen'."""
    asked = await server.invoke_command(
        world.guild_id,
        world.channel_id,
        world.manager_id,
        "hosts confirm",
        options={"session": session, "municipality": municipality},
    )
    question = await asked.response()
    yes = next(b for row in question["data"]["components"] for b in row["components"] if b["label"] == "Bevestigen")
    pressed = await server.click(world.guild_id, world.channel_id, world.manager_id, asked.message_id, yes["custom_id"])
    await pressed.followups()


async def test_network_counts_members_hosts_sign_ups_and_ideas_with_the_map(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    people = {"anouk": "Zeist", "bram": "GM0355", "lotte": "Lochem", "olaf": "Oss", "mees": "Meijerijstad"}
    vera = await member(server, world, "vera", running, None)
    await ask(server, world, vera, "profile organisation", name="VNG")

    embed, image = await network_answer(server, world, vera)
    assert embed["title"] == t("network.title", "nl")
    assert fields(embed)[t("network.signups_heading", "nl")] == t("network.none", "nl")
    assert image.size == MAP_PIXELS
    legend_only = filled_pixels(image)
    zeist, colleague, lochem, oss, meierijstad = [await member(server, world, n, running, m) for n, m in people.items()]

    call = await open_call(server, world)
    mark = server.mark()
    for user_id, note in [(zeist, "Anouk"), (colleague, "Bram"), (lochem, ""), (oss, ""), (meierijstad, "")]:
        await join(server, world, call, user_id, note)
    assert await withdraw(server, world, call, lochem) == t("signups.withdrawn", "nl", municipality="Lochem")
    await updated_call(server, world, mark, showing=heading(3))
    await ask(server, world, world.manager_id, "session create", title="Leerkring januari", starts="20-01-2027 10:00")
    await confirm_host(server, world, 1, "GM0262")
    await ask(server, world, world.manager_id, "prompt open", question="Wat gaan jullie proberen?")
    await ask(server, world, oss, "idea add", text="Een burgerberaad")

    embed, image = await network_answer(server, world, world.participant_id)
    assert embed["description"] == t("network.summary", "nl", municipalities=4, members=6)
    shown = fields(embed)
    assert shown[t("network.members_heading", "nl")].splitlines() == [
        "Zeist — 2",
        "Lochem — 1",
        "Meierijstad — 1",
        "Oss — 1",
        "VNG — 1",
    ]
    assert shown[t("network.hosts_heading", "nl")] == "Lochem — 1"
    assert shown[t("network.ideas_heading", "nl")] == "Oss — 1"
    assert shown[t("network.signups_heading", "nl")] == t("network.signup_line", "nl", id=1, question=QUESTION, count=3)
    assert image.size == MAP_PIXELS
    assert filled_pixels(image) > 3 * legend_only, "the four municipalities are filled on the map"


async def test_a_profile_of_a_merged_municipality_shows_its_stored_name_and_the_note(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    await member(server, world, "anouk", running, "Zeist")
    former = await member(server, world, "bert", running, None)
    merged = Profile(world.guild_id, former, "Beemster", "GM0370")  # merged into Purmerend in 2022
    await running.bot.db.write(lambda tx: profile_store.save(tx, merged, clock.now()))

    embed, image = await network_answer(server, world, former)
    note = t("network.not_on_map", "nl", count=1, names="Beemster")
    assert embed["description"].splitlines() == [t("network.summary", "nl", municipalities=2, members=2), note]
    assert fields(embed)[t("network.members_heading", "nl")].splitlines() == [
        t("network.former", "nl", name="Beemster") + " — 1",
        "Zeist — 1",
    ]
    assert image.size == MAP_PIXELS
