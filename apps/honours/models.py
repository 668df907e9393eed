"""荣誉市民: nominating a foreigner for the city's honorary title — a case type on the casework engine.

The employer files the nomination through its supervising body (the applicant unit); the division
(涉外管理处) checks the conditions (:mod:`.conf`), records each review-group member's opinion, records the
city government's approval, issues the certificate signed with the mayor's name, and records the
ceremony. Publicity only with the honoree's consent (the public list shows only those who consented).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.casework import permissions as p
from apps.casework.models import Case, CaseState
from apps.casework.workflow import case_transition, extend_transition

S = CaseState


class Nomination(Case):
    nominee_name = models.CharField(_("被推荐人姓名（护照）"), max_length=100)
    nominee_name_zh = models.CharField(_("中文姓名"), max_length=50, blank=True)
    nationality = models.ForeignKey(
        "reference.Country", verbose_name=_("国籍"), on_delete=models.PROTECT, related_name="+"
    )
    employer = models.CharField(_("工作单位"), max_length=200)
    supervising_body = models.CharField(_("主管部门"), max_length=200)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    working_since = models.DateField(_("在本市工作起始日期"))
    exception_reason = models.CharField(
        _("不满工作年限的例外理由"), max_length=300, blank=True, help_text=_("在本市工作不满规定年限时必填。")
    )
    contributions = models.TextField(_("主要贡献"))
    consent_publicity = models.BooleanField(_("本人同意公开宣传"), default=False)
    approval_reference = models.CharField(_("市政府批准文号"), max_length=100, blank=True)
    certificate_number = models.CharField(_("证书编号"), max_length=50, blank=True)
    ceremony_on = models.DateField(_("授予仪式日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("荣誉称号推荐")
        verbose_name_plural = _("荣誉称号推荐")

    def years_in_city(self, on=None) -> int:
        on = on or timezone.localdate()
        years = (
            on.year
            - self.working_since.year
            - ((on.month, on.day) < (self.working_since.month, self.working_since.day))
        )
        return max(years, 0)

    submit = extend_transition(Case.submit, validate=["apps.honours.services.check_conditions"])

    @case_transition(
        source=S.IN_REVIEW,
        target=S.PENDING_APPROVAL,
        permission=p.can_review,
        label=_("评审通过，报市政府审批"),
        timeline_label=_("评审通过，已报市政府"),
        validate=["apps.honours.services.check_opinions"],
        notify=["applicant"],
    )
    def forward_to_city(self, *, by=None, **kwargs):
        pass

    @case_transition(
        source=S.PENDING_APPROVAL,
        target=S.APPROVED,
        permission=p.can_review,
        label=_("登记市政府批准"),
        timeline_label=_("市政府已批准"),
        validate=["apps.honours.services.require_reference"],
        follow_up=["apps.honours.services.number_certificate", "apps.honours.documents.issue_documents"],
        notify=["applicant"],
    )
    def record_city_approval(self, *, by=None, reference="", **kwargs):
        self.approval_reference = reference
        self.decided_at = timezone.now()

    @case_transition(
        source=S.APPROVED,
        target=S.CLOSED,
        permission=p.can_review,
        label=_("登记授予仪式"),
        timeline_label=_("已举行授予仪式，办结"),
        validate=["apps.honours.services.require_ceremony_date"],
        notify=["applicant"],
    )
    def record_ceremony(self, *, by=None, ceremony_on=None, **kwargs):
        self.ceremony_on = ceremony_on
        self.closed_at = timezone.now()


class Opinion(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="opinions")
    body = models.CharField(_("成员单位"), max_length=100)
    member_name = models.CharField(_("评审成员"), max_length=50)
    agrees = models.BooleanField(_("同意"))
    opinion = models.CharField(_("意见"), max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("评审意见")
        verbose_name_plural = _("评审意见")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "body"], name="honours_opinion_body_unique")
        ]

    def __str__(self):
        return f"{self.body}：{self.member_name}"
