"""Writing the catalogue: a department's officer defines (or changes) a dataset of their
department; the platform registers its own figure datasets. Both are idempotent: the same
definition again changes nothing and writes no audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from onething.core.models import Department, Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record
from onething.dashboard.selectors.datasets import DATASETS
from onething.dashboard.selectors.datasets import Dataset as FigureDataset
from onething.dashboard.selectors.datasets import dataset_rows as figure_dataset_rows
from onething.dashboard.selectors.public import PublicFigures, public_filter

from ..models import Dataset, DatasetField, Frequency, Licence, Source, Theme
from ..rules.definitions import FIGURES_PREFIX, FieldSpec, definition_problems


def _choice(field: str, value: str, choices: type) -> list[FieldProblem]:
    if value in choices.values:
        return []
    allowed = ", ".join(choices.values)
    return [FieldProblem(field, "choice", _("Choose one of: %(c)s.") % {"c": allowed})]


def _publisher(code: str) -> Department:
    found = Department.objects.filter(code=str(code)[:32]).first()
    if found is None:
        raise ValidationFailed.one(
            "publisher",
            "unknown",
            _("There is no department %(code)s.") % {"code": str(code)[:32]},
        )
    return found


def may_publish(actor: Actor, department_id: int) -> bool:
    """Whether ``actor`` may define and release datasets of the department: its own
    officers, administrators and the platform itself."""
    if actor.is_system or actor.role == Role.ADMIN:
        return True
    return actor.role == Role.OFFICER and actor.department_id == department_id


def require_publisher(actor: Actor, department: Department) -> None:
    """Refuse (401 / 403) anyone but the department's own officers (and administrators)."""
    require_role(actor, Role.OFFICER, Role.ADMIN)
    if not may_publish(actor, department.pk):
        raise PermissionDenied(
            _("Only the officers of %(department)s may publish its datasets.")
            % {"department": department.name},
            code="not_the_publisher",
            details={"publisher": department.code},
        )


def _fields_of(dataset: Dataset) -> list[FieldSpec]:
    return [
        FieldSpec(f.key, f.label, f.type, f.unit, f.description, f.required)
        for f in dataset.fields.order_by("position")
    ]


def _write_fields(dataset: Dataset, fields: Sequence[FieldSpec]) -> None:
    dataset.fields.all().delete()
    DatasetField.objects.bulk_create(
        DatasetField(
            dataset=dataset,
            position=i,
            key=f.key,
            label=f.label.strip(),
            type=f.type,
            unit=f.unit.strip(),
            description=f.description.strip(),
            required=f.required,
        )
        for i, f in enumerate(fields, start=1)
    )


def _key_taken(key: str) -> Conflict:
    return Conflict(
        _("The identifier %(key)s is taken by another dataset.") % {"key": key},
        code="key_taken",
        details={"key": key},
    )


def _plain(value: Any) -> Any:
    return value.code if isinstance(value, Department) else value


def _save_definition(
    actor: Actor,
    dataset: Dataset,
    wanted: dict[str, Any],
    fields: Sequence[FieldSpec],
    *,
    created: bool,
    action: str,
) -> bool:
    """Write what differs from the dataset as it stands (all of it when new) with its audit
    entry; False when nothing differs."""
    before = {} if created else {name: getattr(dataset, name) for name in wanted}
    old_fields = [] if created else _fields_of(dataset)
    changed = {k: v for k, v in wanted.items() if created or before[k] != v}
    fields_changed = list(fields) != old_fields
    if not changed and not fields_changed:
        return False
    for name, value in changed.items():
        setattr(dataset, name, value)
    dataset.modified = clock.now()
    dataset.save()
    if fields_changed:
        _write_fields(dataset, fields)
    audit_record(
        actor=actor,
        action=action,
        subject=dataset,
        before={k: _plain(before[k]) for k in changed if k in before}
        | ({"fields": [f.key for f in old_fields]} if fields_changed and old_fields else {}),
        after={k: _plain(v) for k, v in changed.items()}
        | ({"fields": [f.key for f in fields]} if fields_changed else {}),
    )
    return True


