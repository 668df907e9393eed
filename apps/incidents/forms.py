from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.text import in_reader_language
from apps.org.models import Unit
from apps.reference.models import Country
from apps.web.fields import RowChoiceField

from .models import EntryKind, Incident
from .services import FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IncidentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Incident
        fields = FIELDS
        widgets = {
            **{k: DATE for k in ("occurred_on", "detained_on", "mission_notified_on", "consular_visit_on")},
            "summary": forms.Textarea(attrs={"rows": 4}),
            "assistance": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.filter(is_active=True).order_by("sort_key", "iso2")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=[
            (EntryKind.ACTION, EntryKind.ACTION.label),
            (EntryKind.NOTIFICATION, EntryKind.NOTIFICATION.label),
            (EntryKind.VISIT, EntryKind.VISIT.label),
        ],
    )
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.Form):
    unit = RowChoiceField(
        label=_("承办单位"),
        queryset=Unit.objects.none(),
        label_columns=("name", "name_en"),
        label_from_row=in_reader_language,
    )
    description = forms.CharField(label=_("任务"), max_length=300)
    due_date = forms.DateField(label=_("完成期限"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the picker shows every active unit by name in the reader's language (read as rows of key and names)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("name")


class TaskDoneForm(forms.Form):
    note = forms.CharField(label=_("完成情况"), max_length=500)


class MemberForm(forms.Form):
    user = RowChoiceField(
        label=_("人员"),
        queryset=None,
        label_columns=("full_name", "username"),
        label_from_row=User.display_name,
    )
    reason = forms.CharField(label=_("知悉理由"), max_length=200)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates


class CloseForm(forms.Form):
    summary = forms.CharField(label=_("结案报告"), widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ChecklistForm(forms.Form):
    key = forms.CharField(max_length=40)
    done = forms.BooleanField(required=False)
