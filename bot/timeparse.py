"""Turn typed dates, reminder offsets and zone names into checked, zone-aware values.

Dates are read by ``dateparser`` as naive wall-clock times; this module attaches the zone itself
with ``zoneinfo`` so that DST gaps and repeated autumn hours are handled predictably.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser

from bot.dutch_dates import rewrite as rewrite_spoken_dutch
from bot.errors import UserError
from bot.text import visible

MESSAGE_KEYS = (
    "time.unparsable",
    "time.no_time",
    "time.past",
    "time.nonexistent",
    "time.too_far",
    "time.bad_offsets",
    "time.too_many_offsets",
    "time.bad_zone",
)

DEFAULT_ZONE = "Europe/Amsterdam"
LANGUAGES = ("nl", "en")
MAX_AHEAD = timedelta(days=5 * 365 + 2)  # five years, both possible leap days included
MAX_INPUT_LENGTH = 100
MAX_OFFSETS = 10
MAX_ZONE_CHOICES = 25  # Discord's limit for autocomplete choices
DISCORD_STYLES = frozenset("tTdDfFR")
WHEN_FORMAT = "%d-%m-%Y %H:%M"

# dateparser's defaults minus "timestamp" and "no-spaces-time", which read "1893456000" as a date.
_PARSERS = ["relative-time", "custom-formats", "absolute-time"]

# Dutch clock notations that dateparser misreads ("om 10 uur" becomes "in 10 hours", "morgen 10.00" loses
# its time): "10 uur", "10.30 uur", "14u", "14u30". Not after "in"/"over", where "3 uur" is a duration.
_DUTCH_CLOCK_TIME = re.compile(
    r"(?<!\bin )(?<!\bover )\b([01]?\d|2[0-3])(?:(?:[.:]([0-5]\d))?\s*uur|u([0-5]\d)?)\b", re.IGNORECASE
)
# A trailing "10.00" after a date word ("morgen 10.00"); "10.12" on its own stays a date.
_TRAILING_DOTTED_TIME = re.compile(r"(?<=\S )([01]?\d|2[0-3])\.([0-5]\d)$")
_CLOCK_LIKE = re.compile(r"\d:\d")

_OFFSET_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+(?=\d)")
_OFFSET_SHAPE = re.compile(r"(?:\d{1,5}\s*[a-z]+\s*)+")
_OFFSET_PART = re.compile(r"(\d{1,5})\s*([a-z]+)")
_MINUTES_PER_UNIT = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "minuut", "minuten"), 1),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "u", "uur", "uren"), 60),
    **dict.fromkeys(("d", "day", "days", "dag", "dagen"), 24 * 60),
    **dict.fromkeys(("w", "wk", "week", "weeks", "weken"), 7 * 24 * 60),
}


@dataclass(frozen=True)
class WallClock:
    """A moment as people read it: naive local wall-clock time in a zone, plus its exact UTC instant."""

    local: datetime
    zone: str
    utc: datetime
    fold: int = 0

    @classmethod
    def at(cls, local: datetime, zone: str, fold: int = 0) -> WallClock:
        """Build from a naive wall-clock time; fold=0 picks the first of a repeated autumn hour."""
        aware = local.replace(tzinfo=ZoneInfo(zone), fold=fold)
        return cls(local=local, zone=zone, utc=aware.astimezone(UTC), fold=fold)

    @property
    def aware(self) -> datetime:
        """Return the local time as an aware datetime in its zone."""
        return self.local.replace(tzinfo=ZoneInfo(self.zone), fold=self.fold)


@dataclass(frozen=True)
class Offset:
    """How long before a session start, in wall-clock days, hours and minutes."""

    days: int = 0
    hours: int = 0
    minutes: int = 0

    @classmethod
    def from_minutes(cls, total: int) -> Offset:
        """Build the normalised offset of a number of minutes (so 24h equals 1d)."""
        days, rest = divmod(total, 24 * 60)
        hours, minutes = divmod(rest, 60)
        return cls(days=days, hours=hours, minutes=minutes)

    @property
    def delta(self) -> timedelta:
        """Return the offset as a timedelta."""
        return timedelta(days=self.days, hours=self.hours, minutes=self.minutes)


def parse_when(text: str, *, tz: str, now: datetime, default_time: time | None = None) -> WallClock:
    """Read a Dutch or English date and time as a future moment in zone ``tz``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = ZoneInfo(tz)
    base = now.astimezone(zone).replace(tzinfo=None)
    shown = visible(text)
    if not shown or len(shown) > MAX_INPUT_LENGTH:
        raise UserError("time.unparsable", text=shown[:MAX_INPUT_LENGTH])
    found = _read_date(_with_clock_times(rewrite_spoken_dutch(shown, base.date())), base, default_time, shown)
    wall = _to_wall_clock(found, tz, base)
    _check_range(wall, now)
    return wall


def parse_offset(text: str) -> Offset:
    """Read one reminder offset such as "7d", "2h", "1u", "1d2h", "2 dagen" or "1 week"."""
    cleaned = " ".join(text.lower().split())
    if not _OFFSET_SHAPE.fullmatch(cleaned):
        raise UserError("time.bad_offsets", text=text)
    total = 0
    for amount, unit in _OFFSET_PART.findall(cleaned):
        if unit not in _MINUTES_PER_UNIT:
            raise UserError("time.bad_offsets", text=text)
        total += int(amount) * _MINUTES_PER_UNIT[unit]
    if not 0 < total <= MAX_AHEAD.total_seconds() // 60:
        raise UserError("time.bad_offsets", text=text)
    return Offset.from_minutes(total)


