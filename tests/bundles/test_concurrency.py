"""Two steps of a run concluded at the same moment in two departments (PostgreSQL, real
commits): the run sees both and concludes."""

import threading
import time

import pytest
from django.db import close_old_connections, transaction

from onething.bundles.models import BundleRun
from onething.bundles.services.definitions import bundle_save
from onething.bundles.services.runs import run_submit
from onething.cases.models import Material
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.catalog.models import MaterialType
from onething.core.models import Department, Enterprise
from onething.core.permissions import SYSTEM, actor_for
from onething.demo.bundles import officer
from tests import files

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_conclusions_both_count(transactional_city):
    bundle_save(
        actor=SYSTEM,
        data={
            "code": "YJS-320281-QY-020",
            "name": "并发测试",
            "audience": "enterprise",
            "steps": [
                {"key": "declare", "item_code": "320200-SW-101"},
                {"key": "register", "item_code": "320200-SSDJ-101"},
            ],
        },
    )
    staff = transactional_city.actor("qiye.chengfeng")
    enterprise = Enterprise.objects.get(pk=staff.enterprise_id)
    ids = [
        Material.objects.create(
            owner_id=staff.user_id,
            material_type=MaterialType.objects.get(code=code),
            file=f"test/{code}.pdf",
            original_name=f"{code}.pdf",
            content_type="application/pdf",
            size=len(files.pdf()),
            sha256="0" * 64,
        ).pk
        for code in ("business-licence", "tax-return", "equity-contract", "application-form")
    ]
    run = run_submit(
        actor=staff,
        bundle_code="YJS-320281-QY-020",
        form={
            "taxpayer_id": enterprise.credit_code,
            "income_yuan": 100,
            "company_credit_code": enterprise.credit_code,
            "transferor": "甲",
            "transferee": "乙",
            "share_percent": 10,
            "price_yuan": 100,
        },
        material_ids=ids,
        enterprise_id=enterprise.pk,
        region_code="320281",
    )
    cases = {rs.step.key: rs.case.number for rs in run.steps.select_related("step", "case")}
    tax = actor_for(officer(Department.objects.get(code="JY-SW")))
    market = actor_for(officer(Department.objects.get(code="JY-SCJG")))
    case_accept(actor=tax, number=cases["declare"])
    case_accept(actor=market, number=cases["register"])
    first_done, errors = threading.Event(), []

    def first():
        try:
            with transaction.atomic():
                case_conclude(actor=tax, number=cases["declare"], outcome="approved")
                first_done.set()
                time.sleep(0.5)  # the other conclusion runs meanwhile
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
            first_done.set()
        finally:
            close_old_connections()

    def second():
        try:
            first_done.wait(10)
            case_conclude(actor=market, number=cases["register"], outcome="approved")
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    run = BundleRun.objects.get(pk=run.pk)
    assert run.status == "concluded"
    assert set(run.steps.values_list("status", flat=True)) == {"approved"}
