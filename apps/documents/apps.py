from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    verbose_name = _("公文")

    def ready(self):
        from apps.audit.actions import registry

        from .actions import DocumentAction

        registry.register(DocumentAction)
