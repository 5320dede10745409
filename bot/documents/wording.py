"""Sessions in words for people, in Dutch or English: dates (Babel's CLDR data, not hand-made month names), place."""

from datetime import datetime

from babel.dates import format_datetime

from bot.domain.sessions import Session
from bot.i18n import t

LONG_DATE = {"nl": "EEEE d MMMM y", "en": "EEEE d MMMM y"}
TIME = "HH:mm"


def long_date(moment: datetime, language: str) -> str:
    """'donderdag 10 december 2026' / 'Thursday 10 December 2026' for an aware moment in its zone."""
    return format_datetime(moment, LONG_DATE[language], locale=language)


def session_when(session: Session, language: str) -> str:
    """'donderdag 10 december 2026, 19:30–21:30' in the session's own zone."""
    start = session.start.aware
    end = session.end_utc.astimezone(start.tzinfo)
    times = f"{format_datetime(start, TIME, locale=language)}–{format_datetime(end, TIME, locale=language)}"
    return f"{long_date(start, language)}, {times}"


def place(session: Session, language: str) -> str:
    """Where a session is, or that it is not known yet."""
    return session.location or t("session.place_unknown", language)


def idea_status(status: str, taken_up_by: str | None, language: str) -> str:
    """'opgepakt door Zeist' ('afgerond · opgepakt door Zeist'), or the status alone when nobody took it up."""
    shown = t(f"idea.status_{status}", language)
    if not taken_up_by:
        return shown
    taker = t("idea.status_taken_up_by", language, municipality=taken_up_by)
    return taker if status == "taken_up" else f"{shown} · {taker}"
