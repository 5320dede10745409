"""The audit log as `/setup audit` shows it."""

import discord

from bot.domain.audit import SYSTEM, Entry
from bot.i18n import catalogue, t
from bot.timeparse import discord_timestamp

DESCRIPTION_MAX = 4096


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
    lines: list[str] = []
    for entry in entries:
        line = entry_line(entry, language)
        if len("\n".join([*lines, line])) > DESCRIPTION_MAX:
            break
        lines.append(line)
    return discord.Embed(title=t("audit.title", language), description="\n".join(lines) or t("audit.empty", language))
