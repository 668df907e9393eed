"""Every list's pages: :func:`paginate`, over a paginator for long lists (a capped count, fast last pages
and narrow deep pages). The page size is one setting, ``WAIBAN["LIST_PAGE_SIZE"]``.

* **Capped count.** Counting a million-row list on every request costs a scan of all of it. The count
  stops at ``count_cap`` (10,000 by default): ``SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1)``. Above
  the cap ``count`` is an :class:`AtLeast` (an ``int`` that prints as "10000+") and ``capped`` is true;
  the pages then end at ``cap / per_page`` (filters narrow the list further).
* **Fast last pages.** ``OFFSET n`` makes the database walk past n rows, so for a page in the second half
  of an exactly counted list the queryset is read in reverse order (the same index, walked backwards)
  with the small offset counted from the end, and the rows are reversed again.
* **Narrow deep pages.** A page further than ``DEFER_FROM`` rows in first reads only the 25 primary keys
  (``OFFSET`` over the index, no joins, no wide rows to skip or sort), then the full rows of those keys.
  ``keys_first=True`` does this for every page: for a list whose order no index gives (the inbox sorts
  overdue first over thousands of open cases), the database then sorts narrow rows of one table and
  joins only the 25 it returns, instead of joining every candidate row before the sort.
"""

from functools import cached_property

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from apps.core.ids import MAX_ID

COUNT_CAP = 10_000
DEFER_FROM = 500  # rows skipped before a page is read as "keys first, then rows"


class AtLeast(int):
    """A count that stopped at the cap: behaves as the cap, prints as "10000+"."""

    def __str__(self) -> str:
        return f"{int(self)}+"


class ReversiblePaginator(Paginator):
    def __init__(
        self,
        object_list,
        per_page,
        *args,
        count_cap: int | None = COUNT_CAP,
        keys_first: bool = False,
        count: int | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_cap = count_cap
        self.capped = False
        self.keys_first = keys_first
        if count is not None:  # already known (e.g. the inbox badge's total): no second COUNT
            self.__dict__["count"] = self._capped(count)

    def _capped(self, n: int) -> int:
        if self.count_cap and n > self.count_cap:
            self.capped = True
            return AtLeast(self.count_cap)
        return n

    @cached_property
    def count(self):
        ol = self.object_list
        if not self.count_cap or not isinstance(ol, QuerySet):
            return super().count
        # no joins for a count: select_related's INNER JOINs (non-null keys) would be kept in it
        return self._capped(ol.select_related(None).order_by()[: self.count_cap + 1].count())

    def page(self, number):
        number = self.validate_number(number)
        ol = self.object_list
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, int(self.count))
        ordered = isinstance(ol, QuerySet) and ol.ordered
        if ordered and not self.capped and number > self.num_pages // 2 + 1:
            total = int(self.count)
            rows = self._rows(ol.reverse(), total - top, total - bottom)
            rows.reverse()
            return self._get_page(rows, number, self)
        if ordered and (bottom >= DEFER_FROM or self.keys_first):
            return self._get_page(self._rows(ol, bottom, top), number, self)
        return super().page(number)

    def _rows(self, qs: QuerySet, start: int, stop: int) -> list:
        if start < DEFER_FROM and not self.keys_first:
            return list(qs[start:stop])
        if stop <= start:
            return []
        keys = list(qs.values_list("pk", flat=True)[start:stop])
        by_pk = {obj.pk: obj for obj in qs.filter(pk__in=keys).order_by()}
        return [by_pk[k] for k in keys if k in by_pk]


def page_size() -> int:
    """Rows per page of every list (``WAIBAN["LIST_PAGE_SIZE"]``, 25 by default)."""
    return int(getattr(settings, "WAIBAN", {}).get("LIST_PAGE_SIZE", 25))


def paginate(
    request, object_list, *, page=None, keys_first: bool = False, count: int | None = None, per_page=None
) -> Page:
    """The page ``page`` (default: the ``page`` query parameter) of ``object_list``, for a list page or an
    API list. A page number that is not one, or beyond the end, gives the nearest page (never an error).

    ``keys_first``: read the page's keys, then its rows (for an order no index gives); ``count``: the
    number of rows when already known (no second COUNT); ``per_page``: a size other than the setting.
    """
    paginator = ReversiblePaginator(object_list, per_page or page_size(), keys_first=keys_first, count=count)
    return paginator.get_page(request.GET.get("page") if page is None else page)


def window(object_list, *, limit: int, offset: int, max_limit: int = 500):
    """Rows ``offset`` to ``offset + limit`` of an API list that pages by limit and offset: ``limit``
    between 1 and ``max_limit``, ``offset`` within what a database offset can hold."""
    limit = max(1, min(int(limit), max_limit))
    offset = max(0, min(int(offset), MAX_ID - max_limit))
    return object_list[offset : offset + limit]
