"""``GET /api/health``: for load balancers and monitoring; no authentication, no data."""

from django.db import DatabaseError, connection
from ninja import Router, Schema, Status

router = Router(tags=["web"])


class HealthOut(Schema):
    status: str


@router.get(
    "/health", response={200: HealthOut, 503: HealthOut}, auth=None, summary="健康检查 / health check"
)
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Status(503, {"status": "database unavailable"})
    return Status(200, {"status": "ok"})
