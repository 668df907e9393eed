"""A small case type used only by the tests: proves that the casework engine works for any type."""

from django.db import models
from django_fsm import transition

from apps.casework import permissions as p
from apps.casework.models import Case, CaseState


class SimpleCase(Case):
    summary = models.TextField("摘要", blank=True)
    country = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        app_label = "casetype"
        verbose_name = "测试案件"

    def routing_facts(self) -> dict:
        facts = super().routing_facts()
        if self.country_id:
            facts["continents"] = {self.country.continent}
            facts["country_kinds"] = {self.country.kind}
        return facts

    # A type-specific transition: proves the generic service drives any transition of a case type.
    # Its label names it in buttons, the timeline and the audit trail (apps.audit.actions derives
    # "casework.confirm_done" from it).
    @transition(
        field="state",
        source=CaseState.APPROVED,
        target=CaseState.CLOSED,
        permission=p.can_apply,
        custom={"label": "确认办结"},
    )
    def confirm_done(self, *, by=None, **kwargs):
        pass
