from django.db import models


class NumberCounter(models.Model):
    """The last sequence number given out under one key (series + region + date)."""

    key = models.CharField(max_length=80, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
