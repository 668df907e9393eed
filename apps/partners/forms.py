from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.reference.models import Country

from . import selectors
from .models import (
    CountryProfile,
    InstitutionKind,
    Partner,
    PartnerActivity,
    PartnershipCase,
    PlanItem,
    TwinningCase,
)

DATE = forms.DateInput(attrs={"type": "date"})


def _countries():
    return Country.objects.destinations().order_by("sort_key")


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_zh}（{obj.country.label}）"


class PartnerForm(forms.ModelForm):
    country = CountryChoiceField(label=_("国家（地区）"), queryset=Country.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Partner
        fields = [
            "name_zh",
            "name_local",
            "name_en",
            "country",
            "category",
            "established_on",
            "established_note",
            "status",
            "counterpart_office",
            "contacts",
            "source",
            "source_url",
            "latitude",
            "longitude",
            "city_names",
            "notes",
        ]
        widgets = {
            "established_on": DATE,
            "contacts": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ActivityLinkForm(forms.Form):
    reference = forms.CharField(label=_("案件编号"), max_length=40, help_text=_("例如出访团组的编号。"))
    kind = forms.ChoiceField(label=_("类别"), choices=PartnerActivity.Kind.choices, initial="visit_out")
    summary = forms.CharField(label=_("说明"), max_length=300, required=False)


class ActivityNoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=PartnerActivity.Kind.choices, initial="visit_in")
    date = forms.DateField(label=_("日期"), widget=DATE)
    summary = forms.CharField(label=_("内容"), max_length=300)


class EstablishmentForm(forms.ModelForm):
    country = CountryChoiceField(label=_("国家（地区）"), queryset=Country.objects.none())
    existing_partner = PartnerChoiceField(
        label=_("已有交往关系"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("已签意向书或已是友好交流城市时选择；批准后在原记录上升级。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PartnershipCase
        fields = [
            "partner_name_zh",
            "partner_name_local",
            "country",
            "category",
            "existing_partner",
            "intent_signed_on",
            "exchanges_summary",
            "reasons",
        ]
        widgets = {
            "intent_signed_on": DATE,
            "exchanges_summary": forms.Textarea(attrs={"rows": 3}),
            "reasons": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries()
        self.fields["existing_partner"].queryset = Partner.objects.active().select_related("country")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class TwinningForm(forms.ModelForm):
    partner = PartnerChoiceField(label=_("友好城市"), queryset=Partner.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = TwinningCase
        fields = [
            "partner",
            "institution_kind",
            "local_institution",
            "foreign_institution",
            "line_authority",
            "line_authority_number",
            "line_authority_date",
            "plan",
        ]
        widgets = {"line_authority_date": DATE, "plan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = selectors.partners_for_twinning()
        self.fields["institution_kind"].choices = InstitutionKind.choices
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class CaseActionForm(forms.Form):
    comment = forms.CharField(
        label=_("意见或理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    assignee = forms.IntegerField(label=_("承办人"), required=False)
    authority = forms.CharField(label=_("批准机关"), max_length=200, required=False)
    number = forms.CharField(label=_("文号"), max_length=100, required=False)
    date = forms.DateField(label=_("日期"), required=False, widget=DATE)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    is_hk_macao = forms.BooleanField(label=_("港澳交流计划"), required=False)
    notes = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class PlanItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=PlanItem.Kind.choices)
    country = CountryChoiceField(label=_("国家（地区）"), queryset=Country.objects.none(), required=False)
    partner = PartnerChoiceField(label=_("友好城市"), queryset=Partner.objects.none(), required=False)
    month = forms.IntegerField(label=_("计划月份"), min_value=1, max_value=12, required=False)
    description = forms.CharField(label=_("内容"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries()
        self.fields["partner"].queryset = Partner.objects.active().select_related("country")


class PlanItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("进度"), choices=PlanItem.Status.choices)
    reference = forms.CharField(label=_("关联案件编号"), max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProfileForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CountryProfile
        fields = [
            "diplomatic_relations_on",
            "advisory_level",
            "advisory_date",
            "apec_member",
            "hk_macao_organisations",
        ]
        widgets = {
            "diplomatic_relations_on": DATE,
            "advisory_date": DATE,
            "hk_macao_organisations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, sar: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not sar:  # the register of the city's organisations is kept for Hong Kong and Macao only
            del self.fields["hk_macao_organisations"]


class NoteForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 6}))
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
