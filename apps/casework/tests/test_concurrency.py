"""Concurrency on PostgreSQL: reference numbers under parallel submissions, concurrent approvals."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from apps.casework import services
from apps.casework.models import CaseState, TimelineEntry
from apps.casework.tests.casetype.models import SimpleCase
from apps.core.errors import ConflictError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _run_threads(n, target):
    barrier = threading.Barrier(n)
    errors, results = [], []

    def worker(i):
        try:
            barrier.wait()
            results.append(target(i))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def test_parallel_submissions_get_consecutive_distinct_numbers(postgres_only, new_case, people):
    clerk = people["clerk"]
    drafts = [new_case("FR", title=f"案件{i}") for i in range(40)]
    ids = [d.pk for d in drafts]

    def submit_five(i):
        refs = []
        for pk in ids[i * 5 : i * 5 + 5]:
            case = SimpleCase.objects.get(pk=pk)
            services.transition(case=case, name="submit", by=clerk)
            refs.append(SimpleCase.objects.get(pk=pk).reference)
        return refs

    results, errors = _run_threads(8, submit_five)
    assert errors == []
    refs = [r for chunk in results for r in chunk]
    year = timezone.localdate().year
    assert len(refs) == 40 and len(set(refs)) == 40
    assert sorted(refs) == [f"徐外测〔{year}〕{n:04d}" for n in range(1, 41)]


def test_parallel_allocation_with_rollbacks_leaves_no_gap(postgres_only, case_type):
    def allocate(i):
        with transaction.atomic():
            ref = services.allocate_reference(case_type, 2030)
            if i % 2:
                transaction.set_rollback(True)
                return None
            return ref

    results, errors = _run_threads(8, allocate)
    assert errors == []
    kept = sorted(r for r in results if r)
    assert kept == [f"徐外测〔2030〕{n:04d}" for n in range(1, 5)]


def test_two_concurrent_approvals_exactly_one_wins(postgres_only, new_case, fire, people):
    case = fire(new_case("FR"), "submit", people["clerk"])
    case = fire(case, "claim", people["staff"])
    case = fire(case, "forward_for_approval", people["staff"])
    leaders = [people["leader"], people["leader2"]]
    version = case.version

    def decide(i):
        obj = SimpleCase.objects.get(pk=case.pk)
        if i == 0:
            services.transition(case=obj, name="approve", by=leaders[0], version=version, comment="同意")
        else:
            services.transition(case=obj, name="reject", by=leaders[1], version=version, comment="不同意")
        return i

    results, errors = _run_threads(2, decide)
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ConflictError)
    assert "请刷新后重试" in errors[0].message
    final = SimpleCase.objects.get(pk=case.pk)
    assert final.state in (CaseState.APPROVED, CaseState.REJECTED)
    assert TimelineEntry.objects.filter(case=case, transition__in=["approve", "reject"]).count() == 1
