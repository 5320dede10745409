"""The follow-up report as a Markdown document, shaped like the network's own meeting reports."""

from collections.abc import Callable
from datetime import tzinfo

from bot.documents.markdown_text import escape_markdown as md
from bot.documents.report_follow_up import earlier_lines, merged_lines
from bot.documents.wording import idea_status, long_date, place, session_when
from bot.domain.ideas import Idea
from bot.domain.report import Attendance, HostSection, PromptSection, Report
from bot.domain.themes import group_by_theme
from bot.i18n import t

MUNICIPALITIES_NAMED = 12


def attendance_line(attendance: Attendance, language: str, shown: Callable[[str], str] = str) -> str:
    """'Aantal deelnemers: 24 van 12 gemeenten, o.a. Meierijstad, Lochem, …' (names passed through `shown`)."""
    names = [shown(name) for name, _ in attendance.municipalities[:MUNICIPALITIES_NAMED]]
    line = t("report.attendance", language, members=attendance.members, municipalities=len(attendance.municipalities))
    if names:
        line += t("report.attendance_names", language, names=", ".join(names))
    line += "."
    if attendance.other_organisations:
        others = ", ".join(map(shown, attendance.other_organisations))
        line += " " + t("report.attendance_others", language, names=others)
    return line


def theme_heading(theme: str | None, language: str) -> str:
    """The bold line above a theme's ideas ('**Thema: Participatie**', '**Zonder thema**')."""
    name = t("idea.theme_heading", language, theme=md(theme)) if theme else t("idea.no_theme_heading", language)
    return f"**{name}**"


def _idea_item(number: int, idea: Idea, merged: list[Idea], language: str) -> list[str]:
    text = md(idea.text).replace("\n", "\n   ")
    who = md(idea.organisation) if idea.organisation else t("report.organisation_unknown", language)
    status = md(idea_status(idea.status, idea.taken_up_name, language))
    lines = [f"{number}. {text} — *{who}* · 👍 {idea.support} · {status}"]
    if idea.status_note:
        lines.append(f"   > {md(idea.status_note)}")
    return lines + merged_lines(merged, language)


def _idea_lines(section: PromptSection, language: str) -> list[str]:
    if not section.ideas:
        return [t("report.no_ideas", language)]
    groups = group_by_theme(section.ideas)
    themed = any(group.theme for group in groups)
    lines: list[str] = []
    number = 0
    for group in groups:
        if themed:
            lines += [theme_heading(group.theme, language), ""]
        for idea in group.ideas:
            number += 1
            lines += _idea_item(number, idea, section.merged.get(idea.id, []), language)
        if themed:
            lines.append("")
    return lines


def _prompt_lines(section: PromptSection, language: str, zone: tzinfo | None) -> list[str]:
    prompt = section.prompt
    if prompt.status != "open":
        state = t("report.prompt_closed", language)
    elif prompt.closes_at:
        state = t("report.prompt_open", language, until=long_date(prompt.closes_at.astimezone(zone), language))
    else:
        state = t("report.prompt_ongoing", language)
    return [
        f"### {t('report.prompt_heading', language, id=prompt.id, question=md(prompt.question))}",
        f"_{state}_",
        "",
        *_idea_lines(section, language),
        "",
    ]


def _host_line(section: HostSection, language: str) -> str:
    session = section.session
    parts = [f"**{md(session.title)}** ({long_date(session.start.aware, language)})"]
    if session.host_name:
        parts.append(t("report.host_confirmed", language, host=md(session.host_name)))
    offered = ", ".join(md(v.shown) for v in section.volunteers)
    if offered:
        parts.append(t("report.host_offered", language, names=offered))
    return "- " + " ".join(parts)


def report_markdown(report: Report, language: str) -> str:
    """Write the whole report."""
    session = report.session
    header = [
        f"# {t('report.title', language, title=md(session.title))}",
        "",
        f"*{session_when(session, language)}* · {md(place(session, language))}",
        "",
        f"**{attendance_line(report.attendance, language, md)}**",
        "",
        f"## {t('report.ideas_heading', language)}",
        "",
    ]
    zone = session.start.aware.tzinfo
    ideas = [line for section in report.prompts for line in _prompt_lines(section, language, zone)] or [
        t("report.no_prompts", language),
        "",
    ]
    earlier = earlier_lines(report.earlier, language) if report.earlier else []
    hosts = [
        f"## {t('report.hosts_heading', language)}",
        "",
        *([_host_line(section, language) for section in report.hosts] or [t("report.no_hosts", language)]),
        "",
    ]
    following = [
        f"## {t('report.next_heading', language)}",
        "",
        *(
            [
                f"- **{md(s.title)}** — {session_when(s, language)} — {md(place(s, language))}"
                for s in report.next_sessions
            ]
            or [t("report.no_next", language)]
        ),
        "",
    ]
    open_items = [f"- {t('report.open_unhosted', language, title=md(s.title))}" for s in report.unhosted] + [
        f"- {t('report.open_prompt', language, id=p.id, question=md(p.question))}" for p in report.open_prompts
    ]
    items = [f"## {t('report.open_heading', language)}", "", *(open_items or [t("report.no_open_items", language)]), ""]
    generated = long_date(report.generated_at.astimezone(zone), language)
    footer = ["---", f"_{t('report.generated', language, when=generated)}_", ""]
    return "\n".join(header + ideas + earlier + hosts + following + items + footer)
