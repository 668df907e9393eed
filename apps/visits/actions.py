"""The audit actions of reception, protocol, gifts and the leaders' calendar."""

from django.db import models
from django.utils.translation import pgettext_lazy


class VisitAction(models.TextChoices):
    VISIT_CREATE = "visits.create", pgettext_lazy("audit action", "登记来访")
    VISIT_UPDATE = "visits.update", pgettext_lazy("audit action", "修改来访信息")
    PARTICIPANT_SAVE = "visits.participant_save", pgettext_lazy("audit action", "登记参加人员")
    PARTICIPANT_REMOVE = "visits.participant_remove", pgettext_lazy("audit action", "移除参加人员")
    EVENT_SAVE = "visits.event_save", pgettext_lazy("audit action", "修改日程活动")
    EVENT_CANCEL = "visits.event_cancel", pgettext_lazy("audit action", "取消日程活动")
    SEATING_EDIT = "visits.seating_edit", pgettext_lazy("audit action", "调整座次")
    SEATING_RESET = "visits.seating_reset", pgettext_lazy("audit action", "恢复生成的座次")
    SUMMARY_SAVE = "visits.summary_save", pgettext_lazy("audit action", "填写来访纪要")
    FOLLOW_UP_ADD = "visits.follow_up_add", pgettext_lazy("audit action", "布置后续任务")
    FOLLOW_UP_DONE = "visits.follow_up_done", pgettext_lazy("audit action", "完成后续任务")
    GIFT_CREATE = "visits.gift_create", pgettext_lazy("audit action", "登记礼品")
    GIFT_APPROVE = "visits.gift_approve", pgettext_lazy("audit action", "批准赠送礼品")
    GIFT_DECLARE = "visits.gift_declare", pgettext_lazy("audit action", "申报受赠礼品")
    GIFT_HAND_IN = "visits.gift_hand_in", pgettext_lazy("audit action", "礼品上交及处理")
    GIFT_PHOTO = "visits.gift_photo", pgettext_lazy("audit action", "上传礼品照片")
    GIFT_PHOTO_VIEW = "visits.gift_photo_view", pgettext_lazy("audit action", "查看礼品照片")
    GIFT_REMIND = "visits.gift_remind", pgettext_lazy("audit action", "发送礼品申报提醒")
    CALENDAR_SAVE = "visits.calendar_save", pgettext_lazy("audit action", "修改外事日程")
    FEED_CREATE = "visits.feed_create", pgettext_lazy("audit action", "创建日历订阅")
    FEED_REVOKE = "visits.feed_revoke", pgettext_lazy("audit action", "撤销日历订阅")
    FEED_READ = "visits.feed_read", pgettext_lazy("audit action", "读取日历订阅")
