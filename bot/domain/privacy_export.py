"""A member's data export: everything stored about them in one server, as JSON rows and as Markdown."""

import json
from datetime import datetime
from typing import Any

from bot.db import Database
from bot.db import privacy as store
from bot.db.codec import to_db
from bot.documents.markdown_text import escape_markdown
from bot.i18n import t

SECTIONS = tuple(store.EXPORT_SECTIONS)


async def collect(db: Database, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    """Every row stored about the member in this server, one object each, with `kind` and `member_id`."""
    sections = await store.member_export(db, guild_id, user_id)
    return [{"kind": kind, "member_id": str(user_id), **row} for kind in SECTIONS for row in sections[kind]]


def to_json(rows: list[dict[str, Any]]) -> str:
    """The export as a JSON list of objects."""
    return json.dumps(rows, ensure_ascii=False, indent=2)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return escape_markdown(" ".join(text.split()))


def to_markdown(rows: list[dict[str, Any]], member_id: int, now: datetime, language: str) -> str:
    """The export as a readable document: one table per kind of data."""
    lines = [
        f"# {t('privacy.export_title', language)}",
        "",
        t("privacy.export_intro", language, member=member_id, moment=to_db(now)),
    ]
    for kind in SECTIONS:
        section = [row for row in rows if row["kind"] == kind]
        lines += ["", f"## {t(f'privacy.section_{kind}', language)} ({len(section)})", ""]
        if not section:
            lines.append(t("privacy.section_empty", language))
            continue
        columns = [name for name in section[0] if name not in ("kind", "member_id")]
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + "---|" * len(columns))
        lines += ["| " + " | ".join(_cell(row[name]) for name in columns) + " |" for row in section]
    return "\n".join(lines) + "\n"
