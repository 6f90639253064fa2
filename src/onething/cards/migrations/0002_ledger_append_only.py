"""The swipe ledger is append-only in the database itself (see onething.cards.dbtriggers)."""

from django.db import migrations

from onething.cards.dbtriggers import LEDGER


def forward(apps, schema_editor):
    LEDGER.install(schema_editor.connection)


def backward(apps, schema_editor):
    LEDGER.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("cards", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
