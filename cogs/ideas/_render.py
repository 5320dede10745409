"""Embeds for prompts and ideas: the prompt message, an idea's copy, idea lists and the closing digest.

User text only ever appears in embeds, and every message goes out with mentions disabled.
"""

import discord

from bot.documents.wording import idea_status
from bot.domain.ideas import Idea, Page, StatusChange
from bot.domain.privacy import REMOVED_MEMBER
from bot.domain.prompts import DigestState, Prompt, ReminderSummary
from bot.domain.proposals import Proposal
from bot.domain.themes import group_by_theme
from bot.i18n import t
from bot.text import excerpt
from bot.timeparse import discord_timestamp
from bot.ui.render import budget_embed, plain

LIST_EXCERPT = 300
DIGEST_EXCERPT = 200
DESCRIPTION_MAX = 4096
MAX_NUDGES = 50
ERROR_EXCERPT = 80
HISTORY_NOTE_EXCERPT = 200
MERGED_EXCERPT = 80
FIELD_MAX = 1000
HEADING = "__**"
"""How a theme's heading starts in lists and the digest (idea lines start with '**#')."""


def deadline(prompt: Prompt, language: str) -> str:
    """The prompt's deadline as a Discord timestamp (each reader sees local time), or 'no deadline'."""
    if prompt.closes_at is None:
        return t("prompt.no_deadline", language)
    return f"{discord_timestamp(prompt.closes_at, 'F')} ({discord_timestamp(prompt.closes_at, 'R')})"


def prompt_state(prompt: Prompt, digest: DigestState | None, language: str) -> str:
    """A prompt's state in `/prompt list`: its deadline, or closed (with a digest still pending or failed)."""
    if prompt.is_open:
        return deadline(prompt, language)
    state = t("prompt.is_closed", language)
    if digest is not None and digest.status == "failed":
        return f"{state} {t('prompt.digest_failed', language, error=(digest.error or '')[:ERROR_EXCERPT])}"
    if digest is not None and digest.status in ("pending", "running"):
        return f"{state} {t('prompt.digest_pending', language)}"
    return state


def prompt_embed(prompt: Prompt, language: str) -> discord.Embed:
    """The prompt message: the question, its deadline and how to contribute (or that it is closed)."""
    embed = discord.Embed(title=t("prompt.title", language, id=prompt.id), description=plain(prompt.question))
    if prompt.is_open:
        embed.add_field(name=t("prompt.field_closes", language), value=deadline(prompt, language), inline=False)
        embed.set_footer(text=t("prompt.how_to", language))
    else:
        embed.add_field(name=t("prompt.field_status", language), value=t("prompt.is_closed", language), inline=False)
    if prompt.session_id is not None:
        embed.add_field(name=t("prompt.field_session", language), value=f"#{prompt.session_id}", inline=False)
    return budget_embed(embed, language)


def _author(idea: Idea, language: str) -> str:
    organisation = plain(idea.organisation) if idea.organisation else t("idea.unknown_organisation", language)
    if idea.author_id == REMOVED_MEMBER:
        return t("privacy.anonymous_author", language, organisation=organisation)
    return f"<@{idea.author_id}> ({organisation})"


def idea_line(idea: Idea, language: str, limit: int) -> str:
    """One idea in a list: number, support, author, status (or what it was merged into) and an excerpt of the text."""
    status = merged_text(idea, language) or status_text(idea, language)
    header = f"**#{idea.id}** · 👍 {idea.support} · {_author(idea, language)} · {status}"
    note = f"\n*{plain(excerpt(idea.status_note, limit))}*" if idea.status_note else ""
    return f"{header}\n> {plain(excerpt(idea.text, limit))}{note}"


def status_text(idea: Idea, language: str) -> str:
    """The idea's status as members read it, with who took it up."""
    return plain(idea_status(idea.status, idea.taken_up_name, language))


def merged_text(idea: Idea, language: str) -> str | None:
    """'samengevoegd met #4' for a merged idea, else None."""
    return t("idea.merged_label", language, into=idea.merged_into) if idea.merged_into else None


def _history_line(change: StatusChange, language: str) -> str:
    """'3 dec 2026 · opgepakt door Zeist · we starten in januari'."""
    what = idea_status(change.status, change.municipality_name, language)
    if change.note:
        what += f" · {excerpt(change.note, HISTORY_NOTE_EXCERPT)}"
    return f"{discord_timestamp(change.changed_at, 'd')} · {plain(what)}"


def idea_embed(idea: Idea, history: list[StatusChange], merged: list[Idea], language: str) -> discord.Embed:
    """`/idea show`: the text, author and organisation, support, status and its history, theme, merges, source."""
    embed = discord.Embed(title=t("idea.show_title", language, id=idea.id), description=plain(idea.text))
    embed.add_field(name=t("idea.field_author", language), value=_author(idea, language), inline=False)
    embed.add_field(name=t("idea.field_support", language), value=f"👍 {idea.support}")
    embed.add_field(name=t("idea.field_status", language), value=status_text(idea, language))
    if idea.theme:
        embed.add_field(name=t("idea.field_theme", language), value=plain(idea.theme))
    if idea.merged_into:
        embed.add_field(name=t("idea.field_merged_into", language), value=f"#{idea.merged_into}")
    if merged:
        lines = [f"#{m.id} · {_author(m, language)} · {plain(excerpt(m.text, MERGED_EXCERPT))}" for m in merged]
        value = _lines_within(lines, FIELD_MAX, "idea.list_more", language).replace("\n\n", "\n")
        embed.add_field(name=t("idea.field_merged", language), value=value, inline=False)
    lines = [_history_line(change, language) for change in history]
    embed.add_field(
        name=t("idea.field_history", language),
        value="\n".join(lines) or t("idea.history_empty", language),
        inline=False,
    )
    if idea.message_id and idea.channel_id:
        link = f"https://discord.com/channels/{idea.guild_id}/{idea.channel_id}/{idea.message_id}"
        embed.add_field(name=t("idea.field_source", language), value=link, inline=False)
    if idea.withdrawn_at:
        embed.set_footer(text=t("idea.withdrawn_note", language))
    return budget_embed(embed, language)


