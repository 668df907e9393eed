"""The application form (a main form and four formsets) and the small forms of the detail page."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.web.widgets import CountrySelect, PersonSelect

from . import checks
from .models import BudgetLine, TripMember, Visa
from .schemas import (
    MAIN_FIELDS,
    BudgetRow,
    LegRow,
    MemberRow,
    ScheduleRow,
    TripInput,
    resolve,
    trip_output,
)

DATE_WIDGET = {"type": "date"}


def _date_field(label, required=False):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
        error_messages={"invalid": _("请输入有效日期，格式为 年-月-日。")},
    )


def _destinations():
    from apps.reference.models import Country

    return Country.objects.destinations().order_by("sort_key")


def _dict(code):
    from apps.reference.selectors import dict_choices

    return [("", "—"), *dict_choices(code)]


class CountryChoiceField(forms.ModelChoiceField):
    widget = CountrySelect  # tripux: searchable by Chinese and English name and pinyin

    def label_from_instance(self, obj):
        return obj.label


TEXT_MAX = 10000  # the longest free text of a trip (the input schema's bound, apps.trips.schemas)


class TripForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, help_text=_("例如：赴日本东京开展教育交流"))
    task = forms.CharField(
        label=_("出访任务"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    delegation_type = forms.ChoiceField(label=_("团组类型"), required=False)
    in_annual_plan = forms.BooleanField(label=_("已列入年度出访计划"), required=False, initial=True)
    plan_reference = forms.CharField(label=_("年度计划编号"), max_length=100, required=False)
    unplanned_justification = forms.CharField(
        label=_("计划外出访理由"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    inviter_name = forms.CharField(label=_("邀请单位"), max_length=200, required=False)
    inviter_country = CountryChoiceField(label=_("邀请单位所在国家（地区）"), queryset=None, required=False)
    inviter_is_counterpart = forms.BooleanField(label=_("邀请单位为对口单位"), required=False)
    inviter_description = forms.CharField(
        label=_("邀请单位简介及以往交往情况"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    departure_date = _date_field(_("出境日期"))
    return_date = _date_field(_("入境日期"))
    poor_flight_connections = forms.BooleanField(label=_("赴拉美、非洲航班衔接不便"), required=False)
    host_transport = forms.BooleanField(label=_("使用租车或对方提供交通（公杂费按 40% 计）"), required=False)
    funding_source = forms.ChoiceField(label=_("经费来源"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inviter_country"].queryset = _destinations()
        self.fields["delegation_type"].choices = _dict("delegation_type")
        self.fields["funding_source"].choices = _dict("funding_source")

    def clean(self):
        data = super().clean()
        dep, ret = data.get("departure_date"), data.get("return_date")
        if dep and ret and ret < dep:
            self.add_error("return_date", _("入境日期不能早于出境日期。"))
        return data


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("人员"), queryset=None, widget=PersonSelect)
    role = forms.ChoiceField(
        label=_("团内身份"), choices=TripMember.Role.choices, initial=TripMember.Role.MEMBER
    )
    passport = forms.ModelChoiceField(
        label=_("使用证照"), queryset=None, required=False, help_text=_("留空则自动选用有效证照。")
    )
    passport_name = forms.CharField(
        label=_("护照姓名（拼音）"),
        max_length=100,
        required=False,
        help_text=_("默认按姓名拼音生成，可修改。"),
    )

    def __init__(self, *args, persons=None, passports=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["passport"].queryset = passports

    def clean(self):
        data = super().clean()
        person, passport = data.get("person"), data.get("passport")
        if person and passport and passport.holder_id != person.pk:
            self.add_error("passport", _("所选证照不属于该人员。"))
        return data


class LegForm(forms.Form):
    country = CountryChoiceField(label=_("国家（地区）"), queryset=None)
    city = forms.CharField(label=_("城市"), max_length=100, required=False)
    arrival = _date_field(_("抵达"))
    departure = _date_field(_("离开"))
    transit = forms.BooleanField(label=_("经停"), required=False)
    airside = forms.BooleanField(label=_("不出机场"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _destinations()

    def clean(self):
        data = super().clean()
        a, d = data.get("arrival"), data.get("departure")
        if a and d and d < a:
            self.add_error("departure", _("离开日期不能早于抵达日期。"))
        return data


class ScheduleForm(forms.Form):
    date = _date_field(_("日期"), required=True)
    plan = forms.CharField(label=_("日程安排"), widget=forms.Textarea(attrs={"rows": 1}))
    half_day_detail = forms.CharField(
        label=_("上午/下午"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )


class BudgetForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=BudgetLine.Category.choices)
    country = CountryChoiceField(label=_("国家（地区）"), queryset=None, required=False)
    city = forms.CharField(label=_("城市"), max_length=100, required=False)
    currency = forms.CharField(label=_("币种"), max_length=3, initial="CNY")
    rate = forms.DecimalField(label=_("标准"), max_digits=12, decimal_places=2, required=False, min_value=0)
    count = forms.IntegerField(label=_("天/晚"), min_value=0, max_value=999, required=False, initial=0)
    persons = forms.IntegerField(label=_("人数"), min_value=1, max_value=99, initial=1)
    amount = forms.DecimalField(label=_("金额"), max_digits=14, decimal_places=2, min_value=0)
    computed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    # Shown in two lines (what and where, then the money), in this order for the eye and the Tab key.
    field_order = ("category", "country", "city", "note", "currency", "rate", "count", "persons", "amount")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _destinations()

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()


class _Formset(forms.BaseFormSet):
    def __init__(self, *args, form_kwargs=None, **kwargs):
        super().__init__(*args, form_kwargs=form_kwargs or {}, **kwargs)

    def rows(self):
        """Cleaned, non-deleted rows (only of forms that validated)."""
        out = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and form.cleaned_data.get("DELETE"):
                continue
            if form.errors:
                continue
            out.append(form.cleaned_data)
        return out


MemberFormSet = forms.formset_factory(MemberForm, formset=_Formset, extra=0, can_delete=True, max_num=50)
LegFormSet = forms.formset_factory(LegForm, formset=_Formset, extra=0, can_delete=True, max_num=20)
ScheduleFormSet = forms.formset_factory(ScheduleForm, formset=_Formset, extra=0, can_delete=True, max_num=60)
BudgetFormSet = forms.formset_factory(BudgetForm, formset=_Formset, extra=0, can_delete=True, max_num=100)

FORMSETS = {
    "members": MemberFormSet,
    "legs": LegFormSet,
    "schedule": ScheduleFormSet,
    "budget": BudgetFormSet,
}


def member_querysets(user, trip=None):
    from apps.passports.models import Passport
    from apps.people.selectors import person_list

    persons = person_list(user=user)
    if trip is not None:  # people already on the trip stay selectable for whoever edits it
        from apps.people.models import Person

        persons = Person.objects.filter(pk__in=persons.values("pk")) | Person.objects.filter(
            pk__in=trip.members.values("person_id")
        )
        persons = persons.distinct().select_related("unit").order_by("pinyin", "id")
    passports = Passport.objects.filter(holder__in=persons.values("pk")).exclude(
        status__in=("lost", "cancelled")
    )
    return persons, passports


class Bundle:
    """The main form with its four formsets, bound or not; it produces a ``schemas.TripInput``."""

    def __init__(self, user, data=None, *, trip=None, initial=None):
        self.user, self.trip = user, trip
        persons, passports = member_querysets(user, trip)
        initial = initial or {}
        self.form = TripForm(data, initial=initial.get("main"), prefix=None)
        self.formsets = {
            "members": MemberFormSet(
                data,
                prefix="members",
                initial=initial.get("members"),
                form_kwargs={"persons": persons, "passports": passports},
            ),
            "legs": LegFormSet(data, prefix="legs", initial=initial.get("legs")),
            "schedule": ScheduleFormSet(data, prefix="schedule", initial=initial.get("schedule")),
            "budget": BudgetFormSet(data, prefix="budget", initial=initial.get("budget")),
        }

    def is_valid(self) -> bool:
        ok = self.form.is_valid()
        for fs in self.formsets.values():
            ok = fs.is_valid() and ok
        return ok

    def validate_quietly(self):
        """Run validation so that partial data is available (for the live check)."""
        self.is_valid()

    def main_data(self) -> dict:
        return dict(getattr(self.form, "cleaned_data", {}) or {})

    def trip_input(self) -> TripInput:
        """The valid part of what was posted, as the one input schema of a trip (form names → schema
        names: a chosen object → its id or code)."""
        d = self.main_data()
        main = {f: d[f] for f in MAIN_FIELDS if d.get(f) is not None}  # invalid or absent: the default
        main["inviter_country"] = _code(d.get("inviter_country"))
        return TripInput(
            title=main.pop("title", ""),
            **main,
            members=[
                MemberRow(
                    person_id=r["person"].pk,
                    role=r.get("role") or "member",
                    passport_id=getattr(r.get("passport"), "pk", None),
                    passport_name=r.get("passport_name") or "",
                )
                for r in self.formsets["members"].rows()
                if r.get("person")
            ],
            legs=[
                LegRow(
                    country=r["country"].iso2,
                    city=r.get("city") or "",
                    arrival=r.get("arrival"),
                    departure=r.get("departure"),
                    transit=bool(r.get("transit")),
                    airside=bool(r.get("airside")),
                )
                for r in self.formsets["legs"].rows()
                if r.get("country")
            ],
            schedule=[
                ScheduleRow(date=r["date"], plan=r["plan"], half_day_detail=r.get("half_day_detail") or "")
                for r in self.formsets["schedule"].rows()
                if r.get("date") and r.get("plan")
            ],
            budget=[
                BudgetRow(
                    category=r["category"],
                    country=_code(r.get("country")),
                    city=r.get("city") or "",
                    currency=r.get("currency") or "CNY",
                    rate=r.get("rate"),
                    count=r.get("count") or 0,
                    persons=r.get("persons") or 1,
                    amount=r.get("amount") or Decimal(0),
                    computed=bool(r.get("computed")),
                    note=r.get("note") or "",
                )
                for r in self.formsets["budget"].rows()
                if r.get("category")
            ],
        )

    def draft(self, *, unit, trip=None) -> checks.TripDraft:
        """What the live check sees: the posted trip resolved as the services will resolve it."""
        from apps.core.errors import ServiceError

        try:
            return resolve(self.trip_input(), user=self.user, unit=unit, trip=trip).draft
        except ServiceError:  # not checkable yet (the save will say why, on the form)
            return checks.TripDraft(unit=unit, departure=None, return_date=None)


def _code(country) -> str | None:
    return country.iso2 if country is not None else None


# Form field names that differ from the schema's (a row's chosen object, by its id).
_FORM_NAMES = {"person_id": "person", "passport_id": "passport"}


def initial_from_trip(trip) -> dict:
    """The form's initial data: the trip as ``schemas.trip_output`` reads it, in the form's names."""
    from apps.reference.models import Country

    values = trip_output(trip)
    codes = {values["inviter_country"]} | {r["country"] for r in values["legs"] + values["budget"]}
    pks = dict(Country.objects.filter(iso2__in=codes - {None}).values_list("iso2", "pk"))

    def rows(kind, names):
        out = []
        for r in values[kind]:
            row = {_FORM_NAMES.get(k, k): v for k, v in r.items() if k in names}
            if "country" in row:
                row["country"] = pks.get(row["country"])
            out.append(row)
        return out

    main = {f: values[f] for f in MAIN_FIELDS}
    main["inviter_country"] = pks.get(values["inviter_country"])
    return {
        "main": main,
        "members": rows("members", MemberRow.model_fields),
        "legs": rows("legs", LegRow.model_fields),
        "schedule": rows("schedule", ScheduleRow.model_fields),
        "budget": rows("budget", BudgetRow.model_fields),
    }


# --- detail page forms ---------------------------------------------------------------------------
class OverrideForm(forms.Form):
    rule_id = forms.CharField(widget=forms.HiddenInput)
    subject = forms.CharField(widget=forms.HiddenInput, required=False)
    justification = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class StageForm(forms.Form):
    comment = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    actual_date = _date_field(_("日期"))


class ExternalApprovalForm(forms.Form):
    number = forms.CharField(label=_("上级批件文号"), max_length=100)
    date = _date_field(_("批准日期"), required=True)


class VisaForm(forms.Form):
    country = CountryChoiceField(label=_("国家（地区）"), queryset=None)
    member = forms.ModelChoiceField(label=_("成员"), queryset=None, required=False, empty_label=_("全团"))
    kind = forms.ChoiceField(label=_("类别"), choices=Visa.Kind.choices)
    status = forms.ChoiceField(label=_("状态"), choices=Visa.Status.choices)
    on = _date_field(_("日期"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, trip=None, legs=None, members=None, **kwargs):
        """``legs`` (with ``country`` loaded) and ``members``: lists the page has already read; when given,
        the options are built from them instead of two more queries (validation still uses the querysets).
        """
        super().__init__(*args, **kwargs)
        from apps.reference.models import Country

        country, member = self.fields["country"], self.fields["member"]
        country.queryset = Country.objects.filter(pk__in=trip.legs.values("country_id"))
        member.queryset = trip.members.select_related("person")
        if legs is not None:
            countries = {leg.country_id: leg.country for leg in legs if leg.country_id}
            ordered = sorted(countries.values(), key=lambda c: (c.sort_key, c.iso2))
            country.choices = [("", country.empty_label)] + [
                (c.pk, country.label_from_instance(c)) for c in ordered
            ]
        if members is not None:
            member.choices = [("", member.empty_label)] + [
                (m.pk, member.label_from_instance(m)) for m in members
            ]


class ReportForm(forms.Form):
    report_schedule = forms.CharField(label=_("实际日程"), widget=forms.Textarea(attrs={"rows": 4}))
    report_results = forms.CharField(label=_("出访成果"), widget=forms.Textarea(attrs={"rows": 4}))
    report_actual_cost = forms.DecimalField(
        label=_("实际费用（人民币元）"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    report_cost_notes = forms.CharField(
        label=_("经费使用说明（超支、对方负担、境外收入等）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    report_follow_up = forms.CharField(
        label=_("后续工作"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("姓名（可不填）"), max_length=50, required=False)
    contact = forms.CharField(label=_("联系方式（可不填）"), max_length=100, required=False)
    text = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("处理意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ApprovalTierForm(forms.Form):
    """审批权限: the approving level for a rank of the dictionary "official_rank", with its citation."""

    rank = forms.ChoiceField(label=_("职级"))
    level = forms.ChoiceField(label=_("审批层级"))
    citation = forms.CharField(label=_("依据"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, tier=None, **kwargs):
        from apps.people.selectors import rank_choices

        from .models import ApprovalLevel

        super().__init__(*args, **kwargs)
        current = tier.rank if tier is not None and tier.pk else None
        self.fields["rank"].choices = [("", "---------"), *rank_choices(include=current)]
        self.fields["level"].choices = [("", "---------"), *ApprovalLevel.choices]
        if tier is not None and tier.pk:
            self.fields["rank"].disabled = True
