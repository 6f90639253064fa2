"""The one outbox: a message is stored in the same transaction as the change it tells
about, and delivered by a task after the commit."""

from __future__ import annotations

from django.db import models, transaction

from ..models import Message, Person


def message_send(
    *,
    person: Person,
    subject: str,
    body: str,
    link: str = "",
    topic: models.Model | None = None,
) -> Message:
    message = Message.objects.create(
        person=person,
        subject=subject[:120],
        body=body,
        link=link,
        topic_type=topic._meta.label_lower if topic is not None else "",
        topic_id=str(topic.pk) if topic is not None else "",
    )
    from ..tasks import deliver_message

    transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message
