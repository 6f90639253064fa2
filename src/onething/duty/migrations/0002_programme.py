"""The appeals programme of the demands raised on night visits: 带班值班 (code
``daibanzhiban``). Made here, not in the demo: every city that runs night duty needs it,
and the duty services file their appeals under it."""

from django.db import migrations

CODE = "daibanzhiban"
NAME = "带班值班"
DESCRIPTION = (
    "党政主要领导带班值班制度：镇（街道）党政主要领导每周至少2次在办公驻地“住下来”，"
    "夜访群众、实地问民意、解民忧；夜访中群众提出的诉求和建议逐件转为诉求，"
    "按派单、办理、回复、回访的流程办到有答复。"
)


def create(apps, schema_editor):
    Programme = apps.get_model("appeals", "Programme")
    Programme.objects.get_or_create(
        code=CODE, defaults={"name": NAME, "description": DESCRIPTION, "is_active": True}
    )


def remove(apps, schema_editor):
    Programme = apps.get_model("appeals", "Programme")
    Appeal = apps.get_model("appeals", "Appeal")
    if not Appeal.objects.filter(programme__code=CODE).exists():
        Programme.objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("duty", "0001_initial"),
        ("appeals", "0008_on_time_conclusion"),
    ]

    operations = [migrations.RunPython(create, remove)]
