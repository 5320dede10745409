import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import timeparse
from bot.errors import UserError
from bot.timeparse import (
    MESSAGE_KEYS,
    Offset,
    WallClock,
    apply_offset,
    discord_timestamp,
    format_offset,
    parse_offset,
    parse_offsets,
    parse_when,
    search_zones,
    validate_zone,
)

AMSTERDAM = "Europe/Amsterdam"
# Thursday 26 November 2026, 12:00 CET.
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo(AMSTERDAM))


def wall(*fields: int) -> datetime:
    return datetime(*fields)


def when(text: str, **kwargs) -> WallClock:
    return parse_when(text, tz=kwargs.pop("tz", AMSTERDAM), now=kwargs.pop("now", NOW), **kwargs)


def refusal(text: str, **kwargs) -> UserError:
    with pytest.raises(UserError) as caught:
        when(text, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 juni 14:00", wall(2027, 6, 25, 14, 0)),
        ("morgen 10:00", wall(2026, 11, 27, 10, 0)),
        ("overmorgen 9:30", wall(2026, 11, 28, 9, 30)),
        ("10-12-2026 19:30", wall(2026, 12, 10, 19, 30)),
        ("2026-12-10 19:30", wall(2026, 12, 10, 19, 30)),
        ("dinsdag 14:00", wall(2026, 12, 1, 14, 0)),
        ("in 3 dagen 10:00", wall(2026, 11, 29, 10, 0)),
        ("vandaag 16:00", wall(2026, 11, 26, 16, 0)),
        ("tomorrow 10am", wall(2026, 11, 27, 10, 0)),
        ("25 June 2:00 pm", wall(2027, 6, 25, 14, 0)),
        ("next tuesday 14:00", wall(2026, 12, 1, 14, 0)),
        ("1 januari 10:00", wall(2027, 1, 1, 10, 0)),
    ],
)
def test_examples_in_dutch_and_english(text, expected):
    result = when(text)
    assert result.local == expected
    assert result.zone == AMSTERDAM
    assert result.fold == 0
    assert result.utc == result.aware.astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5-3-2027 10:00", wall(2027, 3, 5, 10, 0)),
        ("5/3/2027 10:00", wall(2027, 3, 5, 10, 0)),
        ("12/10/2027 19:30", wall(2027, 10, 12, 19, 30)),
        ("10-12 19:30", wall(2026, 12, 10, 19, 30)),
    ],
)
def test_numeric_dates_are_day_month_year(text, expected):
    assert when(text).local == expected


def test_date_without_year_rolls_over_to_next_year():
    assert when("25 juni 14:00").local.year == 2027
    assert when("1 december 10:00").local.year == 2026


