"""The report's section 'Gedeeld materiaal': what was shared for the session, each with where it is."""

from collections.abc import Sequence

from bot.documents.markdown_text import escape_markdown as md
from bot.domain.resources import Resource
from bot.i18n import t


def material_line(resource: Resource, language: str) -> str:
    """'- **Title** (example.org) — <https://…>: description', the address as an autolink showing itself."""
    where = resource.host if resource.url else f"{t('resource.report_file', language)}: {resource.filename}"
    line = f"- **{md(resource.title)}** ({md(where or '')}) — <{resource.link}>"
    if resource.description:
        line += ": " + md(" ".join(resource.description.split()))
    return line


def material_section(material: Sequence[Resource], language: str) -> list[str]:
    """The section's lines: its heading and one line per piece of material (or that there is none)."""
    lines = [material_line(resource, language) for resource in material] or [t("resource.report_none", language)]
    return [f"## {t('resource.report_heading', language)}", "", *lines, ""]
