"""The report's sections in the order of the network's meeting report, each one small function of the report's data.

A section function takes the report and the language and returns a `Section`, or None when it has nothing to
say (an empty section is left out, never printed empty). Adding a section is writing one such function and
putting it in `SECTIONS` where it belongs; the Markdown and Word writers render whatever the sections hold.
"""

from collections.abc import Callable
from datetime import tzinfo

from bot.documents.report_blocks import (
    Block,
    Bullets,
    Figure,
    Item,
    Listed,
    Numbered,
    Paragraph,
    ReportDocument,
    Run,
    Runs,
    Section,
    Subheading,
    plain,
    typed_blocks,
)
from bot.documents.report_chart import chart_rows
from bot.documents.wording import idea_status, long_date, place, session_when
from bot.domain.earlier_ideas import ChangedIdea
from bot.domain.ideas import Idea
from bot.domain.records import FIELDS
from bot.domain.report import Attendance, HostSection, PromptSection, Report
from bot.domain.resources import Resource
from bot.i18n import t
from bot.text import excerpt

MUNICIPALITIES_NAMED = 12

SectionFunction = Callable[[Report, str], Section | None]


def file_stem(report: Report, language: str) -> str:
    """The report's files' name without extension: 'verslag-3' or 'report-3'."""
    return f"verslag-{report.session.id}" if language == "nl" else f"report-{report.session.id}"


def attendance_line(attendance: Attendance, language: str) -> str:
    """'Aantal deelnemers (aanwezig): 24 van 12 gemeenten, o.a. Meierijstad, Lochem, …' as plain text."""
    names = [name for name, _ in attendance.municipalities[:MUNICIPALITIES_NAMED]]
    count = len(attendance.municipalities)
    municipalities = t(f"report.municipality_count{'_one' if count == 1 else ''}", language, count=count)
    counted = t(f"report.counted_{attendance.counted}", language)
    line = t("report.attendance", language, counted=counted, members=attendance.members, municipalities=municipalities)
    if names:
        line += t("report.attendance_names", language, names=", ".join(names))
    line += "."
    if attendance.other_organisations:
        line += " " + t("report.attendance_others", language, names=", ".join(attendance.other_organisations))
    if attendance.waiting:
        line += " " + t("report.attendance_waiting", language, waiting=attendance.waiting)
    return line


def opening(report: Report, language: str) -> Section:
    """The date and time, the place and the confirmed host (unless the place names it already), under the title."""
    session = report.session
    where = place(session, language)
    runs = [Run(session_when(session, language), italic=True), Run(f" · {where}")]
    if session.host_name and session.host_name not in where:
        runs.append(Run(" · " + t("report.host_confirmed", language, host=session.host_name)))
    return Section(None, (Paragraph(tuple(runs)),))


def participants(report: Report, language: str) -> Section | None:
    """'Aantal deelnemers: N van M gemeenten, o.a. …', saying whether it counts check-ins or 'Ik kom'."""
    if not report.attendance.members:
        return None
    return Section(None, (plain(attendance_line(report.attendance, language), bold=True),))


def chart(report: Report, language: str) -> Section | None:
    """The chart of members per municipality and organisation, when anyone with a profile takes part."""
    if not chart_rows(report.attendance):
        return None
    return Section(None, (Figure(f"{file_stem(report, language)}.png", t("report.chart_description", language)),))


def description(report: Report, language: str) -> Section | None:
    """The session's description, as the organiser typed it."""
    text = report.session.description
    return Section(None, typed_blocks(text)) if text and text.strip() else None


EXCERPT = 160
"""How much of an idea's text a line about it shows (a merged idea, an earlier idea)."""


def _organisation(idea: Idea, language: str) -> str:
    return idea.organisation or t("report.organisation_unknown", language)


