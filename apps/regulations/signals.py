"""Any change of a pack, a rule setting or an expense standard invalidates the cached active pack."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ExpenseStandard, RulePack, RuleSetting


@receiver(post_save, sender=RulePack)
@receiver(post_save, sender=RuleSetting)
@receiver(post_save, sender=ExpenseStandard)
@receiver(post_delete, sender=RulePack)
@receiver(post_delete, sender=RuleSetting)
@receiver(post_delete, sender=ExpenseStandard)
def _bump(sender, **kwargs):
    if kwargs.get("raw"):
        return
    from .models import CheckStamp

    CheckStamp.bump()
