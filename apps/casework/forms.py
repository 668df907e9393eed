from django import forms
from django.utils.translation import gettext_lazy as _

from apps.org.models import Division, Unit

from .models import CaseState, CaseType, RoutingRule


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("编号或标题"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *CaseState.choices]
    )
    case_type = forms.ChoiceField(label=_("类型"), required=False)
    division = forms.ModelChoiceField(
        label=_("承办处室"), required=False, queryset=Division.objects.all(), empty_label=_("全部处室")
    )
    unit = forms.ModelChoiceField(
        label=_("申报单位"),
        required=False,
        queryset=Unit.objects.filter(is_active=True),
        empty_label=_("全部单位"),
    )
    overdue = forms.BooleanField(label=_("仅看超期"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].choices = [("", _("全部类型"))] + [
            (t.code, t.name) for t in CaseType.objects.order_by("code")
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "q": d.get("q") or "",
            "state": d.get("state") or "",
            "case_type": d.get("case_type") or "",
            "division": d["division"].pk if d.get("division") else None,
            "unit": d["unit"].pk if d.get("unit") else None,
            "overdue": bool(d.get("overdue")),
        }


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("意见或理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    assignee = forms.IntegerField(label=_("承办人"), required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    visible_to_applicant = forms.BooleanField(label=_("申请方可见"), required=False)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类别"))
    file = forms.FileField(label=_("文件"), help_text=_("PDF、JPG、PNG、DOCX、XLSX、OFD 格式。"))
    visible_to_applicant = forms.BooleanField(label=_("申请方可见"), required=False, initial=True)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)


class CaseTypeForm(forms.ModelForm):
    class Meta:
        model = CaseType
        fields = [
            "code",
            "name",
            "name_en",
            "reference_prefix",
            "sla_working_days",
            "sla_basis",
            "default_division",
            "detail_url_name",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["order", "case_type", "continent", "country_kind", "division", "reason", "is_active"]