def _idea_item(idea: Idea, merged: list[Idea], language: str) -> Item:
    status = idea_status(idea.status, idea.taken_up_name, language)
    runs = (
        Run(idea.text),
        Run(" — "),
        Run(_organisation(idea, language), italic=True),
        Run(f" · 👍 {idea.support} · {status}"),
    )
    below: list[Runs] = [(Run(idea.status_note),)] if idea.status_note else []
    for into in merged:  # the ideas merged into it, with the municipality that brought each in
        said = t("report.merged_idea", language, id=into.id, text=excerpt(into.text, EXCERPT))
        below.append((Run(said + " — "), Run(_organisation(into, language), italic=True)))
    return Item(runs, tuple(below))


def _prompt_state(section: PromptSection, language: str, zone: tzinfo | None) -> str:
    prompt = section.prompt
    if prompt.status != "open":
        return t("report.prompt_closed", language)
    if prompt.closes_at:
        return t("report.prompt_open", language, until=long_date(prompt.closes_at.astimezone(zone), language))
    return t("report.prompt_ongoing", language)


def _prompt_blocks(section: PromptSection, language: str, zone: tzinfo | None) -> list[Block]:
    prompt = section.prompt
    blocks: list[Block] = [
        Subheading(t("report.prompt_heading", language, id=prompt.id, question=prompt.question), 3),
        plain(_prompt_state(section, language, zone), italic=True),
    ]
    themed = any(group.theme for group in section.themes)

    def item(idea: Idea) -> Item:
        return _idea_item(idea, section.merged.get(idea.id, []), language)

    for group in section.themes:
        if themed:
            blocks.append(Subheading(group.theme or t("report.theme_none", language), 4))
        blocks.append(Numbered(Listed(group.ideas, item)))
    return blocks


def ideas(report: Report, language: str) -> Section | None:
    """The ideas per prompt of the session (grouped by theme where ideas have one), most supported first."""
    zone = report.session.start.aware.tzinfo
    blocks = [block for section in report.prompts if section.count for block in _prompt_blocks(section, language, zone)]
    return Section(t("report.ideas_heading", language), tuple(blocks)) if blocks else None


def record_paragraph(name: str) -> SectionFunction:
    """The section of one of the record's paragraphs ('Wat valt op?' …), headed by the form's own label."""

    def paragraph(report: Report, language: str) -> Section | None:
        text = report.record.get(name)
        return Section(t(f"record.label_{name}", language), typed_blocks(text)) if text else None

    paragraph.__doc__ = f"The record's paragraph '{name}'."
    return paragraph


def _earlier_item(changed: ChangedIdea, language: str) -> Item:
    idea, change = changed.idea, changed.change
    became = idea_status(change.status, change.municipality_name, language)
    line = f"#{idea.id} {excerpt(idea.text, EXCERPT)} — {became}" + (f": {change.note}" if change.note else "")
    return Item((Run(line),))


def earlier(report: Report, language: str) -> Section | None:
    """'Wat is er met eerdere ideeën gebeurd?': per status, the ideas that reached it since the previous session
    (or ever, for a server's first), with who took them up."""
    found = report.earlier
    if found is None or not found.groups:
        return None
    if found.since is None:
        period = t("report.earlier_since_ever", language)
    else:
        period = t("report.earlier_since", language, when=long_date(found.since.start.aware, language))
    blocks: list[Block] = [plain(period, italic=True)]
    for group in found.groups:
        blocks.append(Subheading(t(f"idea.status_{group.status}", language), 3))
        blocks.append(Bullets(tuple(_earlier_item(changed, language) for changed in group.ideas)))
    return Section(t("report.earlier_heading", language), tuple(blocks))


def signups(report: Report, language: str) -> Section | None:
    """'Aanmeldingen': per sign-up call its question and the municipalities that signed up (names as stored)."""
    items = []
    for call in report.signups:
        names = ", ".join(name for _, name in call.municipalities) or t("report.signups_nobody", language)
        runs = [Run(f"#{call.call_id} {' '.join(call.question.split())}", bold=True)]
        if not call.open:
            runs.append(Run(" " + t("report.signups_closed", language), italic=True))
        items.append(Item((*runs, Run(f": {names}"))))
    return Section(t("report.signups_heading", language), (Bullets(tuple(items)),)) if items else None


