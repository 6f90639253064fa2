"""The directory of appeals (programmes, categories, routing rules, time limits) and the
policy service."""

import datetime as dt

from ninja import Field

from onething.core.schema import CodeRef, RegionRef, Schema

from .common import AppealTypeName, SizeName, Text, UrgencyName


class ProgrammeOut(Schema):
    code: str
    name: str
    description: str


class CategoryOut(Schema):
    code: str
    name: str
    parent: str | None = Field(None, alias="parent.code")
    depth: int = Field(..., description="0 for a top category")
    description: str
    keywords: str
    open311: bool = Field(..., description="Offered to Open311 clients")

    @staticmethod
    def resolve_depth(obj):
        return obj.path.count("/") - 2


class RoutingRuleOut(Schema):
    position: int = Field(..., description="Rules are tried in this order; the first match wins")
    name: str
    category: CodeRef | None
    region: RegionRef | None
    keywords: str
    enterprise: str | None = Field(None, alias="enterprise.name")
    department: CodeRef
    is_active: bool


class TimeLimitOut(Schema):
    type: AppealTypeName
    urgency: UrgencyName
    working_days: int = Field(..., description="0: the same working day")
    warning_days: int


class PolicyOut(Schema):
    id: int
    title: str
    summary: str
    department: CodeRef
    industries: list[str] = Field(..., description="Substrings of an enterprise's industry")
    sizes: list[str]
    region: RegionRef | None
    published_on: dt.date
    valid_until: dt.date | None
    is_published: bool


class PolicyDetailOut(PolicyOut):
    body: str


class PolicyIn(Schema):
    title: Text = Field(..., description="At most 120 characters")
    summary: Text = Field(..., description="At most 300 characters")
    body: Text
    department: Text = Field(..., max_length=32, description="Issuing department's code")
    industries: list[Text] = Field(default_factory=list, description="Empty: every industry")
    sizes: list[SizeName] = Field(default_factory=list, description="Empty: every size")
    region: Text = Field("", max_length=12, description="Region code (and below)")
    published_on: dt.date | None = None
    valid_until: dt.date | None = None


class AskIn(Schema):
    text: Text = Field(..., description="The question (5 to 2000 characters)")
    title: Text = Field("", description="Default: About: <the policy's title>")
