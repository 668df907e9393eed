"""Forms of the approval chain and the notices (the unit's notice before it applies, its result, the
post-trip notice's result, the higher approver's approval)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import _date_field

OUTCOMES = [("none", _("公示期间无异议")), ("resolved", _("收到异议，已处理"))]


class UnitNoticeForm(forms.Form):
    place = forms.CharField(
        label=_("公示地点"),
        max_length=200,
        help_text=_("例如：单位公示栏、单位内网。公示内容由系统生成，不含身份证号、护照号等保密信息。"),
    )
    start = _date_field(_("公示开始日期"))


class NoticeResultForm(forms.Form):
    outcome = forms.ChoiceField(label=_("公示结果"), choices=OUTCOMES, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("异议及处理情况"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExternalApprovalForm(forms.Form):
    approver = forms.CharField(label=_("审批人"), max_length=100, help_text=_("例如“某某副市长”。"))
    date = _date_field(_("批准日期"), required=True)
    number = forms.CharField(label=_("批件文号"), max_length=100)


class ApprovalRouteForm(forms.Form):
    """审批流程 of one approval level: the steps and the final approver, with the citation."""

    unit_signature = forms.BooleanField(label=_("须经单位签批人签批"), required=False)
    division_head_review = forms.BooleanField(label=_("须经处长审核"), required=False)
    final_approver = forms.ChoiceField(label=_("最终审批人"))
    external_approver_label = forms.CharField(
        label=_("外部审批人"), max_length=100, required=False, help_text=_("例如“市分管领导”“省外办”。")
    )
    citation = forms.CharField(label=_("依据"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from .models import FinalApprover

        super().__init__(*args, **kwargs)
        self.fields["final_approver"].choices = FinalApprover.choices
