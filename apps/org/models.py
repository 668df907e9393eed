"""The office, its divisions and leadership posts, and the applying units as a tree.

Everything here is data: configuring another city's office is a matter of editing rows, not code.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Office(TimeStampedModel):
    name = models.CharField(_("全称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    short_name = models.CharField(
        _("简称（用于文号）"),
        max_length=20,
        help_text=_("用于案件文号前缀，例如“徐外”。"),
    )
    other_names = models.CharField(_("加挂牌子"), max_length=300, blank=True)
    city = models.CharField(_("所在城市"), max_length=50)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    history = models.TextField(_("历史沿革"), blank=True)
    mayor_name = models.CharField(
        _("市长姓名"),
        max_length=50,
        blank=True,
        help_text=_("荣誉市民证书的署名；为空时证书上显示“市长姓名未配置”。"),
    )

    class Meta:
        verbose_name = _("外事办公室")
        verbose_name_plural = _("外事办公室")

    def __str__(self):
        return self.name


class Division(TimeStampedModel):
    """内设机构: a division of the office; owns a work queue."""

    office = models.ForeignKey(
        Office, verbose_name=_("所属外办"), on_delete=models.PROTECT, related_name="divisions"
    )
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    alias = models.CharField(_("加挂名称"), max_length=100, blank=True)
    duties = models.TextField(_("职责"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("处室")
        verbose_name_plural = _("处室")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class LeadershipPost(TimeStampedModel):
    """领导职务: 主任, 副主任 — the people who sign approvals."""

    class Title(models.TextChoices):
        DIRECTOR = "director", _("主任")
        DEPUTY = "deputy", _("副主任")
        OTHER = "other", _("其他领导职务")

    office = models.ForeignKey(
        Office, verbose_name=_("所属外办"), on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(_("职务"), max_length=20, choices=Title.choices)
    title_text = models.CharField(_("职务全称"), max_length=100, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("任职人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    portfolio = models.TextField(_("分管工作"), blank=True)
    supervised_divisions = models.ManyToManyField(Division, verbose_name=_("分管处室"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("领导职务")
        verbose_name_plural = _("领导职务")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title_text or self.get_title_display()


class Unit(TimeStampedModel):
    """申报单位: a city department, county/district, enterprise or university, with sub-units."""

    class Kind(models.TextChoices):
        CITY_DEPT = "city_dept", _("市直部门")
        DISTRICT = "district", _("县（市）区")
        ENTERPRISE = "enterprise", _("国有企业")
        UNIVERSITY = "university", _("高校")
        INSTITUTION = "institution", _("事业单位")
        OTHER = "other", _("其他")

    name = models.CharField(_("单位名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("单位类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path "/1/5/12/" so that "this unit and below" is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    pinyin = models.CharField(_("拼音排序键"), max_length=300, blank=True, db_index=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("申报单位")
        verbose_name_plural = _("申报单位")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from apps.core.text import pinyin_key

        self.pinyin = pinyin_key(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "pinyin"}
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            Unit.objects.filter(pk=self.pk).update(path=new_path, depth=new_path.count("/") - 2)
            self.path, self.depth = new_path, new_path.count("/") - 2
            if old_path:
                for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.save()

    def ancestors(self):
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return Unit.objects.filter(pk__in=ids).order_by("depth")
