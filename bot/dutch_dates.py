"""Dutch dates as people say them, rewritten into forms the date parser reads.

"volgende week dinsdag", "over twee weken", "morgenmiddag", "'s avonds 8 uur", "half drie",
"kwart over vier", "tien voor half drie". A spoken clock time without a part of the day is read the
way a meeting would be planned: "half drie" is 14:30, not 02:30 (hours one to seven are afternoon or
evening hours); the bot always shows the time back, so a wrong guess is seen at once.
"""

import re
from datetime import date, timedelta

NUMBERS = {
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
}
WEEKDAYS = {
    name: index
    for index, names in enumerate(
        (
            ("maandag", "ma"),
            ("dinsdag", "di"),
            ("woensdag", "wo"),
            ("donderdag", "do"),
            ("vrijdag", "vr"),
            ("zaterdag", "za"),
            ("zondag", "zo"),
        )
    )
    for name in names
}
AFTERNOON_UNTIL = 7
"""Spoken hours from one up to this one mean the afternoon or evening when no part of the day is said."""

_NUMBER = "|".join(sorted(NUMBERS, key=len, reverse=True))
_HOUR = rf"(?:1[0-2]|[1-9]|{_NUMBER})"
_MINUTES = rf"(?:1[0-4]|[1-9]|{_NUMBER})"
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))

_COMPOUND_DAY_PARTS = {
    "morgenochtend": "morgen 's ochtends",
    "morgenvroeg": "morgen 's ochtends",
    "morgenmiddag": "morgen 's middags",
    "morgenavond": "morgen 's avonds",
    "vanochtend": "vandaag 's ochtends",
    "vanmorgen": "vandaag 's ochtends",
    "vanmiddag": "vandaag 's middags",
    "vanavond": "vandaag 's avonds",
}
_COMPOUND = re.compile(rf"\b({'|'.join(_COMPOUND_DAY_PARTS)})\b", re.IGNORECASE)
_DAY_PART = re.compile(
    r"(?:\b|(?<=\s))(?:['’‘`]?s|des)\s*(ochtends|morgens|middags|avonds|nachts)\b"
    r"|\bin de (ochtend|morgen|middag|avond|nacht)\b",
    re.IGNORECASE,
)
_PART_NAMES = {"ochtends": "am", "morgens": "am", "ochtend": "am", "morgen": "am", "nachts": "night", "nacht": "night"}

_SPOKEN_TIME = re.compile(
    rf"\b(?:(?:(?P<minutes>{_MINUTES})|(?P<quarter>kwart))\s+(?P<direction>over|voor)\s+)?"
    rf"(?P<half>half\s+)?(?P<hour>{_HOUR})(?P<uur>\s+uur)?\b",
    re.IGNORECASE,
)
_NUMERIC_TIME = re.compile(r"\b(?P<hour>[01]?\d|2[0-3])(?:[.:](?P<minute>[0-5]\d))?(?:\s*uur|u)?\b", re.IGNORECASE)

_WEEKS = re.compile(
    rf"\b(?:(?P<next>volgende|komende)\s+week|over\s+(?P<count>\d{{1,2}}|{_NUMBER})\s+weken?)"
    rf"(?:\s+(?:op\s+)?(?P<after>{_WEEKDAY}))?\b"
    rf"|\b(?P<before>{_WEEKDAY})\s+"
    rf"(?:(?P<next2>volgende|komende)\s+week|over\s+(?P<count2>\d{{1,2}}|{_NUMBER})\s+weken?)\b",
    re.IGNORECASE,
)
_COMING_WEEKDAY = re.compile(rf"\b(?:aanstaande|komende|volgende)\s+({_WEEKDAY})\b", re.IGNORECASE)
_COUNT_WORD = re.compile(rf"\b(over|in)\s+({_NUMBER})\s+(dag|dagen|week|weken|uur|uren|minuten)\b", re.IGNORECASE)


