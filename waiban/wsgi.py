import gc
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

# Everything loaded so far (Django, the apps, their models: ~450,000 objects) lives as long as the
# process: moved out of the cyclic garbage collector's view, a full collection no longer walks it. Such a
# collection came about once in 40 list pages and cost ~200 ms of CPU each time (~6 ms per request on
# average, measured in-process at 100k); after the freeze 0.9 ms.
gc.freeze()
