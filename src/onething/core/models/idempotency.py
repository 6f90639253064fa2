from django.db import models


class IdempotencyRecord(models.Model):
    """The first answer to a create that a client may retry. A retry with the same key
    (by the same account, for the same operation) gets the same object back; the same key
    with a different request is refused."""

    owner = models.CharField(max_length=80)  # "user:<id>" or "system"
    operation = models.CharField(max_length=60)
    key = models.CharField(max_length=100)
    request_digest = models.CharField(max_length=64)
    result_type = models.CharField(max_length=60, blank=True)
    result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "operation", "key"], name="idempotency_key_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.key}"
