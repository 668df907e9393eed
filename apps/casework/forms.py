from html import escape as _esc

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from apps.accounts.scope import units_visible
from apps.org.models import Division

from .models import CaseState, CaseType, RoutingRule


class FastSelect(forms.Select):
    """A ``<select>`` rendered in Python, not one template per ``<option>``: a list filter has dozens
    of options (every unit) and is shown on every list page. Flat choices only (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        # plain string building with html.escape (what django.utils.html.escape does, without the
        # SafeString wrapping per value): 400 units are 400 options on every list page
        options = []
        for v, label in self.choices:
            key = "" if v is None else str(v)
            mark = " selected" if key in selected else ""
            options.append(f'<option value="{_esc(key)}"{mark}>{_esc(str(label))}</option>')
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(options)))


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("编号或标题"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), *CaseState.choices],
        widget=FastSelect,
    )
    case_type = forms.ChoiceField(label=_("类型"), required=False, widget=FastSelect)
    # Ids and names only (one narrow query each), not model instances: see FastSelect.
    division = forms.TypedChoiceField(
        label=_("承办处室"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    unit = forms.TypedChoiceField(
        label=_("申报单位"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    overdue = forms.BooleanField(label=_("仅看超期"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].choices = [
            ("", _("全部类型")),
            *CaseType.objects.order_by("code").values_list("code", "name"),
        ]
        self.fields["division"].choices = [("", _("全部处室")), *Division.objects.values_list("pk", "name")]
        self.fields["unit"].choices = [
            ("", _("全部单位")),
            *units_visible(user).values_list("pk", "name"),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "q": d.get("q") or "",
            "state": d.get("state") or "",
            "case_type": d.get("case_type") or "",
            "division": d.get("division") or None,
            "unit": d.get("unit") or None,
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
