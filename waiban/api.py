"""The JSON API: django-ninja under /api/, OpenAPI schema at /api/openapi.json, docs at /api/docs.

Browsers use their session (with CSRF); integrations send ``Authorization: Bearer <token>`` with a token
created by the security administrator. Endpoints call the same selectors and services as the pages.
"""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from apps.accounts.api import router as accounts_router
from apps.audit.api import router as audit_router
from apps.casework.api import router as casework_router
from apps.conferences.api import router as conferences_router
from apps.core.api import install_error_handlers
from apps.exports.api import router as exports_router
from apps.honours.api import router as honours_router
from apps.incidents.api import router as incidents_router
from apps.journalists.api import router as journalists_router
from apps.org.api import router as org_router
from apps.passports.api import router as passports_router
from apps.people.api import router as people_router
from apps.reference.api import router as reference_router
from apps.regulations.api import router as regulations_router
from apps.trips.api import router as trips_router
from apps.web.api import router as web_router

api = NinjaAPI(
    title="waiban API",
    version="1",
    description="外事办公室业务系统接口 · Foreign Affairs Office casework API",
    urls_namespace="api",
    # Served from ninja's bundled static files; no online validator badge (it would call another host).
    docs=Swagger(settings={"validatorUrl": None}),
)
# One mapping from a refusal to an answer for every operation (apps.core.errors, apps.core.api).
install_error_handlers(api)
api.add_router("/accounts/", accounts_router)
api.add_router("/org/", org_router)
api.add_router("/reference/", reference_router)
api.add_router("/regulations/", regulations_router)
api.add_router("/cases/", casework_router)
api.add_router("/people/", people_router)
api.add_router("/passports/", passports_router)
api.add_router("/trips/", trips_router)
# --- i13: 涉外管理处 ---
api.add_router("/conferences/", conferences_router)
api.add_router("/journalists/", journalists_router)
api.add_router("/incidents/", incidents_router)
api.add_router("/honours/", honours_router)
# --- end i13 ---
api.add_router("/audit/", audit_router)
api.add_router("/exports/", exports_router)
api.add_router("/", web_router)
