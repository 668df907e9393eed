from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "apps.casework"
    verbose_name = _("案件办理")

    def ready(self):
        from django.core import checks
        from django.db.models.signals import post_delete, post_save

        from . import recipients

        post_save.connect(_case_written, dispatch_uid="casework-badge-save")
        post_delete.connect(_case_written, dispatch_uid="casework-badge-delete")
        for name, resolver in recipients.ENGINE_GROUPS.items():
            recipients.register_recipients(name, resolver)
        checks.register(check_transition_declarations)
        from apps.reference.models import DictItem

        from .selectors import ATTACHMENT_KINDS

        ATTACHMENT_KINDS.watch(DictItem)


def _case_written(sender, instance=None, **kwargs):
    from .models import Case

    if isinstance(instance, Case):  # Trip and every other case type (sender is the subclass)
        from .selectors import cases_changed

        cases_changed()


def check_transition_declarations(app_configs=None, **kwargs):
    """``manage.py check``: every declared transition of every case type has a label, hooks that import
    and recipient groups that are registered."""
    from django.apps import apps
    from django.core import checks

    from . import recipients
    from .models import Case
    from .workflow import declared_transitions, resolve_hook

    errors = []
    groups = recipients.registered_groups()
    for model in apps.get_models():
        if not issubclass(model, Case):
            continue
        for name, spec in declared_transitions(model).items():
            where = f"{model._meta.label}.{name}"
            if not str(spec.label or "").strip():
                errors.append(checks.Error(f"{where} has no label", id="casework.E001"))
            for group in spec.notify:
                if group not in groups:
                    errors.append(
                        checks.Error(
                            f"{where} notifies unknown recipient group {group!r}", id="casework.E002"
                        )
                    )
            for hook in (*spec.validate, *spec.follow_up):
                try:
                    resolve_hook(hook)
                except ImportError as err:
                    errors.append(
                        checks.Error(f"{where}: hook {hook!r} cannot be imported ({err})", id="casework.E003")
                    )
    return errors
