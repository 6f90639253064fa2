"""The filters of GET Service Requests, read from the query string: comma lists of
service_request_id, service_code and status, and a start_date / end_date window in the w3
date-time format (at most 90 days; the most recent 90 days when neither is given)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock

from ..models import Category
from .formats import Open311Error
from .selectors import MAX_REQUESTS, STATUS_GROUPS, WINDOW

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "+08:00" sent unencoded in a query string arrives as " 08:00"
_LOST_PLUS = re.compile(r"(T[\d:.]+) (\d{2}(:?\d{2})?)$")


@dataclass
class RequestFilters:
    numbers: list[str] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def comma_list(query: QueryDict, name: str) -> list[str]:
    """Every value of ``name`` (given once comma-separated, or several times), in order."""
    values = []
    for raw in query.getlist(name):
        for part in raw.split(","):
            part = part.strip()
            if part and part not in values:
                values.append(part)
    return values


def parse_w3(name: str, value: str, *, end: bool = False) -> dt.datetime:
    """An aware datetime from a w3 date-time (a bare date is its first second, or its last
    for ``end``; with no offset, local time); Open311Error(400) naming ``name`` otherwise."""
    text = _LOST_PLUS.sub(r"\1+\2", value.strip())
    try:
        if _DATE_ONLY.match(text):
            day = dt.date.fromisoformat(text)
            moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
        else:
            moment = dt.datetime.fromisoformat(text.replace("z", "Z"))
        if not 1970 <= moment.year <= 9000:
            raise ValueError("out of range")
    except ValueError:
        raise Open311Error(
            400,
            _("%(f)s (format): %(v)s is not a w3 date-time such as 2026-01-01T00:00:00+08:00.")
            % {"f": name, "v": value[:40]},
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _window(query: QueryDict) -> tuple[dt.datetime, dt.datetime]:
    start_text = (query.get("start_date") or "").strip()
    end_text = (query.get("end_date") or "").strip()
    start = parse_w3("start_date", start_text) if start_text else None
    end = parse_w3("end_date", end_text, end=True) if end_text else None
    if start is None and end is None:
        end = clock.now()
    if start is None:
        start = end - WINDOW
    if end is None:
        end = start + WINDOW
    if end < start:
        raise Open311Error(400, _("end_date (order): end_date comes before start_date."))
    if end - start > WINDOW:
        raise Open311Error(400, _("start_date/end_date (span): the window spans at most 90 days."))
    return start, end


def request_filters(query: QueryDict) -> RequestFilters:
    """The filters, or Open311Error(400) naming the parameter and the rule it broke."""
    numbers = comma_list(query, "service_request_id")
    if len(numbers) > MAX_REQUESTS:
        raise Open311Error(
            400,
            _("service_request_id (max_items): at most %(n)s identifiers.") % {"n": MAX_REQUESTS},
        )
    if numbers:  # the spec: service_request_id overrides every other argument
        return RequestFilters(numbers=numbers)
    errors = []
    codes = comma_list(query, "service_code")
    known = set(
        Category.objects.filter(open311=True, code__in=codes).values_list("code", flat=True)
    )
    unknown = [code for code in codes if code not in known]
    if unknown:
        errors.append(
            _("service_code (unknown): %(c)s is not a service offered here (see services.json).")
            % {"c": ", ".join(unknown)[:200]}
        )
    statuses = comma_list(query, "status")
    wrong = [s for s in statuses if s not in STATUS_GROUPS]
    if wrong:
        errors.append(
            _("status (choice): %(v)s; the status is open or closed.")
            % {"v": ", ".join(wrong)[:100]}
        )
    try:
        start, end = _window(query)
    except Open311Error as exc:
        errors += [description for _code, description in exc.errors]
        start = end = None
    if errors:
        raise Open311Error(400, *errors)
    return RequestFilters(service_codes=codes, statuses=statuses, start=start, end=end)
