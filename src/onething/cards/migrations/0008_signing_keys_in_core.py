"""The honour cards' signing keys move to core's SigningKey (purpose ``cards``): every row
is copied with its id, so the certificates' key column keeps pointing at the same key, then
the foreign key is moved and the old table dropped."""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models


def copy_keys(apps, schema_editor):
    Old = apps.get_model("cards", "SigningKey")
    New = apps.get_model("core", "SigningKey")
    New.objects.bulk_create(
        New(
            id=key.id,
            purpose="cards",
            kid=key.kid,
            public_key=key.public_key,
            private_key_cipher=key.private_key_cipher,
            created_at=key.created_at,
            retired_at=key.retired_at,
        )
        for key in Old.objects.all()
    )
    _sequence_past_ids(schema_editor, New)


def _sequence_past_ids(schema_editor, model):
    """The copied ids are taken: move the table's id sequence on past them."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def copy_back(apps, schema_editor):
    Old = apps.get_model("cards", "SigningKey")
    New = apps.get_model("core", "SigningKey")
    Old.objects.bulk_create(
        Old(
            id=key.id,
            kid=key.kid,
            public_key=key.public_key,
            private_key_cipher=key.private_key_cipher,
            created_at=key.created_at,
            retired_at=key.retired_at,
        )
        for key in New.objects.filter(purpose="cards")
    )
    _sequence_past_ids(schema_editor, Old)


def forget_copies(apps, schema_editor):
    """Backwards, last: the cards' keys are back in their own table (copy_back)."""
    apps.get_model("core", "SigningKey").objects.filter(purpose="cards").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0007_swipes_of_honoree"),
        ("core", "0010_roles_institute_signing_keys"),
    ]

    # Backwards the old table is made again and filled (copy_back) before the foreign key
    # points at it once more (PostgreSQL checks the certificates' keys when it is added),
    # then core's copies go.
    operations = [
        migrations.RunPython(copy_keys, forget_copies),
        migrations.AlterField(
            model_name="certificate",
            name="key",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="certificates",
                to="core.signingkey",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, copy_back),
        migrations.DeleteModel(name="SigningKey"),
    ]
