"""The basis of an appeal's due date (``due_days`` working days from ``due_from``), so that a
provisional due date can be counted again when a year's holiday schedule is entered. An
appeal made before has its due date as its basis (0 days from it)."""

from django.db import migrations, models


def basis_from_due_date(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    Appeal.objects.filter(due_from__isnull=True).update(
        due_from=models.F("due_date"), due_days=0
    )


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="appeal",
            name="due_from",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="appeal",
            name="due_days",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(basis_from_due_date, migrations.RunPython.noop, elidable=True),
    ]
