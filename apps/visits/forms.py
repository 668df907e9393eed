"""Forms of the visit, its participants and programme, the seating editor, gifts and the calendar."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from apps.web.widgets import CountrySelect, SearchSelect

from .models import (
    CalendarEntry,
    DiplomaticRank,
    Disposition,
    DoorPosition,
    EventKind,
    FlagLayout,
    Gift,
    Leader,
    Level,
    Participant,
    RankLevel,
)

DATE_ERR = {"invalid": _("请输入有效日期，格式为 年-月-日。")}
TIME_ERR = {"invalid": _("请输入有效时间，格式为 时:分。")}


def date_field(label, required=False):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
        error_messages=DATE_ERR,
    )


def time_field(label):
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M"],
        error_messages=TIME_ERR,
    )


def datetime_field(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("请输入有效的日期和时间。")},
    )


class CountryField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "label", None) or obj.name_zh


def _countries():
    from apps.reference.models import Country

    return Country.objects.filter(is_active=True).order_by("sort_key")


def _partners():
    from apps.partners.models import Partner

    return Partner.objects.active().select_related("country")


class VisitForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, help_text=_("例如：法国圣艾蒂安市代表团来访"))
    unit = forms.ModelChoiceField(label=_("接待单位"), queryset=None, empty_label=None)
    level = forms.ChoiceField(label=_("接待规格"), choices=Level.choices)
    guest_country = CountryField(label=_("来访国家（地区）"), queryset=None, required=False)
    guest_organisation = forms.CharField(label=_("来访组织或机构"), max_length=200, required=False)
    head_name = forms.CharField(label=_("团长姓名"), max_length=120, required=False)
    head_title = forms.CharField(label=_("团长职务"), max_length=200, required=False)
    arrival_date = date_field(_("抵达日期"), required=True)
    departure_date = date_field(_("离开日期"), required=True)
    purpose = forms.CharField(label=_("来访目的"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    hosts_note = forms.CharField(
        label=_("我方主要接待人员"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    invitation_note = forms.CharField(
        label=_("邀请依据"), max_length=300, required=False, help_text=_("邀请函或邀请案件编号。")
    )
    partner = forms.ModelChoiceField(
        label=_("友好城市"),
        queryset=None,
        required=False,
        help_text=_("来自友好城市的团组：纪要报送后记入该友好城市的交往记录。"),
    )
    security_note = forms.CharField(
        label=_("安保事项"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    press_note = forms.CharField(
        label=_("新闻报道安排"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guest_country"].queryset = _countries()
        self.fields["partner"].queryset = _partners()
        if units is None:
            self.fields.pop("unit")
        else:
            self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        a, d = data.get("arrival_date"), data.get("departure_date")
        if a and d and d < a:
            self.add_error("departure_date", _("离开日期不能早于抵达日期。"))
        return data


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = [
            "side",
            "name",
            "name_en",
            "title",
            "title_en",
            "organisation",
            "rank",
            "diplomatic_rank",
            "duty_since",
            "notified_on",
            "country_en",
            "role",
            "leader",
            "dietary",
        ]
        widgets = {
            "duty_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Leader.objects.filter(is_active=True)
        self.fields["rank"].choices = RankLevel.choices
        self.fields["diplomatic_rank"].choices = [("", "—"), *DiplomaticRank.choices]
        self.fields["role"].choices = Participant.Role.choices
        for name in ("duty_since", "notified_on"):
            self.fields[name].error_messages["invalid"] = DATE_ERR["invalid"]

    def clean(self):
        data = super().clean()
        if data.get("diplomatic_rank") and data.get("side") == Participant.Side.HOST:
            self.add_error("diplomatic_rank", _("外交衔级只适用于外方外交官。"))
        return data


class CountriesSelect(CountrySelect):
    """Several countries, searchable (the vendored Tom Select takes a ``<select multiple>`` as it is)."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), choices=EventKind.choices)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    title_en = forms.CharField(label=_("英文名称"), max_length=200, required=False)
    date = date_field(_("日期"), required=True)
    start = time_field(_("开始时间"))
    end = time_field(_("结束时间"))
    venue = forms.CharField(label=_("地点"), max_length=200)
    venue_en = forms.CharField(label=_("英文地点"), max_length=200, required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("参加人员"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    door = forms.ChoiceField(label=_("门的位置（会谈）"), choices=DoorPosition.choices, required=False)
    table_size = forms.IntegerField(label=_("每桌人数（宴请）"), required=False, min_value=2, max_value=30)
    hosted_by_guest = forms.BooleanField(label=_("外方主办（签字仪式的国旗）"), required=False)
    flag_layout = forms.ChoiceField(label=_("国旗排列"), choices=FlagLayout.choices, required=False)
    flag_countries = forms.ModelMultipleChoiceField(
        label=_("多边活动参加国（中国除外）"),
        queryset=None,
        required=False,
        widget=CountriesSelect,
        help_text=_("多边排列时填写；其他国家按英文国名字母顺序排列。"),
    )
    interpreters = forms.CharField(label=_("翻译"), max_length=200, required=False)
    vehicles = forms.CharField(label=_("车辆"), max_length=200, required=False)
    dietary = forms.CharField(label=_("餐饮要求"), max_length=200, required=False)
    dress = forms.CharField(label=_("着装"), max_length=100, required=False)
    press = forms.CharField(label=_("新闻报道"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, visit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = visit.participants_list.order_by("side", "rank", "id")
        self.fields["flag_countries"].queryset = _countries()
        self.fields["participants"].label_from_instance = lambda p: (
            f"{p.get_side_display()} · {p.name} {p.title}"
        )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("结束时间应晚于开始时间。"))
        if not data.get("door"):
            data["door"] = DoorPosition.LONG_SIDE
        if data.get("flag_layout") and not data.get("flag_countries"):
            self.add_error("flag_countries", _("多边活动的国旗排列，请选择参加国。"))
        return data


class SeatSwapForm(forms.Form):
    seat_a = forms.ChoiceField(label=_("座位一"))
    seat_b = forms.ChoiceField(label=_("座位二"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, seats=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            ("", "—"),
            *[(s.key, f"{s.display} · {s.person.name if s.person else _('（空）')}") for s in seats],
        ]
        self.fields["seat_a"].choices = choices
        self.fields["seat_b"].choices = choices


class SummaryForm(forms.Form):
    summary_outcomes = forms.CharField(label=_("来访成果"), widget=forms.Textarea(attrs={"rows": 4}))
    summary_agreements = forms.CharField(
        label=_("签署的协议"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary_follow_up = forms.CharField(
        label=_("后续工作"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一项：事项、责任单位、期限。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FollowUpForm(forms.Form):
    task = forms.CharField(label=_("任务事项"), max_length=300)
    responsible = forms.CharField(label=_("责任单位"), max_length=200)
    due_date = date_field(_("完成期限"), required=True)


class GiftForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)
    on_date = date_field(_("受赠/赠送日期"), required=True)
    returned_on = date_field(_("回国日期（在国外受礼时）"))
    counterpart_country = CountryField(label=_("对方国家（地区）"), queryset=None, required=False)

    class Meta:
        model = Gift
        fields = [
            "direction",
            "unit",
            "visit",
            "description",
            "counterpart",
            "counterpart_country",
            "person",
            "on_date",
            "returned_on",
            "value",
            "is_cash",
            "photo",
            "budget",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, units=None, visits=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["visit"].queryset = visits
        self.fields["visit"].required = False
        self.fields["counterpart_country"].queryset = _countries()
        self.fields["value"].error_messages["invalid"] = _("请输入金额（元），例如 350.00。")
        self.fields["value"].min_value = 0
        self.fields["photo"].validators.append(FileExtensionValidator(["jpg", "jpeg", "png", "webp"]))
        self.fields["photo"].help_text = photo_help()
        self.fields["photo"].widget.attrs["accept"] = PHOTO_ACCEPT

    def clean_photo(self):
        return clean_photo_field(self.cleaned_data.get("photo"))


PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


def photo_help():
    from .photos import max_bytes

    return _("JPG、PNG 或 WebP 图片，不超过 %(mb)d MB。") % {"mb": max_bytes() // 1048576}


def clean_photo_field(upload):
    """The form side of ``photos.check_photo``: its refusal becomes the field's error."""
    from apps.core.errors import ServiceError

    from .photos import check_photo

    if not upload or not hasattr(upload, "read"):  # nothing uploaded (or the stored file kept)
        return upload
    try:
        check_photo(upload)
    except ServiceError as err:
        raise forms.ValidationError(str(err.message)) from None
    return upload


class GiftPhotoForm(forms.Form):
    """The photo of a registered gift, added or replaced on its page."""

    photo = forms.FileField(label=_("选择照片"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = photo_help()
        self.fields["photo"].widget.attrs["accept"] = PHOTO_ACCEPT

    def clean_photo(self):
        return clean_photo_field(self.cleaned_data.get("photo"))


class HandInForm(forms.Form):
    handed_in_on = date_field(_("上交日期"), required=True)
    disposition = forms.ChoiceField(label=_("处理方式"), choices=[c for c in Disposition.choices if c[0]])
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EntryForm(forms.Form):
    leader = forms.ModelChoiceField(label=_("市领导"), queryset=None)
    title = forms.CharField(label=_("事项"), max_length=200)
    starts_at = datetime_field(_("开始"))
    ends_at = datetime_field(_("结束"))
    location = forms.CharField(label=_("地点"), max_length=200, required=False)
    source = forms.ChoiceField(
        label=_("来源"), choices=[c for c in CalendarEntry.Source.choices if c[0] != "visit"]
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("结束时间应晚于开始时间。"))
        return data


class FeedForm(forms.Form):
    leader = forms.ModelChoiceField(label=_("市领导"), queryset=None)

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders


class LeaderForm(forms.Form):
    """A city leader in the list the secretariat keeps (no delete: a leader who leaves is marked not
    serving, and their past engagements stay)."""

    title = forms.CharField(label=_("职务"), max_length=100, help_text=_("例如：市长、副市长"))
    name = forms.CharField(label=_("姓名"), max_length=60)
    rank = forms.TypedChoiceField(label=_("职级"), choices=RankLevel.choices, coerce=int)
    user = forms.ModelChoiceField(
        label=_("系统账号"),
        queryset=None,
        required=False,
        widget=SearchSelect(search_fields=("username",)),
        help_text=_("关联后，该账号登录可查看本人的外事日程。"),
    )
    order = forms.IntegerField(
        label=_("排序"), min_value=0, max_value=32767, initial=100, help_text=_("数字小的排在前面。")
    )
    is_active = forms.BooleanField(
        label=_("在任"), required=False, initial=True, help_text=_("离任的领导取消勾选即可，已有日程保留。")
    )

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts
