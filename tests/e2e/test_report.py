"""`/report` and `/export` through Discord: attachments, the summary embed, round trips, refusals."""

import csv
import io
import json
from datetime import timedelta

from PIL import Image

from bot.clock import ManualClock
from bot.db import Database
from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask
from tests.follow_up_seed import seed_follow_up

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
    assert "Aantal deelnemers: 6 van 3 gemeenten, o.a. Zeist, Lochem, Meierijstad." in markdown
    assert markdown.index("Burgerberaad") < markdown.index("Wijkbudgetten") < markdown.index("Jongerenraad")
    assert Image.open(io.BytesIO(files["verslag-1.png"])).format == "PNG"


async def test_exports_round_trip_and_are_for_organisers_only(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    await seeded(running, world, clock)
    refused = await ask(server, world, world.participant_id, "export", what="ideas", format="csv")
    assert refused["content"] == t("auth.not_organiser", "nl")
    for fmt in ("csv", "json"):
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
        rows = (
            json.loads(data)
            if fmt == "json"
            else list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        )
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
    assert "   - samengevoegd: #2 Wijkbudgetten \\| met inwoners — *Lochem*" in kickoff
    earlier = kickoff[kickoff.index("## Wat is er met eerdere ideeën gebeurd?") :]
    assert "_Statuswijzigingen tot nu toe (dit is de eerste bijeenkomst)._" in earlier
    assert "- #1 Burgerberaad over het klimaat — opgepakt door Zeist: Zeist trekt dit" in earlier
    assert "- #3 Jongerenraad — opgepakt door Lochem" in earlier

    await ask(server, world, world.manager_id, "report", session=2)
    june = markdown_of(2)
    earlier = june[june.index("## Wat is er met eerdere ideeën gebeurd?") : june.index("## Gastgemeenten")]
    assert "vorige bijeenkomst (vrijdag 27 november 2026)" in earlier
    assert "- #3 Jongerenraad — opgepakt door Lochem" in earlier
    assert "#1" not in earlier, "taken up before the previous session"
