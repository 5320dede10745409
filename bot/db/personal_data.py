"""Where the store keeps Discord member ids, and what `/privacy delete` and `/privacy export` do with each.

`TABLES` declares, once, every table with a column that holds a member's Discord id: how its rows are
kept to one server, and per member-id column how an erasure treats it (`Erase`), under which name the
erasure counts it, and which sections of the member's export (`bot.db.privacy.EXPORT_SECTIONS`) show
it. From it follow the erasure's statements (`erase_statements`) and the query for the members a
server holds data of (`MEMBERS_WITH_DATA`).

A column holds a member id by its name (`is_member_id_column`): `user_id`, `author_id`, `actor_id`,
`member_id`, and any name ending in `_by` (`created_by`, `volunteered_by`, `confirmed_by`, …) or in
`_user_id`. tests/unit/test_personal_data.py checks the migrated schema against this declaration: a
new table or column with such a name fails the tests until it is declared here.
"""

import re
from dataclasses import dataclass
from enum import Enum

REMOVED_MEMBER = 0
"""The member id that stands for "a member who is gone" (also: the bot itself in the audit log)."""

_MEMBER_ID_NAME = re.compile(r"(user_id|author_id|actor_id|member_id)|.*_by|.*_user_id")

IN_GUILD = "guild_id = :guild"
SESSION_IN_GUILD = "session_id IN (SELECT id FROM sessions WHERE guild_id = :guild)"
IDEA_IN_GUILD = "idea_id IN (SELECT id FROM ideas WHERE guild_id = :guild)"
CALL_IN_GUILD = "call_id IN (SELECT id FROM host_calls WHERE guild_id = :guild)"
ENTRY_IN_GUILD = f"volunteer_id IN (SELECT id FROM host_volunteers WHERE {CALL_IN_GUILD})"
SIGNUP_CALL_IN_GUILD = "call_id IN (SELECT id FROM signup_calls WHERE guild_id = :guild)"
SIGNUP_ENTRY_IN_GUILD = f"entry_id IN (SELECT id FROM signup_entries WHERE {SIGNUP_CALL_IN_GUILD})"


class Erase(Enum):
    """What erasing a member does to a column that holds their id."""

    DELETE_ROW = "delete the row"
    """The row is the member's own (a profile, an answer): it goes."""
    REMOVE_ID = "set the id to REMOVED_MEMBER"
    """The row is the server's record of what the member did (a session they planned): it stays, their id goes."""
    PER_IDEAS_SETTING = "delete or anonymise, per the server's member_ideas setting"
    """The member's own contribution that others build on (an idea): deleted ('erase') or kept anonymised."""
    ERASURE_PLAN = "delete the row, uncounted"
    """The plan to erase the member: it goes with the erasure; while it waits, the member is not looked for."""


@dataclass(frozen=True)
class MemberColumn:
    """One column that holds a member id: how it is erased, counted and exported."""

    name: str
    erase: Erase
    counted_as: str | None
    """The name of its count in the erasure's counts (None for ERASURE_PLAN)."""
    exported_in: tuple[str, ...]
    """The export sections that show the member's rows of it (none for ERASURE_PLAN)."""


@dataclass(frozen=True)
class Table:
    """A table with member ids: the condition (over `:guild`) that keeps its rows to one server, and its columns."""

    name: str
    in_guild: str
    columns: tuple[MemberColumn, ...]


