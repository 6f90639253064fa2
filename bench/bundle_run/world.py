"""The world the runs use (the applicant, the bundle, the officers, the uploads), one run,
the checks after the timed runs, and the persistence floor."""

import secrets
import time

from bundle_run import BUNDLE, FORM, TOWN


class World:
    """The applicant, the bundle, the officers and the uploads the runs use."""

    def __init__(self) -> None:
        import random

        from onething.bundles.services.definitions import bundle_save
        from onething.cases.services.materials import material_upload
        from onething.catalog.models import Requirement, ServiceItem
        from onething.core.generate import chinese_name, mobile, resident_id
        from onething.core.models import Role
        from onething.core.permissions import SYSTEM, actor_for
        from onething.core.services.accounts import account_create
        from onething.core.services.parties import person_register
        from onething.demo.runner import scan

        rng = random.Random(20261124)
        person = person_register(
            actor=SYSTEM,
            name=chinese_name(rng),
            id_number=resident_id(rng),
            phone=mobile(rng),
            region_code=TOWN,
            idempotency_key="bench-bundle-person",
        )
        self.user = account_create(
            actor=SYSTEM,
            username="bench.bundle",
            password=None,
            role=Role.APPLICANT,
            person=person,
        )
        self.actor = actor_for(self.user)
        self.bundle = bundle_save(actor=SYSTEM, data=BUNDLE)
        codes = [s["item_code"] for s in BUNDLE["steps"]]
        types = sorted(
            {
                r.material_type.code
                for item in ServiceItem.objects.filter(code__in=codes)
                for r in item.materials.select_related("material_type")
                if r.requirement == Requirement.REQUIRED
            }
        )
        self.types = types
        self.templates = [
            material_upload(actor=self.actor, material_type_code=c, name=f"{c}.pdf", data=scan())
            for c in types
        ]
        self.officers: dict[int, object] = {}
        self.nonce = secrets.token_hex(4)
        self.counter = 0

    def officer_for(self, department_id: int):
        """The department's officer (the town's own account where the demo city has one,
        else the bundles demo's officer.<code>), as an actor."""
        if department_id not in self.officers:
            from onething.core.models import Department, Role, User
            from onething.core.permissions import actor_for
            from onething.demo.bundles import officer

            department = Department.objects.get(pk=department_id)
            user = (
                User.objects.filter(role=Role.OFFICER, department=department, is_active=True)
                .order_by("username")
                .first()
            ) or officer(department)
            self.officers[department_id] = actor_for(user)
        return self.officers[department_id]

    def pool(self, n: int) -> list[list[int]]:
        """``n`` sets of unused uploads (one per material type), bulk-inserted copies of
        the uploaded rows."""
        from onething.cases.models import Material
        from onething.core import clock

        copied = [
            {
                f.attname: getattr(t, f.attname)
                for f in Material._meta.concrete_fields
                if not f.primary_key
            }
            for t in self.templates
        ]
        now = clock.now()
        rows = [
            Material(**{**fields, "case_id": None, "reserved_for": "", "uploaded_at": now})
            for _ in range(n)
            for fields in copied
        ]
        Material.objects.bulk_create(rows, batch_size=2000)
        k = len(self.templates)
        return [[m.pk for m in rows[i : i + k]] for i in range(0, len(rows), k)]

    def run(self, material_ids: list[int], phases: dict[str, float] | None = None):
        """One run, from the application to the run concluded; the elapsed seconds. The
        officers act in the order a department's inbox would show the steps."""
        from onething.bundles.models import BundleRun, RunStatus, RunStep
        from onething.bundles.services.runs import run_submit
        from onething.cases.services.lifecycle import case_accept, case_conclude

        self.counter += 1
        t0 = time.perf_counter()
        run = run_submit(
            actor=self.actor,
            bundle_code=BUNDLE["code"],
            form=FORM,
            material_ids=material_ids,
            idempotency_key=f"bench-bundle-{self.nonce}-{self.counter}",
        )
        t1 = time.perf_counter()
        steps = list(
            RunStep.objects.filter(run_id=run.pk)
            .order_by("step__order")
            .values_list("case__number", "case__department_id")
        )
        t2 = time.perf_counter()
        accepting = concluding = 0.0
        for number, department_id in steps:
            officer = self.officer_for(department_id)
            a = time.perf_counter()
            case_accept(actor=officer, number=number)
            b = time.perf_counter()
            case_conclude(actor=officer, number=number, outcome="approved")
            c = time.perf_counter()
            accepting += b - a
            concluding += c - b
        t3 = time.perf_counter()
        status = BundleRun.objects.values_list("status", flat=True).get(pk=run.pk)
        if len(steps) != 3 or any(n is None for n, _d in steps) or status != RunStatus.CONCLUDED:
            raise RuntimeError(
                f"run {run.number}: {len(steps)} steps {steps}, status {status!r}; "
                "expected 3 started steps and the run concluded"
            )
        if phases is not None:
            phases["run_submit (run + 3 cases)"] += t1 - t0
            phases["read the 3 case numbers"] += t2 - t1
            phases["case_accept × 3"] += accepting
            phases["case_conclude × 3 (licence, run moves on)"] += concluding
        return run, t3 - t0


def check(run_ids: list[int]) -> list[str]:
    """Every timed run concluded, with three approved steps, each case concluded approved
    with its licence."""
    from django.db.models import Count, Q

    from onething.bundles.models import BundleRun, RunStatus, RunStep, StepStatus
    from onething.cases.models import Case, Licence

    problems = []
    runs = BundleRun.objects.filter(pk__in=run_ids)
    if runs.exclude(status=RunStatus.CONCLUDED).exists() or runs.count() != len(run_ids):
        problems.append("not every timed run is concluded")
    odd = (
        runs.annotate(n=Count("steps", filter=Q(steps__status=StepStatus.APPROVED)))
        .exclude(n=3)
        .count()
    )
    if odd:
        problems.append(f"{odd} runs do not have exactly 3 approved steps")
    cases = Case.objects.filter(bundle_step__run_id__in=run_ids)
    if cases.filter(status="concluded", outcome="approved").count() != 3 * len(run_ids):
        problems.append("not every step case is concluded approved")
    licences = Licence.objects.filter(case__bundle_step__run_id__in=run_ids).count()
    if licences != 3 * len(run_ids):
        problems.append(f"{licences} licences for {3 * len(run_ids)} approved step cases")
    if RunStep.objects.filter(run_id__in=run_ids, case__isnull=True).exists():
        problems.append("a step of a timed run has no case")
    return problems


def floor_run() -> None:
    """The least a run that persists each of its 7 decisions (the application, 3
    acceptances, 3 conclusions) in its own transaction does: 7 transactions of one ORM
    INSERT each (a row in the tiny core_numbercounter table, as bench_case_submit's floor)."""
    import uuid

    from django.db import transaction

    from onething.core.models import NumberCounter

    for _ in range(7):
        with transaction.atomic():
            NumberCounter.objects.create(key=f"bench-floor:{uuid.uuid4().hex}", value=1)