@transaction.atomic
def dataset_define(
    *,
    actor: Actor,
    key: str,
    title: str,
    publisher: str,
    theme: str,
    licence: str,
    update_frequency: str,
    fields: Sequence[FieldSpec],
    description: str = "",
    keywords: Sequence[str] = (),
    issued: dt.date | None = None,
) -> tuple[Dataset, bool]:
    """Define a department's dataset, or change its definition: (dataset, created). Its
    officers only (403 for another department's). Once a release exists its columns' keys
    and types are fixed (409 ``fields_fixed``); labels, units and descriptions may change.
    The same definition again changes nothing."""
    department = _publisher(publisher)
    require_publisher(actor, department)
    keywords = [k.strip() for k in keywords if k.strip()]
    fields = [
        FieldSpec(f.key, f.label.strip(), f.type, f.unit.strip(), f.description.strip(), f.required)
        for f in fields
    ]
    problems = definition_problems(
        key=key, title=title, description=description, keywords=keywords, fields=fields
    )
    problems += _choice("theme", theme, Theme)
    problems += _choice("licence", licence, Licence)
    problems += _choice("update_frequency", update_frequency, Frequency)
    if update_frequency == Frequency.LIVE:
        problems.append(
            FieldProblem(
                "update_frequency",
                "choice",
                _("Only the platform's figure datasets are built live."),
            )
        )
    if problems:
        raise ValidationFailed(problems)
    wanted = {
        "title": title.strip(),
        "description": description.strip(),
        "theme": theme,
        "keywords": ",".join(keywords),
        "licence": licence,
        "update_frequency": update_frequency,
    }
    dataset = Dataset.objects.select_for_update().filter(key=key).first()
    if dataset is None:
        today = clock.today()
        dataset = Dataset(
            key=key,
            publisher=department,
            source=Source.RELEASE,
            issued=issued or today,
            **wanted,
        )
        try:
            with transaction.atomic():
                _save_definition(
                    actor, dataset, wanted, fields, created=True, action="open_dataset.define"
                )
        except IntegrityError:  # defined at the same moment by another request
            raise _key_taken(key) from None
        return dataset, True
    if dataset.is_figures or dataset.publisher_id != department.pk:
        raise _key_taken(key)
    if dataset.releases.exists() and [f.shape() for f in fields] != [
        f.shape() for f in _fields_of(dataset)
    ]:
        raise Conflict(
            _(
                "The dataset has releases: its fields' keys and types can no longer change "
                "(define a new dataset instead)."
            ),
            code="fields_fixed",
        )
    _save_definition(actor, dataset, wanted, fields, created=False, action="open_dataset.change")
    return dataset, False


# --- the platform's own figures --------------------------------------------------------------


@dataclass(frozen=True)
class Registered:
    created: int
    changed: int
    unchanged: int


def _value_type(value: Any) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float | Decimal):
        return "decimal"
    if isinstance(value, str):
        return "text"
    return None


def figure_fields(figure: FigureDataset, rows: list[dict[str, Any]]) -> list[FieldSpec]:
    """The columns of a figure dataset: its keys, labels and units; each column's type is
    that of its values. A column without any value yet (a city with no history) takes the
    type its definition implies: a rate or an hour count is a number, a charted series a
    count, a code or anything else a text."""
    charted = set(figure.chart.series) if figure.chart else set()
    specs = []
    for column in figure.columns:
        kinds = {_value_type(row.get(column.key)) for row in rows} - {None}
        if column.code or kinds == {"text"} or (len(kinds) > 1 and "text" in kinds):
            kind = "text"
        elif "decimal" in kinds or column.unit:
            kind = "decimal"
        elif kinds:
            kind = kinds.pop()
        else:
            kind = "integer" if column.key in charted else "text"
        unit = {"%": "%", "h": _("hours")}.get(column.unit, column.unit)
        specs.append(FieldSpec(column.key, str(column.label), kind, unit))
    return specs


@transaction.atomic
def figure_datasets_register(
    *,
    actor: Actor,
    publisher: str,
    theme: str = Theme.GOVERNMENT,
    licence: str = Licence.CC_BY_4,
) -> Registered:
    """Put every one of the platform's figure datasets in the catalogue, published by the
    department ``publisher`` (administrators and the platform itself). Their rows are not
    copied: they are built whenever read. Run again, it changes only what changed (a new
    figure dataset, a column renamed)."""
    require_role(actor, Role.ADMIN)
    department = _publisher(publisher)
    problems = _choice("theme", theme, Theme) + _choice("licence", licence, Licence)
    if problems:
        raise ValidationFailed(problems)
    figures = PublicFigures(public_filter())
    counts = {"created": 0, "changed": 0, "unchanged": 0}
    with translation.override(settings.LANGUAGE_CODE):  # the catalogue's language
        for figure in DATASETS.values():
            rows = figure_dataset_rows(figures, figure.key)
            outcome = _register_one(actor, figure, rows, department, theme, licence)
            counts[outcome] += 1
    return Registered(**counts)


def _register_one(
    actor: Actor,
    figure: FigureDataset,
    rows: list[dict[str, Any]],
    department: Department,
    theme: str,
    licence: str,
) -> str:
    description = str(figure.description)
    if figure.note:
        description = f"{description}\n{figure.note}"
    wanted = {
        "title": str(figure.title),
        "description": description,
        "theme": theme,
        "keywords": ",".join([_("platform figures"), str(Theme(theme).label)]),
        "licence": licence,
        "update_frequency": Frequency.LIVE,
        "publisher": department,
    }
    fields = figure_fields(figure, rows)
    dataset = Dataset.objects.select_for_update().filter(figure_key=figure.key).first()
    if dataset is None:
        dataset = Dataset(
            key=f"{FIGURES_PREFIX}{figure.key}",
            source=Source.FIGURES,
            figure_key=figure.key,
            issued=clock.today(),
            **wanted,
        )
        _save_definition(
            actor, dataset, wanted, fields, created=True, action="open_dataset.register_figures"
        )
        return "created"
    changed = _save_definition(
        actor, dataset, wanted, fields, created=False, action="open_dataset.register_figures"
    )
    return "changed" if changed else "unchanged"
