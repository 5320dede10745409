"""The kick-off's report with every section filled, for the report's section and writer tests."""

from dataclasses import replace
from datetime import UTC, datetime

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import records
from bot.domain.ideas import Idea
from bot.domain.report import PromptSection, Report, ThemeIdeas, build_report
from bot.domain.themes import group_by_theme
from tests.follow_up_seed import seed_follow_up

GUILD, CHANNEL = 1001, 55
AT_THE_SESSION = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
DESCRIPTION = "Democratische vernieuwing is één van de thema's.\n- experimenten delen\n- vervolg bespreken"
RECORD = {"follow_up": "- Meerwaarde op schaal\n- Ideeën per mail", "proposals": "Polsen\n- Thorbecke\no juni"}


async def full_report(db: Database, clock: ManualClock) -> Report:
    """The kick-off with everything: RSVPs, two check-ins, a description, ideas, a record, hosts, what comes next."""
    seeded = await seed_follow_up(db, clock, GUILD, CHANNEL)
    for name in ("anouk", "vera"):
        await records.check_in(db, AT_THE_SESSION, GUILD, seeded.session_id, seeded.members[name])
    report = await build_report(db, GUILD, seeded.session_id, clock.now())
    return replace(report, session=replace(report.session, description=DESCRIPTION), record={**report.record, **RECORD})


def listed(section: PromptSection) -> list[Idea]:
    """Every idea a prompt's section lists, theme by theme (read from the database, as a writer reads them)."""
    return [idea for group in section.themes for idea in group.ideas]


def with_themes(report: Report, themes: dict[str, str]) -> Report:
    """The report with its ideas put under themes, by the idea's text."""
    prompts = []
    for section in report.prompts:
        themed = [replace(idea, theme=themes.get(idea.text)) for idea in listed(section)]
        groups = [ThemeIdeas(group.theme, len(group.ideas), group.ideas) for group in group_by_theme(themed)]
        prompts.append(replace(section, themes=groups))
    return replace(report, prompts=prompts)
