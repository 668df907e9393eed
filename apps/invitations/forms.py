"""Forms of invitations: the unit's registration, the application with its invitees (a formset), the
actions on the detail page, the close-out and the public verification."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.reference.models import Country, CountryKind

from .models import Invitation, Registration, Sex
from .services import INVITATION_FIELDS, INVITEE_FIELDS, REGISTRATION_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def foreign_countries():
    """Nationalities of foreigners: countries (and territories), not China, HK, Macao or Taiwan."""
    return (
        Country.objects.active()
        .filter(kind__in=(CountryKind.COUNTRY, CountryKind.TERRITORY))
        .exclude(iso2="CN")
        .order_by("sort_key", "iso2")
    )


class RegistrationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Registration
        fields = REGISTRATION_FIELDS
        widgets = {
            "clerks": forms.Textarea(attrs={"rows": 3}),
            "documents_note": forms.Textarea(attrs={"rows": 2}),
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", _("通过备案")),
            ("return", _("退回补正")),
            ("suspend", _("暂停")),
            ("reinstate", _("恢复")),
        ]
    )
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class InvitationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Invitation
        fields = INVITATION_FIELDS
        widgets = {
            "entry_date": DATE,
            "activity": forms.Textarea(attrs={"rows": 2}),
            "itinerary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"title": _("申请事由（标题）")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("例如“邀请德国埃尔福特应用技术大学代表团来访”；留空则自动填写。")
        for name in ("purpose", "entry_date", "stay_days", "cities"):
            self.fields[name].required = True
        self.fields["stay_days"].min_value = 1
        self.fields["validity_months"].min_value = 1


class InviteeForm(forms.Form):
    name = forms.CharField(label=_("护照姓名"), max_length=120)
    sex = forms.ChoiceField(label=_("性别"), choices=[("", "—"), *Sex.choices])
    date_of_birth = forms.DateField(label=_("出生日期"), widget=DATE)
    nationality = forms.ModelChoiceField(label=_("国籍"), queryset=Country.objects.none())
    passport_number = forms.CharField(label=_("护照号码"), max_length=20)
    passport_expiry = forms.DateField(label=_("护照有效期至"), widget=DATE)
    occupation = forms.CharField(label=_("职业/职务"), max_length=120, required=False)
    employer = forms.CharField(label=_("工作单位"), max_length=200, required=False)
    mrz = forms.CharField(
        label=_("护照机读码（可选）"),
        max_length=100,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false", "class": "font-monospace"}),
        help_text=_("护照资料页底部的两行，填写后核对校验位及号码、出生日期、有效期、性别。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].queryset = foreign_countries()


class BaseInviteeFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [
            {k: f.cleaned_data.get(k) for k in (*INVITEE_FIELDS, "mrz")}
            for f in self.forms
            if f.is_valid() and f.has_changed() and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(_("请至少填写一名被邀请人。"))


InviteeFormSet = forms.formset_factory(
    InviteeForm, formset=BaseInviteeFormSet, extra=0, max_num=50, validate_max=True
)


def invitee_initial(invitation) -> list[dict]:
    return [
        {
            "name": i.name,
            "sex": i.sex,
            "date_of_birth": i.date_of_birth,
            "nationality": i.nationality_id,
            "passport_number": i.passport_number,
            "passport_expiry": i.passport_expiry,
            "occupation": i.occupation,
            "employer": i.employer,
        }
        for i in invitation.invitees.all()
    ]


class ActionForm(forms.Form):
    comment = forms.CharField(required=False, max_length=2000)
    province_reference = forms.CharField(required=False, max_length=100)
    version = forms.IntegerField(required=False)


class ProblemsForm(forms.Form):
    problems = forms.CharField(label=_("问题情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CloseOutForm(forms.Form):
    """One "came?" box and two dates per invitee."""

    comment = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, invitees=(), cancelled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitees = list(invitees)
        self.cancelled = cancelled
        for inv in self.invitees:
            self.fields[f"came_{inv.pk}"] = forms.BooleanField(label=_("已来华"), required=False)
            self.fields[f"entry_{inv.pk}"] = forms.DateField(
                label=_("实际入境日期"), required=False, widget=DATE
            )
            self.fields[f"exit_{inv.pk}"] = forms.DateField(
                label=_("实际离境日期"), required=False, widget=DATE
            )

    def rows(self):
        return [
            (inv, self[f"came_{inv.pk}"], self[f"entry_{inv.pk}"], self[f"exit_{inv.pk}"])
            for inv in self.invitees
        ]

    def outcomes(self) -> dict:
        d = self.cleaned_data
        return {
            inv.pk: {
                "came": bool(d.get(f"came_{inv.pk}")),
                "actual_entry": d.get(f"entry_{inv.pk}"),
                "actual_exit": d.get(f"exit_{inv.pk}"),
            }
            for inv in self.invitees
        }


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("核验码"), max_length=32)