TABLES: tuple[Table, ...] = (
    Table("profiles", IN_GUILD, (MemberColumn("user_id", Erase.DELETE_ROW, "profile", ("profile",)),)),
    Table("rsvps", SESSION_IN_GUILD, (MemberColumn("user_id", Erase.DELETE_ROW, "rsvps", ("rsvp", "reminder")),)),
    Table("checkins", SESSION_IN_GUILD, (MemberColumn("user_id", Erase.DELETE_ROW, "checkins", ("checkin",)),)),
    Table("idea_support", IDEA_IN_GUILD, (MemberColumn("user_id", Erase.DELETE_ROW, "supports", ("support",)),)),
    Table(
        "host_volunteer_members",
        ENTRY_IN_GUILD,
        (MemberColumn("user_id", Erase.DELETE_ROW, "volunteer_entries", ("volunteer_entry",)),),
    ),
    Table(
        "signup_members",
        SIGNUP_ENTRY_IN_GUILD,
        (MemberColumn("user_id", Erase.DELETE_ROW, "signup_entries", ("signup_entry",)),),
    ),
    Table(
        "member_preferences",
        IN_GUILD,
        (MemberColumn("user_id", Erase.DELETE_ROW, "preferences", ("preferences",)),),
    ),
    Table("notices", IN_GUILD, (MemberColumn("user_id", Erase.DELETE_ROW, "notices", ("notice",)),)),
    Table(
        "idea_status_changes",
        IDEA_IN_GUILD,
        (MemberColumn("changed_by", Erase.REMOVE_ID, "status_changes", ("created",)),),
    ),
    Table(
        "pending_ideas",
        IN_GUILD,
        (MemberColumn("author_id", Erase.DELETE_ROW, "pending_ideas", ("pending_idea",)),),
    ),
    Table(
        "ideas",
        IN_GUILD,
        (
            MemberColumn("author_id", Erase.PER_IDEAS_SETTING, "ideas", ("idea",)),
            MemberColumn("merged_by", Erase.REMOVE_ID, "merges", ("created",)),
        ),
    ),
    Table("sessions", IN_GUILD, (MemberColumn("created_by", Erase.REMOVE_ID, "sessions", ("created",)),)),
    Table("reminders", SESSION_IN_GUILD, (MemberColumn("created_by", Erase.REMOVE_ID, "reminders", ("created",)),)),
    Table(
        "session_records",
        SESSION_IN_GUILD,
        (MemberColumn("updated_by", Erase.REMOVE_ID, "session_records", ("created",)),),
    ),
    Table("prompts", IN_GUILD, (MemberColumn("created_by", Erase.REMOVE_ID, "prompts", ("created",)),)),
    Table("host_calls", IN_GUILD, (MemberColumn("created_by", Erase.REMOVE_ID, "host_calls", ("created",)),)),
    Table("signup_calls", IN_GUILD, (MemberColumn("created_by", Erase.REMOVE_ID, "signup_calls", ("created",)),)),
    Table("resources", IN_GUILD, (MemberColumn("shared_by", Erase.REMOVE_ID, "resources", ("resource",)),)),
    Table("audit_log", IN_GUILD, (MemberColumn("actor_id", Erase.REMOVE_ID, "audit_entries", ("audit",)),)),
    Table("pending_erasures", IN_GUILD, (MemberColumn("user_id", Erase.ERASURE_PLAN, None, ()),)),
)
"""In the order an erasure goes through them (supports are counted before erasing ideas cascades to supports)."""


def is_member_id_column(name: str) -> bool:
    """Whether a column's name says it holds a member's Discord id (the naming convention above)."""
    return _MEMBER_ID_NAME.fullmatch(name) is not None


def declared() -> list[tuple[Table, MemberColumn]]:
    """Every declared member-id column with its table, in declaration order."""
    return [(table, column) for table in TABLES for column in table.columns]


def _statement(table: Table, column: MemberColumn, erase: Erase) -> str:
    where = f"WHERE {column.name} = :user AND {table.in_guild}"
    if erase is Erase.REMOVE_ID:
        return f"UPDATE {table.name} SET {column.name} = {REMOVED_MEMBER} {where}"
    return f"DELETE FROM {table.name} {where}"


def erase_statements(ideas_mode: str) -> list[tuple[str | None, str]]:
    """(count name, statement over :guild and :user) per member-id column, given the server's ideas setting."""
    statements = []
    for table, column in declared():
        erase = column.erase
        if erase is Erase.PER_IDEAS_SETTING:
            erase = Erase.DELETE_ROW if ideas_mode == "erase" else Erase.REMOVE_ID
        statements.append((column.counted_as, _statement(table, column, erase)))
    return statements


def _select_ids(table: Table, column: MemberColumn) -> str:
    return f"SELECT {column.name} FROM {table.name} WHERE {table.in_guild}"


def _members_with_data() -> str:
    own = (Erase.DELETE_ROW, Erase.PER_IDEAS_SETTING)
    held = " UNION ".join(_select_ids(table, column) for table, column in declared() if column.erase in own)
    planned = (_select_ids(table, column) for table, column in declared() if column.erase is Erase.ERASURE_PLAN)
    return held + "".join(f" EXCEPT {select}" for select in planned)


MEMBERS_WITH_DATA = _members_with_data()
"""The member ids (over :guild) in a server's rows that are members' own (DELETE_ROW, PER_IDEAS_SETTING), bar those
with an erasure planned: whom to look for at start, to notice who left while the bot was offline. Placeholders
(REMOVED_MEMBER, retention's negative ids) are among them."""


UNLINKED_COUNTS = tuple(
    column.counted_as for _, column in declared() if column.erase is Erase.REMOVE_ID and column.counted_as
)
"""The erasure counts of the server's records that stay without the member's id (what they created)."""


OWN_COUNTS = tuple(
    column.counted_as for _, column in declared() if column.erase is Erase.DELETE_ROW and column.counted_as
)
"""The erasure counts of the member's own rows that go (profile, answers, check-ins, support, entries …), in order."""
