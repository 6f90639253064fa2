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

    if queue_is_transactional():
        deliver_message.enqueue(message.pk)  # a row in the same transaction: no lost message
    else:
        transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message


def queue_is_transactional() -> bool:
    """Whether tasks are queued in this database (django-tasks-db), so that enqueueing
    inside the transaction makes the message and its delivery one atomic write."""
    from django_tasks import task_backends

    return type(task_backends["default"]).__module__.startswith("django_tasks_db")
