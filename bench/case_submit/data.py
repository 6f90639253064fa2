"""The applicants and their uploads (through the services, then bulk-inserted pools of
copies), wrk's data file, and the checks after a measure."""

import json
import time
from pathlib import Path

from case_submit import CONNECTIONS, FORM, ITEM


def register_applicants(n: int):
    """``n`` applicants spread over the towns that offer the item, each with an account
    and a bearer token — all through the services."""
    import random

    from onething.catalog.models import ServiceItem
    from onething.core.generate import chinese_name, mobile, resident_id
    from onething.core.models import Role
    from onething.core.permissions import SYSTEM, actor_for
    from onething.core.services.accounts import account_create, token_issue
    from onething.core.services.parties import person_register

    towns = sorted(ServiceItem.objects.get(code=ITEM).regions.values_list("code", flat=True))
    rng = random.Random(20260101)
    seen: set[str] = set()
    people = []
    for i in range(n):
        number = resident_id(rng)
        while number in seen:
            number = resident_id(rng)
        seen.add(number)
        person = person_register(
            actor=SYSTEM,
            name=chinese_name(rng),
            id_number=number,
            phone=mobile(rng),
            region_code=towns[i % len(towns)],
            idempotency_key=f"bench-person-{i}",
        )
        user = account_create(
            actor=SYSTEM,
            username=f"bench.applicant{i:03d}",
            password=None,
            role=Role.APPLICANT,
            person=person,
        )
        _token, secret = token_issue(actor=SYSTEM, user=user, name="bench")
        people.append((user, actor_for(user), secret))
    return people, towns


def upload_templates(actor) -> list:
    """Three real uploads (one per material type the item needs), through the service."""
    from onething.cases.services.materials import material_upload
    from onething.catalog.models import ServiceItem
    from onething.demo.runner import scan

    item = ServiceItem.objects.get(code=ITEM)
    codes = [r.material_type.code for r in item.materials.select_related("material_type")]
    return [
        material_upload(actor=actor, material_type_code=c, name=f"{c}.pdf", data=scan())
        for c in sorted(codes)
    ]


def upload_pool(users, templates, per_user: int) -> dict[int, list[str]]:
    """``per_user`` triples of unused uploads for each user: bulk-inserted copies of the
    template rows (same stored file). Returns {user id: ["id,id,id", …]}."""
    from onething.cases.models import Material
    from onething.core import clock

    now = clock.now()
    rows = [
        Material(
            owner_id=user.pk,
            material_type_id=t.material_type_id,
            file=t.file.name,
            original_name=t.original_name,
            content_type=t.content_type,
            size=t.size,
            sha256=t.sha256,
            uploaded_at=now,
        )
        for user in users
        for _ in range(per_user)
        for t in templates
    ]
    Material.objects.bulk_create(rows, batch_size=3000)
    pool: dict[int, list[str]] = {}
    k = len(templates)
    for start in range(0, len(rows), k):
        triple = rows[start : start + k]
        pool.setdefault(triple[0].owner_id, []).append(",".join(str(m.pk) for m in triple))
    return pool


def write_data(path: Path, people, pool) -> None:
    body = json.dumps(
        {"item_code": ITEM, "form": FORM, "materials": ["%MATERIALS%"], "delivery": "electronic"},
        ensure_ascii=False,
        separators=(",", ":"),
    ).replace('"%MATERIALS%"', "%MATERIALS%")
    lines = [body]
    for user, _actor, secret in people:
        lines.append(" ".join([secret, *pool[user.pk]]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check(result: dict, label: str) -> list[str]:
    """Every 2xx submission made exactly one case; problems as sentences. The cases of a
    run are found through the idempotency keys its requests carried."""
    from django.db.models import Count

    from onething.cases.models import Case
    from onething.core.models import IdempotencyRecord

    problems = []
    records = IdempotencyRecord.objects.filter(
        operation="case.submit", key__startswith=f"bench-{label}-"
    )
    done, seen = records.exclude(result_id=""), -1
    for _ in range(30):  # requests cut off when wrk stopped may still be finishing
        if (count := done.count()) == seen:
            break
        seen = count
        time.sleep(0.5)
    ids = [int(pk) for pk in done.values_list("result_id", flat=True)]
    cases = Case.objects.filter(pk__in=ids)
    result["created"] = n_created = cases.count()
    result["in_flight"] = n_created - result["ok"]
    if not 0 <= result["in_flight"] <= CONNECTIONS:
        problems.append(
            f"{result['ok']} answers were 2xx but {n_created} cases were made "
            f"(at most {CONNECTIONS} may still have been in flight when wrk stopped)"
        )
    if len(set(ids)) != len(ids):
        problems.append(f"{len(ids) - len(set(ids))} cases answer more than one request")
    if n_created != len(ids):
        problems.append(f"{len(ids) - n_created} idempotency records point at no case")
    if records.filter(result_id="").exists():
        problems.append("some idempotency keys were claimed without a case being made")
    odd = cases.annotate(n=Count("materials")).exclude(n=3).count()
    if odd:
        problems.append(f"{odd} cases do not have exactly 3 materials")
    if result["exhausted"]:
        problems.append(f"the upload pool ran dry {result['exhausted']} times (sizing error)")
    if result["bad"]:
        problems.append(
            f"{result['bad']} non-2xx answers or socket errors: status {result['status']}, "
            f"errors {result['errors']}; first body: {result['sample'][:300]}"
        )
    return problems
