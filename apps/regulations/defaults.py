"""The sourced default rule pack (version 1) and the expense-standard rows of /work/shared/domain.md.

Shipped by the data migration ``0002_default_pack``. Do not edit values here to change a running
system: an administrator creates a new pack version (copied from the active one) and activates it.
Values that are not known (per-rank yearly limits, the size limit for Hong Kong/Macao trips) ship as
``None`` parameters so the check says "not configured" instead of passing silently.
"""

import datetime as dt
from decimal import Decimal

SRC_2013 = (
    "中办发〔2013〕《关于进一步规范省部级以下国家工作人员因公临时出国的意见》（文号一处引作〔2013〕13号，"
    "另一处引作〔2013〕16号）；中办发〔2008〕9号《关于进一步加强因公出国(境)管理的若干规定》。"
    "据河南师范大学2019-11-29通知（https://www.htu.edu.cn/sdxw/list951.htm）及《浙江大学因公临时出国"
    "管理办法》第十八条转引——二手来源。"
)
SRC_FINANCE = (
    "财政部、外交部 财行〔2013〕516号《因公临时出国经费管理办法》（2014-01-20施行）：住宿费限额、伙食费、"
    "公杂费按人按天包干，自出境之日起至入境之日止；使用租车或对方提供交通的，公杂费按40%计。"
    "住宿费限额经财行〔2017〕434号调整（调整后数值未取得）。"
)
SRC_PASSPORT = (
    "《中华人民共和国护照法》（2007-01-01施行）：外交护照、公务护照、公务普通护照；护照有效期不足6个月应换发"
    "（各地外办办事指南，二手来源；外交部原文未取得）。"
)
SRC_CUSTODY = (
    "外交部领事司2018年通知：回国后7日内将因公护照交还集中保管；北京市外办：应交日期=出境日期+批准天数+7天，"
    "逾期超过30天暂停受理该保管单位的新申请；广东平台：三次提醒未交即暂停单位申请。"
)
SRC_HK = (
    "国务院港澳事务办公室（2012）：因公临时赴港澳持往来港澳通行证及签注（7种），访问签注有效期3个月、6个月或1年，"
    "每次停留不超过30天。"
)

SRC_TEACHING = (
    "中共中央办公厅、国务院办公厅 厅字〔2016〕17号（关于进一步完善教学科研人员因公临时出国管理的意见）："
    "教学科研人员因学术交流合作出访的次数、国家数、团组人数和在外天数根据实际需要安排。"
)
SRC_STUDY_TOUR = (
    "财政部、外交部 财行〔2013〕516号《因公临时出国经费管理办法》第五条第（二）项：不得安排考察性出访。"
)
# "1 country/countries" read badly: the count comes with its noun ({countries_en}: "1 country").
DAYS_ABROAD_MESSAGE_EN_OLD = (
    "{days} days abroad (both border days counted); {count} country/countries allow at most {allowed} days."
)
DAYS_ABROAD_MESSAGE_EN = (
    "{days} days abroad (both border days counted); a trip to {countries_en} allows at most {allowed} days."
)

R = "blocking"
W = "warning"

# tripchain: shipped by regulations migration 0005 into the packs that lack them
CHAIN_RULES = [
    {
        "rule_id": "category_as_needed",
        "severity": W,
        "params": {
            "categories": ["teaching_research"],
            "rules": ["countries_max", "days_abroad", "delegation_size"],
        },
        "title_zh": "教学科研团组",
        "title_en": "Teaching and research delegation",
        "message_zh": "教学科研团组：出访国家（地区）数、团组人数和在外天数根据实际需要安排，不适用一般限额；请审核其必要性。",  # noqa: E501
        "message_en": "Teaching and research delegation: the number of countries/regions, the size and "
        "the days abroad are set as needed and the general limits do not apply; review the need for them.",
        "citation": SRC_TEACHING,
    },
    {
        "rule_id": "study_tour",
        "severity": W,
        "params": {"keywords": ["考察", "参观学习", "学习访问"]},
        "title_zh": "考察性出访",
        "title_en": "Study tour",
        "message_zh": "出访任务含“{word}”，读来像考察性出访；考察性出访不得安排，请写明具体公务。",
        "message_en": "The task reads as a study tour (“{word}”); study tours are not allowed — state the "
        "official business.",
        "citation": SRC_STUDY_TOUR,
    },
]

