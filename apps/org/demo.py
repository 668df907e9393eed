"""The Xuzhou Foreign Affairs Office as demo data: its real divisions (from the seed document) and a
realistic set of the city's departments, districts, universities and enterprises as applying units.

Facts here are the public ones in shared/domain.md §1. The office's street address and document-number
prefix are not public (domain.md "Still unknown"): the prefix "徐外" is a placeholder an administrator
changes, and the address is left empty rather than invented.
"""

from .models import Division, LeadershipPost, Office, Unit

OFFICE = {
    "name": "徐州市人民政府外事办公室",
    "name_en": "Foreign Affairs Office of Xuzhou Municipal People's Government",
    "short_name": "徐外",
    "other_names": "徐州市人民政府港澳事务办公室；市委外事工作委员会办公室",
    "city": "徐州市",
    "history": (
        "2001年10月26日更名为徐州市外事办公室（徐委发〔2001〕21号）；2007年10月15日更名为徐州市人民政府外事办公室，"
        "增挂徐州市人民政府港澳事务办公室牌子（徐编发〔2007〕111号）；2010年6月1日印发主要职责内设机构和人员编制规定"
        "（徐政办发〔2010〕130号）；2019年3月21日起市委外事工作委员会办公室设在市政府外事办公室。"
    ),
}

DIVISIONS = [
    {
        "code": "secretariat",
        "name": "秘书处",
        "alias": "市委外事工作委员会办公室综合协调处",
        "name_en": "Secretariat (General Coordination Division of the Foreign Affairs Commission Office)",
        "duties": (
            "组织起草外事工作的地方性法规、规章草案；承担综合性外事调研工作；负责机关日常运转"
            "，承担文电、会务、机要保密、档案、政务公开、接待、后勤、安全信息化等工作；承担市"
            "委外事工作委员会日常工作；统筹安排市委、市人大常委会、市政府、市政协领导同志的出"
            "访和国内外事活动事项。"
        ),
    },
    {
        "code": "outbound",
        "name": "出国来华管理处",
        "alias": "",
        "name_en": "Outbound and Inbound Management Division",
        "duties": (
            "负责全市因公出国（境）工作的归口管理、协调服务和监督工作；办理有关出访任务的报批"
            "手续；根据授权，审核或审批相关人员因公临时出国、因公临时赴港澳地区事宜；负责全市"
            "因公护照（港澳通行证）、签证（签注）、APEC商务旅行卡的申办业务；负责外国有关"
            "人员来访邀请事项，按授权核发《外国人邀请核实单》；会同有关部门落实外事纪律和保密"
            "制度。"
        ),
    },
    {
        "code": "foreign_affairs",
        "name": "涉外管理处",
        "alias": "民间交流促进处",
        "name_en": "Foreign-related Affairs Division (People-to-people Exchange Promotion Division)",
        "duties": (
            "承办与驻华使领馆的交往与交涉事宜；承担授予外国人荣誉称号、名誉职务和给予奖励等有"
            "关工作；负责海外侨务领事工作；会同有关部门处理重要涉外事件和案件；负责全市国际会"
            "议的审核、报批工作；协调指导全市外事礼宾工作；承担接待和管理外国常驻和临时来访记"
            "者工作；承担徐州市人民对外友好协会的日常工作。"
        ),
    },
    {
        "code": "europe_africa_oceania",
        "name": "欧洲非洲大洋洲处",
        "alias": "",
        "name_en": "Europe, Africa and Oceania Division",
        "duties": (
            "研究分析欧洲非洲大洋洲地区、国家的形势和政策动向；贯彻执行国家对主管地区、国家往来的政策；"
            "开展我市与主管地区、国家在经济和社会领域的交流与合作；制定并实施主管地区、国家年度交流项目；"
            "承办主管地区、国家出访、来访的有关事项；承担主管地区、国家友好城市事宜的综合协调，"
            "办理缔结友好城市的报批手续事项；审核友好城市间基层单位结好事项。"
        ),
    },
    {
        "code": "americas_asia",
        "name": "美洲亚洲处",
        "alias": "港澳事务处",
        "name_en": "Americas and Asia Division (Hong Kong and Macao Affairs Division)",
        "duties": (
            "研究分析美洲和亚洲地区、国家的形势和政策动向；贯彻执行国家对主管地区、国家往来的政策；"
            "开展我市与主管地区、国家在经济和社会领域的交流与合作；制定并实施主管地区、国家年度交流项目；"
            "承办主管地区、国家出访、来访的有关事项；承担主管地区、国家友好城市事宜的综合协调，"
            "办理缔结友好城市的报批手续事项；审核友好城市间基层单位结好事项。贯彻执行中央对香港、澳门的"
            "政策规定；制定并实施我市与港澳地区的年度交流计划；推动我市与港澳地区在经贸、科教、文体等领域"
            "的交流与合作；参与协调我市驻港澳机构、企业的有关事务；承担我市与港澳民间交往的有关审核管理"
            "工作；会同有关部门处理港澳居民在我市的相关事务。"
        ),
    },
]

