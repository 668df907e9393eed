"""A small case type used only by the tests: proves that the casework engine works for any type."""

from django.db import models

from apps.casework import permissions as p
from apps.casework.models import Case, CaseState
from apps.casework.workflow import case_transition


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
    # Its label names it in buttons, the timeline and the audit trail ("casework.confirm_done").
    @case_transition(
        source=CaseState.APPROVED,
        target=CaseState.CLOSED,
        permission=p.can_apply,
        label="确认办结",
        notify=["applicant"],
    )
    def confirm_done(self, *, by=None, **kwargs):
        pass
