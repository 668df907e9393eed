from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CaseType, RoutingRule


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
