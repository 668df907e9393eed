"""Every write to a case, one concern per module:

- :mod:`.cases` — creating a case (a draft of any case type);
- :mod:`.transitions` — firing any declared transition (:func:`transition`);
- :mod:`.followups` — the engine's own transitions' checks and follow-up work;
- :mod:`.numbering` — reference numbers; :mod:`.routing` — the division's queue;
- :mod:`.timeline` — timeline entries; :mod:`.comments` — comments;
- :mod:`.files` — checks of uploaded files; :mod:`.attachments` — storing and opening them;
- :mod:`.notifications` — notifications; :mod:`.configuration` — case types and routing rules.

One service call is one transaction: check permission, change, save, timeline entry, audit record and
notification — all or nothing. Reads (available transitions, labels, who may edit) are in
:mod:`apps.casework.selectors` and :mod:`apps.casework.workflow`.
"""

from .attachments import attachment_add, attachment_open
from .cases import case_create
from .comments import comment_add
from .configuration import CASETYPE_FIELDS, RULE_FIELDS, casetype_save, routing_rule_save
from .files import ALLOWED_TYPES, MAX_NAME_LENGTH, clean_filename
from .notifications import notifications_mark_read, notify
from .numbering import allocate_reference
from .routing import route
from .timeline import timeline_add
from .transitions import AUDITED_FIELDS, FourEyesError, transition

__all__ = [
    "ALLOWED_TYPES",
    "AUDITED_FIELDS",
    "CASETYPE_FIELDS",
    "MAX_NAME_LENGTH",
    "RULE_FIELDS",
    "FourEyesError",
    "allocate_reference",
    "attachment_add",
    "attachment_open",
    "case_create",
    "casetype_save",
    "clean_filename",
    "comment_add",
    "notifications_mark_read",
    "notify",
    "route",
    "routing_rule_save",
    "timeline_add",
    "transition",
]