def map_name(report: Report, language: str) -> str:
    """The network map's file name beside the report: 'verslag-3-kaart.png' or 'report-3-map.png'."""
    return f"{file_stem(report, language)}-{t('network.map_file', language)}.png"


def network_map(report: Report, language: str) -> Section | None:
    """The map of the municipalities involved in the network, hosts marked."""
    if report.network is None:
        return None
    return Section(None, (Figure(map_name(report, language), t("network.map_title", language)),))


def _host_item(section: HostSection, language: str) -> Item:
    session = section.session
    runs = [Run(session.title, bold=True), Run(f" ({long_date(session.start.aware, language)})")]
    if session.host_name:
        runs.append(Run(" " + t("report.host_confirmed", language, host=session.host_name)))
    offered = ", ".join(volunteer.shown for volunteer in section.volunteers)
    if offered:
        runs.append(Run(" " + t("report.host_offered", language, names=offered)))
    return Item(tuple(runs))


def hosts(report: Report, language: str) -> Section | None:
    """Who offered to host this and the next sessions, and who was confirmed."""
    if not report.hosts:
        return None
    return Section(
        t("report.hosts_heading", language), (Bullets(tuple(_host_item(s, language) for s in report.hosts)),)
    )


def _material_item(resource: Resource, language: str) -> Item:
    where = resource.host if resource.url else f"{t('resource.report_file', language)}: {resource.filename}"
    runs = [Run(resource.title, bold=True), Run(f" ({where}) — "), Run(resource.link or "", link=True)]
    if resource.description:
        runs.append(Run(": " + " ".join(resource.description.split())))
    return Item(tuple(runs))


def material(report: Report, language: str) -> Section | None:
    """'Gedeeld materiaal': what was shared for the session, each with where it leads, the address linked."""
    items = tuple(_material_item(resource, language) for resource in report.material)
    return Section(t("resource.report_heading", language), (Bullets(items),)) if items else None


def next_sessions(report: Report, language: str) -> Section | None:
    """The sessions planned after this one."""
    items = tuple(
        Item((Run(s.title, bold=True), Run(f" — {session_when(s, language)} — {place(s, language)}")))
        for s in report.next_sessions
    )
    return Section(t("report.next_heading", language), (Bullets(items),)) if items else None


def open_items(report: Report, language: str) -> Section | None:
    """What still needs doing: next sessions without a host, prompts still open."""
    lines = [t("report.open_unhosted", language, title=s.title) for s in report.unhosted]
    lines += [t("report.open_prompt", language, id=p.id, question=p.question) for p in report.open_prompts]
    if not lines:
        return None
    return Section(t("report.open_heading", language), (Bullets(tuple(Item((Run(line),)) for line in lines)),))


def made_by(report: Report, language: str) -> Section:
    """The last line: who made the report, and when."""
    generated = long_date(report.generated_at.astimezone(report.session.start.aware.tzinfo), language)
    return Section(None, (plain(t("report.generated", language, when=generated), italic=True),))


SECTIONS: tuple[SectionFunction, ...] = (
    opening,
    participants,
    chart,
    description,
    ideas,
    *(record_paragraph(name) for name in FIELDS),
    earlier,
    signups,
    network_map,
    hosts,
    material,
    next_sessions,
    open_items,
    made_by,
)
"""The report's sections in the order of the meeting report; a new section is one function placed here."""


def report_document(report: Report, language: str) -> ReportDocument:
    """The report in the neutral form: its title and every section that has something to say, in order."""
    made = (section(report, language) for section in SECTIONS)
    return ReportDocument(
        title=t("report.title", language, title=report.session.title),
        language=language,
        created=report.generated_at,
        sections=tuple(section for section in made if section is not None),
    )
