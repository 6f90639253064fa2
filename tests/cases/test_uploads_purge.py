"""Uploads never attached to an application (a file kept from a refused form, or uploaded
through the API and never submitted) are deleted once older than a day: the record and
the stored file, audited. Recent, attached and reserved uploads stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from onething.cases.models import Material
from onething.cases.services.intake import case_submit
from onething.cases.services.materials import material_upload, materials_purge
from onething.core import clock
from onething.core.models import AuditEntry
from tests import files

from .conftest import FORM, ITEM

MATERIALS = ("id-card", "application-form", "premises-proof")


def upload(city, code="id-card", *, hours_ago: float = 0, key=None) -> Material:
    with clock.frozen(timezone.now() - dt.timedelta(hours=hours_ago)):
        return material_upload(
            actor=city.actor("zhangwei"),
            material_type_code=code,
            name=f"{code}.pdf",
            data=files.pdf(),
            idempotency_key=key,
        )


def stored(material: Material) -> bool:
    return material.file.storage.exists(material.file.name)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the callbacks a commit would run (the stored files go after the commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_an_old_unattached_upload_goes_record_and_file(city, on_commit):
    old = upload(city, hours_ago=25)
    recent = upload(city, "application-form", hours_ago=23)
    assert stored(old) and stored(recent)
    with on_commit():
        count = materials_purge()
    assert count >= 1
    assert not Material.objects.filter(pk=old.pk).exists()
    assert not stored(old)
    assert Material.objects.filter(pk=recent.pk).exists() and stored(recent)
    entry = AuditEntry.objects.filter(action="material.purge").latest("id")
    assert entry.after["count"] == count and old.pk in entry.after["ids"]
    assert recent.pk not in entry.after["ids"]


def test_attached_and_reserved_uploads_stay_however_old(city, on_commit):
    zhang = city.actor("zhangwei")
    with clock.frozen(timezone.now() - dt.timedelta(days=3)):
        ids = [upload(city, code).pk for code in MATERIALS]
        case = case_submit(actor=zhang, item_code=ITEM, form=FORM, material_ids=ids)
    reserved = upload(city, hours_ago=72)
    Material.objects.filter(pk=reserved.pk).update(reserved_for="YJS-1:step")
    with on_commit():
        materials_purge()
    assert case.materials.count() == len(MATERIALS)
    assert all(stored(m) for m in case.materials.all())
    assert Material.objects.filter(pk=reserved.pk).exists() and stored(reserved)


@override_settings(ONETHING_PENDING_UPLOAD_HOURS=2)
def test_the_age_is_a_setting_and_the_command_reports_the_count(city, on_commit, capsys):
    three_hours = upload(city, hours_ago=3)
    one_hour = upload(city, "application-form", hours_ago=1)
    with on_commit():
        call_command("uploads", "purge")
    assert "unattached uploads deleted:" in capsys.readouterr().out
    assert not Material.objects.filter(pk=three_hours.pk).exists()
    assert Material.objects.filter(pk=one_hour.pk).exists()


def test_a_retry_of_a_purged_upload_stores_it_again(city, on_commit):
    """The upload's idempotency key named the deleted record: a retry with it stores the
    file anew instead of failing."""
    first = upload(city, hours_ago=30, key="scan-1")
    with on_commit():
        materials_purge()
    again = upload(city, key="scan-1")
    assert again.pk != first.pk and stored(again)
    assert upload(city, key="scan-1").pk == again.pk  # and the retry after that gets it