def alike_embed(proposal: Proposal, language: str) -> discord.Embed:
    """The duplicate question: the member's idea and the open ideas like it, to support instead or send it anyway."""
    assert proposal.pending is not None
    lines = [idea_line(idea, language, LIST_EXCERPT) for _, idea in proposal.offered]
    embed = discord.Embed(
        title=t("idea.alike_title", language),
        description=_lines_within(lines, DESCRIPTION_MAX - 1200, "idea.list_more", language),
    )
    embed.add_field(name=t("idea.alike_yours", language), value=plain(excerpt(proposal.pending.text, 1000)))
    embed.set_footer(text=t("idea.alike_how", language))
    return budget_embed(embed, language)


def idea_copy_embed(idea: Idea, language: str) -> discord.Embed:
    """The bot's copy of a form or command idea, which others support with 👍 or the button."""
    embed = discord.Embed(title=t("idea.copy_title", language, id=idea.id), description=plain(idea.text))
    embed.add_field(name=t("idea.field_author", language), value=_author(idea, language), inline=False)
    return budget_embed(embed, language)


def _lines_within(lines: list[str], limit: int, more_key: str, language: str) -> str:
    """Join as many lines as fit in `limit` characters, ending with 'and N more' when some did not fit (theme
    headings not counted)."""
    shown: list[str] = []
    for index, line in enumerate(lines):
        rest = sum(1 for later in lines[index:] if not later.startswith(HEADING))
        tail = "\n\n" + t(more_key, language, count=rest)
        if len("\n\n".join([*shown, line])) + len(tail) > limit:
            return "\n\n".join(shown) + tail
        shown.append(line)
    return "\n\n".join(shown)


def grouped_lines(ideas: list[Idea], language: str, limit: int) -> list[str]:
    """The ideas' lines under a heading per theme (when any idea has a theme), in the given order per theme."""
    groups = group_by_theme(ideas)
    if all(group.theme is None for group in groups):
        return [idea_line(idea, language, limit) for idea in ideas]
    lines = []
    for group in groups:
        heading = t("idea.theme_heading", language, theme=plain(group.theme)) if group.theme else None
        lines.append(f"{HEADING}{heading or t('idea.no_theme_heading', language)}**__")
        lines += [idea_line(idea, language, limit) for idea in group.ideas]
    return lines


def page_embed(page: Page, prompt_id: int | None, theme: str | None, language: str) -> discord.Embed:
    """One page of `/idea list`, grouped by theme."""
    if theme:
        title = t("idea.list_title_theme", language, theme=plain(theme))
    elif prompt_id:
        title = t("idea.list_title_prompt", language, id=prompt_id)
    else:
        title = t("idea.list_title", language)
    lines = grouped_lines(page.ideas, language, LIST_EXCERPT)
    description = _lines_within(lines, DESCRIPTION_MAX, "idea.list_more", language) or t("idea.list_empty", language)
    embed = discord.Embed(title=title, description=description)
    embed.set_footer(text=t("idea.list_footer", language, page=page.number, pages=page.pages, count=page.count))
    return budget_embed(embed, language)


def digest_embed(prompt: Prompt, ideas: list[Idea], language: str) -> discord.Embed:
    """The digest posted when a prompt closes: its ideas, most supported first."""
    lines = grouped_lines(ideas, language, DIGEST_EXCERPT)
    description = _lines_within(lines, DESCRIPTION_MAX - 200, "idea.digest_more", language)
    embed = discord.Embed(
        title=t("prompt.digest_title", language, id=prompt.id),
        description=description or t("prompt.digest_empty", language),
    )
    question = plain(excerpt(prompt.question, 1000))
    embed.add_field(name=t("prompt.field_question", language), value=question, inline=False)
    authors = {idea.author_id for idea in ideas}
    embed.set_footer(text=t("prompt.digest_footer", language, ideas=len(ideas), members=len(authors)))
    return budget_embed(embed, language)


def reminder_text(prompt: Prompt, summary: ReminderSummary, language: str) -> str:
    """The pre-deadline reminder: how many contributed, and a nudge for attendees who did not yet."""
    text = t(
        "prompt.reminder",
        language,
        id=prompt.id,
        closes=deadline(prompt, language),
        members=summary.contributors,
        ideas=summary.ideas,
    )
    if summary.to_nudge:
        named = " ".join(f"<@{user_id}>" for user_id in summary.to_nudge[:MAX_NUDGES])
        more = len(summary.to_nudge) - MAX_NUDGES
        text += "\n" + t("prompt.nudge", language, members=named)
        if more > 0:
            text += " " + t("prompt.nudge_more", language, count=more)
    return text