DEFAULT_RULES = [
    {
        "rule_id": "trip_dates",
        "severity": R,
        "params": {},
        "title_zh": "出入境日期",
        "title_en": "Trip dates",
        "message_zh": "出入境日期有误：{problem_zh}",
        "message_en": "The trip dates are inconsistent: {problem_en}",
        "citation": "本系统的数据一致性检查（非法规条文）。",
    },
    {
        "rule_id": "countries_max",
        "severity": R,
        "params": {"max": 3},
        "title_zh": "出访国家（地区）数",
        "title_en": "Countries/regions per trip",
        "message_zh": "出访 {count} 个国家（地区）（{countries}），每次不得超过 {max} 个；经停且出机场的计入。",  # noqa: E501
        "message_en": "The trip visits {count} countries/regions ({countries}); at most {max} are allowed, "
        "transit stops count unless the traveller stays airside.",
        "citation": SRC_2013,
    },
    {
        "rule_id": "days_abroad",
        "severity": R,
        "params": {"by_countries": {"1": 5, "2": 8, "3": 10}, "extra_days_latam_africa": 1},
        "title_zh": "在外天数",
        "title_en": "Days abroad",
        "message_zh": "在外 {days} 天（出境、入境当日均计入），{count} 个国家（地区）最多 {allowed} 天。",
        "message_en": "{days} days abroad (both border days counted); {count} country/countries allow "
        "at most {allowed} days.",
        "citation": SRC_2013
        + "赴拉美、非洲国家航班不便的可增加1天（1国≤6天，2国≤9天）；本系统在勾选“航班衔接不便”且任一目的地"
        "位于拉丁美洲或非洲时加1天。因工作需要延长须书面报批。",
    },
    {
        "rule_id": "delegation_size",
        "severity": R,
        "params": {"max": 6},
        "title_zh": "团组人数",
        "title_en": "Delegation size",
        "message_zh": "团组 {count} 人（含翻译），不得超过 {max} 人；不得组织团外团，不得拆分团组。",
        "message_en": "The delegation has {count} members including the interpreter; at most {max} are allowed.",  # noqa: E501
        "citation": SRC_2013,
    },
    {
        "rule_id": "one_continent",
        "severity": W,
        "params": {"max_continents": 1},
        "title_zh": "出访洲别",
        "title_en": "One continent",
        "message_zh": "目的地分布在 {count} 个洲（{continents}），原则上应在同一洲内。",
        "message_en": "The destinations span {count} continents ({continents}); in principle one continent.",
        "citation": SRC_2013,
    },
    {
        "rule_id": "invitation_attached",
        "severity": W,
        "params": {},
        "title_zh": "邀请函",
        "title_en": "Invitation",
        "message_zh": "未附邀请函（及译文）。",
        "message_en": "No invitation (with translation) is attached.",
        "citation": SRC_2013 + "申报材料：邀请函及译文（兴安盟外办、江苏办事指南）。",
    },
    {
        "rule_id": "invitation_counterpart",
        "severity": W,
        "params": {},
        "title_zh": "邀请单位对等",
        "title_en": "Counterpart inviter",
        "message_zh": "邀请单位应为对口、对等的机构；不得由华人华侨、外国驻华机构或中介机构邀请。",
        "message_en": "The invitation should come from a counterpart body of equal standing, not from overseas "  # noqa: E501
        "Chinese, foreign bodies in China or intermediaries.",
        "citation": SRC_2013,
    },
    {
        "rule_id": "unit_leaders_together",
        "severity": W,
        "params": {"max_per_unit": 1},
        "title_zh": "同一单位领导同团",
        "title_en": "Leaders of one unit",
        "message_zh": "同一单位（{unit}）有 {count} 名领导同团出访（{names}），原则上不得同团。",
        "message_en": "{count} leaders of the same unit ({unit}) travel together ({names}); in principle they "  # noqa: E501
        "should not be in the same delegation.",
        "citation": "教外厅〔2015〕1号（据高校转引，二手来源）。",
    },
    {
        "rule_id": "lead_time",
        "severity": W,
        "params": {"days": 30},
        "title_zh": "提前申报",
        "title_en": "Lead time",
        "message_zh": "距出境仅 {days} 天，应至少提前 {min_days} 天申报。",
        "message_en": "Only {days} days before departure; apply at least {min_days} days ahead.",
        "citation": "无统一规定：高校规定1国提前45天、2–3国或赴美国/南美提前90天、申根60天；多省要求提前2–3个月申请；"  # noqa: E501
        "外办办理约7–10个工作日（二手来源）。默认30天为本系统设定，可配置。",
    },
    {
        "rule_id": "passport_valid",
        "severity": R,
        "params": {
            "months_after_return": 6,
            "accept_pending_application": True,
            # Ranks: dictionary "official_rank"; kinds: apps.passports Kind (副部级以上 → 省部级).
            "kind_by_rank": {
                "provincial": "diplomatic",
                "bureau": "official",
                "division": "official",
            },
            "other_kind": "public_affairs_ordinary",
        },
        "title_zh": "因公护照",
        "title_en": "Official passport",
        "message_zh": "{name}：{reason_zh}。",
        "message_en": "{name}: {reason_en}.",
        "citation": SRC_PASSPORT + "副部级以上持外交护照，副处级以上持公务护照，其他人员持公务普通护照；"
        "因公出访不得使用因私护照。",
    },
    {
        "rule_id": "overdue_passport_return",
        "severity": R,
        "params": {},
        "title_zh": "证照逾期未交",
        "title_en": "Passport returned late",
        "message_zh": "{name} 有逾期未交还集中保管的因公证照。",
        "message_en": "{name} has an official passport or permit not returned to custody on time.",
        "citation": SRC_CUSTODY,
    },
    {
        "rule_id": "overdue_trip_report",
        "severity": R,
        "params": {},
        "title_zh": "出访报告逾期",
        "title_en": "Trip report overdue",
        "message_zh": "{name} 有逾期未交的出访报告。",
        "message_en": "{name} has an overdue trip report.",
        "citation": "出访报告期限各单位规定为10天至20个工作日不等（单位规定，二手来源）；江苏/徐州期限未核实。",  # noqa: E501
    },
    {
        "rule_id": "unit_suspended",
        "severity": R,
        "params": {"overdue_days": 30},
        "title_zh": "单位暂停受理",
        "title_en": "Unit suspended",
        "message_zh": "本单位有因公证照逾期超过 {overdue_days} 天未交，暂停受理新申请。",
        "message_en": "The unit has official passports overdue by more than {overdue_days} days; new "
        "applications are suspended.",
        "citation": SRC_CUSTODY,
    },
    {
        "rule_id": "yearly_limit",
        "severity": R,
        "params": None,
        "title_zh": "年度出访次数",
        "title_en": "Trips per year",
        "message_zh": "{name} 本年度第 {trips} 次出访，超过上限 {max} 次。",
        "message_en": "{name}: trip {trips} this year exceeds the limit of {max}.",
        "citation": "旧规定：处级干部原则上两年一次；现行按职级的年度次数限制未核实——需由管理员配置"
        '（参数示例：{"max_per_year": 1, "by_rank": {"division": 1}}）。',
    },
    {
        "rule_id": "budget_within_standard",
        "severity": R,
        "params": {"incidentals_host_transport_ratio": "0.4"},
        "title_zh": "经费标准",
        "title_en": "Expense standards",
        "message_zh": "{country} {city} {category_zh} {amount} {currency} 超过标准 {cap} {currency}"
        "（{rate} × {count}）。",
        "message_en": "{country} {city} {category_en} {amount} {currency} exceeds the standard {cap} {currency} "  # noqa: E501
        "({rate} × {count}).",
        "citation": SRC_FINANCE,
    },
    {
        "rule_id": "budget_standard_on_file",
        "severity": W,
        "params": {},
        "title_zh": "开支标准记录",
        "title_en": "Standard on file",
        "message_zh": "{country}：{reason_zh}，预算无法按标准核对。",
        "message_en": "{country}: {reason_en}; the budget cannot be checked against the standards.",
        "citation": SRC_FINANCE + "标准表其余国家须由管理员导入。",
    },
    {
        "rule_id": "budget_present",
        "severity": W,
        "params": {},
        "title_zh": "出访预算",
        "title_en": "Budget",
        "message_zh": "尚未填写出访预算；无预算不得出访。",
        "message_en": "No budget has been entered; no trip without a budget.",
        "citation": SRC_FINANCE,
    },
    {
        "rule_id": "hk_macao_documents",
        "severity": R,
        "params": {},
        "title_zh": "港澳通行证及签注",
        "title_en": "HK/Macao permit and endorsement",
        "message_zh": "{name}：{reason_zh}。",
        "message_en": "{name}: {reason_en}.",
        "citation": SRC_HK,
    },
    {
        "rule_id": "hk_macao_stay",
        "severity": R,
        "params": {"max_days": 30},
        "title_zh": "港澳停留天数",
        "title_en": "HK/Macao stay",
        "message_zh": "在{place}停留 {days} 天，签注每次停留不得超过 {max} 天。",
        "message_en": "Stay of {days} days in {place}; the endorsement allows at most {max} days per stay.",
        "citation": SRC_HK,
    },
    {
        "rule_id": "hk_macao_size",
        "severity": R,
        "params": None,
        "title_zh": "赴港澳团组人数",
        "title_en": "HK/Macao delegation size",
        "message_zh": "赴港澳团组 {count} 人，超过上限 {max} 人。",
        "message_en": "The Hong Kong/Macao delegation has {count} members; at most {max} are allowed.",
        "citation": '因公临时赴港澳团组人数限制未核实——需由管理员配置（参数示例：{"max": 6}）。',
    },
]

