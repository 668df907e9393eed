"""Reference data: countries and regions, the working-day calendar, code lists (字典).

Country names come only from here. Hong Kong and Macao are special administrative regions of China,
Taiwan is a region of China (中国台湾); none of them is ever called a country — forms say 国家（地区）.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.text import pinyin_key

# pypinyin reads some place names with the everyday reading of a polyphonic character.
_POLYPHONE_FIXES = {
    "秘鲁": "mi lu",
    "佛得角": "fo de jiao",
}


def country_sort_key(name_zh: str) -> str:
    """Pinyin sort key of a country or region name (full-width brackets dropped, polyphones fixed)."""
    name = (name_zh or "").strip()
    for word, reading in _POLYPHONE_FIXES.items():
        if name.startswith(word):
            rest = name[len(word) :]
            return (reading + " " + country_sort_key(rest)).strip()
    cleaned = "".join(ch if ch not in "（）()、·-，, " else " " for ch in name)
    return " ".join(pinyin_key(cleaned).split())


class Continent(models.TextChoices):
    ASIA = "asia", _("亚洲")
    EUROPE = "europe", _("欧洲")
    AFRICA = "africa", _("非洲")
    NORTH_AMERICA = "north_america", _("北美洲")
    SOUTH_AMERICA = "south_america", _("南美洲")
    OCEANIA = "oceania", _("大洋洲")
    ANTARCTICA = "antarctica", _("南极洲")


class CountryKind(models.TextChoices):
    COUNTRY = "country", _("国家")
    SAR = "sar", _("特别行政区（港澳）")
    REGION_OF_CHINA = "region_of_china", _("中国的地区（台湾）")
    TERRITORY = "territory", _("未独立地区（属地）")


class CountryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def destinations(self):
        """Where this office's trips may go (not China itself, not Taiwan)."""
        return self.filter(is_active=True, is_trip_destination=True)


class Country(TimeStampedModel):
    """A country or region (国家（地区）) with its ISO 3166-1 codes."""

    iso2 = models.CharField(_("二位字母代码"), max_length=2, unique=True)
    iso3 = models.CharField(_("三位字母代码"), max_length=3, unique=True)
    numeric = models.CharField(_("数字代码"), max_length=3, blank=True)
    name_zh = models.CharField(_("中文简称"), max_length=100)
    name_zh_full = models.CharField(_("中文全称"), max_length=200, blank=True)
    name_en = models.CharField(_("英文简称"), max_length=100)
    name_en_full = models.CharField(_("英文全称"), max_length=200, blank=True)
    continent = models.CharField(_("所在洲"), max_length=20, choices=Continent.choices)
    latin_america = models.BooleanField(
        _("拉丁美洲和加勒比"),
        default=False,
        help_text=_("中美洲、南美洲和加勒比地区；用于“拉美、非洲航班不便可增加一天”的规则。"),
    )
    kind = models.CharField(
        _("类别"), max_length=20, choices=CountryKind.choices, default=CountryKind.COUNTRY
    )
    is_trip_destination = models.BooleanField(
        _("可作为出访目的地"), default=True, help_text=_("中国本身和中国台湾不是本办出访目的地。")
    )
    sort_key = models.CharField(_("拼音排序键"), max_length=300, db_index=True, editable=False, default="")
    is_active = models.BooleanField(_("启用"), default=True)
    is_customized = models.BooleanField(
        _("已由管理员修改"),
        default=False,
        editable=False,
        help_text=_("重新导入基础数据时不覆盖管理员修改过的记录（除非使用 --force）。"),
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("国家（地区）")
        verbose_name_plural = _("国家（地区）")
        ordering = ["sort_key", "iso2"]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.sort_key = country_sort_key(self.name_zh)
        self.iso2 = (self.iso2 or "").upper()
        self.iso3 = (self.iso3 or "").upper()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The short name in the active language (English → name_en, otherwise Chinese)."""
        lang = (translation.get_language() or "zh-hans").lower()
        return self.name_en if lang.startswith("en") else self.name_zh

    @property
    def is_region_of_china(self) -> bool:
        """Hong Kong, Macao and Taiwan: regions of China, never countries."""
        return self.kind in (CountryKind.SAR, CountryKind.REGION_OF_CHINA)

    @property
    def region_group(self) -> str:
        """``latin_america`` for Central/South America and the Caribbean, else the continent code."""
        return "latin_america" if self.latin_america else self.continent

    @property
    def is_latin_america_or_africa(self) -> bool:
        return self.latin_america or self.continent == Continent.AFRICA


class CalendarYear(TimeStampedModel):
    """One year of the State Council holiday schedule. Only a published year's exceptions are used."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("已发布")
        NOT_PUBLISHED = "not_published", _("未发布")

    year = models.PositiveIntegerField(_("年份"), unique=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.NOT_PUBLISHED)
    source = models.CharField(
        _("依据文件"), max_length=200, blank=True, help_text=_("例如：国办发明电〔2024〕12号")
    )
    source_date = models.DateField(_("发布日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    revision = models.PositiveIntegerField(_("修订号"), default=0, editable=False)
    is_customized = models.BooleanField(_("已由管理员修改"), default=False, editable=False)

    class Meta:
        verbose_name = _("节假日年度安排")
        verbose_name_plural = _("节假日年度安排")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a public holiday, or a weekend day worked (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=50, blank=True, help_text=_("例如：春节"))
    year = models.ForeignKey(
        CalendarYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="days"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    # Edit token for optimistic concurrency (apps.core.concurrency).
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()


class DictType(TimeStampedModel):
    """A code list (字典类型), e.g. delegation_type."""

    code = models.SlugField(_("字典编码"), max_length=60, unique=True)
    name = models.CharField(_("字典名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    description = models.TextField(_("说明"), blank=True)
    is_builtin = models.BooleanField(_("内置"), default=False, editable=False)

    class Meta:
        verbose_name = _("字典类型")
        verbose_name_plural = _("字典类型")
        ordering = ["code"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        lang = (translation.get_language() or "zh-hans").lower()
        return (self.name_en or self.name) if lang.startswith("en") else self.name


class DictItem(TimeStampedModel):
    """One value of a code list (字典数据). Items are deactivated, never deleted."""

    type = models.ForeignKey(
        DictType, verbose_name=_("字典类型"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.SlugField(_("编码"), max_length=60)
    label = models.CharField(_("名称"), max_length=100)
    label_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("备注或依据"), max_length=300, blank=True)
    is_customized = models.BooleanField(_("已由管理员修改"), default=False, editable=False)

    class Meta:
        verbose_name = _("字典项")
        verbose_name_plural = _("字典项")
        ordering = ["type", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["type", "code"], name="reference_dictitem_type_code")]

    def __str__(self):
        return self.localized_label

    @property
    def localized_label(self) -> str:
        """``label_en`` when the active language is English (falling back to Chinese), else ``label``."""
        lang = (translation.get_language() or "zh-hans").lower()
        return (self.label_en or self.label) if lang.startswith("en") else self.label
