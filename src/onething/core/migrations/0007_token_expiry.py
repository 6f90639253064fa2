import datetime as dt

from django.db import migrations, models


def a_year_from_making(apps, schema_editor):
    """The tokens made before tokens ended: a year from when each was made."""
    ApiToken = apps.get_model("core", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True).only("id", "created_at"):
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=token.created_at + dt.timedelta(days=365)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(a_year_from_making, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
