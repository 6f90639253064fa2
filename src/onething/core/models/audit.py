from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..auditchain import GENESIS


class AuditChainHead(models.Model):
    """The last link of one audit chain. The log is split into a fixed number of chains
    (shards); an entry joins the chain its subject hashes to, so two writers only wait for
    each other when their subjects share a chain (see docs/internals.md)."""

    shard = models.PositiveSmallIntegerField(primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self) -> str:
        return f"chain {self.shard} @ {self.seq}"


class AuditEntry(models.Model):
    """One state change (or one read of full personal data): who, what, when, before and
    after, the request. Append-only: never updated or deleted (a database trigger refuses
    both), and HMAC-chained so that ``python -m onething audit verify`` finds an edit."""

    shard = models.PositiveSmallIntegerField(editable=False)
    seq = models.BigIntegerField(editable=False)
    at = models.DateTimeField(_("at"), editable=False)
    actor = models.ForeignKey(
        "core.User", models.DO_NOTHING, null=True, blank=True, db_constraint=False, editable=False
    )
    actor_label = models.CharField(_("actor"), max_length=160, editable=False)
    action = models.CharField(_("action"), max_length=60, db_index=True, editable=False)
    subject_type = models.CharField(_("subject type"), max_length=60, editable=False)
    subject_id = models.CharField(_("subject"), max_length=64, editable=False)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True, editable=False)
    request_id = models.CharField(_("request"), max_length=64, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["shard", "seq"], name="audit_seq_per_shard")]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="audit_subject"),
            models.Index(fields=["at", "id"], name="audit_at"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only.")
