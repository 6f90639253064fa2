"""One-things in the back office: the admin saves a bundle through the service (its
refusals shown beside the fields, nothing written), runs are read-only."""

from __future__ import annotations

import json

import pytest

from onething.bundles.models import Bundle, BundleRun, BundleStep, Pickup, RunStep
from onething.bundles.services.definitions import bundle_row
from onething.catalog.models import ServiceItem
from onething.core.models import AuditEntry
from onething.demo.bundles import EQUITY

NEW = "YJS-320211-GR-009"


def _snapshot():
    return (
        sorted((bundle_row(b) for b in Bundle.objects.all()), key=lambda r: r["code"]),
        BundleStep.objects.count(),
        AuditEntry.objects.count(),
    )


# --- the admin ------------------------------------------------------------------------------


def _post_data(bundle: dict, existing: Bundle | None = None) -> dict:
    """The admin page's POST for a definition (``bundle_row``'s shape); ``existing``: the
    change page of a saved bundle, its steps matched by key."""
    ids = {s.key: s.pk for s in existing.steps.all()} if existing else {}
    data = {
        "name": bundle["name"],
        "audience": bundle["audience"],
        "level": bundle.get("level", "city"),
        "listed_in": bundle.get("listed_in", ""),
        "description": bundle.get("description", ""),
        "milestone": bundle.get("milestone", ""),
        "steps-TOTAL_FORMS": str(
            len(bundle["steps"]) + len(set(ids) - {s["key"] for s in bundle["steps"]})
        ),
        "steps-INITIAL_FORMS": str(len(ids)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    if existing is None:
        data["code"] = bundle["code"]
    if bundle.get("is_active", True):
        data["is_active"] = "on"
    items = dict(ServiceItem.objects.values_list("code", "pk"))
    rows = list(bundle["steps"])
    deleted = [k for k in ids if k not in {s["key"] for s in rows}]
    # The saved steps first (as the formset lists them), then the new ones.
    ordered = [s for s in rows if s["key"] in ids] + [s for s in rows if s["key"] not in ids]
    for i, step in enumerate(ordered):
        prefix = f"steps-{i}-"
        data.update(
            {
                f"{prefix}key": step["key"],
                f"{prefix}item": str(items.get(step["item_code"], step.get("item_pk", ""))),
                f"{prefix}order": str(rows.index(step)),
                f"{prefix}after": json.dumps(step.get("after", [])),
                f"{prefix}concludes_after": json.dumps(step.get("concludes_after", [])),
                f"{prefix}outputs": json.dumps(step.get("outputs", []), ensure_ascii=False),
                f"{prefix}checks": json.dumps(step.get("checks", []), ensure_ascii=False),
            }
        )
        if step.get("waits_for_milestone"):
            data[f"{prefix}waits_for_milestone"] = "on"
        if step["key"] in ids:
            data[f"{prefix}id"] = str(ids[step["key"]])
            data[f"{prefix}bundle"] = str(existing.pk)
    for j, key in enumerate(deleted, start=len(ordered)):
        prefix = f"steps-{j}-"
        data.update(
            {
                f"{prefix}id": str(ids[key]),
                f"{prefix}bundle": str(existing.pk),
                f"{prefix}key": key,
                f"{prefix}item": str(existing.steps.get(key=key).item_id),
                f"{prefix}order": "0",
                f"{prefix}after": "[]",
                f"{prefix}concludes_after": "[]",
                f"{prefix}outputs": "[]",
                f"{prefix}checks": "[]",
                f"{prefix}DELETE": "on",
            }
        )
    return data


def _restaurant(**changes):
    """A new one-thing for citizens: a registration, then the food licence with its code."""
    bundle = {
        "code": NEW,
        "name": "测试餐饮一件事",
        "audience": "person",
        "description": "测试",
        "milestone": "",
        "steps": [
            {
                "key": "register",
                "item_code": "320200-SSDJ-001",
                "outputs": [
                    {"name": "credit_code", "label": "统一社会信用代码", "from": "entered"}
                ],
            },
            {
                "key": "food",
                "item_code": "320200-SSDJ-006",
                "after": ["register"],
                "checks": [{"rule": "present", "left": "steps.register.credit_code"}],
            },
        ],
    }
    bundle.update(changes)
    return bundle


@pytest.mark.parametrize("model", [Bundle, BundleRun, RunStep, Pickup])
def test_every_screen_opens(city, a_pickup, model):
    client = city.client("admin", "en")
    base = f"/admin/bundles/{model._meta.model_name}/"
    assert client.get(base).status_code == 200
    first = model.objects.first()
    assert first is not None  # the pickup's run made one
    assert client.get(f"{base}{first.pk}/change/").status_code == 200
    assert client.get(f"{base}add/").status_code == (200 if model is Bundle else 403)


def test_runs_are_read_only_in_the_admin(city, concluded_at_window):
    client = city.client("admin", "en")
    run = BundleRun.objects.filter(bundle__code=EQUITY).first()
    page = client.get(f"/admin/bundles/bundlerun/{run.pk}/change/")
    body = page.content.decode()
    assert run.number in body and "declare" in body  # the run with its steps
    assert 'name="_save"' not in body  # nothing to save
    before = (run.status, RunStep.objects.count())
    client.post(f"/admin/bundles/bundlerun/{run.pk}/delete/", {"post": "yes"})
    run.refresh_from_db()
    assert (run.status, RunStep.objects.count()) == before
    assert (
        client.post(f"/admin/bundles/runstep/{run.steps.first().pk}/change/", {}).status_code == 403
    )


def test_admin_adds_a_bundle_through_the_service(city):
    answer = city.client("admin", "en").post(
        "/admin/bundles/bundle/add/", _post_data(_restaurant())
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    bundle = Bundle.objects.get(code=NEW)
    row = bundle_row(bundle)
    assert [s["key"] for s in row["steps"]] == ["register", "food"]
    assert row["steps"][1]["after"] == ["register"]
    assert row["steps"][0]["outputs"][0]["name"] == "credit_code"
    entry = AuditEntry.objects.get(action="bundle.save", subject_id=str(bundle.pk))
    assert entry.after["steps"][1]["checks"] == [
        {"rule": "present", "left": "steps.register.credit_code"}
    ]


def _refused(city, data, url="/admin/bundles/bundle/add/"):
    before = _snapshot()
    answer = city.client("admin", "en").post(url, data)
    assert answer.status_code == 200, "the page is shown again with the errors"
    assert _snapshot() == before, "nothing is written"
    return answer


def test_admin_refuses_a_cycle_and_writes_nothing(city):
    bundle = _restaurant()
    bundle["steps"][0]["concludes_after"] = ["food"]  # food after register, register after food
    answer = _refused(city, _post_data(bundle))
    formset = answer.context["inline_admin_formsets"][0].formset
    assert "depend on each other in a circle" in " ".join(formset.non_form_errors())
    assert "register → food → register" in " ".join(formset.non_form_errors()) or (
        "food → register → food" in " ".join(formset.non_form_errors())
    )
    assert not Bundle.objects.filter(code=NEW).exists()


def test_admin_refuses_an_unknown_item_and_writes_nothing(city):
    bundle = _restaurant()
    bundle["steps"][1]["item_code"] = "no-such-item"
    bundle["steps"][1]["item_pk"] = str(ServiceItem.objects.order_by("-pk").first().pk + 1000)
    answer = _refused(city, _post_data(bundle))
    forms = answer.context["inline_admin_formsets"][0].formset.forms
    assert "item" in forms[1].errors and "valid choice" in " ".join(forms[1].errors["item"])
    assert not Bundle.objects.filter(code=NEW).exists()


def test_admin_refuses_a_check_on_a_step_it_does_not_wait_for(city):
    bundle = _restaurant()
    bundle["steps"][1]["after"] = []  # food no longer depends on register …
    answer = _refused(city, _post_data(bundle))  # … but its check still reads it
    forms = answer.context["inline_admin_formsets"][0].formset.forms
    assert "does not depend on step register" in " ".join(forms[1].errors["checks"])


def test_admin_names_the_list_with_the_unknown_step(city):
    bundle = _restaurant()
    bundle["steps"][1]["concludes_after"] = ["licence"]  # no such step
    answer = _refused(city, _post_data(bundle))
    forms = answer.context["inline_admin_formsets"][0].formset.forms
    assert "unknown step licence" in " ".join(forms[1].errors["concludes_after"])
    assert "after" not in forms[1].errors


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "YJS-320211-QY-009"}, "code", "must be GR"),
        ({"code": "320211-GR-009"}, "code", "YJS-<region code>"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_admin_refuses_bad_bundle_fields(city, changes, field, message):
    answer = _refused(city, _post_data(_restaurant(**changes)))
    form = answer.context["adminform"].form
    assert message in " ".join(form.errors[field])


def test_admin_refuses_steps_in_a_bad_shape(city):
    bundle = _restaurant()
    data = _post_data(bundle) | {"steps-1-checks": '{"rule": "present"}', "steps-0-after": '"x"'}
    answer = _refused(city, data)
    forms = answer.context["inline_admin_formsets"][0].formset.forms
    assert "list of objects" in " ".join(forms[1].errors["checks"])
    assert "list of step keys" in " ".join(forms[0].errors["after"])


def test_admin_refuses_a_milestone_nobody_named(city):
    bundle = _restaurant()
    bundle["steps"][1]["waits_for_milestone"] = True
    answer = _refused(city, _post_data(bundle))
    forms = answer.context["inline_admin_formsets"][0].formset.forms
    assert "Name the milestone" in " ".join(forms[1].errors["waits_for_milestone"])


def test_admin_changes_a_bundle_with_runs_but_keeps_its_steps(city, concluded_at_window):
    bundle = Bundle.objects.get(code=EQUITY)
    assert bundle.runs.exists()
    url = f"/admin/bundles/bundle/{bundle.pk}/change/"
    row = bundle_row(bundle)
    fewer = {**row, "steps": row["steps"][:2]}
    answer = _refused(city, _post_data(fewer, bundle), url)
    formset = answer.context["inline_admin_formsets"][0].formset
    assert "can be changed but not added or removed" in " ".join(formset.non_form_errors())
    # a change of wording is fine, and recorded
    renamed = {**row, "name": "股权转让一件事（新）", "code": "CHANGED"}
    saved = city.client("admin", "en").post(url, _post_data(renamed, bundle))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    bundle.refresh_from_db()
    assert (bundle.code, bundle.name) == (EQUITY, "股权转让一件事（新）")  # the code stays
    assert bundle_row(bundle)["steps"] == row["steps"]
    entry = AuditEntry.objects.filter(action="bundle.save", subject_id=str(bundle.pk)).first()
    assert entry.after["name"] == "股权转让一件事（新）"


def test_only_administrators_reach_the_admin(city):
    assert city.client("officer.hudai").get("/admin/bundles/bundle/").status_code == 302
    assert city.client("officer.hudai").get("/admin/bundles/bundle/import/").status_code == 302
