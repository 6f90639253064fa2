"""The audit log is append-only in the database itself (see onething.core.dbtriggers);
the chain heads are created up front."""

from django.conf import settings
from django.db import migrations

from onething.core.dbtriggers import AUDIT_LOG


def forward(apps, schema_editor):
    AUDIT_LOG.install(schema_editor.connection)
    head = apps.get_model("core", "AuditChainHead")
    head.objects.bulk_create(
        [head(shard=s) for s in range(settings.ONETHING_AUDIT_SHARDS)], ignore_conflicts=True
    )


def backward(apps, schema_editor):
    AUDIT_LOG.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
