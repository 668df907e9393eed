"""The built-in roles shipped with waiban (administrators may add more, or change scopes and 2FA).

Codes are stable identifiers used by the code (navigation, workflow); names are shown to users.
"""

from django.utils.translation import gettext_noop as _

OFFICE_LEADER = "office_leader"
DIVISION_HEAD = "division_head"
DIVISION_STAFF = "division_staff"
UNIT_CLERK = "unit_clerk"
UNIT_SIGNATORY = "unit_signatory"
TRAVELLER = "traveller"
AUDITOR = "auditor"
SYSADMIN = "sysadmin"
SECADMIN = "secadmin"
SECAUDITOR = "secauditor"

BUILTIN_ROLES = [
    {
        "code": OFFICE_LEADER,
        "name": _("外办领导（主任/副主任）"),
        "name_en": "Office leader (Director / Deputy)",
        "data_scope": "all",
        "admin_kind": "",
        "requires_2fa": False,
        "permissions": [
            "casework.view",
            "casework.approve",
            "casework.reopen",
            "casework.assign",
            "people.view_sensitive",
            "people.view",
            "passports.view",
            "passports.manage",
            "visits.gifts",  # visits
            "visits.calendar",  # visits
            "partners.view",  # partners
        ],
    },
    {
        "code": DIVISION_HEAD,
        "name": _("处长"),
        "name_en": "Division head",
        "data_scope": "own",
        "admin_kind": "",
        "requires_2fa": False,
        "permissions": [
            "casework.view",
            "casework.review",
            "casework.assign",
            "casework.reopen",
            "people.view_sensitive",
            "people.view",
            "passports.view",
            "passports.manage",
            "visits.gifts",  # visits
            "visits.calendar",  # visits
            "partners.view",  # partners
            "partners.manage",  # partners
        ],
    },
    {
        "code": DIVISION_STAFF,
        "name": _("处室工作人员"),
        "name_en": "Division staff",
        "data_scope": "own",
        "admin_kind": "",
        "requires_2fa": False,
        "permissions": [
            "casework.view",
            "casework.review",
            "people.view_sensitive",
            "people.view",
            "passports.view",
            "passports.manage",
            "visits.gifts",  # visits
            "visits.calendar",  # visits
            "partners.view",  # partners
            "partners.manage",  # partners
        ],
    },
    {
        "code": UNIT_CLERK,
        "name": _("外事专办员"),
        "name_en": "Unit foreign-affairs clerk",
        "data_scope": "own",
        "admin_kind": "",
        "requires_2fa": False,
        "permissions": [
            "casework.apply",
            "casework.view",
            "people.view_sensitive",
            "people.view",
            "people.manage",
            "passports.view",
        ],
    },
    {
        "code": UNIT_SIGNATORY,
        "name": _("单位签批人"),
        "name_en": "Unit approving signatory",
        "data_scope": "own",
        "admin_kind": "",
        "requires_2fa": False,
        "permissions": ["casework.view", "casework.sign_unit"],
    },
    {
        "code": TRAVELLER,
        "name": _("出访人员"),
        "name_en": "Traveller",
        "data_scope": "self",
        "admin_kind": "",
        "requires_2fa": False,
        "permissions": ["casework.view"],
    },
    {
        "code": AUDITOR,
        "name": _("审计监督人员"),
        "name_en": "Auditor (read-only)",
        "data_scope": "all",
        "admin_kind": "",
        "requires_2fa": False,
        "permissions": [
            "casework.view",
            "audit.view",
            "audit.view_logins",
            "audit.export",
            "people.view",
            "passports.view",
            "partners.view",  # partners
        ],
    },
    {
        "code": SYSADMIN,
        "name": _("系统管理员"),
        "name_en": "System administrator",
        "data_scope": "self",
        "admin_kind": "system",
        "requires_2fa": True,
        "permissions": ["org.manage", "reference.manage", "casework.configure"],
    },
    {
        "code": SECADMIN,
        "name": _("安全管理员"),
        "name_en": "Security administrator",
        "data_scope": "self",
        "admin_kind": "security",
        "requires_2fa": True,
        "permissions": [
            "accounts.manage_users",
            "accounts.manage_roles",
            "accounts.manage_sessions",
            "accounts.manage_tokens",
        ],
    },
    {
        "code": SECAUDITOR,
        "name": _("安全审计员"),
        "name_en": "Security auditor",
        "data_scope": "self",
        "admin_kind": "audit",
        "requires_2fa": True,
        "permissions": ["audit.view", "audit.view_logins", "audit.export"],
    },
]

ADMIN_ROLES = {SYSADMIN, SECADMIN, SECAUDITOR}


def sync_builtin_roles(Role):
    """Create missing built-in roles; never overwrite what an administrator changed."""
    for order, spec in enumerate(BUILTIN_ROLES):
        Role.objects.get_or_create(code=spec["code"], defaults={**spec, "order": order, "is_builtin": True})
