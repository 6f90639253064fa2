"""The operations centre's public figures (anonymous): when it went live, the departments
feeding it, its devices, monitored values and video resources, and the collaborative
office's (锡心办) coverage by level. Aggregates only, counted from the records."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router

from onething.core.schema import Schema

from ..selectors.figures import centre_figures

router = Router(tags=["operations centre"])


class CollaborativeOfficeCoverage(Schema):
    city: int = Field(..., description="City units on the collaborative office (市级部门单位)")
    district: int = Field(..., description="District units (区级部门单位)")
    street: int = Field(..., description="Streets and towns (街道)")
    community: int = Field(..., description="Communities and villages (社区)")
    total: int


class CityCentreFigures(Schema):
    went_live_on: dt.date | None = Field(
        ..., description="When the first data feed was connected (the centre went live)"
    )
    departments: int = Field(..., description="Departments whose data feeds are active")
    feeds: int = Field(..., description="Active data feeds")
    devices: int = Field(..., description="Sensing devices in service")
    monitored_values: int = Field(..., description="Values those devices monitor")
    video_resources: int = Field(..., description="Cameras in the video catalogue")
    collaborative_office: CollaborativeOfficeCoverage


@router.get(
    "/cityops/public/figures",
    response=CityCentreFigures,
    auth=None,
    summary="The operations centre's figures",
)
def public_figures(request):
    """The operations centre's figures, public (no sign-in): cached for 30 seconds at
    most, and renewed at once by a registration."""
    return centre_figures()
