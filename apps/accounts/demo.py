"""Demo accounts: one per role, with generated Chinese names (not real people).

``load(office, units)`` is idempotent and returns rows ``{username, password, role, where}`` for
``manage.py load_demo`` to print. Every account has the same demo password, which passes the policy.
Only for demonstration: never run against a production database.
"""

from __future__ import annotations

from apps.org.models import Division, LeadershipPost

from . import roles as R
from .models import Role, User

DEMO_PASSWORD = "Waiban#2026demo"

COMMERCE = "徐州市商务局"
EDUCATION = "徐州市教育局"

# username, full name, role, division code, unit name, title
ACCOUNTS = [
    ("zhuren", "程国梁", R.OFFICE_LEADER, None, None, "主任"),
    ("fuzhuren", "宋雅琴", R.OFFICE_LEADER, None, None, "副主任"),
    ("chuzhang", "韩立新", R.DIVISION_HEAD, "outbound", None, "处长"),
    ("keyuan", "许文静", R.DIVISION_STAFF, "outbound", None, "一级科员"),
    ("keyuan_oz", "邵振宇", R.DIVISION_STAFF, "europe_africa_oceania", None, "一级科员"),
    ("keyuan_my", "冯晓彤", R.DIVISION_STAFF, "americas_asia", None, "一级科员"),
    ("zhuanban", "魏海燕", R.UNIT_CLERK, None, COMMERCE, "外事专办员"),
    ("zhuanban_jy", "蒋明远", R.UNIT_CLERK, None, EDUCATION, "外事专办员"),
    ("qianpi", "邱建华", R.UNIT_SIGNATORY, None, COMMERCE, "副局长"),
    ("chufang", "方子健", R.TRAVELLER, None, COMMERCE, "外贸处处长"),
    ("shenji", "柏玉兰", R.AUDITOR, None, None, "审计监督人员"),
    ("xitong", "郑卫东", R.SYSADMIN, None, None, "系统管理员"),
    ("anquan", "陶一帆", R.SECADMIN, None, None, "安全管理员"),
    ("shenjiyuan", "殷思敏", R.SECAUDITOR, None, None, "安全审计员"),
]


def load(office, units) -> list[dict]:
    """Create (or update) the demo accounts; returns what to print."""
    from django.utils import timezone

    rows = []
    for username, full_name, role_code, division_code, unit_name, title in ACCOUNTS:
        division = Division.objects.get(code=division_code) if division_code else None
        unit = units[unit_name] if unit_name else None
        role = Role.objects.get(code=role_code)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_password(DEMO_PASSWORD)
            user.password_changed_at = timezone.now()
        user.full_name, user.title, user.division, user.unit = full_name, title, division, unit
        user.is_active, user.is_superuser, user.is_staff = True, False, False
        user.save()
        user.roles.set([role])
        rows.append(
            {
                "username": username,
                "password": DEMO_PASSWORD,
                "role": role.name,
                "where": str(division or unit or (office.short_name if office else "")),
            }
        )

    # The director's and the first deputy's posts are held by the two leaders.
    if office is not None:
        posts = list(office.posts.order_by("order", "id"))
        leaders = {LeadershipPost.Title.DIRECTOR: "zhuren", LeadershipPost.Title.DEPUTY: "fuzhuren"}
        for title, username in leaders.items():
            post = next((p for p in posts if p.title == title), None)
            if post is not None and post.holder_id is None:
                post.holder = User.objects.get(username=username)
                post.save(update_fields=["holder"])
    return rows
