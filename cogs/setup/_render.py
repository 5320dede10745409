"""How the server's settings look in `/setup show`, and the audit log in `/setup audit`."""

import discord

from bot.domain.audit import SYSTEM, Entry
from bot.domain.settings import GuildSettings
from bot.i18n import catalogue, t
from bot.timeparse import discord_timestamp
from bot.ui.render import budget_embed


def retention_text(settings: GuildSettings, language: str) -> str:
    """The retention period as shown in `/setup show` and `/setup retention`."""
    if settings.retention_months is None:
        return t("retention.keep", language)
    return t(f"retention.after_{settings.member_ideas}", language, months=settings.retention_months)


def settings_embed(settings: GuildSettings, language: str) -> discord.Embed:
    """Render a server's settings for `/setup show`."""
    embed = discord.Embed(title=t("setup.show_title", language))
    embed.add_field(
        name=t("setup.field_language", language),
        value=t(f"language.{settings.language}", language)
        if settings.language
        else t("setup.language_per_member", language),
        inline=False,
    )
    embed.add_field(name=t("setup.field_timezone", language), value=settings.timezone, inline=False)
    role = f"<@&{settings.organiser_role_id}>" if settings.organiser_role_id else t("setup.no_role", language)
    embed.add_field(name=t("setup.field_organiser_role", language), value=role, inline=False)
    embed.add_field(name=t("setup.field_reminders", language), value=settings.reminder_offsets, inline=False)
    ideas = t(f"privacy.ideas_will_{settings.member_ideas}", language)
    embed.add_field(name=t("retention.field_member_ideas", language), value=ideas, inline=False)
    grace = t("retention.grace_value", language, days=settings.grace_days)
    embed.add_field(name=t("retention.field_grace", language), value=grace, inline=False)
    embed.add_field(name=t("retention.field_period", language), value=retention_text(settings, language), inline=False)
    return budget_embed(embed, language)


def action_label(action: str, language: str) -> str:
    """The action's name in `language`; unknown actions are shown as they are stored."""
    key = f"audit.action_{action.replace('.', '_')}"
    return t(key, language) if key in catalogue() else action


def entry_line(entry: Entry, language: str) -> str:
    """One entry: when, who, what, and the detail."""
    actor = t("audit.system", language) if entry.actor_id == SYSTEM else f"<@{entry.actor_id}>"
    detail = f" · {entry.detail}" if entry.detail else ""
    return f"{discord_timestamp(entry.created_at, 'f')} · {actor} · {action_label(entry.action, language)}{detail}"


def audit_embed(entries: list[Entry], language: str) -> discord.Embed:
    """The latest entries, newest first, as many as fit."""
    lines = [entry_line(entry, language) for entry in entries]
    embed = discord.Embed(title=t("audit.title", language), description="\n".join(lines) or t("audit.empty", language))
    return budget_embed(embed, language)
