"""A BRIN index on the readings' time, on PostgreSQL only: readings arrive roughly in time
order, so a few pages of block ranges serve "every reading of the last hour" across all
devices, at a fraction of a b-tree's size. SQLite has no BRIN (and Meta.indexes cannot be
made conditional on the database), so it is made here by SQL when the database can."""

from django.db import migrations

INDEX = "cityops_reading_at_brin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("cityops", "Reading")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING brin (at) WITH (pages_per_range = 32)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cityops", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
