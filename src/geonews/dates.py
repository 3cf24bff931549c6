"""Event dates from a publication date and the phrases of a sentence.

``resolve_date(sentence, published)`` returns ``(date or None, time_precision or None)`` with
ACLED's precisions: 1 a day, 2 a week, 3 a month. Without a publication date only absolute
dates ("on 3 March 2025") can be resolved.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["MONTHS", "WEEKDAYS", "parse_published", "resolve_date"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WEEKDAYS = list(WEEKDAYS)
_MONTHS = {m: i + 1 for i, m in enumerate(MONTHS)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

# Month names are matched capitalised ("3 May", never "3 may have died"); "May" and "March"
# also need a day beside them, which every pattern here requires.
_MONTH_RE = "|".join(
    f"{m[0].upper()}{m[1:]}|{m.upper()}" for m in sorted(_MONTHS, key=len, reverse=True)
)
_ABS_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b"
)
_ABS_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_published(value: object) -> dt.date | None:
    """A publication date from a string or date; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    found = _absolute(text, None)
    return found


def _absolute_at(text: str, published: dt.date | None) -> tuple[int, dt.date] | None:
    """The earliest absolute date phrase of a text, with its offset."""
    found: list[tuple[int, dt.date]] = []
    for pattern, order in ((_ISO, "ymd"), (_ABS_DMY, "dmy"), (_ABS_MDY, "mdy")):
        for m in pattern.finditer(text):
            date = _date_of(m, order, published)
            if date is not None:
                found.append((m.start(), date))
                break
    return min(found, key=lambda f: f[0]) if found else None


def _date_of(m: re.Match[str], order: str, published: dt.date | None) -> dt.date | None:
    try:
        if order == "ymd":
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if order == "dmy":
            day, month, year = int(m[1]), _MONTHS[m[2].lower()], m[3]
        else:
            month, day, year = _MONTHS[m[1].lower()], int(m[2]), m[3]
        if year:
            return dt.date(int(year), month, day)
        if published is None:
            return None
        candidate = dt.date(published.year, month, day)
        if candidate > published + dt.timedelta(days=1):  # "on December 30" read in January
            candidate = dt.date(published.year - 1, month, day)
        return candidate
    except ValueError:
        return None


def _absolute(text: str, published: dt.date | None) -> dt.date | None:
    found = _absolute_at(text, published)
    return found[1] if found else None


def resolve_date(sentence: str, published: dt.date | None) -> tuple[dt.date | None, int | None]:
    """The date a sentence's event happened, and how precisely it is known.

    The earliest date phrase of the sentence wins ("yesterday, August 26, ... and tonight,
    August 27" is the 26th); a sentence with none is dated around publication (precision 2).
    """
    found: list[tuple[int, dt.date, int]] = []
    absolute = _absolute_at(sentence, published)
    if absolute is not None:
        found.append((absolute[0], absolute[1], 1))
    if published is not None:
        for pattern, date, precision in _relative(published):
            m = pattern.search(sentence)
            if m:
                found.append((m.start(), date, precision))
    if found:
        _, date, precision = min(found, key=lambda f: (f[0], f[2]))
        return date, precision
    if published is None:
        return None, None
    # A news report of an event with no time phrase: around the publication date.
    return published, 2


def _relative(published: dt.date) -> list[tuple[re.Pattern[str], dt.date, int]]:
    last_month = published.replace(day=1) - dt.timedelta(days=1)
    found = [
        (re.compile(r"\b(?:yesterday|last\s+night)\b", re.I), published - dt.timedelta(days=1), 1),
        (
            re.compile(
                r"\b(?:today|this\s+morning|this\s+afternoon|this\s+evening|tonight|overnight)\b",
                re.I,
            ),
            published,
            1,
        ),
        (
            re.compile(
                r"\b(?:earlier\s+this\s+week|this\s+week|in\s+recent\s+days|days\s+ago)\b", re.I
            ),
            published,
            2,
        ),
        (re.compile(r"\blast\s+week\b", re.I), published - dt.timedelta(days=7), 2),
        (re.compile(r"\b(?:this\s+month|earlier\s+this\s+month)\b", re.I), published, 3),
        (re.compile(r"\blast\s+month\b", re.I), last_month, 3),
    ]
    for index, name in enumerate(_WEEKDAYS):
        back = (published.weekday() - index) % 7
        found.append(
            (
                re.compile(rf"\b(?:on\s+|last\s+|this\s+|late\s+|early\s+)?{name}\b", re.I),
                published - dt.timedelta(days=back),
                1,
            )
        )
    return found
