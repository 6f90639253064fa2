"""The placements' pages: the public openings (filters, export), an opening's page where a
student applies, a company's recruiting page (applicants with class, track and passed
courses), a job application's moves by each side, a student's jobs, the institute's
placements (filters, CSV/.xlsx), recording one directly and ending it — in Chinese, every
problem at once, another company's records 404."""

from __future__ import annotations

import pytest

from onething.core import clock
from onething.training.models import JobApplication, Opening, Placement
from onething.training.services.placements import job_apply, job_offer, placement_record

from ..web.test_wording import latin_words
from .world_placements import AFTER_CLASS, build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(AFTER_CLASS):
        yield


@pytest.fixture
def jobs(inst):
    return build(inst)


def text(answer) -> str:
    return answer.content.decode()


DATA_WORDS = {"AI", "ADC"}


def english_words(html: str) -> list[str]:
    """English words left in a zh page's main part (the shared scanner; the names in the
    data — AI芯片, ADC偶联… — are the data's)."""
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return [w for w in latin_words(f"<main{main}</main>")[0] if w not in DATA_WORDS]


def test_the_public_openings_and_an_opening(jobs, city):
    anyone = city.client()
    page = anyone.get("/training/openings/")
    assert page.status_code == 200
    html = text(page)
    assert "ADC偶联药物工艺工程师" in html and "数字芯片验证工程师" in html
    assert english_words(html) == []
    filtered = text(anyone.get(f"/training/openings/?company={jobs.inst.zwax.pk}"))
    assert "数字芯片验证工程师" in filtered and "ADC偶联药物工艺工程师" not in filtered
    export = anyone.get("/training/openings/?export=csv")
    assert export.status_code == 200 and "ADC偶联药物工艺工程师" in export.content.decode(
        "utf-8-sig"
    )
    one = anyone.get(f"/training/openings/{jobs.yaoming_opening.number}/")
    assert one.status_code == 200 and "参与生物偶联药物的工艺开发" in text(one)
    assert 'data-testid="move-apply"' not in text(one)  # anonymous: no form
    assert english_words(text(one)) == []
    assert anyone.get("/training/openings/GW202599999/").status_code == 404


def test_a_student_applies_on_the_page_once(jobs, city):
    wei = city.client("t.wei")
    url = f"/training/openings/{jobs.yaoming_opening.number}/"
    page = text(wei.get(url))
    assert 'data-testid="move-apply"' in page
    sent = wei.post(f"{url}apply/", {"note": "可立即到岗", "idempotency_key": "p-1"})
    assert sent.status_code == 302
    application = JobApplication.objects.get(person_id=jobs.wei.person_id)
    assert application.note == "可立即到岗"
    again = wei.post(f"{url}apply/", {"note": "", "idempotency_key": "p-2"}, follow=True)
    assert "已" in text(again) and JobApplication.objects.count() == 1
    after = text(wei.get(url))
    assert 'data-testid="my-application"' in after and 'data-testid="move-apply"' not in after
    outsider = city.client("t.outsider").post(f"{url}apply/", {"idempotency_key": "x"})
    assert outsider.status_code == 403


def test_the_companys_page_and_the_moves(jobs, city):
    with clock.frozen(AFTER_CLASS):
        application = job_apply(actor=jobs.wei, number=jobs.yaoming_opening.number)
        job_apply(actor=jobs.zhao, number=jobs.zwax_opening.number)
    hr = city.client("t.hr")
    page = hr.get("/training/company/")
    assert page.status_code == 200
    html = text(page)
    assert "魏同学" in html and "AI芯片导论" in html and "AI芯片项目实战" not in html
    assert "赵盛龙" not in html  # another company's applicant
    assert english_words(html) == []
    export = hr.get("/training/company/?export=xlsx")
    assert export.status_code == 200
    url = f"/training/jobs/{application.pk}/"
    assert city.client("t.zwax.hr").get(url).status_code == 404
    assert city.client("t.zhao").get(url).status_code == 404
    assert "AI芯片导论" in text(hr.get(url))
    refused = hr.post(f"{url}interview/", {"at": "", "note": "x" * 201})
    assert refused.status_code == 422
    assert 'data-field="at"' in text(refused) and 'data-field="note"' in text(refused)
    moved = hr.post(f"{url}interview/", {"at": "2025-09-25T14:30", "note": "A座3楼"})
    assert moved.status_code == 302
    interviewed = JobApplication.objects.get(pk=application.pk)
    assert interviewed.status == "interviewing"
    assert interviewed.interview_at.isoformat() == "2025-09-25T06:30:00+00:00"
    unconfirmed = hr.post(f"{url}offer/", {"note": "面议"})
    assert unconfirmed.status_code == 422 and 'data-field="confirm"' in text(unconfirmed)
    assert hr.post(f"{url}offer/", {"note": "面议", "confirm": "on"}).status_code == 302
    assert hr.post(f"{url}hire/", {"confirm": "on"}).status_code == 403
    wei = city.client("t.wei")
    student_view = text(wei.get(url))
    assert "A座3楼" not in student_view and "面议" in student_view
    assert 'data-testid="move-hire"' in student_view
    assert english_words(student_view) == []
    assert wei.post(f"{url}hire/", {"confirm": "on"}).status_code == 302
    assert JobApplication.objects.get(pk=application.pk).status == "hired"
    mine = text(wei.get("/training/mine/jobs/"))
    assert "ADC偶联药物工艺工程师" in mine and 'data-testid="my-placements"' in mine
    assert english_words(mine) == []


