"""`/report` and `/export` through Discord: the report as Markdown and Word, the summary embed, exports, refusals."""

import csv
import io
import json
from datetime import timedelta

from PIL import Image

from bot.clock import ManualClock
from bot.db import Database
from bot.documents.network_map import DPI, SIZE_INCHES
from bot.i18n import t
from localdiscord import FakeDiscord
from tests.document_reading import docx_outline, markdown_outline
from tests.e2e.harness import RunningBot, World, ask
from tests.export_rows import xlsx_rows
from tests.follow_up_seed import seed_follow_up

MAP_PIXELS = (round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI))

ORIGINAL = "/webhooks/{application_id}/{token}/messages/@original"


async def seeded(running: RunningBot, world: World, clock: ManualClock) -> int:
    """Write the kick-off follow-up into the running bot's database (through a second connection)."""
    db = await Database.open(running.bot.config.db_path)
    try:
        return (await seed_follow_up(db, clock, world.guild_id, world.channel_id)).session_id
    finally:
        await db.close()


async def test_report_attaches_markdown_and_chart_with_a_summary(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    session_id = await seeded(running, world, clock)
    result = await server.invoke_command(
        world.guild_id, world.channel_id, world.manager_id, "report", options={"session": session_id}
    )
    answer = await result.final_message()
    assert result.ephemeral
    assert answer["content"] == t("report.ready", "nl", title="Kick-off democratische vernieuwing")
    embed = answer["embeds"][0]
    assert embed["title"] == "Verslag Kick-off democratische vernieuwing"
    assert "6 van 3 gemeenten" in embed["fields"][0]["value"]
    assert embed["image"]["url"] == "attachment://verslag-1.png"
    [edit] = [
        r for r in server.requests_to("PATCH", "/webhooks/{application_id}/{token}/messages/@original") if r.files
    ]
    files = dict(edit.files)
    markdown = files["verslag-1.md"].decode()
    assert "Aantal deelnemers (aangemeld): 6 van 3 gemeenten, o.a. Zeist, Lochem, Meierijstad." in markdown
    assert markdown.index("Burgerberaad") < markdown.index("Wijkbudgetten") < markdown.index("Jongerenraad")
    assert Image.open(io.BytesIO(files["verslag-1.png"])).format == "PNG"
    assert "## Aanmeldingen" in markdown and "Thorbecke-experimenten?**: Zeist, Lochem" in markdown
    assert Image.open(io.BytesIO(files["verslag-1-kaart.png"])).size == MAP_PIXELS, "the network map beside the chart"


async def test_exports_round_trip_and_are_for_organisers_only(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    await seeded(running, world, clock)
    refused = await ask(server, world, world.participant_id, "export", what="ideas", format="csv")
    assert refused["content"] == t("auth.not_organiser", "nl")
    for fmt in ("csv", "json", "xlsx"):
        result = await server.invoke_command(
            world.guild_id, world.channel_id, world.manager_id, "export", options={"what": "volunteers", "format": fmt}
        )
        answer = await result.final_message()
        assert answer["content"] == t("export.ready", "nl", what="gastgemeenten", rows=3, format=fmt.upper())
        edit = next(
            r
            for r in reversed(server.requests_to("PATCH", "/webhooks/{application_id}/{token}/messages/@original"))
            if r.files
        )
        [(name, data)] = edit.files
        assert name == f"leerkring-volunteers.{fmt}"
        rows = {
            "json": json.loads,
            "xlsx": xlsx_rows,
            "csv": lambda data: list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")),
        }[fmt](data)
        assert [(r["municipality_name"], str(r["confirmed_host"]).lower()) for r in rows] == [
            ("Zeist", "false"),
            ("Lochem", "true"),
            ("Lochem", "false"),
        ]


async def test_report_of_an_unknown_session_is_refused(server: FakeDiscord, world: World, running: RunningBot) -> None:
    answer = await ask(server, world, world.manager_id, "report", session=42)
    assert answer["content"] == t("session.unknown", "nl", id=42)


async def test_reports_and_exports_are_audited(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    session_id = await seeded(running, world, clock)
    await ask(server, world, world.manager_id, "report", session=session_id)
    await ask(server, world, world.manager_id, "export", what="attendance", format="json")
    log = (await ask(server, world, world.manager_id, "setup audit"))["embeds"][0]["description"]
    assert f"session #{session_id}" in log and "attendance json" in log


TO_START = timedelta(days=14, hours=7, minutes=30)  # 26 Nov 11:00 UTC → 10 Dec 18:30 UTC (19:30 in Zeist)
SEED_ORDER = [
    "Ideeën voor het vervolg",
    "Wat valt op?",
    "Waar liggen de kansen?",
    "Vervolg",
    "Voorstellen",
    "Volgende bijeenkomsten",
    "Open punten",
]


def report_attachments(server: FakeDiscord, mark: int) -> dict[str, bytes]:
    """The files of the last /report answer after `mark`."""
    [edit] = [r for r in server.requests[mark:] if r.matches("PATCH", ORIGINAL) and r.files]
    return dict(edit.files)


async def a_session_that_took_place(server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock) -> None:
    """Planned, four RSVPs, ideas under two themes, a check-in at the start by two of them, and a record through the
    form."""
    await ask(
        server,
        world,
        world.manager_id,
        "session create",
        title="Kick-off democratische vernieuwing",
        starts="10-12-2026 19:30",
        location="Stadhuis Zeist",
        description="Democratische vernieuwing is één van de thema's van de M50.",
    )
    await ask(
        server, world, world.manager_id, "session create", title="Thorbecke-experimenten", starts="25-06-2027 14:00"
    )
    people = [
        (world.participant_id, "profile municipality", "Zeist"),
        (world.english_participant_id, "profile municipality", "Lochem"),
        (world.role_organiser_id, "profile organisation", "VNG"),
        (world.manager_id, "profile municipality", "Meierijstad"),
    ]
    for member, command, name in people:
        await ask(server, world, member, command, name=name)
        await ask(server, world, member, "session attend", id=1)
    await ask(server, world, world.manager_id, "prompt open", question="Welke experimenten wil je delen?", session=1)
    await ask(server, world, world.participant_id, "idea add", text="Burgerberaad over het klimaat")
    await ask(server, world, world.english_participant_id, "idea add", text="Wijkbudgetten met inwoners")
    await ask(server, world, world.manager_id, "idea theme", id=1, theme="Klimaat")
    await ask(server, world, world.manager_id, "idea theme", id=2, theme="Participatie")

    clock.advance(TO_START)
    await running.bot.timers.run_due()
    [checkin] = [m for m in server.messages(world.channel_id) if "leerkring:checkin:1" in str(m["components"])]
    for member in (world.participant_id, world.role_organiser_id):
        click = await server.click(world.guild_id, world.channel_id, member, int(checkin["id"]), "leerkring:checkin:1")
        await click.final_message()

    opened = await server.invoke_command(world.guild_id, world.channel_id, world.manager_id, "session close", {"id": 1})
    await opened.response()
    record = {
        "stands_out": "Er gebeurt heel veel\n- veel experimenten\n- tijd voor reflectie",
        "opportunities": "- Participeren waar energie ligt\n- Kartrekkers zijn nodig",
        "follow_up": "De deelnemers geven hun ideeën nog door per mail.",
        "proposals": "- Twee vervolgbijeenkomsten\no Thorbecke-experimenten (juni)",
        "notes": "",
    }
    submitted = await server.submit_modal(
        world.guild_id, world.channel_id, world.manager_id, opened.modal()["custom_id"], record
    )
    await submitted.final_message()


async def test_the_report_of_a_session_in_the_seeds_shape_as_markdown_and_word(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    await a_session_that_took_place(server, world, running, clock)
    mark = server.mark()
    answer = await ask(server, world, world.manager_id, "report", session=1)
    files = report_attachments(server, mark)
    assert sorted(files) == ["verslag-1-kaart.png", "verslag-1.docx", "verslag-1.md", "verslag-1.png"]
    assert answer["embeds"][0]["image"]["url"] == "attachment://verslag-1.png"
    markdown = files["verslag-1.md"].decode()
    outline = markdown_outline(markdown)
    assert docx_outline(files["verslag-1.docx"]) == outline
    assert outline[:4] == [
        ("h1", "Verslag Kick-off democratische vernieuwing"),
        ("p", "donderdag 10 december 2026, 19:30–21:30 · Stadhuis Zeist"),
        ("p", "Aantal deelnemers (aanwezig): 2 van 1 gemeente, o.a. Zeist. Verder: VNG."),
        ("figure", t("report.chart_description", "nl")),
    ]
    assert outline[4] == ("p", "Democratische vernieuwing is één van de thema's van de M50.")
    assert [text for kind, text in outline if kind == "h2"] == SEED_ORDER
    after = {heading: outline[outline.index(("h2", heading)) + 1] for heading in SEED_ORDER}
    assert after["Wat valt op?"] == ("p", "Er gebeurt heel veel")
    assert after["Waar liggen de kansen?"] == ("bullet", "Participeren waar energie ligt")
    assert after["Voorstellen"] == ("bullet", "Twee vervolgbijeenkomsten")
    assert ("bullet2", "Thorbecke-experimenten (juni)") in outline
    themes = [text for kind, text in outline if kind == "h4"]
    assert themes == ["Klimaat", "Participatie"], "ideas under their two themes"
    ideas = [text for kind, text in outline if kind == "number"]
    assert [text.split(" — ")[0] for text in ideas] == ["Burgerberaad over het klimaat", "Wijkbudgetten met inwoners"]
    assert ("bullet", "Nog geen gastgemeente voor ‘Thorbecke-experimenten’.") in outline
    assert "Overige notities" not in markdown


async def test_the_report_in_one_format(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    session_id = await seeded(running, world, clock)
    for fmt, names in (("docx", ["verslag-1.docx"]), ("md", ["verslag-1-kaart.png", "verslag-1.md", "verslag-1.png"])):
        mark = server.mark()
        answer = await ask(server, world, world.manager_id, "report", session=session_id, format=fmt)
        assert sorted(report_attachments(server, mark)) == names
        assert ("image" in answer["embeds"][0]) == (fmt == "md")


async def test_report_tells_what_happened_to_earlier_ideas_and_shows_merged_ideas_under_their_target(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    await seeded(running, world, clock)  # idea 1 was taken up by Zeist on 26 November, before the kick-off
    clock.advance(timedelta(days=5))
    await ask(server, world, world.manager_id, "idea status", id=3, status="taken_up", municipality="Lochem")
    merged = await ask(server, world, world.manager_id, "idea merge", id=2, into=1)
    assert merged["content"].startswith("Idee #2 is samengevoegd met #1")

    def markdown_of(session_id: int) -> str:
        edit = next(r for r in reversed(server.requests_to("PATCH", ORIGINAL)) if r.files)
        return dict(edit.files)[f"verslag-{session_id}.md"].decode()

    await ask(server, world, world.manager_id, "report", session=1)
    kickoff = markdown_of(1)
    assert "   - samengevoegd: \\#2 Wijkbudgetten \\| met inwoners — *Lochem*" in kickoff
    earlier = kickoff[kickoff.index("## Wat is er met eerdere ideeën gebeurd?") :]
    assert "*Statuswijzigingen tot nu toe (dit is de eerste bijeenkomst).*" in earlier
    assert "- \\#1 Burgerberaad over het klimaat — opgepakt door Zeist: Zeist trekt dit" in earlier
    assert "- \\#3 Jongerenraad — opgepakt door Lochem" in earlier

    await ask(server, world, world.manager_id, "report", session=2)
    june = markdown_of(2)
    earlier = june[june.index("## Wat is er met eerdere ideeën gebeurd?") : june.index("## Aanmeldingen")]
    assert "vorige bijeenkomst (vrijdag 27 november 2026)" in earlier
    assert "- \\#3 Jongerenraad — opgepakt door Lochem" in earlier
    assert "\\#1" not in earlier, "taken up before the previous session"
