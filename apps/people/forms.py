from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.scope import PEOPLE, units_visible
from apps.core.concurrency import EditTokenFormMixin
from apps.web.fields import localized_instance_label
from apps.web.widgets import UnitSelect

from . import idcard
from .models import Person
from .selectors import rank_choices


class PersonForm(EditTokenFormMixin, forms.ModelForm):
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=18,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    rank = forms.ChoiceField(label=_("级别"), required=False)

    class Meta:
        model = Person
        fields = [
            "full_name",
            "passport_name",
            "sex",
            "date_of_birth",
            "place_of_birth",
            "unit",
            "title",
            "rank",
            "phone",
            "is_leader_of_unit",
            "notes",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "unit": UnitSelect,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible(user, realm=PEOPLE)
        self.fields["unit"].label_from_instance = localized_instance_label
        current = self.instance.rank if self.instance and self.instance.pk else ""
        choices = rank_choices(include=current or None)
        if current and current not in {c for c, _l in choices}:
            choices.append((current, current))
        self.fields["rank"].choices = [("", "—"), *choices]
        if not choices:
            self.fields["rank"].help_text = _("职级字典（official_rank）尚未配置，请联系系统管理员。")
        if self.instance and self.instance.pk:
            self.fields["id_number"].help_text = _("已登记：%(masked)s。留空表示不修改。") % {
                "masked": self.instance.id_number_masked or "—"
            }
            self.initial["id_number"] = ""
        else:
            self.fields["id_number"].required = True
        self.fields["passport_name"].help_text = _("留空时按姓名自动生成拼音（姓在前），可修改。")
        for field in self.fields.values():
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else ("form-select" if isinstance(field.widget, forms.Select) else "form-control")
            )
            field.widget.attrs.setdefault("class", css)
        self.fields["full_name"].widget.attrs.update({"autofocus": True})
        # Sex and date of birth are read from the ID number when left empty (typed here or in the browser)
        self.fields["sex"].required = False
        self.fields["date_of_birth"].required = False
        self.fields["sex"].help_text = _("留空时按身份证号码第17位填写。")
        self.fields["date_of_birth"].help_text = _("留空时按身份证号码第7至14位填写。")
        self.fields["id_number"].widget.attrs.update({"data-idcard-fills": "id_sex id_date_of_birth"})

    def clean_id_number(self):
        return idcard.normalise(self.cleaned_data.get("id_number"))

    def clean_passport_name(self):
        return (self.cleaned_data.get("passport_name") or "").upper().strip()

    def clean(self):
        data = super().clean()
        number = data.get("id_number")
        if number:
            try:
                data["id_number"] = idcard.validate(
                    number, date_of_birth=data.get("date_of_birth"), sex=data.get("sex")
                )
            except idcard.IdNumberError as err:
                self.add_error("id_number", str(err))
            else:
                data["sex"] = data.get("sex") or idcard.sex_of(data["id_number"])
                data["date_of_birth"] = data.get("date_of_birth") or idcard.birth_date_of(data["id_number"])
        for name in ("sex", "date_of_birth"):
            if not data.get(name) and name not in self.errors:
                stored = getattr(self.instance, name, None) if self.instance and self.instance.pk else None
                if stored:
                    data[name] = stored
                else:
                    self.add_error(name, _("请填写，或填写身份证号码后自动生成。"))
        return data

    def service_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["id_number"] = self.cleaned_data.get("id_number") or ""
        return data


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("归档原因"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
