"""The only place with SQL: the connection, migrations and one module per table group."""

from bot.db.connection import Database, Tx

__all__ = ["Database", "Tx"]