def parse_offsets(text: str) -> list[Offset]:
    """Read comma- or space-separated offsets, deduplicated and sorted largest first."""
    items = [item for item in _OFFSET_SEPARATOR.split(text.strip()) if item]
    if not items:
        raise UserError("time.bad_offsets", text=text)
    offsets = sorted({parse_offset(item) for item in items}, key=lambda offset: offset.delta, reverse=True)
    if len(offsets) > MAX_OFFSETS:
        raise UserError("time.too_many_offsets", max=MAX_OFFSETS)
    return offsets


def apply_offset(start: WallClock, offset: Offset) -> WallClock:
    """Step back by the offset in wall-clock time; a DST-gap result moves forward to the first valid time."""
    zone = ZoneInfo(start.zone)
    local = start.local - offset.delta
    while _is_nonexistent(local, zone):
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return WallClock.at(local, start.zone)


def format_offset(offset: Offset) -> str:
    """Write an offset canonically, e.g. "7d", "1d2h" or "30m"."""
    parts = zip((offset.days, offset.hours, offset.minutes), "dhm", strict=True)
    return "".join(f"{amount}{unit}" for amount, unit in parts if amount) or "0m"


def validate_zone(name: str) -> str:
    """Return the canonical IANA spelling of a zone name, matched case-insensitively."""
    canonical = _zones_by_folded_name().get(name.strip().casefold())
    if canonical is None:
        raise UserError("time.bad_zone", zone=name)
    return canonical


def search_zones(text: str, limit: int = MAX_ZONE_CHOICES) -> list[str]:
    """Suggest zones containing the typed text: the default zone first, then names with a part starting so."""
    wanted = text.strip().casefold()
    matches = [name for folded, name in _zones_by_folded_name().items() if wanted in folded]
    matches.sort(key=lambda name: (name != DEFAULT_ZONE, f"/{wanted}" not in f"/{name.casefold()}", name))
    return matches[:limit]


def discord_timestamp(moment: datetime, style: str = "F") -> str:
    """Format an aware datetime as a Discord timestamp tag such as "<t:1796036400:F>"."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    if style not in DISCORD_STYLES:
        raise ValueError(f"unknown Discord timestamp style {style!r}")
    return f"<t:{int(moment.timestamp())}:{style}>"


def _with_clock_times(text: str) -> str:
    """Rewrite Dutch clock notations as "HH:MM", which dateparser reads reliably."""
    text = _DUTCH_CLOCK_TIME.sub(lambda m: f"{int(m[1]):02d}:{m[2] or m[3] or '00'}", text)
    return _TRAILING_DOTTED_TIME.sub(lambda m: f"{int(m[1]):02d}:{m[2]}", text)


def _read_date(text: str, base: datetime, default_time: time | None, shown: str) -> datetime:
    """Run dateparser relative to the naive local ``base``; refuse anything short of a day and a time."""
    data = _date_parser(base).get_date_data(text)
    if data.date_obj is None or not {"day", "month"} <= set(data.parts):
        raise UserError("time.unparsable", text=shown)
    if "time" in data.parts:
        return data.date_obj
    if _CLOCK_LIKE.search(text):  # a time was typed but dateparser dropped it, e.g. "morgen 25:00"
        raise UserError("time.unparsable", text=shown)
    if default_time is None:
        raise UserError("time.no_time", text=shown)
    return datetime.combine(data.date_obj.date(), default_time)


def _date_parser(base: datetime) -> DateDataParser:
    """Make a parser relative to ``base``; cheap, as dateparser caches its language data globally."""
    settings = {
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": base,
        "PARSERS": _PARSERS,
    }
    return DateDataParser(languages=list(LANGUAGES), settings=settings)


def _to_wall_clock(found: datetime, zone_name: str, base: datetime) -> WallClock:
    """Attach the zone to a naive result (refusing DST gaps) or convert an explicitly zoned one."""
    try:
        if found.tzinfo is not None:  # the text named a zone or offset, e.g. "14:00 UTC"
            converted = found.astimezone(ZoneInfo(zone_name))
            return WallClock.at(converted.replace(tzinfo=None), zone_name, converted.fold)
        if _is_nonexistent(found, ZoneInfo(zone_name)):
            raise UserError("time.nonexistent", when=found.strftime(WHEN_FORMAT))
        return WallClock.at(found, zone_name)
    except OverflowError:  # year 1 or 9999 pushed past datetime's range by the UTC offset
        naive = found.replace(tzinfo=None)
        raise UserError("time.too_far" if naive > base else "time.past", when=naive.strftime(WHEN_FORMAT)) from None


def _check_range(wall: WallClock, now: datetime) -> None:
    """Refuse moments that are not after ``now`` or lie more than five years ahead."""
    when = wall.local.strftime(WHEN_FORMAT)
    if wall.utc <= now:
        raise UserError("time.past", when=when)
    if wall.utc - now > MAX_AHEAD:
        raise UserError("time.too_far", when=when)


def _is_nonexistent(local: datetime, zone: ZoneInfo) -> bool:
    """Tell whether a naive wall-clock time falls in a DST gap: it does not survive a UTC round trip."""
    round_trip = local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    return round_trip.replace(tzinfo=None) != local


@functools.cache
def _zones_by_folded_name() -> dict[str, str]:
    """Map case-folded IANA names to their canonical spelling."""
    return {name.casefold(): name for name in zoneinfo.available_timezones()}
