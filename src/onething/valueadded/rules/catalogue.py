"""The catalogue of value-added services (增值服务), pure: the categories, the kinds of
provider, who may ask for a service (every enterprise, or those of the sizes and
industries it names) and the checks of what staff type for a provider or a service.

A provider is the city (a department: its officers act) or a partner (an enterprise
registered on the platform, such as a bank or a law firm: its staff accounts act)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onething.core.errors import FieldProblem
from onething.core.problems import text_problem

# ---------------------------------------------------------------- categories

FINANCING, LEGAL, IP = "financing", "legal", "ip"
RECRUITMENT, TRAINING, OTHER = "recruitment", "training", "other"
CATEGORIES = (FINANCING, LEGAL, IP, RECRUITMENT, TRAINING, OTHER)
CATEGORY_LABELS = {
    FINANCING: pgettext_lazy("value-added", "Financing matchmaking"),  # 融资对接
    LEGAL: pgettext_lazy("value-added", "Legal consultation"),  # 法律咨询
    IP: pgettext_lazy("value-added", "Intellectual property"),  # 知识产权
    RECRUITMENT: pgettext_lazy("value-added", "Recruitment"),  # 人才招聘
    TRAINING: pgettext_lazy("value-added", "Training"),  # 培训
    OTHER: pgettext_lazy("value-added", "Other services"),  # 其他服务
}

# ---------------------------------------------------------------- providers

CITY, PARTNER = "city", "partner"
PROVIDER_KINDS = (CITY, PARTNER)
PROVIDER_KIND_LABELS = {
    CITY: pgettext_lazy("value-added provider", "City department"),  # 市级部门
    PARTNER: pgettext_lazy("value-added provider", "Partner institution"),  # 合作机构
}

SIZES = ("micro", "small", "medium", "large")  # core's EnterpriseSize
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")
NAME_MAX, DESCRIPTION_MAX, CONTACT_MAX, FEE_NOTE_MAX = 80, 2000, 120, 120
TAG_MAX, TAGS_MAX = 30, 10
RESPONSE_DAYS_MIN, RESPONSE_DAYS_MAX = 1, 30


def label(labels: dict, value: str) -> str:
    return str(labels.get(value, value))


def category_label(category: str) -> str:
    return label(CATEGORY_LABELS, category)


def provider_kind_label(kind: str) -> str:
    return label(PROVIDER_KIND_LABELS, kind)


def clean_tags(values: Sequence[Any]) -> list[str]:
    """Industry tags as stored: trimmed, blanks and repeats left out, in the order given."""
    return list(dict.fromkeys(str(v).strip() for v in values if str(v or "").strip()))


def may_ask(
    *,
    sizes: Sequence[str],
    industries: Sequence[str],
    enterprise_size: str,
    enterprise_industry: str,
) -> bool:
    """Whether an enterprise may ask for a service: every enterprise when the service names
    no size and no industry; else its size among the sizes named (if any) and one of the
    industry tags in its industry (``制造`` fits ``通用设备制造``; if any)."""
    tags = clean_tags(industries)
    if sizes and enterprise_size not in sizes:
        return False
    return not tags or any(tag in (enterprise_industry or "") for tag in tags)


def code_problem(field: str, code: Any) -> FieldProblem | None:
    """A code: 2 to 32 lower-case letters, digits and dashes, starting with a letter or digit."""
    if not isinstance(code, str) or not code.strip():
        return FieldProblem(field, "required", _("Give a code (letters, digits and dashes)."))
    if not CODE.match(code.strip()):
        return FieldProblem(
            field, "format", _("2 to 32 lower-case letters, digits and dashes, e.g. bank-loan.")
        )
    return None


def tags_problems(sizes: Any, industries: Any) -> list[FieldProblem]:
    """Who may ask: the sizes (core's enterprise sizes) and the industry tags."""
    problems = []
    if not isinstance(sizes, list | tuple) or any(s not in SIZES for s in sizes):
        problems.append(
            FieldProblem("sizes", "choice", _("Sizes are among: %(s)s.") % {"s": ", ".join(SIZES)})
        )
    if not isinstance(industries, list | tuple) or not all(isinstance(t, str) for t in industries):
        problems.append(FieldProblem("industries", "type", _("A list of industry words.")))
    elif len(industries) > TAGS_MAX:
        problems.append(
            FieldProblem("industries", "max_items", _("At most %(n)s words.") % {"n": TAGS_MAX})
        )
    else:
        for tag in industries:
            problem = text_problem("industries", tag, TAG_MAX)
            if problem is not None:
                problems.append(problem)
                break
    return problems


def response_days_problem(value: Any) -> FieldProblem | None:
    """The promised response time: a whole number of working days, 1 to 30."""
    if isinstance(value, bool) or not isinstance(value, int):
        return FieldProblem(
            "response_days", "type", _("A whole number of working days is expected.")
        )
    if not RESPONSE_DAYS_MIN <= value <= RESPONSE_DAYS_MAX:
        return FieldProblem(
            "response_days",
            "range",
            _("From %(a)s to %(b)s working days.")
            % {"a": RESPONSE_DAYS_MIN, "b": RESPONSE_DAYS_MAX},
        )
    return None


def service_problems(fields: dict[str, Any]) -> list[FieldProblem | None]:
    """The problems of a service's fields that are given (a create gives them all)."""
    checks = {
        "name": lambda v: text_problem("name", v, NAME_MAX, required=True),
        "description": lambda v: text_problem("description", v, DESCRIPTION_MAX, required=True),
        "category": lambda v: (
            None
            if v in CATEGORIES
            else FieldProblem(
                "category", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(CATEGORIES)}
            )
        ),
        "fee_note": lambda v: text_problem("fee_note", v, FEE_NOTE_MAX),
        "response_days": response_days_problem,
        "free": lambda v: (
            None if isinstance(v, bool) else FieldProblem("free", "type", _("Yes or no."))
        ),
        "active": lambda v: (
            None if isinstance(v, bool) else FieldProblem("active", "type", _("Yes or no."))
        ),
    }
    problems = [check(fields[name]) for name, check in checks.items() if name in fields]
    if "sizes" in fields or "industries" in fields:
        problems += tags_problems(fields.get("sizes", []), fields.get("industries", []))
    return problems


def provider_problems(fields: dict[str, Any]) -> list[FieldProblem | None]:
    """The problems of a provider's fields that are given."""
    checks = {
        "name": lambda v: text_problem("name", v, NAME_MAX, required=True),
        "description": lambda v: text_problem("description", v, DESCRIPTION_MAX),
        "contact": lambda v: text_problem("contact", v, CONTACT_MAX),
        "kind": lambda v: (
            None
            if v in PROVIDER_KINDS
            else FieldProblem(
                "kind", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(PROVIDER_KINDS)}
            )
        ),
        "active": lambda v: (
            None if isinstance(v, bool) else FieldProblem("active", "type", _("Yes or no."))
        ),
    }
    return [check(fields[name]) for name, check in checks.items() if name in fields]
