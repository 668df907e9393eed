"""Data shipped with waiban: the State Council holiday schedules and the built-in code lists.

Every value carries its source (domain.md §2, §3, §13). Loaded by the data migration and by
``manage.py load_reference``; an administrator's later edits are never overwritten unless ``--force``.
"""

from datetime import date, timedelta

# (holiday name, first day off, last day off, [weekend days worked (调休上班)])
CALENDAR_YEARS = {
    2025: {
        "source": "国办发明电〔2024〕12号",
        "source_date": date(2024, 11, 12),
        "notes": "国务院办公厅关于2025年部分节假日安排的通知",
        "holidays": [
            ("元旦", date(2025, 1, 1), date(2025, 1, 1), []),
            ("春节", date(2025, 1, 28), date(2025, 2, 4), [date(2025, 1, 26), date(2025, 2, 8)]),
            ("清明节", date(2025, 4, 4), date(2025, 4, 6), []),
            ("劳动节", date(2025, 5, 1), date(2025, 5, 5), [date(2025, 4, 27)]),
            ("端午节", date(2025, 5, 31), date(2025, 6, 2), []),
            ("国庆节、中秋节", date(2025, 10, 1), date(2025, 10, 8), [date(2025, 9, 28), date(2025, 10, 11)]),
        ],
    },
    2026: {
        "source": "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
        "source_date": date(2025, 11, 4),
        "notes": "",
        "holidays": [
            ("元旦", date(2026, 1, 1), date(2026, 1, 3), [date(2026, 1, 4)]),
            ("春节", date(2026, 2, 15), date(2026, 2, 23), [date(2026, 2, 14), date(2026, 2, 28)]),
            ("清明节", date(2026, 4, 4), date(2026, 4, 6), []),
            ("劳动节", date(2026, 5, 1), date(2026, 5, 5), [date(2026, 5, 9)]),
            ("端午节", date(2026, 6, 19), date(2026, 6, 21), []),
            ("中秋节", date(2026, 9, 25), date(2026, 9, 27), []),
            ("国庆节", date(2026, 10, 1), date(2026, 10, 7), [date(2026, 9, 20), date(2026, 10, 10)]),
        ],
    },
}


def calendar_days(year: int):
    """Yield (date, kind, name) for a shipped year."""
    for name, first, last, worked in CALENDAR_YEARS[year]["holidays"]:
        d = first
        while d <= last:
            yield d, "holiday", name
            d += timedelta(days=1)
        for w in worked:
            yield w, "workday", name


# code → (name, name_en, description, [(code, label, label_en, note)])
DICTIONARIES = {
    "delegation_type": (
        "团组类型",
        "Delegation type",
        "出访团组的组团方式（domain.md §2：江苏办事指南）。",
        [
            ("self_organised", "自行组团", "Formed by the unit itself", ""),
            ("with_city", "随市团组", "With a city delegation", ""),
            ("with_ministry", "随部委团组", "With a ministry delegation", ""),
            (
                "teaching_research",
                "教学科研",
                "Teaching and research",
                "厅字〔2016〕17号：教学科研人员出访的次数、国家数、团组人数和在外天数根据实际需要安排",
            ),
        ],
    ),
    "official_rank": (
        "职级",
        "Official rank",
        "出访人员职级。按职级划分的审批权限在审批规则中另行配置，不在此字典中。",
        [
            ("provincial", "省部级", "Provincial / ministerial level", "审批权限另行配置"),
            ("bureau", "厅局级", "Bureau level", "审批权限另行配置"),
            ("division", "县处级", "County / division level", "审批权限另行配置"),
            ("section", "乡科级", "Township / section level", "审批权限另行配置"),
            ("other", "其他", "Other", "审批权限另行配置"),
        ],
    ),
    "passport_kind": (
        "证件种类",
        "Travel document kind",
        "因公出国（境）证件（护照法；domain.md §3）。",
        [
            ("diplomatic", "外交护照", "Diplomatic passport", "护照法"),
            ("official", "公务护照", "Official (service) passport", "护照法"),
            ("public_affairs_ordinary", "公务普通护照", "Passport for public affairs", "护照法"),
            ("hk_macao_permit", "往来港澳通行证", "Exit-entry permit for Hong Kong and Macao", ""),
            ("apec_card", "APEC商务旅行卡", "APEC Business Travel Card", ""),
        ],
    ),
    "visa_status": (
        "签证状态",
        "Visa status",
        "",
        [
            ("applied", "已申请", "Applied", ""),
            ("granted", "已获签", "Granted", ""),
            ("refused", "被拒签", "Refused", ""),
        ],
    ),
    "attachment_kind": (
        "附件类型",
        "Attachment kind",
        "申报材料（domain.md §2：兴安盟外办、江苏办事指南）。",
        [
            ("invitation", "邀请函", "Invitation letter", ""),
            ("invitation_translation", "邀请函译文", "Translation of the invitation", ""),
            ("schedule", "日程安排", "Schedule", ""),
            ("budget", "预算表", "Budget", ""),
            ("request", "请示", "Request (请示)", ""),
            ("id_copy", "身份证复印件", "Copy of ID card", ""),
            ("other", "其他", "Other", ""),
        ],
    ),
    "funding_source": (
        "经费来源",
        "Funding source",
        "",
        [
            ("fiscal", "财政拨款", "Government budget", ""),
            ("own_funds", "单位自有资金", "Unit's own funds", ""),
            ("host", "邀请方承担", "Paid by the host", ""),
            ("other", "其他", "Other", ""),
        ],
    ),
}
