from apps.people.tests.conftest import (  # noqa: F401
    chinese,
    clerk_a,
    clerk_b,
    custodian,
    other_staff,
    person_factory,
    refresh,
    unit_a,
    unit_b,
)
