"""The one-things' definitions as a workbook, over the API (as the catalogue's
``/api/catalog/export`` and ``/api/catalog/import``): staff download it, administrators
import one. Mounted in ``config/api.py``::

    from onething.bundles.api_xlsx import router as bundles_xlsx_router
    api.add_router("/bundle-definitions/", bundles_xlsx_router)

which gives ``GET /api/bundle-definitions/export`` and ``POST /api/bundle-definitions/import``
(a prefix of its own: under ``/bundles/`` the path ``export`` would read as a bundle code)."""

from ninja import File, Router
from ninja.files import UploadedFile

from onething.core.apiutils import actor
from onething.core.exports import download_doc
from onething.core.schema import Schema

from .xlsx import MAX_BYTES, bundles_export_xlsx, bundles_import_xlsx, workbook_response


class BundleImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    total: int


def build_router() -> Router:
    """A router with the two operations (a new one each call: a router joins one API)."""
    router = Router(tags=["one-thing"])

    @router.get("/export", openapi_extra=download_doc("The workbook"))
    def export_bundles(request):
        """Every one-thing's definition as an .xlsx workbook (sheets ``bundles`` and
        ``steps``; the layout the import reads). For clerks, officers, supervisors and
        administrators."""
        return workbook_response(bundles_export_xlsx(actor(request)))

    @router.post("/import", response=BundleImportOut)
    def import_bundles(request, file: File[UploadedFile]):
        """Import a workbook in the export's layout (administrators). Every one-thing is
        checked by the rules of any other save (coding rule, step graph, one form); any
        problem answers 422 listing each with its sheet row and field (``bundles row
        3.code``, ``steps row 7.after``), and nothing is written."""
        return bundles_import_xlsx(actor=actor(request), data=file.read(MAX_BYTES + 1))

    return router


router = build_router()
