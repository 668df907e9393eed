"""The audit actions of the partner register, exchange plans and country notes."""

from django.db import models
from django.utils.translation import pgettext_lazy


class PartnersAction(models.TextChoices):
    PARTNER_CREATE = "partners.partner_create", pgettext_lazy("audit action", "登记友好城市")
    PARTNER_UPDATE = "partners.partner_update", pgettext_lazy("audit action", "修改友好城市")
    PARTNER_ESTABLISH = "partners.partner_establish", pgettext_lazy("audit action", "友好城市关系确立")
    ACTIVITY_LINK = "partners.activity_link", pgettext_lazy("audit action", "登记友好城市交往")
    CASE_UPDATE = "partners.case_update", pgettext_lazy("audit action", "修改结好申请")
    EXTERNAL_APPROVAL = "partners.external_approval", pgettext_lazy("audit action", "登记上级批复")
    TWINNING_REGISTER = "partners.twinning_register", pgettext_lazy("audit action", "登记基层结好")
    PLAN_CREATE = "partners.plan_create", pgettext_lazy("audit action", "新建年度交流计划")
    PLAN_ITEM_ADD = "partners.plan_item_add", pgettext_lazy("audit action", "添加交流计划项目")
    PLAN_ITEM_UPDATE = "partners.plan_item_update", pgettext_lazy("audit action", "更新交流计划项目")
    PROFILE_UPDATE = "partners.profile_update", pgettext_lazy("audit action", "修改国别情况")
    NOTE_SAVE = "partners.note_save", pgettext_lazy("audit action", "保存国别研究材料")
