import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.concurrency import EditTokenFormMixin

from .models import Division, LeadershipPost, Office, Unit
from .selectors import unit_tree

CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class OfficeForm(EditTokenFormMixin, forms.ModelForm):
    class Meta:
        model = Office
        fields = (
            "name",
            "name_en",
            "short_name",
            "other_names",
            "city",
            "address",
            "phone",
            "email",
            "history",
            "mayor_name",
        )
        widgets = {"history": forms.Textarea(attrs={"rows": 5}), "other_names": forms.TextInput()}


class DivisionForm(EditTokenFormMixin, forms.ModelForm):
    class Meta:
        model = Division
        fields = ("code", "name", "name_en", "alias", "duties", "order", "is_active")
        widgets = {"duties": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"code": _("英文字母、数字、下划线，程序和分办规则用它识别处室，创建后一般不改。")}


class LeadershipPostForm(EditTokenFormMixin, forms.ModelForm):
    class Meta:
        model = LeadershipPost
        fields = ("title", "title_text", "holder", "portfolio", "supervised_divisions", "order")
        widgets = {
            "portfolio": forms.Textarea(attrs={"rows": 3}),
            "supervised_divisions": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Holders are office staff: people of a division or with the office-leader role.
        self.fields["holder"].queryset = (
            User.objects.filter(is_active=True)
            .filter(Q(division__isnull=False) | Q(roles__code="office_leader"))
            .distinct()
            .order_by("full_name")
        )
        self.fields["supervised_divisions"].queryset = Division.objects.filter(is_active=True).order_by(
            "order"
        )


def unit_choices(*, blank_label) -> list[tuple[str, str]]:
    """Every active unit, indented under its parent, in pinyin order among siblings."""
    choices = [("", blank_label)]
    for row in unit_tree():
        choices.append((str(row.unit.pk), "\u3000" * row.depth + row.unit.name))
    return choices


class UnitForm(EditTokenFormMixin, forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=100)
    name_en = forms.CharField(label=_("英文名称"), max_length=200, required=False)
    short_name = forms.CharField(label=_("简称"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("单位类型"), choices=Unit.Kind.choices)
    parent = forms.ChoiceField(
        label=_("上级单位"), required=False, help_text=_("留空表示顶级单位。移动单位时，其下级单位随之移动。")
    )
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, required=False, help_text=_("18 位，可不填。")
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=50, required=False)

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        self.unit = unit
        if unit is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": unit.name,
                "name_en": unit.name_en,
                "short_name": unit.short_name,
                "kind": unit.kind,
                "parent": str(unit.parent_id or ""),
                "credit_code": unit.credit_code,
                "address": unit.address,
                "contact_phone": unit.contact_phone,
            }
        super().__init__(*args, edit_object=unit, **kwargs)
        self.fields["parent"].choices = unit_choices(blank_label=_("（顶级单位）"))

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        if code and not CREDIT_CODE_RE.match(code):
            raise ValidationError(_("统一社会信用代码应为 18 位数字或大写字母。"))
        return code

    def clean_parent(self):
        value = self.cleaned_data.get("parent")
        if not value:
            return None
        try:
            return Unit.objects.get(pk=int(value), is_active=True)
        except (Unit.DoesNotExist, ValueError):
            raise ValidationError(_("请选择一个有效的上级单位。")) from None

    def clean(self):
        data = super().clean()
        name, parent = data.get("name"), data.get("parent")
        if name:
            siblings = Unit.objects.filter(name=name, parent=parent)
            if self.unit is not None:
                siblings = siblings.exclude(pk=self.unit.pk)
            if siblings.exists():
                self.add_error("name", _("同一上级单位下已有同名单位。"))
        return data
