from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.concurrency import EditTokenFormMixin
from apps.people.selectors import person_queryset
from apps.web.widgets import PersonSelect

from .models import Endorsement, Kind


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PassportForm(EditTokenFormMixin, BootstrapMixin, forms.Form):
    holder = forms.ModelChoiceField(label=_("持照人"), queryset=None, widget=PersonSelect)
    kind = forms.ChoiceField(label=_("证照类型"), choices=Kind.choices)
    number = forms.CharField(
        label=_("证照号码"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    issue_date = forms.DateField(label=_("签发日期"), widget=_date())
    expiry_date = forms.DateField(label=_("有效期至"), widget=_date())
    issuing_authority = forms.CharField(label=_("签发机关"), max_length=100)
    mrz_line1 = forms.CharField(
        label=_("机读码第一行"),
        max_length=60,
        required=False,
        help_text=_("可选。护照资料页底部两行中的第一行（44个字符）。"),
    )
    mrz_line2 = forms.CharField(
        label=_("机读码第二行"),
        max_length=60,
        required=False,
        help_text=_("可选。录入后按 ICAO 9303 校验，并与上面填写的号码、日期核对。"),
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, edit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = person_queryset(user=user).order_by("pinyin")
        if edit:
            del self.fields["holder"]
            del self.fields["kind"]
            self.fields["number"].required = False
            self.fields["number"].help_text = _("留空表示不修改。")
        self._style()

    def clean_number(self):
        return (self.cleaned_data.get("number") or "").replace(" ", "").upper()


class RenewForm(PassportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, edit=True, **kwargs)
        self.fields["number"].required = True
        self.fields["number"].help_text = _("新证照号码。")
        del self.fields["notes"]


class CheckOutForm(BootstrapMixin, forms.Form):
    case = forms.CharField(
        label=_("出访任务（案件编号）"),
        max_length=40,
        required=False,
        help_text=_("可选，填写系统中出访案件的编号，例如 徐外/2026/0001。"),
    )
    purpose = forms.CharField(label=_("用途"), max_length=300, required=False)
    return_date = forms.DateField(
        label=_("预计回国日期"),
        required=False,
        widget=_date(),
        help_text=_("填写后应交回日期默认为回国后第 7 天。"),
    )
    due_back = forms.DateField(label=_("应交回日期"), required=False, widget=_date())

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        from .services import default_due_back

        data = super().clean()
        reference = (data.get("case") or "").strip()
        data["case"] = None
        if reference:
            from apps.casework.selectors import scoped_cases

            # Only a case the user may see: the reference of another unit's case is not confirmed.
            data["case"] = scoped_cases(self.user).filter(reference=reference).first() if self.user else None
            if data["case"] is None:
                self.add_error("case", _("没有编号为“%(ref)s”的案件。") % {"ref": reference})
        if not data.get("due_back") and data.get("return_date"):
            data["due_back"] = default_due_back(return_date=data["return_date"])
        if not data.get("due_back"):
            self.add_error("due_back", _("请填写应交回日期或预计回国日期。"))
        return data


class CheckInForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class LossForm(BootstrapMixin, forms.Form):
    statement = forms.CharField(
        label=_("遗失情况说明"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("遗失时间、地点、经过；单位报告、复印件等材料请随后补交。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("注销原因"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class EndorsementForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("签注种类"), choices=Endorsement.Kind.choices)
    region = forms.ChoiceField(label=_("前往地区"), choices=Endorsement.Region.choices)
    entries = forms.ChoiceField(label=_("次数"), choices=Endorsement.Entries.choices)
    valid_until = forms.DateField(label=_("有效期至"), widget=_date())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


# --- tripapi: applications in progress, loans from before the system ----------------------------------
class ApplicationForm(BootstrapMixin, forms.Form):
    holder = forms.ModelChoiceField(label=_("申请人"), queryset=None)
    kind = forms.ChoiceField(label=_("证照类型"), choices=Kind.choices, initial=Kind.PUBLIC_AFFAIRS_ORDINARY)
    applied_on = forms.DateField(label=_("申请日期"), widget=_date())
    expected_issue = forms.DateField(label=_("预计签发日期"), required=False, widget=_date())
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = person_queryset(user=user).order_by("pinyin")
        self._style()


class LoanForm(BootstrapMixin, forms.Form):
    out_since = forms.DateField(label=_("实际借出日期"), widget=_date())
    due_back = forms.DateField(
        label=_("应交回日期"), widget=_date(), help_text=_("按实际填写；已过期的即登记为逾期未还。")
    )
    purpose = forms.CharField(label=_("用途"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