def rewrite(text: str, today: date) -> str:
    """Rewrite spoken Dutch date and time phrases in `text` (relative to `today`) as dates and HH:MM."""
    text = _COMPOUND.sub(lambda m: _COMPOUND_DAY_PARTS[m[1].lower()], text)
    text = _relative_weeks(text, today)
    text = _COMING_WEEKDAY.sub(lambda m: _coming_weekday(WEEKDAYS[m[1].lower()], today), text)
    text = _COUNT_WORD.sub(lambda m: f"{m[1]} {NUMBERS[m[2].lower()]} {m[3]}", text)
    part, text = _day_part(text)
    return _clock_time(text, part)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word.lower()]


def _in_week(today: date, weeks_ahead: int, weekday: int | None) -> str:
    """The date `weeks_ahead` weeks on: that weekday of that (Monday-first) week, or the same weekday."""
    if weekday is None:
        return (today + timedelta(weeks=weeks_ahead)).strftime("%d-%m-%Y")
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_ahead)
    return (monday + timedelta(days=weekday)).strftime("%d-%m-%Y")


def _relative_weeks(text: str, today: date) -> str:
    def replace(match: re.Match[str]) -> str:
        count = match["count"] or match["count2"]
        weeks = 1 if match["next"] or match["next2"] else _number(count)
        weekday = match["after"] or match["before"]
        return _in_week(today, weeks, WEEKDAYS[weekday.lower()] if weekday else None)

    return _WEEKS.sub(replace, text)


def _coming_weekday(weekday: int, today: date) -> str:
    """'aanstaande dinsdag': the first such day after today."""
    return (today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)).strftime("%d-%m-%Y")


def _day_part(text: str) -> tuple[str | None, str]:
    """Take the part of the day out of the text: 'am', 'pm', 'night' or None."""
    match = _DAY_PART.search(text)
    if match is None:
        return None, text
    name = (match[1] or match[2]).lower()
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    return _PART_NAMES.get(name, "pm"), " ".join(rest.split())


def _clock_time(text: str, part: str | None) -> str:
    """Write a spoken time ('half drie', 'kwart over vier', 'drie uur') as HH:MM, moved by the part of the day."""
    for match in _SPOKEN_TIME.finditer(text):
        if _is_spoken(match):
            hour, minute = _spoken(match)
            return _with_time(text, match, _on_clock(hour, part, spoken=True), minute)
    if part is not None:
        for match in _NUMERIC_TIME.finditer(text):
            if match["minute"] or re.search(r"uur|u", match[0], re.IGNORECASE):
                hour = _on_clock(int(match["hour"]), part, spoken=False)
                return _with_time(text, match, hour, int(match["minute"] or 0))
    return text


def _is_spoken(match: re.Match[str]) -> bool:
    """A real spoken time: 'half …', '… over/voor …', or a number word with 'uur' ('drie uur')."""
    if match["half"] or match["direction"]:
        return True
    return bool(match["uur"]) and not match["hour"].isdigit()


def _spoken(match: re.Match[str]) -> tuple[int, int]:
    hour = _number(match["hour"])
    minute = 0
    if match["half"]:
        hour, minute = hour - 1, 30
    if match["direction"]:
        step = 15 if match["quarter"] else _number(match["minutes"])
        minute += step if match["direction"].lower() == "over" else -step
    if minute < 0:
        hour, minute = hour - 1, minute + 60
    return hour % 12 or 12, minute


def _on_clock(hour: int, part: str | None, *, spoken: bool) -> int:
    """The 24-hour hour of a 12-hour one, by the part of the day (or, for spoken times, the meeting rule)."""
    if part == "pm":
        return hour + 12 if hour < 12 else hour
    if part in ("am", "night"):
        return 0 if hour == 12 else hour
    if spoken and hour <= AFTERNOON_UNTIL:
        return hour + 12
    return hour


def _with_time(text: str, match: re.Match[str], hour: int, minute: int) -> str:
    return f"{text[: match.start()]}{hour:02d}:{minute:02d}{text[match.end() :]}"