def test_weekday_is_never_in_the_past():
    # NOW is a Thursday noon: "donderdag 11:00" must be next week, not an hour ago.
    assert when("donderdag 11:00").local == wall(2026, 12, 3, 11, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("morgen om 10 uur", wall(2026, 11, 27, 10, 0)),
        ("morgen 14.30 uur", wall(2026, 11, 27, 14, 30)),
        ("morgen 14u", wall(2026, 11, 27, 14, 0)),
        ("morgen 14u30", wall(2026, 11, 27, 14, 30)),
        ("morgen 10.00", wall(2026, 11, 27, 10, 0)),
        ("25 juni om 14:00", wall(2027, 6, 25, 14, 0)),
        ("in 3 uur", wall(2026, 11, 26, 15, 0)),
        ("over 3 uur", wall(2026, 11, 26, 15, 0)),
    ],
)
def test_dutch_clock_notations(text, expected):
    assert when(text).local == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NOW is Thursday 26 November 2026, 12:00; weeks run Monday to Sunday
        ("volgende week dinsdag 14:00", wall(2026, 12, 1, 14, 0)),
        ("volgende week dinsdag om 14:00", wall(2026, 12, 1, 14, 0)),
        ("dinsdag volgende week 14:00", wall(2026, 12, 1, 14, 0)),
        ("komende week vrijdag 10:00", wall(2026, 12, 4, 10, 0)),
        ("over twee weken 14:00", wall(2026, 12, 10, 14, 0)),
        ("over 2 weken 14:00", wall(2026, 12, 10, 14, 0)),
        ("over twee weken dinsdag 14:00", wall(2026, 12, 8, 14, 0)),
        ("over drie dagen 10:00", wall(2026, 11, 29, 10, 0)),
        ("aanstaande dinsdag 14:00", wall(2026, 12, 1, 14, 0)),
        ("volgende donderdag 14:00", wall(2026, 12, 3, 14, 0)),
        ("morgen 's middags 3 uur", wall(2026, 11, 27, 15, 0)),
        ("morgen 3 uur 's middags", wall(2026, 11, 27, 15, 0)),
        ("morgen ’s avonds 8 uur", wall(2026, 11, 27, 20, 0)),
        ("morgen 's avonds 7.30 uur", wall(2026, 11, 27, 19, 30)),
        ("dinsdag 's ochtends 10 uur", wall(2026, 12, 1, 10, 0)),
        ("morgen in de middag 2 uur", wall(2026, 11, 27, 14, 0)),
        ("morgenmiddag 3 uur", wall(2026, 11, 27, 15, 0)),
        ("morgenavond half acht", wall(2026, 11, 27, 19, 30)),
        ("morgenochtend half tien", wall(2026, 11, 27, 9, 30)),
        ("10 december 's avonds 7 uur", wall(2026, 12, 10, 19, 0)),
        # the Dutch half hour: "half drie" is 2:30, and a meeting then is in the afternoon
        ("morgen half drie", wall(2026, 11, 27, 14, 30)),
        ("morgen om half drie", wall(2026, 11, 27, 14, 30)),
        ("morgen half 3", wall(2026, 11, 27, 14, 30)),
        ("volgende week donderdag half drie", wall(2026, 12, 3, 14, 30)),
        ("dinsdag half 8 's avonds", wall(2026, 12, 1, 19, 30)),
        ("morgen half twaalf", wall(2026, 11, 27, 11, 30)),
        ("morgen half een", wall(2026, 11, 27, 12, 30)),
        ("morgen kwart over drie", wall(2026, 11, 27, 15, 15)),
        ("morgen kwart voor vier", wall(2026, 11, 27, 15, 45)),
        ("morgen tien voor half drie", wall(2026, 11, 27, 14, 20)),
        ("morgen vijf over half drie", wall(2026, 11, 27, 14, 35)),
        ("morgen drie uur", wall(2026, 11, 27, 15, 0)),
        ("morgen 's nachts 2 uur", wall(2026, 11, 27, 2, 0)),
    ],
)
def test_dutch_dates_as_people_say_them(text, expected):
    assert when(text).local == expected


@pytest.mark.parametrize("text", ["volgende week dinsdag", "morgen 's middags", "over twee weken"])
def test_spoken_dates_without_a_time_ask_for_one(text):
    error = refusal(text)
    assert error.key == "time.no_time"
    assert error.params == {"text": text}


@pytest.mark.parametrize("text", ["half", "kwart over", "'s middags", "volgende week blauwdag 14:00"])
def test_spoken_fragments_are_refused_with_an_example(text):
    assert refusal(text).key in {"time.unparsable", "time.no_time"}


def test_a_duration_in_words_stays_a_duration():
    assert when("over twee uur").local == wall(2026, 11, 26, 14, 0)


def test_date_without_time_needs_a_default_time():
    assert refusal("25 juni").key == "time.no_time"
    assert when("25 juni", default_time=time(19, 30)).local == wall(2027, 6, 25, 19, 30)
    assert when("morgen", default_time=time(9, 0)).local == wall(2026, 11, 27, 9, 0)


def test_spring_gap_is_refused():
    error = refusal("28-03-2027 02:30")
    assert error.key == "time.nonexistent"
    assert error.params == {"when": "28-03-2027 02:30"}


