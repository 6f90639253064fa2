"""What a dataset's definition must hold, pure (no database): its identifier, title,
keywords and columns, each problem named by its field (``fields.2.key``) and all of them
at once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem

from .cells import TYPES

KEY = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")
FIELD_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
FIGURES_PREFIX = "figures-"  # the platform's figure datasets' identifiers
TITLE_MAX = 120
DESCRIPTION_MAX = 4000
KEYWORD_MAX = 30
KEYWORDS_MAX = 10
FIELDS_MAX = 60
LABEL_MAX = 60
UNIT_MAX = 20
FIELD_DESCRIPTION_MAX = 300


@dataclass(frozen=True)
class FieldSpec:
    """One column of a dataset as defined."""

    key: str
    label: str
    type: str = "text"
    unit: str = ""
    description: str = ""
    required: bool = False

    def shape(self) -> tuple[str, str]:
        """What the stored rows depend on: the key and the type."""
        return self.key, self.type


def _too_long(field: str, text: str, limit: int) -> list[FieldProblem]:
    if len(text) > limit:
        return [FieldProblem(field, "max_length", _("At most %(n)s characters.") % {"n": limit})]
    return []


def field_problems(fields: Sequence[FieldSpec]) -> list[FieldProblem]:
    """The columns' problems: at least one and at most ``FIELDS_MAX``; each key a
    lower-case name, once; each label given, once; a known type."""
    if not fields:
        return [FieldProblem("fields", "required", _("A dataset has at least one field."))]
    if len(fields) > FIELDS_MAX:
        return [FieldProblem("fields", "max_items", _("At most %(n)s fields.") % {"n": FIELDS_MAX})]
    problems: list[FieldProblem] = []
    keys: set[str] = set()
    labels: set[str] = set()
    for i, spec in enumerate(fields):
        at = f"fields.{i}"
        if not FIELD_KEY.fullmatch(spec.key):
            problems.append(
                FieldProblem(
                    f"{at}.key",
                    "format",
                    _(
                        "A field's key is lower-case letters, digits and underscores, starting "
                        "with a letter, at most 40."
                    ),
                )
            )
        elif spec.key in keys:
            problems.append(FieldProblem(f"{at}.key", "unique", _("This key is used twice.")))
        keys.add(spec.key)
        label = spec.label.strip()
        if not label:
            problems.append(FieldProblem(f"{at}.label", "required", _("This field is required.")))
        elif label in labels:
            problems.append(FieldProblem(f"{at}.label", "unique", _("This label is used twice.")))
        labels.add(label)
        problems += _too_long(f"{at}.label", label, LABEL_MAX)
        if spec.type not in TYPES:
            problems.append(
                FieldProblem(
                    f"{at}.type", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(TYPES)}
                )
            )
        problems += _too_long(f"{at}.unit", spec.unit, UNIT_MAX)
        problems += _too_long(f"{at}.description", spec.description, FIELD_DESCRIPTION_MAX)
    return problems


def definition_problems(
    *, key: str, title: str, description: str, keywords: Sequence[str], fields: Sequence[FieldSpec]
) -> list[FieldProblem]:
    """Every problem of a dataset's definition (the choices are checked by the schema and
    the service)."""
    problems: list[FieldProblem] = []
    if not KEY.fullmatch(key):
        problems.append(
            FieldProblem(
                "key",
                "format",
                _(
                    "The identifier is 2 to 64 lower-case letters, digits and hyphens, "
                    "starting with a letter or digit."
                ),
            )
        )
    elif key.startswith(FIGURES_PREFIX):
        problems.append(
            FieldProblem(
                "key",
                "reserved",
                _("An identifier starting with %(p)s is the platform's figures'.")
                % {"p": FIGURES_PREFIX},
            )
        )
    if not title.strip():
        problems.append(FieldProblem("title", "required", _("This field is required.")))
    problems += _too_long("title", title.strip(), TITLE_MAX)
    problems += _too_long("description", description, DESCRIPTION_MAX)
    if len(keywords) > KEYWORDS_MAX:
        problems.append(
            FieldProblem(
                "keywords", "max_items", _("At most %(n)s keywords.") % {"n": KEYWORDS_MAX}
            )
        )
    for i, word in enumerate(keywords):
        problems += _too_long(f"keywords.{i}", word.strip(), KEYWORD_MAX)
        if "," in word or "，" in word:
            problems.append(
                FieldProblem(f"keywords.{i}", "format", _("One keyword, without commas."))
            )
    return problems + field_problems(fields)