def test_a_second_placement_at_once_is_refused_on_the_page(jobs, city):
    with clock.frozen(AFTER_CLASS):
        placement_record(
            actor=jobs.inst.staff,
            enrolment_number=jobs.wei_enrolment.number,
            company_id=jobs.inst.yaoming.pk,
            position="研发助理",
            started_on=AFTER_CLASS.date(),
        )
        application = job_apply(actor=jobs.wei, number=jobs.zwax_opening.number)
        job_offer(actor=jobs.zwax_hr, application_id=application.pk)
    answer = city.client("t.wei").post(
        f"/training/jobs/{application.pk}/hire/", {"confirm": "on"}, follow=True
    )
    assert "魏同学" in text(answer) and "2025-09-20" in text(answer)
    assert JobApplication.objects.get(pk=application.pk).status == "offered"
    assert Placement.objects.count() == 1


def test_posting_and_changing_an_opening(jobs, city):
    hr = city.client("t.hr")
    form = hr.get("/training/company/openings/new/")
    assert form.status_code == 200 and 'name="company"' not in text(form)  # their one company
    refused = hr.post(
        "/training/company/openings/new/",
        {"title": "", "positions": "", "closes_on": "2025-09-01", "idempotency_key": "n1"},
    )
    assert refused.status_code == 422
    for name in ("title", "positions", "city"):
        assert f'data-field="{name}"' in text(refused)
    made = hr.post(
        "/training/company/openings/new/",
        {
            "title": "质量分析员",
            "city": "无锡",
            "positions": "2",
            "closes_on": "2025-11-30",
            "track": "algorithms",
            "idempotency_key": "n2",
        },
    )
    assert made.status_code == 302
    opening = Opening.objects.get(title="质量分析员")
    assert opening.company == jobs.inst.yaoming and opening.track == jobs.inst.algorithms
    edit = f"/training/openings/{opening.number}/edit/"
    assert city.client("t.zwax.hr").get(edit).status_code == 403
    changed = hr.post(
        edit,
        {"title": "质量分析员", "city": "苏州", "positions": "3", "closes_on": "2025-11-30"},
    )
    assert changed.status_code == 302
    assert Opening.objects.get(pk=opening.pk).city == "苏州"
    closed = hr.post(f"/training/openings/{opening.number}/close/", {"confirm": "on"})
    assert closed.status_code == 302 and Opening.objects.get(pk=opening.pk).status == "closed"
    assert hr.get(edit).status_code == 409
    staff_form = text(city.client("t.staff").get("/training/company/openings/new/"))
    assert 'name="company"' in staff_form  # the institute's staff choose the company
    assert city.client("t.wei").get("/training/company/").status_code == 403


def test_the_institutes_placements_recorded_listed_and_ended(jobs, city):
    staff = city.client("t.staff")
    new = "/training/manage/placements/new/"
    refused = staff.post(new, {"enrolment": "XY0", "position": "", "idempotency_key": "a"})
    assert refused.status_code == 422
    for name in ("enrolment", "company", "position", "started_on"):
        assert f'data-field="{name}"' in text(refused)
    body = {
        "enrolment": jobs.zhao_enrolment.number,
        "company": str(jobs.inst.zwax.pk),
        "position": "验证工程师",
        "started_on": "2025-09-15",
        "idempotency_key": "b",
    }
    assert staff.post(new, body).status_code == 302
    twice = staff.post(new, {**body, "idempotency_key": "c"})
    assert twice.status_code == 409 and "赵盛龙" in text(twice)
    listed = staff.get("/training/manage/placements/?cohort=2025S&year=2025&active=yes")
    assert listed.status_code == 200 and "验证工程师" in text(listed)
    assert english_words(text(listed)) == []
    export = staff.get("/training/manage/placements/?export=xlsx")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    placement = Placement.objects.get()
    assert "验证工程师" in text(city.client("t.zwax.hr").get("/training/manage/placements/"))
    assert "验证工程师" not in text(city.client("t.hr").get("/training/manage/placements/"))
    assert city.client("t.hr").get(f"/training/placements/{placement.pk}/").status_code == 404
    assert city.client("t.wei").get("/training/manage/placements/").status_code == 403
    assert city.client("t.hr").get(new).status_code == 403
    end = f"/training/placements/{placement.pk}/end/"
    unconfirmed = staff.post(end, {"ended_on": "2025-09-19"})
    assert unconfirmed.status_code == 422
    assert staff.post(end, {"ended_on": "2025-09-19", "confirm": "on"}).status_code == 302
    assert Placement.objects.get().ended_on.isoformat() == "2025-09-19"
