"""Any change of a pack, a rule setting or an expense standard invalidates the cached active pack.

Connected by :func:`connect`, called from ``RegulationsConfig.ready()``."""

from django.db.models.signals import post_delete, post_save

from .models import ExpenseStandard, RulePack, RuleSetting


def _bump(sender, **kwargs):
    if kwargs.get("raw"):
        return
    from .models import CheckStamp

    CheckStamp.bump()


def connect() -> None:
    for model in (RulePack, RuleSetting, ExpenseStandard):
        label = model._meta.label_lower
        post_save.connect(_bump, sender=model, dispatch_uid=f"regulations.bump.save.{label}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"regulations.bump.delete.{label}")
