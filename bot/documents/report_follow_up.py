"""The report's parts about following ideas up: ideas merged into an idea, and 'Wat is er met eerdere ideeën
gebeurd?'. Small functions returning Markdown lines, so the report's structure can place them where it likes."""

from bot.documents.markdown_text import escape_markdown as md
from bot.documents.wording import idea_status, long_date
from bot.domain.earlier_ideas import EarlierIdeas
from bot.domain.ideas import Idea
from bot.i18n import t

EXCERPT = 160
INDENT = "   "


def excerpt(text: str) -> str:
    """An idea's text on one line, cut at EXCERPT characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def merged_lines(merged: list[Idea], language: str) -> list[str]:
    """Under an idea: each idea merged into it, with the municipality (organisation) that brought it in."""
    lines = []
    for idea in merged:
        who = md(idea.organisation) if idea.organisation else t("report.organisation_unknown", language)
        text = t("report.merged_idea", language, id=idea.id, text=md(excerpt(idea.text)), who=who)
        lines.append(f"{INDENT}- {text}")
    return lines


def earlier_lines(earlier: EarlierIdeas, language: str) -> list[str]:
    """The section 'Wat is er met eerdere ideeën gebeurd?': per status, the ideas that reached it and who took
    them up, since the previous session (or ever, for a server's first)."""
    if earlier.since is None:
        period = t("report.earlier_since_ever", language)
    else:
        period = t("report.earlier_since", language, when=long_date(earlier.since.start.aware, language))
    lines = [f"## {t('report.earlier_heading', language)}", "", f"_{period}_", ""]
    if not earlier.groups:
        return [*lines, t("report.earlier_none", language), ""]
    for group in earlier.groups:
        lines += [f"**{md(t(f'idea.status_{group.status}', language))}**", ""]
        for changed in group.ideas:
            idea, change = changed.idea, changed.change
            became = idea_status(change.status, change.municipality_name, language)
            line = f"- #{idea.id} {md(excerpt(idea.text))} — {md(became)}"
            if change.note:
                line += f": {md(change.note)}"
            lines.append(line)
        lines.append("")
    return lines
