from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import clock


class Delivery(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("No address")


class Message(models.Model):
    """A notification to a person, through the one outbox. Every message is stored and shown
    in the person's inbox; a task delivers it by email (to the person's accounts) and SMS
    (to the person's phone) through the configured backends."""

    person = models.ForeignKey(
        "core.Person", models.PROTECT, related_name="messages", verbose_name=_("to")
    )
    subject = models.CharField(_("subject"), max_length=120)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=200, blank=True)
    topic_type = models.CharField(max_length=60, blank=True)
    topic_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("sent"), default=clock.now)
    email_status = models.CharField(
        max_length=8, choices=Delivery.choices, default=Delivery.PENDING
    )
    sms_status = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "created_at"], name="message_inbox"),
            models.Index(fields=["topic_type", "topic_id"], name="message_topic"),
        ]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.subject
