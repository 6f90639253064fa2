"""Import honorees from an .xlsx workbook: all of it or nothing.

The first sheet's first row names the columns (in Chinese, as the union's spreadsheets do):
姓名, 身份证号, 手机号, 所在区划代码, 荣誉级别, 荣誉称号, 授予年份, 工作单位. Every row is
checked (the ID number by GB 11643, the level, the year, the required fields); two rows
with the same ID number are both errors; a holder already in the registry is skipped and
reported. Any problem answers 422 listing each as ``rows.<sheet row>.<field>`` and nothing
is written; otherwise every new row is registered in one transaction.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import Conflict, ValidationFailed
from onething.core.identity import PII_FIELDS
from onething.core.models import Person, Region, Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record, audit_record_many, snapshot
from onething.core.services.parties import PERSON_AUDIT_FIELDS, sealed_person
from onething.core.xlsx import read_table
from onething.core.xlsx_rows import RowProblems, cell_text

from ..models import Honoree, HonoreeStatus, HonoreeStatusChange, HonourLevel
from ..rules.reach import as_platform
from .registry import HONOREE_AUDIT_FIELDS, honoree_clean, honoree_register, new_honoree

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20000
COLUMNS = {  # header → field
    "姓名": "name",
    "身份证号": "id_number",
    "手机号": "phone",
    "所在区划代码": "region_code",
    "荣誉级别": "level",
    "荣誉称号": "title",
    "授予年份": "year",
    "工作单位": "work_unit",
}
OPTIONAL = {"手机号", "工作单位"}
LEVELS = {
    "全国": HonourLevel.NATIONAL,
    "全国级": HonourLevel.NATIONAL,
    "省部级": HonourLevel.PROVINCIAL,
    "省级": HonourLevel.PROVINCIAL,
    "市级": HonourLevel.MUNICIPAL,
    "享受待遇人员": HonourLevel.TREATED,
    "区级": HonourLevel.DISTRICT,
    **{code: code for code in HonourLevel.values},
}


def read_rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(sheet row number, {field: cell}) of every non-blank row of the first sheet, read
    through the one guarded reader (sizes, zip bombs, rows)."""
    return read_table(
        data,
        COLUMNS,
        required={f for c, f in COLUMNS.items() if c not in OPTIONAL},
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
    )


def check_rows(rows: list[tuple[int, dict[str, Any]]]):
    """(cleaned rows to register, sheet rows already registered, problems: ``rows.<n>.<field>``
    by row, then by field)."""
    regions = set(Region.objects.values_list("code", flat=True))
    problems = RowProblems(by_field=True)
    cleaned: list[tuple[int, dict[str, Any]]] = []
    for n, cells in rows:
        level = cell_text(cells.get("level"))
        cells = {**cells, "level": LEVELS.get(level, level)}
        data, found = honoree_clean(cells, regions=regions)
        problems.extend(n, found)
        if not any(p.field == "id_number" for p in found):
            cleaned.append((n, data))
    by_number: dict[str, list[int]] = defaultdict(list)
    for n, data in cleaned:
        by_number[data["id_number"]].append(n)
    for numbers in by_number.values():
        for n in numbers if len(numbers) > 1 else ():
            others = ", ".join(str(m) for m in numbers if m != n)
            problems.add(
                n,
                "id_number",
                "duplicate_in_file",
                _("The same ID number is in rows %(rows)s too.") % {"rows": others},
            )
    digest = {keyring().digest(number, PII_FIELDS["id_number"]): number for number in by_number}
    known: dict[str, tuple[str, bool]] = {}  # number → (the person's name, an honoree)
    keys = list(digest)
    for start in range(0, len(keys), 500):
        people = Person.objects.filter(id_number_digest__in=keys[start : start + 500])
        honoured = set(
            Honoree.objects.filter(person__in=people).values_list("person_id", flat=True)
        )
        for person in people:
            known[digest[person.id_number_digest]] = (person.name, person.pk in honoured)
    skipped, to_register = [], []
    for n, data in cleaned:
        name, is_honoree = known.get(data["id_number"], (None, False))
        if is_honoree:
            skipped.append(n)
        elif name is not None and data["name"] and name != data["name"]:
            problems.add(
                n,
                "name",
                "name_mismatch",
                _("This ID number belongs to a person registered under another name."),
            )
        else:
            to_register.append((n, data))
    return to_register, skipped, problems


