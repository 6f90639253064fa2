"""The devices of the operations centre's register as you may see them (dispatchers and
supervisors: their region's; officers: their department's). No answer holds anything of a
device's token; a security device's exact place is shown to the operations centre only."""

from ninja import Query, Router
from ninja.pagination import paginate

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination
from onething.core.permissions import in_parts

from .. import selectors
from ..schemas import CityDeviceDetailOut, CityDeviceFilter, CityDeviceOut, Text

router = Router(tags=["operations centre"])


@router.get("/cityops/devices", response=list[CityDeviceOut])
@paginate(CityPagination)
def list_devices(request, filters: Query[CityDeviceFilter]):
    """The devices you may see, by code; ``state`` online | offline | fault | retired."""
    who = actor(request)
    values = filters.dict()
    return in_parts(
        who,
        lambda part: selectors.devices_list(
            who, state=values["state"], department_code=values["department"], part=part
        ),
    )


@router.get("/cityops/devices/{code}", response=CityDeviceDetailOut)
def get_device(request, code: Text):
    """One device with its monitored values (their thresholds, levels and last values)."""
    return selectors.device_get(actor(request), code)
