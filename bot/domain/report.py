"""The follow-up report of a session, as data: attendance, ideas per prompt, hosts, what comes next."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from bot.db import Database
from bot.domain import earlier_ideas, hosts, ideas, merges, profiles, prompts, sessions
from bot.domain.earlier_ideas import EarlierIdeas
from bot.domain.hosts import Volunteer
from bot.domain.ideas import Idea
from bot.domain.prompts import Prompt
from bot.domain.sessions import Session

NEXT_SESSIONS = 10


@dataclass(frozen=True)
class Attendance:
    """Who said 'Ik kom': how many members, and their municipalities (most represented first)."""

    members: int
    municipalities: list[tuple[str, int]]
    other_organisations: list[str]


@dataclass(frozen=True)
class PromptSection:
    """A prompt and its current ideas that are not merged, most supported first, with the ideas merged into them."""

    prompt: Prompt
    ideas: list[Idea]
    merged: dict[int, list[Idea]] = field(default_factory=dict)
    """Per idea number: the ideas merged into it (of any prompt), by number."""


@dataclass(frozen=True)
class HostSection:
    """A session with the municipalities that offered to host it."""

    session: Session
    volunteers: list[Volunteer]


@dataclass(frozen=True)
class Report:
    """Everything the follow-up report of one session shows."""

    session: Session
    attendance: Attendance
    prompts: list[PromptSection]
    hosts: list[HostSection]
    next_sessions: list[Session]
    unhosted: list[Session]
    open_prompts: list[Prompt]
    generated_at: datetime
    earlier: EarlierIdeas | None = None
    """What happened to earlier ideas since the previous session."""


async def attendance(db: Database, session: Session) -> Attendance:
    """Count the members who are coming and the municipalities (or other organisations) they work for."""
    members = await sessions.attendees(db, session.id)
    municipalities: Counter[str] = Counter()
    others: set[str] = set()
    for member in members:
        profile = await profiles.get_profile(db, session.guild_id, member)
        if profile is None:
            continue
        if profile.municipality_code:
            municipality = profile.municipality
            municipalities[municipality.display_name if municipality else profile.organisation] += 1
        else:
            others.add(profile.organisation)
    ranked = sorted(municipalities.items(), key=lambda item: (-item[1], item[0].casefold()))
    return Attendance(len(members), ranked, sorted(others, key=str.casefold))


async def build_report(db: Database, guild_id: int, session_id: int, now: datetime) -> Report:
    """Gather the report of session #id of this server."""
    session = await sessions.get_session(db, guild_id, session_id)
    asked = await prompts.session_prompts(db, guild_id, session.id)
    sections = [await prompt_section(db, prompt) for prompt in asked]
    following = [s for s in await sessions.upcoming(db, guild_id, session.start.utc) if s.id != session.id]
    following = following[:NEXT_SESSIONS]
    hosted = [HostSection(s, await hosts.session_volunteers(db, s.id)) for s in [session, *following]]
    return Report(
        session=session,
        attendance=await attendance(db, session),
        prompts=sections,
        hosts=[section for section in hosted if section.volunteers or section.session.host_name],
        next_sessions=following,
        unhosted=[s for s in following if not s.host_name],
        open_prompts=await prompts.open_prompts(db, guild_id),
        generated_at=now,
        earlier=await earlier_ideas.earlier_ideas(db, session, now),
    )


async def prompt_section(db: Database, prompt: Prompt) -> PromptSection:
    """A prompt's ideas for the report: those not merged, each with the ideas merged into it."""
    groups = await merges.with_merged(db, await ideas.digest_ideas(db, prompt.id))
    return PromptSection(prompt, [g.idea for g in groups], {g.idea.id: g.merged for g in groups if g.merged})