# What users see as a rule's basis is the regulation's name, number and article; the research notes
# (secondary sources, values not obtained, parameter examples) are each rule's source note, which
# administrators see when they edit the rule (RuleSetting.notes). The notes are the citations as first
# shipped; migration 0005_tripux_source_notes moves them there in existing databases.
OPINION_2013 = "中共中央办公厅、国务院办公厅《关于进一步规范省部级以下国家工作人员因公临时出国的意见》（中办发〔2013〕16号）"  # noqa: E501
FINANCE_2013 = "财政部、外交部《因公临时出国经费管理办法》（财行〔2013〕516号）"
CITATIONS = {
    "trip_dates": "本系统的数据一致性检查（非法规条文）。",
    "countries_max": OPINION_2013,
    "days_abroad": OPINION_2013,
    "delegation_size": OPINION_2013,
    "one_continent": OPINION_2013,
    "invitation_attached": OPINION_2013,
    "invitation_counterpart": OPINION_2013,
    "unit_leaders_together": "教育部办公厅《关于进一步加强和规范教育系统因公临时出国管理的通知》（教外厅〔2015〕1号）",  # noqa: E501
    "lead_time": "本办工作要求（提前申报天数，可由管理员配置）",
    "passport_valid": "《中华人民共和国护照法》（2007年1月1日施行）",
    "overdue_passport_return": "外交部领事司关于因公护照集中保管的通知（2018年）",
    "overdue_trip_report": "本办工作要求（出访报告提交期限）",
    "unit_suspended": "外交部领事司关于因公护照集中保管的通知（2018年）",
    "yearly_limit": "年度出访次数限制（按现行规定由管理员配置）",
    "budget_within_standard": FINANCE_2013,
    "budget_standard_on_file": FINANCE_2013,
    "budget_present": FINANCE_2013,
    "hk_macao_documents": "国务院港澳事务办公室关于因公临时赴港澳的规定（2012年）",
    "hk_macao_stay": "国务院港澳事务办公室关于因公临时赴港澳的规定（2012年）",
    "hk_macao_size": "因公临时赴港澳团组人数限制（按现行规定由管理员配置）",
}
SOURCE_NOTES = {r["rule_id"]: r["citation"] for r in DEFAULT_RULES}
for _rule in DEFAULT_RULES:
    _rule["citation"] = CITATIONS[_rule["rule_id"]]
    if _rule["rule_id"] == "days_abroad":
        _rule["message_en"] = DAYS_ABROAD_MESSAGE_EN
