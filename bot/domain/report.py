"""The follow-up report of a session, as data: attendance, ideas per prompt, hosts, what comes next."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from bot.db import Database
from bot.domain import hosts, ideas, profiles, prompts, sessions
from bot.domain.hosts import Volunteer
from bot.domain.ideas import Idea
from bot.domain.prompts import Prompt
from bot.domain.sessions import Session

NEXT_SESSIONS = 10


@dataclass(frozen=True)
class Attendance:
    """Who said 'Ik kom': how many members, their municipalities (most represented first), how many still wait."""

    members: int
    municipalities: list[tuple[str, int]]
    other_organisations: list[str]
    waiting: int = 0


@dataclass(frozen=True)
class PromptSection:
    """A prompt and its current ideas, most supported first."""

    prompt: Prompt
    ideas: list[Idea]


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
    waiting = (await sessions.rsvp_counts(db, session.id)).waiting
    return Attendance(len(members), ranked, sorted(others, key=str.casefold), waiting)


async def build_report(db: Database, guild_id: int, session_id: int, now: datetime) -> Report:
    """Gather the report of session #id of this server."""
    session = await sessions.get_session(db, guild_id, session_id)
    asked = await prompts.session_prompts(db, guild_id, session.id)
    sections = [PromptSection(prompt, await ideas.digest_ideas(db, prompt.id)) for prompt in asked]
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
    )