def test_repeated_autumn_hour_resolves_to_the_first_occurrence():
    result = when("31-10-2027 02:30")
    assert result.fold == 0
    assert result.aware.utcoffset() == timedelta(hours=2)
    assert result.aware.tzname() == "CEST"
    assert result.utc == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_explicit_zone_in_text_keeps_the_instant():
    result = when("2027-10-31T01:30Z")
    assert result.local == wall(2027, 10, 31, 2, 30)
    assert result.fold == 1
    assert result.aware.tzname() == "CET"


def test_other_server_zone():
    result = when("morgen 10:00", tz="America/New_York")
    assert result.local == wall(2026, 11, 27, 10, 0)
    assert result.utc == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["vandaag 10:00", "26-11-2026 11:59", "26-11-2026 12:00", "0001-01-01 00:30"])
def test_past_is_refused(text):
    assert refusal(text).key == "time.past"


@pytest.mark.parametrize("text", ["9999-01-01 10:00", "31-12-9999 23:59", "1-1-2032 10:00"])
def test_far_future_is_refused(text):
    assert refusal(text).key == "time.too_far"


@pytest.mark.parametrize(
    "text",
    [
        "31 februari",
        "31 februari 10:00",
        "blah",
        "x 14:00",
        "morgen 25:00",
        "juni",
        "2027",
        "10",
        "1893456000",
    ],
)
def test_garbage_is_refused(text):
    error = refusal(text)
    assert error.key == "time.unparsable"
    assert error.params == {"text": text}


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "\u200b", "\u200b\u200d\ufeff", "morgen 10:00 " * 20])
def test_empty_invisible_and_overlong_text_is_refused(text):
    assert refusal(text).key == "time.unparsable"


def test_naive_now_is_a_programming_error():
    with pytest.raises(ValueError, match="aware"):
        when("morgen 10:00", now=NOW.replace(tzinfo=None))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_a_future_moment_or_a_user_error(text):
    try:
        result = when(text)
    except UserError as error:
        assert error.key in MESSAGE_KEYS
    else:
        assert result.utc > NOW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", Offset(days=7)),
        ("1d", Offset(days=1)),
        ("2h", Offset(hours=2)),
        ("30m", Offset(minutes=30)),
        ("1w", Offset(days=7)),
        ("1u", Offset(hours=1)),
        ("2 dagen", Offset(days=2)),
        ("3 uur", Offset(hours=3)),
        ("1 week", Offset(days=7)),
        ("1 dag", Offset(days=1)),
        ("15 minuten", Offset(minutes=15)),
        ("2 Hours", Offset(hours=2)),
        ("1d2h", Offset(days=1, hours=2)),
        ("24h", Offset(days=1)),
        ("90m", Offset(hours=1, minutes=30)),
    ],
)
def test_parse_offset(text, expected):
    assert parse_offset(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "abc", "7", "d7", "7x", "0d", "-1d", "1.5h", "7d en", "9999w"])
def test_bad_offset_is_refused(text):
    with pytest.raises(UserError) as caught:
        parse_offset(text)
    assert caught.value.key == "time.bad_offsets"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d,1d,2h", ["7d", "1d", "2h"]),
        ("2h 7d 1d", ["7d", "1d", "2h"]),
        ("1d, 24h; 1d", ["1d"]),
        ("2 dagen 3 uur", ["2d", "3h"]),
        ("1 week, 1d2h 30m", ["7d", "1d2h", "30m"]),
    ],
)
def test_parse_offsets(text, expected):
    assert [format_offset(offset) for offset in parse_offsets(text)] == expected


@pytest.mark.parametrize("text", ["", " ", ",", "7d, soon", "7d,,x"])
def test_bad_offsets_are_refused(text):
    with pytest.raises(UserError) as caught:
        parse_offsets(text)
    assert caught.value.key == "time.bad_offsets"


