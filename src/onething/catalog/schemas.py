from ninja import Field

from onething.core.schema import CodeRef, Schema


class MaterialRequirementOut(Schema):
    material_type: CodeRef
    requirement: str
    condition: str
    form: str
    electronic_accepted: bool
    copies: int


class ItemOut(Schema):
    code: str
    name: str
    department: CodeRef
    category: CodeRef
    audience: str
    kind: str
    statutory_days: int
    promised_days: int
    fee_fen: int = Field(..., description="Fee in fen (1/100 yuan)")
    online: bool
    at_window: bool
    licence_name: str


class ItemDetailOut(ItemOut):
    legal_basis: str
    regions: list[CodeRef]
    life_events: list[CodeRef]
    materials: list[MaterialRequirementOut]
    form_schema: dict = Field(..., description="The application form as a JSON Schema")

    @staticmethod
    def resolve_regions(obj):
        return list(obj.regions.all())

    @staticmethod
    def resolve_life_events(obj):
        return list(obj.life_events.all())

    @staticmethod
    def resolve_materials(obj):
        return list(obj.materials.all())


class ItemFilter(Schema):
    q: str = Field("", max_length=100)
    category: str = Field("", max_length=40)
    life_event: str = Field("", max_length=40)
    region_code: str = Field("", max_length=12)
    department_code: str = Field("", max_length=32)
    audience: str = Field("", max_length=12)
    channel: str = Field("", description="online or window")
