"""Every transition tells the applicant through the one outbox: stored (visible to the
applicant) and delivered by a task by email and SMS, the phone read audited."""

from django.core import mail

from onething.cases.models import Case
from onething.core.models import AuditEntry, Message
from onething.core.notify import MemorySmsBackend


def test_messages_are_stored_and_delivered(api, city, django_capture_on_commit_callbacks):
    from .conftest import FORM, ITEM

    user = city.user("zhangwei")
    user.email = "zhangwei@example.cn"
    user.save(update_fields=["email"])
    zhang = api("zhangwei")
    ids = zhang.uploads("id-card", "application-form", "premises-proof")
    MemorySmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = zhang.post("/api/cases", {"item_code": ITEM, "form": FORM, "materials": ids})
    number = answer.json()["number"]
    case = Case.objects.get(number=number)
    message = Message.objects.get(topic_type="cases.case", topic_id=str(case.pk))
    assert number in message.subject
    message.refresh_from_db()
    assert (message.email_status, message.sms_status) == ("sent", "sent")
    assert mail.outbox[-1].to == ["zhangwei@example.cn"] and number in mail.outbox[-1].subject
    phone, text = MemorySmsBackend.outbox[-1]
    assert phone.isdigit() and len(phone) == 11 and number in text
    read = AuditEntry.objects.filter(action="pii.read", subject_id=str(user.person_id)).latest("id")
    assert read.actor_label == "system" and "SMS" in read.note
    # the applicant sees the message; another applicant does not
    seen = zhang.get(f"/api/cases/{number}/messages").json()
    assert [m["subject"] for m in seen] == [message.subject]
    assert api("qiye.chengfeng").get(f"/api/cases/{number}/messages").status_code == 404


def test_with_the_database_queue_the_delivery_is_queued_in_the_same_transaction(city):
    """django-tasks-db: the message and its delivery task are written together."""
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from onething.core.services.messages import message_send, queue_is_transactional

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert queue_is_transactional()
        before = DBTaskResult.objects.count()
        message = message_send(person=city.hudai_person, subject="测试", body="正文")
        task = DBTaskResult.objects.order_by("-enqueued_at").first()
        assert DBTaskResult.objects.count() == before + 1
        assert task.args_kwargs["args"] == [message.pk]
    assert not queue_is_transactional()  # the test settings' immediate backend
