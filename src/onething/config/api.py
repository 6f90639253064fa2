"""The JSON API: one NinjaAPI with every app's router; OpenAPI 3 at /api/docs."""

from ninja import NinjaAPI

from onething.appeals.api import router as appeals_router
from onething.bundles.api import router as bundles_router
from onething.bundles.api_xlsx import router as bundles_xlsx_router
from onething.cards.api import router as cards_router
from onething.cases.api import router as cases_router
from onething.catalog.api import router as catalog_router
from onething.citymgmt.api import router as citymgmt_router
from onething.cityops.api import router as cityops_router
from onething.core.api import router as core_router
from onething.core.apiutils import AUTH, NulFreeParser, install_error_handlers
from onething.crossregion.api import router as crossregion_router
from onething.dashboard.api import router as dashboard_router
from onething.duty.api import router as duty_router
from onething.opendata.api import router as opendata_router
from onething.training.api import router as training_router
from onething.valueadded.api import router as valueadded_router

api = NinjaAPI(
    title="onething API",
    version="1",
    description=(
        "The API of onething, the city's platform for getting one thing done. "
        "People sign in with a session (the pages' login) and send the CSRF token on writes; "
        "terminals send `Authorization: Bearer <token>`. Every error answers "
        '`{"error": {"code", "message", "details"}}`; validation errors list each field with '
        "the rule it broke. Messages follow the request's Accept-Language (zh-hans or en)."
    ),
    auth=AUTH,
    parser=NulFreeParser(),
    docs_url="/docs",
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", core_router)
api.add_router("/catalog/", catalog_router)
api.add_router("/", cases_router)
api.add_router("/crossregion/", crossregion_router)
api.add_router("/", bundles_router)
api.add_router("/bundle-definitions/", bundles_xlsx_router)
api.add_router("/", appeals_router)
api.add_router("/", cards_router)
api.add_router("/", cityops_router)
api.add_router("/citymgmt/", citymgmt_router)
api.add_router("/training/", training_router)
api.add_router("/duty/", duty_router)
api.add_router("/valueadded/", valueadded_router)
api.add_router("/open-data/", dashboard_router)
api.add_router("/opendata/", opendata_router)
