"""The 涉外管理处 apps share one set of fixtures (apps/conferences/tests/conftest.py)."""

from apps.conferences.tests.conftest import *  # noqa: F403
