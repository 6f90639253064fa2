"""Background work of core (django-tasks; a database queue worked by
``python -m onething db_worker``)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .crypto import keyring
from .models import Message
from .models.messages import Delivery
from .notify import sms_backend
from .permissions import SYSTEM
from .services.audit import audit_record


@task()
def deliver_message(message_id: int) -> dict:
    """Deliver one stored message by email and SMS; each channel once."""
    with transaction.atomic():
        message = Message.objects.select_for_update().select_related("person").get(pk=message_id)
        message.attempts += 1
        person = message.person
        if message.email_status == Delivery.PENDING:
            emails = sorted({a.email for a in person.accounts.filter(is_active=True) if a.email})
            if emails:
                send_mail(message.subject, f"{message.body}\n\n{message.link}", None, emails)
                message.email_status = Delivery.SENT
            else:
                message.email_status = Delivery.SKIPPED
        if message.sms_status == Delivery.PENDING:
            if person.phone_cipher:
                phone = keyring().decrypt(person.phone_cipher, "person.phone")
                audit_record(
                    actor=SYSTEM,
                    action="pii.read",
                    subject=person,
                    after={"field": "phone"},
                    note=f"SMS for message {message.pk}",
                )
                sms_backend().send(phone, f"【一件事】{message.subject}：{message.body}")
                message.sms_status = Delivery.SENT
            else:
                message.sms_status = Delivery.SKIPPED
        message.delivered_at = timezone.now()
        message.save(update_fields=["attempts", "email_status", "sms_status", "delivered_at"])
    return {"email": message.email_status, "sms": message.sms_status}