def _register_each(actor: Actor, to_register: list[tuple[int, dict[str, Any]]]) -> None:
    problems = RowProblems()
    for n, row in to_register:
        try:
            honoree_register(actor=actor, **row)
        except ValidationFailed as error:  # a race with another registration: name the row
            problems.extend(n, error.problems)
        except Conflict as error:
            problems.add(n, "id_number", error.code, error.message)
        problems.raise_any()


def _register_all(actor: Actor, to_register: list[tuple[int, dict[str, Any]]]) -> None:
    """Register the checked rows in bulk: the people not on the platform yet (audited
    ``person.register``; the others found by their number's keyed hash, audited
    ``person.lookup``), then the honorees with their first status (``honoree.register``).
    A number taken meanwhile raises IntegrityError (the caller then goes row by row)."""
    platform = as_platform(actor)  # core's person services act with the platform's reach
    digest = {
        data["id_number"]: keyring().digest(data["id_number"], PII_FIELDS["id_number"])
        for _n, data in to_register
    }
    keys = list(digest.values())
    found: dict[str, Person] = {}
    for start in range(0, len(keys), 500):
        for person in Person.objects.filter(id_number_digest__in=keys[start : start + 500]):
            found[person.id_number_digest] = person
    codes = {data["region_code"] for _n, data in to_register}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    new = [
        sealed_person(data["name"], data["id_number"], regions[data["region_code"]], data["phone"])
        for _n, data in to_register
        if digest[data["id_number"]] not in found
    ]
    Person.objects.bulk_create(new, batch_size=500)
    audit_record_many(
        actor=platform,
        records=[
            *({"action": "person.lookup", "subject": person} for person in found.values()),
            *(
                {
                    "action": "person.register",
                    "subject": person,
                    "after": snapshot(person, PERSON_AUDIT_FIELDS),
                }
                for person in new
            ),
        ],
    )
    found.update({person.id_number_digest: person for person in new})
    now = clock.now()
    honorees = Honoree.objects.bulk_create(
        [new_honoree(found[digest[data["id_number"]]], data, now) for _n, data in to_register],
        batch_size=500,
    )
    HonoreeStatusChange.objects.bulk_create(
        [
            HonoreeStatusChange(
                honoree=honoree, before="", after=HonoreeStatus.ACTIVE, at=now, by_id=actor.user_id
            )
            for honoree in honorees
        ],
        batch_size=500,
    )
    audit_record_many(
        actor=actor,
        records=[
            {
                "action": "honoree.register",
                "subject": honoree,
                "after": {
                    **snapshot(honoree, HONOREE_AUDIT_FIELDS),
                    "id_number_masked": honoree.person.id_number_masked,
                },
            }
            for honoree in honorees
        ],
    )


@transaction.atomic
def honorees_import(*, actor: Actor, name: str, data: bytes) -> dict[str, Any]:
    """Register every row of the workbook, or none (union staff). Answers the report
    ``{file, rows, created, skipped_existing: [sheet rows]}``."""
    require_role(actor, Role.UNION_STAFF)
    rows = read_rows(data)
    to_register, skipped, problems = check_rows(rows)
    problems.raise_any()
    try:
        with transaction.atomic():
            _register_all(actor, to_register)
    except IntegrityError:  # registered meanwhile by someone else: row by row names the row
        _register_each(actor, to_register)
    report = {
        "file": (name or "")[:120],
        "rows": len(rows),
        "created": len(to_register),
        "skipped_existing": skipped,
    }
    sha256 = hashlib.sha256(data).hexdigest()
    audit_record(
        actor=actor,
        action="honorees.import",
        subject=("cards.honoreeimport", sha256[:32]),
        after={**report, "sha256": sha256},
    )
    return report