del _rule

_STD_CITATION = "财行〔2013〕516号 附件《临时出国人员住宿费、伙食费、公杂费开支标准表》（2014年表）"
_D = dt.date(2014, 1, 20)


def _row(iso2, group, cities, currency, lodging, meals, incidentals):
    return {
        "country": iso2,
        "city_group": group,
        "cities": cities,
        "currency": currency,
        "lodging": Decimal(lodging),
        "meals": Decimal(meals),
        "incidentals": Decimal(incidentals),
        "valid_from": _D,
        "citation": _STD_CITATION,
    }


ALL_CITIES = "全境"
OTHER_CITIES = "其他"

DEFAULT_STANDARDS = [
    _row("MN", ALL_CITIES, [], "USD", 90, 50, 35),
    _row("KP", ALL_CITIES, [], "USD", 90, 40, 30),
    _row("KR", "首尔、釜山、济州", ["首尔", "釜山", "济州", "Seoul", "Busan", "Jeju"], "USD", 180, 70, 35),
    _row("KR", "光州、西归浦", ["光州", "西归浦", "Gwangju", "Seogwipo"], "USD", 160, 70, 35),
    _row("KR", OTHER_CITIES, [], "USD", 150, 70, 35),
    _row("JP", "东京", ["东京", "Tokyo"], "JPY", 20000, 10000, 5000),
    _row("JP", "大阪、京都", ["大阪", "京都", "Osaka", "Kyoto"], "JPY", 18000, 10000, 5000),
    _row(
        "JP",
        "福冈、札幌、长崎、名古屋",
        ["福冈", "札幌", "长崎", "名古屋", "Fukuoka", "Sapporo", "Nagasaki", "Nagoya"],
        "JPY",
        14000,
        10000,
        5000,
    ),
    _row("JP", OTHER_CITIES, [], "JPY", 9000, 10000, 5000),
    _row("MM", ALL_CITIES, [], "USD", 90, 50, 35),
    _row(
        "PK",
        "伊斯兰堡、拉合尔、卡拉奇",
        ["伊斯兰堡", "拉合尔", "卡拉奇", "Islamabad", "Lahore", "Karachi"],
        "USD",
        135,
        30,
        30,
    ),
    _row("PK", "奎达", ["奎达", "Quetta"], "USD", 70, 30, 30),
    _row("PK", OTHER_CITIES, [], "USD", 60, 30, 30),
    _row("LK", ALL_CITIES, [], "USD", 110, 40, 30),
    _row("MV", ALL_CITIES, [], "USD", 160, 50, 30),
    _row("BD", ALL_CITIES, [], "USD", 150, 50, 40),
    _row("IQ", ALL_CITIES, [], "USD", 170, 50, 40),
    _row("AE", ALL_CITIES, [], "USD", 200, 50, 40),
]

CATCH_ALL_GROUPS = {ALL_CITIES, OTHER_CITIES, "全部", "其它", "all", "other", "others", "*", ""}


def default_pack():
    """The default pack as an engine Pack (no database): for pure tests and the benchmark."""
    from .engine import Pack, RuleConfig, StandardRow, StandardsTable, normalise_city

    rules = {
        r["rule_id"]: RuleConfig(
            rule_id=r["rule_id"],
            enabled=True,
            severity=r["severity"],
            params=r["params"],
            message_zh=r["message_zh"],
            message_en=r["message_en"],
            citation=r["citation"],
            title_zh=r["title_zh"],
            title_en=r["title_en"],
        )
        for r in (*DEFAULT_RULES, *CHAIN_RULES)
    }
    rows = [
        StandardRow(
            country=s["country"],
            city_group=s["city_group"],
            cities=tuple(normalise_city(c) for c in s["cities"]),
            currency=s["currency"],
            lodging=s["lodging"],
            meals=s["meals"],
            incidentals=s["incidentals"],
            valid_from=s["valid_from"],
            citation=s["citation"],
        )
        for s in DEFAULT_STANDARDS
    ]
    return Pack(version=1, rules=rules, standards=StandardsTable(rows), name="默认规则包")
