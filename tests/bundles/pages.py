"""Helpers of the one-thing page tests: the application page's POST, what a refused
application must not change, the departments handling steps, an undeclared agency."""

from django.core.files.uploadedfile import SimpleUploadedFile

from onething.bundles.models import BundleRun, RunStep
from onething.bundles.services.steps import step_outputs_enter
from onething.cases.models import Case, Material
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.core.models import Enterprise, Role
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from onething.demo.bundles import EQUITY
from tests import files

from .conftest import EQUITY_MATERIALS

APPLY = f"/one-things/{EQUITY}/apply/"
FIELDS = (
    "taxpayer_id",
    "income_yuan",
    "period",
    "company_credit_code",
    "transferor",
    "transferee",
    "share_percent",
    "price_yuan",
)
OUTPUTS = {"declare": {"tax_basis_yuan": "1200000"}, "verify": {"verification_number": "JY-1"}}
OFFICERS = {"declare": "officer.jy-sw", "verify": "officer.jy-sw", "register": "officer.jy-scjg"}


def application(form, materials=EQUITY_MATERIALS, key="run-key-1", **extra):
    """The POST of the application page, files included."""
    data = {f"form.{k}": v for k, v in form.items() if v is not None}
    for code in materials:
        data[f"materials.{code}"] = SimpleUploadedFile(f"{code}.pdf", files.pdf())
    return (
        {"region_code": "320281", "delivery": "electronic", "idempotency_key": key} | data | extra
    )


def written():
    """What a refused application must not change (the files it uploaded are kept for
    the next submission: tests/cases/test_pages_applicant.py)."""
    return (
        BundleRun.objects.count(),
        Case.objects.count(),
        Material.objects.filter(case__isnull=False).count(),
    )


def steps(run):
    return {
        rs.step.key: rs for rs in RunStep.objects.filter(run=run).select_related("step", "case")
    }


def handle(city, run, *keys):
    """The departments accept, enter the outputs and approve these steps (services)."""
    for key in keys:
        actor = city.actor(OFFICERS[key])
        number = steps(run)[key].case.number
        case_accept(actor=actor, number=number)
        if key in OUTPUTS:
            step_outputs_enter(actor=actor, case_number=number, values=OUTPUTS[key])
        case_conclude(actor=actor, number=number, outcome="approved")


def other_enterprise_staff(city):
    enterprise = Enterprise.objects.get(name="德力佳传动科技（江苏）股份有限公司")
    account_create(
        actor=SYSTEM,
        username="qiye.pages-other",
        password="Demo#2026",
        role=Role.APPLICANT,
        person=city.xueyan_person,
        enterprise=enterprise,
    )
    return "qiye.pages-other"


# --- public -----------------------------------------------------------------------------
