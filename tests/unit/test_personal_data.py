"""The declaration of personal data (bot/db/personal_data.py) against the migrated schema.

A table or column that holds a member id by the naming convention must be declared, so that
/privacy export and /privacy delete cannot silently miss it; a declared one must exist.
"""

import pytest

from bot.db import Database, Tx
from bot.db import privacy as privacy_store
from bot.db.personal_data import (
    IN_GUILD,
    MEMBERS_WITH_DATA,
    OWN_COUNTS,
    TABLES,
    Erase,
    MemberColumn,
    Table,
    declared,
    erase_statements,
    is_member_id_column,
)
from bot.i18n import LANGUAGES, t

Schema = dict[str, list[str]]


async def schema(db: Database) -> Schema:
    """Every table of the database with its columns."""
    rows = await db.fetch_all(
        "SELECT m.name AS tbl, c.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) c "
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid"
    )
    tables: Schema = {}
    for row in rows:
        tables.setdefault(row["tbl"], []).append(row["col"])
    return tables


def problems(tables: Schema, declaration: tuple[Table, ...] = TABLES) -> list[str]:
    """Member-id columns of the schema that are not declared, and declared columns the schema lacks."""
    existing = {(table, column) for table, columns in tables.items() for column in columns}
    named = {(table.name, column.name) for table in declaration for column in table.columns}
    member_ids = {(table, column) for table, column in existing if is_member_id_column(column)}
    return [f"{t}.{c} holds a member id but is not declared" for t, c in sorted(member_ids - named)] + [
        f"{t}.{c} is declared but does not exist" for t, c in sorted(named - existing)
    ]


async def test_every_member_id_column_of_the_schema_is_declared(db: Database) -> None:
    tables = await schema(db)
    assert "pending_erasures" in tables and problems(tables) == []


async def test_a_new_table_or_column_with_a_member_id_is_reported(db: Database) -> None:
    def second_wave(tx: Tx) -> None:
        tx.execute("CREATE TABLE badges (id INTEGER PRIMARY KEY, guild_id INTEGER NOT NULL, user_id INTEGER NOT NULL)")
        tx.execute("ALTER TABLE host_volunteers ADD COLUMN confirmed_by INTEGER")

    await db.write(second_wave)
    assert problems(await schema(db)) == [
        "badges.user_id holds a member id but is not declared",
        "host_volunteers.confirmed_by holds a member id but is not declared",
    ]


async def test_a_declared_table_or_column_that_does_not_exist_is_reported(db: Database) -> None:
    gone = MemberColumn("user_id", Erase.DELETE_ROW, "gone", ("profile",))
    renamed = MemberColumn("changed_by", Erase.REMOVE_ID, "changes", ("created",))
    declaration = (*TABLES, Table("gone", IN_GUILD, (gone,)), Table("sessions", IN_GUILD, (renamed,)))
    assert problems(await schema(db), declaration) == [
        "gone.user_id is declared but does not exist",
        "sessions.changed_by is declared but does not exist",
    ]


def test_the_naming_convention() -> None:
    names = ["user_id", "author_id", "actor_id", "member_id", "created_by", "volunteered_by", "confirmed_by"]
    assert all(is_member_id_column(name) for name in [*names, "approved_by", "target_user_id"])
    others = ["guild_id", "subject_id", "message_id", "organiser_role_id", "created_at", "standby", "user_ids"]
    assert not any(is_member_id_column(name) for name in others)


def test_each_column_is_counted_and_exported_in_a_section_that_exists() -> None:
    counted = [column.counted_as for _, column in declared() if column.erase is not Erase.ERASURE_PLAN]
    assert None not in counted and len(set(counted)) == len(counted)
    for _, column in declared():
        exported = bool(column.exported_in) and column.counted_as is not None
        assert exported == (column.erase is not Erase.ERASURE_PLAN), column
    sections = {section for _, column in declared() for section in column.exported_in}
    assert sections == set(privacy_store.EXPORT_SECTIONS)


@pytest.mark.parametrize(
    ("mode", "ideas"), [("erase", "DELETE FROM ideas "), ("anonymise", "UPDATE ideas SET author_id = 0 ")]
)
async def test_the_derived_statements_run_against_the_schema(db: Database, mode: str, ideas: str) -> None:
    statements = erase_statements(mode)
    assert [name for name, _ in statements] == [column.counted_as for _, column in declared()]
    assert sum(sql.startswith(ideas) for _, sql in statements) == 1
    member = {"guild": 1001, "user": 42}
    assert await db.write(lambda tx: {tx.execute(sql, member).rowcount for _, sql in statements}) == {0}
    assert await db.fetch_all(MEMBERS_WITH_DATA, {"guild": 1001}) == []


def test_every_count_of_a_members_own_rows_is_named_in_both_languages() -> None:
    """`/privacy delete` lists each of them by name: a new DELETE_ROW column needs its `privacy.count_<name>` text."""
    for name in OWN_COUNTS:
        for language in LANGUAGES:
            assert t(f"privacy.count_{name}", language, count=2).endswith("2"), (name, language)
