import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waiban.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """A server process loads WeasyPrint and the document fonts in the background as it starts, so the
    first approval PDF does not pay for them (``apps.documents.services.warm_up``)."""
    from django.conf import settings

    if getattr(settings, "WAIBAN", {}).get("DOCUMENT_WARM_UP", True):
        from apps.documents.services import warm_up_in_background

        warm_up_in_background()


_warm_up()