# Applying units: real public bodies of Xuzhou (names only; no invented facts about them).
UNITS = [
    ("city_dept", "徐州市发展和改革委员会", "Xuzhou Development and Reform Commission", []),
    ("city_dept", "徐州市教育局", "Xuzhou Education Bureau", ["徐州市第一中学"]),
    ("city_dept", "徐州市科学技术局", "Xuzhou Science and Technology Bureau", []),
    ("city_dept", "徐州市工业和信息化局", "Xuzhou Industry and Information Technology Bureau", []),
    ("city_dept", "徐州市商务局", "Xuzhou Commerce Bureau", []),
    ("city_dept", "徐州市文化广电和旅游局", "Xuzhou Culture, Radio, Television and Tourism Bureau", []),
    (
        "city_dept",
        "徐州市卫生健康委员会",
        "Xuzhou Health Commission",
        ["徐州市中心医院", "徐州市第一人民医院"],
    ),
    ("city_dept", "徐州市农业农村局", "Xuzhou Agriculture and Rural Affairs Bureau", []),
    ("city_dept", "徐州市财政局", "Xuzhou Finance Bureau", []),
    ("city_dept", "徐州市交通运输局", "Xuzhou Transport Bureau", []),
    ("district", "鼓楼区人民政府", "Gulou District Government", []),
    ("district", "云龙区人民政府", "Yunlong District Government", []),
    ("district", "泉山区人民政府", "Quanshan District Government", []),
    ("district", "铜山区人民政府", "Tongshan District Government", []),
    ("district", "贾汪区人民政府", "Jiawang District Government", []),
    ("district", "丰县人民政府", "Feng County Government", []),
    ("district", "沛县人民政府", "Pei County Government", []),
    ("district", "睢宁县人民政府", "Suining County Government", []),
    ("district", "新沂市人民政府", "Xinyi City Government", []),
    ("district", "邳州市人民政府", "Pizhou City Government", []),
    ("university", "中国矿业大学", "China University of Mining and Technology", []),
    ("university", "江苏师范大学", "Jiangsu Normal University", []),
    ("university", "徐州医科大学", "Xuzhou Medical University", []),
    ("enterprise", "徐州工程机械集团有限公司", "XCMG Group", []),
]


def load_office() -> Office:
    """Create (or find) the office, its divisions and posts; idempotent."""
    office = Office.objects.filter(name=OFFICE["name"]).first()
    if office is None:
        office = Office.objects.create(**OFFICE)
    for order, spec in enumerate(DIVISIONS, start=1):
        Division.objects.get_or_create(code=spec["code"], defaults={**spec, "office": office, "order": order})
    if not office.posts.exists():
        LeadershipPost.objects.create(
            office=office, title=LeadershipPost.Title.DIRECTOR, title_text="主任", order=1
        )
        LeadershipPost.objects.create(
            office=office, title=LeadershipPost.Title.DEPUTY, title_text="副主任", order=2
        )
        LeadershipPost.objects.create(
            office=office, title=LeadershipPost.Title.DEPUTY, title_text="副主任", order=3
        )
    return office


def load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for kind, name, name_en, children in UNITS:
        unit = Unit.objects.filter(name=name, parent__isnull=True).first() or Unit.objects.create(
            kind=kind, name=name, name_en=name_en
        )
        units[name] = unit
        for child in children:
            units[child] = Unit.objects.filter(name=child, parent=unit).first() or Unit.objects.create(
                kind=Unit.Kind.INSTITUTION, name=child, parent=unit
            )
    return units


def load():
    office = load_office()
    units = load_units()
    return office, units
