# An appeal's ratings take their five levels from core/ratings.py (choices only: no change
# to the columns).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0006_board_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="appeal",
            name="rating",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (5, "Very satisfied"),
                    (4, "Satisfied"),
                    (3, "Basically satisfied"),
                    (2, "Dissatisfied"),
                    (1, "Very dissatisfied"),
                ],
                null=True,
                verbose_name="satisfaction",
            ),
        ),
        migrations.AlterField(
            model_name="followup",
            name="rating",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (5, "Very satisfied"),
                    (4, "Satisfied"),
                    (3, "Basically satisfied"),
                    (2, "Dissatisfied"),
                    (1, "Very dissatisfied"),
                ],
                verbose_name="satisfaction",
            ),
        ),
    ]
