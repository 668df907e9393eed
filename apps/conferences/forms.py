from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.reference.models import Country
from apps.web.transitions import CommentForm  # noqa: F401  (the transitions' default form)

from .models import Conference
from .services import FIELDS


class ConferenceForm(forms.ModelForm):
    countries = forms.ModelMultipleChoiceField(
        label=_("境外与会者国家（地区）"),
        queryset=Country.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("港澳台与会者可选择，但不计入国家数。按住 Ctrl 多选。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Conference
        fields = FIELDS
        labels = {"title": _("会议中文名称")}
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "theme": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].queryset = Country.objects.filter(is_active=True).order_by(
            "sort_key", "iso2"
        )
        if self.instance.pk:
            self.fields["countries"].initial = list(self.instance.countries.all())
            self.fields["version"].initial = self.instance.version


class ReferenceForm(forms.Form):
    reference = forms.CharField(label=_("文号"), max_length=100)
    comment = forms.CharField(
        label=_("意见（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SummaryForm(forms.Form):
    actual_total = forms.IntegerField(label=_("实际与会总人数"), min_value=0)
    actual_foreign = forms.IntegerField(label=_("实际境外与会人数"), min_value=0)
    actual_countries = forms.IntegerField(label=_("实际境外国家（地区）数"), min_value=0)
    summary = forms.CharField(label=_("会后总结"), widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


TRANSITION_FORMS = {
    "record_approval": ReferenceForm,
    "file_summary": SummaryForm,
}
