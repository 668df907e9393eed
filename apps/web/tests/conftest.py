import pytest

from apps.accounts import roles as R

# How each built-in role's demo user is attached to the organisation.
ROLE_PLACES = {
    R.OFFICE_LEADER: {},
    R.DIVISION_HEAD: {"division": "outbound"},
    R.DIVISION_STAFF: {"division": "outbound"},
    R.UNIT_CLERK: {"unit": "徐州市教育局"},
    R.UNIT_SIGNATORY: {"unit": "徐州市教育局"},
    R.TRAVELLER: {"unit": "徐州市教育局"},
    R.AUDITOR: {},
    R.SYSADMIN: {},
    R.SECADMIN: {},
    R.SECAUDITOR: {},
}


@pytest.fixture
def role_user(make_user, divisions, units):
    """role_user("division_staff") → a user with that role, placed as the demo places it."""

    def make(role, **extra):
        place = ROLE_PLACES[role]
        kwargs = {}
        if "division" in place:
            kwargs["division"] = divisions[place["division"]]
        if "unit" in place:
            kwargs["unit"] = units[place["unit"]]
        return make_user(f"demo_{role}", roles=[role], **kwargs, **extra)

    return make
