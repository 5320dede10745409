"""How moments are written to and read from the database: UTC ISO 8601 text that sorts correctly."""

from datetime import UTC, datetime


def to_db(moment: datetime) -> str:
    """Write an aware moment as UTC text with second precision."""
    if moment.tzinfo is None:
        raise ValueError("only aware datetimes are stored")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_db(text: str) -> datetime:
    """Read a moment written by `to_db`."""
    return datetime.fromisoformat(text)
