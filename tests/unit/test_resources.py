"""Shared material: checking links, titles and sizes; the store (drafts, pages, removal rules, sessions' material);
the calendar, report section, export, privacy export and erasure."""

import asyncio
import io
from dataclasses import replace
from datetime import timedelta

import docx
import pytest
from icalendar import Calendar

from bot.calendar import sessions_calendar
from bot.clock import ManualClock
from bot.db import Database, calendar_feed
from bot.documents.report_blocks import ReportDocument
from bot.documents.report_docx import report_docx
from bot.documents.report_markdown import report_markdown
from bot.documents.report_sections import material
from bot.domain import audit, exports, privacy, privacy_export, resources, sessions
from bot.domain.report import build_report
from bot.domain.resources import Link, Resource
from bot.errors import UserError
from tests.conftest import plan_session

GUILD, OTHER_GUILD, CHANNEL, ANOUK, BRAM, ORGANISER = 1001, 1002, 55, 42, 43, 7
BUNDLE = "https://www.example.org/inspiratiebundel.pdf"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("javascript:alert(1)", "resource.bad_scheme"),
        ("JavaScript:alert(1)", "resource.bad_scheme"),
        ("data:text/html;base64,PHNjcmlwdD4=", "resource.bad_scheme"),
        ("file:///etc/passwd", "resource.bad_scheme"),
        ("ftp://ftp.example.org/bundel.pdf", "resource.bad_scheme"),
        ("https://anouk:geheim@intranet.zeist.nl/", "resource.url_credentials"),
        ("https://anouk@intranet.zeist.nl/", "resource.url_credentials"),
        ("https://:geheim@intranet.zeist.nl/", "resource.url_credentials"),
        ("https://@intranet.zeist.nl/", "resource.url_credentials"),
        ("www.example.org/bundel.pdf", "resource.bad_url"),
        ("//www.example.org/bundel.pdf", "resource.bad_url"),
        ("https:///bundel.pdf", "resource.bad_url"),
        ("https://exa mple.org/", "resource.bad_url"),
        ("https://example.org:99999/", "resource.bad_url"),
        ("https://a..b/", "resource.bad_url"),
        ("http://%zz/", "resource.bad_url"),
        ("https://-zeist-.nl/", "resource.bad_url"),
        ("http://[::1/", "resource.bad_url"),
        ("", "resource.bad_url"),
        ("   ", "resource.bad_url"),
        ("https://example.org/" + "a" * 2000, "resource.url_too_long"),
    ],
)
def test_a_bad_link_is_refused(text: str, key: str) -> None:
    with pytest.raises(UserError) as refused:
        resources.parse_link(text)
    assert refused.value.key == key


