import json

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.concurrency import EditTokenFormMixin

from . import engine
from .models import RuleSetting
from .services import validate_rule_values


class RuleSettingForm(EditTokenFormMixin, forms.Form):
    enabled = forms.BooleanField(label=_("启用"), required=False)
    severity = forms.ChoiceField(label=_("级别"), choices=RuleSetting.Severity.choices)
    params = forms.CharField(
        label=_("参数（JSON）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace", "spellcheck": "false"}),
        help_text=_("留空或 null 表示未配置：检查时显示“未配置”，不会视为通过。"),
    )
    title_zh = forms.CharField(label=_("名称（中文）"), max_length=100, required=False)
    title_en = forms.CharField(label=_("名称（英文）"), max_length=100, required=False)
    message_zh = forms.CharField(label=_("提示（中文）"), widget=forms.Textarea(attrs={"rows": 2}))
    message_en = forms.CharField(label=_("提示（英文）"), widget=forms.Textarea(attrs={"rows": 2}))
    citation = forms.CharField(
        label=_("依据"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("向用户显示：法规名称、文号和条款。"),
    )
    notes = forms.CharField(
        label=_("来源说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("来源与核实情况（二手来源、未取得的数值、参数示例等），仅管理员可见，不向用户显示。"),
    )

    def __init__(self, *args, setting: RuleSetting, **kwargs):
        self.setting = setting
        super().__init__(*args, edit_object=setting, **kwargs)

    @classmethod
    def initial_for(cls, setting: RuleSetting) -> dict:
        return {
            "enabled": setting.enabled,
            "severity": setting.severity,
            "params": ""
            if setting.params is None
            else json.dumps(setting.params, ensure_ascii=False, indent=2),
            "title_zh": setting.title_zh,
            "title_en": setting.title_en,
            "message_zh": setting.message_zh,
            "message_en": setting.message_en,
            "citation": setting.citation,
            "notes": setting.notes,
        }

    def clean_params(self):
        text = (self.cleaned_data.get("params") or "").strip()
        if text in ("", "null"):
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("参数不是有效的 JSON（第 %(line)s 行第 %(col)s 列：%(msg)s）"),
                params={"line": exc.lineno, "col": exc.colno, "msg": exc.msg},
            ) from exc

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        errors = validate_rule_values(
            rule_id=self.setting.rule_id,
            severity=data.get("severity", ""),
            params=data.get("params"),
            message_zh=data.get("message_zh", ""),
            message_en=data.get("message_en", ""),
        )
        for field, messages in errors.items():
            for m in messages:
                self.add_error(field, m)
        return data

    @property
    def placeholders(self):
        spec = engine.RULES.get(self.setting.rule_id)
        return spec.placeholders if spec else ()


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("文件（.csv 或 .xlsx）"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("只支持 .csv 或 .xlsx 文件。"))
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过 5 MB。"))
        return f
