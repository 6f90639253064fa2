# The rating of a case is called rating, as an appeal's is (core/ratings.py).

from django.db import migrations, models


def count_again(apps, schema_editor):
    """The roll-ups counted afresh from the cases (by centre, as 0007_tallies_by_centre
    made them), now that the recount finds the rating under its name."""
    from onething.cases.services.tallies import tallies_rebuild

    names = ("Case", "Evaluation", "CaseTally", "CaseDueTally")
    tallies_rebuild({n: apps.get_model("cases", n) for n in names})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_case_urges"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="evaluation",
            name="level_1_to_5",
        ),
        migrations.RenameField(
            model_name="evaluation",
            old_name="level",
            new_name="rating",
        ),
        migrations.AddConstraint(
            model_name="evaluation",
            constraint=models.CheckConstraint(
                condition=models.Q(("rating__gte", 1), ("rating__lte", 5)),
                name="evaluation_rating_1_to_5",
            ),
        ),
        migrations.RunPython(count_again, migrations.RunPython.noop),
    ]