def test_too_many_offsets_are_refused():
    assert len(parse_offsets(",".join(f"{n}d" for n in range(1, 11)))) == 10
    with pytest.raises(UserError) as caught:
        parse_offsets(",".join(f"{n}d" for n in range(1, 12)))
    assert caught.value.key == "time.too_many_offsets"
    assert caught.value.params == {"max": 10}


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (Offset(days=7), "7d"),
        (Offset(days=1, hours=2), "1d2h"),
        (Offset(minutes=30), "30m"),
        (Offset(), "0m"),
    ],
)
def test_format_offset_round_trips(offset, text):
    assert format_offset(offset) == text
    if offset != Offset():
        assert parse_offset(text) == offset


@pytest.mark.parametrize(
    ("start", "expected_local", "hours_apart"),
    [
        # autumn switch (25 Oct 2026, 03:00 CEST -> 02:00 CET) in between: one extra hour of real time
        (wall(2026, 10, 30, 10, 0), wall(2026, 10, 23, 10, 0), 7 * 24 + 1),
        # 1 Nov -> 25 Oct 10:00: both already CET, as the switch happened at 03:00 that Sunday
        (wall(2026, 11, 1, 10, 0), wall(2026, 10, 25, 10, 0), 7 * 24),
        # spring switch (28 Mar 2027) in between: one hour less
        (wall(2027, 4, 1, 10, 0), wall(2027, 3, 25, 10, 0), 7 * 24 - 1),
    ],
)
def test_apply_offset_keeps_wall_clock_across_dst(start, expected_local, hours_apart):
    session = WallClock.at(start, AMSTERDAM)
    reminder = apply_offset(session, Offset(days=7))
    assert reminder.local == expected_local
    assert reminder.local.time() == time(10, 0)
    assert session.utc - reminder.utc == timedelta(hours=hours_apart)


def test_apply_offset_out_of_a_spring_gap_moves_forward():
    reminder = apply_offset(WallClock.at(wall(2027, 3, 28, 4, 30), AMSTERDAM), Offset(hours=2))
    assert reminder.local == wall(2027, 3, 28, 3, 0)
    assert reminder.utc == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


def test_apply_offset_into_the_repeated_hour_picks_the_first():
    reminder = apply_offset(WallClock.at(wall(2027, 10, 31, 4, 30), AMSTERDAM), Offset(hours=2))
    assert reminder.local == wall(2027, 10, 31, 2, 30)
    assert reminder.fold == 0
    assert reminder.aware.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("Europe/Amsterdam", "Europe/Amsterdam"), ("europe/amsterdam", "Europe/Amsterdam"), (" UTC ", "UTC")],
)
def test_validate_zone(name, canonical):
    assert validate_zone(name) == canonical


@pytest.mark.parametrize("name", ["", "Amsterdam", "Mars/Olympus", "CEST"])
def test_unknown_zone_is_refused(name):
    with pytest.raises(UserError) as caught:
        validate_zone(name)
    assert caught.value.key == "time.bad_zone"
    assert caught.value.params == {"zone": name}


def test_search_zones():
    assert search_zones("")[0] == "Europe/Amsterdam"
    assert len(search_zones("")) == 25
    assert search_zones("amster") == ["Europe/Amsterdam"]
    assert search_zones("lon")[:2] == ["Arctic/Longyearbyen", "Europe/London"]
    assert search_zones("zz-nothing") == []


def test_discord_timestamp():
    moment = datetime(2026, 11, 26, 11, 0, tzinfo=UTC)
    assert discord_timestamp(moment) == "<t:1795690800:F>"
    assert discord_timestamp(moment.astimezone(ZoneInfo(AMSTERDAM)), "R") == "<t:1795690800:R>"
    with pytest.raises(ValueError, match="aware"):
        discord_timestamp(moment.replace(tzinfo=None))
    with pytest.raises(ValueError, match="style"):
        discord_timestamp(moment, "X")


def test_every_refusal_key_is_declared():
    source = Path(timeparse.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'"(time\.[a-z_]+)"', source))
    assert used == set(MESSAGE_KEYS)
