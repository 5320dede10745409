"""The follow-up report of a session, as data: attendance, ideas per prompt and theme, the record, what comes next.

How it reads (the sections, their order, their words) is in `bot.documents.report_sections`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.db import Database
from bot.db import ideas as idea_store
from bot.domain import earlier_ideas, hosts, network, profiles, prompts, records, resources, sessions
from bot.domain.earlier_ideas import EarlierIdeas
from bot.domain.hosts import Volunteer
from bot.domain.ideas import Idea
from bot.domain.network import CallEntries, Network
from bot.domain.prompts import Prompt
from bot.domain.resources import Resource
from bot.domain.sessions import Session
from bot.domain.themes import theme_order

NEXT_SESSIONS = 10

Counted = Literal["present", "registered"]
"""Whom attendance counts: the members who checked in, or (when nobody did) those who said 'Ik kom'."""


@dataclass(frozen=True)
class Turnout:
    """One organisation at a session: how many of its members said 'Ik kom' and how many checked in."""

    name: str
    is_municipality: bool
    registered: int
    present: int


@dataclass(frozen=True)
class Attendance:
    """Who took part, counted by check-in when anyone checked in, else by 'Ik kom'; per organisation."""

    counted: Counted
    members: int
    organisations: list[Turnout]
    waiting: int = 0
    """Members still on the waiting list for a place."""

    def count(self, turnout: Turnout) -> int:
        """The organisation's members as this attendance counts them."""
        return turnout.present if self.counted == "present" else turnout.registered

    def _ranked(self, municipal: bool) -> list[Turnout]:
        chosen = [o for o in self.organisations if o.is_municipality == municipal and self.count(o)]
        return sorted(chosen, key=lambda o: (-self.count(o), o.name.casefold()))

    @property
    def municipalities(self) -> list[tuple[str, int]]:
        """The municipalities taking part with their counted members, most represented first."""
        return [(o.name, self.count(o)) for o in self._ranked(True)]

    @property
    def other_organisations(self) -> list[str]:
        """The other organisations taking part (VNG, a province), alphabetically."""
        return sorted((o.name for o in self._ranked(False)), key=str.casefold)


@dataclass(frozen=True)
class ThemeIdeas:
    """A prompt's current ideas under one theme (None: under none) that are not merged: how many, and the ideas,
    most supported first (in a built report read from the database each time they are gone through)."""

    theme: str | None
    count: int
    ideas: Iterable[Idea]


@dataclass(frozen=True)
class PromptSection:
    """A prompt with its current ideas that are not merged, by theme (themes alphabetically, then those under none),
    and the ideas merged into them."""

    prompt: Prompt
    themes: list[ThemeIdeas]
    merged: dict[int, list[Idea]] = field(default_factory=dict)
    """Per idea number: the ideas merged into it (of any prompt), by number."""

    @property
    def count(self) -> int:
        """How many ideas the section lists."""
        return sum(group.count for group in self.themes)


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
    record: dict[str, str]
    hosts: list[HostSection]
    next_sessions: list[Session]
    unhosted: list[Session]
    open_prompts: list[Prompt]
    generated_at: datetime
    signups: list[CallEntries] = field(default_factory=list)
    network: Network | None = None
    """The network at a glance, for the map (None: no municipality takes part yet, so no map)."""
    material: list[Resource] = field(default_factory=list)
    """The material shared for the session, in the order it was shared."""
    earlier: EarlierIdeas | None = None
    """What happened to earlier ideas since the previous session."""


def _worth_a_map(drawn: Network) -> Network | None:
    """The network for the report's map, or None when no municipality takes part yet (an empty map says nothing)."""
    return drawn if drawn.involved else None


async def prompt_section(db: Database, prompt: Prompt) -> PromptSection:
    """A prompt's ideas for the report: those not merged, by theme, each with the ideas merged into it; only the
    counts and the merged ideas are read now, the lists themselves as the report is written."""
    counts = await idea_store.reported_theme_counts(db, prompt.id)
    themes = [
        ThemeIdeas(theme, counts[theme], idea_store.StoredIdeas(db.path, prompt.id, theme))
        for theme in sorted(counts, key=theme_order)
    ]
    merged: dict[int, list[Idea]] = {}
    for idea in await idea_store.merged_into_reported(db, prompt.id):
        assert idea.merged_into is not None
        merged.setdefault(idea.merged_into, []).append(idea)
    return PromptSection(prompt, themes, merged)


async def attendance(db: Database, session: Session) -> Attendance:
    """Count who said 'Ik kom' and who checked in, per municipality (or other organisation) they work for."""
    registered = set(await sessions.attendees(db, session.id))
    present = set(await records.checked_in(db, session.id))
    tally: dict[tuple[str, bool], list[int]] = {}
    known = await profiles.server_profiles(db, session.guild_id)
    for member in registered | present:
        profile = known.get(member)
        if profile is None:
            continue
        municipality = profile.municipality
        name = municipality.display_name if municipality else profile.organisation
        counts = tally.setdefault((name, profile.municipality_code is not None), [0, 0])
        counts[0] += member in registered
        counts[1] += member in present
    organisations = [Turnout(name, is_municipality, *counts) for (name, is_municipality), counts in tally.items()]
    counted: Counted = "present" if present else "registered"
    waiting = (await sessions.rsvp_counts(db, session.id)).waiting
    return Attendance(counted, len(present or registered), organisations, waiting)


async def _record(db: Database, session: Session) -> dict[str, str]:
    saved = await records.get_record(db, session.guild_id, session.id)
    if saved is None:
        return {}
    return {name: text for name, text in saved.paragraphs.items() if text}


async def build_report(db: Database, guild_id: int, session_id: int, now: datetime) -> Report:
    """Gather the report of session #id of this server."""
    session = await sessions.get_session(db, guild_id, session_id)
    asked = await prompts.session_prompts(db, guild_id, session.id)
    sections = [await prompt_section(db, prompt) for prompt in asked]
    following = [s for s in await sessions.upcoming(db, guild_id, session.start.utc) if s.id != session.id]
    following = following[:NEXT_SESSIONS]
    hosted = [HostSection(s, await hosts.session_volunteers(db, s.id)) for s in [session, *following]]
    calls, drawn = await network.calls_and_network(db, guild_id)
    return Report(
        session=session,
        attendance=await attendance(db, session),
        prompts=sections,
        record=await _record(db, session),
        hosts=[section for section in hosted if section.volunteers or section.session.host_name],
        next_sessions=following,
        unhosted=[s for s in following if not s.host_name],
        open_prompts=await prompts.open_prompts(db, guild_id),
        generated_at=now,
        signups=calls,
        network=_worth_a_map(drawn),
        material=await resources.of_session(db, session.id),
        earlier=await earlier_ideas.earlier_ideas(db, session, now),
    )
