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

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ABS_DMY = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?(?:\s+(\d{{4}}))?\b", re.I)
_ABS_MDY = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(?:on|last|this|late|early)?\s*(" + "|".join(_WEEKDAYS) + r")\b", re.I)


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


def _absolute(text: str, published: dt.date | None) -> dt.date | None:
    for pattern, order in ((_ISO, "ymd"), (_ABS_DMY, "dmy"), (_ABS_MDY, "mdy")):
        m = pattern.search(text)
        if not m:
            continue
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
            continue
    return None


def resolve_date(sentence: str, published: dt.date | None) -> tuple[dt.date | None, int | None]:
    """The date a sentence's event happened, and how precisely it is known."""
    text = sentence.lower()
    absolute = _absolute(sentence, published)
    if absolute is not None:
        return absolute, 1
    if published is None:
        return None, None
    if re.search(r"\b(yesterday|last night)\b", text):
        return published - dt.timedelta(days=1), 1
    if re.search(r"\b(today|this morning|this afternoon|this evening|tonight|overnight)\b", text):
        return published, 1
    m = _WEEKDAY.search(sentence)
    if m:
        target = _WEEKDAYS.index(m[1].lower())
        back = (published.weekday() - target) % 7
        return published - dt.timedelta(days=back), 1
    if re.search(r"\b(earlier this week|this week|in recent days|days ago)\b", text):
        return published, 2
    if re.search(r"\blast week\b", text):
        return published - dt.timedelta(days=7), 2
    if re.search(r"\b(this month|earlier this month)\b", text):
        return published, 3
    if re.search(r"\blast month\b", text):
        first = published.replace(day=1) - dt.timedelta(days=1)
        return first, 3
    # A news report of an event with no time phrase: around the publication date.
    return published, 2
