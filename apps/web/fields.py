"""Form fields of the UI shell.

``RowChoiceField`` — a ``ModelChoiceField`` for a long plain picker (every active unit, every colleague who
may join an incident's circle: some 400 options each at province scale). Its options are read as rows of
the key and the label's columns (``values_list``), not as one model instance per option, which cost the
incident page half its time. A submitted value is still looked up and checked in the field's queryset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django import forms
from django.forms.models import ModelChoiceIterator

from apps.core.text import in_reader_language


class RowChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.field.label_from_row
        for pk, *columns in self.queryset.values_list("pk", *self.field.label_columns):
            yield (pk, label(*columns))


class RowChoiceField(forms.ModelChoiceField):
    """``label_columns``: the columns an option's label is made of; ``label_from_row``: the label from
    their values (by default the first column), written as the model's ``__str__`` writes it."""

    iterator = RowChoiceIterator

    def __init__(
        self,
        queryset,
        *,
        label_columns: Sequence[str] = ("name",),
        label_from_row: Callable[..., str] | None = None,
        **kwargs,
    ):
        self.label_columns = tuple(label_columns)
        self.label_from_row = label_from_row or (lambda first, *rest: str(first))
        super().__init__(queryset, **kwargs)


def localized_instance_label(obj) -> str:
    """A ``ModelChoiceField``'s ``label_from_instance`` for units and divisions: the name in the reader's
    language (``apps.core.text.in_reader_language``; a ``RowChoiceField`` of the ``name`` and ``name_en``
    columns takes that function itself as its ``label_from_row``)."""
    return in_reader_language(getattr(obj, "name", ""), getattr(obj, "name_en", ""))
