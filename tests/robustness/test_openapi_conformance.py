"""The whole JSON API against its own OpenAPI schema (schemathesis): no server error, and every answer is one
the schema documents — its status code, content type and body — for several roles.

Every operation of ``/api/openapi.json`` is called with data schemathesis generates from the schema (its
examples, coverage and fuzzing phases, the budget below), through the WSGI application in-process, as
each role in ``ROLES`` (an API token of that role's user in the shared test world) and anonymously. Each
request runs in a savepoint rolled back after it, so the world is the same for every example and a
database error in one request cannot abort the next (PostgreSQL).

Budget: every phase for the clerk, ``MAX_EXAMPLES`` fuzzed examples per operation for the other roles.
Measured with 132 operations (before the visits API grew to 160): 528 tests, 11,009 generated requests
(8,385 coverage + 4 × 656 fuzzing; ``ignored_auth`` re-sends each without the token), 0 failures, about
265 s of test-process CPU on SQLite and 260 s on PostgreSQL — under 2.5 minutes on 2 cores for each
engine. Raise ``WAIBAN_SCHEMATHESIS_EXAMPLES`` for a deeper run by hand; ``WAIBAN_SCHEMATHESIS_STATS=file``
appends one line per generated request (role, operation, phase).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import load_all_checks
from schemathesis.config import SchemathesisConfig

# A file to append one line per generated request to (role, operation, phase), to count what a run did.
STATS = os.environ.get("WAIBAN_SCHEMATHESIS_STATS")
MAX_EXAMPLES = int(os.environ.get("WAIBAN_SCHEMATHESIS_EXAMPLES", "5"))
# Every phase (the schema's examples, the deterministic coverage of each parameter's edges and of invalid
# values, random fuzzing) for a clerk of a using unit, who may write the most; the office's reviewing
# staff (涉外管理处), the office leader and the auditor get the examples and the fuzzing (what differs
# for them is the data scope and the permissions, not the parsing, which the clerk's run covers). Anonymous
# calls: the ``ignored_auth`` check re-sends each request without the token and expects 401.
DEEP_ROLES = ["unit_clerk"]
LIGHT_ROLES = ["division_staff", "office_leader", "auditor"]
ROLES = DEEP_ROLES + LIGHT_ROLES

CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "ignored_auth",
]


def _config(*, coverage: bool) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": 14,
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": coverage},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
            "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        }
    )


APP = get_wsgi_application()
deep = schemathesis.openapi.from_wsgi("/api/openapi.json", APP, config=_config(coverage=True))
light = schemathesis.openapi.from_dict(deep.raw_schema, config=_config(coverage=False))
light.app = APP


@pytest.fixture(scope="module", autouse=True)
def _keep_the_connection():
    """The test's transaction must outlive each request: a WSGI request ends by closing a connection that
    is inside a transaction (PostgreSQL), so, as Django's own test client does, not between requests."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_tokens(world, django_db_blocker):
    """A bearer key for each role's user (created inside the world's transaction)."""
    from apps.accounts.services import token_create

    with django_db_blocker.unblock():
        return {role: token_create(by=world.users[role], name=f"schemathesis-{role}")[1] for role in ROLES}


def _call_and_validate(case, token):
    load_all_checks()
    if STATS:
        with open(STATS, "a") as out:
            phase = case.meta.phase.name.value if case.meta else "-"
            out.write(f"{token[1]}\t{case.operation.label}\t{phase}\n")
    headers = {"Authorization": f"Bearer {token[0]}"}
    sid = transaction.savepoint()
    try:
        response = case.call(app=APP, headers=headers)
        case.validate_response(response, headers=headers, transport_kwargs={"app": APP, "headers": headers})
    finally:
        transaction.savepoint_rollback(sid)


SETTINGS = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)


@pytest.mark.parametrize("role", DEEP_ROLES)
@deep.parametrize()
@SETTINGS
def test_api_answers_as_documented(case, role, api_tokens, db):
    _call_and_validate(case, (api_tokens[role], role))


@pytest.mark.parametrize("role", LIGHT_ROLES)
@light.parametrize()
@SETTINGS
def test_api_answers_as_documented_light(case, role, api_tokens, db):
    _call_and_validate(case, (api_tokens[role], role))
