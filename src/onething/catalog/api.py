"""The catalogue's API: the catalogue is public; its workbook is for staff, and importing
one is for administrators."""

from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate

from onething.core.apiutils import actor
from onething.core.exports import download_doc
from onething.core.pagination_api import CityPagination
from onething.core.schema import CodeRef, Schema

from . import selectors
from .schemas import ItemDetailOut, ItemFilter, ItemOut
from .views.transfer import workbook_response
from .xlsx import MAX_BYTES, catalogue_export_xlsx, catalogue_import_xlsx

router = Router(tags=["catalogue"])


class CatalogImportOut(Schema):
    created: int
    updated: int
    total: int


@router.get("/items", response=list[ItemOut], auth=None)
@paginate(CityPagination, page_size=50)
def list_items(request, filters: Query[ItemFilter]):
    """Service items in service, by category, life event, region, department, audience,
    channel or a search text."""
    return selectors.items_list(actor(request), **filters.dict())


@router.get("/items/{code}", response=ItemDetailOut, auth=None)
def get_item(request, code: str):
    """One item with its materials and its application form (a JSON Schema)."""
    return selectors.item_get(actor(request), code)


@router.get("/categories", response=list[CodeRef], auth=None)
def list_categories(request):
    return selectors.categories_list(actor(request))


@router.get("/life-events", response=list[CodeRef], auth=None)
def list_life_events(request):
    return selectors.life_events_list(actor(request))


@router.get("/export", openapi_extra=download_doc("The workbook"))
def export_catalogue(request):
    """The whole catalogue as an .xlsx workbook (sheets ``items`` and ``materials``; the
    layout the import reads). For clerks, officers, supervisors and administrators."""
    return workbook_response(catalogue_export_xlsx(actor(request)))


@router.post("/import", response=CatalogImportOut)
def import_catalogue(request, file: File[UploadedFile]):
    """Import a workbook in the export's layout (administrators). Every row is checked
    first; any problem answers 422 listing each with its sheet row and field
    (``row 7.promised_days``, ``materials row 12.material_type``), and nothing is written."""
    return catalogue_import_xlsx(actor=actor(request), data=file.read(MAX_BYTES + 1))