@pytest.mark.parametrize(
    ("text", "url", "host"),
    [
        (BUNDLE, BUNDLE, "www.example.org"),
        ("  HTTPS://WWW.Example.ORG/Bundel.pdf \n", "https://www.example.org/Bundel.pdf", "www.example.org"),
        ("http://vng.nl/thorbecke?x=1#deel-2", "http://vng.nl/thorbecke?x=1#deel-2", "vng.nl"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/", "xn--bcher-kva.example"),
        ("https://example.org/a>b`c", "https://example.org/a%3Eb%60c", "example.org"),
        ("https://\u202eexample.org/", "https://example.org/", "example.org"),
        ("http://192.168.1.1:8080/stukken", "http://192.168.1.1:8080/stukken", "192.168.1.1"),
    ],
)
def test_a_good_link_is_kept_with_its_host(text: str, url: str, host: str) -> None:
    assert resources.parse_link(text) == Link(url, host)


def test_a_title_needs_text_and_fits() -> None:
    assert resources.clean_title("  Inspiratiebundel \u200b") == "Inspiratiebundel"
    assert resources.clean_title("Bundel voor <@42>") == "Bundel voor <@42>"
    for empty in ["", "   ", "<@42>", "<@!42> <@&7> <#5>", "@everyone @here", "\u200b\u202e"]:
        with pytest.raises(UserError) as refused:
            resources.clean_title(empty)
        assert refused.value.key == "resource.title_empty", empty
    with pytest.raises(UserError) as refused:
        resources.clean_title("x" * 101)
    assert refused.value.key == "resource.title_too_long"


def test_exactly_one_of_a_link_and_a_file_and_the_size_limit() -> None:
    resources.check_one_of(BUNDLE, has_file=False)
    resources.check_one_of(None, has_file=True)
    for url, has_file in [(BUNDLE, True), (None, False)]:
        with pytest.raises(UserError):
            resources.check_one_of(url, has_file)
    resources.check_file_size(8 * resources.MEGABYTE, 8 * resources.MEGABYTE)
    with pytest.raises(UserError) as refused:
        resources.check_file_size(8 * resources.MEGABYTE + 1, 8 * resources.MEGABYTE)
    assert refused.value.params == {"limit": "8"}
    with pytest.raises(UserError) as refused:
        resources.check_file_size(resources.MEGABYTE * 3, resources.MEGABYTE * 5 // 2)
    assert refused.value.params == {"limit": "2.5"}


async def share_link(db: Database, clock: ManualClock, member: int, session: sessions.Session | None) -> Resource:
    link = resources.parse_link(BUNDLE)
    return await resources.add_link(db, clock.now(), GUILD, member, "Inspiratiebundel", link, "Lees dit", session)


async def share_file(
    db: Database, clock: ManualClock, member: int, session: sessions.Session | None, message_id: int | None = 9100
) -> Resource:
    draft = await resources.add_file_draft(
        db, clock.now(), GUILD, member, "Filmpje", "film\u202e.mp4", None, session, CHANNEL
    )
    if message_id is not None:
        await resources.record_message(db, clock.now(), draft, message_id)
    return await resources.get_any(db, draft.id)


async def test_a_file_is_a_draft_until_its_message_is_recorded(db: Database, clock: ManualClock) -> None:
    draft = await share_file(db, clock, ANOUK, None, message_id=None)
    assert draft.is_file and draft.filename == "film.mp4" and draft.link is None
    assert await resources.draft_files(db) == [draft]
    assert (await resources.list_page(db, GUILD, None, 1)).count == 0
    await resources.discard_draft(db, draft.id)
    assert await resources.draft_files(db) == []
    posted = await share_file(db, clock, ANOUK, None)
    assert posted.link == f"https://discord.com/channels/{GUILD}/{CHANNEL}/9100"
    assert await resources.draft_files(db) == []
    assert (await resources.list_page(db, GUILD, None, 1)).resources == [posted]


async def test_lists_are_paged_newest_first_per_server_and_session(db: Database, clock: ManualClock) -> None:
    session = await plan_session(
        db,
        clock.now(),
        guild_id=GUILD,
        created_by=ORGANISER,
        channel_id=CHANNEL,
        title="Juni",
        starts="25-06-2027 14:00",
    )
    for number in range(12):
        await share_link(db, clock, ANOUK, session if number % 2 else None)
        clock.advance(timedelta(minutes=1))
    first = await resources.list_page(db, GUILD, None, 1)
    assert (first.count, first.pages, [r.id for r in first.resources]) == (12, 2, list(range(12, 2, -1)))
    assert [r.id for r in (await resources.list_page(db, GUILD, None, 2)).resources] == [2, 1]
    of_session = await resources.list_page(db, GUILD, session, 1)
    assert [r.id for r in of_session.resources] == [12, 10, 8, 6, 4, 2]
    assert of_session.resources[0].session_title == "Juni"
    assert [r.id for r in await resources.to_prepare(db, session.id)] == [2, 4, 6]
    assert (await resources.list_page(db, OTHER_GUILD, None, 1)).count == 0
    for bad_page in (0, 3):
        with pytest.raises(UserError) as refused:
            await resources.list_page(db, GUILD, None, bad_page)
        assert refused.value.key == "resource.bad_page"
    for guild, session_id in [(GUILD, 99), (OTHER_GUILD, session.id)]:
        with pytest.raises(UserError) as refused:
            await resources.chosen_session(db, guild, session_id)
        assert refused.value.key == "session.unknown"
    assert await resources.chosen_session(db, GUILD, None) is None


async def test_only_the_sharer_or_an_organiser_removes_and_only_once(db: Database, clock: ManualClock) -> None:
    own, other = await share_link(db, clock, ANOUK, None), await share_file(db, clock, BRAM, None)
    with pytest.raises(UserError) as refused:
        await resources.remove(db, clock.now(), GUILD, other.id, ANOUK, organiser=False)
    assert refused.value.key == "resource.not_yours"
    with pytest.raises(UserError) as refused:
        await resources.remove(db, clock.now(), OTHER_GUILD, own.id, ANOUK, organiser=True)
    assert refused.value.key == "resource.unknown"
    removals = [resources.remove(db, clock.now(), GUILD, own.id, ANOUK, organiser=False) for _ in range(2)]
    outcomes = await asyncio.gather(*removals, return_exceptions=True)
    assert sum(isinstance(outcome, Resource) for outcome in outcomes) == 1
    assert [outcome.key for outcome in outcomes if isinstance(outcome, UserError)] == ["resource.unknown"]
    removed = await resources.remove(db, clock.now(), GUILD, other.id, ORGANISER, organiser=True)
    assert removed.message_id == 9100 and removed.channel_id == CHANNEL
    assert (await resources.list_page(db, GUILD, None, 1)).count == 0


async def test_a_sessions_material_changes_its_calendar_event(db: Database, clock: ManualClock) -> None:
    session = await plan_session(
        db,
        clock.now(),
        guild_id=GUILD,
        created_by=ORGANISER,
        channel_id=CHANNEL,
        title="Juni",
        starts="25-06-2027 14:00",
    )
    clock.advance(timedelta(hours=1))
    link = await share_link(db, clock, ANOUK, session)
    shared_at = clock.now()
    feed = await calendar_feed.feed(db, GUILD, clock.now() - timedelta(days=1))
    assert feed.changed_at == shared_at and feed.sessions[0].sequence == session.sequence + 1
    clock.advance(timedelta(hours=1))
    draft = await share_file(db, clock, BRAM, session, message_id=None)
    assert (await calendar_feed.feed(db, GUILD, shared_at - timedelta(days=1))).changed_at == shared_at
    await resources.record_message(db, clock.now(), draft, 9200)
    file = await resources.get_any(db, draft.id)
    assert (await calendar_feed.feed(db, GUILD, shared_at - timedelta(days=1))).changed_at == clock.now()
    updated = await sessions.get_session(db, GUILD, session.id)
    material = await resources.of_sessions(db, [session.id, 99])
    assert material == {session.id: [link, file]}
    document = sessions_calendar([updated], clock.now(), "Leerkring", "Gastgemeente", material, "Ter voorbereiding")
    [event] = Calendar.from_ical(document).walk("VEVENT")
    assert str(event["description"]) == (
        f"Ter voorbereiding:\n- Inspiratiebundel: {BUNDLE}\n- Filmpje: https://discord.com/channels/{GUILD}/{CHANNEL}/9200"
    )
    assert int(event["sequence"]) == session.sequence + 2
    clock.advance(timedelta(hours=1))
    await resources.remove(db, clock.now(), GUILD, link.id, ANOUK, organiser=False)
    assert (await calendar_feed.feed(db, GUILD, shared_at - timedelta(days=1))).changed_at == clock.now()


async def test_the_report_section_shows_member_text_as_text(db: Database, clock: ManualClock) -> None:
    link = resources.parse_link("https://example.org/x_y")
    tricky = await resources.add_link(
        db, clock.now(), GUILD, ANOUK, "# Kop [klik](https://evil.example)", link, "<b>vet</b>\n- lijst", None
    )
    session = await plan_session(
        db, clock.now(), guild_id=GUILD, created_by=ANOUK, channel_id=CHANNEL, title="Kop", starts="01-12-2026 10:00"
    )
    report = await build_report(db, GUILD, session.id, clock.now())
    section = material(replace(report, material=[tricky]), "nl")
    assert section is not None
    markdown = report_markdown(ReportDocument("Verslag", "nl", clock.now(), (section,)))
    assert "## Gedeeld materiaal\n\n" in markdown
    assert markdown.endswith(
        r"- **\# Kop \[klik\](https://evil.example)** (example.org) — <https://example.org/x_y>: \<b\>vet\</b\> - lijst"
        + "\n"
    )
    word = docx.Document(io.BytesIO(report_docx(ReportDocument("Verslag", "nl", clock.now(), (section,)), {})))
    [item] = [p for p in word.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert item.text == "# Kop [klik](https://evil.example) (example.org) — https://example.org/x_y: <b>vet</b> - lijst"
    assert [h.address for h in item.hyperlinks] == ["https://example.org/x_y"]
    assert material(report, "en") is None


async def test_export_privacy_export_and_erasure(db: Database, clock: ManualClock) -> None:
    session = await plan_session(
        db,
        clock.now(),
        guild_id=GUILD,
        created_by=ORGANISER,
        channel_id=CHANNEL,
        title="Juni",
        starts="25-06-2027 14:00",
    )
    await share_link(db, clock, ANOUK, session)
    await share_file(db, clock, ANOUK, None)
    await share_file(db, clock, BRAM, None, message_id=None)  # a draft: in no export
    rows = await exports.export_rows(db, GUILD, "resources")
    assert [(r["id"], r["kind"], r["shared_by"], r["session_title"]) for r in rows] == [
        (1, "link", str(ANOUK), "Juni"),
        (2, "file", str(ANOUK), None),
    ]
    assert rows[0]["url"] == BUNDLE and rows[0]["message_link"] is None
    assert rows[1]["message_link"] == f"https://discord.com/channels/{GUILD}/{CHANNEL}/9100"
    own = [r for r in await privacy_export.collect(db, GUILD, ANOUK) if r["kind"] == "resource"]
    assert [(r["id"], r["title"]) for r in own] == [(1, "Inspiratiebundel"), (2, "Filmpje")]
    assert [r for r in await privacy_export.collect(db, GUILD, BRAM) if r["kind"] == "resource"] == []

    erasure = await privacy.erase_member(db, clock.now(), GUILD, ANOUK, audit.MEMBER_DELETE)
    assert erasure.counts["resources"] == 2 and erasure.unlinked >= 2
    kept = await resources.list_page(db, GUILD, None, 1)
    assert [(r.id, r.shared_by) for r in kept.resources] == [(2, privacy.REMOVED_MEMBER), (1, privacy.REMOVED_MEMBER)]
    assert [r["shared_by"] for r in await exports.export_rows(db, GUILD, "resources")] == [None, None]
    assert [r for r in await privacy_export.collect(db, GUILD, ANOUK) if r["kind"] == "resource"] == []
