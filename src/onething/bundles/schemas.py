import datetime as dt

from ninja import Field
from pydantic import StrictBool

from onething.core.schema import CodeRef, Schema

from .models import KEY_LEVELS


class StepOut(Schema):
    key: str
    item: CodeRef
    after: list[str]
    concludes_after: list[str]
    waits_for_milestone: bool
    outputs: list[dict]
    checks: list[dict]


class BundleOut(Schema):
    code: str
    name: str
    audience: str
    level: str = Field(..., description="national, provincial or city (国家级 / 省级 / 市级)")
    key_item: bool = Field(
        ..., description="A key item (重点事项): listed by the State Council or the province"
    )
    listed_in: str = Field(..., description="The list that names it a key item")
    description: str
    milestone: str
    steps: list[StepOut]

    @staticmethod
    def resolve_key_item(obj):
        return obj.level in KEY_LEVELS

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class MaterialNeed(Schema):
    material_type: CodeRef
    required: bool
    steps: list[str]


class BundleDetailOut(BundleOut):
    form_schema: dict = Field(..., description="The one form: the union of the steps' forms")
    materials: list[MaterialNeed] = Field(..., description="The one set of materials")


class BundleIn(Schema):
    """A one-thing's definition; its code is the one in the address."""

    name: str = Field(..., max_length=100)
    audience: str = Field(..., description="enterprise or person")
    level: str = Field("city", description="national, provincial or city")
    listed_in: str = Field("", max_length=100, description="The list that names a key item")
    description: str = Field("", max_length=2000)
    milestone: str = Field("", max_length=60)
    is_active: bool = True
    steps: list[dict] = Field(
        ...,
        description="[{key, item_code, after: [key], concludes_after: [key], "
        "waits_for_milestone, outputs: [{name, label, from}], checks: [{rule, left, right, "
        "message}]}]",
    )


class RunIn(Schema):
    bundle_code: str = Field(..., max_length=40)
    form: dict = Field(default_factory=dict)
    materials: list[int] = Field(default_factory=list, description="Each material type once")
    enterprise_id: int | None = None
    region_code: str = Field("", max_length=12)
    delivery: str = "electronic"
    delivery_address: str = Field("", max_length=200)


class RunStepOut(Schema):
    key: str = Field(..., alias="step.key")
    item: CodeRef = Field(..., alias="step.item")
    status: str
    case_number: str | None = Field(None, alias="case.number")
    case_status: str | None = Field(None, alias="case.status")
    department: CodeRef | None = Field(None, alias="case.department")
    due_date: dt.date | None = Field(None, alias="case.due_date")
    licence_number: str | None = None
    outputs: dict
    inputs: dict
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_licence_number(obj):
        licence = getattr(obj.case, "licence", None) if obj.case else None
        return licence.number if licence else None


class RunOut(Schema):
    number: str
    bundle: CodeRef
    status: str
    started_at: dt.datetime
    milestone_at: dt.datetime | None
    concluded_at: dt.datetime | None
    stopped_reason: str
    form: dict = Field(..., alias="form_data")
    steps: list[RunStepOut] = []
    elapsed_hours: float | None = None
    relay_hours: float | None = None
    saving_hours: float | None = None

    @staticmethod
    def resolve_steps(obj):
        from .selectors import run_steps

        return run_steps(obj)

    @staticmethod
    def _timing(obj):
        from .selectors import run_timing

        return run_timing(obj)

    @staticmethod
    def resolve_elapsed_hours(obj):
        t = RunOut._timing(obj)
        return round(t.elapsed.total_seconds() / 3600, 2) if t.elapsed is not None else None

    @staticmethod
    def resolve_relay_hours(obj):
        return round(RunOut._timing(obj).relay.total_seconds() / 3600, 2)

    @staticmethod
    def resolve_saving_hours(obj):
        t = RunOut._timing(obj)
        return round(t.saving.total_seconds() / 3600, 2) if t.saving is not None else None


class RunSummary(Schema):
    number: str
    bundle: CodeRef
    status: str
    started_at: dt.datetime
    concluded_at: dt.datetime | None


class RunReasonIn(Schema):
    reason: str = Field("", max_length=500)


class RunMilestoneIn(Schema):
    reached_at: dt.datetime | None = None


class OutputsIn(Schema):
    values: dict


class DeclarationIn(Schema):
    credit_codes: list[str]
    valid_until: dt.date | None = None


class DeclarationOut(Schema):
    number: str
    agency: str = Field(..., alias="agency.name")
    declared_at: dt.datetime
    valid_until: dt.date | None
    credit_codes: list[str] = []

    @staticmethod
    def resolve_credit_codes(obj):
        return sorted(obj.enterprises.values_list("credit_code", flat=True))


class PickupIn(Schema):
    case_numbers: list[str] | None = Field(
        None,
        min_length=1,
        description="The results to collect; left out (or null): every ready result. An "
        "empty list is refused: it would read as 'every result' by mistake.",
    )
    center_code: str = Field(
        "",
        max_length=32,
        description="The service centre where the agent collects; needed only when the "
        "results wait at several centres",
    )


class PickupConfirmIn(Schema):
    identity_checked: StrictBool = Field(
        ...,
        description="The window clerk checked the agent's identity and the agency's "
        "declaration; must be true",
    )


class PickupRefuseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500, description="The agent reads it")


class PickedOut(Schema):
    case_number: str = Field(..., alias="number")
    enterprise: str = Field(..., alias="enterprise.name")
    licence_number: str = Field(..., alias="licence.number")
    licence_title: str = Field(..., alias="licence.title")
    center: str = Field(..., alias="center.name")


class PickupOut(Schema):
    number: str
    agency: str = Field(..., alias="agency.name")
    status: str = Field(
        ..., description="waiting (for the window's confirmation), confirmed or refused"
    )
    center: str | None = Field(None, alias="center.name")
    center_code: str | None = Field(None, alias="center.code")
    requested_at: dt.datetime
    collected_at: dt.datetime | None = Field(None, description="When the window confirmed it")
    decided_at: dt.datetime | None
    refusal_reason: str
    cases: list[PickedOut]

    @staticmethod
    def resolve_cases(obj):
        if "cases" in getattr(obj, "_prefetched_objects_cache", {}):  # a list's page
            return obj.cases.all()
        return obj.cases.select_related("licence", "enterprise", "center").order_by("id")


class SavingOut(Schema):
    runs: int
    elapsed_hours: float | None
    relay_hours: float | None
    saving_hours: float | None


class ProjectDays(Schema):
    run: str
    project: str
    milestone: dt.datetime
    concluded: dt.datetime | None
    days: int | None


class LevelHandled(Schema):
    level: str = Field(..., description="national, provincial or city")
    label: str = Field(..., description="国家级 / 省级 / 市级")
    bundles: int = Field(..., description="One-things of this level in service")
    started: int = Field(..., description="Runs taken in (办理) in the period")
    concluded: int = Field(..., description="Runs concluded (办结) in the period")


class BundleHandled(Schema):
    code: str
    name: str
    level: str
    started: int
    concluded: int


class KeyItemsHandled(Schema):
    bundles: int = Field(..., description="Key items (重点事项): national and provincial")
    started: int
    started_wan: str = Field(..., description="The runs taken in, in 万 with one decimal")


class HandledOut(Schema):
    """The one-things handled in a period: counted from the daily roll-up."""

    date_from: dt.date | None
    date_to: dt.date | None
    region: str
    total_bundles: int
    levels: list[LevelHandled]
    key_items: KeyItemsHandled
    bundles: list[BundleHandled]
