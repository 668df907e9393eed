from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "apps.casework"
    verbose_name = _("案件办理")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        post_save.connect(_case_written, dispatch_uid="casework-badge-save")
        post_delete.connect(_case_written, dispatch_uid="casework-badge-delete")


def _case_written(sender, instance=None, **kwargs):
    from .models import Case

    if isinstance(instance, Case):  # Trip and every other case type (sender is the subclass)
        from .selectors import cases_changed

        cases_changed()
