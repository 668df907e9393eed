from django import forms
from django.apps import apps as django_apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .actions import registry

ALL_ACTIONS_SUFFIX = "."  # an option "casework." selects every action of the group


def action_choices():
    """The action filter's options: every action by its label, grouped by app, each group headed by
    "<group>: all actions" (value "<group>.", a prefix)."""
    choices = [("", _("全部操作"))]
    for group, group_label, actions in registry.groups():
        everything = pgettext("audit filter", "%(group)s：全部操作") % {"group": group_label}
        options = [(group + ALL_ACTIONS_SUFFIX, everything)]
        options += sorted(((a.value, str(a.label)) for a in actions), key=lambda pair: pair[1])
        choices.append((group_label, options))
    return choices


def target_type_choices():
    """The object type filter's options: the project's models by their names, grouped by app."""
    choices = [("", _("全部对象类型"))]
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        models = sorted(
            ((m._meta.label_lower, str(m._meta.verbose_name)) for m in config.get_models()),
            key=lambda pair: pair[1],
        )
        if models:
            choices.append((str(config.verbose_name), models))
    return choices


class EventFilterForm(forms.Form):
    user = forms.CharField(label=_("用户（用户名或姓名）"), required=False, max_length=150)
    target_type = forms.ChoiceField(label=_("对象类型"), required=False, choices=target_type_choices)
    target_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    action = forms.ChoiceField(label=_("操作"), required=False, choices=action_choices)
    date_from = forms.DateField(
        label=_("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入有效日期，格式为 YYYY-MM-DD。")},
    )
    date_to = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入有效日期，格式为 YYYY-MM-DD。")},
    )

    FILTER_KEYS = ("user", "target_type", "target_id", "action", "date_from", "date_to")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        if data.get("target_id") and not data.get("target_type"):
            self.add_error("target_type", _("按对象编号筛选时请同时选择对象类型。"))
        return data

    def filters(self) -> dict:
        """The filters the user set (only valid forms); empty values left out."""
        return {k: v for k in self.FILTER_KEYS if (v := self.cleaned_data.get(k)) not in (None, "")}


def filters_for_json(filters: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items()}


def parse_cursor(value) -> int | None:
    """A ?before_id= / ?after_id= value, or None when absent or not a positive integer."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
