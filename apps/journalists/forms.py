from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.org.models import Unit
from apps.reference.models import Country
from apps.web.fields import localized_instance_label
from apps.web.transitions import CommentForm  # noqa: F401  (the transitions' default form)
from apps.web.widgets import RemoteSearchSelect

from .models import Bureau, ChangeKind, InterviewRequest, Journalist
from .services import BUREAU_FIELDS, INTERVIEW_FIELDS, JOURNALIST_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _countries():
    return Country.objects.filter(is_active=True).order_by("sort_key", "iso2")


class JournalistForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Journalist
        fields = JOURNALIST_FIELDS
        widgets = {
            k: DATE
            for k in ("arrival_date", "departure_date", "press_card_collected_on", "card_cancelled_on")
        }

    def __init__(self, *args, bureaus=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].queryset = _countries()
        self.fields["bureau"].queryset = bureaus if bureaus is not None else Bureau.objects.none()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class BureauForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Bureau
        fields = BUREAU_FIELDS
        widgets = {
            k: DATE
            for k in (
                "opened_on",
                "closure_notified_on",
                "closure_on",
                "cards_cancelled_on",
                "last_correspondent_left_on",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ChangeReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("变更事项"), choices=ChangeKind.choices)
    changed_on = forms.DateField(label=_("变更日期"), widget=DATE)
    reported_on = forms.DateField(label=_("报告日期"), widget=DATE)
    detail = forms.CharField(label=_("变更后的首席记者或地址"), max_length=300)


class InterviewForm(forms.ModelForm):
    units_involved = forms.ModelMultipleChoiceField(
        label=_("涉及单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = InterviewRequest
        fields = INTERVIEW_FIELDS
        widgets = {"planned_date": DATE, "consent_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].queryset = _countries()
        self.fields["units_involved"].queryset = Unit.objects.filter(is_active=True).order_by("name")
        self.fields["units_involved"].label_from_instance = localized_instance_label
        if self.instance.pk:
            self.fields["units_involved"].initial = list(self.instance.units_involved.all())
            self.fields["version"].initial = self.instance.version


class LinkForm(forms.Form):
    journalist = forms.ModelChoiceField(
        label=_("登记的记者"),
        queryset=Journalist.objects.none(),
        required=False,
        # the register holds a thousand journalists at province scale: searched through the API as typed
        widget=RemoteSearchSelect(search_url_name="api:list_journalists"),
    )

    def __init__(self, *args, journalists=None, **kwargs):
        super().__init__(*args, **kwargs)
        if journalists is not None:
            self.fields["journalist"].queryset = journalists
