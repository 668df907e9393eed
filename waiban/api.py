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
from apps.core.api import JsonParser, install_error_handlers
from apps.documents.api import router as documents_router  # documents
from apps.exports.api import router as exports_router
from apps.honours.api import router as honours_router
from apps.incidents.api import router as incidents_router
from apps.invitations.api import router as invitations_router  # invitations (邀请外国人来华)
from apps.journalists.api import router as journalists_router
from apps.org.api import router as org_router
from apps.partners.api import router as partners_router  # partners (apps.partners)
from apps.passports.api import router as passports_router
from apps.people.api import router as people_router
from apps.reference.api import router as reference_router
from apps.regulations.api import router as regulations_router
from apps.trips.api import router as trips_router
from apps.visits.api import router as visits_router  # visits
from apps.web.api import router as web_router

api = NinjaAPI(
    title="waiban API",
    version="1",
    # How an integrating system gets its token (apps.accounts.api_auth).
    description=(
        "外事办公室业务系统接口 · Foreign Affairs Office casework API\n\n"
        "**认证 · Authentication.** 浏览器使用登录会话（带 CSRF）。对接系统使用接口令牌：由负责对接的"
        "业务用户本人登录后，在“接口令牌”页面（/accounts/tokens/）或调用 `POST /api/accounts/tokens` "
        "创建；令牌只代表其本人（按本人的权限和数据范围），最长有效期由系统设置（默认 90 天），"
        "管理员账号不能持有令牌。密钥只显示一次，系统只保存其摘要。对接系统在每个请求头中发送 "
        "`Authorization: Bearer <密钥>`；吊销或过期的令牌答复 401。"
        "通过令牌进行的每项操作都记入审计日志并注明令牌。\n\n"
        "Browsers use their signed-in session (with CSRF). An integrating system uses a bearer token that "
        "the "
        "business user responsible for the integration creates for themself, signed in, on the API tokens "
        "page (/accounts/tokens/) or with `POST /api/accounts/tokens`: it acts only as that user (their "
        "permissions and data scope), expires (at most the configured number of days, 90 by default), and "
        "administrator accounts cannot hold one. The key is shown once and only its digest is stored. The "
        "system sends `Authorization: Bearer <key>` with every request; a revoked or expired token answers "
        "401. Every action taken with a token is audited with the token's name."
    ),
    urls_namespace="api",
    # JSON bodies with a NUL character are refused (apps.core.api.JsonParser).
    parser=JsonParser(),
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
api.add_router("/visits/", visits_router)  # visits
# --- documents ---
api.add_router("/documents/", documents_router)
# --- invitations (邀请外国人来华) ---
api.add_router("/invitations/", invitations_router)
# --- end invitations ---
# partners (apps.partners)
api.add_router("/partners/", partners_router)
# --- i13: 涉外管理处 ---
api.add_router("/conferences/", conferences_router)
api.add_router("/journalists/", journalists_router)
api.add_router("/incidents/", incidents_router)
api.add_router("/honours/", honours_router)
# --- end i13 ---
api.add_router("/audit/", audit_router)
api.add_router("/exports/", exports_router)
api.add_router("/", web_router)
