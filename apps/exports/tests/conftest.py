"""Fixtures of the export tests: a small registered list ("test.rows") and a division user."""

import pytest

from apps.exports.registry import REGISTRY, register_exporter

ROWS = [
    ('=HYPERLINK("http://evil")', 1),
    ("+1+2", 2),
    ("-3", 3),
    ("@SUM(A1)", 4),
    ("普通文本", 5),
]


@pytest.fixture
def demo_exporter():
    seen = []

    def rows(user, params):
        seen.append((user.pk, dict(params)))
        n = int(params.get("n", len(ROWS)))
        for i in range(n):
            yield ROWS[i % len(ROWS)]

    register_exporter(
        "test.rows",
        title="测试列表",
        permission="casework.view",
        columns=["文本", "数字"],
        rows=rows,
        count=lambda user, params: int(params.get("n", len(ROWS))),
    )
    yield seen
    REGISTRY.pop("test.rows", None)


@pytest.fixture
def staff(make_user, divisions):
    return make_user("staff", roles=["division_staff"], division=divisions["outbound"])
