"""The background path of large exports (django-tasks: the database backend in production)."""

from django_tasks import task


@task()
def build_export(job_id: int) -> int:
    """Build export ``job_id``; returns the number of rows written."""
    from .models import ExportJob
    from .services import build, sweep_stuck

    sweep_stuck()
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None:
        return 0
    return build(job).row_count
