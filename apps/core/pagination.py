"""A paginator whose last pages are as fast as its first ones.

``OFFSET n`` makes the database walk past n rows, so with a plain paginator the last page of a million-row
list costs a scan of the whole list. For a page in the second half this paginator reads the queryset in
reverse order (the same index, walked backwards) with the small offset counted from the end, and
reverses the rows again: the deepest page costs what page 1 costs.
"""

from django.core.paginator import Paginator


class ReversiblePaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        ol = self.object_list
        if (
            number <= self.num_pages // 2 + 1
            or not getattr(ol, "ordered", False)
            or not hasattr(ol, "reverse")
        ):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        items = list(ol.reverse()[self.count - top : self.count - bottom])
        items.reverse()
        return self._get_page(items, number, self)
